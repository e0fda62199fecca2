"""Recording a voice for a cell: trim and normalise on generated signals; the whole
``aac record`` path through SDL's ``disk`` capture driver reading a generated signal; a clear
message with no usable sound."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from aac.boards.loader import load_board_set
from aac.speech.voice_recording import NothingHeard, normalise, prepare, trim_silence

BOARDS = Path(__file__).resolve().parent.parent / "boards" / "en"
RATE = 16000


def tone(seconds: float, amp: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def signal() -> np.ndarray:
    quiet = np.zeros(int(0.6 * RATE), dtype=np.int16)
    return np.concatenate([quiet, tone(0.5, 0.1), quiet, quiet])


def test_trim_keeps_the_sound_and_a_short_pad_and_normalise_sets_the_peak() -> None:
    out = prepare(signal(), RATE)
    assert 0.5 <= len(out) / RATE <= 0.5 + 2 * 0.05 + 0.02
    assert int(np.max(np.abs(out.astype(np.int32)))) == pytest.approx(0.9 * 32767, abs=2)
    with pytest.raises(NothingHeard):
        trim_silence(np.zeros(RATE, dtype=np.int16), RATE)
    with pytest.raises(NothingHeard):
        normalise(np.zeros(10, dtype=np.int16))


@pytest.mark.slow
def test_aac_record_through_sdl_disk_capture_writes_the_wav_and_sets_sound(
        tmp_path: Path) -> None:
    boards = tmp_path / "boards"
    shutil.copytree(BOARDS, boards)
    raw = tmp_path / "mic.raw"
    raw.write_bytes(signal().astype("<i2").tobytes() * 2)
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILEIN=str(raw),
               SDL_DISKAUDIOFILE=str(tmp_path / "out.raw"), SDL_VIDEODRIVER="dummy")
    before = (boards / "food.yaml").read_text(encoding="utf-8").splitlines()
    proc = subprocess.run([sys.executable, "-m", "aac", "record", str(boards), "food", "2",
                           "3", "--seconds", "1.6"], env=env, capture_output=True, text=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr
    wav = boards / "food-juice.wav"
    with wave.open(str(wav)) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert 0.4 <= len(pcm) / RATE <= 0.7  # the tone, trimmed
    assert int(np.max(np.abs(pcm.astype(np.int32)))) > 0.85 * 32767  # normalised
    after = (boards / "food.yaml").read_text(encoding="utf-8").splitlines()
    assert sum(a != b for a, b in zip(before, after)) == 1 and len(after) == len(before)
    result = load_board_set(boards)
    assert result.boards is not None
    cell = result.boards["food"].cell(1, 2)
    assert cell is not None and cell.sound_file == str(wav)


@pytest.mark.slow
def test_aac_record_hearing_only_silence_says_so(tmp_path: Path) -> None:
    raw = tmp_path / "mic.raw"
    raw.write_bytes(bytes(RATE * 2 * 3))
    boards = tmp_path / "boards"
    shutil.copytree(BOARDS, boards)
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILEIN=str(raw),
               SDL_DISKAUDIOFILE=str(tmp_path / "out.raw"), SDL_VIDEODRIVER="dummy")
    proc = subprocess.run([sys.executable, "-m", "aac", "record", str(boards), "food", "2",
                           "3", "--seconds", "0.5"], env=env, capture_output=True, text=True,
                          timeout=180)
    assert proc.returncode == 1
    assert "silence" in proc.stderr and "Traceback" not in proc.stderr
    assert "sound:" not in (boards / "food.yaml").read_text(encoding="utf-8")
