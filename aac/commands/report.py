"""``aac report LOG... [--out report.html]``: a page a therapist can print or mail."""

from __future__ import annotations

import argparse
import sys

HELP = "write an HTML report (plots, reaction times, rates) from usage logs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Read usage logs (one session or a month; rotated files are read too) "
                     "and write one self-contained HTML page: selections and words per "
                     "minute, reaction times, late presses, missed passes, timeouts, press "
                     "durations, bounces, time per cell, the settings in force and aac "
                     "tune's suggestions. See docs/therapy.md.")
    p.add_argument("logs", nargs="+", metavar="LOG", help="usage log file or folder")
    p.add_argument("--out", metavar="FILE", default="report.html",
                   help="where to write the page (default: report.html)")
    p.add_argument("--title", default="Switch use report", help="the page's heading")


def main(args: argparse.Namespace) -> int:
    from ..therapy.report import render
    from ..therapy.tune import suggest
    from ._logs import load

    loaded = load(args.logs, "aac report")
    if loaded is None:
        return 1
    _, stats, files = loaded
    html = render(stats, suggest(stats), args.title, files)
    try:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(html)
    except OSError as exc:
        print(f"aac report: {args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"aac report: {len(stats)} session(s) -> {args.out}")
    return 0
