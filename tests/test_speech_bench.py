"""``aac bench speech`` runs end to end and prints its figures (numbers are not judged here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_bench_speech_prints_every_figure(repo: Path, tmp_path: Path) -> None:
    env = dict(os.environ, AAC_CACHE_DIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "aac", "bench", "speech", "--json", "--samples", "3"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    figures = {f["name"]: f for f in map(json.loads, proc.stdout.splitlines())}
    assert {
        "speech_first_audio_cached",
        "speech_first_audio_uncached",
        "speech_prerender_default_boards",
    } <= set(figures)
    for name in ("speech_first_audio_cached", "speech_first_audio_uncached"):
        fig = figures[name]
        assert fig["unit"] == "ms" and fig["samples"] == 3
        assert 0 < fig["p50"] <= fig["p99"] <= fig["max"]
    assert figures["speech_prerender_default_boards"]["texts"] > 0
