"""Set-level lint warnings for boards that trap the child or can never be reached (16.6).

Both are about the links between boards, so they need the whole set; they are warnings
(the set still works) shown by ``aac lint``, not on the carer's screen at run time.

A board has a way back when it has a ``back`` or ``home`` action cell, when it or a cell
linking to it has ``back_after_select``, or when following links (a ``home`` action counts
as a link home) from it reaches the home board. The home board itself is exempt. Hidden
cells cannot be chosen, so they give no way anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Optional

from ..core.board import Board
from .problems import Problem

#: Where a board-wide warning points: (board, file, line, col).
Place = tuple[Board, str, int, int]


def trap_warnings(boards: Mapping[str, Place], home: Optional[str]) -> list[Problem]:
    """Warnings for boards with no way back and boards nothing leads to from ``home``."""
    if home is None or home not in boards:
        return []
    edges = {bid: set(_targets(place[0], home)) for bid, place in boards.items()}
    returns_after = {c.link for place in boards.values() for _, _, c in place[0].visible_cells()
                     if c.link is not None and c.back_after_select}
    from_home = _reachable(home, edges)
    problems: list[Problem] = []
    for bid, (board, file, line, col) in boards.items():
        if bid == home:
            continue
        if bid not in from_home:  # (whether it has a way back then does not matter)
            problems.append(Problem(file, line, col, "warning",
                                    f'board "{bid}" cannot be reached: no link leads to it '
                                    f'from the home board "{home}"'))
            continue
        escapes = (board.back_after_select or bid in returns_after
                   or any({"back", "home"} & set(c.action) for _, _, c in board.visible_cells())
                   or home in _reachable(bid, edges))
        if not escapes:
            problems.append(Problem(file, line, col, "warning",
                                    f'board "{bid}" has no way back: add a cell with '
                                    "`action: back` (or home), set back_after_select, or link "
                                    "to a board that leads home"))
    return problems


def _targets(board: Board, home: str) -> Iterable[str]:
    for _, _, cell in board.visible_cells():
        if cell.link is not None:
            yield cell.link
        if "home" in cell.action:
            yield home


def _reachable(start: str, edges: Mapping[str, set[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
