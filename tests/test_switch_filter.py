"""Switch filtering on exact times: bounce, acceptance, debounce, release time, hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aac.core.events import SwitchEvent
from aac.core.switch import FilterSettings, SwitchAction, SwitchFilter
from aac.errors import BadSettings


def run(filt: SwitchFilter, edges: list[tuple[float, bool]], until: float) -> list[SwitchAction]:
    out: list[SwitchAction] = []
    for t, down in edges:
        out += filt.feed(SwitchEvent(filt.switch, down, t))
    out += filt.advance(until)
    return out


def kinds(actions: list[SwitchAction]) -> list[tuple[str, float]]:
    return [(a.kind, round(a.t, 6)) for a in actions]


def test_plain_press_is_accepted_at_down_and_released_at_up() -> None:
    f = SwitchFilter(FilterSettings(bounce_ms=10))
    acts = run(f, [(1.0, True), (1.2, False)], until=5)
    assert kinds(acts) == [("down", 1.0), ("press", 1.0), ("release", 1.2)]
    assert acts[-1].duration == pytest.approx(0.2)
    assert acts[-1].accepted and acts[-1].bounces == 0


def test_release_is_confirmed_only_after_the_bounce_window() -> None:
    f = SwitchFilter(FilterSettings(bounce_ms=10))
    run(f, [(1.0, True), (1.2, False)], until=1.205)
    assert f.is_down and f.next_deadline() == pytest.approx(1.21)
    assert kinds(f.advance(1.21)) == [("release", 1.2)]
    assert f.next_deadline() is None


def test_contact_bounce_collapses_to_one_press_with_a_bounce_count() -> None:
    f = SwitchFilter(FilterSettings(bounce_ms=10))
    edges = [(1.0, True), (1.002, False), (1.003, True), (1.005, False), (1.006, True),
             (1.3, False), (1.303, True), (1.304, False)]
    acts = run(f, edges, until=5)
    assert kinds(acts) == [("down", 1.0), ("press", 1.0), ("release", 1.304)]
    assert acts[-1].bounces == 3  # three re-contacts merged


def test_acceptance_time_is_down_plus_acceptance_and_short_holds_do_nothing() -> None:
    f = SwitchFilter(FilterSettings(acceptance_ms=200, debounce_ms=0))
    acts = run(f, [(1.0, True), (1.15, False), (2.0, True), (2.2, False)], until=5)
    assert kinds(acts) == [
        ("down", 1.0), ("release", 1.15), ("down", 2.0), ("press", 2.2), ("release", 2.2)
    ]
    assert not acts[1].accepted and acts[4].accepted


def test_acceptance_timer_is_a_deadline_settled_after_the_bounce_window() -> None:
    f = SwitchFilter(FilterSettings(acceptance_ms=250, bounce_ms=10))
    assert kinds(f.feed(SwitchEvent(1, True, 3.0))) == [("down", 3.0)]
    assert f.pending() == (pytest.approx(3.25), "press")
    assert f.next_deadline() == pytest.approx(3.26)
    assert f.advance(3.259) == []
    assert kinds(f.advance(3.26)) == [("press", 3.25)]  # the press's time is still down + 250
    assert f.pending() is None


def test_an_up_stamped_before_acceptance_that_arrives_a_little_late_still_counts() -> None:
    """The driver read the release at 3.249 but the loop got it at 3.255: not accepted."""
    f = SwitchFilter(FilterSettings(acceptance_ms=250, bounce_ms=10))
    f.feed(SwitchEvent(1, True, 3.0))
    assert f.advance(3.255) == []
    acts = f.feed(SwitchEvent(1, False, 3.249)) + f.advance(4.0)
    assert kinds(acts) == [("release", 3.249)] and not acts[0].accepted


def test_an_up_just_after_acceptance_ends_an_accepted_press() -> None:
    f = SwitchFilter(FilterSettings(acceptance_ms=250, bounce_ms=10))
    acts = run(f, [(3.0, True), (3.252, False)], until=5)
    assert kinds(acts) == [("down", 3.0), ("press", 3.25), ("release", 3.252)]
    assert acts[2].accepted


def test_hold_is_settled_like_acceptance() -> None:
    f = SwitchFilter(FilterSettings(hold_ms=600, bounce_ms=10))
    assert kinds(f.feed(SwitchEvent(1, True, 1.0))) == [("down", 1.0), ("press", 1.0)]
    assert f.advance(1.605) == []  # the hold (at 1.6) is not settled before 1.61
    acts = f.feed(SwitchEvent(1, False, 1.599)) + f.advance(3.0)
    assert kinds(acts) == [("release", 1.599)] and not acts[0].held


def test_a_bounce_gap_during_acceptance_counts_as_contact() -> None:
    f = SwitchFilter(FilterSettings(acceptance_ms=100, bounce_ms=10))
    acts = run(f, [(1.0, True), (1.095, False), (1.101, True), (1.3, False)], until=5)
    assert kinds(acts) == [("down", 1.0), ("press", 1.1), ("release", 1.3)]


def test_debounce_ignores_a_second_press_too_soon_after_an_accepted_one() -> None:
    f = SwitchFilter(FilterSettings(debounce_ms=100))
    acts = run(f, [(1.0, True), (1.03, False), (1.08, True), (1.085, False),
                   (1.1, True), (1.2, False)], until=5)
    assert kinds(acts) == [("down", 1.0), ("press", 1.0), ("release", 1.03),
                           ("ignored", 1.085), ("down", 1.1), ("press", 1.1), ("release", 1.2)]
    assert acts[3].reason == "debounce"
    assert acts[5].since_previous == pytest.approx(0.1)


def test_minimum_release_time() -> None:
    f = SwitchFilter(FilterSettings(debounce_ms=0, release_ms=300))
    acts = run(f, [(1.0, True), (1.1, False), (1.3, True), (1.35, False),
                   (1.7, True), (1.8, False)], until=5)
    assert [a.kind for a in acts] == ["down", "press", "release", "ignored",
                                      "down", "press", "release"]
    assert acts[3].reason == "release"


def test_hold_is_reported_at_down_plus_hold() -> None:
    f = SwitchFilter(FilterSettings(hold_ms=600))
    acts = run(f, [(1.0, True), (1.3, False), (2.0, True), (3.0, False)], until=5)
    assert kinds(acts) == [("down", 1.0), ("press", 1.0), ("release", 1.3),
                           ("down", 2.0), ("press", 2.0), ("hold", 2.6), ("release", 3.0)]
    assert not acts[2].held and acts[6].held


def test_bad_settings_name_the_key() -> None:
    with pytest.raises(BadSettings, match="acceptance_ms"):
        FilterSettings(acceptance_ms=-1)
    with pytest.raises(BadSettings, match="hold_ms"):
        FilterSettings(hold_ms=0)


@given(st.lists(st.floats(min_value=0.0005, max_value=0.009), min_size=1, max_size=30))
def test_any_burst_of_fast_edges_is_one_press(gaps: list[float]) -> None:
    f = SwitchFilter(FilterSettings(bounce_ms=10))
    t, down, edges = 1.0, True, []
    for gap in gaps:
        edges.append((t, down))
        t += gap
        down = not down
    edges.append((t, False))
    acts = run(f, edges, until=t + 1)
    assert [a.kind for a in acts] == ["down", "press", "release"]
    assert acts[0].t == 1.0
