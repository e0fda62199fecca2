"""The real-time loop: inputs -> core -> screen and speech.

The loop owns time. It waits for front-end events (or a wake-up from a driver thread) no
longer than the next deadline, hands time-stamped events and ``now`` to the core, and turns
the core's outputs into a redraw (only when the view changed) and non-blocking speech
requests. Anything that can block - synthesis, file and serial reads - runs on other threads
or processes and reaches the loop through ``Runtime.post``.
"""

from __future__ import annotations

import queue
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable, Optional, Protocol

from .core.clock import Clock, MonotonicClock
from .core.events import InputEvent, PointerPress, PointerSelect, Quit, Status
from .core.outputs import Navigate, Output, Speak, StopSpeech
from .core.session import Session
from .core.view import View


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


class SpeechOutput(Protocol):
    """Where speech goes. Every method returns at once; the work happens elsewhere."""

    def speak(self, request: Speak) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class BoardsReloaded:
    """A watcher thread re-read the board set; ``result`` is an ``aac.boards`` LoadResult."""

    result: object
    t: float


class Runtime:
    """One communicator: a session shown on a front end, speaking through ``speech``."""

    def __init__(
        self,
        session: Session,
        frontend: Frontend,
        speech: SpeechOutput,
        clock: Optional[Clock] = None,
        on_frame: Optional[Callable[[View, float], None]] = None,
    ) -> None:
        self.session = session
        self.frontend = frontend
        self.speech = speech
        self.clock = clock or MonotonicClock()
        self.on_frame = on_frame
        self._inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._pressed: Optional[tuple[int, int]] = None
        self._status = ""
        self._last_view: Optional[View] = None
        self.running = True
        self.frames = 0

    # -- called from any thread ---------------------------------------------------------------
    def post(self, event: object) -> None:
        """Hand an event from a driver or watcher thread to the loop, and wake it."""
        self._inbox.put(event)
        self.frontend.wake()

    # -- the loop -------------------------------------------------------------------------------
    def run(self, exit_after: Optional[float] = None) -> None:
        end = None if exit_after is None else self.clock.now() + exit_after
        self.redraw()
        while self.running:
            now = self.clock.now()
            if end is not None and now >= end:
                break
            timeout = self.next_timeout(now, end)
            self.step(timeout)

    def next_timeout(self, now: float, end: Optional[float]) -> float:
        """How long the loop may sleep: until the next deadline, at most 0.5 s."""
        deadline = now + 0.5
        if end is not None:
            deadline = min(deadline, end)
        return max(0.0, deadline - now)

    def step(self, timeout: float) -> None:
        """Wait up to ``timeout`` for input, handle everything that came, redraw if changed."""
        events: list[object] = list(self.frontend.wait_events(timeout))
        while True:
            try:
                events.append(self._inbox.get_nowait())
            except queue.Empty:
                break
        events.sort(key=lambda e: getattr(e, "t", 0.0))
        for event in events:
            self.handle(event)
        self.redraw()

    def handle(self, event: object) -> None:
        if isinstance(event, PointerPress):
            self._pressed = (event.row, event.col)
        elif isinstance(event, PointerSelect):
            self._pressed = None
            self.apply(self.session.select(event.row, event.col))
        elif isinstance(event, Quit):
            self.running = False
        elif isinstance(event, Status):
            self._status = event.text
        elif isinstance(event, BoardsReloaded):
            self._reloaded(event.result)

    def apply(self, outputs: list[Output]) -> None:
        """Carry out what the core decided; never blocks."""
        for out in outputs:
            if isinstance(out, Speak):
                self.speech.speak(out)
            elif isinstance(out, StopSpeech):
                self.speech.stop()
            elif isinstance(out, Navigate):
                self._pressed = None

    def view(self) -> View:
        return View(
            board=self.session.board,
            message=self.session.message_text,
            pressed=self._pressed,
            status=self._status,
        )

    def redraw(self) -> None:
        view = self.view()
        if view == self._last_view:
            return
        flipped = self.frontend.render(view)
        self._last_view = view
        self.frames += 1
        if self.on_frame is not None:
            self.on_frame(view, flipped)

    def _reloaded(self, result: object) -> None:
        boards = getattr(result, "boards", None)
        errors = getattr(result, "errors", [])
        if boards is None or errors:
            first = errors[0] if errors else "board set could not be loaded"
            self._status = f"Board edit not applied: {first}"
            return
        self._status = ""
        self.apply(self.session.replace_boards(boards))

    def close(self) -> None:
        self.speech.close()
        self.frontend.close()
