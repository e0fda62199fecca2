"""The ``aac`` command: one subcommand per module in ``aac.commands``.

Subcommands are imported only when used, so ``aac lint`` never loads pygame and starts fast.
Each module provides ``HELP``, ``add_arguments(parser)`` and ``main(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional

#: subcommand name -> module under aac.commands
COMMANDS: dict[str, str] = {
    "run": "run",
    "lint": "lint",
    "simulate": "simulate",
    "record": "record",
    "bench": "bench",
    "speak": "speak",
    "voices": "voices",
    "switch-test": "switch_test",
    "symbols": "symbols",
    "credits": "credits",
    "report": "report",
    "tune": "tune",
    "log": "log",
    "profile": "profile",
    "import": "import_",
    "export": "export",
    "preview": "preview",
    "kiosk": "kiosk",
}

_HELP: dict[str, str] = {
    "run": "start the communicator (default: the boards/ set)",
    "lint": "check board files and print what the loader understood",
    "simulate": "replay a press timeline through the scan engine on a virtual clock",
    "record": "record a voice for one cell from the microphone (sets its sound:)",
    "bench": "measure latency, drift, CPU and memory; prints JSON",
    "speak": "speak text with a voice profile, or write it to a WAV file",
    "voices": "list the voices this machine has and the voice profiles",
    "switch-test": "show switch presses, durations and bounces for tuning",
    "symbols": "search the symbol libraries, or render one symbol to a PNG",
    "credits": "show who made the symbols, the voice and the program, and their licences",
    "report": "write an HTML report (plots, reaction times, rates) from usage logs",
    "tune": "suggest scan and switch settings from usage logs",
    "log": "export usage logs (aac log export --obl LOG...)",
    "profile": "list, show, create and check child profiles",
    "import": "import an Open Board Format .obf/.obz as a board set",
    "export": "export a board set as Open Board Format (.obz, or .obf for one board)",
    "preview": "render every board to a PNG (scan-cost heat map), or a printable PDF book",
    "kiosk": "start the communicator at boot, full screen, and again after any crash",
}


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aac",
        description="A switch-accessible communicator: symbol boards, scanning, speech.",
        epilog="`aac COMMAND --help` shows each command's options.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, module in COMMANDS.items():
        p = sub.add_parser(name, help=_HELP[name])
        if name == wanted:  # only the chosen one is imported
            mod = importlib.import_module(f"aac.commands.{module}")
            mod.add_arguments(p)
            p.set_defaults(_module=mod)
    return parser


def _version() -> str:
    from . import __version__

    return f"aac {__version__}"


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .dataclass_code import install

    # before the command imports its dataclasses; one cache per command (aac.dataclass_code)
    command = next((a for a in argv if not a.startswith("-")), "aac")
    install(command if command in COMMANDS else "aac")
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.main(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
