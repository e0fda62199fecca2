"""Profiling tests for scan lateness under a CPU quota (docs/performance.md, quarter core).

Measured there: a scan step needs only the loop thread (the other threads of the process
used no CPU while scanning), and the loop's wait before a deadline wakes every ``POLL`` s
at most, never spinning. These keep both true; timing itself is left to ``aac bench scan``.
"""

from __future__ import annotations

import math
import os
import threading
from typing import Any

import pytest

from aac.core.board import Board, BoardSet, Cell
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.loop import Runtime, SilentSpeech
from aac.ui import pygame_frontend
from aac.ui.pygame_frontend import PygameFrontend

#: the shortest sleep between two looks at the input queue (a look costs quota)
MIN_SLEEP = 0.005
BOARD = Board("home", rows=tuple(tuple(Cell(f"w{r}{c}") for c in range(4)) for r in range(3)))


class CountingEvent:
    """A ``threading.Event`` that counts the waits it sleeps in (each is one wake-up)."""

    def __init__(self) -> None:
        self.inner = threading.Event()
        self.waits: list[float] = []

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(-1.0 if timeout is None else timeout)
        return self.inner.wait(timeout)

    def is_set(self) -> bool:
        return self.inner.is_set()

    def set(self) -> None:
        self.inner.set()

    def clear(self) -> None:
        self.inner.clear()


@pytest.mark.parametrize("timeout", [0.0003, 0.012, 0.05])
def test_the_wait_before_a_deadline_wakes_at_most_every_poll(timeout: float) -> None:
    fe = PygameFrontend((320, 200), fullscreen=False, scan=True)
    try:
        fe.wait_events(0)  # the window's own start-up events
        counting = CountingEvent()
        fe._woken = counting  # type: ignore[assignment]
        assert fe.wait_events(timeout) == []
        # sleeps of at least MIN_SLEEP but the remainder: no busy loop, no 1 ms SDL polling
        assert len(counting.waits) <= math.ceil(timeout / MIN_SLEEP) + 1
        assert all(w >= min(MIN_SLEEP, timeout) - 1e-3 for w in counting.waits[:-1])
        assert all(0 < w <= pygame_frontend.POLL + 1e-9 for w in counting.waits)
    finally:
        fe.close()


def test_every_part_of_a_scan_step_runs_on_the_loop_thread_at_its_priority() -> None:
    fe = PygameFrontend((320, 200), fullscreen=False, scan=True)
    seen: list[tuple[str, int, int]] = []

    def spy(name: str) -> None:
        original = getattr(fe, name)

        def call(*args: Any) -> Any:
            tid = threading.get_native_id()
            seen.append((name, tid, os.getpriority(os.PRIO_PROCESS, tid)))
            return original(*args)

        setattr(fe, name, call)

    for name in ("wait_events", "prepare", "present", "render"):
        spy(name)
    rt = Runtime(Session(BoardSet({"home": BOARD})), fe, SilentSpeech(),
                 scan=ScanSettings(interval_ms=30, loops=0), loop_nice=-10)
    try:
        rt.run(exit_after=0.2)
    finally:
        rt.close()
    assert rt.priority is not None
    names = {name for name, _, _ in seen}
    assert {"wait_events", "prepare", "present"} <= names  # steps were drawn ahead and shown
    assert {(tid, nice) for _, tid, nice in seen} == {(rt.priority.thread, rt.priority.now)}
