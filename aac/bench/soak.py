"""``aac bench soak --duration S``: hours of use in minutes - does anything grow or get lost?

This process is the communicator: the real :class:`~aac.loop.Runtime` on the pygame front end
(SDL's dummy video), real speech (espeak-ng worker, SDL's ``disk`` audio driver writing to
/dev/null), linear scanning (so each accepted press selects exactly one cell), the real board
watcher on a copy of the board set, and a real serial switch: a pty, reached through a
symlink, read by the serial driver with the ``single_char`` device profile.

A driver thread presses every ``--press-every`` s (0.7) by writing the box's byte to the pty,
rewrites the home board every 30 s (the watcher reloads it), and every 60 s unplugs the box
(closes the pty, removes the link) and plugs a new one in 2 s later - only between presses,
never in the instant after one (:class:`~aac.bench.soak_box.Hand` says why).

Figures: ``soak_pss_slope_mb_per_hour`` (least squares over PSS samples of this process and
its children, after the first third; USS, Private_Dirty, anonymous memory and the host's
process count beside it, to tell another program's pages from growth), ``soak_fds`` and
``soak_threads`` (the communicator's only, by kind, at two samples after warm-up taken while
the driver had the box open: aac/bench/soak_fds.py), ``soak_presses`` (made; ``seen`` by
the loop; selections expected = presses seen, one each in linear scanning; selections seen =
``select`` records), speech worker restarts, board reloads, and replugs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .soak_box import Hand, SerialBox
from .soak_fds import fd_kinds
from .soak_probe import Probe, native_heap, pss_by_mapping
from .soak_series import Series
from .startup import _children, _tree_pss, process_tree
from .stats import pss_kib, rollup_fields, rollup_kib, single

RELOAD_EVERY = float(os.environ.get("AAC_SOAK_RELOAD_S", 30.0))
REPLUG_EVERY = float(os.environ.get("AAC_SOAK_REPLUG_S", 60.0))
UNPLUGGED_FOR = 2.0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--duration", type=float, default=60.0, metavar="S",
                   help="seconds to run (default 60; 1800 for the 30-minute soak)")
    p.add_argument("--press-every", type=float, default=0.7, metavar="S",
                   help="seconds between switch presses (default 0.7)")
    p.add_argument("--boards", metavar="BOARDS", help="board set (default: boards/)")


class _Counter:
    """A usage-record observer: counts what the loop saw and chose."""

    def __init__(self) -> None:
        self.presses = 0
        self.selections = 0
        self.down_at = array("d")  # the loop's time of each press seen (8 bytes each)

    def write(self, record: dict[str, Any]) -> None:
        kind = record.get("type")
        if kind == "switch" and record.get("down"):
            self.presses += 1
            self.down_at.append(float(record.get("t", 0.0)))
        elif kind == "select":
            self.selections += 1

    def close(self) -> None:
        pass


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ["SDL_AUDIODRIVER"] = "disk"
    os.environ["SDL_DISKAUDIOFILE"] = os.devnull
    from ..memory_release import release_big_buffers
    from ..pygame_import import import_pygame

    release_big_buffers()  # as aac run does (aac.app.start)
    import_pygame()
    from ..app import start_watcher
    from ..boards.loader import load_board_set
    from ..cache_dirs import report_problems_to
    from ..core.scan_settings import ScanSettings
    from ..core.session import Session
    from ..inputs import parse_inputs, start_for_runtime
    from ..inputs.serial_driver import SerialDriver
    from ..language import resolve_set
    from ..loop import BoardsReloaded, Runtime
    from ..paths import default_boards
    from ..run_config import RunConfig
    from ..speech import create_speech
    from ..ui.pygame_frontend import PygameFrontend

    probe = Probe.from_env()
    notices: list[str] = []
    report_problems_to(notices.append)  # as ``aac run`` does: counted with the others
    with tempfile.TemporaryDirectory(prefix="aac-soak-") as tmp:
        boards = Path(tmp, "boards")
        shutil.copytree(resolve_set(Path(args.boards or default_boards())), boards)
        home = _home_file(boards)
        box = SerialBox(Path(tmp, "switchbox"))
        result = load_board_set(boards)
        if result.boards is None:
            raise RuntimeError(f"{boards}: the board set does not load")
        settings = ScanSettings(pattern="linear", interval_ms=250.0,
                                loops=1000)
        speech = create_speech(on_status=notices.append)
        frontend = PygameFrontend(size=(800, 480), fullscreen=False, scan=True)
        counter = _Counter()
        runtime = Runtime(Session(result.boards), frontend, speech, scan=settings,
                          observers=[counter], on_carer_message=notices.append)
        reloads = [0]

        def on_reload(res: Any) -> None:
            reloads[0] += 1
            runtime.post(BoardsReloaded(res, time.monotonic()))

        specs = parse_inputs([f"serial:{box.link}?profile=single_char"])
        hub = start_for_runtime(specs, runtime.post, notices.append)
        watcher = start_watcher(RunConfig(boards=boards), on_reload, initial=result)
        serial = next((d for d in (hub.drivers if hub else []) if isinstance(d, SerialDriver)),
                      None)
        if serial is None:
            raise RuntimeError(f"the serial switch could not be opened: {notices}")
        stop = threading.Event()
        t0 = time.monotonic()
        hand = Hand(box, serial, lambda: counter.presses, start=t0,
                    press_every=args.press_every, replug_every=REPLUG_EVERY,
                    unplugged_for=UNPLUGGED_FOR,
                    press_until=t0 + args.duration - 1.5)  # all seen by the end
        events_at: list[tuple[float, str]] = []  # reloads, to place a lost press
        # every harness sample is a row in an array of doubles (aac/bench/soak_series.py):
        # lists of tuples grew the very memory measured (an estimated 0.3 MB in 30 minutes)
        samples = Series(2)  # [t, PSS MB]
        by_process: list[tuple[float, dict[str, float]]] = []
        #: [t, malloc'd in use, free but kept, mmapped blocks] in MB (glibc's mallinfo2)
        heaps = Series(4)
        #: this process's anonymous memory (no shared pages: other programs mapping the same
        #: libraries move PSS by several MB, never this)
        anon = Series(2)
        #: this process and its children's own pages (USS: Private_Clean + Private_Dirty).
        #: PSS holds a share of every library page, which moves when other programs on the
        #: host start or end; USS holds none but still steps when a library page is no
        #: longer mapped by anyone else (it turns Private_Clean); Private_Dirty does not
        uss = Series(3)  # [t, USS MB, of it Private_Dirty MB]
        host = Series(3)  # [t, processes on the host, 1-minute load] every 30 s
        mappings: list[list[Any]] = []  # [t, PSS by kind of mapping]
        marks: dict[str, tuple[int, int]] = {}
        #: [t, the communicator's fds, 1 if the driver had the box open] every 5 s
        fd_samples = Series(3)
        #: (t, fds by kind, threads) of the first sample after warm-up and of the latest
        #: one, both taken while the driver had the box open (like with like)
        fd_marks: dict[str, tuple[float, dict[str, int], int]] = {}
        warm = min(60.0, args.duration / 3)
        probe_from = Probe.first_mark_at(warm)
        probed: list[float] = []

        def drive() -> None:
            next_reload = t0 + RELOAD_EVERY
            next_sample = t0
            next_hand = t0
            while not stop.is_set():
                now = time.monotonic()
                if now >= next_sample:
                    kib, _ = _tree_pss(os.getpid())
                    samples.append(now - t0, kib / 1024)
                    anon.append(now - t0, (rollup_kib(os.getpid(), "Anonymous") or 0) / 1024)
                    # first and latest only: the harness must not grow what it measures
                    by_process[1:] = [(round(now - t0, 1), _pss_by_process(os.getpid()))]
                    heap = native_heap()
                    if heap is not None:
                        heaps.append(now - t0, heap["uordblks"] / 2**20,
                                     heap["fordblks"] / 2**20, heap["hblkhd"] / 2**20)
                    uss.append(now - t0, *(kib / 1024 for kib in _tree_private_kib(os.getpid())))
                    if len(samples) % 6 == 1:  # every 30 s: smaps is slower to read
                        mappings.append([round(now - t0, 1), pss_by_mapping(os.getpid())])
                        host.append(now - t0, *_host())
                    if now - t0 >= warm and "start" not in marks:
                        marks["start"] = (_fds(), _threads())
                    kinds, box_open = fd_kinds(box.fds), serial.connected.is_set()
                    fd_samples.append(now - t0, sum(kinds.values()), int(box_open))
                    if box_open and now - t0 >= warm:
                        fd_marks.setdefault("start", (now - t0, kinds, _threads()))
                        fd_marks["end"] = (now - t0, kinds, _threads())
                    if probe is not None and now - t0 >= probe_from and not probed:
                        probed.append(now)
                        probe.mark("warm")
                    next_sample += 5.0
                if now >= next_reload:
                    stamp = f"\n# soak reload {int(now - t0)}\n"
                    home.write_text(home.read_text(encoding="utf-8") + stamp, encoding="utf-8")
                    events_at.append((now, "reload"))
                    next_reload += RELOAD_EVERY
                if now >= next_hand:
                    next_hand = hand.tick(now)
                stop.wait(max(0.0, min(next_hand, next_sample, next_reload)
                              - time.monotonic()))

        driver = threading.Thread(target=drive, name="aac-soak-driver", daemon=True)
        driver.start()
        try:
            runtime.run(exit_after=args.duration)
        finally:
            stop.set()
            driver.join(5)
            marks["end"] = (_fds(), _threads())
            if probe is not None:
                probe.mark("end")
                probe.report()
            if os.environ.get("AAC_SOAK_DEBUG"):
                for fd in os.listdir("/proc/self/fd"):
                    try:
                        print(fd, os.readlink(f"/proc/self/fd/{fd}"))
                    except OSError:
                        pass
            if hub is not None:
                hub.close()
            watcher.stop()
            restarts = getattr(getattr(speech, "worker", None), "restarts", None)
            runtime.close()
            speech.close()
            box.unplug() if box.master is not None else None
    made = hand.made
    events_at += [(t, "unplug") for t in hand.unplugs]
    start = marks.get("start", marks["end"])
    return [
        single("soak_pss_slope_mb_per_hour", "MB/h", _slope(samples.pairs(), warm) * 3600,
               target=1.0, duration_s=args.duration, samples_pss=len(samples),
               pss_start_mb=round(samples[0][1], 1) if samples else None,
               pss_end_mb=round(samples[-1][1], 1) if samples else None,
               slope_whole_run_mb_per_hour=round(_slope(samples.pairs(), 0.0) * 3600, 2),
               anon_slope_mb_per_hour=round(_slope(anon.pairs(), warm) * 3600, 2),
               anon_start_mb=round(anon[0][1], 1) if anon else None,
               anon_end_mb=round(anon[-1][1], 1) if anon else None,
               soak_anon_samples=anon.rounded(),
               uss_slope_mb_per_hour=round(_slope(uss.pairs(), warm) * 3600, 2),
               private_dirty_slope_mb_per_hour=round(
                   _slope([(t, d) for t, _, d in uss], warm) * 3600, 2),
               uss_start_mb=round(uss[0][1], 1) if uss else None,
               uss_end_mb=round(uss[-1][1], 1) if uss else None,
               soak_uss_samples=uss.rounded(),
               host_processes_start=int(host[0][1]) if host else None,
               host_processes_end=int(host[-1][1]) if host else None,
               soak_host_samples=[[t, int(n), load] for t, n, load in host.rounded()],
               soak_pss_samples=samples.rounded(),
               pss_by_process=by_process[-1][1] if by_process else {},
               pss_by_process_start=by_process[0][1] if by_process else {},
               soak_heap_samples=heaps.rounded(), soak_mapping_samples=mappings,
               harness_samples_kb=round((samples.nbytes + anon.nbytes + uss.nbytes
                                         + heaps.nbytes + host.nbytes + fd_samples.nbytes
                                         + hand.nbytes + counter.down_at.itemsize
                                         * len(counter.down_at)) / 1024, 1)),
        _fd_figure(fd_marks, fd_samples, start[0], marks["end"][0]),
        _thread_figure(fd_marks, start[1], marks["end"][1]),
        single("soak_presses", "presses", made, made=made, seen=counter.presses,
               selections_expected=counter.presses, selections_seen=counter.selections,
               lost=made - counter.presses, skipped_while_unplugged=hand.skipped,
               # presses the scan engine took but that chose nothing, by reason
               ignored=dict(runtime.scan.ignored_counts) if runtime.scan else {},
               # each lost press: seconds into the run, and the nearest replug/reload
               lost_at=_lost_presses(hand.made_at, counter.down_at, events_at, t0)),
        single("soak_speech_worker_restarts", "restarts", restarts or 0,
               board_reloads=reloads[0], replugs=hand.replugs,
               carer_notices=len(set(notices))),
    ]


def _fd_figure(marks: dict[str, tuple[float, dict[str, int], int]],
               series: Series, all_start: int, all_end: int) -> dict[str, Any]:
    """``soak_fds``: the communicator's fds (the harness's pty left out) at the first
    sample after warm-up and at the latest, both while the driver had the box open; by
    kind, so a growth names what grows. ``all_start``/``all_end``: every fd of the process
    at warm-up and after the run, whatever the box was doing then (the old figure)."""
    samples = [[t, int(n), int(o)] for t, n, o in series.rounded(0)]
    if "start" not in marks:  # too short to have a sample with the box open after warm-up
        return single("soak_fds", "fds", all_end, start=all_start, end=all_end,
                      all_start=all_start, all_end=all_end, soak_fd_samples=samples)
    (t_start, start, _), (t_end, end, _) = marks["start"], marks["end"]
    return single("soak_fds", "fds", sum(end.values()), start=sum(start.values()),
                  end=sum(end.values()), start_s=round(t_start, 1), end_s=round(t_end, 1),
                  by_kind_start=start, by_kind_end=end, all_start=all_start,
                  all_end=all_end, soak_fd_samples=samples)


def _thread_figure(marks: dict[str, tuple[float, dict[str, int], int]], all_start: int,
                   all_end: int) -> dict[str, Any]:
    """``soak_threads`` at the same two samples as ``soak_fds`` (the driver's thread lives
    across replugs; the count after the run is ``all_end``)."""
    if "start" not in marks:
        return single("soak_threads", "threads", all_end, start=all_start, end=all_end,
                      all_end=all_end)
    start, end = marks["start"][2], marks["end"][2]
    return single("soak_threads", "threads", end, start=start, end=end, all_end=all_end)


def _lost_presses(made: Sequence[float], seen: Sequence[float], events: list[tuple[float, str]],
                  t0: float, within: float = 2.0) -> list[list[Any]]:
    """Presses written but never seen (a press is seen when the loop has a press after it
    was written and before the next was, within ``within`` s), as [s into the run, nearest
    event, its offset in s], so a loss can be placed next to what the harness did then."""
    lost: list[list[Any]] = []
    pending = sorted(seen)
    i = 0
    for k, t in enumerate(made):
        while i < len(pending) and pending[i] < t - 0.05:  # seen before it was made: not it
            i += 1
        until = min(t + within, made[k + 1]) if k + 1 < len(made) else t + within
        if i < len(pending) and pending[i] < until:  # seen before the next press was made
            i += 1
            continue
        near = min(events, key=lambda e: abs(e[0] - t), default=(t, "none"))
        lost.append([round(t - t0, 2), near[1], round(t - near[0], 2)])
    return lost


def _home_file(boards: Path) -> Path:
    for name in ("home.yaml", "home.yml"):
        if (boards / name).exists():
            return boards / name
    return sorted(boards.glob("*.yaml"))[0]


def _slope(samples: list[tuple[float, float]], after: float) -> float:
    """Least-squares MB per second over the samples after ``after`` s (0 if too few)."""
    pts = [(t, v) for t, v in samples if t >= after]
    if len(pts) < 3:
        return 0.0
    n = len(pts)
    mt = sum(t for t, _ in pts) / n
    mv = sum(v for _, v in pts) / n
    den = sum((t - mt) ** 2 for t, _ in pts)
    return 0.0 if den == 0 else sum((t - mt) * (v - mv) for t, v in pts) / den


def _pss_by_process(pid: int) -> dict[str, float]:
    """PSS in MB of ``pid`` (``main``) and each child by its command's name: which process
    grows."""
    out = {"main": round((pss_kib(pid) or 0) / 1024, 2)}
    for child in _children(pid):
        kib = pss_kib(child)
        if kib is None:
            continue
        try:
            with open(f"/proc/{child}/comm", encoding="utf-8") as f:
                name = f.read().strip()
        except OSError:
            name = str(child)
        out[name] = round(out.get(name, 0.0) + kib / 1024, 2)
    return out


def _tree_private_kib(pid: int) -> tuple[int, int]:
    """USS (Private_Clean + Private_Dirty) and Private_Dirty in KiB of ``pid`` and its
    descendants. Private_Clean holds library pages no other program maps at the moment, so
    it steps when other programs end; Private_Dirty is what these processes wrote."""
    clean = dirty = 0
    for p in process_tree(pid):
        kib = rollup_fields(p, "Private_Clean", "Private_Dirty")
        clean += kib.get("Private_Clean", 0)
        dirty += kib.get("Private_Dirty", 0)
    return clean + dirty, dirty


def _host() -> list[float]:
    """[processes running on the host, 1-minute load average]: what moves PSS from outside."""
    procs = sum(1 for name in os.listdir("/proc") if name.isdigit())
    return [procs, round(os.getloadavg()[0], 2)]


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _threads() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return threading.active_count()
