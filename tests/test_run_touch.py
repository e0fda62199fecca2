"""``aac run`` with a child's touch profile and the terminal's acceptance notice (16.4/7/10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_run import run_aac, tiny  # noqa: F401  (fixture)


def test_terminal_says_how_it_treats_keys_when_acceptance_is_set(
        tiny: Path, tmp_path: Path) -> None:  # noqa: F811
    settings = tmp_path / "anna.yaml"
    settings.write_text("acceptance_ms: 300\n", encoding="utf-8")
    proc = run_aac(str(tiny), "--terminal", "--settings", str(settings), stdin="q\n")
    assert proc.returncode == 0, proc.stderr
    assert "no key releases" in proc.stderr and "300 ms" in proc.stderr
    assert "! the terminal shows no key releases" in proc.stdout.split("=" * 80)[-1]


@pytest.mark.slow
def test_a_touch_profile_keeps_touch_and_clears_the_bar_after_speaking(
        tiny: Path, tmp_path: Path) -> None:  # noqa: F811
    settings = tmp_path / "ben.yaml"
    settings.write_text("touch: {repeat_ignore_ms: 300}\nclear_after_speak: true\n",
                        encoding="utf-8")
    proc = run_aac(str(tiny), "--terminal", "--settings", str(settings), stdin="1\n2\nq\n")
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.split("=" * 80)[-1]
    assert "| I want" in last and "Space/Enter = switch 1" not in last  # touch, not scanning
    proc = run_aac(str(tiny), "--terminal", "--settings", str(settings), stdin="1\n2\n4\nq\n")
    assert proc.returncode == 0, proc.stderr
    assert "| I want" not in proc.stdout.split("=" * 80)[-1]  # spoken, then cleared


@pytest.mark.slow
def test_run_says_a_missing_joystick_is_awaited(tiny: Path) -> None:  # noqa: F811
    import pygame

    pygame.joystick.init()
    if pygame.joystick.get_count():
        pytest.skip("this machine has a joystick")
    proc = run_aac(str(tiny), "--input", "joystick:0", "--window", "320x240",
                   "--exit-after", "0.3")
    assert proc.returncode == 0, proc.stderr
    assert "aac run: switch disconnected: joystick:0 (not plugged in: waiting for it)" in (
        proc.stderr)
