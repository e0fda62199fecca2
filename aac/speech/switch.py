"""A speech output whose voice the carer can change while the communicator runs.

The loop, the scan's prompt hook and the pre-renderer all hold this one object; ``swap``
puts a new speech behind it (made off the loop thread) and returns the old one to be closed
elsewhere. Whatever the inner speech cannot do (prompts, timing, pre-rendering) is done the
plain way, as the loop would without it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, Optional

from ..core.outputs import Speak, Utterance


class SpeechSwitch:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._lock = threading.Lock()

    @property
    def inner(self) -> Any:
        return self._inner

    def swap(self, new: Any) -> Any:
        """Use ``new`` from now on; the previous speech (the caller closes it)."""
        with self._lock:
            old, self._inner = self._inner, new
        return old

    @property
    def posts_prompt_finished(self) -> bool:
        return bool(getattr(self._inner, "posts_prompt_finished", False))

    def speak(self, request: Speak) -> None:
        self._inner.speak(request)

    def stop(self) -> None:
        self._inner.stop()

    def close(self) -> None:
        self._inner.close()

    def prompt(self, text: str) -> Optional[float]:
        inner = self._inner
        if hasattr(inner, "prompt"):
            return inner.prompt(text)  # type: ignore[no-any-return]
        inner.speak(Speak((Utterance(text),)))
        return None

    def prompt_duration(self, text: str) -> Optional[float]:
        inner = self._inner
        return inner.prompt_duration(text) if hasattr(inner, "prompt_duration") else None

    def prerender(self, texts: Iterable[str], prompts: Iterable[str] = ()) -> None:
        if hasattr(self._inner, "prerender"):
            self._inner.prerender(texts, prompts)

    def prerender_boards(self, boards: Any, current: Optional[str] = None) -> None:
        if hasattr(self._inner, "prerender_boards"):
            self._inner.prerender_boards(boards, current)

    def join(self, timeout: Optional[float] = None) -> None:
        if hasattr(self._inner, "join"):
            self._inner.join(timeout)
