"""``aac bench symbols`` runs end to end (numbers are not judged here), and ``aac run`` makes
the linked board's pictures ahead (its disk cache holds them after the first screen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NS = 'xmlns="http://www.w3.org/2000/svg"'


@pytest.mark.slow
def test_bench_symbols_prints_every_figure(repo: Path, tmp_path: Path) -> None:
    env = dict(os.environ, AAC_CACHE_DIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "aac", "bench", "symbols", "--json", "--runs", "1",
         "--switches", "3", "--pss-after", "1"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    figures = {f["name"]: f for f in map(json.loads, proc.stdout.splitlines())}
    assert set(figures) == {"symbols_first_frame_cold", "symbols_first_frame_warm",
                            "board_switch_frame", "symbols_pss"}
    for name in ("symbols_first_frame_cold", "symbols_first_frame_warm"):
        fig = figures[name]
        assert fig["unit"] == "ms" and fig["samples"] == 1 and fig["cells"] == 48
        assert 0 < fig["p50"] <= fig["pictures_p50"]  # pictures come with or after frame 1
        assert fig["text_only_first_frame_p50"] > 0
    assert figures["board_switch_frame"]["samples"] == 3
    assert figures["symbols_pss"]["unit"] == "MB" and figures["symbols_pss"]["p50"] > 10


@pytest.mark.slow
def test_aac_run_prefetches_the_linked_boards_pictures(tmp_path: Path) -> None:
    boards = tmp_path / "boards"
    boards.mkdir()
    for name, color in (("home", "#FF0000"), ("food", "#00FF00"), ("far", "#0000FF")):
        (boards / f"{name}.svg").write_text(f'<svg {NS} viewBox="0 0 4 4"><rect width="4" '
                                            f'height="4" fill="{color}"/></svg>')
    (boards / "home.yaml").write_text(
        "rows:\n  - [{label: hi, symbol: home.svg}, {label: food, link: food}]\n")
    (boards / "food.yaml").write_text(
        "rows:\n  - [{label: apple, symbol: food.svg}, {label: far, link: far}]\n")
    (boards / "far.yaml").write_text("rows:\n  - [{label: far, symbol: far.svg}]\n")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               AAC_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run(  # --screenshot waits (bounded) until no picture is queued
        [sys.executable, "-m", "aac", "run", str(boards), "--window", "800x480",
         "--exit-after", "0.5", "--screenshot", str(tmp_path / "shot.png")],
        env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    from aac.boards.picture_cache import content_digest

    made = {p.name.split("-")[0] for p in (tmp_path / "cache" / "pictures").glob("*.rgba")}
    digest = {n: content_digest((boards / f"{n}.svg").read_bytes()) for n in ("home", "food",
                                                                             "far")}
    assert digest["home"] in made and digest["food"] in made  # shown, and linked from it
    assert digest["far"] not in made  # two links away: not yet
