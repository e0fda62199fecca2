"""``aac run [BOARDS]``: start the communicator on a board set.

The command line (and the ``--settings`` profile) becomes one frozen ``RunConfig``
(``aac.run_config``); ``aac.app.start`` picks the front end, starts speech and the loop.
A board set with errors still starts with every board that loads (``aac.app``).
"""

from __future__ import annotations

import argparse
import os
import sys

from ._args import positive_seconds

HELP = "start the communicator (default: the boards/ set)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("boards", nargs="?", metavar="BOARDS",
                   help="board folder or file, or an .obz/.obf package (default: the "
                        "boards/ set)")
    p.add_argument("--window", metavar="WxH", type=window_size,
                   help="a window of this size instead of full screen, e.g. 800x480")
    p.add_argument("--theme", metavar="NAME",
                   help="default, high-contrast, dark or large-text (instead of the profile's)")
    p.add_argument("--screenshot", metavar="FILE", help="write the first full frame as PNG")
    p.add_argument("--exit-after", metavar="SECONDS", type=positive_seconds,
                   help="quit cleanly after this many seconds (previews, smoke tests)")
    p.add_argument("--terminal", action="store_true",
                   help="use the text front end even when there is a display")
    p.add_argument("--scan", action="store_true", help="switch scanning instead of touch")
    p.add_argument("--settings", metavar="FILE",
                   help="the child's settings (YAML); implies --scan unless only touch settings")
    p.add_argument("--profile", metavar="NAME",
                   help="the child's profile from ~/.config/aac/profiles (aac profile list)")
    p.add_argument("--voice", metavar="NAME", help="voice profile name or file")
    p.add_argument("--language", metavar="TAG", help="run boards/TAG, e.g. sr, sr-Latn, mn "
                   "(default: the profile's, else the system locale, else en)")
    p.add_argument("--input", action="append", dest="inputs", metavar="SPEC",
                   help="switch input, repeatable: keyboard, touch, mouse, joystick[:N], "
                        "serial:PORT?profile=NAME, serial:auto?vid=2341&pid=0043, gpio:PIN[,PIN] "
                        "(default: keyboard and touch; a switch input implies --scan)")
    p.add_argument("--log", metavar="FILE",
                   help="append a usage log for therapists (JSON Lines, docs/usage-log.md)")


def window_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT like 800x480, got {text!r}") from None
    if w < 160 or h < 120:
        raise argparse.ArgumentTypeError(f"window {text} is too small (at least 160x120)")
    return (w, h)


def main(args: argparse.Namespace) -> int:
    """Build the run configuration once, then start (``aac.app``)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # key names import pygame
    from ..start_gc import hold, release

    hold()  # no collections before the first frame (aac.start_gc; released there)
    try:
        return _start(args)
    finally:
        release()


def _start(args: argparse.Namespace) -> int:
    from ..pygame_import import import_pygame

    import_pygame()  # without pkg_resources: a faster start (aac.pygame_import)
    from ..app import start
    from ..run_config import RunConfigError, build_run_config

    try:
        config = build_run_config(
            boards=args.boards, window=args.window, screenshot=args.screenshot,
            exit_after=args.exit_after, terminal=args.terminal, scan=args.scan,
            settings=args.settings, voice=args.voice, inputs=args.inputs, log=args.log,
            language=args.language, profile=args.profile, theme_name=args.theme)
    except RunConfigError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    return start(config)
