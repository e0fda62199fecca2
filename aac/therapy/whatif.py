"""What-if replay: a recorded session's reaction times under other settings.

Each press that chose an item becomes "press ``rt`` after the item at this place in the
pass lights up, hold as long as then" (:class:`aac.therapy.child.Planned`), replayed with
the new settings through the real engine. Late presses count from the item meant, so a
longer interval shows them landing in time. A press too slow for the new item time lands
on the next item, as it would with the child: it is counted as ``off_target``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.scan import ScanEngine
from ..core.scan_settings import ScanSettings
from ..core.session import Session
from .analysis import SessionStats, analyse
from .child import Planned, drive


@dataclass(frozen=True)
class Outcome:
    selections: int
    seconds: float  # from the first highlight to the last selection
    off_target: int = 0  # presses that chose another item than recorded

    @property
    def per_selection(self) -> float:
        return self.seconds / self.selections if self.selections else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"selections": self.selections, "seconds": round(self.seconds, 3),
                "seconds_per_selection": round(self.per_selection, 3),
                "off_target": self.off_target}


def outcome(stats: SessionStats) -> Outcome:
    sel = [float(r["t"]) for r in stats.selections]
    begin = stats.first_lit if stats.first_lit is not None else stats.start
    return Outcome(len(sel), (sel[-1] - begin) if sel else 0.0)


def plan_of(stats: SessionStats) -> list[Planned]:
    accept = float(stats.settings.get("acceptance_ms", 0.0) or 0.0) / 1000.0
    return [Planned(c.target.pos, max(0.0, c.target_rt - accept),
                    c.press.duration if c.press.duration is not None else 0.15)
            for c in stats.choices]


def what_if(boards: Any, settings: ScanSettings, stats: SessionStats) -> Outcome:
    """The session's choices replayed with ``settings`` on ``boards``."""
    plan = plan_of(stats)
    records = drive(lambda: ScanEngine(Session(boards), settings), plan)
    header = {"t": 0.0, "type": "session", "settings": settings.to_mapping()}
    new = analyse(header, records)
    off = sum(1 for p, c in zip(plan, new.choices) if c.lit.pos != p.pos)
    sel = [float(r["t"]) for r in new.selections]
    return Outcome(len(sel), sel[-1] if sel else 0.0, off)


def compare(boards: Any, settings: ScanSettings, sessions: Sequence[SessionStats]
            ) -> list[tuple[Outcome, Outcome]]:
    """(recorded, what-if) per session that has scanning presses."""
    return [(outcome(s), what_if(boards, settings, s)) for s in sessions if s.choices]
