"""``aac profile list|show NAME|new NAME|check FILE``: the children's profiles in
``$XDG_CONFIG_HOME/aac/profiles`` (default ``~/.config/aac/profiles``)."""

from __future__ import annotations

import argparse
import sys

HELP = "list, show, create and check child profiles"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser("list", help="the profiles in the config folder")
    show = sub.add_parser("show", help="print a profile file")
    show.add_argument("name", metavar="NAME")
    new = sub.add_parser("new", help="create a profile from the template")
    new.add_argument("name", metavar="NAME")
    check = sub.add_parser("check", help="check a profile file (or name); exit 1 on errors")
    check.add_argument("file", metavar="FILE")


def main(args: argparse.Namespace) -> int:
    from ..errors import BadSettings
    from ..profile import check_profile
    from ..profiles import list_profiles, new_profile, profiles_dir, resolve_profile

    try:
        if args.action == "list":
            names = list_profiles()
            for name in names:
                print(name)
            if not names:
                print(f"aac profile: no profiles in {profiles_dir()} (aac profile new NAME)",
                      file=sys.stderr)
            return 0
        if args.action == "new":
            path = new_profile(args.name)
            print(path)
            return 0
        if args.action == "show":
            path = resolve_profile(args.name)
            sys.stdout.write(path.read_text(encoding="utf-8"))
            return 0
        path = resolve_profile(args.file)
    except (BadSettings, OSError) as exc:
        print(f"aac profile: {exc}", file=sys.stderr)
        return 1
    profile, problems = check_profile(str(path))
    for problem in problems:
        print(problem)
    if profile is None:
        return 1
    print(f"{path}: ok" + (" (logging on)" if profile.logging else ""))
    return 0
