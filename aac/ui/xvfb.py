"""A private virtual X server (Xvfb) for measurements and tests on a machine with no screen.

One place to start it: ``-displayfd`` makes Xvfb pick a free display number and write it
once it accepts connections, so nothing waits on a fixed sleep or guesses a free number.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Optional


@contextmanager
def xvfb(size: tuple[int, int] = (800, 480)) -> Iterator[Optional[str]]:
    """Yield ``":N"`` of a running Xvfb (stopped on exit), or None when it cannot start."""
    binary = shutil.which("Xvfb")
    if binary is None:
        yield None
        return
    read, write = os.pipe()
    proc = subprocess.Popen([binary, "-displayfd", str(write), "-screen", "0",
                             f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()  # written once the server is ready
        yield f":{number}" if number else None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
