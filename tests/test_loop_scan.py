"""The real-time loop with scanning: absolute deadlines, late presses, nothing blocking."""

from __future__ import annotations

import builtins
import json
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

import pytest

from aac.core.board import Board, BoardSet, Cell
from aac.core.clock import FakeClock
from aac.core.events import InputEvent, Quit, SwitchEvent
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.core.view import View
from aac.loop import EARLY, Runtime
from aac.testing import FakeFrontend, FakePreparingFrontend, FakeSpeech

POLL = FakeFrontend.POLL  # what one poll of the fake front end costs, in fake seconds

GRID = BoardSet({"home": Board("home", tuple(tuple(Cell(f"{r}{c}") for c in range(3))
                                             for r in range(3)))})


def press(t: float, length: float = 0.1) -> list[SwitchEvent]:
    return [SwitchEvent(1, True, t), SwitchEvent(1, False, t + length)]


def lit(view: View) -> Optional[tuple[int, frozenset[tuple[int, int]]]]:
    return None if view.highlight is None else (view.highlight.level, view.highlight.cells)


def make(events: Sequence[InputEvent] = (), lag: float = 0.0, speech: Any = None,
         **settings: Any) -> tuple[Runtime, FakeFrontend, list[tuple[float, float]]]:
    clock = FakeClock(100.0)
    fe = FakeFrontend(clock, [type(e)(e.switch, e.down, e.t + 100.0) if isinstance(e, SwitchEvent)
                              else e for e in events], lag)
    pairs: list[tuple[float, float]] = []
    rt = Runtime(Session(GRID), fe, speech or FakeSpeech(), clock=clock,
                 scan=ScanSettings(**settings),
                 on_highlight=lambda scheduled, flipped: pairs.append((scheduled, flipped)))
    return rt, fe, pairs


def test_highlights_are_flipped_at_their_absolute_deadlines() -> None:
    rt, fe, pairs = make(interval_ms=1000, first_item_factor=1.5, loops=0)
    rt.run(exit_after=60.0)
    rt.close()
    expected = [100.0 + m * 3.5 + off for m in range(18) for off in (0.0, 1.5, 2.5)]
    expected = [t for t in expected if t < 160.0]
    assert [s for s, _ in pairs] == pytest.approx(expected, abs=1e-9)
    assert all(-1e-9 <= f - s <= POLL + 1e-9 for s, f in pairs)
    # redraw only on change: the board alone first (its costly whole frame comes before the
    # scan's clock starts, tests/test_loop_start.py), then one frame per highlight change
    assert rt.frames == len(expected) + 1


def test_the_loop_sleeps_until_just_before_a_deadline_then_polls() -> None:
    rt, fe, _ = make(interval_ms=1000, loops=0)
    rt.run(exit_after=3.0)
    long_waits = [t for t in fe.timeouts if t > 0]
    assert long_waits and all(t == pytest.approx(1.0 - EARLY, abs=2 * POLL) or t > 0.49
                              for t in long_waits[1:])
    polls = len(fe.timeouts) - len(long_waits)
    assert polls <= 3 * (EARLY / POLL + 1)  # a few polls per tick, never a busy second


def test_idle_when_scanning_stopped_wakes_only_twice_a_second() -> None:
    rt, fe, _ = make(interval_ms=100, loops=1)
    rt.run(exit_after=10.0)
    after_stop = fe.timeouts[-18:-1]  # the last one only runs to the end of the run
    assert all(t == pytest.approx(0.5) for t in after_stop)


def test_a_press_that_reaches_the_loop_late_selects_what_was_lit_at_its_time() -> None:
    # driver stamps 0.99 s (row 0 lit); the loop only gets it at 1.04 s, after row 1 came up
    rt, fe, _ = make(events=press(0.99), lag=0.05, interval_ms=1000)
    rt.run(exit_after=1.5)
    assert rt.scan is not None and rt.scan.level == 2
    assert rt.scan.item is not None and rt.scan.item.row == 0
    views = [lit(v) for _, v in fe.frames]
    assert (1, frozenset({(1, 0), (1, 1), (1, 2)})) in views  # row 1 was drawn (late press)
    assert views[-1] == (2, frozenset({(0, 0)}))


def test_selection_speaks_and_scanning_goes_on() -> None:
    speech = FakeSpeech()
    rt, fe, pairs = make(events=press(1.2) + press(1.6), speech=speech, interval_ms=1000)
    rt.run(exit_after=3.0)
    assert speech.spoke.wait(2.0)
    rt.close()
    assert speech.said == ["10"] and rt.session.message_text == "10"
    assert [round(s - 100.0, 6) for s, _ in pairs] == [0.0, 1.0, 1.2, 1.6, 2.6]


