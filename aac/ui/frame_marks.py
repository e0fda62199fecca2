"""An observer of flipped frames for ``aac bench symbols`` (nothing in production sets one).

The bench's child process (``python -m aac.bench.symbols launch ...``) runs ``aac run``'s own
start path and calls ``watch`` first, so it learns when the first frame with every picture
of its board drawn was shown: pictures still being made leave their cell with the label
only, and the first frame alone would flatter the figure.
"""

from __future__ import annotations

from typing import Callable, Optional

#: ``(flipped monotonic time, cells whose picture was still being made)``
FlipObserver = Callable[[float, int], None]

_observer: Optional[FlipObserver] = None


def watch(observer: Optional[FlipObserver]) -> None:
    """Call ``observer`` after every frame any renderer in this process flips."""
    global _observer
    _observer = observer


def flipped(t: float, pending: int) -> None:
    if _observer is not None:
        _observer(t, pending)
