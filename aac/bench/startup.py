"""``aac bench startup``: launch -> first frame, and the memory of a running communicator.

Spawns ``aac run``'s start path (800x480 window, a screenshot, exit after N s) headless
several times, as ``python -m aac.bench.first_frame``: the same start-up as ``aac run``
plus an observer that writes the monotonic time of the first flipped frame showing the home
board with every picture drawn to a file (CLOCK_MONOTONIC is system-wide), so launch ->
first frame includes interpreter start and every import. PSS
is read from /proc/PID/smaps_rollup of the child and any processes it started.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

from .stats import figure, pss_kib


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=3, help="launches to time (default 3)")
    p.add_argument("--pss-after", type=float, default=10.0, metavar="SECONDS",
                   help="read memory this long after launch (default 10)")
    p.add_argument("--boards", metavar="BOARDS", help="board set (default: boards/)")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    first_ms: list[float] = []
    pss_mb: list[float] = []
    procs: list[int] = []
    # As on a device: bytecode cached (pip compiles it at install; this environment may set
    # PYTHONDONTWRITEBYTECODE) and the caches a previous start filled (board set, pictures).
    # The first launch fills them and is reported apart (``first_launch_ms``), not in p50.
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="aac-bench-") as tmp:
        first_launch = _launch(Path(tmp), "warm-up", env, args, pss=False)[0]
        for i in range(max(1, args.runs)):
            ms, kib, n = _launch(Path(tmp), str(i), env, args, pss=True)
            first_ms.append(ms)
            pss_mb.append(kib / 1024)
            procs.append(n)
    return [
        figure("startup_first_frame", "ms", first_ms, target_ms=500,
               first_launch_ms=round(first_launch, 1),
               frame="home board with every picture drawn"),
        figure("run_pss", "MB", pss_mb, after_s=args.pss_after, target_mb=80,
               processes=max(procs)),
    ]


def _launch(tmp: Path, tag: str, env: dict[str, str], args: argparse.Namespace,
            pss: bool) -> tuple[float, int, int]:
    """One launch: ms to the first whole frame, and (``pss``) the tree's PSS in KiB after
    ``--pss-after`` s and how many processes it has."""
    shot = tmp / f"shot-{tag}.png"
    # the child writes the frame's time into a pipe this process sleeps on: no polling here,
    # which under ``--cpu-quota`` would spend the measured budget (it is this process's too)
    read_end, write_end = os.pipe()
    cmd = [sys.executable, "-m", "aac.bench.first_frame", f"/dev/fd/{write_end}", str(shot),
           str(args.pss_after + 1.5 if pss else 1.0)]
    if args.boards:
        cmd.append(args.boards)
    spawned = time.monotonic()
    try:
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, pass_fds=(write_end,))
    finally:
        os.close(write_end)
    try:
        flipped = _read_marker(read_end, child, timeout=30)
    finally:
        os.close(read_end)
    kib = n = 0
    if pss:
        _sleep_until(spawned + args.pss_after)
        kib, n = _tree_pss(child.pid)
    _, err = child.communicate(timeout=60)
    if child.returncode != 0:
        raise RuntimeError(f"aac run exited {child.returncode}: {err.decode()[-500:]}")
    if not shot.exists():
        raise RuntimeError("aac run did not write its --screenshot")
    return (flipped - spawned) * 1000, kib, n


def _read_marker(fd: int, child: subprocess.Popen[bytes], timeout: float) -> float:
    """The time the child wrote into the pipe ``fd``; blocks without using the CPU."""
    import select

    end = time.monotonic() + timeout
    data = b""
    while (left := end - time.monotonic()) > 0:
        if not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 64)
        if not chunk:  # the child closed it: written whole, or gone before a frame
            if data.strip():
                return float(data)
            child.wait(timeout=10)
            err = child.stderr.read().decode() if child.stderr else ""
            raise RuntimeError(f"aac run exited {child.returncode} before a frame: {err[-500:]}")
        data += chunk
        if data.endswith(b"\n"):
            return float(data)
    child.kill()
    raise RuntimeError(f"aac run showed no frame within {timeout:.0f} s")


def _wait_for_marker(marker: Path, child: subprocess.Popen[bytes], timeout: float) -> float:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if marker.exists():
            text = marker.read_text(encoding="ascii").strip()
            if text:
                return float(text)
        if child.poll() is not None:
            err = child.stderr.read().decode() if child.stderr else ""
            raise RuntimeError(f"aac run exited {child.returncode} before a frame: {err[-500:]}")
        time.sleep(0.005)  # polling a file the child writes; resolution well under 1 frame
    child.kill()
    raise RuntimeError("aac run showed no frame within 30 s")


def _sleep_until(t: float) -> None:
    while (left := t - time.monotonic()) > 0:
        time.sleep(left)


def _tree_pss(pid: int) -> tuple[int, int]:
    """PSS in KiB summed over ``pid`` and its descendants (speech workers count too)."""
    total, count = 0, 0
    for p in process_tree(pid):
        kib: Optional[int] = pss_kib(p)
        if kib is not None:
            total += kib
            count += 1
    return total, count


def process_tree(pid: int) -> Iterator[int]:
    """``pid`` and its descendants (those still there as the walk reaches them)."""
    todo = [pid]
    while todo:
        p = todo.pop()
        yield p
        todo.extend(_children(p))


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                out.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    return out