def test_a_blocking_speech_engine_cannot_delay_a_tick() -> None:
    speech = FakeSpeech(block=True)  # breaks the contract: speak() blocks until released
    rt, fe, pairs = make(events=press(1.2) + press(1.6), speech=speech, interval_ms=1000,
                         loops=0)
    done = threading.Event()

    def loop() -> None:
        rt.run(exit_after=8.0)
        done.set()

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        assert done.wait(5.0), "the loop was held up by speech"
        assert speech.spoke.wait(2.0)  # speak() was called, and is still blocked
    finally:
        speech.release.set()
        thread.join(5.0)
        rt.close()
    after = [(s - 100.0, f - s) for s, f in pairs if s > 101.6]
    assert [round(s, 6) for s, _ in after] == [2.6, 3.6, 4.6, 5.6, 6.6, 7.6]
    assert all(late <= POLL + 1e-9 for _, late in after)


def test_the_loop_thread_never_calls_blocking_functions(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import serial

    log = tmp_path / "usage.jsonl"
    clock = FakeClock(0.0)
    fe = FakeFrontend(clock, press(1.2) + press(1.6) + press(4.0) + [Quit(9.0)])
    rt = Runtime(Session(GRID), fe, FakeSpeech(block=True), clock=clock,
                 scan=ScanSettings(interval_ms=500, prompt="label"), usage_log=str(log))
    rt.speech.release.set()  # type: ignore[attr-defined]
    loop_thread: list[int] = []
    offences: list[str] = []

    def guard(name: str, real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if loop_thread and threading.get_ident() == loop_thread[0]:
                offences.append(name)
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(time, "sleep", guard("time.sleep", time.sleep))
    monkeypatch.setattr(builtins, "open", guard("open", builtins.open))
    monkeypatch.setattr(os, "read", guard("os.read", os.read))
    monkeypatch.setattr(os, "write", guard("os.write", os.write))
    monkeypatch.setattr(serial.Serial, "read", guard("Serial.read", serial.Serial.read))

    def loop() -> None:
        loop_thread.append(threading.get_ident())
        rt.run(exit_after=10.0)

    thread = threading.Thread(target=loop)
    thread.start()
    thread.join(10.0)
    assert not thread.is_alive()
    rt.close()
    assert offences == []
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    kinds = [r["type"] for r in records]
    assert kinds[0] == "session" and "switch" in kinds and "select" in kinds
    assert "prompt" in kinds and "highlight" in kinds


def test_usage_log_times_are_the_driver_timestamps(tmp_path: Path) -> None:
    log = tmp_path / "usage.jsonl"
    clock = FakeClock(50.0)
    fe = FakeFrontend(clock, [SwitchEvent(1, True, 50.25), SwitchEvent(1, False, 50.3)],
                      lag=0.1)
    rt = Runtime(Session(GRID), fe, FakeSpeech(), clock=clock,
                 scan=ScanSettings(), usage_log=str(log))
    rt.run(exit_after=1.0)
    rt.close()
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {"t": 50.25, "type": "switch", "switch": 1, "down": True} in records
    assert {"t": 50.25, "type": "highlight", "level": 2, "row": 0, "col": 0} in records


def test_touch_still_works_while_scanning_and_rescans_the_new_board() -> None:
    from aac.core.events import PointerSelect

    home = Board("home", ((Cell("Food", link="food"), Cell("b")),))
    food = Board("food", ((Cell("apple"),),))
    clock = FakeClock(0.0)
    fe = FakeFrontend(clock, [PointerSelect(0, 0, 0.4)])
    rt = Runtime(Session(BoardSet({"home": home, "food": food})), fe, FakeSpeech(),
                 clock=clock, scan=ScanSettings(pattern="linear"))
    rt.run(exit_after=0.6)
    rt.close()
    assert rt.session.board.id == "food"
    assert rt.scan is not None and rt.scan.item is not None and rt.scan.item.label == "apple"


def test_without_scan_the_runtime_behaves_as_before() -> None:
    from aac.core.events import PointerSelect

    clock = FakeClock(0.0)
    fe = FakeFrontend(clock, [PointerSelect(1, 1, 0.2)])
    speech = FakeSpeech()
    rt = Runtime(Session(GRID), fe, speech, clock=clock)
    rt.run(exit_after=1.0)
    assert speech.said == ["11"]  # synchronous, as before
    assert all(v.highlight is None for _, v in fe.frames)
    assert all(t in (0.5,) or t <= 0.5 for t in fe.timeouts)


@pytest.mark.slow
def test_real_pygame_frontend_never_shows_an_item_early() -> None:
    pytest.importorskip("pygame")
    from aac.ui.pygame_frontend import PygameFrontend

    fe = PygameFrontend(size=(320, 240), fullscreen=False, scan=True)
    pairs: list[tuple[float, float]] = []
    rt = Runtime(Session(GRID), fe, FakeSpeech(), scan=ScanSettings(interval_ms=60,
                                                                          loops=0),
                 on_highlight=lambda s, f: pairs.append((s, f)))
    try:
        rt.run(exit_after=0.5)
    finally:
        rt.close()
    assert len(pairs) >= 5
    assert all(f >= s for s, f in pairs)
    # Scheduled instants come from the formula, start + k * interval, not from when frames
    # were shown: every step is a whole number of intervals. Usually one; a CPU too slow to
    # show an item before the next is due (the first frame under arm64 emulation) skips that
    # item rather than shifting all later ones. How often that happens is a bench's figure.
    steps = [round((b[0] - a[0]) / 0.06, 6) for a, b in zip(pairs, pairs[1:])]
    assert all(k >= 1 and k == int(k) for k in steps), steps


def test_a_frame_prepared_ahead_is_only_flipped_at_its_instant() -> None:
    from aac.loop import PREPARE

    clock = FakeClock(0.0)
    fe = FakePreparingFrontend(clock)
    pairs: list[tuple[float, float]] = []
    rt = Runtime(Session(GRID), fe, FakeSpeech(), clock=clock,
                 scan=ScanSettings(interval_ms=1000, loops=0),
                 on_highlight=lambda s, f: pairs.append((s, f)))
    rt.run(exit_after=5.5)
    rt.close()
    # the board, then its first highlight (both drawn at once), then prepared frames only
    assert fe.calls[:2] == ["render", "render"] and fe.calls[2:] == ["prepare", "present"] * 5
    assert [round(t, 6) for t, _ in fe.prepared] == [round(k - PREPARE, 6) for k in range(1, 6)]
    assert [round(s, 6) for s, _ in pairs] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert all(-1e-9 <= f - s <= POLL + 1e-9 for s, f in pairs)
    rows = [min(v.highlight.cells)[0] for _, v in fe.frames if v.highlight is not None]
    assert rows == [0, 1, 2, 0, 1, 2]


def test_a_press_after_prepare_draws_the_right_frame_instead() -> None:
    clock = FakeClock(0.0)
    fe = FakePreparingFrontend(clock, press(0.995))  # after row 1 was prepared, before it shows
    rt = Runtime(Session(GRID), fe, FakeSpeech(), clock=clock,
                 scan=ScanSettings(interval_ms=1000, loops=0))
    rt.run(exit_after=1.2)
    rt.close()
    assert "prepare" in fe.calls
    shown = [lit(v) for _, v in fe.frames]
    assert shown == [None,  # the board alone, before the scan's clock starts
                     (1, frozenset({(0, 0), (0, 1), (0, 2)})), (2, frozenset({(0, 0)}))]


@pytest.mark.slow
def test_space_key_selects_on_a_real_headless_screen_and_the_highlight_is_drawn() -> None:
    pygame = pytest.importorskip("pygame")
    from aac.ui.pygame_frontend import PygameFrontend

    fe = PygameFrontend(size=(480, 320), fullscreen=False, scan=True)
    rt = Runtime(Session(GRID), fe, FakeSpeech(), scan=ScanSettings(interval_ms=5000))
    try:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0,
                                             unicode=" ", scancode=44))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_SPACE, mod=0,
                                             unicode=" ", scancode=44))
        rt.run(exit_after=0.3)
        assert rt.scan is not None and rt.scan.level == 2
        assert rt.scan.highlight is not None and rt.scan.highlight.cells == {(0, 0)}
        view = rt.view()
        layout = fe.renderer.layout_for(view, fe.size)
        frame = tuple(fe.renderer.theme.highlight_frame)

        def frame_pixels(cell: tuple[int, int]) -> int:
            r = layout.cells[cell]
            xs = range(max(0, r.x - 6), min(fe.size[0], r.x + r.w + 6))
            ys = range(max(0, r.y - 6), min(fe.size[1], r.y + r.h + 6))
            return sum(tuple(fe.screen.get_at((x, y)))[:3] == frame for x in xs for y in ys)

        assert frame_pixels((0, 0)) > 100  # a thick frame around the lit cell
        assert frame_pixels((2, 2)) == 0
    finally:
        rt.close()


@pytest.mark.parametrize("from_menu", [False, True])
def test_the_loop_remembers_whether_the_carer_quit_on_the_menu(from_menu: bool) -> None:
    clock = FakeClock(0.0)
    fe = FakeFrontend(clock, [Quit(1.0, from_menu=from_menu)])
    rt = Runtime(Session(GRID), fe, FakeSpeech(), clock=clock)
    rt.run(exit_after=5.0)
    rt.close()
    assert clock.now() < 5.0  # ended by the Quit, not by the time limit
    assert rt.quit_from_menu is from_menu  # aac run's exit status under the kiosk follows it
