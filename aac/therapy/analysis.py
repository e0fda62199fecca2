"""What a usage log says about a child's switch use: pure arithmetic on the records.

Definitions (docs/therapy.md):

- A **press** is a switch-1 down/up pair; an up and a down closer than ``bounce_ms`` are
  contact bounce inside one press (counted in ``bounces``).
- A press **counts** at ``down + acceptance_ms`` (when the engine judged it). A press that
  counted **chose** the item lit then, if a selection followed (a ``select``, or the start
  of a new level: a row, column or "back" was chosen).
- **Reaction time** (RT) = when the press counted − the start of the highlight of the item
  it chose. An RT under ``late_s`` (the first part of an item) after an item of the same
  pass began is a **late press**: the child meant the item before. Its RT is then measured
  from that item (so slow presses are not lost from the statistics).
- A **run** is one level's scan from its first item; a **pass** ends when the first item
  comes back. A pass with no press is a **missed pass**; a ``stop`` record is a **timeout**.
- The **first item** is item 0 of a run's first pass; it is lit ``first_item_factor``
  steps. A **first-item miss** is a late press meant for it, or choosing it on a later pass.
- A **double press** is a second press starting less than ``double_s`` after the previous
  press counted (tremor; ``debounce_ms`` ignores these).
- An **undo** is a selection that shortened the message right after another selection
  (``clear`` or delete-word: the previous selection was likely a mistake).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

Record = dict[str, Any]

LATE_S = 0.3  # at most this far into an item a press is taken as late for the item before
LATE_FRACTION = 0.3  # ... and at most this part of the item's time
DOUBLE_S = 0.3  # a press this soon after the previous one counted is not a new reaction
UNDO_WINDOW_S = 15.0  # an undo this soon after a selection marks that selection a mistake

Key = tuple[int, Optional[int], Optional[int], bool]


@dataclass(frozen=True)
class Press:
    switch: int
    down: float
    up: Optional[float]  # None: still down when the log ended
    bounces: int = 0

    @property
    def duration(self) -> Optional[float]:
        return None if self.up is None else self.up - self.down


@dataclass(frozen=True)
class Lit:
    """One highlight: when, what, and where it sits in its run."""

    t: float
    key: Key
    run: int  # run number within the session
    index: int  # position in the run (0 = its first highlight)
    pos: int  # position within the pass (0 = the first item)
    pass_no: int  # 0 = first pass
    end: Optional[float]  # when the next highlight replaced it


@dataclass(frozen=True)
class Choice:
    """A press that chose an item."""

    press: Press
    at: float  # when it counted
    lit: Lit  # the item chosen
    rt: float  # at - lit.t
    late: bool  # taken as meant for the item before
    target: Lit  # the item meant (``lit``, or the one before when late)
    target_rt: float  # at - target.t

    @property
    def first_item(self) -> bool:
        return self.target.pos == 0 and self.target.pass_no == 0


@dataclass
class SessionStats:
    source: str
    wall: str
    settings: dict[str, Any]
    start: float
    duration: float  # s from the session line to its last record
    presses: list[Press] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    selections: list[Record] = field(default_factory=list)
    time_to_select: list[tuple[str, float]] = field(default_factory=list)  # (label, s)
    double_gaps: list[float] = field(default_factory=list)  # s from counted press to re-press
    first_lit: Optional[float] = None  # when the first highlight showed
    restarts: int = 0  # presses that restarted a stopped (or waiting) scan
    missed_passes: int = 0
    timeouts: int = 0
    undos: int = 0
    words: int = 0

    @property
    def mode(self) -> str:
        return str(self.settings.get("mode", "auto"))

    @property
    def bounces(self) -> int:
        return sum(p.bounces for p in self.presses)

    @property
    def late(self) -> list[Choice]:
        return [c for c in self.choices if c.late]

    @property
    def first_item_misses(self) -> int:
        return sum(1 for c in self.choices
                   if c.target.pos == 0 and (c.late and c.target.pass_no == 0
                                             or not c.late and c.target.pass_no > 0))

    @property
    def minutes(self) -> float:
        return self.duration / 60.0

    @property
    def selections_per_min(self) -> float:
        return len(self.selections) / self.minutes if self.duration > 0 else 0.0

    @property
    def words_per_min(self) -> float:
        return self.words / self.minutes if self.duration > 0 else 0.0

    def rts(self, first_item: Optional[bool] = None) -> list[float]:
        """Reaction times (s) to the item meant, optionally only (not) first items."""
        return [c.target_rt for c in self.choices
                if first_item is None or c.first_item == first_item]


def _ms(settings: dict[str, Any], key: str, default: float) -> float:
    v = settings.get(key, default)
    return float(v) / 1000.0 if isinstance(v, (int, float)) and not isinstance(v, bool) \
        else default / 1000.0


def presses_of(records: Sequence[Record], switch: int, bounce_s: float) -> list[Press]:
    """Down/up pairs of one switch; an up-down gap within ``bounce_s`` merges (bounce)."""
    out: list[Press] = []
    down: Optional[float] = None
    up: Optional[float] = None
    bounces = 0
    for r in records:
        if r.get("type") != "switch" or r.get("switch") != switch:
            continue
        t = float(r["t"])
        if r.get("down"):
            if down is not None and up is not None and t - up <= bounce_s + 5e-4:
                bounces += 1  # contact bounce: the press goes on
                up = None
                continue
            if down is not None:
                out.append(Press(switch, down, up, bounces))
            down, up, bounces = t, None, 0
        elif down is not None and up is None:
            up = t
    if down is not None:
        out.append(Press(switch, down, up, bounces))
    return out


def highlights(records: Sequence[Record]) -> list[Lit]:
    lits: list[Lit] = []
    first: Optional[Key] = None
    run, index, pos, pass_no = -1, 0, 0, 0
    prev_level: Optional[int] = None
    broken = True  # a selection, navigation or stop since the previous highlight
    prev_back = False
    for r in records:
        kind = r.get("type")
        if kind in ("select", "navigate", "stop"):
            broken = True
            continue
        if kind != "highlight":
            continue
        key: Key = (int(r.get("level", 1)), r.get("row"), r.get("col"), bool(r.get("back")))
        if broken or key[0] != prev_level or prev_back:
            run, index, pos, pass_no, first = run + 1, 0, 0, 0, key
        else:
            index += 1
            if key == first:
                pass_no, pos = pass_no + 1, 0
            else:
                pos += 1
        t = float(r["t"])
        if lits and lits[-1].end is None and lits[-1].run == run:
            lits[-1] = _with_end(lits[-1], t)
        lits.append(Lit(t, key, run, index, pos, pass_no, None))
        prev_level, prev_back, broken = key[0], key[3], False
    return lits


def _with_end(lit: Lit, end: float) -> Lit:
    return Lit(lit.t, lit.key, lit.run, lit.index, lit.pos, lit.pass_no, end)


def analyse(header: Record, records: Sequence[Record], source: str = "") -> SessionStats:
    """Everything the report and the tuner need from one session's records."""
    raw = header.get("settings")
    settings: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
    t0 = header.get("t")
    start = float(t0) if isinstance(t0, (int, float)) else (
        float(records[0]["t"]) if records else 0.0)
    end = max([float(r["t"]) for r in records] or [start])
    stats = SessionStats(source, str(header.get("wall", "")), settings, start,
                         max(0.0, end - start))
    bounce_s = _ms(settings, "bounce_ms", 10.0)
    accept_s = _ms(settings, "acceptance_ms", 0.0)
    stats.presses = presses_of(records, 1, bounce_s)
    lits = highlights(records)
    stats.first_lit = lits[0].t if lits else None
    stats.missed_passes = sum(1 for lit in lits if lit.pos == 0 and lit.pass_no > 0)
    stats.timeouts = sum(1 for r in records if r.get("type") == "stop")
    stats.selections = [r for r in records if r.get("type") == "select"]
    run_starts = {lit.t for lit in lits if lit.index == 0}
    effects = sorted({float(r["t"]) for r in records if r.get("type") == "select"}
                     | run_starts)
    stops = [float(r["t"]) for r in records if r.get("type") == "stop"]
    _choices(stats, lits, effects, stops, accept_s, bounce_s)
    _selections(stats, records, lits)
    return stats


