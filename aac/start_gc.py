"""No garbage collection on the way to the first frame.

Starting makes some 100 000 objects (modules, classes, the board set, surfaces) and none of
them is garbage yet, but the collector scans the young ones every 700 allocations: ~34
collections, ~6 ms of CPU here (~25 ms at a quarter of a Pi core) that free nothing.
:func:`hold` turns it off before the start path's imports; :func:`release`, at the first
frame, freezes what was made so far (``gc.freeze``: never scanned again, as the loop's own
``freeze_start_up`` does) and turns it back on. Release is idempotent and safe to call from
a ``finally``: a start that fails before its first frame never leaves it off.
"""

from __future__ import annotations

import gc

_held = [False]


def hold() -> None:
    """Turn the collector off until :func:`release` (only if it was on)."""
    if gc.isenabled():
        gc.disable()
        _held[0] = True


def release() -> None:
    """Freeze what was made while held and turn the collector back on (once)."""
    if _held[0]:
        _held[0] = False
        gc.freeze()
        gc.enable()
