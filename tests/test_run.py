"""``aac run`` as a user starts it: real processes, headless display, real board files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from aac.commands._args import positive_seconds
from aac.commands.run import window_size

REPO = Path(__file__).resolve().parent.parent

SMALL = """\
name: Tiny
rows:
  - [I, want, null, {label: drink, color: noun}]
  - [{label: Speak, action: speak}, more]
"""


def run_aac(*argv: str, env: dict[str, str] | None = None, stdin: str | None = None,
            timeout: float = 30) -> subprocess.CompletedProcess[str]:
    base = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                PYGAME_HIDE_SUPPORT_PROMPT="1")
    base.update(env or {})
    base = {k: v for k, v in base.items() if v != "<unset>"}
    return subprocess.run([sys.executable, "-m", "aac", "run", *argv], cwd=REPO, env=base,
                          input=stdin if stdin is not None else "", capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "home.yaml").write_text(SMALL, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_default_boards_screenshot_and_exit_after(tmp_path: Path) -> None:
    shot = tmp_path / "X.png"
    marker = tmp_path / "first-frame"
    proc = run_aac("boards", "--window", "640x400", "--screenshot", str(shot),
                   "--exit-after", "1", env={"AAC_FIRST_FRAME_FILE": str(marker)})
    assert not marker.exists()  # no benchmark hook in the production start path
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    img = pygame.image.load(str(shot))
    assert img.get_size() == (640, 400)
    colours = {tuple(img.get_at((x, y)))[:3] for x in range(0, 640, 7) for y in range(100, 400, 7)}
    assert len(colours) > 5  # a drawn board, not a blank frame


@pytest.mark.slow
def test_the_startup_bench_child_writes_the_first_frame_time(tmp_path: Path) -> None:
    marker, shot = tmp_path / "first-frame", tmp_path / "shot.png"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    proc = subprocess.run([sys.executable, "-m", "aac.bench.first_frame", str(marker),
                           str(shot), "0.5", "boards"], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert float(marker.read_text()) > 0 and shot.exists()


@pytest.mark.slow
def test_screenshot_shows_the_board_cells(tiny: Path, tmp_path: Path) -> None:
    from aac.boards.loader import load_board_set
    from aac.ui.layout import compute_layout

    shot = tmp_path / "tiny.png"
    proc = run_aac(str(tiny), "--window", "800x480", "--screenshot", str(shot),
                   "--exit-after", "0.5")
    assert proc.returncode == 0, proc.stderr
    img = pygame.image.load(str(shot))
    boards = load_board_set(tiny).boards
    assert boards is not None
    lay = compute_layout(boards.home_board, 800, 480)
    assert len(lay.cells) == 5
    drink = lay.cells[(0, 3)]
    assert tuple(img.get_at((drink.x + 12, drink.y + 12)))[:3] == (0xFF, 0xB7, 0x4D)


@pytest.mark.slow
def test_a_broken_home_board_starts_the_emergency_board_and_names_the_error(
        tmp_path: Path) -> None:
    """Issue 16.1: this used to print "1 error; fix them and start again" and exit 1."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "home.yaml").write_text("rows:\n  - [{label: I, color: verbs}]\n",
                                      encoding="utf-8")
    shot = tmp_path / "shot.png"
    proc = run_aac(str(folder), "--window", "800x480", "--screenshot", str(shot),
                   "--exit-after", "0.5")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{folder / 'home.yaml'}:2:" in proc.stderr
    assert "emergency board" in proc.stderr
    img = pygame.image.load(str(shot))
    reds = sum(1 for x in range(0, 800, 5) if tuple(img.get_at((x, 470)))[:3] == (120, 20, 20))
    assert reds > 20  # the carer's status line is drawn (white text on red)
    colours = {tuple(img.get_at((x, y)))[:3] for x in range(0, 800, 9) for y in range(0, 480, 9)}
    assert (0x2E, 0x7D, 0x32) in colours  # the emergency board's green "yes"


def test_missing_board_folder_is_a_clear_error(tmp_path: Path) -> None:
    proc = run_aac(str(tmp_path / "nope"), "--exit-after", "1")
    assert proc.returncode == 1
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_terminal_front_end_through_a_pipe_selects_and_shows_the_message(tiny: Path) -> None:
    proc = run_aac(str(tiny), "--terminal", stdin="1\n2\n3\nq\n")
    assert proc.returncode == 0, proc.stderr
    frames = proc.stdout.split("=" * 80)
    assert "| I want drink" in frames[-1]
    assert "Tiny" in frames[-1] and " 3 drink" in frames[-1]


