"""The fakes shipped in ``aac.testing`` drive the real Runtime exactly on a fake clock."""

from __future__ import annotations

from aac.core.board import Board, BoardSet, Cell
from aac.core.events import PointerCancel, PointerPress, PointerSelect
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.loop import Runtime
from aac.testing import FakeClock, FakeFrontend, FakeSpeech, FakeSwitch

GRID = BoardSet({"home": Board("home", ((Cell("a"), Cell("b")), (Cell("c"), Cell("d"))))})


def test_touch_through_the_fake_frontend_speaks_and_updates_the_message() -> None:
    clock = FakeClock(0.0)
    fe = FakeFrontend(clock, [PointerSelect(1, 0, 0.25)])
    speech = FakeSpeech()
    rt = Runtime(Session(GRID), fe, speech, clock=clock)
    rt.run(exit_after=1.0)
    assert speech.said == ["c"]
    assert fe.last is not None and fe.last.message == "c"
    assert [t for t, v in fe.frames if v.message == "c"] == [0.25]  # drawn when it happened


def test_fake_switch_presses_select_on_the_exact_fake_time() -> None:
    clock = FakeClock(0.0)
    sw = FakeSwitch(1)
    fe = FakeFrontend(clock, sw.presses([(1.2, 1.3), (2.1, 2.2)]))
    speech = FakeSpeech()
    rt = Runtime(Session(GRID), fe, speech, clock=clock,
                 scan=ScanSettings(interval_ms=1000, loops=0))
    rt.run(exit_after=3.0)
    rt.close()
    # row 1 is lit on [1, 2): the press at 1.2 picks it; its cell 0 is lit [1.2, 2.2)
    assert speech.said == ["c"]
    assert speech.closed


def test_fake_switch_bounce_ends_down_and_alternates() -> None:
    edges = FakeSwitch(2).bounce(5.0, edges=6, gap=0.002)
    assert [e.down for e in edges] == [True, False, True, False, True, False, True]
    assert edges[-1].down and edges[0].t == 5.0 and edges[-1].t == 5.0 + 6 * 0.002
    assert {e.switch for e in edges} == {2}


def test_press_feedback_shows_while_held_and_a_cancel_removes_it_without_choosing() -> None:
    clock = FakeClock(0.0)
    fe = FakeFrontend(clock, [PointerPress(0, 1, 0.2), PointerCancel(0.5)])
    speech = FakeSpeech()
    rt = Runtime(Session(GRID), fe, speech, clock=clock)
    rt.run(exit_after=1.0)
    assert [(t, v.pressed) for t, v in fe.frames] == [(0.0, None), (0.2, (0, 1)), (0.5, None)]
    assert speech.said == [] and rt.session.message_text == ""
