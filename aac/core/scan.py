"""The scan engine: SCANNING.md as an explicit, pure state machine.

It never sleeps and never reads a clock: the caller hands it time-stamped switch edges and
``now``; it returns time-stamped outputs and says when it next needs to be called::

    engine = ScanEngine(session, settings)
    outs = engine.start(now)                  # level 1 starts (or waits for a press)
    outs += engine.switch(SwitchEvent(1, True, t))   # raw edges; filtered in here
    outs += engine.advance(now)               # everything due up to ``now``
    engine.next_deadline()                    # absolute time of the next change, or None
    engine.highlight                          # what the screen should show now

States × modes (what moves the highlight / what selects):

=========  ===========================  ==========================================
state      cause of the next item       selection
=========  ===========================  ==========================================
waiting    (nothing; start: on-press    any accepted press starts level 1 at its
or stopped  or loops ran out)           time and selects nothing
auto       absolute deadlines from the  switch 1 accepted at ``p`` selects the item
           level start ``s``            showing at ``p``
step       switch 2 (move), wrapping    switch 1 accepted press
inverse    holding switch 1: item k at  release of an accepted hold, at the up time
           ``down + k·I``
press-hold release before ``hold_ms``   held to ``down + hold_ms``
=========  ===========================  ==========================================

The switch side of this table is data: :data:`TRANSITIONS` maps (state, switch, filter
action) to one handler; a combination it does not list changes nothing and is recorded as an
:class:`Ignored` (state, switch, event, reason) in ``engine.ignored`` / ``ignored_counts``.

Selecting a row/column starts level 2 at the selection time; selecting a cell activates it
through the :class:`Session` (the same code touch uses) and starts level 1 of the board now
shown; selecting "back" (escape) starts level 1. Acceptance and debounce are the
:mod:`aac.core.switch` filter's, one per switch.

Timing is absolute: in pass ``m`` item ``k`` starts at ``s + m·L + I·(f + k − 1)`` (item 0 at
``s + m·L``) plus ``X``, the total time earlier items of this level were extended by
``wait_for_prompt`` (0 without prompts). A late call never shifts later items, and items
whose time has passed are skipped in one step, not replayed. Events that reach the engine
after a timed change they preceded are judged against the item showing at their time. A
timed change due after a switch-1 decision still being settled (an acceptance in ``auto``,
a release in ``inverse``; at most ``bounce_ms``) waits for it rather than being shown and
taken back.

Auditory prompts: with ``prompt`` on, each highlighted item emits :class:`Prompt`. With
``wait_for_prompt`` the item lasts ``max(interval, prompt duration)``; the duration comes from
the ``prompt_duration(text)`` hook given by the speech side (seconds, or None if unknown:
then the item is held past its end until :meth:`ScanEngine.prompt_finished` is called).
Without a hook prompts are taken to take no time.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass
from typing import Callable, Literal, Optional, Union

from .board import Board
from .events import SwitchEvent
from .outputs import Output
from .scan_items import Item, level1_items, level2_items
from .scan_settings import ScanSettings, pattern_for
from .scan_words import scan_words
from .session import Session
from .switch import SwitchAction, SwitchFilter
from .view import Highlight, ScanDisplay
from .vocabulary import SwitchActionKind

_EPS = 1e-9
PromptDuration = Callable[[str], Optional[float]]


# -- outputs ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Highlighted:
    """From ``t`` the screen shows ``item`` lit at ``level`` (``item`` None: nothing lit)."""

    t: float
    level: int
    item: Optional[Item]

    @property
    def highlight(self) -> Optional[Highlight]:
        return _highlight(self.level, self.item)


@dataclass(frozen=True)
class Selected:
    """A cell was chosen by scanning at ``t`` (rows and "back" open levels, not this)."""

    t: float
    board: str
    row: int
    col: int
    label: str


@dataclass(frozen=True)
class Activated:
    """What the session did with the selection (speak, navigate, message, stop speech)."""

    t: float
    output: Output


@dataclass(frozen=True)
class Prompt:
    """Auditory scanning: say ``text`` for the item highlighted at ``t``."""

    t: float
    text: str


@dataclass(frozen=True)
class Stopped:
    """Scanning stopped at ``t`` after ``loops`` passes; the next press restarts it."""

    t: float


ScanOutput = Union[Highlighted, Selected, Activated, Prompt, Stopped]

#: Which row of the transition table applies (see :data:`TRANSITIONS`).
ScanState = Literal["idle", "stopped", "empty", "auto", "step", "inverse", "press-hold"]


@dataclass(frozen=True)
class Ignored:
    """A switch action at ``t`` that changed nothing, and why (kept for debugging and the
    usage log; not an output: nothing on screen or in speech changes)."""

    t: float
    state: ScanState
    switch: int
    event: SwitchActionKind
    reason: str


def _highlight(level: int, item: Optional[Item]) -> Optional[Highlight]:
    if item is None:
        return None
    back = item.kind == "back"
    return Highlight(item.cells, level, item.label if back else "", back)


# -- state -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Level:
    number: int  # 1 or 2
    items: tuple[Item, ...]
    start: float  # s: when the level started
    board: str


@dataclass(frozen=True)
class _Snapshot:
    """Enough state to go back to the item showing before a timed change."""

    since: float
    level: Optional[_Level]
    index: int
    passes: int
    ext: float
    item_start: float
    item_end: Optional[float]
    stopped: bool
    hold_down: Optional[float]
    hold_steps: int


class ScanEngine:
    """One scanning user on one session. See the module docstring for the rules."""

    def __init__(
        self,
        session: Session,
        settings: ScanSettings,
        prompt_duration: Optional[PromptDuration] = None,
    ) -> None:
        self.session = session
        self.settings = settings
        self.prompt_duration = prompt_duration
        self.filters = {1: SwitchFilter(settings.filter_settings(1), 1),
                        2: SwitchFilter(settings.filter_settings(2), 2)}
        self._i = settings.interval
        self._f = settings.first_item_factor
        self.now = float("-inf")
        self._level: Optional[_Level] = None
        self._index = 0
        self._passes = 0
        self._ext = 0.0
        self._item_start = 0.0
        self._item_end: Optional[float] = None  # auto: absolute end of the current item
        self._stopped = False  # loops ran out, or waiting for the first press (on-press)
        self._started = False
        self._hold_down: Optional[float] = None  # inverse: down time of the hold in progress
        self._hold_steps = 0
        self._consumed: set[tuple[int, float]] = set()  # presses that only restarted scanning
        self._hold_base = 0
        self._prompt_wait = False  # the item's prompt is still going, its end unknown
        self._history: deque[_Snapshot] = deque(maxlen=16)
        self._items_cache: dict[tuple[int, str, str], tuple[Board, tuple[Item, ...]]] = {}
        #: Switch actions that changed nothing (the last 64), and how often each kind did.
        self.ignored: deque[Ignored] = deque(maxlen=64)
        self._display: Optional[tuple[tuple[int, bool], Board, ScanDisplay]] = None
        self.ignored_counts: Counter[str] = Counter()

    # -- reading ------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._level is not None

    @property
    def level(self) -> int:
        return 0 if self._level is None else self._level.number

    @property
    def item(self) -> Optional[Item]:
        if self._level is None or not self._level.items:
            return None
        return self._level.items[self._index]

    @property
    def highlight(self) -> Optional[Highlight]:
        return _highlight(self.level, self.item)

    @property
    def display(self) -> ScanDisplay:
        """Escape buttons (with ``escape``) and the "press to start" state, for the View."""
        board = self.session.board
        key = (id(board), self._stopped)
        if self._display is None or self._display[0] != key or self._display[1] is not board:
            pattern = pattern_for(self.settings, board.scan_pattern)
            along: Optional[Literal["row", "column"]] = None
            if self.settings.escape and pattern != "linear":
                along = "row" if pattern == "row-column" else "column"
            shown = ScanDisplay(self._escape_label(board) if along else "", along,
                                self._stopped, scan_words(board.locale).press_to_start)
            self._display = (key, board, shown)
        return self._display[2]

    def _escape_label(self, board: Board) -> str:
        """The profile's ``escape_label``, else the word for the board's locale."""
        return self.settings.escape_label or scan_words(board.locale).escape

    def next_deadline(self) -> Optional[float]:
        """Absolute time of the next thing to do (item change or switch timer), or None."""
        times = [t for t in (self._own_deadline(), *(f.next_deadline()
                                                      for f in self.filters.values()))
                 if t is not None]
        return min(times) if times else None

    def preview(self) -> Optional[tuple[float, Optional[Highlight]]]:
        """The next timed change and the highlight it will show, without making it.

        Lets the loop draw the next frame off screen before its instant and only flip at it.
        A switch action before then can change the outcome; the loop compares and redraws.
        """
        due = self._own_deadline()
        if due is None:
            return None
        state, history, waiting = self._capture(due), list(self._history), self._prompt_wait
        try:
            self._tick(due, due)
            return due, self.highlight
        finally:
            self._restore(state)
            self._history = deque(history, maxlen=self._history.maxlen)
            self._prompt_wait = waiting

    # -- driving ------------------------------------------------------------------------------
    def start(self, now: float) -> list[ScanOutput]:
        """Begin: level 1 at ``now``, or wait for a press with ``start: on-press``."""
        self._started = True
        self.now = max(self.now, now)
        if self.settings.start == "on-press":
            self._stopped = True
            self._level = None
            return []
        return self._start_level1(now)

    def board_changed(self, now: float) -> list[ScanOutput]:
        """The board shown changed outside scanning (touch, reload): rescan it from level 1."""
        # a reload makes new boards: drop the items of boards no longer in the set, so the
        # cache holds at most one entry per board of the set (not every reload's boards)
        current = self.session.boards.boards
        self._items_cache = {k: v for k, v in self._items_cache.items()
                             if current.get(v[0].id) is v[0]}
        if self._level is None:
            return []
        self._history.clear()
        return self._start_level1(now)

    def advance(self, now: float) -> list[ScanOutput]:
        """Do everything due at or before ``now``, in time order (item changes first on ties)."""
        out: list[ScanOutput] = []
        while True:
            own = self._own_deadline()
            fdue = [(d, n) for n, f in self.filters.items()
                    if (d := f.next_deadline()) is not None]
            first_f = min(fdue) if fdue else None
            if own is not None and own <= now + _EPS and (
                first_f is None or own <= first_f[0] + _EPS
            ):
                out.extend(self._tick(own, now))
            elif first_f is not None and first_f[0] <= now + _EPS:
                due, n = first_f
                for action in self.filters[n].advance(due):
                    out.extend(self._on_action(action))
            else:
                break
        self.now = max(self.now, now)
        return _drop_unseen(out)

    def switch(self, event: SwitchEvent) -> list[ScanOutput]:
        """A raw switch edge, time-stamped by its driver; switches other than 1 and 2 ignored."""
        out = self.advance(event.t) if event.t > self.now else []
        filt = self.filters.get(event.switch)
        if filt is None:
            return out
        for action in filt.feed(event):
            out.extend(self._on_action(action))
        return out

    def prompt_finished(self, at: float) -> list[ScanOutput]:
        """The current item's prompt finished at ``at`` (when its duration was not known).

        The item then ends at the later of its nominal end and ``at``; later items shift by
        the difference, exactly as with a known duration.
        """
        if not self._prompt_wait:
            return []
        self._prompt_wait = False
        self._item_end = max(self._nominal_end(), at)
        return self.advance(at)

    # -- timing -------------------------------------------------------------------------------
    def _own_deadline(self) -> Optional[float]:
        if self._level is None or not self._level.items:
            return None
        mode = self.settings.mode
        due: Optional[float] = None
        if mode == "auto" and not self._prompt_wait:
            due = self._item_end
        elif mode == "inverse" and self._hold_down is not None:
            due = self._hold_down + (self._hold_steps + 1) * self._i
        if due is not None and self._waits_for_switch(due):
            return None
        return due

    def _waits_for_switch(self, due: float) -> bool:
        """Switch 1 has a decision pending from before ``due`` that could change this level.

        Auto: a press still being accepted; inverse: a release still in its bounce window.
        The change is made once the switch filter has settled (a few ms late, at most
        ``bounce_ms``), never shown and then taken back.
        """
        pending = self.filters[1].pending()
        if pending is None or pending[0] >= due - _EPS:
            return False
        return pending[1] == ("press" if self.settings.mode == "auto" else "release")

    def _offset(self, k: int) -> float:
        """Start of item ``k`` within a pass: 0, then ``I·(f + k − 1)``."""
        return 0.0 if k == 0 else self._i * (self._f + k - 1)

    def _start_of(self, m: int, k: int, ext: float) -> float:
        assert self._level is not None
        n = len(self._level.items)
        pass_len = self._i * (self._f + n - 1)
        return self._level.start + m * pass_len + self._offset(k) + ext

    def _tick(self, due: float, now: float) -> list[ScanOutput]:
        """A timed change is due at ``due``; if more are already past ``now``, skip to the last."""
        self._snapshot(due)
        if self.settings.mode == "inverse":
            assert self._level is not None and self._hold_down is not None
            n = len(self._level.items)
            steps = max(self._hold_steps + 1,
                        int(math.floor((now - self._hold_down) / self._i + _EPS)))
            self._index = (self._index + steps - self._hold_steps) % n
            self._hold_steps = steps
            t = self._hold_down + steps * self._i
            return self._show(t)
        return self._auto_next(due)

    def _auto_next(self, due: float) -> list[ScanOutput]:
        """The current item ended at ``due`` (its nominal end, or later if its prompt was)."""
        assert self._level is not None
        n = len(self._level.items)
        ext = self._ext + max(0.0, due - self._nominal_end())
        m, k = self._passes, self._index + 1
        if k == n:
            m, k = m + 1, 0
        if self.settings.loops and m >= self.settings.loops:
            return self._loops_done(due)
        self._ext, self._passes, self._index = ext, m, k
        return self._show(self._start_of(m, k, ext))

    def _nominal_end(self) -> float:
        m, k = self._passes, self._index + 1
        assert self._level is not None
        if k == len(self._level.items):
            m, k = m + 1, 0
        return self._start_of(m, k, self._ext)

    def _loops_done(self, t: float) -> list[ScanOutput]:
        assert self._level is not None
        if self._level.number == 2:
            return self._start_level1(t)
        return self._stop(t)

    # -- transitions --------------------------------------------------------------------------
    def _show(self, t: float) -> list[ScanOutput]:
        """The current item is highlighted from ``t``: set its end and announce it."""
        assert self._level is not None
        self._item_start = t
        self._prompt_wait = False
        out: list[ScanOutput] = [Highlighted(t, self._level.number, self.item)]
        item = self.item
        nominal_end = self._nominal_end() if self.settings.mode == "auto" else None
        self._item_end = nominal_end
        if self.settings.prompt != "off" and item is not None:
            text = item.label if self.settings.prompt == "label" else item.cue
            out.append(Prompt(t, text))
            if self.settings.wait_for_prompt and nominal_end is not None:
                duration = 0.0 if self.prompt_duration is None else self.prompt_duration(text)
                if duration is None:  # unknown: hold until prompt_finished()
                    self._item_end = None
                    self._prompt_wait = True
                else:
                    self._item_end = max(nominal_end, t + duration)
        return out

    def _start_level(self, level: _Level) -> list[ScanOutput]:
        self._level = level
        self._stopped = False
        self._index = self._passes = 0
        self._ext = 0.0
        self._hold_down = None
        self._hold_steps = 0
        if not level.items:
            self._item_end = None
            return [Highlighted(level.start, level.number, None)]
        return self._show(level.start)

    def _start_level1(self, t: float) -> list[ScanOutput]:
        board = self.session.board
        items = self._items(board)
        return self._start_level(_Level(1, items, t, board.id))

    def _items(self, board: Board) -> tuple[Item, ...]:
        pattern = pattern_for(self.settings, board.scan_pattern)
        key = (id(board), pattern, "1")
        cached = self._items_cache.get(key)
        if cached is None or cached[0] is not board:
            cached = (board, level1_items(board, pattern))
            self._items_cache[key] = cached
        return cached[1]

    def _stop(self, t: float) -> list[ScanOutput]:
        self._level = None
        self._stopped = True
        self._item_end = None
        self._prompt_wait = False
        return [Stopped(t)]

    def _select(self, t: float) -> list[ScanOutput]:
        """Select the item showing at ``t`` (going back over timed changes if needed)."""
        self._rewind(t)
        self._history.clear()
        item = self.item
        level = self._level
        if item is None or level is None:
            return []
        if item.is_group:
            board = self.session.board
            items = level2_items(board, item, self.settings.escape, self._escape_label(board))
            return self._start_level(_Level(2, items, t, board.id))
        if item.kind == "back":
            return self._start_level1(t)
        assert item.row is not None and item.col is not None
        out: list[ScanOutput] = [Selected(t, level.board, item.row, item.col, item.label)]
        out.extend(Activated(t, o) for o in self.session.select(item.row, item.col))
        out.extend(self._start_level1(t))
        return out

    def _move(self, t: float) -> list[ScanOutput]:
        """Advance one item, wrapping (step and press-hold modes)."""
        self._rewind(t)
        self._history.clear()
        if self._level is None or not self._level.items:
            return []
        self._index = (self._index + 1) % len(self._level.items)
        return self._show(t)

    # -- switch actions: one transition table ---------------------------------------------
    @property
    def state(self) -> ScanState:
        """Which row of :data:`TRANSITIONS` applies now."""
        if self._stopped:
            return "stopped"
        if self._level is None:
            return "idle"
        if not self._level.items:
            return "empty"
        return self.settings.mode

    def _on_action(self, a: SwitchAction) -> list[ScanOutput]:
        """Look the (state, switch, action) up in :data:`TRANSITIONS`; unlisted ones are
        recorded as :class:`Ignored`, never silently dropped."""
        key = (a.switch, a.down)
        if key in self._consumed:  # the rest of a press that only restarted scanning
            if a.kind in ("release", "ignored"):
                self._consumed.discard(key)
            return []
        state = self.state
        if state == "stopped" and a.kind == "press":
            self._rewind(a.t)  # the press may predate the stop: judge it at its time
            state = self.state
        handler = TRANSITIONS.get((state, a.switch, a.kind))
        if handler is None:
            reason = (f"the switch filter rejected it ({a.reason})" if a.kind == "ignored"
                      else f"switch {a.switch} {a.kind} has no transition in state {state}")
            self._ignore(Ignored(a.t, state, a.switch, a.kind, reason))
            return []
        return handler(self, a)

    def _ignore(self, ignored: Ignored) -> None:
        self.ignored.append(ignored)
        self.ignored_counts[f"{ignored.state}/{ignored.switch}/{ignored.event}"] += 1

    def _nothing(self, a: SwitchAction) -> list[ScanOutput]:
        """An expected edge with no effect (the down and up around a press)."""
        return []

    def _restart(self, a: SwitchAction) -> list[ScanOutput]:
        """Stopped or waiting: the press starts level 1 at its time and selects nothing."""
        self._consumed.add((a.switch, a.down))
        self._history.clear()
        return self._start_level1(a.t)

    def _select_action(self, a: SwitchAction) -> list[ScanOutput]:
        return self._select(a.t)

    def _move_action(self, a: SwitchAction) -> list[ScanOutput]:
        return self._move(a.t)

    def _inverse_down(self, a: SwitchAction) -> list[ScanOutput]:
        """Inverse: a hold begins; items advance by timing measured from its down time."""
        self._hold_down, self._hold_steps = a.t, 0
        self._hold_base = self._index
        return []

    def _inverse_release(self, a: SwitchAction) -> list[ScanOutput]:
        """Inverse: the release selects the item showing at the up time (if accepted)."""
        if self._hold_down is None:
            self._ignore(Ignored(a.t, "inverse", a.switch, a.kind, "release without a hold"))
            return []
        self._rewind(a.t)
        down, self._hold_down = self._hold_down, None
        shown = self._index
        if a.accepted:  # the item showing at the up time, by the timing formula
            assert self._level is not None
            steps = int(math.floor((a.t - down) / self._i + _EPS))
            self._index = (self._hold_base + steps) % len(self._level.items)
            return self._select(a.t)
        self._index = self._hold_base  # too short: as if nothing happened
        return self._show(a.t) if shown != self._index else []

    def _press_hold_release(self, a: SwitchAction) -> list[ScanOutput]:
        """Press-hold: released before ``hold_ms`` advances one item; after it, nothing."""
        if a.accepted and not a.held:
            return self._move(a.t)
        return []

    # -- going back in time for late events ------------------------------------------------
    def _capture(self, since: float) -> _Snapshot:
        return _Snapshot(since, self._level, self._index, self._passes, self._ext,
                         self._item_start, self._item_end, self._stopped, self._hold_down,
                         self._hold_steps)

    def _restore(self, snap: _Snapshot) -> None:
        self._level, self._index, self._passes = snap.level, snap.index, snap.passes
        self._ext, self._item_start, self._item_end = snap.ext, snap.item_start, snap.item_end
        self._stopped, self._hold_down, self._hold_steps = (
            snap.stopped, snap.hold_down, snap.hold_steps)

    def _snapshot(self, since: float) -> None:
        self._history.append(self._capture(since))

    def _rewind(self, t: float) -> None:
        """Restore the state that was showing at ``t`` if timed changes happened after it."""
        while self._history and self._history[-1].since > t + _EPS:
            self._restore(self._history.pop())


Handler = Callable[[ScanEngine, SwitchAction], list[ScanOutput]]
_E = ScanEngine

#: Every (state, switch, filter action) that does something, or is expected to do nothing.
#: States: ``idle`` (not started), ``stopped`` (waiting for a press: ``start: on-press`` or
#: loops ran out), ``empty`` (nothing to scan), else the mode. Anything not listed (switch 2
#: in one-switch modes, a press rejected by the filter, anything in ``idle``/``empty``) is
#: recorded in ``ScanEngine.ignored``.
TRANSITIONS: dict[tuple[ScanState, int, SwitchActionKind], Handler] = {
    ("stopped", 1, "down"): _E._nothing,
    ("stopped", 2, "down"): _E._nothing,
    ("stopped", 1, "press"): _E._restart,
    ("stopped", 2, "press"): _E._restart,
    ("stopped", 1, "release"): _E._nothing,  # of a press that came before the stop
    ("stopped", 2, "release"): _E._nothing,
    ("auto", 1, "down"): _E._nothing,
    ("auto", 1, "press"): _E._select_action,
    ("auto", 1, "release"): _E._nothing,
    ("step", 1, "down"): _E._nothing,
    ("step", 1, "press"): _E._select_action,
    ("step", 1, "release"): _E._nothing,
    ("step", 2, "down"): _E._nothing,
    ("step", 2, "press"): _E._move_action,
    ("step", 2, "release"): _E._nothing,
    ("inverse", 1, "down"): _E._inverse_down,
    ("inverse", 1, "press"): _E._nothing,  # accepted; the release decides
    ("inverse", 1, "release"): _E._inverse_release,
    ("press-hold", 1, "down"): _E._nothing,
    ("press-hold", 1, "press"): _E._nothing,  # accepted; release or hold decides
    ("press-hold", 1, "hold"): _E._select_action,
    ("press-hold", 1, "release"): _E._press_hold_release,
}


def _drop_unseen(out: list[ScanOutput]) -> list[ScanOutput]:
    """Of several item changes handled in one call, only the last was ever on screen.

    Late ticks are drawn late; ticks that were already past are skipped, not replayed (and
    neither are their prompts).
    """
    last = max((i for i, o in enumerate(out) if isinstance(o, Highlighted)), default=-1)
    if last < 0:
        return out
    shown = out[last].t - _EPS  # an item that started at that same instant was shown too,
    return [o for i, o in enumerate(out)  # exactly as when the press arrives as an edge
            if i >= last or not isinstance(o, (Highlighted, Prompt)) or o.t >= shown]
