"""``aac import FILE.obf|FILE.obz -o DIR``: boards from another AAC app as a YAML set.

Every normalisation is a warning naming the file inside the package and the button; a
package that cannot be read or could harm the machine is refused with nothing written.
"""

from __future__ import annotations

import argparse
import sys

HELP = "import an Open Board Format board (.obf) or package (.obz) as a board set"
#: warnings shown without --verbose (a big package can have a thousand "not downloaded")
SHOWN = 25


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="FILE", help="an .obf board or .obz package")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="the folder to create with one YAML file per board")
    p.add_argument("--replace", action="store_true",
                   help="replace DIR when it already holds files")
    p.add_argument("-v", "--verbose", action="store_true", help="list every warning")


def main(args: argparse.Namespace) -> int:
    from ..obf.errors import ObfError
    from ..obf.importer import import_file

    try:
        report = import_file(args.source, args.output, replace=args.replace)
    except ObfError as exc:
        print(f"aac import: {exc}", file=sys.stderr)
        return 1
    lines = [str(w) for w in report.warnings] + [str(p) for p in report.problems]
    shown = lines if args.verbose else lines[:SHOWN]
    for line in shown:
        print(line, file=sys.stderr)
    if len(lines) > len(shown):
        print(f"... and {len(lines) - len(shown)} more warnings (--verbose lists them all)",
              file=sys.stderr)
    print(f"imported {report.boards} board{'s' if report.boards != 1 else ''} into "
          f"{report.folder} (home: {report.home}); {len(lines)} warning"
          f"{'s' if len(lines) != 1 else ''}. Try: aac run {report.folder}")
    return 0
