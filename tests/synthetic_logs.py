"""Synthetic usage logs with known timing, made by the REAL scan engine.

A virtual child (aac.therapy.child) presses a known reaction time after its item lights
up; the records come from aac.core.replay and aac.usage_log exactly as the device writes
them. Each helper returns the records of one session, its ``session`` line first.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from aac.boards.loader import load_board_set
from aac.core.replay import press_edges, replay
from aac.core.scan import ScanEngine
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.therapy.child import Planned, as_records, drive

REPO = Path(__file__).resolve().parents[1]
_BOARDS: list[Any] = []


def boards() -> Any:
    if not _BOARDS:
        _BOARDS.append(load_board_set(str(REPO / "boards" / "en")).boards)
    return _BOARDS[0]


def header(settings: ScanSettings, wall: str = "2026-11-02T10:00:00+0000") -> dict[str, Any]:
    return {"t": 0.0, "type": "session", "version": 1, "clock": "simulated", "wall": wall,
            "settings": settings.to_mapping()}


def child_plan(rng: random.Random, choices: int, rt: float = 0.65, sd: float = 0.08,
               first_rt: Optional[float] = None, hold: tuple[float, float] = (0.15, 0.3),
               bounces: int = 0, double_gap: Optional[float] = None, double_every: int = 0,
               brush: Optional[tuple[float, float]] = None, brush_every: int = 0,
               ) -> list[Planned]:
    """``choices`` presses: item 0-2 of each pass; first items at ``first_rt`` if given.
    Every ``double_every``-th press is followed by a second one ``double_gap`` s after its
    down (at least 30 ms after its release); every ``brush_every``-th by a brush of
    ``brush`` = (min, max) s, 0.3 s after it."""
    plan = []
    for i in range(choices):
        pos = rng.randrange(3)
        mean = first_rt if (first_rt is not None and pos == 0) else rt
        held = rng.uniform(*hold)
        extra: list[tuple[float, float]] = []
        if double_every and i % double_every == 0 and double_gap is not None:
            extra.append((max(double_gap, held + 0.03), 0.05))  # after the release
        if brush_every and i % brush_every == 1 and brush is not None:
            extra.append((held + 0.3, rng.uniform(*brush)))
        plan.append(Planned(pos, max(0.2, rng.gauss(mean, sd)), held, bounces=bounces,
                            extra=tuple(extra)))
    return plan


def session(settings: ScanSettings, plan: Sequence[Planned],
            wall: str = "2026-11-02T10:00:00+0000") -> list[dict[str, Any]]:
    b = boards()
    return [header(settings, wall), *drive(lambda: ScanEngine(Session(b), settings), plan)]


def press_hold_session(settings: ScanSettings, presses: Sequence[tuple[float, float]]
                       ) -> list[dict[str, Any]]:
    """Switch-1 presses (down, up) fed as they are (press-hold needs no reaction times)."""
    b = boards()
    edges = press_edges([(1, d, u) for d, u in presses])
    steps = replay(ScanEngine(Session(b), settings), edges, edges[-1].t + 1.0)
    return [header(settings), *as_records(steps)]


def write(path: Path, *sessions: Sequence[dict[str, Any]]) -> Path:
    with open(path, "a", encoding="utf-8") as f:
        for recs in sessions:
            for r in recs:
                f.write(json.dumps(r) + "\n")
    return path
