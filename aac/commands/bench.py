"""``aac bench KIND``: run one measurement from ``aac.bench`` and print its figures."""

from __future__ import annotations

import argparse
import importlib

HELP = "measure latency, drift, CPU and memory"
KINDS = {
    "scan": "scan step lateness, drift and CPU against a naive sleep loop",
    "input": "serial byte -> event and press -> screen latency",
    "speech": "selection -> first audio sample, cached and uncached",
    "startup": "launch -> first frame and PSS memory of `aac run`",
    "boards": "load and check a board set (100 boards)",
    "symbols": "48-picture board: first frame cold/warm, board switch, PSS",
    "restart": "crash (SIGKILL) -> first frame of the restarted communicator",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, help_text in KINDS.items():
        kp = sub.add_parser(kind, help=help_text)
        kp.add_argument("--json", action="store_true", help="one JSON object per figure")
        kp.set_defaults(_bench=kind)
        mod = _module(kind)
        if mod is not None:
            mod.add_arguments(kp)


def _module(kind: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(f"aac.bench.{kind}")
    except ModuleNotFoundError as exc:
        if exc.name == f"aac.bench.{kind}":
            return None
        raise


def main(args: argparse.Namespace) -> int:
    from aac.bench.stats import emit

    mod = _module(args._bench)
    if mod is None:
        raise SystemExit(f"aac bench {args._bench}: not built yet")
    emit(mod.run(args), args.json)
    return 0
