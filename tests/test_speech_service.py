"""The speech service end to end: real worker, real espeak-ng, pygame's mixer (dummy driver)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from helpers import WAIT

from aac.core.board import Board, BoardSet, Cell
from aac.core.clock import FakeClock
from aac.core.events import PointerSelect
from aac.core.outputs import Speak, Utterance
from aac.core.session import Session
from aac.loop import Runtime
from aac.speech import NO_AUDIO, NO_ESPEAK, create_speech
from aac.speech.audio import Pcm, write_wav
from aac.speech.service import Speech
from aac.testing import FakeFrontend

LONG = "I would like to go outside and play in the garden with my friends this afternoon"


class Harness:
    """A Speech with its status messages and play notifications collected for waiting on."""

    def __init__(self, **kwargs: Any) -> None:
        self.statuses: list[str] = []
        self.status_seen = threading.Event()
        self.plays: queue.Queue[str] = queue.Queue()
        self.speech: Speech = create_speech(on_status=self._status, **kwargs)
        self.speech.on_play = lambda kind, _t: self.plays.put(kind)
        assert self.speech.ready.wait(WAIT)

    def _status(self, msg: str) -> None:
        self.statuses.append(msg)
        self.status_seen.set()

    def played(self, timeout: float = 5.0) -> str:
        return self.plays.get(timeout=timeout)

    def close(self) -> None:
        self.speech.stop()
        self.speech.close()
        self.speech.join(10)


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    h = Harness(cache_dir=tmp_path / "cache")
    yield h
    h.close()


def word(text: str, sound: Any = None, kind: str = "word") -> Speak:
    return Speak((Utterance(text, None if sound is None else str(sound)),), kind)


def frames_of(sound: Any) -> np.ndarray:
    import pygame

    return np.asarray(pygame.sndarray.array(sound))


def test_a_word_is_spoken_on_the_message_channel(harness: Harness) -> None:
    s = harness.speech
    s.speak(word("hello"))
    assert harness.played() == "word"
    player = s.player
    assert player.message.get_busy()
    frames = frames_of(player.message.get_sound())
    assert np.abs(frames).max() > 1000
    assert harness.statuses == []


def test_prompt_and_message_overlap_without_cutting_each_other(harness: Harness) -> None:
    s = harness.speech
    s.speak(word(LONG, kind="message"))
    assert harness.played() == "message"
    message_sound = s.player.message.get_sound()
    assert s.prompt("yes") is None  # not rendered before: duration unknown yet
    assert harness.played() == "prompt"
    assert s.player.message.get_busy() and s.player.prompt_busy()
    assert s.player.message.get_sound() is message_sound  # the prompt did not replace it
    s.stop()  # the stop action silences both
    assert not s.player.message.get_busy() and not s.player.prompt_busy()


def test_a_new_selection_stops_the_current_speech_by_default(harness: Harness) -> None:
    s = harness.speech
    s.speak(word(LONG))
    assert harness.played() == "word"
    s.speak(word("more"))
    assert harness.played() == "word"
    now_playing = s.player.message.get_sound()
    assert now_playing.get_length() < 1.0  # "more", not the long sentence
    assert s.player.message.get_queue() is None


def test_queue_policy_waits_for_the_current_speech(tmp_path: Path) -> None:
    profile = tmp_path / "patient.yaml"
    profile.write_text("voice: en-us\ninterrupt: queue\n")
    h = Harness(voice=str(profile), cache_dir=tmp_path / "cache")
    try:
        s = h.speech
        s.speak(word(LONG))
        assert h.played() == "word"
        s.speak(word("more"))
        assert h.played() == "word"
        assert s.player.message.get_sound().get_length() > 2.0  # still the sentence
        queued = s.player.message.get_queue()
        assert queued is not None and queued.get_length() < 1.0
    finally:
        h.close()


def test_prompt_is_quieter_and_can_be_panned_to_one_ear(tmp_path: Path) -> None:
    profile = tmp_path / "ear.yaml"
    profile.write_text("voice: en-us\nprompt_volume: 0.4\nprompt_pan: left\n")
    h = Harness(voice=str(profile), cache_dir=tmp_path / "cache")
    try:
        s = h.speech
        s.prompt("drink")
        assert h.played() == "prompt"
        frames = frames_of(s.player.prompt_channel.get_sound())
        assert frames.ndim == 2 and frames.shape[1] == 2
        assert np.abs(frames[:, 1]).max() == 0  # nothing in the right ear
        s.speak(word("drink"))
        assert h.played() == "word"
        message = frames_of(s.player.message.get_sound())
        ratio = np.abs(frames[:, 0]).max() / np.abs(message[:, 0]).max()
        assert 0.3 < ratio < 0.5
    finally:
        h.close()


def test_prompt_duration_is_known_once_prerendered(harness: Harness) -> None:
    s = harness.speech
    s.prerender([], prompts=["yes", "no"])
    assert s.prerendered.wait(WAIT)
    duration = s.prompt_duration("yes")
    assert duration is not None and 0.1 < duration < 1.5
    assert s.prompt("yes") == duration
    assert harness.played() == "prompt"
    assert abs(s.player.prompt_channel.get_sound().get_length() - duration) < 0.01


def test_cache_hit_skips_synthesis_and_restart_is_warm(tmp_path: Path) -> None:
    h = Harness(cache_dir=tmp_path / "cache")
    try:
        for _ in range(3):
            h.speech.speak(word("apple"))
            assert h.played() == "word"
        assert h.speech.worker.renders == 1
    finally:
        h.close()
    again = Harness(cache_dir=tmp_path / "cache")
    try:
        again.speech.speak(word("apple"))
        assert again.played() == "word"
        assert again.speech.worker.renders == 0  # served from disk
    finally:
        again.close()


def test_prerender_renders_a_board_set_before_it_is_used(harness: Harness, repo: Path) -> None:
    from aac.boards.loader import load_board_set
    from aac.speech.prerender import board_texts

    result = load_board_set(repo / "boards" / "en")  # the English set
    if result.boards is None:
        pytest.skip("default board set does not load yet")
    texts, cues = board_texts(result.boards)
    assert texts and cues
    s = harness.speech
    s.prerender_boards(result.boards)
    assert s.prerendered.wait(WAIT)
    assert all(s.cache.peek(s._key(t)) is not None for t in texts)
    assert all(s.prompt_duration(c) for c in cues)  # wait_for_prompt can use them
    before = s.worker.renders
    s.speak(word(texts[0]))
    assert harness.played() == "word"
    assert s.worker.renders == before


def test_board_texts_put_the_visible_board_first() -> None:
    from aac.speech.prerender import board_texts

    home = Board(
        "home",
        ((Cell("I"), Cell("want"), Cell("Food", link="food"), Cell("x", action=("clear",))),),
    )
    food = Board("food", ((Cell("apple"), Cell("want"), Cell("a", letter="a")),))
    texts, cues = board_texts(BoardSet({"home": home, "food": food}))
    assert texts == ["I", "want", "apple"]
    assert cues == ["I", "want", "Food", "x", "apple", "a"]
    texts, _ = board_texts(BoardSet({"home": home, "food": food}), current="food")
    assert texts[:2] == ["apple", "want"]


def sine(path: Path, hz: float, seconds: float, rate: int = 22050) -> Pcm:
    t = np.arange(int(seconds * rate)) / rate
    pcm = Pcm((np.sin(2 * np.pi * hz * t) * 12000).astype(np.int16), rate)
    write_wav(path, pcm)
    return pcm


def dominant_hz(mono: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(mono.astype(np.float64)))
    return float(np.fft.rfftfreq(len(mono), 1 / rate)[int(np.argmax(spectrum))])


def test_a_recorded_clip_plays_instead_of_synthesis(harness: Harness, tmp_path: Path) -> None:
    clip = sine(tmp_path / "sam.wav", 440, 0.5)
    s = harness.speech
    s.speak(word("Sam", sound=tmp_path / "sam.wav"))
    assert harness.played() == "word"
    frames = frames_of(s.player.message.get_sound())
    rate = s.player.rate
    assert abs(len(frames) / rate - clip.seconds) < 0.01
    assert abs(dominant_hz(frames[:, 0], rate) - 440) < 5
    assert s.worker.renders == 0


def test_message_bar_plays_clips_and_words_in_order(harness: Harness, tmp_path: Path) -> None:
    clip = sine(tmp_path / "sam.wav", 440, 0.4)
    s = harness.speech
    first, last = s.render("hello"), s.render("please")
    assert first is not None and last is not None
    parts = (Utterance("hello"), Utterance("Sam", str(tmp_path / "sam.wav")), Utterance("please"))
    s.speak(Speak(parts, "message"))
    assert harness.played() == "message"
    frames = frames_of(s.player.message.get_sound())[:, 0]
    rate = s.player.rate
    n1 = round(first.seconds * rate)
    n2 = n1 + round(clip.seconds * rate)
    assert abs(len(frames) - (n2 + round(last.seconds * rate))) <= 3
    assert abs(dominant_hz(frames[n1 + 10 : n2 - 10], rate) - 440) < 5
    assert abs(dominant_hz(frames[:n1], rate) - 440) > 20  # speech, not the clip


def test_missing_clip_is_reported_and_the_text_spoken(harness: Harness, tmp_path: Path) -> None:
    s = harness.speech
    gone = tmp_path / "gone.ogg"
    s.speak(word("Sam", sound=gone))
    assert harness.played() == "word"
    assert any("sound clip not found" in m and str(gone) in m for m in harness.statuses)
    assert s.worker.renders == 1


def runtime_for(speech: Speech, clock: FakeClock) -> tuple[Runtime, FakeFrontend]:
    board = Board("home", ((Cell("hang on"), Cell("more")),))
    frontend = FakeFrontend(clock)
    return Runtime(Session(BoardSet({"home": board})), frontend, speech, clock), frontend


def test_the_loop_never_waits_for_a_hung_synthesiser(tmp_path: Path) -> None:
    h = Harness(
        cache_dir=tmp_path / "cache",
        synth_factory="aac.speech.fakes:HangingSynth",
        worker_timeout=1.0,
    )
    try:
        clock = FakeClock()
        rt, frontend = runtime_for(h.speech, clock)
        frontend.add([PointerSelect(0, 0, clock.now())])
        rt.step(0.0)
        assert h.speech.worker.busy.wait(5)  # the speech thread is stuck in the worker
        for _ in range(20):  # ... and the loop keeps going
            clock.advance(0.1)
            frontend.add([PointerSelect(0, 1, clock.now())])
            rt.step(0.0)
            assert h.speech.worker.busy.is_set()
        assert rt.session.message_text == "hang on" + " more" * 20
        assert len(frontend.frames) == 21  # one frame per selection, none lost
        assert h.status_seen.wait(10)  # the watchdog fired and said so
        assert any("hung" in m for m in h.statuses)
        assert h.played(10) == "word"  # the newest word speaks after the restart ...
        assert h.speech.superseded == 19  # ... not a burst of 20 stale ones
        assert h.speech.worker.restarts == 1
    finally:
        h.close()


def test_without_espeak_one_message_and_the_message_bar_still_works(tmp_path: Path) -> None:
    h = Harness(cache_dir=tmp_path / "cache", synth_factory="aac.speech.fakes:MissingEspeak")
    try:
        clock = FakeClock()
        rt, frontend = runtime_for(h.speech, clock)
        for _ in range(3):
            frontend.add([PointerSelect(0, 1, clock.advance(0.5))])
            rt.step(0.0)
        assert h.speech.prompt("more") is None
        h.speech.prerender(["more"])
        assert h.speech.prerendered.wait(WAIT)
        assert rt.session.message_text == "more more more"
        assert h.statuses == [NO_ESPEAK]
        assert h.plays.empty()
    finally:
        h.close()


def test_without_an_audio_device_text_only_and_one_message(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from aac.speech import create_speech\n"
        "from aac.core.outputs import Speak, Utterance\n"
        "msgs = []\n"
        "s = create_speech(on_status=msgs.append, cache_dir=sys.argv[1])\n"
        "for w in ('hello', 'more', 'stop'):\n"
        "    s.speak(Speak((Utterance(w),)))\n"
        "d = s.prompt('yes')\n"
        "s.stop(); s.close(); s.join(10)\n"
        "print(json.dumps({'msgs': msgs, 'prompt': d, 'audio': s.audio}))\n"
    )
    env = dict(os.environ, SDL_AUDIODRIVER="no-such-audio-driver")
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"msgs": [NO_AUDIO], "prompt": None, "audio": False}


def test_bad_profile_or_missing_voice_is_one_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("voice: en-us\npitch: 300\n")
    h = Harness(voice=str(bad), cache_dir=tmp_path / "cache")
    try:
        assert len(h.statuses) == 1
        assert f"{bad}:2: key 'pitch'" in h.statuses[0] and "default voice" in h.statuses[0]
        h.speech.speak(word("hello"))
        assert h.played() == "word"
    finally:
        h.close()
    h = Harness(voice="xx-nowhere", cache_dir=tmp_path / "cache")
    try:
        assert h.statuses == [
            "voice 'xx-nowhere': no voice for language 'xx' on this machine; using 'en'"
        ]
        h.speech.speak(word("hello"))
        assert h.played() == "word"
    finally:
        h.close()


@pytest.mark.skipif(not __import__("shutil").which("sox"), reason="sox makes the OGG clip")
def test_an_ogg_clip_plays_too(harness: Harness, tmp_path: Path) -> None:
    clip = sine(tmp_path / "name.wav", 660, 0.6)
    subprocess.run(["sox", str(tmp_path / "name.wav"), str(tmp_path / "name.ogg")], check=True)
    s = harness.speech
    s.speak(word("Mia", sound=tmp_path / "name.ogg"))
    assert harness.played() == "word"
    frames = frames_of(s.player.message.get_sound())
    assert abs(len(frames) / s.player.rate - clip.seconds) < 0.02
    assert abs(dominant_hz(frames[:, 0], s.player.rate) - 660) < 5
    assert harness.statuses == [] and s.worker.renders == 0


def test_a_file_that_is_not_audio_is_reported_and_the_text_spoken(
    harness: Harness, tmp_path: Path
) -> None:
    fake = tmp_path / "name.wav"
    fake.write_text("this is not audio")
    s = harness.speech
    s.speak(word("Mia", sound=fake))
    assert harness.played() == "word"
    assert len(harness.statuses) == 1 and str(fake) in harness.statuses[0]
    assert "not a WAV, OGG or MP3 file" in harness.statuses[0]
    assert s.worker.renders == 1
