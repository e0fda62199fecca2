"""Clocks: the engine never reads time itself, the loop passes ``now`` in.

``MonotonicClock`` is the real one (``time.monotonic``, the same base every input driver uses
to time-stamp events). ``FakeClock`` lets tests move time to exact instants.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic time base."""
        ...


class MonotonicClock:
    """Real time: ``time.monotonic()`` (never jumps with wall-clock changes)."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def set(self, t: float) -> None:
        if t < self._now:
            raise ValueError(f"FakeClock cannot go back: {t} < {self._now}")
        self._now = float(t)

    def advance(self, dt: float) -> float:
        self.set(self._now + dt)
        return self._now
