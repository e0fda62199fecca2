"""``aac lint PATH... [--settings FILE] [--json]``: check board sets and settings files.

Needs no display and never prints a traceback for a bad file: every problem is a line
``file:line:col: severity: message``. Exit 1 when any error was found, else 0 (warnings —
a board with no way back, ``interval_ms: 50`` — do not change the exit code).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

HELP = "check board files and print what the loader understood"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="a board set folder or a single board .yaml file")
    p.add_argument("--settings", action="append", default=[], metavar="FILE",
                   help="also check a child's settings file (as `aac run --settings`); "
                        "repeat for several")
    p.add_argument("--json", action="store_true",
                   help='print {"ok", "problems", "boards"} as JSON instead of lines')


def main(args: argparse.Namespace) -> int:
    if not args.paths and not args.settings:
        print("aac lint: give a board set (PATH) or --settings FILE", file=sys.stderr)
        return 2
    report = lint(args.paths, args.settings)
    out = sys.stdout
    # A terminal in a non-UTF-8 locale cannot show "⌫": JSON then escapes it (\u232b, the
    # same data); the human lines show it as an escape rather than crash.
    utf8 = (getattr(out, "encoding", None) or "").lower().replace("-", "") == "utf8"
    if args.json:
        out.write(json.dumps(report, ensure_ascii=not utf8, indent=2) + "\n")
    else:
        if not utf8 and hasattr(out, "reconfigure"):
            out.reconfigure(errors="backslashreplace")
        print_human(report, out, len(args.settings))
    return 0 if report["ok"] else 1


def lint(paths: list[str], settings: Sequence[str] = ()) -> dict[str, Any]:
    """Load every PATH as a set; merge their boards (same id twice is reported); check each
    settings file (every error and implausible value, positioned)."""
    from aac.boards.loader import inspect_board_set
    from aac.boards.problems import Problem
    from aac.boards.traps import trap_warnings
    from aac.profile import check_profile

    problems: list[Problem] = []
    boards: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for path in paths:
        report = inspect_board_set(path)
        places = {bid: (pb.board, pb.file, *pb.rows_pos) for bid, pb in report.boards.items()
                  if pb.board is not None}
        traps = trap_warnings(places, report.home)
        problems.extend(sorted(report.result.problems + traps,
                               key=lambda p: (p.file, p.line, p.col)))
        for board_id, parsed in report.boards.items():
            if board_id in boards:
                line, col = parsed.id_pos
                problems.append(Problem(parsed.file, line, col, "warning",
                                        f'board "{board_id}" is also in {origin[board_id]}; '
                                        "showing that one"))
                continue
            if parsed.json is not None:
                boards[board_id] = parsed.json
                origin[board_id] = parsed.file
    for file in settings:
        problems.extend(check_profile(file)[1])
    ok = not any(p.severity == "error" for p in problems)
    return {"ok": ok, "problems": [p.to_json() for p in problems], "boards": boards}


def print_human(report: dict[str, Any], out: TextIO, settings: int = 0) -> None:
    for p in report["problems"]:
        out.write(f"{p['file']}:{p['line']}:{p['col']}: {p['severity']}: {p['message']}\n")
    errors = sum(p["severity"] == "error" for p in report["problems"])
    warnings = len(report["problems"]) - errors
    n = len(report["boards"])
    checked = f"{n} board{'s' if n != 1 else ''}"
    if settings:
        checked += f", {_count(settings, 'settings file')}"
    summary = f"{checked}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    out.write(("ok: " if report["ok"] else "failed: ") + summary + "\n")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
