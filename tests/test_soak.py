"""``aac bench soak`` (issue 15 item 6) for a few seconds: the figures' shape, and that the
short run already exercised every part (presses, reloads, a replug).
The 30-minute figures are in docs/performance.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_short_soak_reports_every_figure() -> None:
    env = dict(os.environ, AAC_SOAK_RELOAD_S="2", AAC_SOAK_REPLUG_S="3",
               SDL_VIDEODRIVER="dummy")
    proc = subprocess.run([sys.executable, "-m", "aac", "bench", "soak", "--duration", "8",
                           "--json"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    figs = {f["name"]: f for f in map(json.loads, proc.stdout.splitlines())}
    assert set(figs) == {"soak_pss_slope_mb_per_hour", "soak_fds", "soak_threads",
                         "soak_presses", "soak_speech_worker_restarts"}
    assert isinstance(figs["soak_pss_slope_mb_per_hour"]["p50"], float)
    for name in ("soak_fds", "soak_threads"):
        assert figs[name]["start"] > 0 and figs[name]["end"] > 0
    presses = figs["soak_presses"]
    assert presses["made"] >= 3
    # zero lost presses is the 30-minute run's target (docs/device.md); a few seconds on a
    # loaded machine checks only that the counts are consistent
    assert presses["lost"] == presses["made"] - presses["seen"] >= 0
    assert 0 <= presses["selections_seen"] <= presses["selections_expected"] == presses["seen"]
    extra = figs["soak_speech_worker_restarts"]
    assert extra["board_reloads"] >= 1 and extra["replugs"] >= 1
