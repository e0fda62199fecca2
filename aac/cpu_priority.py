"""The loop's CPU priority: ahead of other work on a busy device, where the system permits.

On Linux a nice value belongs to one thread, so only the loop thread is raised (to
``LOOP_NICE``), not the picture, speech or log threads started before it. A thread the loop
starts would inherit the loop's value: background threads call :func:`background_thread`
first. Going below nice 0 needs CAP_SYS_NICE or an RLIMIT_NICE that allows it (root, or
``/etc/security/limits.d``); without either the loop keeps its priority and a one-line note
says so - the kiosk unit's ``CPUWeight=`` still gives the whole communicator its share.

Never real-time scheduling: a real-time loop would escape the CPU budget a CFS quota sets,
which is what ``aac bench --cpu-quota`` measures against (docs/performance.md).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Optional

#: The loop thread's nice value: CFS weight 9548 against 1024 for a nice-0 process, about
#: the share ``CPUWeight=1000`` (against the default 100) gives the kiosk unit.
LOOP_NICE = -10

_normal: Optional[int] = None  # the nice value threads had before the loop was raised


@dataclass(frozen=True)
class Raised:
    """What :func:`raise_loop_priority` did: the thread, its nice before and now, and a note
    when the request was refused (empty when granted or not needed)."""

    thread: int
    before: int
    now: int
    note: str = ""

    def restore(self) -> None:
        """Give the thread its old priority back (always permitted: a higher nice value)."""
        if self.now != self.before:
            try:
                os.setpriority(os.PRIO_PROCESS, self.thread, self.before)
            except OSError:
                pass  # the thread is gone


def raise_loop_priority(nice: int = LOOP_NICE) -> Raised:
    """Ask for nice ``nice`` for the calling thread; a refusal is reported, never raised."""
    global _normal
    thread = threading.get_native_id()
    try:
        before = os.getpriority(os.PRIO_PROCESS, thread)
    except OSError as exc:
        return Raised(thread, 0, 0, f"cannot read the loop's CPU priority ({_why(exc)})")
    if before <= nice:
        return Raised(thread, before, before)
    try:
        os.setpriority(os.PRIO_PROCESS, thread, nice)
    except OSError as exc:
        return Raised(thread, before, before,
                      f"the loop keeps CPU priority nice {before}: nice {nice} is not "
                      f"permitted here ({_why(exc)}; needs CAP_SYS_NICE or an RLIMIT_NICE "
                      "that allows it)")
    _normal = before if _normal is None else _normal
    return Raised(thread, before, nice)


def background_thread() -> None:
    """Call first in a thread that may be started by the loop: back to the priority the
    process had, so background work does not compete with the loop at the loop's priority."""
    if _normal is None:
        return
    thread = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, thread) < _normal:
            os.setpriority(os.PRIO_PROCESS, thread, _normal)
    except OSError:
        pass


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
