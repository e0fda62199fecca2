"""``aac lint --json``'s view of a board: generated from the model, every field it holds.

One place, so a field added to :class:`~aac.core.board.Cell` or
:class:`~aac.core.board.Board` shows up in lint without a second key list to forget. A field
at its "nothing" value (None, false, no actions) is left out, as the board file would leave
it out; positions (``line``, ``col``, ``path``) say where, not what, and the id is the key.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Optional

from ..core.board import Board, Cell

_NOT_SHOWN = frozenset({"id", "path", "line", "col"})


def board_json(board: Board) -> dict[str, Any]:
    """``{"name", "locale", "columns", ["scan"], ["back_after_select"], "rows"}``."""
    out: dict[str, Any] = {}
    for f in fields(board):
        value = getattr(board, f.name)
        if f.name in _NOT_SHOWN or f.name == "rows" or _absent(value):
            continue
        if f.name == "scan_pattern":  # as written in the file: scan: {pattern: linear}
            out["scan"] = {"pattern": value}
        else:
            out[f.name] = value
    out["rows"] = [[cell_json(c) for c in row] for row in board.rows]
    return out


def cell_json(cell: Optional[Cell]) -> Optional[dict[str, Any]]:
    """The cell's fields in model order; one action is a word, several are a list."""
    if cell is None:
        return None
    out: dict[str, Any] = {}
    for f in fields(cell):
        value = getattr(cell, f.name)
        if f.name in _NOT_SHOWN or _absent(value):
            continue
        if f.name == "action":
            value = value[0] if len(value) == 1 else list(value)
        out[f.name] = value
    return out


def _absent(value: object) -> bool:
    return value is None or value is False or value == ()
