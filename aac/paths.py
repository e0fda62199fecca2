"""Where the package finds things on disk, for commands and benches alike (below both)."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    """A shipped data folder (``boards``, ``voices``, ``devices``): the checkout's top-level
    folder when running from the source tree, else the copy an installed wheel carries as
    package data (``aac/_data/NAME``, put there by setup.py), found via importlib.resources."""
    import aac

    checkout = Path(aac.__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("aac") / "_data" / name))


def default_boards() -> Path:
    """The shipped ``boards/`` (see ``data_dir``), else ``./boards``."""
    bundled = data_dir("boards")
    return bundled if bundled.exists() else Path.cwd() / "boards"
