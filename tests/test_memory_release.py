"""A freed big buffer goes back to the system, even after an earlier big free raised glibc's
threshold (the all-day soak's 21 MB step after a long message)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import sys
    import numpy as np
    if sys.argv[1] == "fixed":
        from aac.memory_release import release_big_buffers
        assert release_big_buffers() is None
    def rss_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    a = np.ones(6 << 20, dtype=np.uint8); del a      # glibc raises its mmap threshold here
    before = rss_mb()
    b = np.ones(5 << 20, dtype=np.uint8)             # 5 MiB: now from the heap unless fixed
    keep = [bytearray(64) for _ in range(2000)]      # small blocks above it pin the heap top
    del b
    print(rss_mb() - before)
""")


def _grown_mb(mode: str) -> float:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                         timeout=120, check=True)
    return float(out.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_freed_speech_sized_buffer_is_returned_with_the_threshold_fixed() -> None:
    assert _grown_mb("fixed") < 2.0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_without_it_the_heap_keeps_the_buffer() -> None:
    """The control: proves the probe sees the behaviour the fix removes."""
    assert _grown_mb("default") > 4.0
