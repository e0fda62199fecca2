"""``aac log export --obl LOG... [--out FILE]``: share a child's selections with other AAC
tools in the Open Board Logging format (only the selections, nothing else)."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "export usage logs (aac log export --obl LOG...)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = sub.add_parser("export", help="write the logs in another format")
    e.add_argument("logs", nargs="+", metavar="LOG", help="usage log file or folder")
    e.add_argument("--obl", action="store_true", required=True,
                   help="Open Board Logging (open-board-log-0.1)")
    e.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    e.add_argument("--locale", default="en", help="the boards' language (default: en)")


def main(args: argparse.Namespace) -> int:
    from ..therapy.obl import export
    from ._logs import load

    loaded = load(args.logs, "aac log export")
    if loaded is None:
        return 1
    text = json.dumps(export(loaded[0], args.locale), ensure_ascii=False, indent=1)
    if not args.out:
        print(text)
        return 0
    try:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    except OSError as exc:
        print(f"aac log export: {args.out}: cannot write: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    return 0
