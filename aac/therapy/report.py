"""``aac report``'s page: one self-contained HTML file a therapist can print or mail.

Plots are inline SVG (:mod:`aac.therapy.svgplot`); every number comes from
:mod:`aac.therapy.analysis`, the same figures ``aac tune`` uses, so page and tuner agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from html import escape
from statistics import mean, median
from typing import Any

from .analysis import SessionStats
from .svgplot import bars, histogram
from .tune import Suggestion

CSS = """
body { font-family: 'DejaVu Sans', sans-serif; margin: 24px; color: #222; max-width: 1000px }
h1 { font-size: 22px } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ccc }
table { border-collapse: collapse; font-size: 12px; margin: 8px 0 }
td, th { border: 1px solid #ccc; padding: 3px 7px; text-align: right }
th { background: #eee } td.l, th.l { text-align: left }
.plots svg { margin: 6px 0; border: 1px solid #eee }
.note { color: #555; font-size: 12px }
@media print { h2 { page-break-after: avoid } svg { page-break-inside: avoid } }
"""


def _ms(seconds: Sequence[float]) -> str:
    return f"{mean(seconds) * 1000:.0f}" if seconds else "–"


def summary_rows(stats: Sequence[SessionStats]) -> list[dict[str, Any]]:
    """One row per session: the figures the page's table shows (tests read these too)."""
    rows = []
    for s in stats:
        rows.append({
            "session": s.wall[:16].replace("T", " ") or s.source,
            "minutes": round(s.minutes, 1),
            "selections": len(s.selections),
            "sel_per_min": round(s.selections_per_min, 2),
            "words_per_min": round(s.words_per_min, 2),
            "presses": len(s.presses),
            "mean_rt_ms": _ms(s.rts()),
            "late": len(s.late),
            "missed_passes": s.missed_passes,
            "timeouts": s.timeouts,
            "bounces": s.bounces,
            "double_presses": len(s.double_gaps),
            "undos": s.undos,
        })
    return rows


def _table(rows: Sequence[Mapping[str, Any]], headers: Mapping[str, str]) -> str:
    head = "".join(f'<th class="{"l" if i == 0 else ""}">{escape(h)}</th>'
                   for i, h in enumerate(headers.values()))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"l" if i == 0 else ""}">{escape(str(r[k]))}</td>'
                         for i, k in enumerate(headers)) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _settings(stats: Sequence[SessionStats]) -> str:
    keys: list[str] = []
    for s in stats:
        keys += [k for k in s.settings if k not in keys]
    if not keys:
        return '<p class="note">The log has no scan settings (touch only).</p>'
    last = stats[-1].settings
    changed = {k for k in keys if len({repr(s.settings.get(k)) for s in stats}) > 1}
    rows = [{"key": k, "value": last.get(k, "–"),
             "note": "changed during these sessions" if k in changed else ""} for k in keys]
    return _table(rows, {"key": "setting", "value": "in force (last session)", "note": ""})


def render(stats: Sequence[SessionStats], suggestions: Mapping[str, Suggestion],
           title: str = "Switch use report", files: Sequence[str] = ()) -> str:
    rows = summary_rows(stats)
    rts = [rt * 1000 for s in stats for rt in s.rts()]
    first = [rt * 1000 for s in stats for rt in s.rts(first_item=True)]
    durations = [p.duration * 1000 for s in stats for p in s.presses if p.duration is not None]
    last = stats[-1].settings if stats else {}
    interval = float(last.get("interval_ms", 1000.0) or 1000.0)
    accept = float(last.get("acceptance_ms", 0.0) or 0.0)
    per_cell: dict[str, list[float]] = defaultdict(list)
    for s in stats:
        for label, secs in s.time_to_select:
            per_cell[label].append(secs)
    cells = sorted(per_cell, key=lambda c: (-len(per_cell[c]), c))[:15]
    labels = [r["session"][5:10] or str(i + 1) for i, r in enumerate(rows)]  # MM-DD
    plots = [
        bars("rate", "Selections and words per minute, per session", labels,
             {"selections/min": [r["sel_per_min"] for r in rows],
              "words/min": [r["words_per_min"] for r in rows]}, "per minute", "session"),
        histogram("reaction", "Reaction time (press − start of the item's highlight)", rts,
                  0, max(2 * interval, max(rts, default=0) + 100), 24, "ms",
                  {f"interval {interval:g} ms": interval,
                   f"mean {mean(rts):.0f} ms" if rts else "mean –":
                       mean(rts) if rts else 0.0}),
        histogram("durations", "How long presses were held", durations, 0,
                  max(1000.0, max(durations, default=0) + 50), 25, "ms",
                  {f"acceptance {accept:g} ms": accept} if accept else {}),
        bars("cells", "Mean time to select, per cell (most used)", cells,
             {"seconds": [mean(per_cell[c]) for c in cells]}, "s", "cell"),
    ]
    late = sum(r["late"] for r in rows)
    total = [("sessions", len(stats)), ("selections", sum(r["selections"] for r in rows)),
             ("presses", sum(r["presses"] for r in rows)),
             ("mean reaction time", f"{mean(rts):.0f} ms" if rts else "–"),
             ("median reaction time", f"{median(rts):.0f} ms" if rts else "–"),
             ("first items: mean reaction time", f"{mean(first):.0f} ms" if first else "–"),
             ("late presses (first part of the next item)", late),
             ("first-item misses", sum(s.first_item_misses for s in stats)),
             ("missed passes", sum(r["missed_passes"] for r in rows)),
             ("timeouts (scan stopped)", sum(r["timeouts"] for r in rows)),
             ("contact bounces", sum(r["bounces"] for r in rows)),
             ("double presses", sum(r["double_presses"] for r in rows)),
             ("undo/clear right after a selection", sum(r["undos"] for r in rows))]
    sugg = [{"key": k, "value": f"{v.value:g}", "samples": v.samples, "reason": v.reason}
            for k, v in suggestions.items()]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">{len(stats)} session(s) from {escape(", ".join(files))}. Reaction '
        "time = when a press counted − when the item it chose lit up; a press in the first "
        "part of the next item counts as late, for the item before.</p>",
        "<h2>Summary</h2>", _table([{"what": a, "value": b} for a, b in total],
                                   {"what": "", "value": ""}),
        '<h2>Plots</h2><div class="plots">', *plots, "</div>",
        "<h2>Sessions</h2>", _table(rows, {
            "session": "session", "minutes": "min", "selections": "selections",
            "sel_per_min": "sel/min", "words_per_min": "words/min", "presses": "presses",
            "mean_rt_ms": "mean RT ms", "late": "late", "missed_passes": "missed passes",
            "timeouts": "timeouts", "bounces": "bounces", "double_presses": "double",
            "undos": "undos"}),
        "<h2>Time to select, per cell</h2>", _table(
            [{"cell": c, "n": len(per_cell[c]), "mean": f"{mean(per_cell[c]):.1f}"}
             for c in sorted(per_cell, key=lambda c: (-len(per_cell[c]), c))],
            {"cell": "cell", "n": "times chosen", "mean": "mean seconds"}),
        "<h2>Settings in force</h2>", _settings(stats),
        "<h2>Suggested settings (aac tune)</h2>",
        _table(sugg, {"key": "setting", "value": "suggested", "samples": "presses",
                      "reason": "why"}) if sugg else '<p class="note">Not enough presses.</p>',
        "</body></html>",
    ]
    return "\n".join(parts)
