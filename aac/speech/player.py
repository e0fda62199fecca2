"""Playback through ``pygame.mixer`` on two reserved channels: messages and scan prompts.

``init_mixer`` must run before the display is created (``create_speech`` calls it), so SDL
opens the device with our small buffer (256 frames = 12 ms at 22 050 Hz) instead of the
default, which alone would add ~90 ms before the first sample is heard.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections import deque
from typing import TYPE_CHECKING, Any, Optional

from ..quiet import quiet_c_stderr

if TYPE_CHECKING:  # numpy is not imported before the first frame (``init_mixer`` is)
    import numpy as np

MIXER_RATE = 22050
MIXER_BUFFER = 256
MESSAGE_CHANNEL = 0
PROMPT_CHANNEL = 1

#: The device's volume, 0-1 (the profile's ``volume:`` percent): one gain on everything the
#: player plays, speech, clips and prompts alike, set once by ``aac run`` (issue 12.4).
_master = {"volume": 1.0}


def set_master_volume(volume: float) -> None:
    """Set the device volume (0-1, clamped); applies to every sound made from now on."""
    _master["volume"] = min(1.0, max(0.0, float(volume)))


def master_volume() -> float:
    return _master["volume"]

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
_init_lock = threading.Lock()
_init_error: Optional[str] = None


def init_mixer(frequency: int = MIXER_RATE, buffer: int = MIXER_BUFFER) -> bool:
    """Open the audio device once; ``False`` if there is none (the error is kept).

    Safe to call again: an already-open mixer is kept as it is.
    """
    global _init_error
    with _init_lock:
        import pygame

        try:  # get_init raises NotImplementedError when pygame's sound module cannot load
            if pygame.mixer.get_init():  # (e.g. libgthread missing): that is "no audio" too
                return True
            pygame.mixer.pre_init(frequency, -16, 2, buffer)
            with quiet_c_stderr():  # libasound prints a dozen lines when there is no card
                pygame.mixer.init(frequency, -16, 2, buffer)
        except Exception as exc:  # pygame.error: no device / driver not available
            _init_error = str(exc) or type(exc).__name__
            return False
        pygame.mixer.set_reserved(2)
        _init_error = None
        return True


def mixer_error() -> Optional[str]:
    return _init_error


class Player:
    """Two voices that never cut each other: ``message`` (channel 0) and ``prompt`` (1).

    Sounds are numpy frames already in the mixer's format (see ``audio.to_mixer``). Queued
    messages are fed to the channel by a small thread, one after another.
    """

    def __init__(self) -> None:
        import pygame

        self._pg = pygame
        freq, _size, channels = pygame.mixer.get_init()
        self.rate = int(freq)
        self.channels = int(channels)
        self.message = pygame.mixer.Channel(MESSAGE_CHANNEL)
        self.prompt_channel = pygame.mixer.Channel(PROMPT_CHANNEL)
        self._pending: deque[Any] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self._feeder = threading.Thread(target=self._feed, name="aac-speech-feeder", daemon=True)
        self._feeder.start()

    def sound(self, frames: np.ndarray) -> Any:
        # imported here, not as ``pygame.sndarray``: ``aac run`` holds it back at start-up
        snd = importlib.import_module("pygame.sndarray").make_sound(frames)
        snd.set_volume(_master["volume"])
        return snd

    def play_message(self, frames: np.ndarray, interrupt: str = "stop") -> None:
        """Play now (``stop``: cutting the current message) or after it (``queue``)."""
        snd = self.sound(frames)
        with self._cond:
            if interrupt == "stop" or not self.message.get_busy():
                self._pending.clear()
                self.message.play(snd)
            elif not self._pending and self.message.get_queue() is None:
                self.message.queue(snd)  # pygame starts it the moment the current one ends
            else:
                self._pending.append(snd)
                self._cond.notify()

    def play_prompt(self, frames: np.ndarray) -> float:
        """Play a scan prompt on its own channel; returns its duration in seconds."""
        snd = self.sound(frames)
        self.prompt_channel.play(snd)
        return float(snd.get_length())

    def stop(self) -> None:
        """Silence everything (the ``stop`` action)."""
        with self._cond:
            self._pending.clear()
        self._pg.mixer.stop()

    def message_busy(self) -> bool:
        return bool(self.message.get_busy()) or bool(self._pending)

    def prompt_busy(self) -> bool:
        return bool(self.prompt_channel.get_busy())

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._pending.clear()
            self._cond.notify()

    def _feed(self) -> None:
        """Hand queued messages to the channel when it has room (pygame queues only one)."""
        with self._cond:
            while not self._closed:
                if not self._pending:
                    self._cond.wait()
                    continue
                if not self.message.get_busy():
                    self.message.play(self._pending.popleft())
                elif self.message.get_queue() is None:
                    self.message.queue(self._pending.popleft())
                else:
                    self._cond.wait(0.02)  # the channel reports no event without a display
