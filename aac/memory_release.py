"""Give big audio buffers back to the system when they are freed (glibc only).

glibc serves an allocation above ``M_MMAP_THRESHOLD`` (128 KiB) with its own mapping, which
``free`` returns at once - but each such free *raises* the threshold to that size (up to
32 MiB). After the first long utterance, later buffers of a few MiB (a spoken message,
resampled and scaled, in ``speech/audio.py``) come from the heap instead, and freeing them
leaves holes the heap keeps: the all-day soak saw PSS jump 21 MB after a 300-word message
and never come back. Fixing the threshold stops that adjustment; the cost is a mapping per
big buffer, a few per utterance.
"""

from __future__ import annotations

import ctypes
from typing import Optional

M_MMAP_THRESHOLD = -3  # glibc <malloc.h>
THRESHOLD_BYTES = 256 * 1024


def release_big_buffers(threshold: int = THRESHOLD_BYTES) -> Optional[str]:
    """Fix glibc's mmap threshold; ``None`` when done, else why not (not glibc)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library: no ldconfig run
    except (OSError, AttributeError):
        return "the C library has no mallopt (not glibc)"
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return None if mallopt(M_MMAP_THRESHOLD, threshold) == 1 else "mallopt refused"
