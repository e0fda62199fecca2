"""``aac export DIR -o FILE.obz`` (or ``-o FILE.obf`` for one board): a board set in the
Open Board Format, so the child's boards open in CoughDrop, Cboard or AsTeRICS Grid."""

from __future__ import annotations

import argparse
import sys

HELP = "export a board set as an Open Board Format package (.obz) or board (.obf)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("boards", metavar="DIR", help="a board set folder (or one board file)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="FILE.obz for the whole set, FILE.obf for a single board")


def main(args: argparse.Namespace) -> int:
    from ..boards.loader import load_board_set
    from ..obf.errors import ObfError
    from ..obf.writer import export_set

    if not args.output.lower().endswith((".obz", ".obf")):
        print(f"aac export: {args.output}: give a file ending in .obz (a whole set) or .obf "
              "(one board)", file=sys.stderr)
        return 2
    try:
        report = export_set(args.boards, args.output)
    except ObfError as exc:
        for problem in load_board_set(args.boards).errors:
            print(str(problem), file=sys.stderr)
        print(f"aac export: {exc}", file=sys.stderr)
        return 1
    for line in [str(p) for p in report.problems] + [str(w) for w in report.warnings]:
        print(line, file=sys.stderr)
    print(f"exported {report.boards} board{'s' if report.boards != 1 else ''}, "
          f"{report.pictures} pictures and {report.sounds} sounds to {report.file}")
    return 0
