"""Recording from the microphone through SDL's audio capture (the SDL library pygame loaded).

The same path on a Pi with a USB microphone and in the tests, where SDL's ``disk`` audio
driver reads a generated signal from ``SDL_DISKAUDIOFILEIN``.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
import time
from typing import Callable, Optional

import numpy as np

RATE = 16000  # speech: plenty, and small files


class NoMicrophone(OSError):
    """SDL sees no capture device, or cannot open it."""


class _AudioSpec(ctypes.Structure):
    _fields_ = [("freq", ctypes.c_int), ("format", ctypes.c_uint16),
                ("channels", ctypes.c_uint8), ("silence", ctypes.c_uint8),
                ("samples", ctypes.c_uint16), ("padding", ctypes.c_uint16),
                ("size", ctypes.c_uint32), ("callback", ctypes.c_void_p),
                ("userdata", ctypes.c_void_p)]


_AUDIO_S16LSB = 0x8010
_SDL_INIT_AUDIO = 0x10


def _sdl() -> ctypes.CDLL:
    """The SDL library pygame loaded (so the audio subsystem is the one pygame set up)."""
    import pygame  # noqa: F401 - loads libSDL2

    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        for line in maps:
            name = line.rsplit(None, 1)[-1]
            if re.search(r"/libSDL2-2[.-][^/]*$", name):
                return ctypes.CDLL(name)
    raise NoMicrophone("this pygame's SDL library was not found; cannot record")


def record(seconds: float, rate: int = RATE,
           on_chunk: Optional[Callable[[np.ndarray], None]] = None,
           stop: Optional[threading.Event] = None) -> np.ndarray:
    """``seconds`` of mono int16 samples from the default microphone. ``on_chunk`` sees
    each piece as it arrives (the carer menu's level meter); ``stop`` ends it early.

    SDL's queued capture (no callback): samples are taken off SDL's queue on this thread, so
    no SDL audio thread ever waits for Python's lock (a callback into Python can deadlock
    against closing the device).
    """
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    sdl = _sdl()
    if sdl.SDL_InitSubSystem(ctypes.c_uint32(_SDL_INIT_AUDIO)) != 0:
        raise NoMicrophone("no audio system (SDL could not start audio)")
    sdl.SDL_GetNumAudioDevices.restype = ctypes.c_int
    if sdl.SDL_GetNumAudioDevices(1) <= 0:
        raise NoMicrophone("no microphone found (SDL sees no audio capture device); plug "
                           "one in, or record the WAV elsewhere and set sound: by hand")
    want = _AudioSpec(freq=rate, format=_AUDIO_S16LSB, channels=1, samples=512)
    got = _AudioSpec()
    sdl.SDL_OpenAudioDevice.restype = ctypes.c_uint32
    sdl.SDL_OpenAudioDevice.argtypes = [ctypes.c_char_p, ctypes.c_int,
                                        ctypes.POINTER(_AudioSpec), ctypes.POINTER(_AudioSpec),
                                        ctypes.c_int]
    dev = sdl.SDL_OpenAudioDevice(None, 1, ctypes.byref(want), ctypes.byref(got), 0)
    if dev == 0:
        sdl.SDL_GetError.restype = ctypes.c_char_p
        why = (sdl.SDL_GetError() or b"").decode("utf-8", "replace")
        raise NoMicrophone(f"the microphone could not be opened: {why}")
    sdl.SDL_DequeueAudio.restype = ctypes.c_uint32
    sdl.SDL_DequeueAudio.argtypes = [ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32]
    need = int(seconds * rate) * 2
    buf = ctypes.create_string_buffer(8192)
    chunks: list[bytes] = []
    have = 0
    stop = stop or threading.Event()
    deadline = time.monotonic() + seconds + 5.0  # capture runs in real time; never hang
    try:
        sdl.SDL_PauseAudioDevice(ctypes.c_uint32(dev), 0)
        while have < need and time.monotonic() < deadline and not stop.is_set():
            n = sdl.SDL_DequeueAudio(dev, buf, min(len(buf), need - have) & ~1)
            if n:
                chunks.append(buf.raw[:n])
                have += n
                if on_chunk is not None:
                    on_chunk(np.frombuffer(chunks[-1], dtype="<i2"))
            else:
                stop.wait(0.02)
    finally:
        sdl.SDL_CloseAudioDevice(ctypes.c_uint32(dev))
    pcm = np.frombuffer(b"".join(chunks), dtype="<i2")
    if len(pcm) == 0:
        raise NoMicrophone("the microphone gave no sound data")
    return pcm.astype(np.int16)
