"""The scan engine's transition table: every mode can select, and what changes nothing is
recorded (state, switch, event, why) instead of silently dropped."""

from __future__ import annotations

from typing import get_args

from aac.core.board import Board, BoardSet, Cell
from aac.core.events import SwitchEvent
from aac.core.replay import press_edges, replay
from aac.core.scan import TRANSITIONS, Ignored, ScanEngine, Selected
from aac.core.scan_settings import MODES, ScanSettings
from aac.core.session import Session
from aac.core.vocabulary import ScanMode

GRID = BoardSet({"home": Board("home", ((Cell("a"), Cell("b")), (Cell("c"), Cell("d"))))})


def engine(**settings: object) -> ScanEngine:
    return ScanEngine(Session(GRID), ScanSettings(**settings))  # type: ignore[arg-type]


def test_mode_names_are_the_literal_type_and_every_mode_has_a_way_to_select() -> None:
    assert MODES == get_args(ScanMode) == ("auto", "step", "inverse", "press-hold")
    selecting = {"_select_action", "_inverse_release"}
    for mode in MODES:
        assert any(state == mode and h.__name__ in selecting
                   for (state, _, _), h in TRANSITIONS.items()), mode


def test_switch_2_in_a_one_switch_mode_is_recorded_with_state_and_event() -> None:
    e = engine(interval_ms=1000)
    out = replay(e, press_edges([(2, 0.5, 0.6)]), until=0.7)
    assert not any(isinstance(o, Selected) for o in out)
    assert e.ignored[0] == Ignored(0.5, "auto", 2, "down",
                                   "switch 2 down has no transition in state auto")
    assert e.ignored_counts == {"auto/2/down": 1, "auto/2/press": 1, "auto/2/release": 1}


def test_a_debounced_press_is_recorded_with_the_filters_reason() -> None:
    e = engine(interval_ms=1000, debounce_ms=300, loops=0)
    replay(e, press_edges([(1, 0.5, 0.6), (1, 0.7, 0.8)]), until=1.0)
    assert [(i.state, i.event, i.reason) for i in e.ignored] == [
        ("auto", "ignored", "the switch filter rejected it (debounce)")]


def test_a_press_before_start_is_recorded_as_idle() -> None:
    e = engine()
    assert e.switch(SwitchEvent(1, True, 0.0)) == []
    assert e.state == "idle"
    assert [(i.state, i.event) for i in e.ignored] == [("idle", "down"), ("idle", "press")]


def test_expected_edges_around_a_selecting_press_are_not_recorded() -> None:
    e = engine(interval_ms=1000)
    out = replay(e, press_edges([(1, 0.5, 0.6), (1, 1.7, 1.8)]), until=2.0)
    assert [o.label for o in out if isinstance(o, Selected)] == ["b"]
    assert not e.ignored
