"""What to decode before it is needed: the pictures of the boards the visible one links to.

When a board is shown, its own pictures are requested by drawing it; right after, the
pictures of every board it links to are queued behind them at the size they will be drawn
(same layout, same box rule as the renderer), so selecting a link shows a finished board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.board import Board, BoardSet
from ..core.view import View

if TYPE_CHECKING:
    from .render import Renderer


def linked_boards(board: Board, boards: BoardSet) -> list[Board]:
    """Boards ``board``'s cells link to, in reading order, each once, itself left out."""
    seen = {board.id}
    out: list[Board] = []
    for _r, _c, cell in board.visible_cells():
        if cell.link is not None and cell.link not in seen and cell.link in boards:
            seen.add(cell.link)
            out.append(boards[cell.link])
    return out


def board_pictures(renderer: Renderer, board: Board, view: View, size: tuple[int, int]
                   ) -> list[tuple[str, tuple[int, int]]]:
    """``(file, box)`` for every picture of ``board`` shown in ``view``'s place."""
    layout = renderer.board_layout(board, view, size)
    out: list[tuple[str, tuple[int, int]]] = []
    for (r, c), rect in layout.cells.items():
        cell = board.cell(r, c)
        if cell is None or cell.symbol_file is None:
            continue
        box = renderer.picture_box(board, layout, cell, rect)
        if box is not None:
            out.append((cell.symbol_file, box))
    return out


def neighbour_pictures(renderer: Renderer, view: View, size: tuple[int, int],
                       boards: BoardSet) -> list[tuple[str, tuple[int, int]]]:
    """The pictures of the boards ``view.board`` links to, board by board."""
    out: list[tuple[str, tuple[int, int]]] = []
    for board in linked_boards(view.board, boards):
        out.extend(board_pictures(renderer, board, view, size))
    return out

