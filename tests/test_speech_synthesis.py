"""Real espeak-ng audio through the real worker process, checked with numpy."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from helpers import f0

from aac.speech.audio import Pcm, first_sound, read_wav, trim_leading_silence
from aac.speech.worker import SynthWorker


@pytest.fixture(scope="module")
def worker() -> Iterator[SynthWorker]:
    w = SynthWorker()
    assert w.start(), w.unavailable
    yield w
    w.close()


def rms(pcm: Pcm) -> float:
    return float(np.sqrt(np.mean(pcm.samples.astype(np.float64) ** 2)))


def test_renders_audible_speech(worker: SynthWorker) -> None:
    pcm = worker.render("hello", "en-us", 165, 50, 1.0)
    assert pcm.rate == 22050
    assert 0.2 < pcm.seconds < 2.0
    assert rms(pcm) > 1000


def test_longer_text_gives_longer_audio(worker: SynthWorker) -> None:
    short = worker.render("eat", "en-us", 165, 50, 1.0)
    long = worker.render("I want to eat my lunch now please", "en-us", 165, 50, 1.0)
    assert long.seconds > 2 * short.seconds


def test_faster_rate_gives_shorter_audio(worker: SynthWorker) -> None:
    text = "I would like to go outside and play"
    slow = worker.render(text, "en-us", 120, 50, 1.0)
    fast = worker.render(text, "en-us", 300, 50, 1.0)
    assert fast.seconds < 0.7 * slow.seconds


def test_higher_pitch_raises_the_fundamental(worker: SynthWorker) -> None:
    text = "hello my name is Sam"
    low_pcm = worker.render(text, "en-us", 165, 20, 1.0)
    high_pcm = worker.render(text, "en-us", 165, 90, 1.0)
    low, high = f0(low_pcm.samples, low_pcm.rate), f0(high_pcm.samples, high_pcm.rate)
    assert high > 1.2 * low


def test_volume_scales_loudness(worker: SynthWorker) -> None:
    loud = worker.render("more", "en-us", 165, 50, 1.0)
    quiet = worker.render("more", "en-us", 165, 50, 0.3)
    assert rms(quiet) < 0.6 * rms(loud)
    assert rms(quiet) > 100


def test_voices_differ_and_variants_work(worker: SynthWorker) -> None:
    a = worker.render("hello", "en-us", 165, 50, 1.0)
    b = worker.render("hello", "en-us+f4", 165, 50, 1.0)
    assert rms(b) > 1000
    assert len(a.samples) != len(b.samples) or not np.array_equal(a.samples, b.samples)


def test_leading_silence_is_trimmed(worker: SynthWorker) -> None:
    raw = worker.render("stop", "en-us", 165, 50, 1.0)
    trimmed = trim_leading_silence(raw)
    assert first_sound(trimmed.samples) <= int(0.006 * raw.rate)
    assert np.array_equal(trimmed.samples, raw.samples[len(raw.samples) - len(trimmed.samples) :])


def test_worker_lists_english_voices_and_variants(worker: SynthWorker) -> None:
    ids = {v["id"] for v in worker.voices}
    assert {"en", "en-us"} <= ids
    assert any(v["variant"] for v in worker.voices)


def test_aac_speak_writes_a_wav(tmp_path: Path) -> None:
    from aac.cli import main

    out = tmp_path / "hi.wav"
    assert main(["speak", "good morning", "--out", str(out), "--cache-dir", str(tmp_path)]) == 0
    with wave.open(str(out), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
    pcm = read_wav(out)
    assert pcm.seconds > 0.4 and rms(pcm) > 1000


def test_aac_speak_warns_and_uses_nearest_voice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from aac.cli import main

    out = tmp_path / "hi.wav"
    assert main(["speak", "hi", "--voice", "en-zz", "--out", str(out),
                 "--cache-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "voice 'en-zz'" in err and "using 'en'" in err
    assert rms(read_wav(out)) > 1000


def test_aac_speak_rejects_a_bad_profile_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from aac.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("voice: en-us\nrate: fast\n")
    assert main(["speak", "hi", "--voice", str(bad), "--out", str(tmp_path / "x.wav")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: key 'rate'" in err and "Traceback" not in err
