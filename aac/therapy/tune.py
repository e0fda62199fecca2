"""Suggested scan and switch settings from what the log shows (pure).

Each suggestion carries its evidence (``reason``) and how sure it is (``samples``: the
number of presses it rests on). Rules (docs/therapy.md):

- ``interval_ms``: the ".65 rule" (SCANNING.md): mean reaction time to items other than
  the first / 0.65, so most presses land well inside the item.
- ``first_item_factor``: the same rule for first items (the child must find the new row
  first), as a multiple of the suggested interval; at least 1.
- ``acceptance_ms``: when presses fall in two groups, brief brushes and real presses,
  halfway between the longest brush and the shortest real press.
- ``debounce_ms``: longer than the longest double press (a second press within
  ``DOUBLE_S`` of one that counted), never longer than the interval.
- ``hold_ms`` (press-hold mode): halfway between the longest tap and the shortest hold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import mean
from typing import Any, Optional

from .analysis import SessionStats

RULE = 0.65
MIN_SAMPLES = 3  # fewer presses than this: no suggestion
FEW = 20  # fewer than this: say it is a first guess
BRUSH_MAX_S = 0.1  # a brush (accidental touch) is shorter than this
GROUP_RATIO = 2.5  # two groups of durations: the gap between them is at least this ratio
DEBOUNCE_MARGIN_MS = 50.0


@dataclass(frozen=True)
class Suggestion:
    value: float
    reason: str
    samples: int
    keep: bool = False  # the evidence says the current value is right (--apply skips it)

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "reason": self.reason, "samples": self.samples}


def _round(value: float, step: float) -> float:
    r = round(value / step) * step
    return float(int(r)) if r == int(r) else round(r, 3)


def _sure(n: int) -> str:
    return " (few presses: a first guess)" if n < FEW else ""


def _current(sessions: Sequence[SessionStats], key: str, default: float) -> float:
    for s in reversed(sessions):
        v = s.settings.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
    return default


def split_groups(values: Sequence[float], low_max: Optional[float] = None
                 ) -> Optional[tuple[list[float], list[float]]]:
    """Two groups (short, long) split at the largest ratio gap of the sorted values, when
    that gap is at least :data:`GROUP_RATIO` (and the short group is under ``low_max``)."""
    xs = sorted(v for v in values if v > 0)
    best, at = 0.0, -1
    for i in range(len(xs) - 1):
        if low_max is not None and xs[i] > low_max:
            break
        ratio = xs[i + 1] / xs[i]
        if ratio > best:
            best, at = ratio, i
    if at < 0 or best < GROUP_RATIO:
        return None
    return xs[:at + 1], xs[at + 1:]


def suggest(sessions: Sequence[SessionStats]) -> dict[str, Suggestion]:
    """Suggestions for every key the log has evidence for."""
    out: dict[str, Suggestion] = {}
    auto = [s for s in sessions if s.mode == "auto"]
    interval = _interval(auto, out)
    _first_item(auto, interval or _current(sessions, "interval_ms", 1000.0), out)
    _acceptance(sessions, out)
    _debounce(sessions, interval or _current(sessions, "interval_ms", 1000.0), out)
    _hold(sessions, out)
    return out


def _interval(auto: Sequence[SessionStats], out: dict[str, Suggestion]) -> Optional[float]:
    rts = [rt for s in auto for rt in s.rts(first_item=False)]
    if len(rts) < MIN_SAMPLES:
        return None
    late = sum(1 for s in auto for c in s.late if not c.first_item)
    m = mean(rts) * 1000.0
    value = _round(m / RULE, 50)
    out["interval_ms"] = Suggestion(value, (
        f"mean reaction time {m:.0f} ms over {len(rts)} presses ({late} late, counted from "
        f"the item meant); .65 rule: {m:.0f} / 0.65 = {m / RULE:.0f} ms, rounded"
        f"{_sure(len(rts))}"), len(rts))
    return value


def _first_item(auto: Sequence[SessionStats], interval: float,
                out: dict[str, Suggestion]) -> None:
    rts = [rt for s in auto for rt in s.rts(first_item=True)]
    if len(rts) < MIN_SAMPLES:
        return
    misses = sum(s.first_item_misses for s in auto)
    m = mean(rts) * 1000.0
    value = max(1.0, _round(m / RULE / interval, 0.1))
    out["first_item_factor"] = Suggestion(value, (
        f"mean reaction time to first items {m:.0f} ms over {len(rts)} presses, "
        f"{misses} first-item misses (late presses or a later pass); {m:.0f} / 0.65 / "
        f"{interval:g} ms = {m / RULE / interval:.2f}{_sure(len(rts))}"), len(rts))


def _durations(sessions: Sequence[SessionStats], mode: Optional[str] = None) -> list[float]:
    return [p.duration for s in sessions if mode is None or s.mode == mode
            for p in s.presses if p.duration is not None]


def _acceptance(sessions: Sequence[SessionStats], out: dict[str, Suggestion]) -> None:
    durations = _durations([s for s in sessions if s.mode != "press-hold"])
    if len(durations) < MIN_SAMPLES:
        return
    current = _current(sessions, "acceptance_ms", 0.0)
    groups = split_groups(durations, BRUSH_MAX_S)
    if groups is None:
        out["acceptance_ms"] = Suggestion(current, (
            f"no brief brushes among {len(durations)} presses (shortest "
            f"{min(durations) * 1000:.0f} ms): keep {current:g} ms"), len(durations), True)
        return
    brush, real = groups
    value = _round((max(brush) + min(real)) / 2 * 1000.0, 10)
    out["acceptance_ms"] = Suggestion(value, (
        f"{len(brush)} of {len(durations)} presses were brushes of "
        f"{min(brush) * 1000:.0f}-{max(brush) * 1000:.0f} ms, real presses last "
        f"{min(real) * 1000:.0f} ms or more: accept presses held {value:g} ms"),
        len(durations))


def _debounce(sessions: Sequence[SessionStats], interval: float,
              out: dict[str, Suggestion]) -> None:
    presses = sum(len(s.presses) for s in sessions)
    if presses < MIN_SAMPLES:
        return
    gaps = [g * 1000.0 for s in sessions for g in s.double_gaps]
    bounces = sum(s.bounces for s in sessions)
    current = _current(sessions, "debounce_ms", 100.0)
    note = f"; {bounces} contact bounces were merged by bounce_ms" if bounces else ""
    if not gaps:
        out["debounce_ms"] = Suggestion(current, (
            f"no double presses among {presses} presses{note}: keep {current:g} ms"), presses,
            True)
        return
    need = math.ceil(round(max(gaps) + DEBOUNCE_MARGIN_MS, 3) / 10.0) * 10.0
    value = float(min(max(need, current), interval))
    capped = " (capped at the interval)" if value < need else ""
    out["debounce_ms"] = Suggestion(value, (
        f"{len(gaps)} double presses {min(gaps):.0f}-{max(gaps):.0f} ms after a press that "
        f"counted, among {presses} presses{note}; ignore presses for {value:g} ms"
        f"{capped}"), presses)


def _hold(sessions: Sequence[SessionStats], out: dict[str, Suggestion]) -> None:
    durations = _durations(sessions, "press-hold")
    if len(durations) < MIN_SAMPLES:
        return
    groups = split_groups(durations)
    current = _current([s for s in sessions if s.mode == "press-hold"], "hold_ms", 600.0)
    if groups is None:
        out["hold_ms"] = Suggestion(current, (
            f"taps and holds do not separate among {len(durations)} presses: keep "
            f"{current:g} ms"), len(durations), True)
        return
    taps, holds = groups
    value = _round((max(taps) + min(holds)) / 2 * 1000.0, 50)
    short = sum(1 for d in holds if d * 1000.0 < current)
    out["hold_ms"] = Suggestion(value, (
        f"{len(taps)} taps last up to {max(taps) * 1000:.0f} ms, {len(holds)} holds "
        f"{min(holds) * 1000:.0f} ms or more ({short} holds shorter than the current "
        f"{current:g} ms); halfway{_sure(len(durations))}"), len(durations))


def as_json(suggestions: Mapping[str, Suggestion]) -> dict[str, Any]:
    """``{"suggestions": {KEY: {"value", "reason", "samples"}}}`` (the contract)."""
    return {"suggestions": {k: v.to_json() for k, v in suggestions.items()}}
