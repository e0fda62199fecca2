"""``aac bench scan``: scan step lateness, drift and CPU of the real loop, against a naive one.

Drives the real :class:`aac.loop.Runtime` with the real pygame front end on SDL's dummy
display (the home board of the default set), scanning at ``--interval-ms`` (default 100 ms,
short so a run gathers many steps; item timing does not depend on the interval). For every
step it records the scheduled instant (from the engine's formula) and the moment
``pygame.display.flip`` returned. Runs, each ``--duration`` seconds (default 10, ~45 s in
all):

1. the real loop, idle machine;
2. the real loop with two ``python -c 'while 1: pass'`` processes busy (always killed);
3. the same two for a naive loop: ``time.sleep(interval)``, then draw the next item.

Under ``--cpu-quota`` the loaded runs of the real loop and of the floor last 3x
``--duration`` (~300 steps, so p99 is not the worst step or two; ``--loaded-duration`` sets
it); their figures say so in ``loaded_duration_s`` and ``loaded_duration_why``.

``scan_lateness_floor_idle``/``_loaded``: the same deadlines met by a thread that only
sleeps and stamps (no drawing, no events, same priority, same busy processes): what the
machine and budget allow any loop; the real loop's figures minus these are its own cost.

Figures: ``scan_lateness_idle``/``_loaded`` (ms, scheduled -> flip), ``scan_drift`` (ms, the
last step's actual - scheduled, idle run; ``trend_ms_per_minute`` is the least-squares slope
of lateness over the run, i.e. drift without the frame-to-frame jitter),
``scan_cpu_percent`` (process CPU time / wall time of the idle run, all threads), and the
same as ``baseline_sleep_loop_*``.
``scan_cpu_percent`` also carries ``frontend_wait_floor_percent``: the CPU the front end's
``wait_events`` costs with nothing to do (SDL polls its event queue when the video driver
cannot block), which no loop above it can save.

The front end draws each scan frame ahead (``prepare``) and flips it at the instant
(``present``), so drawing time is not lateness.

The loop runs as ``aac run`` runs it: its thread asks for nice ``--loop-nice`` (default -10,
``aac.cpu_priority``; granted as root, which ``--cpu-quota`` needs anyway) and start-up
objects are frozen out of the garbage collector. The two busy processes stay at nice 0 and,
with ``--cpu-quota``, share the loop's cgroup: the loop gets a larger share of the same
budget, never more than the budget (no real-time scheduling). The lateness figures carry
``loop_nice`` (what was granted) and ``busy_nice``. ``--no-prepare`` also measures the real loop
drawing only at the instant, as ``scan_unprepared_*``, to show what that costs.

``scan_cpu_percent`` is measured in one more idle run at the product's default interval
(``--cpu-interval-ms``, 1000 ms), since CPU while scanning depends on how often frames are
drawn; the CPU at the short bench interval is reported beside it as
``cpu_percent_at_bench_interval``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Optional

from ..cpu_priority import LOOP_NICE
from .cpu_quota import QUOTA_ENV
from .stats import figure, single


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--duration", type=float, default=10.0, metavar="S",
                   help="seconds per measured run; 4 runs (default 10)")
    p.add_argument("--loaded-duration", type=float, default=None, metavar="S",
                   help="seconds of the loaded runs of the real loop and the floor (default: "
                        "--duration, or 3x it under --cpu-quota, for a steadier p99)")
    p.add_argument("--interval-ms", type=float, default=100.0, metavar="MS",
                   help="scan interval used for the measurement (default 100)")
    p.add_argument("--boards", metavar="BOARDS", help="board set (default: boards/)")
    p.add_argument("--no-prepare", action="store_true",
                   help="also measure the loop drawing each frame only at its instant")
    p.add_argument("--cpu-interval-ms", type=float, default=1000.0, metavar="MS",
                   help="scan interval of the CPU measurement (default 1000, the default)")
    p.add_argument("--loop-nice", type=int, default=LOOP_NICE, metavar="N",
                   help=f"CPU priority the loop thread asks for, as `aac run` does (default "
                        f"{LOOP_NICE}; 0: a normal process)")


@contextmanager
def busy_cpus(n: int = 2) -> Iterator[list[int]]:
    """``n`` processes spinning a core each, at normal priority (nice 0, or the bench's own
    when it runs niced); killed on the way out, whatever happened. Yields their nice values."""
    procs = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(n)]
    try:
        time.sleep(0.5)  # let them get going
        yield [os.getpriority(os.PRIO_PROCESS, proc.pid) for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.wait()


def _boards(path: Any) -> Any:
    from pathlib import Path

    from ..boards.loader import load_board_set
    from ..core.board import Board, BoardSet, Cell
    from ..language import resolve_set
    from ..paths import default_boards

    result = load_board_set(resolve_set(Path(path or default_boards())))
    if result.ok and result.boards is not None:
        return result.boards
    rows = tuple(tuple(Cell(f"w{r}{c}") for c in range(6)) for r in range(4))
    return BoardSet({"home": Board("home", rows)})


@contextmanager
def real_display() -> Iterator[str]:
    """Measure on a real X server when there is one: SDL's dummy driver polls for events,
    X11 blocks, so CPU figures on dummy overstate idle cost. An explicit SDL_VIDEODRIVER is
    kept; else a running X server ($DISPLAY), else a private Xvfb when installed, else dummy.
    Yields what was used (every CPU figure carries it as ``display``)."""
    if os.environ.get("SDL_VIDEODRIVER"):
        yield os.environ["SDL_VIDEODRIVER"]
        return
    if os.environ.get("DISPLAY"):
        os.environ["SDL_VIDEODRIVER"] = "x11"
        try:
            yield "x11"
        finally:
            del os.environ["SDL_VIDEODRIVER"]
        return
    from ..ui.xvfb import xvfb

    with xvfb() as display:
        if display is None:
            yield "dummy (no X server, and no Xvfb could start)"
            return
        os.environ.update(DISPLAY=display, SDL_VIDEODRIVER="x11")
        why = _cannot_open_display()
        if why:  # seen once: SDL's "x11 not available" from a just-started Xvfb
            os.environ["SDL_VIDEODRIVER"] = "dummy"
        try:
            yield f"dummy (Xvfb {display} could not be opened: {why})" if why else "x11 (Xvfb)"
        finally:
            for key in ("DISPLAY", "SDL_VIDEODRIVER"):
                os.environ.pop(key, None)


def _cannot_open_display(tries: int = 20) -> str:
    """Why SDL cannot open the display the environment names ("" when it can). Asked again
    for up to a second: a just-started Xvfb has once refused SDL's first connection."""
    import pygame

    why = ""
    for attempt in range(tries):
        try:
            pygame.display.init()
        except pygame.error as exc:
            why = str(exc)
            time.sleep(0.05 * (attempt > 0))  # polling a condition, not timing a wait
            continue
        pygame.display.quit()
        return ""
    return why


