"""Which files make a board set: one light module (no YAML), shared by the loader, the
watcher and the start-up cache (``aac.boards.set_cache``), so all three agree."""

from __future__ import annotations

import os
from typing import Union

BOARD_SUFFIXES = (".yaml", ".yml")
SET_FILES = ("set.yaml", "set.yml")

PathLike = Union[str, "os.PathLike[str]"]


def board_files(folder: PathLike) -> list[str]:
    """The board files of a set folder (``set.yaml`` is not a board), sorted by name."""
    folder = os.fspath(folder)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [os.path.join(folder, n) for n in sorted(names)
            if n.lower().endswith(BOARD_SUFFIXES) and n.lower() not in SET_FILES
            and not n.startswith(".") and os.path.isfile(os.path.join(folder, n))]


def set_files(path: PathLike) -> list[str]:
    """Every file whose change can change what loading ``path`` gives: a folder's boards
    and its ``set.yaml``/``set.yml`` (present or not); a single board file and the boards
    beside it (its links to them are not dangling)."""
    path = os.fspath(path)
    if os.path.isdir(path):
        return board_files(path) + [os.path.join(path, name) for name in SET_FILES]
    return [path, *board_files(os.path.dirname(path) or ".")]
