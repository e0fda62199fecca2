"""The microphone's pieces as they arrive (the carer menu's level bar) and stopping early,
through SDL's ``disk`` capture driver reading a generated signal, in a child process (SDL's
audio driver is chosen once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

RATE = 16000
CHILD = r"""
import json, sys, threading
import numpy as np
from aac.speech.microphone import record
sizes = []
pcm = record(float(sys.argv[1]), on_chunk=lambda c: sizes.append(len(c)))
stop = threading.Event()
stop.set()  # already stopped: returns at once with what is there (nothing)
try:
    early = len(record(5.0, stop=stop))
except OSError as exc:
    early = str(exc)
print(json.dumps({"n": len(pcm), "chunks": sizes, "peak": int(np.abs(pcm.astype(int)).max()),
                  "early": early}))
"""


@pytest.mark.slow
def test_record_reports_each_piece_and_stops_when_asked(tmp_path: Path) -> None:
    t = np.arange(RATE * 2) / RATE
    raw = tmp_path / "mic.raw"
    raw.write_bytes((0.3 * 32767 * np.sin(2 * np.pi * 440 * t)).astype("<i2").tobytes() * 3)
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILEIN=str(raw),
               SDL_DISKAUDIOFILE=str(tmp_path / "out.raw"), SDL_VIDEODRIVER="dummy")
    proc = subprocess.run([sys.executable, "-c", CHILD, "0.5"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["n"] == RATE // 2 and sum(out["chunks"]) == out["n"] and len(out["chunks"]) > 1
    assert out["peak"] > 0.25 * 32767
    assert "no sound data" in str(out["early"])  # stopped before anything: a clear error