def run_idle(boards: Any, duration: float) -> dict[str, Any]:
    """The real loop showing a board with nothing happening (touch, no scan): its CPU."""
    from ..core.session import Session
    from ..loop import Runtime, SilentSpeech

    rt = Runtime(Session(boards), _frontend(), SilentSpeech(), loop_nice=_nice,
                 freeze_start_up=True)
    rt.redraw()  # the start frame, before the clock starts
    cpu, wall = _timed_run(rt, duration)
    return {"cpu_percent": 100.0 * cpu / wall}


def _timed_run(rt: Any, duration: float) -> tuple[float, float]:
    """Run ``rt`` for ``duration`` s, then close it; (process CPU s, wall s) of the run."""
    cpu0, wall0 = time.process_time(), time.monotonic()
    try:
        rt.run(exit_after=duration)
    finally:
        cpu1, wall1 = time.process_time(), time.monotonic()
        rt.close()
    return cpu1 - cpu0, wall1 - wall0


def _frontend(prepare: bool = True) -> Any:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..ui.pygame_frontend import PygameFrontend

    frontend = PygameFrontend(size=(800, 480), fullscreen=False, scan=True)
    if not prepare:
        frontend.prepare = None  # type: ignore[assignment]  # the loop then draws on time
    return frontend


def _cpu_runs(boards: Any, interval_ms: float,
              duration: float) -> tuple[float, dict[str, Any], dict[str, Any]]:
    """The CPU figures' runs, on whatever display is set: the front end's wait floor, the
    loop scanning at ``interval_ms``, and the loop idle on a board."""
    return wait_floor(), run_real(boards, interval_ms, duration), run_idle(boards, duration)


def wait_floor(duration: float = 2.0) -> float:
    """CPU % of ``wait_events(0.5)`` with nothing happening: the front end's idle cost."""
    frontend = _frontend()
    try:
        cpu0, wall0 = time.process_time(), time.monotonic()
        while time.monotonic() - wall0 < duration:
            frontend.wait_events(0.5)
        return 100.0 * (time.process_time() - cpu0) / (time.monotonic() - wall0)
    finally:
        frontend.close()


