"""Issue 9.7: ``aac run`` builds one typed, frozen RunConfig from its flags and the profile."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pygame
import pytest

from aac.paths import default_boards
from aac.run_config import RunConfig, RunConfigError, build_run_config


def test_defaults_are_touch_on_the_bundled_boards() -> None:
    config = build_run_config()
    # boards/ is a folder of sets: the English one under LANG=C (issue 11)
    assert config.boards == default_boards() / "en" and config.scan is None
    assert config.keymap is None and config.switches is None and config.touch is None
    assert [s.kind for s in config.inputs] == ["keyboard", "touch"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.scan = None  # type: ignore[misc]


def test_a_switch_input_turns_scanning_on_and_maps_keys_joysticks_and_mice() -> None:
    config = build_run_config(inputs=["keyboard?1=space&2=tab", "joystick:0?1=3",
                                      "mouse?mode=switch"])
    assert config.scan is not None
    assert config.keymap == {pygame.K_SPACE: 1, pygame.K_TAB: 2}
    assert config.switches is not None and config.switches.joystick_switch(0, 3) == 1
    assert config.switches.mouse_buttons  # mouse buttons are switches


def test_the_profile_gives_scan_settings_voice_inputs_and_theme(tmp_path: Path) -> None:
    profile = tmp_path / "anna.yaml"
    profile.write_text("interval_ms: 1500\nvoice: girl\ninputs: ['keyboard?1=f1']\n"
                       "theme: {highlight_width: 12}\n", encoding="utf-8")
    config = build_run_config(settings=str(profile))
    assert config.scan is not None and config.scan.interval_ms == 1500
    assert config.voice == "girl" and config.keymap == {pygame.K_F1: 1}
    assert config.theme is not None and config.theme.highlight_width == 12
    given = build_run_config(settings=str(profile), voice="boy", inputs=["keyboard"])
    assert given.voice == "boy" and pygame.K_F1 not in (given.keymap or {})


def test_a_touch_users_profile_does_not_scan(tmp_path: Path) -> None:
    profile = tmp_path / "mia.yaml"
    profile.write_text("touch: {repeat_ignore_ms: 300}\nclear_after_speak: true\n",
                       encoding="utf-8")
    config = build_run_config(settings=str(profile))
    assert config.scan is None and config.clear_after_speak
    assert config.touch is not None
    assert build_run_config(settings=str(profile), scan=True).scan is not None


def test_bad_inputs_and_settings_give_the_words_and_exit_codes_of_before(tmp_path: Path) -> None:
    with pytest.raises(RunConfigError) as bad_input:
        build_run_config(inputs=["nonsense:1"])
    assert bad_input.value.code == 2 and str(bad_input.value).startswith("aac run: ")
    bad = tmp_path / "bad.yaml"
    bad.write_text("interval_ms: fast\n", encoding="utf-8")
    with pytest.raises(RunConfigError) as bad_settings:
        build_run_config(settings=str(bad))
    assert bad_settings.value.code == 1 and str(bad_settings.value).startswith(f"{bad}:1:")


def test_run_config_is_all_the_start_path_takes() -> None:
    import inspect

    from aac.app import start

    assert list(inspect.signature(start).parameters) == ["config", "on_first_frame"]
    assert RunConfig(boards=Path("b")).exit_after is None
