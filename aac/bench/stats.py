"""Shared shape of every benchmark figure, so all ``aac bench`` output reads the same.

One JSON object per figure: ``name``, ``unit``, ``samples``, ``p50``, ``p99``, ``max``,
plus the machine's load average during the run (PERFORMANCE.md).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, Optional, TextIO

import numpy as np


def figure(
    name: str, unit: str, values: Sequence[float], **extra: Any
) -> dict[str, Any]:
    """Summarise ``values`` as p50/p99/max (numpy's linear percentile), rounded to 3 places."""
    arr = np.asarray(values, dtype=float)
    out: dict[str, Any] = {"name": name, "unit": unit, "samples": int(arr.size)}
    if arr.size:
        out["p50"] = round(float(np.percentile(arr, 50)), 3)
        out["p99"] = round(float(np.percentile(arr, 99)), 3)
        out["max"] = round(float(arr.max()), 3)
    else:
        out["p50"] = out["p99"] = out["max"] = None
    out["load"] = machine_load()
    out.update(extra)
    return out


def single(name: str, unit: str, value: float, **extra: Any) -> dict[str, Any]:
    """A figure measured once (e.g. drift over a run): p50 = p99 = max = value."""
    return figure(name, unit, [value], **extra)


def machine_load() -> Optional[float]:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover - not on Linux
        return None


def pss_kib(pid: int) -> Optional[int]:
    """Proportional set size of a process in KiB, from /proc/PID/smaps_rollup."""
    return rollup_kib(pid, "Pss")


def rollup_kib(pid: int, field: str) -> Optional[int]:
    """One field of /proc/PID/smaps_rollup in KiB (``Pss``, ``Anonymous``...), or None."""
    return rollup_fields(pid, field).get(field)


def rollup_fields(pid: int, *fields: str) -> dict[str, int]:
    """Those fields of /proc/PID/smaps_rollup in KiB, from one read (the kernel walks every
    mapping for each read); a field missing, or the process gone, is left out."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                name, _, rest = line.partition(":")
                if name in fields:
                    out[name] = int(rest.split()[0])
    except OSError:
        pass
    return out


def emit(figures: Iterable[dict[str, Any]], as_json: bool, out: Optional[TextIO] = None) -> None:
    """Print one JSON object per line (``--json``) or an aligned table for people."""
    out = out or sys.stdout  # looked up per call, so redirected/captured stdout is honoured
    for fig in figures:
        if as_json:
            out.write(json.dumps(fig) + "\n")
        else:
            out.write(
                f"{fig['name']:<36} p50={fig['p50']!s:>9} p99={fig['p99']!s:>9} "
                f"max={fig['max']!s:>9} {fig['unit']:<8} n={fig['samples']}\n"
            )
        out.flush()
