"""Switch press filtering, per switch: bounce, acceptance, debounce, release time, hold.

One implementation shared by the scan engine and ``aac switch-test``, so what a therapist
tunes with the tester is exactly what scanning does.

API (pure, no clock, no sleeping)::

    f = SwitchFilter(FilterSettings(acceptance_ms=0, debounce_ms=100), switch=1)
    actions = f.feed(SwitchEvent(1, True, t))   # raw edges, in time order
    actions += f.advance(now)                   # fire timers that are due at ``now``
    f.next_deadline()                           # when to call ``advance`` next (or None)

``feed`` first advances to the edge's time, so timers due at or before an edge fire before
it. Every returned :class:`SwitchAction` has a ``kind``:

- ``down``: a press began at ``t`` (it was not rejected by debounce or release time).
  Inverse scanning starts moving here; it may still turn out too short to be accepted.
- ``press``: the press is accepted; ``t = down + acceptance``. Fired ``bounce_ms`` after
  that (at once when ``acceptance_ms`` is 0).
- ``hold``: still held at ``t = down + hold`` (only when ``hold_ms`` is set); fired
  ``bounce_ms`` after that.
- ``release``: the press ended at ``t`` (the up time). Reported ``bounce_ms`` after the up,
  once no new contact came, so ``t`` may be in the past. ``accepted`` says whether a
  ``press`` was reported for it, ``held`` whether a ``hold`` was.
- ``ignored``: a press whose down time came too soon (``reason`` says why), reported at its
  release so the tester can show it; it never produced ``down``/``press``.

Every action carries the press's ``down`` time, ``up`` (releases), ``duration`` (up - down),
``since_previous`` (down minus the previous accepted press's down) and ``bounces`` (extra
contacts merged into this press by the bounce rule). Rules:

- **Bounce**: an up followed by a down within ``bounce_ms`` is contact bounce; the press goes
  on, and a gap that closed counts as contact for acceptance and hold (timers that fell in
  it fire once contact is back, with their own times).
- **Acceptance**: a press counts only once held ``acceptance_ms``; its time is then
  ``down + acceptance``. Held exactly that long counts. Like a release, the decision is
  settled ``bounce_ms`` later (so is a hold): an up edge stamped before that time which
  reaches the filter a few ms late still makes the press too short. ``pending()`` says
  what is still undecided, so the scan engine can wait for it instead of guessing.
- **Debounce** (post-acceptance): a press whose down time is less than ``debounce_ms`` after
  the previous accepted press's time is ignored.
- **Release time**: a press whose down time is less than ``release_ms`` after the previous
  release is ignored (for users who cannot let go cleanly).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..errors import BadSettings
from .events import SwitchEvent
from .numbers import is_finite_number
from .vocabulary import SwitchActionKind

_EPS = 1e-9


@dataclass(frozen=True)
class FilterSettings:
    """Per-switch timing, in milliseconds (the units therapists use)."""

    acceptance_ms: float = 0.0
    debounce_ms: float = 100.0
    bounce_ms: float = 10.0
    release_ms: float = 0.0
    hold_ms: Optional[float] = None

    def __post_init__(self) -> None:
        for key in ("acceptance_ms", "debounce_ms", "bounce_ms", "release_ms"):
            value = getattr(self, key)
            if not is_finite_number(value) or value < 0:
                raise BadSettings(f"{key} must be a number of milliseconds >= 0, got {value!r}")
        if self.hold_ms is not None and (not is_finite_number(self.hold_ms) or self.hold_ms <= 0):
            raise BadSettings(
                f"hold_ms must be a positive number of milliseconds, got {self.hold_ms!r}"
            )



@dataclass(frozen=True)
class SwitchAction:
    """What the filter concluded about one press (see the module docstring)."""

    kind: SwitchActionKind
    switch: int
    t: float
    down: float
    up: Optional[float] = None
    bounces: int = 0
    accepted: bool = False
    held: bool = False
    since_previous: Optional[float] = None
    reason: str = ""

    @property
    def duration(self) -> Optional[float]:
        return None if self.up is None else self.up - self.down


class SwitchFilter:
    """Turns one switch's raw, bouncy edges into presses. See the module docstring."""

    def __init__(self, settings: Optional[FilterSettings] = None, switch: int = 1) -> None:
        self.settings = settings or FilterSettings()
        self.switch = switch
        self._acc = self.settings.acceptance_ms / 1000.0
        self._deb = self.settings.debounce_ms / 1000.0
        self._bounce = self.settings.bounce_ms / 1000.0
        self._rel = self.settings.release_ms / 1000.0
        self._hold = None if self.settings.hold_ms is None else self.settings.hold_ms / 1000.0
        # the press in progress
        self._in_press = False
        self._contact = False  # switch physically closed (False during a bounce gap)
        self._down = 0.0
        self._up: Optional[float] = None  # last up edge of the press, while in a gap
        self._bounces = 0
        self._rejected = ""  # non-empty: this press is being ignored, and why
        self._accepted = False
        self._held = False
        self._since: Optional[float] = None
        # history
        self._last_press: Optional[float] = None  # previous accepted press's time
        self._last_press_down: Optional[float] = None
        self._last_release: Optional[float] = None
        self.now = float("-inf")

    # -- public -----------------------------------------------------------------------------
    @property
    def is_down(self) -> bool:
        """A press is in progress (including a bounce gap not yet confirmed as release)."""
        return self._in_press

    def next_deadline(self) -> Optional[float]:
        """The earliest time ``advance`` has something to do, or None."""
        timers = self._timers()
        return timers[0][0] if timers else None

    def pending(self) -> Optional[tuple[float, str]]:
        """The next undecided action of the press in progress: (its time, its kind), or None.

        Its time may already have passed (it is settled only at ``next_deadline``): the scan
        engine holds a timed change that would come after it, so a press is never judged
        against an item that its own decision would have prevented.
        """
        timers = self._timers()
        return (timers[0][1], timers[0][2]) if timers else None

    def _timers(self) -> list[tuple[float, float, str]]:
        """(deadline, action time, kind) of what is still to decide, soonest first.

        Acceptance and hold are settled ``bounce_ms`` after their time, like a release: an
        up edge stamped before that time that reaches us a little late still counts.
        """
        if not self._in_press:
            return []
        timers: list[tuple[float, float, str]] = []
        if self._up is not None:  # in a gap: it ends the press unless contact comes back
            timers.append((self._up + self._bounce, self._up, "release"))
        if not self._rejected:
            if not self._accepted:
                at, kind = self._down + self._acc, "press"
            elif self._hold is not None and not self._held:
                at, kind = self._down + self._hold, "hold"
            else:
                return timers
            if self._up is None:
                timers.append((at + self._bounce, at, kind))
            elif at <= self._up + _EPS:  # contact lasted until ``at``: certain, decide now
                timers.append((min(at + self._bounce, self._up), at, kind))
        timers.sort()
        return timers

    def advance(self, now: float) -> list[SwitchAction]:
        """Fire every timer due at or before ``now``, in time order."""
        out: list[SwitchAction] = []
        while True:
            due = self.next_deadline()
            if due is None or due > now + _EPS:
                break
            out.extend(self._fire(due))
        self.now = max(self.now, now)
        return out

    def feed(self, event: SwitchEvent) -> list[SwitchAction]:
        """Take one raw edge (in time order) and return what it settled."""
        out = self.advance(event.t)
        t = event.t
        if event.down:
            out.extend(self._on_down(t))
        else:
            out.extend(self._on_up(t))
        out.extend(self.advance(t))  # timers that fell in a closed bounce gap are now due
        return out

    # -- internals --------------------------------------------------------------------------
    def _on_down(self, t: float) -> list[SwitchAction]:
        if self._in_press:
            if self._contact:  # a repeated "down" (key repeat, noisy line): one more bounce
                self._bounces += 1
            else:  # contact came back within the bounce window: the same press goes on
                self._contact = True
                self._up = None
                self._bounces += 1
            return []
        self._in_press, self._contact, self._down, self._up = True, True, t, None
        self._bounces, self._accepted, self._held = 0, False, False
        self._since = None if self._last_press_down is None else t - self._last_press_down
        self._rejected = ""
        if self._last_press is not None and t - self._last_press < self._deb - _EPS:
            self._rejected = "debounce"
        elif self._last_release is not None and t - self._last_release < self._rel - _EPS:
            self._rejected = "release"
        if self._rejected:
            return []
        out = [self._action("down", t)]
        if self._acc <= 0:
            out.extend(self._accept(t))
        return out

    def _on_up(self, t: float) -> list[SwitchAction]:
        if not self._in_press:
            return []  # an up with no down (started before we listened): nothing to end
        if not self._contact:
            self._bounces += 1
            return []
        self._contact = False
        self._up = t
        return []

    def _fire(self, due: float) -> list[SwitchAction]:
        """The soonest timer fired: release confirmation, acceptance or hold."""
        _, at, kind = self._timers()[0]
        if kind == "release":
            return self._release(at)
        if kind == "press":
            return self._accept(at)
        return self._do_hold(at)

    def _accept(self, t: float) -> list[SwitchAction]:
        self._accepted = True
        self._last_press = t
        self._last_press_down = self._down
        out = [self._action("press", t)]
        if self._hold is not None and self._hold <= self._acc + _EPS:
            out.extend(self._do_hold(t))  # a hold cannot come before its acceptance
        return out

    def _do_hold(self, t: float) -> list[SwitchAction]:
        self._held = True
        return [self._action("hold", t)]

    def _release(self, up: float) -> list[SwitchAction]:
        kind: SwitchActionKind = "ignored" if self._rejected else "release"
        action = self._action(kind, up, up=up)
        self._in_press, self._contact, self._up = False, False, None
        self._last_release = up
        return [action]

    def _action(self, kind: SwitchActionKind, t: float, up: Optional[float] = None) -> SwitchAction:
        return SwitchAction(
            kind=kind,
            switch=self.switch,
            t=t,
            down=self._down,
            up=up,
            bounces=self._bounces,
            accepted=self._accepted,
            held=self._held,
            since_previous=self._since,
            reason=self._rejected,
        )
