"""``aac bench symbols``: a 48-picture board - first frame cold and warm, board switch, memory.

A generated set of two boards of 6 x 8 cells, a different SVG symbol in every cell (96 in
all; one cell on each links to the other board). Symbols come from the package's shipped
Mulberry library when it is installed (``aac.symbols``), else from a folder of Mulberry SVGs
(``--symbols``, default ``../shared/symbols/mulberry/EN`` next to the repository).

* ``symbols_first_frame_cold`` / ``symbols_first_frame_warm``: launch -> first frame, ms,
  measured like ``aac bench startup``: ``aac run``'s start path in a headless child that
  writes the monotonic time of its first flip (``_launch_child``). Cold: an empty picture
  cache folder (``AAC_CACHE_DIR``); warm: the folder a previous run filled. Pictures are
  made off the loop thread, so the first frame may show cells with their label only; each
  figure also carries ``pictures_p50`` / ``pictures_p99``: launch -> the first frame with
  EVERY picture drawn (the honest "the child sees the board").
* ``board_switch_frame``: a link cell selected -> the linked board's frame flipped, ms, warm
  (the linked board's pictures were prefetched while the first was shown); ``pending_frames``
  counts switch frames that still had a picture missing.
* ``symbols_pss``: PSS of the ``aac run`` process tree after ``--pss-after`` s (warm), MB.

Every figure carries ``text_only_first_frame_p50``: the same boards without pictures, so a
slow or busy machine's start-up floor is visible next to what the pictures add.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

from .startup import _sleep_until, _tree_pss, _wait_for_marker
from .stats import figure

#: Longest a launched ``aac run`` may take to show its frames (and live, if it is not ended).
#: ``launch`` ends it with Ctrl-C as soon as it has its figures, so this only bounds a stuck
#: child; generous, because on a slow or emulated CPU drawing 96 pictures takes seconds
#: (under arm64 emulation a fixed 3 s run ended before the last picture was drawn).
LAUNCH_BOUND_S = 120.0
ROWS = 6
COLUMNS = 8
CELLS = ROWS * COLUMNS
#: Mulberry SVGs outside the package: ``shared/`` next to the repository (or a worktree's).
SHARED_MULBERRY = next(
    (p / "shared" / "symbols" / "mulberry" / "EN" for p in Path(__file__).resolve().parents
     if (p / "shared" / "symbols" / "mulberry" / "EN").is_dir()),
    Path("shared") / "symbols" / "mulberry" / "EN")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=3, help="launches to time, cold and warm (3)")
    p.add_argument("--switches", type=int, default=60, help="board switches to time (60)")
    p.add_argument("--pss-after", type=float, default=10.0, metavar="SECONDS",
                   help="read memory this long after launch (default 10)")
    p.add_argument("--symbols", metavar="DIR",
                   help="a folder of SVG symbols (default: the installed library)")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="aac-bench-symbols-") as tmp:
        boards = Path(tmp, "boards")
        symbols = symbol_files(2 * CELLS, args.symbols)
        source = write_boards(boards, symbols)
        cold_first, cold_full = [], []
        for i in range(max(1, args.runs)):
            first, full, _ = launch(boards, Path(tmp, f"cold-cache-{i}"), Path(tmp))
            cold_first.append(first)
            cold_full.append(full)
        warm_cache = Path(tmp, "warm-cache")
        launch(boards, warm_cache, Path(tmp))  # fills the cache
        warm_first, warm_full = [], []
        pss: Optional[tuple[float, int]] = None
        for i in range(max(1, args.runs)):
            last = i == max(1, args.runs) - 1
            first, full, measured = launch(boards, warm_cache, Path(tmp),
                                           pss_after=args.pss_after if last else None)
            warm_first.append(first)
            warm_full.append(full)
            pss = measured or pss
        switch_ms, pending = switch_frames(boards, warm_cache, args.switches)
        text_only = Path(tmp, "text-only")
        write_boards(text_only, symbols, pictures=False)
        text_first = [launch(text_only, warm_cache, Path(tmp))[0]
                      for _ in range(max(1, args.runs))]
    common = {"cells": CELLS, "pictures": 2 * CELLS, "symbols": source,
              "text_only_first_frame_p50": figure("", "ms", text_first)["p50"]}
    out = [
        figure("symbols_first_frame_cold", "ms", cold_first, target_ms=1500, **_full(cold_full),
               **common),
        figure("symbols_first_frame_warm", "ms", warm_first, target_ms=500, **_full(warm_full),
               **common),
        figure("board_switch_frame", "ms", switch_ms, target_ms=33, pending_frames=pending,
               **common),
    ]
    if pss is not None:
        out.append(figure("symbols_pss", "MB", [pss[0]], after_s=args.pss_after, target_mb=90,
                          processes=pss[1], **common))
    return out


def _full(values: list[float]) -> dict[str, Any]:
    fig = figure("", "ms", values)
    return {"pictures_p50": fig["p50"], "pictures_p99": fig["p99"]}


# -- the board set ------------------------------------------------------------------------------
def symbol_files(n: int, folder: Optional[str]) -> tuple[list[Path], str]:
    """``n`` different SVG symbol files and where they came from."""
    if folder is None:
        try:
            from ..symbols import libraries

            mulberry = libraries()["mulberry"]
            files = [f for name in sorted(mulberry.names())[:n * 2]
                     if (f := mulberry.file(name)) is not None][:n]
            if len(files) == n:
                return [Path(f) for f in files], "package:mulberry"
        except (ImportError, KeyError):
            pass
        folder = str(SHARED_MULBERRY)
    found = sorted(Path(folder).glob("*.svg"))[:n]
    if len(found) < n:
        raise SystemExit(f"aac bench symbols: {n} SVG symbols needed, found {len(found)} in "
                         f"{folder} (give a folder with --symbols)")
    return found, folder


def write_boards(folder: Path, symbols: tuple[list[Path], str], pictures: bool = True) -> str:
    """``home`` and ``two``: 48 picture cells each, one linking to the other board.

    ``pictures=False`` writes the same boards without pictures: the start-up floor of this
    machine, which the picture figures are read against."""
    files, source = symbols
    pics = folder / "pics"
    pics.mkdir(parents=True)
    for i, f in enumerate(files if pictures else ()):
        shutil.copyfile(f, pics / f"p{i:03d}.svg")
    for b, (board_id, other) in enumerate((("home", "two"), ("two", "home"))):
        lines = [f"name: {board_id}", f"columns: {COLUMNS}", "rows:"]
        for r in range(ROWS):
            cells = []
            for c in range(COLUMNS):
                k = b * CELLS + r * COLUMNS + c
                link = f", link: {other}" if (r, c) == (0, 0) else ""
                symbol = f", symbol: pics/p{k:03d}.svg" if pictures else ""
                cells.append(f"{{label: word {k}{symbol}{link}}}")
            lines.append("  - [" + ", ".join(cells) + "]")
        (folder / f"{board_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source


# -- launch -> first frame ----------------------------------------------------------------------
def launch(boards: Path, cache: Path, tmp: Path, pss_after: Optional[float] = None
           ) -> tuple[float, float, Optional[tuple[float, int]]]:
    """One start of ``aac run``'s own start path (``_launch_child``): ms to the first frame,
    ms to the first frame with every picture, and (with ``pss_after``) the tree's PSS in MB
    and process count. The child is then ended with Ctrl-C, as a person would."""
    first_marker = Path(tempfile.mktemp(prefix="first-", dir=tmp))
    full_marker = Path(tempfile.mktemp(prefix="full-", dir=tmp))
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1", AAC_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-m", "aac.bench.symbols", "launch", str(first_marker),
           str(full_marker), str(LAUNCH_BOUND_S), str(boards)]
    spawned = time.monotonic()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=_sigint_ends_it)
    first = _wait_for_marker(first_marker, child, timeout=LAUNCH_BOUND_S)
    full = _wait_for_marker(full_marker, child, timeout=LAUNCH_BOUND_S)
    pss = None
    if pss_after is not None:
        _sleep_until(spawned + pss_after)
        kib, n = _tree_pss(child.pid)
        pss = (kib / 1024, n)
    child.send_signal(signal.SIGINT)  # inside the running loop by now: a clean exit, status 0
    _, err = child.communicate(timeout=LAUNCH_BOUND_S)
    if child.returncode != 0:
        raise RuntimeError(f"aac run exited {child.returncode}: {err.decode()[-500:]}")
    return (first - spawned) * 1000, (full - spawned) * 1000, pss


def _sigint_ends_it() -> None:
    """In the child before exec: Ctrl-C ends it even when the bench runs in the background
    (``cmd &`` makes children ignore SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# -- board switch -------------------------------------------------------------------------------
def switch_frames(boards: Path, cache: Path, n: int) -> tuple[list[float], int]:
    """Time ``n`` link selections in a headless child (its own display and cache folder)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1", AAC_CACHE_DIR=str(cache))
    proc = subprocess.run([sys.executable, "-m", "aac.bench.symbols", "switch", str(boards),
                           str(n)],
                          env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"board switch bench failed: {proc.stderr[-500:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["ms"], result["pending"]


def _switch_child(boards: str, n: int) -> None:
    """Child side of ``switch_frames``: the real window, renderer, pictures and loop."""
    from ..boards.loader import load_board_set
    from ..core.events import PointerPress, PointerSelect
    from ..core.session import Session
    from ..loop import Runtime, SilentSpeech
    from ..ui.pygame_frontend import PygameFrontend

    result = load_board_set(boards)
    frontend = PygameFrontend(size=(800, 480), fullscreen=False)
    flips: list[float] = []
    runtime = Runtime(Session(result.boards), frontend, SilentSpeech(),
                      on_frame=lambda _v, t: flips.append(t))
    session = runtime.session
    frontend.renderer.board_source = lambda: session.boards  # as aac.app.start does
    pictures = frontend.renderer.pictures
    runtime.redraw()
    ms: list[float] = []
    pending = 0
    for _ in range(n):
        if not pictures.wait_idle(30):  # warm: this board's and the linked one's pictures
            raise RuntimeError("pictures were not made within 30 s")
        runtime.step(0)  # draws what arrived
        before = runtime.session.board.id
        t0 = time.monotonic()
        runtime.post(PointerPress(0, 0, t0))
        runtime.post(PointerSelect(0, 0, t0))
        runtime.step(0)
        if runtime.session.board.id == before:
            raise RuntimeError("the link cell did not switch boards")
        ms.append((flips[-1] - t0) * 1000)
        pending += frontend.renderer.pending > 0
    runtime.close()
    print(json.dumps({"ms": ms, "pending": pending}))


def _launch_child(first: str, full: str, exit_after: str, boards: str) -> int:
    """Child side of ``launch``: ``aac run``'s start path (``aac.app.start``, as
    ``aac.bench.first_frame``) with observers that write the monotonic time of the first
    frame, and of the first frame with every picture drawn."""
    from ..app import start
    from ..run_config import build_run_config
    from ..ui import frame_marks

    def write(path: str, t: float) -> None:
        Path(path).write_text(f"{t!r}\n", encoding="ascii")

    def on_flip(t: float, pending: int) -> None:
        if pending == 0:
            write(full, t)
            frame_marks.watch(None)  # once

    frame_marks.watch(on_flip)
    config = build_run_config(boards=boards, window=(800, 480), exit_after=float(exit_after))
    return start(config, on_first_frame=lambda t: write(first, t))


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1] == "launch":
        sys.exit(_launch_child(*sys.argv[2:6]))
    _switch_child(sys.argv[2], int(sys.argv[3]))
