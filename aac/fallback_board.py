"""The emergency board ``aac run`` shows when the home board itself cannot load, so a typo
never leaves a child with no voice: yes, no, help, stop - each spoken when touched."""

from __future__ import annotations

from .core.board import Board, BoardSet, Cell

FALLBACK_ID = "fallback"


def fallback_boards() -> BoardSet:
    """A one-board set; the carer's status line says why it is shown."""
    board = Board(
        FALLBACK_ID,
        rows=((Cell("yes", color="#2E7D32"), Cell("no", color="#C62828")),
              (Cell("help", color="#F9A825"), Cell("stop", color="#6A1B9A"))),
        name="Emergency board",
    )
    return BoardSet({FALLBACK_ID: board}, home=FALLBACK_ID)
