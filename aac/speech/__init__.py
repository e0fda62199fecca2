"""Speech for the communicator: call ``create_speech`` before the display is created.

``create_speech`` initialises ``pygame.mixer`` (it must come before the display so SDL picks a
small audio buffer) and returns an object whose every method returns at once: synthesis and
playback happen on other threads and processes, so speech never freezes the scan or screen.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Optional

from ..core.outputs import Speak

StatusCallback = Callable[[str], None]

NO_AUDIO = "no audio device: showing text only"
NO_ESPEAK = "espeak-ng not found: speech is off"


class SimpleSpeech:
    """First version: one background thread renders with pyttsx3 and plays via the mixer."""

    def __init__(self, voice: Optional[str], audio: bool, on_status: Optional[StatusCallback]):
        self.voice = voice
        self.on_status = on_status or (lambda _msg: None)
        self.audio = audio and _init_mixer_quietly()
        if audio and not self.audio:
            self.on_status(NO_AUDIO)
        self._jobs: queue.SimpleQueue[Optional[Speak]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="aac-speech", daemon=True)
        self._thread.start()

    def speak(self, request: Speak) -> None:
        self._jobs.put(request)

    def stop(self) -> None:
        if self.audio:
            import pygame

            pygame.mixer.stop()

    def prompt(self, text: str) -> Optional[float]:
        return None

    def prerender(self, texts: list[str]) -> None:
        pass

    def close(self) -> None:
        self._jobs.put(None)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None or not self.audio:
                if job is None:
                    return
                continue
            try:
                self._play(job)
            except Exception as exc:  # keep the loop alive; report once
                self.on_status(f"speech failed: {exc}")

    def _play(self, job: Speak) -> None:
        import os
        import tempfile

        import pygame
        import pyttsx3

        for part in job.parts:
            if part.sound:
                pygame.mixer.Sound(part.sound).play()
                continue
            engine = pyttsx3.init()
            if self.voice:
                engine.setProperty("voice", self.voice)
            fd, path = tempfile.mkstemp(suffix=".wav")
            os.close(fd)
            engine.save_to_file(part.text, path)
            engine.runAndWait()
            pygame.mixer.Sound(path).play()
            os.unlink(path)


def _init_mixer_quietly() -> bool:
    try:
        import pygame

        pygame.mixer.pre_init(22050, -16, 2, 256)
        pygame.mixer.init()
        return True
    except Exception:
        return False


def create_speech(
    voice: Optional[str] = None,
    *,
    audio: bool = True,
    on_status: Optional[StatusCallback] = None,
) -> SimpleSpeech:
    """Start speech with voice profile ``voice`` (a name in ``voices/`` or a path).

    ``audio=False`` gives text only. Problems (no espeak-ng, no audio device) are reported
    once through ``on_status``; the returned object then still accepts every call.
    """
    return SimpleSpeech(voice, audio, on_status)
