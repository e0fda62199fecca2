"""What the screen should show: the renderer draws a ``View`` and nothing else.

Kept separate from pygame so the terminal front end and the tests read the same thing, and
so the loop can tell "nothing changed, do not redraw" by comparing two values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from .board import Board


@dataclass(frozen=True)
class Highlight:
    """Scan highlight: the cells lit (a whole row at level 1, one cell at level 2)."""

    cells: frozenset[tuple[int, int]]
    level: int = 1
    label: str = ""  # the escape item's label (e.g. "back", "назад")
    back: bool = False  # the escape item: drawn as its own button at the row's end


@dataclass(frozen=True)
class ScanDisplay:
    """What scanning shows besides the highlight: escape buttons, and "press to start"."""

    escape_label: str = ""  # non-empty: every row (or column) ends in an escape button
    escape_along: Optional[Literal["row", "column"]] = None
    stopped: bool = False  # scanning waits for a press (start: on-press, or loops ran out)
    stopped_label: str = ""  # e.g. "press to start", in the board's language


@dataclass(frozen=True)
class View:
    board: Board
    message: str = ""
    highlight: Optional[Highlight] = None
    pressed: Optional[tuple[int, int]] = None  # touch feedback: the cell under the finger
    progress: Optional[float] = None  # hold-to-select: 0..1 of the hold on ``pressed``
    status: str = ""  # carer-facing line (errors in a board edit, switch disconnected)
    scan: Optional[ScanDisplay] = None  # None: touch, or a front end that ignores it
    recording: bool = False  # a usage log is being written: the screen says so (opt-in)
