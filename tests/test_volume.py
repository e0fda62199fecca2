"""Issue 12.4 (profile part): ``volume:`` 0-100 in the profile, one gain on everything the
player plays (speech, clips, prompts)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from aac.profile import BadSettings, load_profile
from aac.run_config import build_run_config


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "anna.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_profile_volume_reaches_the_run_config(tmp_path: Path) -> None:
    path = write(tmp_path, "volume: 40\ntouch: {hold_ms: 0}\n")
    assert load_profile(path).volume == 40
    config = build_run_config(settings=path, terminal=True)
    assert config.volume == 40
    assert config.scan is None  # volume is a touch user's key too: no scanning


@pytest.mark.parametrize("bad", ["150", "loud", "-3", "0.5"])
def test_a_bad_volume_names_the_line_and_the_range(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, f"voice: x\nvolume: {bad}\n")
    with pytest.raises(BadSettings) as info:
        load_profile(path)
    assert f"{path}:2:9" in str(info.value) and "0 to 100" in str(info.value)


def test_master_volume_is_applied_to_every_sound_the_player_makes() -> None:
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from aac.speech.player import Player, init_mixer, set_master_volume

    if not init_mixer():
        pytest.skip("no mixer")
    player = Player()
    try:
        frames = np.zeros((2205, player.channels), dtype=np.int16).squeeze()
        set_master_volume(0.25)
        assert player.sound(frames).get_volume() == pytest.approx(0.25, abs=0.01)
        set_master_volume(1.0)
        assert player.sound(frames).get_volume() == pytest.approx(1.0, abs=0.01)
    finally:
        set_master_volume(1.0)
        player.close()