def run_real(boards: Any, interval_ms: float, duration: float,
             prepare: bool = True) -> dict[str, Any]:
    """The real loop: (scheduled, flipped) per step, drift and CPU."""
    from ..core.scan_settings import ScanSettings
    from ..core.session import Session
    from ..loop import Runtime, SilentSpeech

    pairs: list[tuple[float, float]] = []
    frontend = _frontend(prepare)
    rt = Runtime(Session(boards), frontend, SilentSpeech(),
                 scan=ScanSettings(interval_ms=interval_ms, loops=0),
                 on_highlight=lambda s, f: pairs.append((s, f)), loop_nice=_nice,
                 freeze_start_up=True)
    cpu, wall = _timed_run(rt, duration)
    out = _summary(pairs[1:], cpu, wall)  # [0] is the start frame
    granted = rt.priority
    out["loop_nice"] = None if granted is None else granted.now
    if granted is not None and granted.note:
        out["priority_note"] = granted.note
    return out


def run_floor(interval_ms: float, duration: float) -> list[float]:
    """The least lateness this machine and budget allow any loop: a thread at the loop's
    priority that only sleeps to each absolute deadline (until ``EARLY`` before it, then
    polls, as the loop does) and stamps it; no drawing, no events. Lateness in ms."""
    from ..cpu_priority import raise_loop_priority
    from ..loop.pacing import EARLY

    raised = raise_loop_priority(_nice) if _nice is not None else None
    wake = threading.Event()  # never set: a precise sleep
    interval = interval_ms / 1000.0
    start = time.monotonic() + interval
    lateness: list[float] = []
    try:
        due = start
        while due - start < duration:
            left = due - EARLY - time.monotonic()
            if left > 0:
                wake.wait(left)
            while time.monotonic() < due:
                pass
            lateness.append((time.monotonic() - due) * 1000.0)
            due = start + len(lateness) * interval
    finally:
        if raised is not None:
            raised.restore()
    return lateness


def run_baseline(boards: Any, interval_ms: float, duration: float) -> dict[str, Any]:
    """What a naive loop does: sleep the interval, then draw the next item."""
    from ..core.scan_items import level1_items
    from ..core.view import Highlight, View

    frontend = _frontend()
    board = boards.home_board
    items = level1_items(board, board.scan_pattern or "row-column")
    interval = interval_ms / 1000.0
    pairs: list[tuple[float, float]] = []
    cpu0 = time.process_time()
    start = time.monotonic()
    frontend.render(View(board, highlight=Highlight(items[0].cells, 1)))
    k = 0
    try:
        while time.monotonic() - start < duration:
            time.sleep(interval)
            frontend.wait_events(0)  # it must still look at its input
            k += 1
            item = items[k % len(items)]
            flipped = frontend.render(View(board, highlight=Highlight(item.cells, 1)))
            pairs.append((start + k * interval, flipped))
    finally:
        cpu1, wall1 = time.process_time(), time.monotonic()
        frontend.close()
    return _summary(pairs, cpu1 - cpu0, wall1 - start)


def _summary(pairs: list[tuple[float, float]], cpu: float, wall: float) -> dict[str, Any]:
    lateness = [(f - s) * 1000.0 for s, f in pairs]
    slope = 0.0
    if len(pairs) >= 2:  # growth of lateness over the run: drift, apart from frame jitter
        import numpy as np

        t = np.array([s for s, _ in pairs]) - pairs[0][0]
        slope = float(np.polyfit(t, np.array(lateness), 1)[0]) * 60.0
    return {
        "lateness_ms": lateness,
        "slope_ms_per_min": slope,
        "drift_ms": lateness[-1] if lateness else float("nan"),
        "cpu_percent": 100.0 * cpu / wall if wall > 0 else float("nan"),
        "steps": len(pairs),
        "wall_s": wall,
    }


