"""What can be highlighted on a board: levels of items per pattern (SCANNING.md, Items).

Built once per level start (never per tick), so a tick costs the same on any board size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .board import Board, Cell
from .vocabulary import ItemKind, ScanPattern


@dataclass(frozen=True)
class Item:
    """One scan item: a row, a column, a cell, or the escape item ("back")."""

    kind: ItemKind
    cells: frozenset[tuple[int, int]]
    row: Optional[int] = None
    col: Optional[int] = None
    label: str = ""  # the cell's label; the escape label (e.g. "back") for the escape item
    cue: str = ""  # what auditory scanning says with prompt: cue

    @property
    def is_group(self) -> bool:
        """Selecting it opens level 2 rather than activating a cell."""
        return self.kind in ("row", "column")


def _cell_item(r: int, c: int, cell: Cell) -> Item:
    return Item("cell", frozenset({(r, c)}), r, c, cell.label, cell.scan_cue)


def _group(kind: ItemKind, index: int, cells: list[tuple[int, int, Cell]]) -> Item:
    first = cells[0][2]
    row = index if kind == "row" else None
    col = index if kind == "column" else None
    return Item(kind, frozenset((r, c) for r, c, _ in cells), row, col, first.label,
                first.scan_cue)


def level1_items(board: Board, pattern: ScanPattern) -> tuple[Item, ...]:
    """Rows (row-column), columns (column-row) or every cell (linear); empty ones skipped."""
    visible = list(board.visible_cells())
    if pattern == "linear":
        return tuple(_cell_item(r, c, cell) for r, c, cell in visible)
    by: dict[int, list[tuple[int, int, Cell]]] = {}
    for r, c, cell in visible:
        by.setdefault(r if pattern == "row-column" else c, []).append((r, c, cell))
    kind: ItemKind = "row" if pattern == "row-column" else "column"
    return tuple(_group(kind, key, by[key]) for key in sorted(by))


def level2_items(board: Board, group: Item, escape: bool,
                 escape_label: str = "back") -> tuple[Item, ...]:
    """The group's cells (left to right, or top to bottom), then the escape item when
    ``escape``, labelled ``escape_label`` (also what auditory scanning says for it)."""
    cells = sorted(group.cells, key=lambda rc: (rc[1], rc[0]) if group.kind == "column" else rc)
    items: list[Item] = []
    for r, c in cells:
        cell = board.cell(r, c)
        if cell is not None and not cell.hidden:
            items.append(_cell_item(r, c, cell))
    if escape and items:
        items.append(Item("back", group.cells, group.row, group.col, escape_label,
                          escape_label))
    return tuple(items)
