"""The carer lock: what stands between a child and quitting or changing settings.

In full screen, quitting and every setting sit behind a carer gesture: hold a corner of the
screen (``where``: top-left unless the child's profile says otherwise) ``hold_s`` (3 s), then
tap the confirm button that appears (elsewhere on the screen) within ``confirm_s``; or, for
keyboard-only set-ups, type the key sequence (``keys``) within ``key_window_s``. Only then
is the carer menu open. A child's switch presses are never fed here at all, and a child's
touches (short, elsewhere, or not followed by the confirm tap) never open it. Pure:
positions are fractions of the screen, times come from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

LockState = Literal["locked", "holding", "confirm", "open"]
Corner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]
CORNERS: tuple[Corner, ...] = ("top-left", "top-right", "bottom-left", "bottom-right")


@dataclass(frozen=True)
class LockSettings:
    hold_s: float = 3.0
    corner: float = 0.12  # the corner square's side, as a share of the shorter screen side
    #: which corner is held (the profile's ``carer: {corner: ...}``)
    where: Corner = "top-left"
    confirm_s: float = 5.0
    #: the confirm button's centre and half-size, as shares of width and height: far from
    #: the corner, so one hand resting on the screen cannot do both
    confirm_at: tuple[float, float] = (0.5, 0.5)
    confirm_half: float = 0.12
    keys: tuple[str, ...] = ("c", "a", "r", "e", "r")
    key_window_s: float = 3.0


class CarerLock:
    """The lock's state machine (see module doc)."""

    def __init__(self, settings: LockSettings = LockSettings(), aspect: float = 16 / 9) -> None:
        self.settings = settings
        self.aspect = aspect  # width / height: the corner is square on screen
        self.state: LockState = "locked"
        self._since = 0.0
        self._keys: list[tuple[str, float]] = []

    def in_corner(self, x: float, y: float) -> bool:
        c = self.settings.corner
        where = self.settings.where
        dx = 1.0 - x if where.endswith("right") else x  # distance from the corner's sides
        dy = 1.0 - y if where.startswith("bottom") else y
        return (0.0 <= dx <= c * min(1.0, 1 / self.aspect)
                and 0.0 <= dy <= c * min(1.0, self.aspect))

    def in_confirm(self, x: float, y: float) -> bool:
        cx, cy = self.settings.confirm_at
        h = self.settings.confirm_half
        return abs(x - cx) <= h and abs(y - cy) <= h

    def down(self, x: float, y: float, t: float) -> LockState:
        """A finger or the mouse went down at (x, y) (shares of the screen)."""
        self.advance(t)
        if self.state == "confirm":
            self.state = "open" if self.in_confirm(x, y) else "locked"
        elif self.state == "locked" and self.in_corner(x, y):
            self.state, self._since = "holding", t
        return self.state

    def move(self, x: float, y: float, t: float) -> LockState:
        if self.state == "holding" and not self.in_corner(x, y):
            self.state = "locked"  # slid off the corner: not a deliberate hold
        return self.advance(t)

    def up(self, t: float) -> LockState:
        self.advance(t)
        if self.state == "holding":
            self.state = "locked"  # let go too soon
        return self.state

    def advance(self, t: float) -> LockState:
        """Time passes: a long enough hold asks to confirm; an unanswered confirm relocks."""
        s = self.settings
        if self.state == "holding" and t - self._since >= s.hold_s:
            self.state, self._since = "confirm", t
        elif self.state == "confirm" and t - self._since >= s.confirm_s:
            self.state = "locked"
        return self.state

    def key(self, name: str, t: float) -> LockState:
        """A key typed (its name, e.g. ``"c"``): the whole sequence in time opens the menu."""
        s = self.settings
        self._keys = [(k, kt) for k, kt in self._keys if t - kt <= s.key_window_s]
        self._keys.append((name, t))
        typed = tuple(k for k, _ in self._keys[-len(s.keys):])
        if typed == s.keys and self.state != "open":
            self.state = "open"
            self._keys.clear()
        return self.state

    def next_deadline(self) -> Optional[float]:
        """When ``advance`` next changes something, or None."""
        if self.state == "holding":
            return self._since + self.settings.hold_s
        if self.state == "confirm":
            return self._since + self.settings.confirm_s
        return None

    def close(self) -> None:
        """The carer closed the menu: locked again."""
        self.state = "locked"
