"""Recorded clips (message banking): a cell's ``sound:`` WAV, OGG or MP3, played instead
of speech.

Clips are decoded once by pygame's mixer (which reads OGG and MP3 too; phone recordings are
often MP3) and kept by path and modification time, so a replaced recording is picked up
without a restart. ``aac lint`` checks the same files from their headers (boards/sounds.py).
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import Optional

import numpy as np

from .audio import Pcm, from_mixer


class ClipError(OSError):
    """A clip is missing or not a sound pygame can read."""


class Clips:
    def __init__(self, max_items: int = 64) -> None:
        self._cache: dict[tuple[str, float], Pcm] = {}
        self._lock = threading.Lock()
        self.max_items = max_items

    def load(self, path: str) -> Pcm:
        """Mono PCM of the clip at ``path``; raises ``ClipError`` naming the file."""
        try:
            mtime = os.stat(path).st_mtime
        except OSError as exc:
            raise ClipError(f"sound clip not found: {path} ({exc.strerror})") from None
        with self._lock:
            hit: Optional[Pcm] = self._cache.get((path, mtime))
        if hit is not None:
            return hit
        import pygame

        try:
            snd = pygame.mixer.Sound(path)  # sndarray: held back at start-up (pygame_import)
            frames = importlib.import_module("pygame.sndarray").array(snd)
        except Exception as exc:
            msg = f"sound clip {path}: not a WAV, OGG or MP3 file the mixer can play ({exc})"
            raise ClipError(msg) from None
        rate = pygame.mixer.get_init()[0]
        pcm = from_mixer(np.asarray(frames), rate)
        with self._lock:
            if len(self._cache) >= self.max_items:
                self._cache.pop(next(iter(self._cache)))
            self._cache[(path, mtime)] = pcm
        return pcm
