"""The real-time loop: inputs -> core -> screen and speech.

The loop owns time. It waits for front-end events (or a wake-up from a driver thread) no
longer than the next deadline, hands time-stamped events and ``now`` to the core, and turns
the core's outputs into a redraw (only when the view changed) and non-blocking speech
requests. Anything that can block - synthesis, file and serial reads - runs on other threads
or processes and reaches the loop through ``Runtime.post``.

Scanning (``scan=ScanSettings``): the scan engine's deadlines are absolute, so the loop
sleeps until just before the next one (``EARLY`` s), then polls the front end until it is
due, so the frame is flipped as close to the scheduled instant as the screen allows without
spinning the CPU. A late wake-up draws the due item late; items that were already over are
skipped, not replayed (the engine does that). Switch events carry their driver's timestamp
and are judged against the highlight showing at that time.

A front end may also offer ``prepare(view)`` (draw off screen) and ``present() -> float |
None`` (flip what was prepared; None if it was overwritten since). Then the loop draws the
next scan frame ``PREPARE`` s ahead and only flips at the instant, so drawing time is not
lateness. A press in between changes the view; the loop then draws normally.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, Optional, Protocol

from .core.clock import Clock, MonotonicClock
from .core.events import (
    InputEvent,
    MessageTouched,
    PointerCancel,
    PointerPress,
    PointerSelect,
    Quit,
    Status,
    SwitchEvent,
)
from .core.outputs import Navigate, Output, Speak, StopSpeech, Utterance
from .core.scan import Activated, Highlighted, Prompt, ScanEngine, ScanOutput
from .core.scan_settings import ScanSettings
from .core.session import Session
from .core.touch import TouchIgnored
from .core.view import View
from .usage_log import UsageLog, header, records, switch_record

#: Wake this long before a scan deadline, then poll the front end until it is due: the OS
#: timer's wake-up jitter is absorbed by a ~1-3 ms poll instead of making the frame late.
EARLY = 0.0015
#: With a front end that can ``prepare``: draw the next scan frame this long ahead.
PREPARE = 0.012


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
    """A watcher thread re-read the board set; ``result`` is an ``aac.boards`` LoadResult."""

    result: object
    t: float


@dataclass(frozen=True)
class PromptFinished:
    """The speech side finished an auditory-scanning prompt at ``t`` (``Runtime.post`` it).

    Only needed when the speech side could not tell the prompt's duration in advance
    (``speech.prompt_duration(text)`` returned None, or speech has no such method).
    """

    t: float


class SpeechHandoff:
    """Calls ``speech`` from its own thread, in order, so even a speech adapter that blocks
    cannot hold up a scan tick. Used when scanning, where a late tick is a wrong selection."""

    def __init__(self, speech: SpeechOutput) -> None:
        self.inner = speech
        self._calls: queue.SimpleQueue[Optional[tuple[str, tuple[object, ...]]]] = (
            queue.SimpleQueue())
        self._thread = threading.Thread(target=self._run, name="aac-speech-handoff",
                                        daemon=True)
        self._thread.start()

    def speak(self, request: Speak) -> None:
        self._calls.put(("speak", (request,)))

    def prompt(self, text: str) -> None:
        if hasattr(self.inner, "prompt"):
            self._calls.put(("prompt", (text,)))
        else:
            self._calls.put(("speak", (Speak((Utterance(text),), kind="prompt"),)))

    def stop(self) -> None:
        self._calls.put(("stop", ()))

    def close(self, timeout: float = 2.0) -> None:
        """Finish the calls already handed over (at most ``timeout`` s), then close."""
        self._calls.put(None)
        self._thread.join(timeout)
        self.inner.close()

    def _run(self) -> None:
        while True:
            call = self._calls.get()
            if call is None:
                return
            name, args = call
            getattr(self.inner, name)(*args)


class Runtime:
    """One communicator: a session shown on a front end, speaking through ``speech``."""

    def __init__(
        self,
        session: Session,
        frontend: Frontend,
        speech: SpeechOutput,
        clock: Optional[Clock] = None,
        on_frame: Optional[Callable[[View, float], None]] = None,
        scan: Optional[ScanSettings] = None,
        usage_log: Optional[str] = None,
        on_highlight: Optional[Callable[[float, float], None]] = None,
    ) -> None:
        """``scan`` turns switch scanning on; ``usage_log`` is a JSON Lines file to append
        to (docs/usage-log.md); ``on_highlight(scheduled, flipped)`` is called after each
        frame that showed a new scan item (benchmarks measure lateness with it)."""
        self.session = session
        self.frontend = frontend
        self.speech = speech
        self.clock = clock or MonotonicClock()
        self.on_frame = on_frame
        self._inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._pressed: Optional[tuple[int, int]] = None
        self._progress: Optional[float] = None  # hold-to-select fill of ``_pressed``
        self._status = ""
        self._last_view: Optional[View] = None
        self.running = True
        self.frames = 0
        self.on_highlight = on_highlight
        self.scan: Optional[ScanEngine] = None
        self._voice: Any = speech
        if scan is not None:
            self._voice = SpeechHandoff(speech)
            self.scan = ScanEngine(session, scan, _prompt_hook(speech))
        self._shown_at: Optional[float] = None  # scheduled time of a highlight not yet drawn
        self._can_prepare = callable(getattr(frontend, "prepare", None)) and callable(
            getattr(frontend, "present", None))
        self._prepared: Optional[tuple[float, View]] = None  # drawn off screen, for time t
        self.log: Optional[UsageLog] = None
        if usage_log is not None:
            self.log = UsageLog(usage_log)
            self.log.write(header("monotonic", None if scan is None else scan.to_mapping()))

    # -- called from any thread ---------------------------------------------------------------
    def post(self, event: object) -> None:
        """Hand an event from a driver or watcher thread to the loop, and wake it."""
        self._inbox.put(event)
        self.frontend.wake()

    # -- the loop -------------------------------------------------------------------------------
    def run(self, exit_after: Optional[float] = None) -> None:
        end = None if exit_after is None else self.clock.now() + exit_after
        if self.scan is not None:
            self.apply_scan(self.scan.start(self.clock.now()))
        self.redraw()
        while self.running:
            now = self.clock.now()
            if end is not None and now >= end:
                break
            timeout = self.next_timeout(now, end)
            self.step(timeout)

    def next_timeout(self, now: float, end: Optional[float]) -> float:
        """How long the loop may sleep: until ``EARLY`` before the next deadline, at most 0.5 s.

        Within ``EARLY`` of a scan deadline this is 0: the loop polls until it is due.
        """
        deadline = now + 0.5
        if end is not None:
            deadline = min(deadline, end)
        due = None if self.scan is None else self.scan.next_deadline()
        if due is not None:
            if self._can_prepare and (self._prepared is None or self._prepared[0] != due):
                deadline = min(deadline, due - PREPARE)
            if due - EARLY < deadline:
                return max(0.0, due - EARLY - now)
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
        if self.scan is not None:
            self.apply_scan(self.scan.advance(self.clock.now()))
        self.redraw()
        if self._can_prepare:
            self._prepare_next()

    def _prepare_next(self) -> None:
        """Within ``PREPARE`` of the next scan change, draw its frame off screen."""
        if self.scan is None:
            return
        soonest = self.scan.next_deadline()
        if soonest is None or soonest - self.clock.now() > PREPARE + 1e-6:
            return  # nothing to draw ahead yet: keep polls cheap
        upcoming = self.scan.preview()
        if upcoming is None:
            return
        due, highlight = upcoming
        now = self.clock.now()
        if due - now > PREPARE + 1e-6 or (self._prepared is not None and self._prepared[0] == due):
            return
        view = View(board=self.session.board, message=self.session.message_text,
                    highlight=highlight, pressed=self._pressed, status=self._status,
                    scan=self.scan.display, progress=self._hold_progress())
        if view != self._last_view:
            self.frontend.prepare(view)  # type: ignore[attr-defined]
            self._prepared = (due, view)

    def handle(self, event: object) -> None:
        if isinstance(event, SwitchEvent):
            if self.log is not None:
                self.log.write(switch_record(event))
            if self.scan is not None:
                self.apply_scan(self.scan.switch(event))
        elif isinstance(event, PromptFinished):
            if self.scan is not None:
                self.apply_scan(self.scan.prompt_finished(event.t))
        elif isinstance(event, PointerPress):
            self._pressed, self._progress = (event.row, event.col), event.progress
        elif isinstance(event, MessageTouched):
            self.apply(self.session.message_touched())
        elif isinstance(event, TouchIgnored) and self.log is not None:
            self.log.write(event.record())  # why a touch chose nothing (aac.core.touch)
        elif isinstance(event, PointerSelect):
            self._pressed = None
            self.apply(self.session.select(event.row, event.col))
        elif isinstance(event, PointerCancel):
            self._pressed = None
        elif isinstance(event, Quit):
            self.running = False
        elif isinstance(event, Status):
            self._status = event.text
        elif isinstance(event, BoardsReloaded):
            self._reloaded(event.result)

    def apply(self, outputs: list[Output], from_scan: bool = False) -> None:
        """Carry out what the core decided; never blocks."""
        for out in outputs:
            if isinstance(out, Speak):
                self._voice.speak(out)
            elif isinstance(out, StopSpeech):
                self._voice.stop()
            elif isinstance(out, Navigate):
                self._pressed = None
                if self.scan is not None and not from_scan:
                    self.apply_scan(self.scan.board_changed(self.clock.now()))

    def apply_scan(self, outputs: list[ScanOutput]) -> None:
        """Carry out the scan engine's outputs (log, prompts, the session's own outputs)."""
        for out in outputs:
            if self.log is not None:
                for rec in records(out, with_message=True):
                    self.log.write(rec)
            if isinstance(out, Highlighted):
                self._shown_at = out.t
            elif isinstance(out, Prompt):
                self._voice.prompt(out.text)
            elif isinstance(out, Activated):
                self.apply([out.output], from_scan=True)

    def view(self) -> View:
        return View(
            board=self.session.board,
            message=self.session.message_text,
            highlight=None if self.scan is None else self.scan.highlight,
            pressed=self._pressed,
            status=self._status,
            scan=None if self.scan is None else self.scan.display,
            progress=self._hold_progress(),
        )

    def _hold_progress(self) -> Optional[float]:
        return None if self._pressed is None else self._progress

    def redraw(self) -> None:
        view = self.view()
        if view == self._last_view:
            self._shown_at = None
            return
        flipped: Optional[float] = None
        if self._prepared is not None and self._prepared[1] == view:
            flipped = self.frontend.present()  # type: ignore[attr-defined]
        self._prepared = None  # shown now, or overwritten by the render below
        if flipped is None:
            flipped = self.frontend.render(view)
        self._last_view = view
        self.frames += 1
        if self.on_frame is not None:
            self.on_frame(view, flipped)
        if self._shown_at is not None and self.on_highlight is not None:
            self.on_highlight(self._shown_at, flipped)
        self._shown_at = None

    def _reloaded(self, result: object) -> None:
        boards = getattr(result, "boards", None)
        errors = getattr(result, "errors", [])
        if boards is None or errors:
            first = errors[0] if errors else "board set could not be loaded"
            self._status = f"Board edit not applied: {first}"
            return
        self._status = ""
        self.apply(self.session.replace_boards(boards))
        if self.scan is not None:  # same board id may have new cells: rescan from level 1
            self.apply_scan(self.scan.board_changed(self.clock.now()))

    def close(self) -> None:
        if self.log is not None:
            self.log.close()
        self._voice.close()
        self.frontend.close()


def _prompt_hook(speech: object) -> Optional[Callable[[str], Optional[float]]]:
    """The engine's prompt-duration hook: the speech side's estimate, 0 when it has none.

    An unknown duration counts as 0 (the item keeps its interval) unless the speech side
    says it will post :class:`PromptFinished` (``posts_prompt_finished = True``); otherwise
    a prompt that was never rendered could hold the scan forever.
    """
    duration = getattr(speech, "prompt_duration", None)
    if duration is None:
        return None
    if getattr(speech, "posts_prompt_finished", False):
        return duration  # type: ignore[no-any-return]

    def known_or_zero(text: str) -> Optional[float]:
        value = duration(text)
        return 0.0 if value is None else float(value)

    return known_or_zero
