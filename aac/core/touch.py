"""Touch selection for children with tremor or poor aim: repeat-ignore, hold, press/release, edges.

Pure (no pygame, no clock): the front end feeds time-stamped pointer down/move/up events with
the position in cell coordinates, calls :meth:`TouchFilter.advance` at ``next_deadline()``,
and turns the outputs into the loop's pointer events. Every decision not to select comes out
as a :class:`TouchIgnored` with a reason, so the usage log shows a therapist why a touch did
nothing. The rules (per profile, the settings file's ``touch:`` section):

- ``repeat_ignore_ms``: a touch that begins less than this after the last selection is
  ignored (a tremor's "want want want"). Default 0: behaviour unchanged unless a therapist
  sets it, because a good value depends on the child (300-1000 ms is usual).
- ``hold_ms``: a touch counts only once held this long on one cell (a fill shows the
  progress). Moving onto another cell starts again there; moving off every cell stops it.
- ``select_on``: ``release`` (default, as before: lifting the finger on the cell that was
  pressed chooses it) or ``press`` (choose at touch-down, or when the hold completes).
- ``edge_margin``: the fraction of a cell's width and height at each edge that ignores
  touch-downs, so a touch between two cells chooses neither. A finger that drifts onto the
  edge of its own cell later still counts.

The message bar is one more target, :data:`MESSAGE_BAR`, judged by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal, Optional, Union, get_args

from ..errors import BadSettings
from .numbers import is_finite_number

SelectOn = Literal["press", "release"]
SELECT_ON: tuple[str, ...] = get_args(SelectOn)
IgnoreReason = Literal["repeat", "edge", "off_cell", "too_short", "moved_off", "another_finger"]
#: Widest edge margin: a larger one would leave no part of a cell that accepts a touch.
MAX_EDGE_MARGIN = 0.4
#: Longest hold and repeat window a settings file may ask for (a typo guard: 60 s).
MAX_MS = 60_000.0
#: Hold progress is shown in steps of at least this many seconds, at most ``FILL_STEPS``.
FILL_STEP = 0.04
FILL_STEPS = 20
#: The message bar as a touch target (it is not a cell of the board).
MESSAGE_BAR: tuple[int, int] = (-1, -1)


@dataclass(frozen=True)
class TouchSettings:
    """One child's touch rules; every field is a key of the settings file's ``touch:``."""

    repeat_ignore_ms: float = 0.0
    hold_ms: float = 0.0
    select_on: SelectOn = "release"
    edge_margin: float = 0.0

    def __post_init__(self) -> None:
        for key in ("repeat_ignore_ms", "hold_ms"):
            value = getattr(self, key)
            if not is_finite_number(value) or not 0 <= value <= MAX_MS:
                raise BadSettings(f"{key} must be a number of milliseconds from 0 to "
                                  f"{MAX_MS:.0f}, got {value!r}")
        if self.select_on not in SELECT_ON:
            raise BadSettings(f"select_on must be one of {', '.join(SELECT_ON)}, "
                              f"got {self.select_on!r}")
        if not is_finite_number(self.edge_margin) or not 0 <= self.edge_margin <= MAX_EDGE_MARGIN:
            raise BadSettings(f"edge_margin must be a fraction of the cell from 0 to "
                              f"{MAX_EDGE_MARGIN} (e.g. 0.15), got {self.edge_margin!r}")

    @classmethod
    def key_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> TouchSettings:
        """Build from parsed YAML; raise ``BadSettings`` naming the unknown or bad key."""
        unknown = [k for k in data if k not in cls.key_names()]
        if unknown:
            raise BadSettings(f"unknown touch key {unknown[0]!r}; known keys: "
                              f"{', '.join(cls.key_names())}")
        return cls(**data)



@dataclass(frozen=True)
class TouchPoint:
    """Where a pointer is: on cell (row, col) at ``fx``, ``fy`` (0..1) across the cell."""

    row: int
    col: int
    fx: float = 0.5
    fy: float = 0.5

    @property
    def cell(self) -> tuple[int, int]:
        return (self.row, self.col)

    def in_margin(self, margin: float) -> bool:
        return min(self.fx, 1 - self.fx, self.fy, 1 - self.fy) < margin


@dataclass(frozen=True)
class TouchPressed:
    """Show press feedback on (row, col); ``progress`` 0..1 of a hold, None without one."""

    row: int
    col: int
    t: float
    progress: Optional[float] = None


@dataclass(frozen=True)
class TouchSelected:
    """Choose (row, col) at ``t``."""

    row: int
    col: int
    t: float


@dataclass(frozen=True)
class TouchIgnored:
    """A touch that chose nothing, and why; ends any press feedback. For the usage log."""

    reason: IgnoreReason
    row: Optional[int]
    col: Optional[int]
    t: float
    held_ms: Optional[float] = None  # too_short: how long it was held

    def record(self) -> dict[str, Any]:
        """The usage-log record (docs/usage-log.md)."""
        rec: dict[str, Any] = {"t": round(self.t, 3), "type": "touch_ignored",
                               "reason": self.reason, "row": self.row, "col": self.col}
        if self.held_ms is not None:
            rec["held_ms"] = round(self.held_ms, 1)
        return rec


TouchOutput = Union[TouchPressed, TouchSelected, TouchIgnored]


class TouchFilter:
    """Turns one pointer's down/move/up into selections under ``TouchSettings``.

    Only the first finger down is followed until it lifts; others are ignored, so a palm or
    a second hand resting on the screen cannot choose anything.
    """

    def __init__(self, settings: TouchSettings = TouchSettings()) -> None:
        self.settings = settings
        self._pointer: Optional[int] = None  # the finger being followed
        self._target: Optional[tuple[int, int]] = None  # cell being pressed, if any
        self._start = 0.0  # when the press on ``_target`` began (hold timing)
        self._held = False  # the hold is complete (or there is none)
        self._step = 0  # hold fill steps shown
        self._done = False  # this touch has chosen, or was ignored: wait for the lift
        self._last_select: Optional[float] = None

    @property
    def _hold(self) -> float:
        return self.settings.hold_ms / 1000.0

    # -- input ------------------------------------------------------------------------------
    def down(self, at: Optional[TouchPoint], t: float, pointer: int = 0) -> list[TouchOutput]:
        out = self.advance(t)
        if self._pointer is not None:
            return out + [_ignored("another_finger", at, t)]
        self._pointer, self._target, self._done = pointer, None, False
        repeat = self.settings.repeat_ignore_ms / 1000.0
        if self._last_select is not None and t - self._last_select < repeat:
            self._done = True
            return out + [_ignored("repeat", at, t)]
        return out + self._enter(at, t, first=True)

    def move(self, at: Optional[TouchPoint], t: float, pointer: int = 0) -> list[TouchOutput]:
        """Only a hold follows the finger: onto another cell it starts again there."""
        out = self.advance(t)
        if pointer != self._pointer or self._done or self._held or self._hold <= 0:
            return out
        if at is not None and at.cell == self._target:
            return out  # wobbling within the cell, edges included
        if at is None or at.in_margin(self.settings.edge_margin):
            left, self._target = self._target, None
            if left is None:
                return out
            return out + [TouchIgnored("moved_off", left[0], left[1], t)]
        return out + self._enter(at, t, first=False)

    def up(self, at: Optional[TouchPoint], t: float, pointer: int = 0) -> list[TouchOutput]:
        out = self.advance(t)
        if pointer != self._pointer:
            return out
        target, done, held, start = self._target, self._done, self._held, self._start
        self._pointer, self._target, self._done = None, None, False
        if done:
            return out
        if target is None:
            return out  # already said why: off_cell or edge at the down, moved_off since
        if not held:
            return out + [TouchIgnored("too_short", target[0], target[1], t,
                                       held_ms=(t - start) * 1000.0)]
        if at is None or at.cell != target:
            return out + [TouchIgnored("moved_off", target[0], target[1], t)]
        return out + [self._select(target, t)]

    def advance(self, now: float) -> list[TouchOutput]:
        """Hold progress and completion due by ``now``."""
        target = self._target
        if target is None or self._held or self._done:
            return []
        end = self._start + self._hold
        if now >= end:
            self._held = True
            if self.settings.select_on == "press":
                self._done = True
                return [self._select(target, end)]
            return [TouchPressed(target[0], target[1], end, 1.0)]
        steps = self._steps()
        step = self._step
        while step + 1 < steps and now >= self._step_time(step + 1):
            step += 1
        if step == self._step:
            return []
        self._step = step
        return [TouchPressed(target[0], target[1], now, step / steps)]

    def next_deadline(self) -> Optional[float]:
        """When to call ``advance`` next (the next fill step or the hold's end), or None."""
        if self._target is None or self._held or self._done:
            return None
        return self._step_time(self._step + 1)

    # -- internals --------------------------------------------------------------------------
    def _step_time(self, step: int) -> float:
        """When fill step ``step`` is due; the last step is the hold's end, exactly."""
        steps = self._steps()
        if step >= steps:
            return self._start + self._hold
        return self._start + self._hold * step / steps

    def _steps(self) -> int:
        return max(1, min(FILL_STEPS, int(self._hold / FILL_STEP)))

    def _enter(self, at: Optional[TouchPoint], t: float, first: bool) -> list[TouchOutput]:
        """The finger is on ``at`` now: start a press there, or say why not."""
        if at is None:
            if first:
                self._done = self._hold <= 0
                return [_ignored("off_cell", None, t)]
            return []
        if at.in_margin(self.settings.edge_margin):
            self._done = self._hold <= 0  # a hold may still start when the finger moves in
            return [_ignored("edge", at, t)]
        self._target, self._start, self._step = at.cell, t, 0
        self._held = self._hold <= 0
        if self._held and self.settings.select_on == "press":
            self._done = True
            return [self._select(at.cell, t)]
        return [TouchPressed(at.row, at.col, t, None if self._held else 0.0)]

    def _select(self, target: tuple[int, int], t: float) -> TouchSelected:
        self._last_select = t
        return TouchSelected(target[0], target[1], t)


def _ignored(reason: IgnoreReason, at: Optional[TouchPoint], t: float) -> TouchIgnored:
    return TouchIgnored(reason, None if at is None else at.row, None if at is None else at.col,
                        t)
