"""Issue 12.6: ``aac preview`` writes one PNG per board drawn by the device's renderer, and
``--scan-cost`` colours each cell's badge in the order of the computed costs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from aac.boards.loader import load_board_set
from aac.core.scan_cost import scan_costs
from aac.core.scan_settings import ScanSettings
from aac.core.view import View
from aac.paths import default_boards as _root
from aac.ui.heatmap import badge_rect
from aac.ui.render import Renderer
from aac.ui.themes import THEMES


def default_boards():  # type: ignore[no-untyped-def]
    """The English default set (``boards/`` is a folder of sets)."""
    return _root() / "en"

pytestmark = pytest.mark.slow  # real processes
ENV = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}


def aac(*args: str) -> subprocess.CompletedProcess[str]:
    import os
    return subprocess.run([sys.executable, "-m", "aac", *args], capture_output=True, text=True,
                          env={**os.environ, **ENV}, timeout=120)


def test_preview_writes_every_board_as_the_renderer_draws_it(tmp_path: Path) -> None:
    proc = aac("preview", str(default_boards()), "--out", str(tmp_path), "--size", "480x320",
               "--theme", "high-contrast")
    assert proc.returncode == 0, proc.stderr
    boards = load_board_set(default_boards()).boards
    assert boards is not None
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted(boards.boards)
    pygame.font.init()
    expected = pygame.Surface((480, 320))
    Renderer(theme=THEMES["high-contrast"]).draw(expected, View(boards.home_board))
    got = pygame.image.load(str(tmp_path / "home.png"))
    assert got.get_size() == (480, 320)
    assert pygame.image.tobytes(got, "RGB") == pygame.image.tobytes(expected, "RGB")


def test_scan_cost_heat_map_order_matches_the_computed_costs(tmp_path: Path) -> None:
    settings = tmp_path / "anna.yaml"
    settings.write_text("interval_ms: 700\nescape: true\n", encoding="utf-8")
    proc = aac("preview", str(default_boards()), "--out", str(tmp_path / "out"),
               "--scan-cost", "--settings", str(settings))
    assert proc.returncode == 0, proc.stderr
    boards = load_board_set(default_boards()).boards
    assert boards is not None
    board = boards.home_board
    costs = scan_costs(board, ScanSettings(interval_ms=700, escape=True))
    pygame.font.init()
    renderer = Renderer()
    layout = renderer.draw(pygame.Surface((800, 480)), View(board))
    img = pygame.image.load(str(tmp_path / "out" / "home.png"))
    colours = []
    for pos, _cost in sorted(costs.items(), key=lambda kv: kv[1]):
        box = badge_rect(layout.cells[pos])
        colours.append(tuple(img.get_at((box.x + 2, box.y + 2)))[:3])
    reds = [c[0] for c in colours]
    greens = [c[1] for c in colours]
    assert reds == sorted(reds) and greens == sorted(greens, reverse=True)
    assert reds[0] < reds[-1]


def test_preview_names_a_bad_theme_and_needs_an_output(tmp_path: Path) -> None:
    proc = aac("preview", str(default_boards()), "--out", str(tmp_path), "--theme", "neon")
    assert proc.returncode == 2 and "unknown theme 'neon'" in proc.stderr
    assert aac("preview", str(default_boards())).returncode == 2


@pytest.mark.parametrize("mode", ["step"])
def test_scan_cost_refuses_a_mode_without_a_time_per_item(tmp_path: Path, mode: str) -> None:
    settings = tmp_path / "s.yaml"
    settings.write_text(f"mode: {mode}\n", encoding="utf-8")
    proc = aac("preview", str(default_boards()), "--out", str(tmp_path), "--scan-cost",
               "--settings", str(settings))
    assert proc.returncode == 2 and "mode: auto" in proc.stderr
