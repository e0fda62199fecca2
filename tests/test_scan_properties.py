"""Properties of the scan engine that must hold for any board, settings and press timeline."""

from __future__ import annotations

import gc
import os
import sys
import tracemalloc
from typing import Any, Optional

import pytest
from helpers import drive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aac
from aac.core.board import Board, BoardSet, Cell
from aac.core.events import SwitchEvent
from aac.core.scan import Highlighted, ScanEngine, ScanOutput, Selected
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session

AAC_DIR = os.path.dirname(aac.__file__)
cells = st.one_of(st.none(), st.just("hidden"), st.sampled_from(["a", "b", "c", "d"]))
grids = st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=5)
press_lists = st.lists(
    st.tuples(st.floats(0.0, 20.0), st.floats(0.02, 1.5)), max_size=12
)


def make_board(grid: list[list[Optional[str]]]) -> BoardSet:
    rows = tuple(
        tuple(None if c is None else Cell("h", hidden=True) if c == "hidden" else Cell(c)
              for c in row)
        for row in grid
    )
    return BoardSet({"home": Board("home", rows)})


def edges_of(presses: list[tuple[float, float]]) -> list[SwitchEvent]:
    """Non-overlapping presses of switch 1, in time order."""
    out: list[SwitchEvent] = []
    last_up = -1.0
    for down, length in sorted(presses):
        down = round(max(down, last_up + 0.05), 3)
        up = round(down + length, 3)
        out += [SwitchEvent(1, True, down), SwitchEvent(1, False, up)]
        last_up = up
    return out


def selections(outs: list[ScanOutput]) -> list[tuple[float, int, int]]:
    return [(round(o.t, 9), o.row, o.col) for o in outs if isinstance(o, Selected)]


scan_settings = st.builds(
    ScanSettings,
    pattern=st.sampled_from(["row-column", "column-row", "linear"]),
    escape=st.booleans(),
    loops=st.integers(0, 3),
    first_item_factor=st.sampled_from([0.5, 1.0, 1.5, 2.0]),
    interval_ms=st.sampled_from([300, 500, 1000]),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids, scan_settings, press_lists)
def test_empty_cells_are_never_highlighted_and_selections_are_what_was_lit(
    grid: list[list[Optional[str]]], s: ScanSettings, presses: list[tuple[float, float]]
) -> None:
    bs = make_board(grid)
    board = bs.home_board
    visible = {(r, c) for r, c, _ in board.visible_cells()}
    engine = ScanEngine(Session(bs), s)
    outs = drive(engine, edges_of(presses), until=25.0)
    shown: Optional[Highlighted] = None
    for o in outs:
        if isinstance(o, Highlighted) and o.item is not None:
            assert o.item.cells and o.item.cells <= visible
            if o.level == 2 and shown is not None and shown.level == 1 and o.item.kind != "back":
                assert shown.item is not None and o.item.cells <= shown.item.cells
            shown = o
        if isinstance(o, Selected):  # the item highlighted at the press time
            assert shown is not None and shown.item is not None and shown.t <= o.t + 1e-9
            assert (shown.item.row, shown.item.col) == (o.row, o.col)


@settings(max_examples=100, deadline=None)
@given(grids, scan_settings, press_lists, st.lists(st.floats(0.0, 0.25), max_size=24))
def test_a_late_loop_selects_exactly_what_an_on_time_loop_selects(
    grid: list[list[Optional[str]]], s: ScanSettings, presses: list[tuple[float, float]],
    lags: list[float],
) -> None:
    edges = edges_of(presses)
    on_time = drive(ScanEngine(Session(make_board(grid)), s), edges, until=25.0)
    late = drive(ScanEngine(Session(make_board(grid)), s), edges, until=25.0, lags=lags)
    assert selections(late) == selections(on_time)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8), st.floats(0.05, 3.0), st.floats(0.3, 3.0), st.integers(1, 300),
       st.floats(0.0, 1e5))
def test_item_starts_equal_the_formula_after_any_number_of_passes(
    n: int, interval: float, factor: float, passes: int, start: float
) -> None:
    bs = make_board([["a"] * n])
    engine = ScanEngine(Session(bs), ScanSettings(pattern="linear", loops=0,
                                                  interval_ms=interval * 1000,
                                                  first_item_factor=factor))
    outs = engine.start(start)
    length = interval * (factor + n - 1)
    for _ in range(passes * n):
        due = engine.next_deadline()
        assert due is not None
        outs += engine.advance(due + 0.0001)  # every tick a little late: must not accumulate
    starts = [o.t for o in outs if isinstance(o, Highlighted)]
    for i, t in enumerate(starts):
        m, k = divmod(i, n)
        expected = start + m * length + (0.0 if k == 0 else interval * (factor + k - 1))
        assert abs(t - expected) <= 1e-9 * max(1.0, abs(expected))


def _calls_per_tick(size: int, ticks: int = 6) -> list[int]:
    grid = [["w"] * size for _ in range(size)]
    engine = ScanEngine(Session(make_board(grid)), ScanSettings(loops=0))
    engine.start(0.0)
    counts = []
    for _ in range(ticks):
        due = engine.next_deadline()
        assert due is not None
        calls = 0

        def prof(frame: Any, event: str, arg: Any) -> None:
            nonlocal calls
            if event in ("call", "c_call") and frame.f_code.co_filename.startswith(AAC_DIR):
                calls += 1

        gc.collect()
        gc.disable()  # a collection would run other tests' finalizers inside the tick
        sys.setprofile(prof)
        try:
            engine.advance(due)
        finally:
            sys.setprofile(None)
            gc.enable()
        counts.append(calls)
    return counts


@pytest.mark.slow
def test_work_per_tick_does_not_grow_with_board_size() -> None:
    small, large, huge = _calls_per_tick(2), _calls_per_tick(12), _calls_per_tick(40)
    # counted in function calls, not seconds: the same on a 2x2 and a 40x40 board
    assert small == large == huge


@pytest.mark.slow
def test_no_memory_growth_over_a_long_run() -> None:
    clear = Cell("clear", action=("clear",))  # so the message bar itself does not grow
    bs = BoardSet({"home": Board("home", ((clear, clear, clear),) * 3)})
    engine = ScanEngine(Session(bs),
                        ScanSettings(loops=0, interval_ms=100))
    engine.start(0.0)

    def run(ticks: int) -> None:
        for i in range(ticks):
            due = engine.next_deadline()
            assert due is not None
            engine.advance(due)
            if i % 7 == 0:  # and presses now and then
                engine.switch(SwitchEvent(1, True, due + 0.01))
                engine.switch(SwitchEvent(1, False, due + 0.05))

    run(2000)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    run(20000)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert growth < 20_000


@settings(max_examples=80, deadline=None)
@given(grids, scan_settings, press_lists)
def test_preview_is_exactly_what_the_next_tick_shows_and_changes_nothing(
    grid: list[list[Optional[str]]], s: ScanSettings, presses: list[tuple[float, float]]
) -> None:
    engine = ScanEngine(Session(make_board(grid)), s)
    twin = ScanEngine(Session(make_board(grid)), s)  # never previewed
    engine.start(0.0)
    twin.start(0.0)
    pending = edges_of(presses)
    for _ in range(60):
        own = engine._own_deadline()
        if pending and (own is None or pending[0].t <= own):
            edge = pending.pop(0)
            assert engine.switch(edge) == twin.switch(edge)
            continue
        preview = engine.preview()
        if preview is None:
            break
        due, highlight = preview
        assert due == own
        assert engine.advance(due) == twin.advance(due)
        assert engine.highlight == highlight
