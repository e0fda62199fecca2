"""What the screen should show: the renderer draws a ``View`` and nothing else.

Kept separate from pygame so the terminal front end and the tests read the same thing, and
so the loop can tell "nothing changed, do not redraw" by comparing two values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .board import Board


@dataclass(frozen=True)
class Highlight:
    """Scan highlight: the cells lit (a whole row at level 1, one cell at level 2)."""

    cells: frozenset[tuple[int, int]]
    level: int = 1
    label: str = ""  # e.g. "back" for the escape item


@dataclass(frozen=True)
class View:
    board: Board
    message: str = ""
    highlight: Optional[Highlight] = None
    pressed: Optional[tuple[int, int]] = None  # touch feedback: the cell under the finger
    status: str = ""  # carer-facing line (errors in a board edit, switch disconnected)
