"""Where the package finds things on disk, for commands and benches alike (below both)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional


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
    """The user's own copy of the shipped boards when one was made (``editable_set``: a
    teacher recorded a voice on a shipped board), else the shipped ``boards/`` (see
    ``data_dir``), else ``./boards``."""
    if (user_boards() / ".copied").exists():
        return user_boards()
    bundled = data_dir("boards")
    return bundled if bundled.exists() else Path.cwd() / "boards"


def user_boards() -> Path:
    """``$XDG_DATA_HOME/aac/boards``: where a shipped board set is copied to be edited."""
    return user_dir("data") / "boards"


def is_package_data(path: Path) -> bool:
    """True when ``path`` is inside the installed package (a wheel's ``aac/_data``): it is
    read, never written (it may be read-only, and the next upgrade replaces it)."""
    import aac

    package = Path(aac.__file__).resolve().parent
    return Path(path).resolve().is_relative_to(package)


def editable_set(path: Path) -> tuple[Path, Optional[str]]:
    """Where to write when editing the board set at ``path``: ``path`` itself, unless it is
    package data; then the same set in the user's copy of the shipped boards
    (``user_boards``, copied whole on first use, so every language stays there and ``aac
    run`` uses the copy from then on), with a note saying so."""
    if not is_package_data(path):
        return path, None
    shipped = data_dir("boards").resolve()
    copy = user_boards()
    if not (copy / ".copied").exists():
        import shutil

        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(shipped, copy, dirs_exist_ok=True)
        (copy / ".copied").write_text(f"{shipped}\n", encoding="utf-8")
    mine = copy / Path(path).resolve().relative_to(shipped)
    return mine, f"the shipped boards are read-only: editing your copy in {copy}"


#: The XDG base directories the communicator writes to, and their defaults under ``~``.
_XDG = {
    "config": ("XDG_CONFIG_HOME", ".config"),  # profiles
    "data": ("XDG_DATA_HOME", ".local/share"),  # the user's own copy of shipped boards
    "state": ("XDG_STATE_HOME", ".local/state"),  # saved session, usage logs
    "cache": ("XDG_CACHE_HOME", ".cache"),  # speech, pictures, symbols, catalogues
}


def user_dir(kind: str) -> Path:
    """``$XDG_<KIND>_HOME/aac`` (``kind``: config, data, state, cache), else the XDG default
    under ``~``. A relative value is ignored, as the XDG spec asks. Everything the runtime
    writes goes below one of these four: never next to the package (an installed wheel's
    folder may be read-only, and is replaced by the next upgrade)."""
    var, default = _XDG[kind]
    base = os.environ.get(var, "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), default)
    return Path(base) / "aac"
