"""A virtual switch user: presses planned as reaction times to highlights, fed through the
real scan engine with :func:`aac.core.replay.replay`.

Used to make synthetic logs with known timing (the tests: "a child with a mean reaction
time of 650 ms") and for what-if replays (``aac simulate --replay``: the recorded reaction
times under other settings). The output records are exactly what ``aac simulate --log``
and the device write, because they come from the same engine and the same record builder.

The child watches the level it is in, waits for the item at ``pos`` (0 = the first item)
of pass ``pass_no``, and presses ``rt`` seconds after it lit, for ``hold`` seconds. If that
is too slow, the engine takes the press for whatever is lit then, as it would a real one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.events import SwitchEvent
from ..core.replay import Replayed, replay
from ..core.scan import ScanEngine
from ..usage_log import records, switch_record
from .analysis import highlights

SEARCH_S = 60.0  # how far ahead the child waits for its item
TAIL_S = 2.0  # replay this long after the last release


@dataclass(frozen=True)
class Planned:
    pos: int  # item within the pass (0 = first item)
    rt: float  # s from the item lighting up to the down
    hold: float = 0.15  # s held
    pass_no: int = 0
    bounces: int = 0  # contact bounces (3 ms apart) at the start of the press
    extra: tuple[tuple[float, float], ...] = ()  # (s after the down, duration) more presses


def as_records(steps: Sequence[Replayed]) -> list[dict[str, Any]]:
    """The usage-log records of a replay (without the ``session`` line)."""
    out: list[dict[str, Any]] = []
    for step in steps:
        if isinstance(step, SwitchEvent):
            out.append(switch_record(step))
        else:
            out.extend(records(step, with_message=True))
    return out


def _press(down: float, hold: float, bounces: int) -> list[SwitchEvent]:
    edges = [SwitchEvent(1, True, down, "child")]
    for b in range(bounces):
        edges += [SwitchEvent(1, False, down + 0.003 * (2 * b + 1), "child"),
                  SwitchEvent(1, True, down + 0.003 * (2 * b + 2), "child")]
    return edges + [SwitchEvent(1, False, down + hold, "child")]


def drive(make_engine: Callable[[], ScanEngine], plan: Sequence[Planned],
          tail: float = TAIL_S) -> list[dict[str, Any]]:
    """Replay ``plan`` and return the records; each press is placed after replaying the
    ones before it, so it reacts to what the engine really showed."""
    edges: list[SwitchEvent] = []
    for step in plan:
        last = edges[-1].t if edges else 0.0
        recs = as_records(replay(make_engine(), edges, last + SEARCH_S))
        lits = highlights(recs)
        now = [lit for lit in lits if lit.t <= last + 1e-6]
        if not now:
            now = lits[:1]
        if not now:
            break
        run = now[-1].run
        target = next((lit for lit in lits if lit.run == run and lit.pos == step.pos
                       and lit.pass_no == step.pass_no), None)
        if target is None:
            break  # the scan stopped or the item does not exist: the child gives up
        down = max(target.t + step.rt, last + 0.05)
        new = _press(down, step.hold, step.bounces)
        for offset, duration in step.extra:
            new += _press(down + offset, duration, 0)
        edges = sorted(edges + new, key=lambda e: (e.t, e.down))
    last = edges[-1].t if edges else 0.0
    return as_records(replay(make_engine(), edges, last + tail))
