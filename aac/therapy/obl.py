"""Export usage logs as Open Board Logging (``.obl``, format ``open-board-log-0.1``), the
log format of the Open Board Format family, so other AAC tools can read a child's use.

Only the child's own selections go out: a ``button`` event per selected cell (label, board,
button id ``board:row:col``, ``spoken``), an ``action`` for board changes (``:open_board``
with ``destination_board_id``) and for a message shortened or cleared (``:backspace``,
``:clear``), an ``utterance`` when the whole message is spoken. No switch edges, no
highlights. Timestamps are UTC ISO 8601, from the session line's ``wall`` time plus ``t``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from .logread import LogSession

FORMAT = "open-board-log-0.1"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _origin(session: LogSession) -> datetime:
    try:
        return datetime.strptime(session.wall, "%Y-%m-%dT%H:%M:%S%z").astimezone(timezone.utc)
    except ValueError:
        return _EPOCH


def _stamp(origin: datetime, offset: float) -> str:
    return (origin + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def export(sessions: Sequence[LogSession], locale: str = "en") -> dict[str, Any]:
    """The ``.obl`` document for ``sessions``."""
    return {"format": FORMAT, "source": "aac", "locale": locale,
            "sessions": [_session(f"s{n + 1}", s) for n, s in enumerate(sessions)]}


def _session(sid: str, session: LogSession) -> dict[str, Any]:
    origin, start = _origin(session), session.start
    events: list[dict[str, Any]] = []
    labels_at: dict[float, str] = {}
    message = ""

    def add(rec: dict[str, Any], kind: str, **fields: Any) -> None:
        events.append({"id": f"{sid}:{len(events) + 1}", "type": kind,
                       "timestamp": _stamp(origin, float(rec["t"]) - start), **fields})

    for rec in session.records:
        kind, t = rec.get("type"), float(rec["t"])
        if kind == "select":
            labels_at[t] = str(rec.get("label", ""))
            add(rec, "button", label=rec.get("label", ""), board_id=rec.get("board", ""),
                button_id=f"{rec.get('board')}:{rec.get('row')}:{rec.get('col')}",
                spoken=False, ext_aac_source=rec.get("source", "scan"))
        elif kind == "speak":
            text = str(rec.get("text", ""))
            if labels_at.get(t) == text and events and events[-1]["type"] == "button":
                events[-1]["spoken"] = True
            else:
                add(rec, "utterance", text=text)
        elif kind == "navigate":
            add(rec, "action", action=":open_board", destination_board_id=rec.get("board", ""))
        elif kind == "message":
            text = str(rec.get("text", ""))
            if len(text) < len(message):
                add(rec, "action", action=":clear" if not text else ":backspace")
            message = text
    times = [float(r["t"]) for r in session.records] or [start]
    return {"id": sid, "type": "log", "started": _stamp(origin, 0.0),
            "ended": _stamp(origin, max(times) - start), "events": events}
