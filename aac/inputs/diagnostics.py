"""Diagnostic events for ``aac switch-test``: what the wire carried, not what it meant.

Posted only when a driver is opened with ``diagnostics=True``; the communicator's loop never
asks for them (it ignores event types it does not know anyway).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawBytes:
    """``data`` arrived from ``source`` at monotonic ``t``; ``garbage_bytes`` dropped so far."""

    source: str
    data: bytes
    t: float
    garbage_bytes: int = 0
