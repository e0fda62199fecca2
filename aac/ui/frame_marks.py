"""Hidden hooks for ``aac bench symbols``: the child notes when its frames were flipped.

Set in the environment of an ``aac run`` child; each file receives the monotonic time
(CLOCK_MONOTONIC is system-wide, so the parent can compare it with the launch) of:

* ``AAC_FIRST_FLIP_FILE``: the first frame flipped;
* ``AAC_PICTURES_FRAME_FILE``: the first frame flipped with every picture of its board drawn
  (pictures still being made leave their cell showing the label only).

Kept in the front end's drawing path, so it holds whatever starts the loop.
"""

from __future__ import annotations

import os
from typing import Optional

FIRST_FLIP_ENV = "AAC_FIRST_FLIP_FILE"
PICTURES_FRAME_ENV = "AAC_PICTURES_FRAME_FILE"


class FrameMarks:
    """Writes each configured marker once."""

    def __init__(self) -> None:
        self.first: Optional[str] = os.environ.get(FIRST_FLIP_ENV) or None
        self.complete: Optional[str] = os.environ.get(PICTURES_FRAME_ENV) or None

    def flipped(self, t: float, pictures_pending: int) -> None:
        if self.first is not None:
            _write(self.first, t)
            self.first = None
        if self.complete is not None and pictures_pending == 0:
            _write(self.complete, t)
            self.complete = None


def _write(path: str, t: float) -> None:
    """A failure must not stop the communicator."""
    try:
        with open(path, "w", encoding="ascii") as f:
            f.write(f"{t!r}\n")
    except OSError:
        pass
