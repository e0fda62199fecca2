"""Every home word of each voiced set comes out of espeak-ng as audible speech, and a set in
a language with no voice runs silent except for recorded clips, telling the carer once."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path
from typing import Any, Optional
from xml.sax.saxutils import escape

import numpy as np
import pytest

from aac.boards.loader import load_board_set
from aac.core.outputs import Speak, Utterance
from aac.speech.languages import (
    ClipsOnlySpeech,
    engine_voice,
    fitting_voices,
    has_voice,
    speech_for_set,
)

BOARDS = Path(__file__).resolve().parent.parent / "boards"
VOICED = ("sr", "sr-Latn", "ru", "be", "uk", "az", "sq")
GAP_S = 0.8  # silence put between words; a word's own pauses are far shorter
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng")


def _home_words(tag: str) -> list[str]:
    boards = load_board_set(BOARDS / tag).boards
    assert boards is not None
    return [c.say or c.label for row in boards.home_board.rows for c in row
            if c is not None and not c.action and not c.link]


def _segments(samples: np.ndarray, rate: int) -> list[np.ndarray]:
    """Stretches of sound separated by at least GAP_S/2 of near-silence (10 ms frames)."""
    frame = rate // 100
    n = len(samples) // frame
    rms = np.sqrt((samples[: n * frame].reshape(n, frame).astype(np.float64) ** 2).mean(1))
    loud = rms > 300
    segments, start, quiet = [], None, 0
    for i, on in enumerate(loud):
        if on:
            if start is None:
                start = i
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet * 0.01 >= GAP_S / 2:
                segments.append(samples[start * frame:(i - quiet + 1) * frame])
                start, quiet = None, 0
    if start is not None:
        segments.append(samples[start * frame:])
    return segments


@needs_espeak
@pytest.mark.parametrize("tag", VOICED)
def test_every_home_word_is_spoken_aloud(tag: str, tmp_path: Path) -> None:
    """One espeak-ng call per language (SSML breaks between the words), then one audible
    stretch per word: a word espeak-ng drops (letters it cannot read) makes the count fail."""
    words = _home_words(tag)
    assert len(words) == 46  # 56 cells less the speak/edit column and the topic links
    voice = engine_voice(tag)
    assert voice is not None
    ssml = "<speak>" + f'<break time="{int(GAP_S * 1000)}ms"/>'.join(
        escape(w) for w in words) + "</speak>"
    out = tmp_path / f"{tag}.wav"
    subprocess.run(["espeak-ng", "-m", "-v", voice, "-w", str(out), ssml], check=True,
                   capture_output=True, timeout=120)
    with wave.open(str(out)) as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    segments = _segments(samples, rate)
    assert len(segments) == len(words), f"{tag}: {len(segments)} spoken stretches for " \
                                        f"{len(words)} words"
    for word, seg in zip(words, segments):
        rms = float(np.sqrt((seg.astype(np.float64) ** 2).mean()))
        assert rms > 500 and len(seg) >= rate * 0.05, f"{tag}: {word!r} is (nearly) silent"


def test_segmenting_can_fail() -> None:
    """Silence in, no words out: the test above cannot pass on a mute voice."""
    assert _segments(np.zeros(22050 * 3, dtype=np.int16), 22050) == []


VOICES = [{"id": v, "language": v, "variant": False, "name": v} for v in
          ("en", "en-us", "sr", "ru", "be", "uk", "az", "sq")]


def test_every_set_language_maps_to_a_voice_and_mn_has_none_here() -> None:
    for tag in VOICED:
        assert has_voice(tag, VOICES), tag
        assert fitting_voices(tag, VOICES)
    assert engine_voice("sr-Latn") == "sr"
    assert engine_voice("en") is None  # English keeps the voice profile
    assert not has_voice("mn", VOICES)
    assert fitting_voices("mn", VOICES) == []


class _Recorder:
    def __init__(self) -> None:
        self.spoken: list[Speak] = []
        self.stopped = 0

    def speak(self, request: Speak) -> None:
        self.spoken.append(request)

    def stop(self) -> None:
        self.stopped += 1


def test_clips_only_speech_plays_recordings_never_text() -> None:
    inner = _Recorder()
    speech = ClipsOnlySpeech(inner)
    speech.speak(Speak((Utterance("би"),)))
    speech.speak(Speak((Utterance("ээж", "/clips/mum.wav"), Utterance("идье")), "message"))
    assert [r.parts for r in inner.spoken] == [(Utterance("", "/clips/mum.wav"),)]
    assert inner.spoken[0].kind == "message"
    assert speech.prompt("би") is None
    speech.stop()  # everything else reaches the real speech
    assert inner.stopped == 1


def test_a_set_without_a_voice_tells_the_carer_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import aac.speech.worker as worker_mod

    class FakeWorker:
        voices = VOICES

        def start(self) -> bool:
            return True

        def close(self) -> None:
            pass

    monkeypatch.setattr(worker_mod, "SynthWorker", FakeWorker)
    notices: list[str] = []
    made: list[Optional[str]] = []

    def make(voice: Optional[str], on_status: Any) -> _Recorder:
        made.append(voice)
        return _Recorder()

    speech = speech_for_set("mn", None, notices.append, make)
    assert isinstance(speech, ClipsOnlySpeech)
    assert len(notices) == 1 and "(mn)" in notices[0]
    for _ in range(3):
        speech.speak(Speak((Utterance("би"),)))
    assert len(notices) == 1  # said once, not on every selection
    assert speech_for_set("sr", None, notices.append, make) is not None
    assert made == [None, "sr"]
    assert speech_for_set("sr", "girl", notices.append, make) is not None
    assert made[-1] == "girl"  # the carer's --voice wins
    assert len(notices) == 1


@needs_espeak
def test_aac_speak_language(tmp_path: Path) -> None:
    """``aac speak --language sr`` writes Serbian speech; ``mn`` (no voice) refuses rather than
    read Mongolian with a foreign voice."""
    import sys

    out = tmp_path / "sr.wav"
    done = subprocess.run([sys.executable, "-m", "aac", "speak", "хоћу да једем", "--language",
                           "sr", "--out", str(out), "--cache-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with wave.open(str(out)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    assert len(_segments(samples, 22050)) >= 1
    if "mn" not in subprocess.run(["espeak-ng", "--voices=mn"], capture_output=True,
                                  text=True).stdout:
        done = subprocess.run([sys.executable, "-m", "aac", "speak", "би", "--language", "mn",
                               "--out", str(tmp_path / "mn.wav")], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 1 and "no espeak-ng voice for language 'mn'" in done.stderr
        assert not (tmp_path / "mn.wav").exists()
