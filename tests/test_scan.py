"""SCANNING.md, rule by rule, on a virtual clock with exact times."""

from __future__ import annotations

from typing import Any, Optional, Union

import pytest
from helpers import hl, replay_records

from aac.core.board import Board, BoardSet, Cell
from aac.core.events import SwitchEvent
from aac.core.scan import Highlighted, Prompt, ScanEngine, Selected, Stopped
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session

Spec = Union[str, Cell, None]


def board(rows: list[list[Spec]], board_id: str = "home", **kw: Any) -> Board:
    return Board(board_id, tuple(tuple(Cell(c) if isinstance(c, str) else c for c in r)
                                 for r in rows), **kw)


def boardset(*boards: Board) -> BoardSet:
    return BoardSet({b.id: b for b in boards}, home=boards[0].id)


GRID3 = boardset(board([["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]))


def run(bs: BoardSet, presses: list[tuple[int, float, float]], until: Optional[float] = None,
        **settings: Any) -> list[dict[str, Any]]:
    events, _ = replay_records(bs, ScanSettings(**settings), presses, until)
    return events


def only(events: list[dict[str, Any]], *types: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] in types]


# -- the worked example ------------------------------------------------------------------------
def test_worked_example_exactly() -> None:
    events = run(GRID3, [(1, 1.7, 1.8), (1, 3.5, 3.6)], until=5.0,
                 interval_ms=1000, first_item_factor=1.5, loops=3)
    assert events == [
        hl(0.0, 1, row=0), hl(1.5, 1, row=1),
        hl(1.7, 2, 1, 0), hl(3.2, 2, 1, 1),
        {"t": 3.5, "type": "select", "board": "home", "row": 1, "col": 1, "label": "e"},
        {"t": 3.5, "type": "speak", "text": "e"},
        hl(3.5, 1, row=0), hl(5.0, 1, row=1),
    ]


def test_worked_example_row_spans_before_any_press() -> None:
    events = run(GRID3, [], until=8.0, interval_ms=1000, first_item_factor=1.5, loops=3)
    assert [(e["t"], e["row"]) for e in events] == [
        (0.0, 0), (1.5, 1), (2.5, 2), (3.5, 0), (5.0, 1), (6.0, 2), (7.0, 0)]


def test_worked_example_cells_spans_when_nothing_is_chosen() -> None:
    events = run(GRID3, [(1, 1.7, 1.8)], until=5.2, interval_ms=1000, first_item_factor=1.5)
    assert only(events, "highlight")[2:] == [hl(1.7, 2, 1, 0), hl(3.2, 2, 1, 1), hl(4.2, 2, 1, 2),
                                             hl(5.2, 2, 1, 0)]


# -- timing rules ------------------------------------------------------------------------------
def test_first_item_factor_applies_to_the_first_item_of_every_pass() -> None:
    bs = boardset(board([["a"], ["b"]]))
    events = run(bs, [], until=3.0, interval_ms=500, first_item_factor=2.0, loops=0)
    assert [e["t"] for e in events] == [0.0, 1.0, 1.5, 2.5, 3.0]


def test_level2_loops_run_out_then_level1_starts_at_that_moment() -> None:
    bs = boardset(board([["a", "b"], ["c", "d"]]))
    events = run(bs, [(1, 0.2, 0.3)], until=3.0, interval_ms=500, loops=2)
    # level 2 of row 0 starts at 0.2; 2 passes of 2 items = 2 s; level 1 again at 2.2
    assert only(events, "highlight") == [
        hl(0.0, 1, row=0), hl(0.2, 2, 0, 0), hl(0.7, 2, 0, 1), hl(1.2, 2, 0, 0),
        hl(1.7, 2, 0, 1), hl(2.2, 1, row=0), hl(2.7, 1, row=1)]


def test_level1_loops_run_out_then_scan_stops_and_a_press_restarts_without_selecting() -> None:
    bs = boardset(board([["a"], ["b"]]))
    events = run(bs, [(1, 5.0, 5.1)], until=5.6, interval_ms=1000, loops=2)
    assert events == [hl(0.0, 1, row=0), hl(1.0, 1, row=1), hl(2.0, 1, row=0),
                      hl(3.0, 1, row=1), {"t": 4.0, "type": "stop"},
                      hl(5.0, 1, row=0)]


def test_linear_loops_run_out_then_stop() -> None:
    bs = boardset(board([["a", "b"]]))
    events = run(bs, [], interval_ms=1000, loops=1, pattern="linear")
    assert events == [hl(0.0, 1, 0, 0), hl(1.0, 1, 0, 1), {"t": 2.0, "type": "stop"}]


def test_start_on_press_idles_until_a_press_which_selects_nothing() -> None:
    events = run(GRID3, [(1, 2.0, 2.1)], until=3.5, start="on-press")
    assert events == [hl(2.0, 1, row=0), hl(3.0, 1, row=1)]


def test_acceptance_press_time_is_down_plus_acceptance() -> None:
    # down at 1.9 while row 1 shows; accepted at 2.1, when row 2 (from 2.0) shows
    events = run(GRID3, [(1, 1.9, 2.3)], until=2.2, acceptance_ms=200)
    assert only(events, "highlight")[-2:] == [hl(2.0, 1, row=2), hl(2.1, 2, 2, 0)]


def test_acceptance_shorter_holds_are_ignored() -> None:
    events = run(GRID3, [(1, 0.5, 0.6), (1, 1.2, 1.39)], until=2.5, acceptance_ms=200)
    assert [e["level"] for e in events] == [1, 1, 1]


def test_debounce_ignores_a_press_too_soon_after_the_previous_accepted_one() -> None:
    events = run(GRID3, [(1, 1.2, 1.25), (1, 1.28, 1.29), (1, 1.5, 1.6)], until=1.5)
    # first press opens row 1; the second (80 ms later) is ignored; the third selects (1,0)
    assert only(events, "highlight", "select")[2:] == [
        hl(1.2, 2, 1, 0),
        {"t": 1.5, "type": "select", "board": "home", "row": 1, "col": 0, "label": "d"},
        hl(1.5, 1, row=0)]


def test_a_press_exactly_on_a_boundary_belongs_to_the_new_item() -> None:
    events = run(GRID3, [(1, 1.0, 1.1)], until=1.0)
    assert events[-1] == hl(1.0, 2, 1, 0)


def test_escape_item_returns_to_level1_without_activating() -> None:
    bs = boardset(board([["a", "b"], ["c", "d"]]))
    events = run(bs, [(1, 0.5, 0.6), (1, 3.0, 3.1)], until=3.0, escape=True)
    assert events == [hl(0.0, 1, row=0), hl(0.5, 2, 0, 0), hl(1.5, 2, 0, 1),
                      hl(2.5, 2, row=0, back=True), hl(3.0, 1, row=0)]
    assert only(events, "select", "speak") == []


def test_escape_item_is_one_item_of_each_level2_pass() -> None:
    bs = boardset(board([["a", "b"], ["c", "d"]]))
    events = run(bs, [(1, 0.0, 0.1)], until=3.0, escape=True, loops=0)
    assert [(e["t"], e.get("col"), e.get("back", False)) for e in events[1:]] == [
        (0.0, 0, False), (1.0, 1, False), (2.0, None, True), (3.0, 0, False)]


def test_column_row_scans_columns_then_cells_top_to_bottom() -> None:
    events = run(GRID3, [(1, 1.5, 1.6)], until=3.5, pattern="column-row")
    assert events == [hl(0.0, 1, col=0), hl(1.0, 1, col=1), hl(1.5, 2, 0, 1), hl(2.5, 2, 1, 1),
                      hl(3.5, 2, 2, 1)]


def test_board_pattern_override_wins() -> None:
    bs = boardset(board([["a", "b"], ["c", "d"]], scan_pattern="linear"))
    events = run(bs, [], until=3.0)
    assert [(e["row"], e["col"]) for e in events] == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_empty_hidden_cells_and_empty_rows_are_never_highlighted() -> None:
    bs = boardset(board([["a", None, Cell("x", hidden=True), "b"], [None, None],
                         [Cell("y", hidden=True)], [None, "c"]]))
    events = run(bs, [(1, 0.0, 0.1)], until=2.5, loops=0)
    assert [(e["level"], e.get("row"), e.get("col")) for e in events] == [
        (1, 0, None), (2, 0, 0), (2, 0, 3), (2, 0, 0)]
    lin = run(bs, [], until=2.5, pattern="linear", loops=0)
    assert [(e["row"], e["col"]) for e in lin] == [(0, 0), (0, 3), (3, 1)]


def test_selecting_a_link_navigates_and_scans_the_new_board() -> None:
    home = board([[Cell("Food", link="food")]])
    food = board([["apple", "pear"]], board_id="food")
    events = run(boardset(home, food), [(1, 0.2, 0.3), (1, 0.4, 0.5)], until=0.4)
    assert events[1:] == [
        hl(0.2, 2, 0, 0),
        {"t": 0.4, "type": "select", "board": "home", "row": 0, "col": 0, "label": "Food"},
        {"t": 0.4, "type": "navigate", "board": "food"},
        hl(0.4, 1, row=0)]


# -- other modes -------------------------------------------------------------------------------
def test_step_mode_move_advances_and_wraps_select_selects() -> None:
    presses = [(2, 5.0, 5.1), (2, 6.0, 6.1), (2, 7.0, 7.1), (1, 8.0, 8.1), (2, 9.0, 9.1),
               (1, 10.0, 10.1)]
    events, message = replay_records(GRID3, ScanSettings(mode="step"), presses)
    assert [(e["t"], e["type"], e.get("level"), e.get("row"), e.get("col"))
            for e in events] == [
        (0.0, "highlight", 1, 0, None), (5.0, "highlight", 1, 1, None),
        (6.0, "highlight", 1, 2, None), (7.0, "highlight", 1, 0, None),
        (8.0, "highlight", 2, 0, 0), (9.0, "highlight", 2, 0, 1),
        (10.0, "select", None, 0, 1), (10.0, "speak", None, None, None),
        (10.0, "highlight", 1, 0, None)]
    assert message == "b"


def test_inverse_hold_advances_from_the_down_time_and_release_selects() -> None:
    events = run(GRID3, [(1, 5.0, 7.5)], mode="inverse", interval_ms=1000)
    assert events == [hl(0.0, 1, row=0), hl(6.0, 1, row=1), hl(7.0, 1, row=2),
                      hl(7.5, 2, 2, 0)]


def test_inverse_hold_shorter_than_acceptance_does_nothing() -> None:
    events = run(GRID3, [(1, 5.0, 6.2), (1, 8.0, 8.05)], mode="inverse", interval_ms=1000,
                 acceptance_ms=1500)
    assert events == [hl(0.0, 1, row=0), hl(6.0, 1, row=1), hl(6.2, 1, row=0)]


def test_inverse_whole_pass_while_held_wraps() -> None:
    events = run(GRID3, [(1, 1.0, 4.5)], mode="inverse", interval_ms=1000)
    assert events[-2:] == [hl(4.0, 1, row=0), hl(4.5, 2, 0, 0)]


def test_press_hold_short_press_advances_at_release_long_press_selects_at_hold() -> None:
    events = run(GRID3, [(1, 1.0, 1.3), (1, 2.0, 3.0)], mode="press-hold", hold_ms=600)
    assert events == [hl(0.0, 1, row=0), hl(1.3, 1, row=1), hl(2.6, 2, 1, 0)]


def test_press_hold_nothing_moves_by_time() -> None:
    events = run(GRID3, [], until=30.0, mode="press-hold")
    assert events == [hl(0.0, 1, row=0)]


# -- the engine API: late calls, late events, prompts ------------------------------------------
def engine(bs: BoardSet = GRID3, **kw: Any) -> ScanEngine:
    return ScanEngine(Session(bs), ScanSettings(**kw))


def test_late_ticks_are_drawn_late_and_skipped_ticks_never_replayed() -> None:
    e = engine(loops=0)
    e.start(0.0)
    out = e.advance(3.4)  # the loop was blocked from 0 to 3.4 s
    assert out == [Highlighted(3.0, 1, e.item)]
    assert e.item is not None and e.item.row == 0
    assert e.next_deadline() == pytest.approx(4.0)  # later items keep their absolute times
    out = e.advance(4.0)
    assert [(o.t, o.item.row) for o in out if isinstance(o, Highlighted) and o.item] == [(4.0, 1)]


def test_a_late_event_is_judged_against_the_highlight_at_its_timestamp() -> None:
    e = engine()
    e.start(0.0)
    e.advance(1.002)  # row 1 is up at 1.0; the driver's press from 0.999 arrives now
    out = e.switch(SwitchEvent(1, True, 0.999))
    lit = [o for o in out if isinstance(o, Highlighted)]
    assert lit and lit[-1].level == 2 and lit[-1].item is not None and lit[-1].item.row == 0


def test_stop_is_undone_for_a_press_that_came_before_it() -> None:
    e = engine(loops=1)
    e.start(0.0)
    out = e.advance(3.005)
    assert any(isinstance(o, Stopped) for o in out) and e.highlight is None
    out = e.switch(SwitchEvent(1, True, 2.99))
    assert e.level == 2 and e.item is not None and e.item.row == 2
    assert not any(isinstance(o, Selected) for o in out)


def test_prompts_speak_label_or_cue() -> None:
    bs = boardset(board([[Cell("a", cue="apple"), "b"]]))
    e = engine(bs, pattern="linear", prompt="cue")
    out = e.start(0.0) + e.advance(1.0)
    assert [o.text for o in out if isinstance(o, Prompt)] == ["apple", "b"]
    e = engine(bs, pattern="linear", prompt="label")
    assert [o.text for o in e.start(0.0) if isinstance(o, Prompt)] == ["a"]


def test_wait_for_prompt_extends_an_item_and_shifts_every_later_start() -> None:
    bs = boardset(board([["a", "long", "c"]]))
    durations = {"a": 0.3, "long": 1.75, "c": 0.9}
    e = ScanEngine(Session(bs), ScanSettings(pattern="linear", prompt="label", loops=0),
                   prompt_duration=durations.get)
    starts = [o.t for o in e.start(0.0) if isinstance(o, Highlighted)]
    while len(starts) < 7:
        due = e.next_deadline()
        assert due is not None
        starts += [o.t for o in e.advance(due) if isinstance(o, Highlighted)]
    # item "long" lasts 1.75 s instead of 1 s: +0.75 s for every later item, every pass
    assert starts == pytest.approx([0.0, 1.0, 2.75, 3.75, 4.75, 6.5, 7.5])


def test_without_wait_for_prompt_the_interval_rules() -> None:
    bs = boardset(board([["a", "long"]]))
    e = ScanEngine(Session(bs), ScanSettings(pattern="linear", prompt="label",
                                             wait_for_prompt=False), prompt_duration=lambda _: 5)
    e.start(0.0)
    assert e.next_deadline() == pytest.approx(1.0)


def test_unknown_prompt_duration_holds_until_prompt_finished() -> None:
    bs = boardset(board([["a", "b"]]))
    e = ScanEngine(Session(bs), ScanSettings(pattern="linear", prompt="label", loops=0),
                   prompt_duration=lambda _: None)
    e.start(0.0)
    assert e.next_deadline() is None and e.advance(5.0) == []
    out = e.prompt_finished(1.4)
    assert [(o.t, o.item.col) for o in out if isinstance(o, Highlighted) and o.item] == [(1.4, 1)]
    assert e.prompt_finished(1.6) == []  # finished before its 1 s: no extension
    assert e.advance(2.4)[0] == Highlighted(2.4, 1, e.item)
    assert e.item is not None and e.item.col == 0


def test_a_board_with_nothing_to_scan_highlights_nothing() -> None:
    e = engine(boardset(board([[None, Cell("x", hidden=True)]])))
    e.start(0.0)
    assert e.highlight is None and e.next_deadline() is None
    assert e.switch(SwitchEvent(1, True, 1.0)) == []
