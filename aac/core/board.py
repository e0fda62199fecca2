"""The board model: what the loader understood, as frozen values.

Boards are immutable so the loop can keep "the last good board set" by reference while a
teacher's edit is being checked, and so the scan engine can cache item lists per board.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Optional

from .vocabulary import ACTIONS, ActionName, ScanPattern

__all__ = ["ACTIONS", "WORD_CLASS_COLORS", "Board", "BoardSet", "Cell"]

#: Actions a cell may carry (BOARD_FORMAT.md). Order matters only for documentation.

#: The Fitzgerald-style word-class key: each class has one fixed colour (#RRGGBB).
WORD_CLASS_COLORS: Mapping[str, str] = {
    "noun": "#FFB74D",  # orange
    "verb": "#81C784",  # green
    "describe": "#64B5F6",  # blue
    "social": "#F48FB1",  # pink
    "question": "#BA68C8",  # purple
    "misc": "#FFFFFF",  # white
}


@dataclass(frozen=True)
class Cell:
    """One cell. ``label`` is exactly the text the teacher typed."""

    label: str
    say: Optional[str] = None
    link: Optional[str] = None
    action: tuple[ActionName, ...] = ()
    letter: Optional[str] = None
    symbol: Optional[str] = None  # as written in the file (relative to the board file)
    color: Optional[str] = None  # a word class or "#RRGGBB", as written
    sound: Optional[str] = None  # as written (relative to the board file)
    cue: Optional[str] = None
    hidden: bool = False
    back_after_select: bool = False
    # Resolved once by the loader, so the renderer, speech and checks never join paths: the
    # absolute path of a file that exists and is safe to open, else None.
    symbol_file: Optional[str] = None
    sound_file: Optional[str] = None
    # The board a link pointed at when that board failed to load: the cell is inert (its
    # ``link`` is None) and shown greyed, so one typo elsewhere never silences the rest.
    broken_link: Optional[str] = None
    line: int = field(default=0, compare=False)
    col: int = field(default=0, compare=False)

    @property
    def spoken(self) -> str:
        """What is added to the message and spoken."""
        return self.label if self.say is None else self.say

    @property
    def scan_cue(self) -> str:
        """What auditory scanning speaks for this cell."""
        return self.label if self.cue is None else self.cue

    @property
    def rgb(self) -> Optional[tuple[int, int, int]]:
        """The background colour as RGB, or None for the theme's default."""
        if self.color is None:
            return None
        hexcode = WORD_CLASS_COLORS.get(self.color, self.color)
        if len(hexcode) == 7 and hexcode.startswith("#"):
            try:
                return (int(hexcode[1:3], 16), int(hexcode[3:5], 16), int(hexcode[5:7], 16))
            except ValueError:
                return None
        return None


@dataclass(frozen=True)
class Board:
    """One board: a grid of cells; ``None`` is an empty cell."""

    id: str
    rows: tuple[tuple[Optional[Cell], ...], ...]
    name: str = ""
    locale: str = "en"
    columns: int = 0
    scan_pattern: Optional[ScanPattern] = None  # per-board override of the scan pattern
    back_after_select: bool = False
    path: Optional[str] = None  # the file it came from, for messages and relative paths

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.id)
        width = max((len(r) for r in self.rows), default=0)
        if self.columns < width:
            object.__setattr__(self, "columns", width)

    @property
    def grid(self) -> tuple[tuple[Optional[Cell], ...], ...]:
        """Rows padded with ``None`` to ``columns`` cells, so every row has the same width."""
        return tuple(tuple(r) + (None,) * (self.columns - len(r)) for r in self.rows)

    def cell(self, row: int, col: int) -> Optional[Cell]:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def visible_cells(self) -> Iterator[tuple[int, int, Cell]]:
        """Every cell that is shown and may be scanned, in reading order."""
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if cell is not None and not cell.hidden:
                    yield r, c, cell


@dataclass(frozen=True)
class BoardSet:
    """All boards of a set, by id, and which one is shown first."""

    boards: Mapping[str, Board]
    home: str = "home"
    root: Optional[str] = None
    language: Optional[str] = None  # set.yaml `language:` (BCP 47), picks voice and UI texts
    translation: Optional[str] = None  # set.yaml `translation:` draft or reviewed

    def __post_init__(self) -> None:
        if self.boards and self.home not in self.boards:
            raise ValueError(f"home board {self.home!r} is not in the set")

    def __getitem__(self, board_id: str) -> Board:
        return self.boards[board_id]

    def __contains__(self, board_id: object) -> bool:
        return board_id in self.boards

    @property
    def home_board(self) -> Board:
        return self.boards[self.home]
