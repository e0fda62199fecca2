"""``aac import``: an ``.obf``/``.obz`` becomes a YAML board set, checked by the real loader
before it replaces anything (docs/obf.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from ..boards.loader import load_board_set
from ..boards.problems import Problem
from .errors import ObfError, Warn
from .limits import DEFAULT_LIMITS, Limits
from .publish import building_folder, check_target_folder
from .reader import ImportedSet, read_source
from .yamlwrite import board_yaml, dump_flow


@dataclass
class ImportReport:
    folder: str
    boards: int
    home: str
    warnings: list[Warn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the loader's warnings


def import_file(source: str, out: str, limits: Optional[Limits] = None,
                replace: bool = False) -> ImportReport:
    """Import ``source`` into the folder ``out``; raises :class:`ObfError` (nothing
    written) when the package is unreadable or hostile."""
    limits = limits or DEFAULT_LIMITS
    check_target_folder(out, replace)  # before reading a possibly big package
    try:
        return _build(source, out, limits, replace)
    except OSError as exc:  # a full disk, a folder we may not write to
        raise ObfError(f"{out}: cannot write: {exc.strerror or exc}") from None


def _build(source: str, out: str, limits: Limits, replace: bool) -> ImportReport:
    with building_folder(out, replace) as tmp:
        imported = read_source(source, limits, sink=lambda path, data: write_media(tmp, path,
                                                                                   data))
        write_set(imported, tmp)
        result = load_board_set(tmp)
        if not result.ok:  # our own writing is wrong: say so, keep nothing
            first = "; ".join(str(p) for p in result.errors[:3])
            raise ObfError(f"{source}: the imported boards do not load (a bug in aac "
                           f"import; please report it): {first}")
        problems = [_moved(p, tmp, out) for p in result.problems]
    return ImportReport(out, len(imported.boards), imported.home, imported.warnings, problems)


def write_media(folder: str, path: str, data: bytes) -> None:
    """One picture or sound, at a path the reader made (relative, no ``..``)."""
    target = os.path.join(folder, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "xb") as f:  # never follows or overwrites anything
        f.write(data)


def write_set(imported: ImportedSet, folder: str) -> None:
    """The boards (and any pictures/sounds the reader kept) into ``folder``."""
    for media in imported.media:
        write_media(folder, media.path, media.data)
    for board in imported.boards:
        text = board_yaml(board.fields, board.rows, board.header)
        with open(os.path.join(folder, f"{board.id}.yaml"), "x", encoding="utf-8") as f:
            f.write(text)
    if imported.home != "home" or imported.set_extras:
        lines = ["# Which board is shown first (written by `aac import`)",
                 f"home: {dump_flow(imported.home)}"]
        lines.extend(f"{k}: {dump_flow(v)}" for k, v in imported.set_extras.items())
        with open(os.path.join(folder, "set.yaml"), "x", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def _moved(problem: Problem, tmp: str, out: str) -> Problem:
    file = problem.file
    if file.startswith(tmp):
        file = out + file[len(tmp):]
    return Problem(file, problem.line, problem.col, problem.severity, problem.message)


__all__ = ["ImportReport", "ObfError", "import_file", "write_set"]
