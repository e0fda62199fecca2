"""Silence C libraries' own complaints on stderr where our one clear message says it better.

SDL, ALSA and libwayland print to fd 2 directly (e.g. "ALSA lib ... cannot find card",
"XDG_RUNTIME_DIR is invalid") while we probe for a sound card or a display that may not be
there; the runtime then says once, in plain words, what it found.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

# Two threads silencing at once would restore each other's /dev/null: one at a time.
_LOCK = threading.RLock()


@contextlib.contextmanager
def quiet_c_stderr() -> Iterator[None]:
    """Point fd 2 at /dev/null for the block (Python's own ``sys.stderr`` writes included).

    Process-wide, so keep the block short (one decode, one device probe).
    """
    with _LOCK:
        try:
            saved = os.dup(2)
        except OSError:
            yield
            return
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
