"""Speech that is built after the first frame, so its imports do not delay the board.

The speech service needs numpy and a dozen modules (about 0.2 s of CPU here, most of a
second on a quarter of a Pi core); none of that is needed to draw the home board. ``aac run``
opens the audio device before the display (``init_mixer``: SDL's small buffer) and hands
the loop a ``DeferredSpeech``; ``start()`` (called at the first frame) builds the real
speech on a thread. Requests made before it is ready wait in order and none is lost; a
``stop`` drops the ones waiting, as it would drop queued speech.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

#: a call waiting for the real speech: applied to it, in order
_Call = Callable[[Any], object]


class DeferredSpeech:
    """A ``SpeechOutput`` (with prompts and pre-rendering) whose service ``build`` makes later."""

    #: an unknown prompt duration counts as 0, as for the service itself
    posts_prompt_finished = False

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._inner: Optional[Any] = None
        self._waiting: list[_Call] = []
        self._closed = False
        self._lock = threading.Lock()
        self._thread: Optional[threading.Thread] = None
        #: set when the real speech exists (or building it failed)
        self.built = threading.Event()

    @property
    def inner(self) -> Optional[Any]:
        """The real speech, once built."""
        return self._inner

    def start(self) -> None:
        """Build the real speech on a thread (once)."""
        with self._lock:
            if self._thread is not None or self._closed:
                return
            self._thread = threading.Thread(target=self._make, name="aac-speech-start",
                                            daemon=True)
            self._thread.start()

    def _make(self) -> None:
        from ..cpu_priority import background_thread

        background_thread()  # started by the loop thread: the synthesiser is background work
        try:
            inner = self._build()
        except Exception as exc:  # the board must keep running, silent, with the reason
            import sys

            from ..loop.seams import SilentSpeech

            print(f"aac: speech could not start ({type(exc).__name__}: {exc})",
                  file=sys.stderr, flush=True)
            inner = SilentSpeech()
        with self._lock:  # calls that came meanwhile go first, in order, under the lock
            self._inner = inner
            for call in self._waiting:
                call(inner)
            self._waiting.clear()
            closed = self._closed
        self.built.set()
        if closed:
            inner.close()

    def _call(self, call: _Call) -> None:
        with self._lock:
            if self._inner is None:
                if not self._closed:
                    self._waiting.append(call)
                return
            inner = self._inner
        call(inner)

    # -- SpeechOutput -------------------------------------------------------------------------
    def speak(self, request: Any) -> None:
        self._call(lambda s: s.speak(request))

    def stop(self) -> None:
        with self._lock:
            if self._inner is None:
                self._waiting.clear()  # what would have been spoken is dropped, as queued
                return
        self._inner.stop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._waiting.clear()
            inner = self._inner
        if inner is not None:
            inner.close()

    def join(self, timeout: Optional[float] = None) -> None:
        """Wait for the build, then for the real speech's threads (tests, benches)."""
        if self._thread is not None:
            self._thread.join(timeout)
        join = getattr(self._inner, "join", None)
        if join is not None:
            join(timeout)

    # -- prompts and pre-rendering --------------------------------------------------------------
    def prompt(self, text: str) -> Optional[float]:
        """Speak a scan prompt (in the normal voice when the real speech has no prompts)."""
        def call(s: Any) -> None:
            if hasattr(s, "prompt"):
                s.prompt(text)
            else:
                from ..core.outputs import Speak, Utterance

                s.speak(Speak((Utterance(text),)))
        inner = self._inner
        if inner is not None and hasattr(inner, "prompt"):
            return inner.prompt(text)  # type: ignore[no-any-return]
        self._call(call)
        return None

    def prompt_duration(self, text: str) -> Optional[float]:
        """Known only once the real speech has rendered the prompt."""
        inner = self._inner
        duration = getattr(inner, "prompt_duration", None)
        return None if duration is None else duration(text)

    def prerender_boards(self, boards: Any, current: Optional[str] = None) -> None:
        def call(s: Any) -> None:
            prerender = getattr(s, "prerender_boards", None)
            if prerender is not None:
                prerender(boards, current)
        self._call(call)