def _choices(stats: SessionStats, lits: list[Lit], effects: list[float], stops: list[float],
             accept_s: float, bounce_s: float) -> None:
    lit_times = [lit.t for lit in lits]
    last_counted: Optional[float] = None
    for press in stats.presses:
        at = press.down + accept_s
        if press.duration is not None and press.duration + 5e-4 < accept_s:
            continue  # too short to count
        double = last_counted is not None and press.down - last_counted < DOUBLE_S
        if double and last_counted is not None:
            stats.double_gaps.append(press.down - last_counted)
        j = bisect.bisect_left(effects, at - 5e-4)
        if j >= len(effects) or effects[j] > at + bounce_s + 2e-3:
            continue  # nothing followed: ignored (debounce, release time) or step mode
        last_counted = at
        if double:
            continue  # not a reaction to what was lit
        i = bisect.bisect_right(lit_times, at - 5e-4) - 1  # lit just before the press
        if i < 0 or any(s <= at and s >= lits[i].t for s in stops):
            stats.restarts += 1
            continue
        end = lits[i].end
        if end is not None and end <= at + 5e-4 and i + 1 < len(lits):
            i += 1  # on the boundary: the new item (SCANNING.md)
        lit = lits[i]
        before = lits[i - 1] if i > 0 and lits[i - 1].run == lit.run else None
        step = (lit.end - lit.t) if lit.end is not None else None
        limit = min(LATE_S, LATE_FRACTION * step) if step else LATE_S
        late = before is not None and at - lit.t < limit
        target = before if late and before is not None else lit
        stats.choices.append(Choice(press, at, lit, at - lit.t, late, target, at - target.t))


def _selections(stats: SessionStats, records: Sequence[Record], lits: list[Lit]) -> None:
    """Time to select per cell, words added to the message, undos."""
    cycle_start: Optional[float] = lits[0].t if lits else None
    message = ""
    last_select: Optional[float] = None
    prev_select: Optional[float] = None
    pending_select = False
    for r in records:
        kind = r.get("type")
        t = float(r["t"])
        if kind == "select":
            if cycle_start is not None and r.get("source", "scan") == "scan":
                stats.time_to_select.append((str(r.get("label", "")), t - cycle_start))
            cycle_start, pending_select = None, True
            prev_select, last_select = last_select, t
        elif kind == "highlight" and cycle_start is None and r.get("level", 1) == 1:
            cycle_start = t
        elif kind == "message":
            text = str(r.get("text", ""))
            old_words, new_words = len(message.split()), len(text.split())
            if new_words > old_words:
                stats.words += new_words - old_words
            elif len(text) < len(message) and pending_select and last_select is not None \
                    and prev_select is not None and last_select - prev_select <= UNDO_WINDOW_S:
                stats.undos += 1
            message, pending_select = text, False
