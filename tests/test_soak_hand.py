"""The soak's hand (aac.bench.soak_box) on a real pty read by the real serial driver: it
pulls the cable only between presses, so every press it counts as made reaches the reader.

The 30-minute soak counted 17 presses lost of 2422: each was written to the pty in the
same instant as the cable was pulled (closing a pty throws away what its reader has not
read yet), because the old harness checked for the unplug right after pressing.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from aac.bench.soak_box import Hand, SerialBox
from aac.core.events import SwitchEvent
from aac.inputs import open_inputs


class _Seen:
    """Counts the presses the driver posts (its thread), and wakes a waiter."""

    def __init__(self) -> None:
        self.downs = 0
        self.changed = threading.Condition()

    def post(self, event: object) -> None:
        if isinstance(event, SwitchEvent) and event.down:
            with self.changed:
                self.downs += 1
                self.changed.notify_all()

    def wait_for(self, n: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.downs >= n, timeout)


@pytest.mark.slow
def test_every_press_made_reaches_the_reader_across_replugs(tmp_path: Path) -> None:
    box = SerialBox(tmp_path / "switchbox")
    seen = _Seen()
    stop = threading.Event()
    with open_inputs([f"serial:{box.link}?profile=single_char"], seen.post,
                     backoff=(0.01, 0.05)) as hub:
        driver = hub.drivers[0]
        assert driver.connected.wait(5)
        start = time.monotonic()
        # a replug due on every fifth press: each time, the unplug and a press fall due
        # together, where the old harness pressed and pulled the cable in one instant
        hand = Hand(box, driver, lambda: seen.downs, start=start - 0.95, press_every=0.05,
                    replug_every=0.25, unplugged_for=0.05, press_until=start + 3.0)
        now = start
        while now < start + 3.0:
            stop.wait(max(0.0, hand.tick(now) - time.monotonic()))
            now = time.monotonic()
        assert seen.wait_for(hand.made, 5), (hand.made, seen.downs)
    box.unplug() if box.master is not None else None
    assert hand.replugs >= 5 and hand.made >= 20, (hand.replugs, hand.made)
    assert seen.downs == hand.made  # nothing lost, nothing counted that was not made


class _Reader:
    """A driver that has the box open (the first open)."""

    def __init__(self) -> None:
        self.connects = 1
        self.connected = threading.Event()
        self.connected.set()


def _hand(tmp_path: Path, seen: list[int], replug_every: float) -> Hand:
    return Hand(SerialBox(tmp_path / "switchbox"), _Reader(), lambda: seen[0], start=0.0,
                press_every=0.7, replug_every=replug_every, unplugged_for=2.0,
                press_until=100.0, settle_s=1.0)


def test_an_unplug_due_with_a_press_comes_first_and_the_press_is_not_made(
        tmp_path: Path) -> None:
    seen = [0]
    hand = _hand(tmp_path, seen, replug_every=1.7)  # presses at 1.0, 1.7; unplug at 1.7
    hand.tick(1.0)
    seen[0] = 1
    hand.tick(1.7)
    assert hand.box.master is None and list(hand.unplugs) == [1.7]
    assert hand.made == 1 and hand.skipped == 1


def test_the_cable_waits_for_the_last_press_to_be_seen(tmp_path: Path) -> None:
    seen = [0]
    hand = _hand(tmp_path, seen, replug_every=1.2)  # presses at 1.0, 1.7; unplug at 1.2
    try:
        assert hand.tick(1.0) == 1.2 and hand.made == 1
        wake = hand.tick(1.2)  # the press at 1.0 is not seen yet: keep the cable in, poll
        assert hand.box.master is not None and 1.2 < wake < 1.3
        seen[0] = 1
        assert hand.tick(wake) == 1.7 and hand.box.master is None
    finally:
        hand.box.unplug() if hand.box.master is not None else None


def test_a_press_unseen_for_a_second_is_lost_and_the_cable_comes_out(tmp_path: Path) -> None:
    seen = [0]
    hand = _hand(tmp_path, seen, replug_every=1.2)
    hand.tick(1.0)  # never seen: the communicator's loss, still counted as made
    hand.tick(1.2)
    hand.tick(1.7)  # no press while the unplug waits: the hand is on the cable
    hand.tick(1.99)
    assert hand.box.master is not None and hand.made == 1 and hand.skipped == 1
    hand.tick(2.0)  # the press is a second old: pull the cable anyway
    assert hand.box.master is None and hand.made == 1 and seen[0] == 0


def test_the_communicators_fds_leave_out_the_harness_pty(tmp_path: Path) -> None:
    from aac.bench.soak_fds import fd_kinds

    before = fd_kinds()
    box = SerialBox(tmp_path / "switchbox")
    try:
        assert fd_kinds()["pty"] == before.get("pty", 0) + 2  # master and slave
        assert fd_kinds(box.fds) == before
    finally:
        box.unplug()
    assert box.fds == ()


def test_after_a_lost_press_the_cable_still_waits_only_for_the_latest(tmp_path: Path) -> None:
    """The old harness waited for ``seen >= made``: after one lost press that never held
    again, so every later unplug was forced - right after a press, losing it too."""
    seen = [0]
    hand = _hand(tmp_path, seen, replug_every=1.8)  # presses at 1.0, 1.7; unplug at 1.8
    hand.tick(1.0)  # lost
    hand.tick(1.7)
    seen[0] = 1  # the press at 1.7 arrived; the one at 1.0 never will
    hand.tick(1.8)
    assert hand.box.master is None and list(hand.unplugs) == [1.8]
    assert hand.made - seen[0] == 1
