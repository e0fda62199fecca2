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
    "soak": "hours of use: memory slope, fds, threads, lost presses (--duration S)",
    "restart": "crash (SIGKILL) -> first frame of the restarted communicator",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, help_text in KINDS.items():
        kp = sub.add_parser(kind, help=help_text)
        kp.add_argument("--json", action="store_true", help="one JSON object per figure")
        kp.add_argument("--cpu-quota", type=float, metavar="FRACTION",
                        help="run inside a CPU cgroup limited to this fraction of one core, "
                             "e.g. 0.25 for a Raspberry-Pi-class budget (needs root)")
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

    if args.cpu_quota is not None:  # the whole measured process tree in a limited cgroup
        from aac.bench.cpu_quota import rerun_in_cgroup

        return rerun_in_cgroup(args.cpu_quota)
    mod = _module(args._bench)
    if mod is None:
        raise SystemExit(f"aac bench {args._bench}: not built yet")
    emit(mod.run(args), args.json)
    return 0
