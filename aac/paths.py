"""Where the package finds things on disk, for commands and benches alike (below both)."""

from __future__ import annotations

from pathlib import Path


def default_boards() -> Path:
    """The repository's ``boards/`` next to the package, else ``./boards``."""
    import aac

    bundled = Path(aac.__file__).resolve().parent.parent / "boards"
    return bundled if bundled.exists() else Path.cwd() / "boards"
