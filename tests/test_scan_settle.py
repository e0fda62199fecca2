"""The scan's clock starts once the first frame's background work is done.

The first flip starts two normal-priority threads (saving label sizes, pruning the picture
cache). Under a quarter-core quota such a thread, throttled while holding the GIL, stalled
the nice -10 loop: the first scan steps of every loaded bench run were 60-170 ms late
(docs/performance.md). The loop now lets them end (bounded) before the first item is lit.
"""

from __future__ import annotations

import os
import threading

from aac.core.board import Board, BoardSet, Cell
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.core.view import View
from aac.loop import Runtime
from aac.loop.runtime import SETTLE
from aac.testing import FakeClock, FakeFrontend, FakeSpeech

JOB_S = 0.3


class FrontendWithStartJobs(FakeFrontend):
    """Its first frame leaves background work taking JOB_S (fake seconds) to finish."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.settled: list[tuple[float, float]] = []  # (asked timeout, clock at return)

    def settle(self, timeout: float) -> None:
        self.clock.set(max(self.clock.now(), self.frames[0][0] + JOB_S))
        self.settled.append((timeout, self.clock.now()))


def _boards() -> BoardSet:
    rows = tuple(tuple(Cell(f"{r}{c}") for c in range(2)) for r in range(3))
    return BoardSet({"home": Board("home", rows)})


def test_the_first_item_is_lit_after_the_first_frames_background_work() -> None:
    clock = FakeClock(5.0)
    frontend = FrontendWithStartJobs(clock)
    rt = Runtime(Session(_boards()), frontend, FakeSpeech(), clock=clock,
                 scan=ScanSettings(interval_ms=100, loops=0))
    rt.run(exit_after=1.0)
    assert frontend.settled == [(SETTLE, 5.0 + JOB_S)]  # asked once, bounded
    lit = [t for t, v in frontend.frames if v.highlight is not None]
    assert lit[0] >= 5.0 + JOB_S  # no item lit while that work ran


def test_without_a_scan_nothing_waits() -> None:
    clock = FakeClock(5.0)
    frontend = FrontendWithStartJobs(clock)
    rt = Runtime(Session(_boards()), frontend, FakeSpeech(), clock=clock)
    rt.run(exit_after=0.2)
    assert frontend.settled == []


def test_settle_joins_the_threads_the_first_real_frame_started(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    from aac.ui.pygame_frontend import PygameFrontend

    frontend = PygameFrontend(size=(320, 240), fullscreen=False, scan=True)
    try:
        release = threading.Event()
        slow = threading.Thread(target=release.wait, args=(5.0,), daemon=True)
        frontend.renderer.pictures.start_jobs.append(slow)  # one still running
        slow.start()
        frontend.render(View(_boards().home_board))
        jobs = frontend.renderer.pictures.start_jobs
        assert any(job.name == "aac-fits" for job in jobs)  # kept, so it can be waited for
        threading.Timer(0.05, release.set).start()
        frontend.settle(5.0)
        assert not any(job.is_alive() for job in jobs)
    finally:
        frontend.close()
    assert os.environ["SDL_VIDEODRIVER"] == "dummy"
