"""Screen geometry and hit testing, as plain numbers (no pygame).

The renderer draws where the layout says and the pointer handler asks the same layout which
cell is under a finger, so what is drawn and what is hit can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

from ..core.board import Board
from .theme import DEFAULT_THEME, Theme


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def center(self) -> tuple[int, int]:
        return (self.x + self.w // 2, self.y + self.h // 2)

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom

    def inflate(self, d: int) -> Rect:
        """Grow by ``d`` on every side (shrink when negative)."""
        return Rect(self.x - d, self.y - d, max(0, self.w + 2 * d), max(0, self.h + 2 * d))

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.w, self.h)


def bounding(rects: Iterable[Rect]) -> Optional[Rect]:
    """The smallest rectangle around all ``rects`` (a whole highlighted row)."""
    rs = list(rects)
    if not rs:
        return None
    x0 = min(r.x for r in rs)
    y0 = min(r.y for r in rs)
    x1 = max(r.right for r in rs)
    y1 = max(r.bottom for r in rs)
    return Rect(x0, y0, x1 - x0, y1 - y0)


@dataclass(frozen=True)
class Layout:
    """Where everything goes for one board on a ``width`` x ``height`` screen."""

    width: int
    height: int
    message: Rect
    title: Rect
    grid: Rect
    status: Optional[Rect]
    cells: dict[tuple[int, int], Rect]  # every visible, non-empty cell
    #: Scanning with ``escape``: the escape button at the end of each row (or under each
    #: column) that has a visible cell, by row (column) index. Not a cell: touch never hits it.
    escape: dict[int, Rect] = field(default_factory=dict)

    def hit(self, x: float, y: float) -> Optional[tuple[int, int]]:
        """The (row, col) of the cell under the point, or None for gaps and bars."""
        if not self.grid.contains(x, y):
            return None
        for pos, rect in self.cells.items():
            if rect.contains(x, y):
                return pos
        return None


def status_line_height(height: int, theme: Theme = DEFAULT_THEME) -> int:
    """The height of one line of the carer's status line."""
    return max(14, int(height * theme.status_height))


def compute_layout(
    board: Board, width: int, height: int, theme: Theme = DEFAULT_THEME, status: bool = False,
    escape_along: Optional[str] = None,
    status_lines: int = 1,
) -> Layout:
    """Message bar on top, board title, the grid, and a status line (``status_lines`` high,
    for a wrapped message) when there is one.

    ``escape_along`` ``"row"`` keeps a strip at the right for an escape button per row,
    ``"column"`` one at the bottom per column: the escape item is drawn as its own item,
    where the scan reaches it (after the row's last cell).
    """
    m = theme.margin
    msg_h = max(24, int(height * theme.message_height))
    title_h = max(16, int(height * theme.title_height))
    status_h = status_line_height(height, theme) * max(1, status_lines) if status else 0
    message = Rect(m, m, width - 2 * m, msg_h)
    title = Rect(m, message.bottom, width - 2 * m, title_h)
    status_rect = Rect(0, height - status_h, width, status_h) if status else None
    grid_bottom = (height - status_h) - m
    grid = Rect(m, title.bottom, width - 2 * m, max(0, grid_bottom - title.bottom))

    rows = len(board.rows)
    cols = board.columns
    cells: dict[tuple[int, int], Rect] = {}
    escape: dict[int, Rect] = {}
    if rows and cols and escape_along in ("row", "column"):
        grid, escape = _escape_strip(board, grid, theme.gap, escape_along == "row")
    if rows and cols:
        gap = theme.gap
        cw = (grid.w - gap * (cols - 1)) / cols
        ch = (grid.h - gap * (rows - 1)) / rows
        for r, c, _cell in board.visible_cells():
            x0 = grid.x + round(c * (cw + gap))
            y0 = grid.y + round(r * (ch + gap))
            x1 = grid.x + round(c * (cw + gap) + cw)
            y1 = grid.y + round(r * (ch + gap) + ch)
            cells[(r, c)] = Rect(x0, y0, max(1, x1 - x0), max(1, y1 - y0))
    return Layout(width, height, message, title, grid, status_rect, cells, escape)


def _escape_strip(board: Board, grid: Rect, gap: int, rows: bool) -> tuple[Rect, dict[int, Rect]]:
    """Take a strip of 0.6 of a cell off the grid's right (``rows``) or bottom for the escape
    buttons; return the smaller grid and one button per row (column) with a visible cell."""
    n_rows, n_cols = len(board.rows), board.columns
    used = {r if rows else c for r, c, _cell in board.visible_cells()}
    if rows:
        strip = round(0.6 * (grid.w - gap * (n_cols - 1)) / n_cols)
        inner = Rect(grid.x, grid.y, max(0, grid.w - strip - gap), grid.h)
        step = (grid.h - gap * (n_rows - 1)) / n_rows
        return inner, {r: Rect(inner.right + gap, grid.y + round(r * (step + gap)), strip,
                               max(1, round(step))) for r in used}
    strip = round(0.6 * (grid.h - gap * (n_rows - 1)) / n_rows)
    inner = Rect(grid.x, grid.y, grid.w, max(0, grid.h - strip - gap))
    step = (grid.w - gap * (n_cols - 1)) / n_cols
    return inner, {c: Rect(grid.x + round(c * (step + gap)), inner.bottom + gap,
                           max(1, round(step)), strip) for c in used}


def cell_numbers(board: Board) -> dict[int, tuple[int, int]]:
    """1-based numbers of the visible cells in reading order (the terminal's "type 7")."""
    return {i + 1: (r, c) for i, (r, c, _cell) in enumerate(board.visible_cells())}


def move_focus(
    board: Board, focus: Optional[tuple[int, int]], drow: int, dcol: int
) -> Optional[tuple[int, int]]:
    """Keyboard focus: the nearest visible cell in direction (drow, dcol), else stay."""
    return step_focus([(r, c) for r, c, _cell in board.visible_cells()], focus, drow, dcol)


def step_focus(visible: list[tuple[int, int]], focus: Optional[tuple[int, int]], drow: int,
               dcol: int) -> Optional[tuple[int, int]]:
    """The nearest of ``visible`` (reading order) in direction (drow, dcol), else stay; the
    first one when nothing is focused yet."""
    if not visible:
        return None
    if focus is None or focus not in visible:
        return visible[0]
    r, c = focus
    best: Optional[tuple[int, int]] = None
    best_key: Optional[tuple[int, int]] = None
    for vr, vc in visible:
        along = (vr - r) * drow + (vc - c) * dcol
        if along <= 0:
            continue
        across = abs((vr - r) * dcol) + abs((vc - c) * drow)
        key = (across, along) if across == 0 else (1, along + across)
        if best_key is None or key < best_key:
            best, best_key = (vr, vc), key
    return best if best is not None else focus
