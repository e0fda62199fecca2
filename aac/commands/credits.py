"""``aac credits [--json]``: the symbol libraries, voice and program with licence and credit."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

HELP = "show who made the symbols, the voice and the program, and their licences"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help='print a list of {"what", "license", "attribution", "url", "part"}')


def main(args: argparse.Namespace) -> int:
    from aac.symbols.credits import CREDITS, credits_text

    if hasattr(sys.stdout, "reconfigure"):  # "©" on a non-UTF-8 terminal: an escape, no crash
        sys.stdout.reconfigure(errors="backslashreplace")
    if args.json:
        print(json.dumps([dataclasses.asdict(c) for c in CREDITS], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(credits_text())
    return 0
