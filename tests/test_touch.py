"""The touch rules (aac.core.touch): repeat-ignore, hold with fill, press/release, edges."""

from __future__ import annotations

from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aac.core.touch import (
    TouchFilter,
    TouchIgnored,
    TouchOutput,
    TouchPoint,
    TouchPressed,
    TouchSelected,
    TouchSettings,
)
from aac.errors import BadSettings

A = TouchPoint(0, 0)
B = TouchPoint(0, 1)


def selections(outs: list[TouchOutput]) -> list[TouchSelected]:
    return [o for o in outs if isinstance(o, TouchSelected)]


def tap(f: TouchFilter, at: Optional[TouchPoint], t: float, length: float = 0.03
        ) -> list[TouchOutput]:
    return f.down(at, t) + f.advance(t + length) + f.up(at, t + length)


def test_defaults_select_on_release_on_the_pressed_cell_as_before() -> None:
    f = TouchFilter()
    assert f.down(A, 1.0) == [TouchPressed(0, 0, 1.0, None)]
    assert f.up(A, 1.1) == [TouchSelected(0, 0, 1.1)]
    f.down(A, 2.0)
    assert f.up(B, 2.1) == [TouchIgnored("moved_off", 0, 0, 2.1)]


def test_three_taps_60_ms_apart_say_one_word_with_repeat_ignore() -> None:
    f = TouchFilter(TouchSettings(repeat_ignore_ms=500))
    outs = tap(f, A, 0.0, 0.02) + tap(f, A, 0.06, 0.02) + tap(f, A, 0.12, 0.02)
    assert [s.t for s in selections(outs)] == [0.02]
    assert [o.reason for o in outs if isinstance(o, TouchIgnored)] == ["repeat", "repeat"]
    assert selections(tap(f, A, 0.6)) == [TouchSelected(0, 0, 0.63)]  # after the window


def test_without_repeat_ignore_every_tap_counts() -> None:
    f = TouchFilter()
    outs = tap(f, A, 0.0, 0.02) + tap(f, A, 0.06, 0.02) + tap(f, A, 0.12, 0.02)
    assert len(selections(outs)) == 3


def test_select_on_press_chooses_at_touch_down() -> None:
    f = TouchFilter(TouchSettings(select_on="press"))
    assert f.down(A, 1.0) == [TouchSelected(0, 0, 1.0)]
    assert f.up(B, 1.5) == []  # where it lifts does not matter any more


def test_hold_counts_only_when_held_long_enough_with_fill_progress() -> None:
    f = TouchFilter(TouchSettings(hold_ms=400, select_on="press"))
    assert f.down(A, 10.0) == [TouchPressed(0, 0, 10.0, 0.0)]
    progress = []
    while (due := f.next_deadline()) is not None:
        for out in f.advance(due):
            progress.append(out)
    fills = [o.progress for o in progress if isinstance(o, TouchPressed)]
    assert fills == sorted(fills) and len(fills) == 9 and 0 < fills[0] < fills[-1] < 1
    assert progress[-1] == TouchSelected(0, 0, pytest.approx(10.4))
    assert f.up(A, 11.0) == []


def test_a_hold_released_early_is_ignored_as_too_short() -> None:
    f = TouchFilter(TouchSettings(hold_ms=400))
    f.down(A, 0.0)
    out = f.up(A, 0.25)[-1]
    assert isinstance(out, TouchIgnored)
    assert out.reason == "too_short" and out.held_ms == pytest.approx(250)


def test_hold_then_release_selects_on_release() -> None:
    f = TouchFilter(TouchSettings(hold_ms=400, select_on="release"))
    f.down(A, 0.0)
    assert f.advance(0.4)[-1] == TouchPressed(0, 0, 0.4, 1.0)
    assert f.up(A, 0.9) == [TouchSelected(0, 0, 0.9)]


def test_moving_to_another_cell_restarts_the_hold_there() -> None:
    f = TouchFilter(TouchSettings(hold_ms=400, select_on="press"))
    f.down(A, 0.0)
    assert selections(f.move(TouchPoint(0, 0, 0.1, 0.5), 0.2)) == []  # wobble in the cell
    assert f.move(B, 0.3)[-1] == TouchPressed(0, 1, 0.3, 0.0)
    assert selections(f.advance(0.65)) == []
    assert selections(f.advance(0.7)) == [TouchSelected(0, 1, pytest.approx(0.7))]


def test_moving_off_every_cell_stops_the_hold() -> None:
    f = TouchFilter(TouchSettings(hold_ms=400, select_on="press"))
    f.down(A, 0.0)
    assert f.move(None, 0.1)[-1] == TouchIgnored("moved_off", 0, 0, 0.1)
    assert f.advance(1.0) == [] and f.next_deadline() is None
    assert f.up(None, 1.1) == []  # said once, not again at the lift


def test_a_touch_on_the_edge_between_cells_selects_nothing() -> None:
    f = TouchFilter(TouchSettings(edge_margin=0.15))
    edge = TouchPoint(0, 1, 0.05, 0.5)
    assert f.down(edge, 0.0) == [TouchIgnored("edge", 0, 1, 0.0)]
    assert f.up(edge, 0.1) == []
    assert selections(tap(f, TouchPoint(0, 1, 0.5, 0.5), 1.0)) == [TouchSelected(0, 1, 1.03)]
    f.down(TouchPoint(0, 1, 0.5, 0.5), 2.0)  # drifting onto its own edge still counts
    assert selections(f.up(TouchPoint(0, 1, 0.02, 0.5), 2.1)) == [TouchSelected(0, 1, 2.1)]


