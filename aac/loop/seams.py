"""What the loop needs from a front end and from speech, as ``Protocol``s.

The required parts are :class:`Frontend` and :class:`SpeechOutput`. The optional
capabilities are their own protocols, checked once when the loop is built (``isinstance``
with ``runtime_checkable``), so the loop never probes attributes while it runs and mypy
checks every call. The shipped fakes (``aac.testing``) implement all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional, Protocol, runtime_checkable

from ..boards.problems import LoadResult
from ..core.board import BoardSet
from ..core.events import InputEvent
from ..core.outputs import Speak
from ..core.view import View


@runtime_checkable
class Frontend(Protocol):
    """A screen and its pointer/keyboard: pygame, the terminal, or a test double."""

    def wait_events(self, timeout: float) -> Sequence[InputEvent]:
        """Return events that arrived, waiting at most ``timeout`` s (0 = just poll)."""
        ...

    def wake(self) -> None:
        """Thread-safe: make a pending ``wait_events`` return now."""
        ...

    def render(self, view: View) -> float:
        """Draw ``view``; return the monotonic time the frame became visible."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class PreparingFrontend(Frontend, Protocol):
    """A front end that can draw a frame ahead and flip it at the scheduled instant, so
    drawing time is not lateness (the pygame back buffer)."""

    def prepare(self, view: View) -> None:
        """Draw ``view`` off screen."""
        ...

    def present(self) -> Optional[float]:
        """Flip what was prepared; the flip time, or None if it was overwritten since."""
        ...


@runtime_checkable
class ScreenshotFrontend(Protocol):
    """A front end that can write the frame on screen as a PNG (``aac run --screenshot``)."""

    def save(self, path: str) -> None: ...


@runtime_checkable
class SpeechOutput(Protocol):
    """Where speech goes. Every method returns at once; the work happens elsewhere."""

    def speak(self, request: Speak) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


@runtime_checkable
class PromptSpeech(SpeechOutput, Protocol):
    """Speech with a separate voice for auditory-scanning prompts."""

    def prompt(self, text: str) -> Optional[float]:
        """Speak a prompt; its duration in s if already known."""
        ...


@runtime_checkable
class PromptTimingSpeech(SpeechOutput, Protocol):
    """Speech that can tell how long a prompt lasts, so ``wait_for_prompt`` can use it.

    ``posts_prompt_finished``: when a duration is unknown, the speech side will post
    :class:`PromptFinished` itself; otherwise unknown counts as 0, or a prompt that never
    rendered could hold the scan forever.
    """

    posts_prompt_finished: bool

    def prompt_duration(self, text: str) -> Optional[float]: ...


@runtime_checkable
class PrerenderingSpeech(SpeechOutput, Protocol):
    """Speech that renders a board set's words ahead (queues only; work runs elsewhere)."""

    def prerender_boards(self, boards: BoardSet, current: Optional[str] = None) -> None: ...


class SilentSpeech:
    """A ``SpeechOutput`` that says nothing: text only (no espeak-ng, benchmarks)."""

    def speak(self, request: Speak) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class BoardsReloaded:
    """A watcher thread re-read the board set (``Runtime.post`` it)."""

    result: LoadResult
    t: float


@dataclass(frozen=True)
class PromptFinished:
    """The speech side finished an auditory-scanning prompt at ``t`` (``Runtime.post`` it).

    Only needed when the speech side could not tell the prompt's duration in advance
    (``prompt_duration(text)`` returned None, or speech is not :class:`PromptTimingSpeech`).
    """

    t: float


#: A usage-log record (docs/usage-log.md): a JSON object with ``t`` and ``type``.
Record = dict[str, Any]


class RecordObserver(Protocol):
    """Receives every usage record the loop produces (``aac.usage_log.UsageLog`` is one)."""

    def write(self, record: Record) -> None: ...

    def close(self) -> None: ...