#: the loop thread's CPU priority request in this run (``--loop-nice``; 0: none)
_nice: Optional[int] = LOOP_NICE


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    global _nice
    _nice = args.loop_nice if args.loop_nice != 0 else None
    boards = _boards(args.boards)
    interval, duration = args.interval_ms, args.duration
    runs: list[tuple[str, Any]] = [("scan", True), ("baseline_sleep_loop", None)]
    if args.no_prepare:
        runs.insert(1, ("scan_unprepared", False))
    # Lateness on SDL's headless display (what is measured is the loop, not an X server's
    # copy of the frame); CPU on a real X server, where waiting for events blocks.
    asked = os.environ.get("SDL_VIDEODRIVER")  # before _frontend defaults it to dummy
    idle = {name: _one(boards, interval, duration, prepare) for name, prepare in runs}
    if asked is None:
        os.environ.pop("SDL_VIDEODRIVER", None)
    with real_display() as display:
        try:
            floor, cpu_run, touch_idle = _cpu_runs(boards, args.cpu_interval_ms, duration)
        except Exception as exc:  # pygame.error: an X server that refused SDL after the check
            if os.environ.get("SDL_VIDEODRIVER") != "x11":
                raise
            os.environ["SDL_VIDEODRIVER"] = "dummy"  # measured there, and the figures say so
            display = f"dummy (the X server failed during the CPU runs: {exc})"
            floor, cpu_run, touch_idle = _cpu_runs(boards, args.cpu_interval_ms, duration)
    floor_idle = run_floor(interval, duration)
    long, why = loaded_duration(args)
    with busy_cpus(2) as busy_nice:
        loaded = {name: _one(boards, interval, long if prepare is not None else duration,
                             prepare) for name, prepare in runs}
        floor_loaded = run_floor(interval, long)
    longer = {"loaded_duration_s": long, "loaded_duration_why": why}
    out: list[dict[str, Any]] = []
    for prefix, _ in runs:
        common: dict[str, Any] = {"interval_ms": interval, "duration_s": duration}
        figs = _figures(prefix, idle[prefix], loaded[prefix], common, floor, busy_nice)
        if prefix != "baseline_sleep_loop":
            figs[1].update(longer)
        if prefix == "scan":
            cpu = figs[-1]
            cpu["cpu_percent_at_bench_interval"] = cpu["p50"]
            value = round(cpu_run["cpu_percent"], 3)
            cpu.update(p50=value, p99=value, max=value, interval_ms=args.cpu_interval_ms,
                       display=display)
        out += figs
    out.append(single("idle_cpu_percent", "%", round(touch_idle["cpu_percent"], 3),
                      display=display, duration_s=duration))
    floor = {"interval_ms": interval, "duration_s": duration, "loop_nice": _nice or 0}
    out.append(figure("scan_lateness_floor_idle", "ms", floor_idle, **floor))
    out.append(figure("scan_lateness_floor_loaded", "ms", floor_loaded, busy_processes=2,
                      busy_nice=busy_nice, **floor, **longer))
    return out


def loaded_duration(args: argparse.Namespace) -> tuple[float, str]:
    """Seconds of the loaded lateness runs, and why. Under a CPU quota 3x ``--duration``: a
    10 s run at 100 ms gives ~100 steps, so its p99 is the 1st-2nd worst step and moved by
    10-20 ms from run to run; ~300 steps make it the 3rd worst."""
    if args.loaded_duration is not None:
        return args.loaded_duration, "--loaded-duration"
    if os.environ.get(QUOTA_ENV):
        return 3 * args.duration, "3x --duration under --cpu-quota (~3x the steps: steadier p99)"
    return args.duration, "--duration"


def _one(boards: Any, interval: float, duration: float, prepare: Any) -> dict[str, Any]:
    if prepare is None:
        return run_baseline(boards, interval, duration)
    return run_real(boards, interval, duration, prepare=prepare)


def _figures(prefix: str, idle: dict[str, Any], loaded: dict[str, Any],
             common: dict[str, Any], floor: float, busy_nice: list[int]
             ) -> list[dict[str, Any]]:
    priority = {key: idle[key] for key in ("loop_nice", "priority_note") if key in idle}
    return [
        figure(f"{prefix}_lateness_idle", "ms", idle["lateness_ms"], **priority, **common),
        figure(f"{prefix}_lateness_loaded", "ms", loaded["lateness_ms"], busy_processes=2,
               busy_nice=busy_nice, **priority, **common),
        single(f"{prefix}_drift", "ms", round(idle["drift_ms"], 3),
               drift_loaded_ms=round(loaded["drift_ms"], 3),
               trend_ms_per_minute=round(idle["slope_ms_per_min"], 3),
               trend_loaded_ms_per_minute=round(loaded["slope_ms_per_min"], 3), **common),
        single(f"{prefix}_cpu_percent", "%", round(idle["cpu_percent"], 3),
               cpu_loaded_percent=round(loaded["cpu_percent"], 3),
               frontend_wait_floor_percent=round(floor, 3), **common),
    ]
