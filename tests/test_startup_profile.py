"""What the real start path does before its first whole frame, on a second start (caches
filled by the first), independent of the machine's speed (issue 15: launch -> first frame at
a quarter of a core): no garbage collection, no process spawned, no ``@dataclass`` method
compiled, no label measured, and the frame is the whole home board."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import WAIT

REPO = Path(__file__).resolve().parent.parent

#: ``python -m aac.bench.first_frame`` with counters; prints them as JSON at the first frame
_OBSERVED = r"""
import dataclasses, gc, json, sys
counts = {"collections": 0, "spawns": [], "compiled": 0, "measured": 0}
gc.callbacks.append(lambda phase, info: phase == "start" and counts.update(
    collections=counts["collections"] + 1))
SPAWNING = {"subprocess.Popen", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn",
            "os.exec", "os.system", "pty.spawn"}
sys.addaudithook(lambda event, args: event in SPAWNING and counts["spawns"].append(event))
from aac import dataclass_code, start_gc
real_exec = dataclass_code._exec
def counting_exec(source, globals=None, locals=None):
    counts["compiled"] += source not in dataclass_code._codes
    real_exec(source, globals, locals)
dataclass_code._exec = counting_exec
dataclass_code.install("run")  # first: every class made from here on is counted
from aac.ui import frame_marks
from aac.ui.render import Renderer
real_fits_at, real_hold = Renderer._fits_at, start_gc.hold
def counting_fits_at(self, *args):
    counts["measured"] += 1
    return real_fits_at(self, *args)
def hold():  # where the start path begins: count collections from here
    counts["collections"] = 0
    real_hold()
Renderer._fits_at = counting_fits_at
start_gc.hold = hold
watch = frame_marks.watch
def observing(callback):
    if callback is None:
        return watch(None)
    def on_flip(flipped, pending):
        if not pending:
            counts["gc_enabled"] = gc.isenabled()
            print(json.dumps(counts), flush=True)
        return callback(flipped, pending)
    return watch(on_flip)
frame_marks.watch = observing
import aac.bench.first_frame
sys.exit(aac.bench.first_frame.main(sys.argv[1:]))
"""


def _start(tmp_path: Path, tag: str) -> dict[str, object]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               AAC_CACHE_DIR=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"),
               AAC_MODULES_FILE=str(tmp_path / f"{tag}-modules"))  # ends at the first frame
    proc = subprocess.run([sys.executable, "-c", _OBSERVED, str(tmp_path / f"{tag}-marker"),
                           str(tmp_path / f"{tag}.png"), str(WAIT), "boards"], cwd=REPO,
                          env=env, text=True, capture_output=True, timeout=2 * WAIT)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    counts: dict[str, object] = json.loads(line)
    return counts


@pytest.mark.slow
def test_a_second_start_collects_spawns_compiles_and_measures_nothing(tmp_path: Path) -> None:
    first = _start(tmp_path, "first")  # fills the board-set, picture, code and label caches
    assert first["measured"] and first["compiled"]  # (what the counters would show)
    again = _start(tmp_path, "again")
    assert again == {"collections": 0, "spawns": [], "compiled": 0, "measured": 0,
                     "gc_enabled": False}
