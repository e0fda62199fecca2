"""``aac tune LOG... [--json] [--apply PROFILE]``: settings suggested by the evidence."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "suggest scan and switch settings from usage logs (the .65 rule and more)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Suggest interval_ms (.65 rule), first_item_factor, acceptance_ms, "
                     "debounce_ms and hold_ms from the presses in usage logs, each with its "
                     "evidence and the number of presses it rests on. See docs/therapy.md.")
    p.add_argument("logs", nargs="+", metavar="LOG", help="usage log file or folder")
    p.add_argument("--json", action="store_true",
                   help='print {"suggestions": {KEY: {"value", "reason", "samples"}}}')
    p.add_argument("--apply", metavar="PROFILE",
                   help="write the suggested values into this profile (a name from aac "
                        "profile list, or a file), keeping a backup")


def main(args: argparse.Namespace) -> int:
    from ..errors import BadSettings
    from ..profiles import resolve_profile
    from ..therapy.apply import apply_values
    from ..therapy.tune import as_json, suggest
    from ._logs import load

    loaded = load(args.logs, "aac tune")
    if loaded is None:
        return 1
    _, stats, _ = loaded
    suggestions = suggest(stats)
    if args.json:
        print(json.dumps(as_json(suggestions), ensure_ascii=False))
    elif not suggestions:
        print("aac tune: not enough presses for a suggestion")
    else:
        for key, s in suggestions.items():
            print(f"{key}: {s.value:g}  ({s.samples} presses) {s.reason}")
    changes = {k: s.value for k, s in suggestions.items() if not s.keep}
    if args.apply and not changes:
        print("aac tune: nothing to change in the profile", file=sys.stderr)
    elif args.apply:
        try:
            path = resolve_profile(args.apply)
            backup = apply_values(path, changes)
        except (BadSettings, OSError) as exc:
            print(f"aac tune: {exc}", file=sys.stderr)
            return 1
        print(f"aac tune: wrote {path} (backup: {backup})", file=sys.stderr)
    return 0
