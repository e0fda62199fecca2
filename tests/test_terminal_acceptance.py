"""The terminal front end with ``acceptance_ms`` (issue 16.7): a terminal shows no key
releases, so a key is a press held exactly the acceptance time, and the carer is told."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator

import pytest

from aac.core.board import Board, Cell
from aac.core.events import SwitchEvent
from aac.core.scan_settings import ScanSettings
from aac.core.switch import SwitchFilter
from aac.core.view import View
from aac.ui.terminal import TerminalFrontend

BOARD = Board("home", ((Cell("I"), Cell("want")),))
SETTINGS = ScanSettings(acceptance_ms=150)


@pytest.fixture
def term() -> Iterator[tuple[TerminalFrontend, int]]:
    r, w = os.pipe()
    fe = TerminalFrontend(stdin=r, stdout=io.StringIO(), scan=True, width=60, ansi=False)
    fe.render(View(BOARD))
    yield fe, w
    fe.close()
    os.close(w)
    os.close(r)


def edges_until_release(fe: TerminalFrontend, switch: int = 1) -> list[SwitchEvent]:
    """Read events (waiting on the front end, no fixed sleeps) until a release arrives."""
    got: list[SwitchEvent] = []
    end = time.monotonic() + 3.0
    while not any(not e.down for e in got) and time.monotonic() < end:
        got += [e for e in fe.wait_events(0.5) if isinstance(e, SwitchEvent)]
    return got


def test_a_key_is_a_press_of_exactly_the_acceptance_time_and_is_accepted(
        term: tuple[TerminalFrontend, int]) -> None:
    fe, w = term
    notice = fe.use_scan_settings(SETTINGS)
    assert notice is not None and "no key releases" in notice and "150 ms" in notice
    os.write(w, b"\n")
    edges = edges_until_release(fe)
    assert [e.down for e in edges] == [True, False]
    assert edges[1].t - edges[0].t == pytest.approx(0.150, abs=1e-9)
    f = SwitchFilter(SETTINGS.filter_settings(1), 1)
    actions = [a for e in edges for a in f.feed(e)] + f.advance(edges[1].t + 1.0)
    assert "press" in [a.kind for a in actions]  # the switch filter accepts it


def test_without_the_fix_a_zero_length_key_is_never_accepted() -> None:
    """What the terminal used to send: down and up at the same instant."""
    f = SwitchFilter(SETTINGS.filter_settings(1), 1)
    actions = f.feed(SwitchEvent(1, True, 1.0)) + f.feed(SwitchEvent(1, False, 1.0))
    actions += f.advance(5.0)
    assert "press" not in [a.kind for a in actions]


def test_keys_typed_faster_than_the_press_follow_each_other(
        term: tuple[TerminalFrontend, int]) -> None:
    fe, w = term
    fe.use_scan_settings(SETTINGS)
    os.write(w, b"\n\n")
    got: list[SwitchEvent] = []
    end = time.monotonic() + 3.0
    while len(got) < 4 and time.monotonic() < end:
        got += [e for e in fe.wait_events(0.5) if isinstance(e, SwitchEvent)]
    assert [e.down for e in got] == [True, False, True, False]
    assert [e.t for e in got] == sorted(e.t for e in got)


def test_no_acceptance_time_keeps_zero_length_presses_and_says_nothing(
        term: tuple[TerminalFrontend, int]) -> None:
    fe, w = term
    assert fe.use_scan_settings(ScanSettings()) is None
    os.write(w, b"\n")
    edges = edges_until_release(fe)
    assert [e.down for e in edges] == [True, False] and edges[0].t == edges[1].t


def test_switch_test_terminal_keys_are_accepted_with_acceptance_ms() -> None:
    import queue

    from aac.inputs.terminal_keys import TerminalKeys
    from aac.inputs.tester import SwitchTester

    r, w = os.pipe()
    got: queue.SimpleQueue[object] = queue.SimpleQueue()
    keys = TerminalKeys(r, {"space": 1}, got.put, press_s=0.15)
    keys.start()
    try:
        os.write(w, b" ")
        events = [got.get(timeout=3.0) for _ in range(2)]
    finally:
        keys.close()
        os.close(w)
        os.close(r)
    assert [e.down for e in events] == [True, False]  # type: ignore[attr-defined]
    assert events[1].t - events[0].t == pytest.approx(0.15)  # type: ignore[attr-defined]
    records: list[dict[str, object]] = []
    tester = SwitchTester(SETTINGS.filter_settings, records.append, 0.0, press_only=["keyboard"])
    for e in events:
        tester.feed(e)
    tester.advance(float("inf"))
    assert [rec["accepted"] for rec in records] == [True]  # with press_s=0: "too short"
