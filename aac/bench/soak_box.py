"""The soak's serial switch box and the hand that presses it and pulls its cable.

A press is a byte written to a pty; unplugging closes the pty. Closing a pty hangs it up,
and the kernel throws away what its reader had not read yet: a byte written a few
microseconds before the close is lost in the kernel, before any reader could have it (as a
press made the instant a USB cable comes out). So the cable is pulled only *between*
presses: once the loop has seen every press made so far, and never in the same instant as a
press. If a press stays unseen for ``settle_s`` the cable is pulled anyway and that press
counts as lost: a second is far longer than any read, so that loss is the communicator's.
"""

from __future__ import annotations

import os
import pty
import threading
import tty
from array import array
from pathlib import Path
from typing import Callable, Optional, Protocol


class SerialBox:
    """A serial switch box on a pty behind a stable path, which can be unplugged."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master: Optional[int] = None
        self._slave: Optional[int] = None
        self.plug()

    def plug(self) -> None:
        master, slave = pty.openpty()
        tty.setraw(slave)
        self.master = master
        self._slave = slave
        tmp = self.link.with_name(self.link.name + ".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self.link)

    def unplug(self) -> None:
        self.link.unlink(missing_ok=True)
        for fd in (self.master, self._slave):
            if fd is not None:
                os.close(fd)
        self.master = self._slave = None

    @property
    def fds(self) -> tuple[int, ...]:
        """The harness's own descriptors (not the communicator's)."""
        return tuple(fd for fd in (self.master, self._slave) if fd is not None)

    def press(self) -> bool:
        if self.master is None:
            return False
        try:
            os.write(self.master, b"1")
        except OSError:
            return False
        return True

    def drain(self) -> None:
        """Nothing is echoed in raw mode, but never let the pty's buffer fill."""
        if self.master is None:
            return
        os.set_blocking(self.master, False)
        try:
            while os.read(self.master, 4096):
                pass
        except OSError:
            pass
        finally:
            os.set_blocking(self.master, True)


class Reader(Protocol):
    """What the hand needs to know of the serial driver (``SerialDriver``)."""

    connects: int  # how often it has opened a box
    connected: threading.Event  # set while it has one open


class Hand:
    """Presses the box every ``press_every`` s and replugs it every ``replug_every`` s.

    :meth:`tick` does what is due at ``now`` and returns when to call it next. Order in a
    tick: plug back in, unplug (only when every press made has been seen), then press (not
    when the box is out or the driver has not opened the new box yet: a child could not;
    nor while an unplug waits for the last press to be seen).
    """

    def __init__(self, box: SerialBox, reader: Reader, seen: Callable[[], int], *,
                 start: float, press_every: float, replug_every: float,
                 unplugged_for: float, press_until: float, settle_s: float = 1.0,
                 poll_s: float = 0.02) -> None:
        self.box, self.reader, self.seen = box, reader, seen
        self.press_every, self.replug_every = press_every, replug_every
        self.unplugged_for, self.press_until = unplugged_for, press_until
        self.settle_s, self.poll_s = settle_s, poll_s
        self.next_press = start + 1.0
        self.next_unplug = start + replug_every
        self.replug_at: Optional[float] = None
        self.made_at = array("d")  # when each press was written to the box (8 bytes each)
        self.unplugs = array("d")
        #: presses due while the box was out or not yet reopened, or while the hand waited
        #: to pull the cable (a child's hand is not on the switch then)
        self.skipped = 0
        self.replugs = 0
        # the driver's open count when the box was last plugged in: until it has opened the
        # new box (and flushed its input, as pyserial does), a press would be the harness's
        self._opened_before = -1
        self._seen_before = 0  # presses seen when the latest was made

    @property
    def made(self) -> int:
        return len(self.made_at)

    @property
    def nbytes(self) -> int:
        """What the hand's own records take (the soak reports the harness's share)."""
        return (len(self.made_at) + len(self.unplugs)) * self.made_at.itemsize

    def tick(self, now: float) -> float:
        if self.replug_at is not None and now >= self.replug_at:
            self._opened_before = self.reader.connects
            self.box.plug()
            self.replugs += 1
            self.replug_at = None
        waiting = self.replug_at is None and now >= self.next_unplug
        if waiting and self._settled(now):
            self.box.unplug()
            self.unplugs.append(now)
            self.replug_at = now + self.unplugged_for
            self.next_unplug += self.replug_every
            waiting = False
        if now >= self.next_press:
            if (self.next_press < self.press_until and not waiting and self._can_press()
                    and self.box.press()):
                self.made_at.append(now)
                self._seen_before = self.seen()
            elif self.next_press < self.press_until:
                self.skipped += 1
            self.box.drain()
            self.next_press += self.press_every
        wake = [self.next_press]
        if self.replug_at is not None:
            wake.append(self.replug_at)
        elif waiting:
            wake.append(now + self.poll_s)  # until the last press is seen
        else:
            wake.append(self.next_unplug)
        return min(wake)

    def _settled(self, now: float) -> bool:
        """The latest press was seen (one more press seen since it was made: after a lost
        press the totals never meet again), or it has been unseen for ``settle_s`` (no press
        is made while an unplug waits)."""
        return (not self.made_at or self.seen() > self._seen_before
                or self.seen() >= self.made or now - self.made_at[-1] >= self.settle_s)

    def _can_press(self) -> bool:
        return (self.box.master is not None and self.reader.connected.is_set()
                and self.reader.connects > self._opened_before)
