"""``aac lint PATH... [--settings FILE] [--json]``: check board sets and settings files.

Needs no display and never prints a traceback for a bad file: every problem is a line
``file:line:col: severity: message``. Exit 1 when any error was found, else 0 (warnings —
a board with no way back, ``interval_ms: 50`` — do not change the exit code).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, TextIO

HELP = "check board files and print what the loader understood"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="a board set folder or a single board .yaml file")
    p.add_argument("--settings", action="append", default=[], metavar="FILE",
                   help="also check a child's settings file (as `aac run --settings`); "
                        "repeat for several")
    p.add_argument("--scan-cost", action="store_true",
                   help="list the slowest home-board words to reach with --settings' scanning")
    p.add_argument("--json", action="store_true",
                   help='print {"ok", "problems", "boards"} as JSON instead of lines')


def main(args: argparse.Namespace) -> int:
    if not args.paths and not args.settings:
        print("aac lint: give a board set (PATH) or --settings FILE", file=sys.stderr)
        return 2
    words = None
    if getattr(args, "scan_cost", False) and args.paths:
        from ._scan_cost import slowest_words

        words, why = slowest_words(args.paths[0], args.settings[0] if args.settings else None)
        if why:
            print(why, file=sys.stderr)
            return 2
    out = sys.stdout
    # A terminal in a non-UTF-8 locale cannot show "⌫": JSON then escapes it (\u232b, the
    # same data); the human lines show it as an escape rather than crash.
    utf8 = (getattr(out, "encoding", None) or "").lower().replace("-", "") == "utf8"
    groups = lint_groups(args.paths, args.settings)
    if args.json:
        report = merge_groups(groups)
        if words is not None:
            report = {**report, "scan_cost": words}
        out.write(json.dumps(report, ensure_ascii=not utf8, indent=2) + "\n")
        return 0 if report["ok"] else 1
    if not utf8 and hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")
    from aac.i18n import set_language

    for group in groups:
        set_language(group.language)  # the set's own language, else the locale rule
        print_human(group.report, out, group.settings, group.label)
    set_language(None)
    if words is not None:
        from ._scan_cost import print_slowest

        print_slowest(words, out)
    return 0 if all(g.report["ok"] for g in groups) else 1


@dataclass(frozen=True)
class LintGroup:
    """One summary line: a set of a sets root (``label`` its folder), or the other paths
    together with the settings files (``label`` None, the output as before sets roots)."""

    report: dict[str, Any]
    label: Optional[str] = None
    #: the messages' language: a single set's declared one; None (a sets root, several
    #: paths) follows the locale rule
    language: Optional[str] = None
    key_prefix: str = ""  # board ids in the merged --json: "" or "<tag>/"
    settings: int = 0


def lint_groups(paths: Sequence[str], settings: Sequence[str] = ()) -> list[LintGroup]:
    """A sets root (``boards/``) is linted set by set; every other path as before."""
    from aac.language import DEFAULT, declared_language, is_sets_root, language_sets

    groups: list[LintGroup] = []
    plain = [p for p in paths if not is_sets_root(Path(p))]
    if plain or settings:
        groups.append(LintGroup(lint(plain, settings), None, declared_language(plain),
                                settings=len(settings)))
    for root in (p for p in paths if is_sets_root(Path(p))):
        sets = language_sets(Path(root))
        first = DEFAULT if DEFAULT in sets else next(iter(sets))
        for tag in sets:  # in the locale's language: one language for the whole output
            shown = os.path.join(root, tag)  # as the teacher typed the root
            groups.append(LintGroup(lint([shown]), shown, None,
                                    "" if tag == first else f"{tag}/"))
    return groups


def merge_groups(groups: Sequence[LintGroup]) -> dict[str, Any]:
    """The ``--json`` document: one object of the single-set shape for everything. For a
    sets root, ``problems`` holds every set's (each names its file), ``boards`` the English
    set's boards by id and every other set's as ``"<tag>/<id>"``."""
    if len(groups) == 1 and not groups[0].key_prefix:
        return groups[0].report
    boards: dict[str, Any] = {}
    for g in groups:
        boards.update({g.key_prefix + k: v for k, v in g.report["boards"].items()})
    return {"ok": all(g.report["ok"] for g in groups),
            "problems": [p for g in groups for p in g.report["problems"]], "boards": boards}


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


def print_human(report: dict[str, Any], out: TextIO, settings: int = 0,
                label: Optional[str] = None) -> None:
    """The problems and the summary line, in the carer's language (English as written)."""
    from aac.carer_texts import localise_problem
    from aac.i18n import _

    for p in report["problems"]:
        out.write(f"{p['file']}:{p['line']}:{p['col']}: {_(p['severity'])}: "
                  f"{localise_problem(p['message'])}\n")
    errors = sum(p["severity"] == "error" for p in report["problems"])
    warnings = len(report["problems"]) - errors
    checked = _count(len(report["boards"]), "{n} board", "{n} boards")
    if settings:
        checked += ", " + _count(settings, "{n} settings file", "{n} settings files")
    summary = _("{checked}: {errors}, {warnings}").format(
        checked=checked, errors=_count(errors, "{n} error", "{n} errors"),
        warnings=_count(warnings, "{n} warning", "{n} warnings"))
    where = f"{label}: " if label else ""
    out.write(f"{_('ok') if report['ok'] else _('failed')}: {where}{summary}\n")


def _count(n: int, one: str, many: str) -> str:
    """"1 board" / "7 boards"; translations use a form right for every number ("табли: 7")."""
    from aac.i18n import _

    return _(one if n == 1 else many).format(n=n)
