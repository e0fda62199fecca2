"""Event intake: the one loop that owns time and hands events to the core.

The loop waits for front-end events (or a wake-up from a driver thread) no longer than the
next deadline (:mod:`.pacing` says how long), hands time-stamped events and ``now`` to the
core, and passes the core's decisions on: views to the pacer, speech and records to the
router (:mod:`.routing`). Anything that can block - synthesis, file and serial reads - runs
on other threads or processes and reaches the loop through ``Runtime.post``. Switch events
carry their driver's timestamp and are judged against the highlight showing at that time.
"""

from __future__ import annotations

import gc
import queue
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Callable, Optional

from ..boards.problems import LoadResult, Problem
from ..core.board import BoardSet
from ..core.clock import Clock, MonotonicClock
from ..core.events import (
    CarerChanged,
    MessageTouched,
    PointerCancel,
    PointerPress,
    PointerSelect,
    Quit,
    Status,
    SwitchEvent,
)
from ..core.outputs import Navigate, Output
from ..core.scan import Activated, Highlighted, Prompt, ScanEngine, ScanOutput
from ..core.scan_settings import ScanSettings
from ..core.session import Session
from ..core.touch import TouchIgnored
from ..core.view import Highlight, View
from ..cpu_priority import Raised, raise_loop_priority
from ..usage_log import UsageLog, header, output_records, records, select_record, switch_record
from .carer import ProblemKind, board_problem_text
from .pacing import FrameObserver, FramePacer, HighlightObserver
from .routing import OutputRouter, prompt_hook
from .seams import (
    BoardsReloaded,
    Frontend,
    PromptFinished,
    Record,
    RecordObserver,
    SpeechOutput,
)

#: Longest wait for the first frame's background work before the scan's clock starts.
SETTLE = 2.0


