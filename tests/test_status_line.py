"""The carer's status line (issue 16.9): a long message wraps between words inside the
window instead of being cut at 800 px mid-word."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pygame
import pytest

from aac.core.board import Board, Cell
from aac.core.view import View
from aac.ui.render import Renderer
from aac.ui.status_line import ELLIPSIS, MAX_LINES, PAD, wrap_words
from aac.ui.theme import DEFAULT_THEME

BOARD = Board("home", ((Cell("I"), Cell("want")), (Cell("drink"), Cell("more"))))
LONG = ("Board edit not applied: /home/teacher/boards/food.yaml:12:11: error: unknown action "
        '"bakc" (did you mean "back"?) (and 2 more; all on stderr)  |  no audio device: '
        "showing text only")


@pytest.fixture(autouse=True)
def _fonts() -> None:
    pygame.font.init()


def test_words_wrap_without_being_split_and_too_many_lines_end_in_an_ellipsis() -> None:
    lines = wrap_words("one two three four five six", 9, len)
    assert lines == ["one two", "three", f"four {ELLIPSIS}"]
    assert all(len(line) <= 9 for line in lines)
    assert " ".join(wrap_words("one two three", 9, len)) == "one two three"
    many = wrap_words(" ".join(["word"] * 40), 14, len)
    assert len(many) == MAX_LINES and many[-1].endswith(ELLIPSIS)
    assert all(len(line) <= 14 for line in many)
    assert wrap_words("a" * 25, 10, len) == ["a" * 10, "a" * 10, "a" * 5]  # a path: must break


def test_a_long_message_at_800x480_stays_inside_the_window_in_whole_words(tmp_path: Path) -> None:
    surface = pygame.Surface((800, 480))
    renderer = Renderer()
    layout = renderer.draw(surface, View(BOARD, status=LONG))
    pygame.image.save(surface, str(tmp_path / "status.png"))
    img = pygame.image.load(str(tmp_path / "status.png"))
    status = layout.status
    assert status is not None and status.y + status.h <= 480
    lines = renderer._status_lines(LONG, (800, 480))
    assert len(lines) >= 2 and " ".join(lines).split() == LONG.split()  # no word cut
    assert status.h >= 2 * 28  # the line grew for the wrapped text
    # no text pixel in the right padding: nothing ran off the edge (it used to, cut at 800)
    bg = DEFAULT_THEME.status_background
    for y in range(status.y, status.y + status.h):
        for x in range(800 - PAD, 800):
            assert tuple(img.get_at((x, y)))[:3] == bg, (x, y)
    # every line has text on it
    for i in range(len(lines)):
        row = status.y + i * (status.h // len(lines)) + status.h // len(lines) // 2
        assert any(tuple(img.get_at((x, row)))[:3] != bg for x in range(0, 800, 2))
    assert all(rect.y + rect.h <= status.y for rect in layout.cells.values())  # board above


def test_the_terminal_wraps_the_status_line_too() -> None:
    from aac.ui.terminal import TerminalFrontend

    r, w = os.pipe()
    fe = TerminalFrontend(stdin=r, stdout=io.StringIO(), ansi=False)
    try:
        text = fe.draw(View(BOARD, status=LONG))
    finally:
        fe.close()
        os.close(w)
    shown = [line[2:] for line in text.splitlines() if line.startswith("! ")]
    assert len(shown) >= 2 and " ".join(shown).split() == LONG.split()
