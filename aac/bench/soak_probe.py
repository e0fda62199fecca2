"""What grows during a soak, for finding a leak rather than only measuring one.

``AAC_SOAK_PROBE=FILE`` makes ``aac bench soak`` start :mod:`tracemalloc` and, at the end of
warm-up and at the end of the run, take a snapshot of the Python heap, count live objects by
type (:mod:`gc`) and read glibc's heap figures (``mallinfo2``: what native code such as SDL,
pygame's surfaces and fonts, and numpy holds). FILE then gets the top differences between the
two: the allocation sites that grew, the object types that multiplied, and how the native heap
moved. Off by default: tracemalloc slows every allocation.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any, Optional

ENV = "AAC_SOAK_PROBE"


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]


def native_heap() -> Optional[dict[str, int]]:
    """glibc's ``mallinfo2`` in bytes: ``arena`` (main-arena bytes from the system),
    ``hblkhd`` (mmapped blocks), ``uordblks`` (in use), ``fordblks`` (free but kept);
    None off glibc."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.mallinfo2
    except (OSError, AttributeError):
        return None
    fn.restype = _MallInfo2
    info = fn()
    return {name: int(getattr(info, name)) for name in ("arena", "hblkhd", "uordblks",
                                                         "fordblks")}


def pss_by_mapping(pid: int) -> dict[str, float]:
    """PSS in MB of ``pid`` by kind of mapping (``/proc/PID/smaps``): ``heap`` (glibc's
    brk heap), ``anon`` (anonymous mmaps: Python's object arenas, big malloc blocks, other
    malloc arenas, SDL), ``so`` (code), ``files`` (other mapped files: fonts, caches),
    ``stack``. Which of these grows says where to look."""
    out: dict[str, float] = {}
    kind = "anon"
    try:
        with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as f:
            for line in f:
                first = line.split(None, 1)[0]
                if "-" in first and not first.endswith(":"):  # a mapping's header line
                    parts = line.split()
                    name = parts[5] if len(parts) > 5 else ""
                    kind = ("heap" if name == "[heap]" else "stack" if name.startswith("[stack")
                            else "anon" if not name or name.startswith("[") else
                            "so" if ".so" in name else "files")
                elif first == "Pss:":
                    out[kind] = out.get(kind, 0.0) + int(line.split()[1]) / 1024
    except OSError:
        return {}
    return {k: round(v, 2) for k, v in sorted(out.items())}


def _types() -> Counter[str]:
    return Counter(type(o).__name__ for o in gc.get_objects())


class Probe:
    """Snapshots at ``mark("warm")`` and ``mark("end")``; ``report()`` writes the diff."""

    def __init__(self, path: Path, frames: int = 8) -> None:
        self.path = path
        self._marks: dict[str, tuple[Any, Counter[str], Optional[dict[str, int]]]] = {}
        tracemalloc.start(frames)

    @classmethod
    def from_env(cls) -> Optional[Probe]:
        path = os.environ.get(ENV)
        return cls(Path(path)) if path else None

    @staticmethod
    def first_mark_at(default: float) -> float:
        """Seconds into the run of the first snapshot (``AAC_SOAK_PROBE_FROM``, else the
        soak's warm-up): later than the bounded things' filling (message, caches)."""
        return float(os.environ.get(ENV + "_FROM", default))

    def mark(self, name: str) -> None:
        gc.collect()
        self._marks[name] = (tracemalloc.take_snapshot(), _types(), native_heap())

    def report(self, top: int = 25) -> None:
        if "warm" not in self._marks or "end" not in self._marks:
            return
        (snap0, types0, heap0), (snap1, types1, heap1) = self._marks["warm"], self._marks["end"]
        ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
        snap0, snap1 = snap0.filter_traces(ignore), snap1.filter_traces(ignore)
        lines = ["# tracemalloc, warm-up -> end, by line"]
        for stat in snap1.compare_to(snap0, "lineno")[:top]:
            lines.append(str(stat))
        lines.append("# tracemalloc, warm-up -> end, by traceback (top 8)")
        for stat in snap1.compare_to(snap0, "traceback")[:8]:
            lines.append(f"{stat.size_diff / 1024:+.1f} KiB, {stat.count_diff:+d} blocks")
            lines.extend("    " + line for line in stat.traceback.format())
        total0 = sum(s.size for s in snap0.statistics("filename"))
        total1 = sum(s.size for s in snap1.statistics("filename"))
        lines.append(f"# traced Python heap: {total0 / 2**20:.2f} -> {total1 / 2**20:.2f} MB")
        lines.append("# live objects by type (gc), growth")
        for name, n in sorted(((k, types1[k] - types0.get(k, 0)) for k in types1),
                              key=lambda kv: -kv[1])[:top]:
            if n > 0:
                lines.append(f"{name}: +{n} (now {types1[name]})")
        lines.append(f"# glibc heap (bytes): {heap0} -> {heap1}")
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
