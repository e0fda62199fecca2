"""Recording from the microphone through SDL's audio capture (pygame's ``_sdl2.audio``).

The same path on a Pi with a USB microphone and in the tests, where SDL's ``disk`` audio
driver reads a generated signal from ``SDL_DISKAUDIOFILEIN``.
"""

from __future__ import annotations

import os
import threading

import numpy as np

RATE = 16000  # speech: plenty, and small files


class NoMicrophone(OSError):
    """SDL sees no capture device, or cannot open it."""


def record(seconds: float, rate: int = RATE) -> np.ndarray:
    """``seconds`` of mono int16 samples from the default microphone."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    if not pygame.get_init():
        pygame.init()
    try:
        from pygame._sdl2 import audio as sdl_audio
    except ImportError as exc:  # pragma: no cover - pygame built without SDL2 audio
        raise NoMicrophone(f"this pygame cannot record ({exc})") from None
    if not pygame.mixer.get_init():
        try:
            pygame.mixer.init()
        except pygame.error:
            pass  # no playback device; capture may still work
    names = sdl_audio.get_audio_device_names(True)
    if not names:
        raise NoMicrophone("no microphone found (SDL sees no audio capture device); plug "
                           "one in, or record the WAV elsewhere and set sound: by hand")
    want = int(seconds * rate)
    chunks: list[bytes] = []
    got = [0]
    done = threading.Event()

    def callback(_device: object, data: memoryview) -> None:
        if got[0] < want:
            chunks.append(bytes(data))
            got[0] += len(data) // 2
        if got[0] >= want:
            done.set()

    try:
        device = sdl_audio.AudioDevice(
            devicename=names[0], iscapture=True, frequency=rate,
            audioformat=sdl_audio.AUDIO_S16, numchannels=1, chunksize=512,
            allowed_changes=0, callback=callback)
    except pygame.error as exc:
        raise NoMicrophone(f"the microphone could not be opened: {exc}") from None
    try:
        device.pause(0)
        done.wait(seconds + 5.0)  # capture runs in real time; never hang past this
    finally:
        device.pause(1)
        device.close()
    pcm = np.frombuffer(b"".join(chunks), dtype="<i2")[:want]
    if len(pcm) == 0:
        raise NoMicrophone("the microphone gave no sound data")
    return pcm.astype(np.int16)
