"""The terminal front end through a pipe and a real pty: select cells, see the message."""

from __future__ import annotations

import io
import os
import termios
import threading
import time

from aac.core.board import Board, BoardSet, Cell
from aac.core.events import PointerPress, PointerSelect, Quit, SwitchEvent
from aac.core.session import Session
from aac.core.view import Highlight, View
from aac.loop import Runtime
from aac.testing import FakeSpeech
from aac.ui.terminal import TerminalFrontend

HOME = Board(
    "home",
    rows=((Cell("I"), Cell("want"), None, Cell("drink")),
          (Cell("you"), Cell("secret", hidden=True), Cell("more"),
           Cell("Clear", action=("clear",)))),
    name="Core words",
)


def test_draw_fits_80_columns_numbers_cells_and_marks_the_highlight() -> None:
    wide = Board("w", rows=(tuple(Cell(f"word{i}-long-label") for i in range(8)),))
    r, w = os.pipe()
    fe = TerminalFrontend(stdin=r, stdout=io.StringIO(), ansi=False)
    try:
        text = fe.draw(View(wide, message="x" * 200, status="no audio device"))
        assert all(len(line) <= 80 for line in text.splitlines())
        assert "no audio device" in text
        shown = fe.draw(View(HOME, highlight=Highlight(frozenset({(0, 1)}), 2)))
        assert "[ 2 want" in shown and " 1 I" in shown and " 3 drink" in shown
        assert "secret" not in shown and " 5 more" in shown
    finally:
        fe.close()
        os.close(r)
        os.close(w)


def test_pipe_lines_select_numbered_cells_and_q_quits() -> None:
    r, w = os.pipe()
    out = io.StringIO()
    fe = TerminalFrontend(stdin=r, stdout=out)
    try:
        assert not fe.tty
        fe.render(View(HOME))
        os.write(w, b"2\n5\n99\nq\n")
        events = list(fe.wait_events(5))
        assert [(type(e).__name__, getattr(e, "row", None), getattr(e, "col", None))
                for e in events] == [
            ("PointerPress", 0, 1), ("PointerSelect", 0, 1),
            ("PointerPress", 1, 2), ("PointerSelect", 1, 2),
            ("Quit", None, None)]
    finally:
        fe.close()
        os.close(r)
        os.close(w)


def test_end_of_input_quits_after_the_last_line() -> None:
    r, w = os.pipe()
    fe = TerminalFrontend(stdin=r, stdout=io.StringIO())
    try:
        fe.render(View(HOME))
        os.write(w, b"1")  # no newline before the pipe closes
        os.close(w)
        events: list[object] = []
        deadline = time.monotonic() + 5
        while not any(isinstance(e, Quit) for e in events):
            assert time.monotonic() < deadline, "timed out"
            events.extend(fe.wait_events(1))
        assert [type(e) for e in events] == [PointerPress, PointerSelect, Quit]
    finally:
        fe.close()
        os.close(r)


def test_runtime_with_terminal_shows_the_message_and_speaks() -> None:
    r, w = os.pipe()
    out = io.StringIO()
    fe = TerminalFrontend(stdin=r, stdout=out)
    speech = FakeSpeech()
    rt = Runtime(Session(BoardSet({"home": HOME})), fe, speech)
    try:
        os.write(w, b"1\n2\n3\nq\n")
        rt.run(exit_after=10)
        assert not rt.running
        last_frame = out.getvalue().split("=" * 80)[-1]
        assert "| I want drink" in last_frame
        assert speech.said == ["I", "want", "drink"]
    finally:
        rt.close()
        os.close(r)
        os.close(w)


def test_wake_from_another_thread_ends_a_long_wait() -> None:
    r, w = os.pipe()
    fe = TerminalFrontend(stdin=r, stdout=io.StringIO())
    try:
        threading.Thread(target=fe.wake).start()
        t0 = time.monotonic()
        assert list(fe.wait_events(5)) == []
        assert time.monotonic() - t0 < 1.0
    finally:
        fe.close()
        os.close(r)
        os.close(w)


def test_pty_keys_in_cbreak_mode_arrows_numbers_and_restore() -> None:
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    fe = TerminalFrontend(stdin=slave, stdout=io.StringIO(), ansi=True)
    try:
        assert fe.tty
        assert not termios.tcgetattr(slave)[3] & termios.ICANON  # keys arrive one by one
        fe.render(View(HOME))
        os.write(master, b"\x1b[C\x1b[C\x1b[C\x1b[B")  # focus I, want, drink (over the gap), down
        assert list(_collect(fe)) == []
        assert fe.focus == (1, 3)
        assert "\x1b[H" in fe.out.getvalue()  # type: ignore[attr-defined]
        os.write(master, b"\r")
        assert [(type(e), e.row, e.col) for e in _collect(fe)] == [  # type: ignore[union-attr]
            (PointerPress, 1, 3), (PointerSelect, 1, 3)]
        os.write(master, b"4\r")  # typed number: cell 4 is "you"
        assert [(type(e), e.row, e.col) for e in _collect(fe)] == [  # type: ignore[union-attr]
            (PointerPress, 1, 0), (PointerSelect, 1, 0)]
        os.write(master, b"q")
        assert [type(e) for e in _collect(fe)] == [Quit]
    finally:
        fe.close()
        assert termios.tcgetattr(slave) == before
        os.close(master)
        os.close(slave)


def test_pty_scan_mode_space_enter_tab_are_switches() -> None:
    master, slave = os.openpty()
    fe = TerminalFrontend(stdin=slave, stdout=io.StringIO(), scan=True)
    try:
        fe.render(View(HOME))
        os.write(master, b" \t\r")
        events = _collect(fe)
        assert [(e.switch, e.down) for e in events if isinstance(e, SwitchEvent)] == [
            (1, True), (1, False), (2, True), (2, False), (1, True), (1, False)]
        assert len(events) == 6
    finally:
        fe.close()
        os.close(master)
        os.close(slave)


def _collect(fe: TerminalFrontend) -> list[object]:
    """Everything the pty delivered: wait for the first batch, then drain what follows."""
    events = list(fe.wait_events(0.3))
    while True:
        more = fe.wait_events(0.05)
        if not more:
            return events
        events.extend(more)


def test_long_labels_stay_whole_by_splitting_a_board_row_over_lines() -> None:
    words = ("I", "different", "finished", "Feelings", "want", "more", "go", "Places")
    board = Board("b", rows=(tuple(Cell(w) for w in words), tuple(Cell(w + "2") for w in words)))
    r, w = os.pipe()
    fe = TerminalFrontend(stdin=r, stdout=io.StringIO(), ansi=False, width=80)
    try:
        text = fe.draw(View(board))
        lines = text.splitlines()
        assert all(len(line) <= 80 for line in lines)
        for n, word in enumerate(words, start=1):
            assert f"{n:>2} {word}" in text  # every label whole, with its number
        assert "" in lines  # board rows are kept apart when one is split
        wide = TerminalFrontend(stdin=r, stdout=io.StringIO(), ansi=False, width=160)
        row_line = next(line for line in wide.draw(View(board)).splitlines() if " 1 I" in line)
        wide.close()
        assert " 8 Places" in row_line  # a wide terminal shows a board row on one line
    finally:
        fe.close()
        os.close(r)
        os.close(w)