def test_with_a_hold_a_finger_may_slide_in_from_the_edge() -> None:
    f = TouchFilter(TouchSettings(edge_margin=0.2, hold_ms=300, select_on="press"))
    assert f.down(TouchPoint(0, 0, 0.95, 0.5), 0.0) == [TouchIgnored("edge", 0, 0, 0.0)]
    assert f.move(TouchPoint(0, 0, 0.5, 0.5), 0.1) == [TouchPressed(0, 0, 0.1, 0.0)]
    assert selections(f.advance(0.4)) == [TouchSelected(0, 0, pytest.approx(0.4))]


def test_a_second_finger_is_ignored() -> None:
    f = TouchFilter()
    f.down(A, 0.0, pointer=1)
    assert f.down(B, 0.05, pointer=2) == [TouchIgnored("another_finger", 0, 1, 0.05)]
    assert f.up(B, 0.06, pointer=2) == []
    assert f.up(A, 0.1, pointer=1) == [TouchSelected(0, 0, 0.1)]


def test_off_cell_touch_is_reported() -> None:
    f = TouchFilter()
    assert f.down(None, 0.0) == [TouchIgnored("off_cell", None, None, 0.0)]
    assert f.up(A, 0.1) == []


@pytest.mark.parametrize("data, message", [
    ({"hold_ms": -1}, "hold_ms must be a number of milliseconds"),
    ({"repeat_ignore_ms": "x"}, "repeat_ignore_ms must be"),
    ({"select_on": "tap"}, "select_on must be one of press, release"),
    ({"edge_margin": 0.5}, "edge_margin must be a fraction"),
    ({"hold": 3}, "unknown touch key 'hold'"),
])
def test_bad_settings_say_which_key_and_what_is_expected(data: dict[str, object],
                                                         message: str) -> None:
    with pytest.raises(BadSettings, match=message):
        TouchSettings.from_mapping(data)


def test_ignored_record_for_the_usage_log() -> None:
    rec = TouchIgnored("too_short", 1, 2, 3.14159, held_ms=120.04).record()
    assert rec == {"t": 3.142, "type": "touch_ignored", "reason": "too_short", "row": 1,
                   "col": 2, "held_ms": 120.0}


# -- properties --------------------------------------------------------------------------------
_points = st.one_of(
    st.none(),
    st.builds(TouchPoint, st.integers(0, 1), st.integers(0, 1),
              st.floats(0, 1), st.floats(0, 1)),
)
_events = st.lists(
    st.tuples(st.sampled_from(["down", "move", "up", "advance"]), _points,
              st.floats(0.001, 0.5), st.integers(1, 2)),
    max_size=40,
)
_settings = st.builds(
    TouchSettings,
    repeat_ignore_ms=st.sampled_from([0, 100, 500]),
    hold_ms=st.sampled_from([0, 200, 600]),
    select_on=st.sampled_from(["press", "release"]),
    edge_margin=st.sampled_from([0.0, 0.1, 0.3]),
)


def _run(s: TouchSettings, events: list[tuple[str, Optional[TouchPoint], float, int]]
         ) -> tuple[list[TouchSelected], list[tuple[float, Optional[TouchPoint], int, str]]]:
    """Replay events (with gaps) on a fake clock, advancing at every deadline."""
    f = TouchFilter(s)
    t = 0.0
    chosen: list[TouchSelected] = []
    log: list[tuple[float, Optional[TouchPoint], int, str]] = []
    for kind, at, gap, pointer in events:
        t += gap
        while (due := f.next_deadline()) is not None and due <= t:
            chosen += selections(f.advance(due))
        log.append((t, at, pointer, kind))
        if kind == "advance":
            chosen += selections(f.advance(t))
        else:
            chosen += selections(getattr(f, kind)(at, t, pointer))
    return chosen, log


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_settings, _events)
def test_selections_are_never_closer_than_repeat_ignore(
        s: TouchSettings, events: list[tuple[str, Optional[TouchPoint], float, int]]) -> None:
    chosen, _ = _run(s, events)
    times = [c.t for c in chosen]
    assert times == sorted(times)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(g >= s.repeat_ignore_ms / 1000.0 - 1e-9 for g in gaps)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_settings, _events)
def test_a_selection_needs_a_finger_held_on_that_cell_for_hold_ms(
        s: TouchSettings, events: list[tuple[str, Optional[TouchPoint], float, int]]) -> None:
    """Replaying the pointer history: before every selection the followed finger was down
    and on the chosen cell for at least ``hold_ms``, with no lift in between."""
    chosen, log = _run(s, events)
    for sel in chosen:
        history = [e for e in log if e[0] <= sel.t + 1e-12]
        # the moment the finger arrived on this cell and stayed there (down or move)
        # Only the followed finger counts: the first one down while none is; other fingers'
        # downs, moves and lifts are ignored until it lifts.
        arrived = None
        followed: Optional[int] = None
        for t, at, pointer, kind in history:
            if kind == "down" and followed is None:
                followed = pointer
            if pointer != followed or kind == "advance":
                continue
            on = at is not None and at.cell == (sel.row, sel.col)
            if kind == "down" and on and arrived is None:
                arrived = t
            elif kind == "up":
                if arrived is not None and t < sel.t:
                    arrived = None
                followed = None
            elif kind == "move" and on and arrived is None and s.hold_ms > 0:
                arrived = t
        assert arrived is not None
        assert sel.t - arrived >= s.hold_ms / 1000.0 - 1e-9


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.sampled_from([0.1, 0.25, 0.4]))
def test_a_touch_down_in_the_margin_never_selects(fx: float, fy: float, margin: float) -> None:
    at = TouchPoint(0, 0, fx, fy)
    f = TouchFilter(TouchSettings(edge_margin=margin))
    chosen = selections(tap(f, at, 0.0))
    assert bool(chosen) == (min(fx, 1 - fx, fy, 1 - fy) >= margin)
