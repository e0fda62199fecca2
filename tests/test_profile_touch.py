"""The settings file's ``touch:`` section and ``clear_after_speak`` (aac.profile)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac.core.touch import TouchSettings
from aac.errors import BadSettings
from aac.profile import load_profile


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "anna.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_touch_section_and_clear_after_speak_are_read(tmp_path: Path) -> None:
    p = load_profile(write(tmp_path, "touch:\n  repeat_ignore_ms: 500\n  hold_ms: 400\n"
                                     "  select_on: press\n  edge_margin: 0.15\n"
                                     "clear_after_speak: yes\n"))
    assert p.touch == TouchSettings(500, 400, "press", 0.15)
    assert p.clear_after_speak is True
    assert {"touch", "clear_after_speak"} <= p.keys


def test_defaults_keep_todays_touch(tmp_path: Path) -> None:
    p = load_profile(write(tmp_path, "interval_ms: 1500\n"))
    assert p.touch == TouchSettings() and p.clear_after_speak is False


def test_every_bad_touch_value_is_positioned(tmp_path: Path) -> None:
    path = write(tmp_path, "touch:\n  hold_ms: -5\n  select_on: tap\n  hodl_ms: 3\n"
                           "clear_after_speak: maybe\n")
    with pytest.raises(BadSettings) as exc:
        load_profile(path)
    text = str(exc.value)
    assert f"{path}:2:12: error: touch: hold_ms must be" in text
    assert f"{path}:3:14: error: touch: select_on must be one of press, release" in text
    assert f"{path}:4:3: error: unknown touch key 'hodl_ms' (did you mean \"hold_ms\"?)" in text
    assert f"{path}:5:20: error: clear_after_speak must be true or false" in text
