"""Input events, time-stamped where they were read (the driver), never by the loop.

A press is judged against what was on screen at its timestamp, so a busy loop that gets to
an event late still selects what the child saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from .touch import TouchIgnored


@dataclass(frozen=True)
class SwitchEvent:
    """Switch ``switch`` (1 = select, 2 = move) went down or up at monotonic time ``t``."""

    switch: int
    down: bool
    t: float
    source: str = "keyboard"


@dataclass(frozen=True)
class PointerPress:
    """A finger or mouse went down on cell (row, col): show press feedback.

    ``progress`` (0..1) is how far a hold-to-select has come (``aac.core.touch``); the
    front end sends it again as the hold fills, None when there is no hold."""

    row: int
    col: int
    t: float
    progress: Optional[float] = None


@dataclass(frozen=True)
class PointerSelect:
    """A finger or mouse was released on cell (row, col): choose it. ``source`` says how
    for the usage log: ``touch`` (finger or mouse), ``keyboard`` (focus + Enter) or
    ``terminal``."""

    row: int
    col: int
    t: float
    source: str = "touch"


@dataclass(frozen=True)
class PointerCancel:
    """The finger or mouse was released off the pressed cell: nothing is chosen."""

    t: float


@dataclass(frozen=True)
class MessageTouched:
    """The child touched the message bar (it speaks the message)."""

    t: float


@dataclass(frozen=True)
class Quit:
    """The carer closed the communicator.

    ``from_menu``: chosen on the carer menu, behind its lock - under the kiosk service that
    quit is meant to last (``aac.kiosk.STAY_QUIT``), where a window closed any other way is
    brought back like a crash."""

    t: float
    from_menu: bool = False


@dataclass(frozen=True)
class Status:
    """A message for the carer (e.g. "switch disconnected"), not for the child."""

    text: str
    t: float


@dataclass(frozen=True)
class CarerChanged:
    """The carer changed a setting on the device's carer menu (``key``: "volume", "theme");
    the runtime applies it and saves it to the child's profile."""

    t: float
    key: str
    value: object


InputEvent = Union[SwitchEvent, PointerPress, PointerSelect, PointerCancel, MessageTouched,
                   TouchIgnored, Quit, Status, CarerChanged]
