"""Replay time-stamped switch edges through a scan engine on a virtual clock.

One place for "step the engine deadline by deadline over a press timeline": ``aac simulate``,
the tests and anything that replays a usage log (a therapist trying other settings on a
recorded session) all use :func:`replay`, so they cannot disagree about what a timeline means.

Input: switch edges (``SwitchEvent``, time-stamped by whoever recorded them). Output: the same
edges interleaved, in time order, with the engine's outputs (each carries its own ``t``), as
a usage log would record them. Pure: no clock, no sleep, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Optional, Union

from .events import SwitchEvent
from .scan import ScanEngine, ScanOutput

#: One entry of a replay: a switch edge as it reached the engine, or what the engine did.
Replayed = Union[SwitchEvent, ScanOutput]

#: Events are reported to the millisecond: one at ``until``'s ms is in, whatever float
#: rounding did (101 × 0.2 s is 20.200000000000003).
_UNTIL_SLACK = 1e-7


def press_edges(presses: Iterable[tuple[int, float, float]],
                source: str = "simulate") -> list[SwitchEvent]:
    """``(switch, down, up)`` presses as edges in time order; at equal times an up comes first."""
    edges = [SwitchEvent(s, True, d, source) for s, d, _ in presses]
    edges += [SwitchEvent(s, False, u, source) for s, _, u in presses]
    return sorted(edges, key=lambda e: (e.t, e.down, e.switch))


def replay(
    engine: ScanEngine,
    edges: Sequence[SwitchEvent],
    until: float,
    start: float = 0.0,
    lags: Optional[Sequence[float]] = None,
) -> list[Replayed]:
    """Start ``engine`` at ``start`` and feed it ``edges`` (time-ordered) up to ``until``.

    Every deadline up to ``until`` is met on time; edges after ``until`` are not fed. With
    ``lags``, edge ``i`` reaches the engine ``lags[i]`` s after its timestamp, after the
    timed changes it preceded, as a busy real-time loop would deliver it (the engine must
    still judge it against what showed at its timestamp).
    """
    limit = until + _UNTIL_SLACK
    out: list[Replayed] = list(engine.start(start))
    pending = [e for e in edges if e.t <= limit]
    lag_of = iter(lags or ())
    i = 0
    while True:
        due = engine.next_deadline()
        nxt = pending[i] if i < len(pending) else None
        if nxt is not None and (due is None or nxt.t < due):
            i += 1
            late = next(lag_of, 0.0)
            if late:
                out.extend(engine.advance(nxt.t + late))  # the loop got to the ticks first
            out.append(nxt)
            out.extend(engine.switch(nxt))
        elif due is not None and due <= limit:
            out.extend(engine.advance(due))
        else:
            return out


def outputs(replayed: Iterable[Replayed]) -> list[ScanOutput]:
    """Only what the engine did (the switch edges left out)."""
    return [r for r in replayed if not isinstance(r, SwitchEvent)]
