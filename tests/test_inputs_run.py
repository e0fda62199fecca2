"""``aac run --input``: switch inputs picked by name; a bad one is one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
import tty
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_aac(*argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    return subprocess.run([sys.executable, "-m", "aac", "run", "boards", "--window", "640x400",
                           *argv], cwd=REPO, env=env, capture_output=True, text=True, timeout=30)


def test_bad_input_spec_is_one_line_and_exit_2() -> None:
    proc = run_aac("--input", "serial:", "--exit-after", "1")
    assert proc.returncode == 2
    assert proc.stderr.startswith("aac run: input 'serial:': serial needs a port")
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_unknown_key_name_is_reported() -> None:
    proc = run_aac("--input", "keyboard?1=spacebar", "--exit-after", "1")
    assert proc.returncode == 2 and "unknown key 'spacebar'" in proc.stderr


@pytest.mark.slow
def test_unusable_gpio_is_reported_and_the_communicator_still_runs() -> None:
    proc = run_aac("--input", "gpio:17", "--input", "touch", "--exit-after", "1")
    assert proc.returncode == 0, proc.stderr
    assert "gpio:17: cannot use GPIO pin(s) 17" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_serial_box_input_starts_scanning_and_exits_cleanly() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    os.close(slave)
    try:
        proc = run_aac("--input", f"serial:{path}?profile=line", "--exit-after", "1")
    finally:
        os.close(master)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_inputs_from_the_settings_file(tmp_path: Path) -> None:
    good = tmp_path / "child.yaml"
    good.write_text("inputs: ['gpio:27']\nmode: step\n", encoding="utf-8")
    proc = run_aac("--settings", str(good), "--exit-after", "1")
    assert proc.returncode == 0, proc.stderr
    assert "gpio:27: cannot use GPIO pin(s) 27" in proc.stderr  # the file's input was used
    bad = tmp_path / "bad.yaml"
    bad.write_text("inputs: ['serial:']\n", encoding="utf-8")
    proc = run_aac("--settings", str(bad), "--exit-after", "1")
    assert proc.returncode == 1
    assert f"{bad}:1:10: error: input 'serial:': serial needs a port" in proc.stderr
