"""Synthesisers for tests of the worker's failure handling, run inside the real child process.

Shipped in the package (like gpiozero's mock pins) so the worker can import them by name.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .espeak import EspeakSynth


class HangingSynth(EspeakSynth):
    """Real espeak-ng, except text starting with ``hang`` never returns (a stuck driver)."""

    def render(self, text: str, voice: str, rate: int, pitch: int, volume: float) -> bytes:
        if text.startswith("hang"):
            mark = os.environ.get("AAC_TEST_HANG_MARK")
            if mark:  # lets a test know the hang has begun (not merely been asked for)
                Path(mark).touch()
            threading.Event().wait()
        return super().render(text, voice, rate, pitch, volume)


class MissingEspeak:
    """What the worker meets on a machine without libespeak-ng."""

    def __init__(self) -> None:
        raise OSError("libespeak-ng.so.1: cannot open shared object file: No such file")
