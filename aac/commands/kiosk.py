"""``aac kiosk install|status|uninstall|unit``: start the communicator at boot, full screen,
restarted within a second of any crash (``aac.kiosk``; docs/kiosk.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "set the device up to start the communicator at boot and after any crash"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action, text in (("install", "write and enable the service and autostart entries"),
                         ("status", "show what is installed"),
                         ("uninstall", "remove what install wrote"),
                         ("unit", "print the systemd unit install would write")):
        ap = sub.add_parser(action, help=text)
        if action in ("install", "unit"):
            ap.add_argument("--profile", metavar="NAME", help="the child's profile to run")
        if action != "unit":
            ap.add_argument("--user", metavar="USER",
                            help="whose desktop session (default: the sudo user, else you)")
            ap.add_argument("--root", metavar="DIR", type=Path, help=argparse.SUPPRESS)


def main(args: argparse.Namespace) -> int:
    from ..kiosk import KioskError, install, status, target_for, uninstall, unit_text

    if args.action == "unit":
        sys.stdout.write(unit_text(args.profile))
        return 0
    try:
        target = target_for(args.user, args.root)
        if args.action == "install":
            profile = args.profile
            if profile:  # checked where the unit's `aac run` (as the user) will look
                from ..kiosk_profile import unit_profile

                profile = unit_profile(target, profile)
            lines = install(target, profile)
        elif args.action == "uninstall":
            lines = uninstall(target)
        else:
            lines = status(target)
    except (KioskError, OSError) as exc:
        print(f"aac kiosk: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0