class Runtime:
    """One communicator: a session shown on a front end, speaking through ``speech``."""

    def __init__(
        self,
        session: Session,
        frontend: Frontend,
        speech: SpeechOutput,
        clock: Optional[Clock] = None,
        on_frame: Optional[FrameObserver] = None,
        scan: Optional[ScanSettings] = None,
        usage_log: Optional[str] = None,
        on_highlight: Optional[HighlightObserver] = None,
        observers: Sequence[RecordObserver] = (),
        on_carer_message: Optional[Callable[[str], None]] = None,
        recording: bool = False,
        loop_nice: Optional[int] = None,
        freeze_start_up: bool = False,
    ) -> None:
        """``scan`` turns switch scanning on; ``usage_log`` is a JSON Lines file to append
        to (docs/usage-log.md); ``observers`` get every usage record too;
        ``on_carer_message(text)`` is called when the carer's status line gets new text;
        ``recording``: a usage log is open, and every frame shows the recording mark;
        ``loop_nice``: while ``run`` runs, ask for this CPU priority for the loop thread
        (``aac.cpu_priority``; a refusal is told through ``on_carer_message``);
        ``freeze_start_up``: after the first frame, keep the objects made so far out of the
        garbage collector's scans (``gc.freeze``) while ``run`` runs: a full collection of
        them cost ~25 ms of CPU here, a late highlight on a Pi-class core."""
        self.recording = recording or usage_log is not None
        self.loop_nice = loop_nice
        self.freeze_start_up = freeze_start_up
        #: what the priority request did during the last ``run`` (None: none was made)
        self.priority: Optional[Raised] = None
        self.session = session
        self.frontend = frontend
        self.speech = speech
        self.clock = clock or MonotonicClock()
        self.pacer = FramePacer(frontend, on_frame, on_highlight)
        self._inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._pressed: Optional[tuple[int, int]] = None
        self._progress: Optional[float] = None  # hold-to-select fill of ``_pressed``
        self._status = ""  # the latest passing message (speech, switches)
        self._board_status = ""  # board problems: shown until a reload fixes them
        self._board_kind: Optional[ProblemKind] = None  # how the shown set is degraded
        self.on_carer_message = on_carer_message
        #: ``(key, value)`` of every carer-menu change (``aac run`` saves it to the profile)
        self.on_carer_change: Optional[Callable[[str, object], None]] = None
        #: True while the carer menu is open: a child's switch presses are held (not scanned)
        self.hold_switches: Optional[Callable[[], bool]] = None
        #: handlers of further event types posted to the loop (the carer's set choice)
        self.handlers: dict[type, Callable[[Any], None]] = {}
        self.running = True
        self.quit_from_menu = False  # the carer chose Quit on the menu (aac.kiosk.STAY_QUIT)
        #: called after every step on the loop thread; must be cheap (the session saver)
        self.step_hooks: list[Callable[[], None]] = []
        self.scan: Optional[ScanEngine] = None
        if scan is not None:
            self.scan = ScanEngine(session, scan, prompt_hook(speech))
        observers = list(observers)
        self.log: Optional[UsageLog] = None
        if usage_log is not None:
            self.log = UsageLog(usage_log)
            observers.insert(0, self.log)
        self.router = OutputRouter(speech, handoff=scan is not None, observers=observers)
        if observers:
            clock_name = "monotonic" if isinstance(self.clock, MonotonicClock) else "simulated"
            self.router.record(header(clock_name, None if scan is None else scan.to_mapping(),
                                      t=self.clock.now()))

    # -- compatibility views on the parts ---------------------------------------------------
    @property
    def frames(self) -> int:
        return self.pacer.frames

    @property
    def on_frame(self) -> Optional[FrameObserver]:
        return self.pacer.on_frame

    @property
    def status(self) -> str:
        """What the carer's status line shows: board problems first, then the latest news."""
        return "  |  ".join(text for text in (self._board_status, self._status) if text)

    # -- called from any thread ---------------------------------------------------------------
    def post(self, event: object) -> None:
        """Hand an event from a driver or watcher thread to the loop, and wake it."""
        self._inbox.put(event)
        self.frontend.wake()

    def record(self, record: Record) -> None:
        """Log a record (e.g. a touch filter's decision) with the loop's own records.
        Call it on the loop thread, or post an event that leads to it."""
        self.router.record(record)

    # -- the loop -------------------------------------------------------------------------------
    def run(self, exit_after: Optional[float] = None) -> None:
        if self.loop_nice is not None:
            self.priority = raise_loop_priority(self.loop_nice)
            if self.priority.note:
                self._tell_carer(self.priority.note)
        try:
            self._run(exit_after)
        finally:
            if self.priority is not None:
                self.priority.restore()
            if self.freeze_start_up:
                gc.unfreeze()

    def _run(self, exit_after: Optional[float]) -> None:
        end = None if exit_after is None else self.clock.now() + exit_after
        self.redraw()  # the whole board first: the costly frame comes before the scan's clock
        if self.scan is not None:  # starts, so the first item is lit for its full interval
            settle = getattr(self.frontend, "settle", None)
            if settle is not None:  # and the first frame's background work is done
                settle(SETTLE)
            self.apply_scan(self.scan.start(self.clock.now()))
            self.redraw()  # only the highlight (a cheap frame of changes)
        if self.freeze_start_up:
            gc.freeze()  # no collect first: it would cost what freezing saves
        while self.running:
            now = self.clock.now()
            if end is not None and now >= end:
                break
            self.step(self.next_timeout(now, end))

    def next_timeout(self, now: float, end: Optional[float]) -> float:
        """How long the loop may sleep (see :meth:`FramePacer.timeout`)."""
        due = None if self.scan is None else self.scan.next_deadline()
        return self.pacer.timeout(now, end, due)

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
        for hook in self.step_hooks:
            hook()
        self._prepare_next()

    def _prepare_next(self) -> None:
        """Within ``PREPARE`` of the next scan change, draw its frame off screen."""
        if self.scan is None or not self.pacer.can_prepare:
            return
        soonest = self.scan.next_deadline()
        if soonest is None or not self.pacer.wants_prepare(self.clock.now(), soonest):
            return  # nothing to draw ahead yet: keep polls cheap
        upcoming = self.scan.preview()
        if upcoming is None:
            return
        due, highlight = upcoming
        if self.pacer.wants_prepare(self.clock.now(), due):
            self.pacer.prepare(due, self._view(highlight))

    def handle(self, event: object) -> None:
        if isinstance(event, SwitchEvent):
            self.router.record(switch_record(event))
            held = event.down and self.hold_switches is not None and self.hold_switches()
            if self.scan is not None and not held:  # ups always: no press is left hanging
                self.apply_scan(self.scan.switch(event))
        elif isinstance(event, PromptFinished):
            if self.scan is not None:
                self.apply_scan(self.scan.prompt_finished(event.t))
        elif isinstance(event, PointerPress):
            self._pressed, self._progress = (event.row, event.col), event.progress
        elif isinstance(event, MessageTouched):
            self.apply(self.session.message_touched())
        elif isinstance(event, TouchIgnored):
            self.router.record(event.record())  # why a touch chose nothing (aac.core.touch)
        elif isinstance(event, PointerSelect):
            self._pressed = None
            self._pointer_select(event)
        elif isinstance(event, PointerCancel):
            self._pressed = None
        elif isinstance(event, Quit):
            self.running = False
            self.quit_from_menu = event.from_menu
        elif isinstance(event, CarerChanged):
            self._carer_changed(event)
        elif isinstance(event, Status):
            self._set_status(event.text)
        elif isinstance(event, BoardsReloaded):
            self._reloaded(event.result)
        elif (handler := self.handlers.get(type(event))) is not None:
            handler(event)

    def _carer_changed(self, event: CarerChanged) -> None:
        """A setting changed on the carer menu: volume reaches the speech player now; the
        change is handed on (``on_carer_change``: ``aac run`` saves it to the profile)."""
        key, value = event.key, event.value
        if key == "volume":  # percent, as the profile's volume:
            if not isinstance(value, int):
                return
            from ..speech.player import set_master_volume

            set_master_volume(value / 100)
        elif key == "scan_speed":  # +1 faster, -1 slower: a quarter of the interval each
            if self.scan is None or not isinstance(value, int):
                return
            old = self.scan.settings.interval_ms
            new = round(min(10000.0, max(250.0, old / 1.25 if value > 0 else old * 1.25)))
            self.scan.settings = replace(self.scan.settings, interval_ms=float(new))
            key, value = "interval_ms", new
            from ..i18n import _

            self._set_status(_("Scan interval: {ms} ms").format(ms=new))
        if self.on_carer_change is not None:
            self.on_carer_change(key, value)

    def _pointer_select(self, event: PointerSelect) -> None:
        """A touch, mouse, keyboard or terminal selection: logged like a scan selection."""
        board = self.session.board
        cell = board.cell(event.row, event.col)
        outputs = self.session.select(event.row, event.col)
        if cell is not None and self.router.observers:
            self.router.record(select_record(event.t, board.id, event.row, event.col,
                                             cell.label, event.source))
            for out in outputs:
                for rec in output_records(event.t, out):
                    self.router.record(rec)
        self.apply(outputs)

    def apply(self, outputs: list[Output], from_scan: bool = False) -> None:
        """Carry out what the core decided; never blocks."""
        for out in outputs:
            self.router.speech_output(out)
            if isinstance(out, Navigate):
                self._pressed = None
                if self.scan is not None and not from_scan:
                    self.apply_scan(self.scan.board_changed(self.clock.now()))

    def apply_scan(self, outputs: list[ScanOutput]) -> None:
        """Carry out the scan engine's outputs (log, prompts, the session's own outputs)."""
        for out in outputs:
            if self.router.observers:
                for rec in records(out, with_message=True):
                    self.router.record(rec)
            if isinstance(out, Highlighted):
                self.pacer.highlight_scheduled(out.t)
            elif isinstance(out, Prompt):
                self.router.prompt(out.text)
            elif isinstance(out, Activated):
                self.apply([out.output], from_scan=True)

    def view(self) -> View:
        return self._view(None if self.scan is None else self.scan.highlight)

    def _view(self, highlight: Optional[Highlight]) -> View:
        return View(board=self.session.board, message=self.session.message_text,
                    highlight=highlight, pressed=self._pressed, status=self.status,
                    scan=None if self.scan is None else self.scan.display,
                    progress=self._hold_progress(), recording=self.recording)

    def _hold_progress(self) -> Optional[float]:
        return None if self._pressed is None else self._progress

    def redraw(self) -> None:
        self.pacer.show(self.view())

    # -- the carer's status line ----------------------------------------------------------------
    def _set_status(self, text: str) -> None:
        from ..carer_texts import localise

        self._status = localise(text)  # the carer's language on screen; stderr stays as built
        self._tell_carer(text)

    def show_board_problems(self, problems: Sequence[Problem], kind: ProblemKind) -> None:
        """Keep the board set's errors on the carer's line until a reload fixes them."""
        self._board_kind = kind if kind != "not applied" else self._board_kind
        self._board_status = board_problem_text(problems, kind)
        self._tell_carer(self._board_status)

    def _tell_carer(self, text: str) -> None:
        if text and self.on_carer_message is not None:
            self.on_carer_message(text)

    def _reloaded(self, result: LoadResult) -> None:
        """A good set replaces the shown one and clears the problems. A set with errors
        keeps the last good set, unless the shown one is already a partial or emergency set
        and the new one's loadable boards can replace it."""
        if result.ok and result.boards is not None:
            self._board_status = ""
            self._board_kind = None
            self._use(result.boards)
        elif self._board_kind is not None and result.usable is not None:
            self.show_board_problems(result.problems, "partial")
            self._use(result.usable)
        else:
            shown: ProblemKind = "fallback" if self._board_kind == "fallback" else "not applied"
            self.show_board_problems(result.problems, shown)

    def _use(self, boards: BoardSet) -> None:
        self.apply(self.session.replace_boards(boards))
        if self.scan is not None:  # same board id may have new cells: rescan from level 1
            self.apply_scan(self.scan.board_changed(self.clock.now()))

    def close(self) -> None:
        self.router.close()
        self.frontend.close()
