"""aac report: a self-contained page whose plots are present and whose numbers match the log
(computed here independently, straight from the records)."""

from __future__ import annotations

import random
import re
from pathlib import Path
from statistics import mean

from synthetic_logs import child_plan, session, write

from aac.cli import main
from aac.core.scan_settings import ScanSettings


def independent_rts(recs: list[dict]) -> list[float]:
    """down - the last highlight before it, for presses followed by a change at that time."""
    out, last_lit = [], None
    for i, r in enumerate(recs):
        if r["type"] == "highlight":
            last_lit = r["t"]
        if r["type"] == "switch" and r["down"] and last_lit is not None:
            changed = any(o["t"] == r["t"] and o["type"] in ("select", "highlight")
                          for o in recs[i + 1:i + 4])
            if changed:
                out.append(r["t"] - last_lit)
    return out


def test_report_has_its_plots_and_the_logs_numbers(tmp_path: Path) -> None:
    settings = ScanSettings(interval_ms=1200, escape=True)
    # slow enough that no press is late: every RT is simply down - highlight
    s1 = session(settings, child_plan(random.Random(1), 30, rt=0.6, sd=0.1),
                 wall="2026-11-03T09:00:00+0000")
    s2 = session(settings, child_plan(random.Random(2), 20, rt=0.7, sd=0.1),
                 wall="2026-11-04T09:00:00+0000")
    log = write(tmp_path / "usage.jsonl", s1, s2)
    out = tmp_path / "report.html"
    assert main(["report", str(log), "--out", str(out)]) == 0
    html = out.read_text()
    assert "<script" not in html and "http" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")  # self-contained
    plots = re.findall(r'<svg class="plot" data-plot="(\w+)"', html)
    assert plots == ["rate", "reaction", "durations", "cells"]
    rts = independent_rts(s1) + independent_rts(s2)
    assert (f'mean reaction time</td><td class="">{mean(rts) * 1000:.0f} ms</td>'
            in html)
    # the reaction-time histogram's bars hold every press that chose something
    reaction = re.search(r'data-plot="reaction".*?</svg>', html, re.S).group(0)
    counts = [int(c) for c in re.findall(r"<title>[-\d.]+-[-\d.]+: (\d+)</title>", reaction)]
    assert sum(counts) == len(rts)
    for recs in (s1, s2):  # per-session selections in the sessions table
        n = sum(1 for r in recs if r["type"] == "select")
        assert re.search(rf'<td class="l">{recs[0]["wall"][:10]} 09:00</td><td class="">'
                         rf'[\d.]+</td><td class="">{n}</td>', html)
    assert re.search(r'<td class="l">interval_ms</td><td class="">1200', html)
    assert re.search(r'<td class="l">interval_ms</td><td class="">9\d\d|<td class="l">'
                     r"interval_ms</td><td class=\"\">1000", html)  # the suggestion


def test_report_on_a_missing_log_is_one_clear_line(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path / "nope.jsonl")]) == 1
    assert capsys.readouterr().err.strip() == (
        f"aac report: {tmp_path / 'nope.jsonl'}: no such log file")
