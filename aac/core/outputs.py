"""What the core asks the adapters to do. Frozen values, so tests compare them directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from .vocabulary import SpeakKind


@dataclass(frozen=True)
class Utterance:
    """One piece of speech: synthesised ``text``, or a recorded clip at ``sound``."""

    text: str
    sound: Optional[str] = None  # absolute path of a WAV/OGG clip, played instead of text


@dataclass(frozen=True)
class Speak:
    """Speak these parts in order. ``kind`` is ``word`` (a cell) or ``message`` (the bar)."""

    parts: tuple[Utterance, ...]
    kind: SpeakKind = "word"

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)


@dataclass(frozen=True)
class Navigate:
    """The board shown changed to ``board``."""

    board: str


@dataclass(frozen=True)
class StopSpeech:
    """Silence everything now (the ``stop`` action)."""


@dataclass(frozen=True)
class MessageChanged:
    """The message bar now reads ``text``."""

    text: str


Output = Union[Speak, Navigate, StopSpeech, MessageChanged]
