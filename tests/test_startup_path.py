"""What ``aac run`` keeps off the path to its first frame (issue 15 item 4): the synthesiser
process starts only when told (the first frame), and the voice list is asked for once."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from helpers import WAIT

from aac import voice_list
from aac.core.outputs import Speak, Utterance
from aac.speech import create_speech


@pytest.mark.slow
def test_the_synthesiser_starts_only_after_the_gate_and_no_request_is_lost(
        tmp_path: Path) -> None:
    gate = threading.Event()
    speech = create_speech(audio=False, cache_dir=tmp_path, start_after=gate)
    try:
        speech.speak(Speak((Utterance("hello"),)))  # asked before the first frame
        assert not speech.ready.wait(0.3)  # a bounded check that nothing started
        assert speech.worker.pid is None
        gate.set()
        assert speech.ready.wait(WAIT) and speech.worker.pid is not None
    finally:
        speech.close()
        speech.join(10)


def test_the_voice_list_is_kept_until_the_voice_data_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(voice_list, "_key", lambda: "espeak-a")
    assert voice_list.load_voice_list() is None
    voices = [{"id": "en-us", "name": "English (America)", "languages": ["en-us"]}]
    voice_list.store_voice_list(voices)
    assert voice_list.load_voice_list() == voices
    monkeypatch.setattr(voice_list, "_key", lambda: "espeak-b")  # a voice was installed
    assert voice_list.load_voice_list() is None


@pytest.mark.parametrize("content", ["{", "[]", '{"key": "espeak-a", "voices": [1]}',
                                     '{"key": "espeak-a", "voices": []}'])
def test_a_bad_voice_list_file_means_ask_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               content: str) -> None:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(voice_list, "_key", lambda: "espeak-a")
    (tmp_path / "speech").mkdir()
    (tmp_path / "speech" / "machine-voices.json").write_text(content)
    assert voice_list.load_voice_list() is None


@pytest.mark.slow
def test_machine_voices_asks_the_engine_once(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from aac.speech import languages

    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path))
    if voice_list._key() is None:
        pytest.skip("no espeak-ng voice data on this machine")
    first = languages.machine_voices()
    assert first and json.loads((tmp_path / "speech" / "machine-voices.json").read_text())
    import aac.speech.worker as worker_mod

    monkeypatch.setattr(worker_mod, "SynthWorker", None)  # asking again would fail
    assert languages.machine_voices() == first