@pytest.mark.slow
def test_without_a_display_it_falls_back_to_the_terminal(tiny: Path) -> None:
    proc = run_aac(str(tiny), stdin="2\nq\n",
                   env={"SDL_VIDEODRIVER": "<unset>", "DISPLAY": "<unset>",
                        "WAYLAND_DISPLAY": "<unset>"})
    assert proc.returncode == 0, proc.stderr
    assert "no display" in proc.stderr
    assert "| want" in proc.stdout.split("=" * 80)[-1]


@pytest.mark.slow
def test_without_a_display_a_screenshot_is_still_written(tiny: Path, tmp_path: Path) -> None:
    shot = tmp_path / "nodisplay.png"
    proc = run_aac(str(tiny), "--window", "400x300", "--screenshot", str(shot),
                   "--exit-after", "0.3",
                   env={"SDL_VIDEODRIVER": "<unset>", "DISPLAY": "<unset>",
                        "WAYLAND_DISPLAY": "<unset>"})
    assert proc.returncode == 0, proc.stderr
    assert pygame.image.load(str(shot)).get_size() == (400, 300)


def test_bad_settings_file_names_the_key(tiny: Path, tmp_path: Path) -> None:
    settings = tmp_path / "scan.yaml"
    settings.write_text("interval_ms: 800\nintervall: 3\n", encoding="utf-8")
    proc = run_aac(str(tiny), "--settings", str(settings), "--window", "320x240",
                   "--exit-after", "1")
    assert proc.returncode == 1
    assert "intervall" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("bad", ["800", "axb", "10x10", "800x"])
def test_window_size_rejects_bad_values(bad: str) -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError, match="x"):
        window_size(bad)


def test_window_size_and_seconds_parse() -> None:
    import argparse

    assert window_size("800x480") == (800, 480)
    assert window_size("1024X600") == (1024, 600)
    assert positive_seconds("2.5") == 2.5
    for bad in ("0", "-1", "nan", "inf", "soon"):  # nan would never end
        with pytest.raises(argparse.ArgumentTypeError):
            positive_seconds(bad)


def test_bad_window_flag_is_a_usage_error_not_a_traceback() -> None:
    proc = run_aac("--window", "big")
    assert proc.returncode == 2
    assert "WIDTHxHEIGHT" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_unwritable_screenshot_is_reported_and_exits_1(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.png"
    proc = run_aac(str(tiny), "--window", "320x240", "--screenshot", str(target),
                   "--exit-after", "0.3")
    assert proc.returncode == 1
    assert "cannot write screenshot" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_scanning_run_writes_the_usage_log(tiny: Path, tmp_path: Path) -> None:
    log = tmp_path / "usage.jsonl"
    proc = run_aac(str(tiny), "--terminal", "--scan", "--log", str(log), stdin="1\nq\n")
    assert proc.returncode == 0, proc.stderr
    import json

    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records[0]["type"] == "session" and records[0]["clock"] == "monotonic"
    types = [r["type"] for r in records]
    assert "highlight" in types
    assert {"switch"} <= set(types)  # the piped press, time-stamped by the front end
    assert [r["down"] for r in records if r["type"] == "switch"][:2] == [True, False]


@pytest.mark.slow
def test_the_profile_theme_sets_the_scan_highlight(tiny: Path, tmp_path: Path) -> None:
    from aac.boards.loader import load_board_set
    from aac.ui.layout import compute_layout
    from aac.ui.theme import Theme

    profile = tmp_path / "anna.yaml"
    profile.write_text("interval_ms: 5000\ntheme: {highlight_frame: '#00FFFF', "
                       "highlight_width: 12}\n", encoding="utf-8")
    shot = tmp_path / "scan.png"
    proc = run_aac(str(tiny), "--settings", str(profile), "--window", "800x480",
                   "--screenshot", str(shot), "--exit-after", "0.5")
    assert proc.returncode == 0, proc.stderr
    img = pygame.image.load(str(shot))
    boards = load_board_set(tiny).boards
    assert boards is not None
    first = compute_layout(boards.home_board, 800, 480, Theme(highlight_width=12)).cells[(0, 0)]
    # row 0 is lit first: its frame, in the profile's colour, runs down the row's left edge
    assert tuple(img.get_at((first.x + 2, first.center[1])))[:3] == (0, 255, 255)


def test_a_bad_theme_key_in_the_profile_is_positioned(tiny: Path, tmp_path: Path) -> None:
    profile = tmp_path / "anna.yaml"
    profile.write_text("theme:\n  highlight_colour: '#00FFFF'\n", encoding="utf-8")
    proc = run_aac(str(tiny), "--settings", str(profile), "--exit-after", "0.5")
    assert proc.returncode == 1
    assert f"{profile}:2:3: error: theme: unknown theme key 'highlight_colour'" in proc.stderr
    assert "Traceback" not in proc.stderr
