"""Which file descriptors the communicator holds during a soak, by kind.

A bare count of ``/proc/self/fd`` moves by itself: the harness's own pty (2 fds while the
box is plugged in) and the serial driver's open port (the port and pyserial's two wake-up
pipes: 5 fds while connected) come and go with every replug. So the soak counts the
communicator only (the harness's fds are left out) and compares like with like: samples
taken while the driver has the box open. What kind grows (``pipe``, ``socket``, ``pty``,
``file``, an ``anon_inode``...) says where to look.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable


def fd_kinds(exclude: Iterable[int] = ()) -> dict[str, int]:
    """This process's open fds by kind, leaving out ``exclude`` (the harness's own)."""
    skip = set(exclude)
    kinds: Counter[str] = Counter()
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd in skip:
            continue
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own fd, or one closed meanwhile
            continue
        kinds[_kind(target)] += 1
    return dict(sorted(kinds.items()))


def _kind(target: str) -> str:
    if target.startswith(("pipe:", "socket:")):
        return target.split(":", 1)[0]
    if target.startswith("anon_inode:"):
        return target.strip("[]").replace("anon_inode:[", "anon_inode:")
    if target.startswith(("/dev/pts/", "/dev/ptmx")):
        return "pty"
    if target.startswith("/dev/"):
        return "device"
    if target.startswith("/proc/"):
        return "proc"
    return "file"
