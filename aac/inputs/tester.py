"""What ``aac switch-test`` reports: raw edges through the user's switch filter, as presses.

Kept apart from the command so it runs on exact, made-up timestamps in tests. It uses the
same ``aac.core.switch.SwitchFilter`` as scanning, so the durations, bounces and ignored
presses a therapist sees here are exactly what the scan engine will do with these settings.

Times in the output are seconds since the tester started (``start``), rounded to the ms.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any, Callable, Optional

from ..core.events import Status, SwitchEvent
from ..core.switch import FilterSettings, SwitchAction, SwitchFilter
from .diagnostics import RawBytes

RAW_KEEP = 256  # chunks of raw bytes remembered per source (enough for any one press)


def escape(data: bytes) -> str:
    """Bytes as a technician reads them: ``D1\\nU1\\n``, ``\\x03``."""
    return repr(bytes(data))[2:-1]


class SwitchTester:
    """Feed it events; it calls ``emit`` with one record per finished press or status."""

    def __init__(
        self,
        settings_for: Callable[[int], FilterSettings],
        emit: Callable[[dict[str, Any]], None],
        start: float,
        press_only: Iterable[str] = (),
    ) -> None:
        self._settings_for = settings_for
        self._emit = emit
        self.start = start
        self.press_only = set(press_only)  # sources that never report a release (terminal)
        self._filters: dict[tuple[str, int], SwitchFilter] = {}
        self._raw: dict[str, deque[tuple[float, bytes]]] = {}
        self.garbage: dict[str, int] = {}
        self.records: list[dict[str, Any]] = []

    # -- input ----------------------------------------------------------------------------------
    def feed(self, event: object) -> None:
        if isinstance(event, SwitchEvent):
            f = self._filter(event.source, event.switch)
            self._take(event.source, f.feed(event))
        elif isinstance(event, RawBytes):
            self._raw.setdefault(event.source, deque(maxlen=RAW_KEEP)).append(
                (event.t, event.data)
            )
            self.garbage[event.source] = event.garbage_bytes
        elif isinstance(event, Status):
            self.advance(event.t)  # presses that ended before it are printed first
            if event.text.startswith("switch disconnected: "):
                self._close_source(event.text)
            self._out({"status": event.text, "t": self._rel(event.t)})

    def advance(self, now: float) -> None:
        """Let filters confirm releases whose bounce window has passed by ``now``."""
        for (source, _), f in list(self._filters.items()):
            self._take(source, f.advance(now))

    def _close_source(self, text: str) -> None:
        """The box is gone: nothing more can bounce, so its last press (released by the
        unplug) is finished now and shown before the "disconnected" line."""
        name = text[len("switch disconnected: "):].split(" (", 1)[0]
        for key in [k for k in self._filters if k[0] == name]:
            self._take(key[0], self._filters.pop(key).advance(float("inf")))

    def next_deadline(self) -> Optional[float]:
        deadlines = [d for f in self._filters.values() if (d := f.next_deadline()) is not None]
        return min(deadlines, default=None)

    def _filter(self, source: str, switch: int) -> SwitchFilter:
        key = (source, switch)
        if key not in self._filters:
            self._filters[key] = SwitchFilter(self._settings_for(switch), switch)
        return self._filters[key]

    # -- output ---------------------------------------------------------------------------------
    def _take(self, source: str, actions: list[SwitchAction]) -> None:
        for action in actions:
            if action.kind in ("release", "ignored"):
                self._out(self._record(source, action))

    def _record(self, source: str, a: SwitchAction) -> dict[str, Any]:
        up = a.up if a.up is not None else a.t
        press_only = source in self.press_only
        rec: dict[str, Any] = {
            "switch": a.switch,
            "down": self._rel(a.down),
            "up": None if press_only else self._rel(up),
            "duration_ms": None if press_only else _ms(up - a.down),
            "source": source,
            "since_previous_ms": None if a.since_previous is None else _ms(a.since_previous),
            "bounces": a.bounces,
            "accepted": a.accepted,
        }
        if a.kind == "ignored":
            rec["ignored"] = a.reason
        if a.held:
            rec["held"] = True
        if source in self._raw:
            chunks = [d for t, d in self._raw[source] if a.down - 1e-9 <= t <= up + 1e-9]
            rec["raw"] = escape(b"".join(chunks))
        return rec

    def _out(self, record: dict[str, Any]) -> None:
        if "switch" in record:
            self.records.append(record)
        self._emit(record)

    def _rel(self, t: float) -> float:
        return round(t - self.start, 3)

    def summary(self, elapsed: float) -> dict[str, Any]:
        per: dict[str, dict[str, Any]] = {}
        for rec in self.records:
            s = per.setdefault(str(rec["switch"]), {"presses": 0, "ignored": 0, "bounces": 0,
                                                     "_d": []})
            if "ignored" in rec:
                s["ignored"] += 1
            else:
                s["presses"] += 1
                if rec["duration_ms"] is not None:
                    s["_d"].append(rec["duration_ms"])
            s["bounces"] += rec["bounces"]
        for s in per.values():
            d = s.pop("_d")
            s["mean_duration_ms"] = round(sum(d) / len(d), 1) if d else None
            s["min_duration_ms"] = min(d) if d else None
            s["max_duration_ms"] = max(d) if d else None
        return {
            "summary": {
                "presses": sum(s["presses"] for s in per.values()),
                "ignored": sum(s["ignored"] for s in per.values()),
                "bounces": sum(s["bounces"] for s in per.values()),
                "switches": dict(sorted(per.items(), key=lambda kv: int(kv[0]))),
                "garbage_bytes": dict(self.garbage),
                "seconds": round(elapsed, 3),
            }
        }


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 1)


def human_line(rec: dict[str, Any]) -> str:
    """One line per press (or status) for the therapist watching the screen."""
    if "status" in rec:
        return f"{rec['t']:9.3f}s  ** {rec['status']}"
    parts = [f"{rec['down']:9.3f}s  switch {rec['switch']}  ({rec['source']})"]
    if rec["duration_ms"] is not None:
        parts.append(f"held {rec['duration_ms']:.0f} ms")
    if rec["since_previous_ms"] is not None:
        parts.append(f"since previous {rec['since_previous_ms']:.0f} ms")
    parts.append(f"bounces filtered {rec['bounces']}")
    if "ignored" in rec:
        parts.append(f"IGNORED ({rec['ignored']})")
    elif rec.get("held"):
        parts.append("HOLD")
    if "raw" in rec:
        parts.append(f"raw {rec['raw']}")
    return "  ".join(parts)


def human_summary(summary: dict[str, Any]) -> list[str]:
    s = summary["summary"]
    lines = [f"{_n(s['presses'], 'press', 'presses')}, {s['ignored']} ignored, "
             f"{_n(s['bounces'], 'bounce', 'bounces')} filtered in {s['seconds']:.1f} s"]
    for switch, v in s["switches"].items():
        dur = ("" if v["mean_duration_ms"] is None else
               f"; held mean {v['mean_duration_ms']:.0f} ms, min {v['min_duration_ms']:.0f}, "
               f"max {v['max_duration_ms']:.0f}")
        lines.append(f"  switch {switch}: {_n(v['presses'], 'press', 'presses')}, "
                     f"{v['ignored']} ignored, {_n(v['bounces'], 'bounce', 'bounces')}{dur}")
    for source, n in s["garbage_bytes"].items():
        lines.append(f"  {source}: {n} garbage bytes dropped")
    return lines


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
