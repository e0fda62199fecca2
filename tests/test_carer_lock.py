"""The carer lock through synthetic events: the carer's hold + confirm (or key sequence)
opens it; a child's touches anywhere, short corner taps, a corner hold without the confirm,
and random presses never do."""

from __future__ import annotations

import random

import pytest

from aac.core.carer_lock import CORNERS, CarerLock, Corner, LockSettings


def test_hold_the_corner_three_seconds_then_confirm_opens() -> None:
    lock = CarerLock()
    assert lock.down(0.01, 0.02, 10.0) == "holding"
    assert lock.advance(12.9) == "holding"
    assert lock.next_deadline() == 13.0
    assert lock.advance(13.0) == "confirm"
    assert lock.up(13.2) == "confirm"
    assert lock.down(0.5, 0.5, 14.0) == "open"
    lock.close()
    assert lock.state == "locked"


def test_short_hold_wrong_confirm_late_confirm_and_sliding_off_stay_locked() -> None:
    lock = CarerLock()
    lock.down(0.01, 0.01, 0.0)
    assert lock.up(2.9) == "locked"  # let go too soon
    lock.down(0.01, 0.01, 5.0)
    lock.advance(8.0)
    assert lock.down(0.95, 0.95, 8.5) == "locked"  # tapped somewhere else
    lock.down(0.01, 0.01, 10.0)
    lock.advance(13.0)
    assert lock.down(0.5, 0.5, 18.1) == "locked"  # the confirm timed out
    lock.down(0.01, 0.01, 20.0)
    assert lock.move(0.4, 0.4, 21.0) == "locked"  # slid off the corner
    assert lock.advance(30.0) == "locked"


def _toward(where: Corner, x: float, y: float) -> tuple[float, float]:
    """(x, y) measured from the top-left, mirrored to be measured from ``where``."""
    return (1 - x if where.endswith("right") else x, 1 - y if where.startswith("bottom") else y)


@pytest.mark.parametrize("where", CORNERS)
def test_a_childs_random_touches_never_open_the_lock(where: Corner) -> None:
    """Ten thousand random touches, taps and holds of up to 2.9 s anywhere (the configured
    corner included, often) and taps in the middle: never open."""
    rng = random.Random(12)
    lock = CarerLock(LockSettings(where=where))
    t = 0.0
    for _ in range(10_000):
        x, y = rng.random(), rng.random()
        if rng.random() < 0.2:
            x, y = _toward(where, x * 0.1, y * 0.1)  # the configured corner, often
        lock.down(x, y, t)
        t += rng.uniform(0.02, 2.9)
        lock.move(min(1, x + rng.uniform(-0.01, 0.01)), y, t)
        assert lock.up(t) != "open"
        t += rng.uniform(0.05, 3.0)
        assert lock.advance(t) in ("locked", "confirm")
        assert lock.state != "open"


def test_key_sequence_opens_only_in_order_and_in_time() -> None:
    lock = CarerLock(LockSettings(keys=("c", "a", "r", "e", "r"), key_window_s=3.0))
    for i, k in enumerate("care"):
        assert lock.key(k, 1.0 + i * 0.2) == "locked"
    assert lock.key("r", 2.0) == "open"
    lock.close()
    for i, k in enumerate("carer"):  # too slow: a child mashing keys over minutes
        lock.key(k, 10.0 + i * 2.0)
    assert lock.state == "locked"
    for i, k in enumerate("racer"):
        lock.key(k, 30.0 + i * 0.1)
    assert lock.state == "locked"


def test_the_corner_is_square_on_screen_in_portrait_and_landscape() -> None:
    wide, tall = CarerLock(aspect=800 / 480), CarerLock(aspect=480 / 800)
    # 0.12 of 480 px = 57 px: in landscape 57/800 of the width, 57/480 of the height
    assert wide.in_corner(0.07, 0.11) and not wide.in_corner(0.08, 0.05)
    assert tall.in_corner(0.11, 0.07) and not tall.in_corner(0.05, 0.08)


@pytest.mark.parametrize("where", CORNERS)
def test_only_the_configured_corner_opens(where: Corner) -> None:
    for other in CORNERS:
        lock = CarerLock(LockSettings(where=where, hold_s=2.0), aspect=800 / 480)
        lock.down(*_toward(other, 0.02, 0.03), 0.0)
        lock.advance(2.5)
        assert (lock.state == "confirm") == (other == where), (where, other)
        assert lock.down(0.5, 0.5, 3.0) == ("open" if other == where else "locked")
