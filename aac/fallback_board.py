"""The emergency board ``aac run`` shows when the home board itself cannot load, so a typo
never leaves a child with no voice: yes, no, help, stop - each spoken when touched."""

from __future__ import annotations

from typing import Optional

from .core.board import Board, BoardSet, Cell

FALLBACK_ID = "fallback"


def fallback_boards(language: Optional[str] = None) -> BoardSet:
    """A one-board set in the set's ``language`` (its words and voice; None: the carer's
    current language); the carer's status line says why it is shown."""
    from .i18n import _, set_language

    if language:
        set_language(language)
    board = Board(
        FALLBACK_ID,
        rows=((Cell(_("yes"), color="#2E7D32"), Cell(_("no"), color="#C62828")),
              (Cell(_("help"), color="#F9A825"), Cell(_("stop"), color="#6A1B9A"))),
        name=_("Emergency board"),
    )
    return BoardSet({FALLBACK_ID: board}, home=FALLBACK_ID, language=language)
