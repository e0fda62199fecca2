"""``aac simulate``: replay a press timeline through the real scan engine on a virtual clock.

No screen, sound or sleep: the same :class:`aac.core.scan.ScanEngine` the runtime uses is
stepped from deadline to deadline. Scanning starts at 0 s.

``--presses`` is a comma-separated list of ``DOWN:UP`` presses in seconds for switch 1;
``move@DOWN:UP`` is the second (move) switch (``select@`` may be written for switch 1).

``--until`` defaults to: until scanning has nothing more scheduled after the last release
(it stopped after ``loops`` passes, or the mode does not move by time), and at most 60 s
after the last release (so ``loops: 0`` still ends).

Events at the same time are printed in the order they happen: ``select`` → ``speak`` →
``navigate`` → ``highlight`` of the new level. Selecting a row or column is shown as the
``highlight`` of level 2; ``select`` is only for cells.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any, Optional

HELP = "replay a press timeline through the scan engine on a virtual clock"
DEFAULT_TAIL = 60.0  # seconds after the last release that --until may reach by default


class SpecError(ValueError):
    """``--presses`` could not be read."""


DESCRIPTION = (
    "Replay a press timeline through the real scan engine on a virtual clock (no screen, "
    "sound or sleep; scanning starts at 0 s) and print what happened. Events: highlight "
    "(level, row and/or col; back: true for the escape item), select (board, row, col, "
    "label), speak (text), navigate (board), stop; with prompt: label or cue also prompt "
    "(text). Choosing a row or column is shown as "
    "the highlight of level 2, choosing \"back\" as the highlight of level 1: select is "
    "only for cells. Events at the same time come in the order they happen: select, speak, "
    "navigate, then the highlight of the new level."
)
EPILOG = (
    "Example: aac simulate boards --settings me.yaml --presses 1.7:1.8,move@3:3.2 --json. "
    "SPEC presses are DOWN:UP in seconds; move@DOWN:UP is the second (move) switch for step "
    "mode. The --log format is in docs/usage-log.md."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = DESCRIPTION
    p.epilog = EPILOG
    p.add_argument("boards", metavar="BOARDS", help="board folder or file")
    p.add_argument("--board", metavar="ID", help="board to start on (default: the home board)")
    p.add_argument("--settings", metavar="FILE", help="scan settings (YAML, SCANNING.md keys)")
    p.add_argument("--presses", metavar="SPEC", default="",
                   help="comma-separated DOWN:UP seconds; move@DOWN:UP for switch 2")
    p.add_argument("--until", metavar="S", type=float,
                   help="stop at this time (default: when nothing more is scheduled after "
                        f"the last release, at most {DEFAULT_TAIL:g} s after it)")
    p.add_argument("--as-run", action="store_true",
                   help="use aac run's defaults for keys the settings file leaves out "
                        "(escape: true), to replay exactly what aac run would do")
    p.add_argument("--log", metavar="FILE", help="also write a usage log (JSON Lines)")
    p.add_argument("--json", action="store_true", help='print {"events": [...], "message": ...}')
    p.add_argument("--replay", metavar="LOG",
                   help="what-if: replay a usage log's reaction times with --settings and "
                        "print the time per selection, recorded and expected "
                        "(docs/therapy.md)")


def parse_presses(spec: str) -> list[tuple[int, float, float]]:
    """``"1.7:1.8,move@3:3.2"`` -> [(1, 1.7, 1.8), (2, 3.0, 3.2)]."""
    presses: list[tuple[int, float, float]] = []
    for n, raw in enumerate(p.strip() for p in spec.split(",")):
        if not raw:
            continue
        switch, body = 1, raw
        if "@" in raw:
            name, body = raw.split("@", 1)
            names = {"move": 2, "select": 1, "1": 1, "2": 2}
            if name.strip() not in names:
                raise SpecError(f"press {n + 1} {raw!r}: unknown switch {name!r} "
                                f"(use move@DOWN:UP for the second switch)")
            switch = names[name.strip()]
        parts = body.split(":")
        try:
            if len(parts) != 2:
                raise ValueError
            down, up = float(parts[0]), float(parts[1])
        except ValueError:
            raise SpecError(f"press {n + 1} {raw!r}: expected DOWN:UP in seconds, "
                            "e.g. 1.7:1.8") from None
        if not (0 <= down < up) or down != down or up != up:
            raise SpecError(f"press {n + 1} {raw!r}: need 0 <= DOWN < UP, got {down}:{up}")
        presses.append((switch, down, up))
    _check_overlaps(presses, spec)
    return presses


def _check_overlaps(presses: list[tuple[int, float, float]], spec: str) -> None:
    """One switch cannot be pressed again before it was released."""
    raws = [p.strip() for p in spec.split(",") if p.strip()]
    order = sorted(range(len(presses)), key=lambda i: (presses[i][0], presses[i][1]))
    for a, b in zip(order, order[1:]):
        (sa, _, up_a), (sb, down_b, _) = presses[a], presses[b]
        if sa == sb and down_b < up_a:
            raise SpecError(f"press {b + 1} {raws[b]!r} starts before press {a + 1} "
                            f"{raws[a]!r} of the same switch is released")


def simulate(
    boards: Any,
    settings: Any,
    presses: list[tuple[int, float, float]],
    until: Optional[float] = None,
    log: Optional[list[dict[str, Any]]] = None,
) -> tuple[list[dict[str, Any]], str]:
    """Run the engine; return (events as JSON records, final message). Pure apart from CPU."""
    from ..core.events import SwitchEvent
    from ..core.replay import press_edges, replay
    from ..core.scan import ScanEngine
    from ..core.session import Session
    from ..usage_log import records, switch_record

    session = Session(boards)
    edges = press_edges(presses)
    last = max((e.t for e in edges), default=0.0)
    events: list[dict[str, Any]] = []
    for step in replay(ScanEngine(session, settings), edges,
                       until if until is not None else last + DEFAULT_TAIL):
        if isinstance(step, SwitchEvent):
            if log is not None:
                log.append(switch_record(step))
            continue
        events.extend(records(step))
        if log is not None:
            log.extend(records(step, with_message=True))
    return events, session.message_text


def load_settings(path: Optional[str]) -> Any:
    """ScanSettings from a child's profile file (``aac.profile``): errors name the file,
    line and column. Its ``inputs``, ``voice`` and ``theme`` mean nothing to a simulation
    and are skipped, so the same file ``aac run --settings`` uses can be replayed."""
    from ..core.scan_settings import ScanSettings
    from ..profile import load_profile

    if path is None:
        return ScanSettings()
    return load_profile(path).scan


def main(args: argparse.Namespace) -> int:
    from ..errors import BadSettings

    if args.replay:
        return _replay_main(args)
    try:
        if args.until is not None and not args.until >= 0:
            raise SpecError(f"--until must be a number of seconds >= 0, got {args.until}")
        presses = parse_presses(args.presses)
        settings = load_settings(args.settings)
        if args.as_run:
            settings = settings.with_runtime_defaults()
    except (SpecError, BadSettings) as exc:
        print(f"aac simulate: {exc}" if isinstance(exc, SpecError) else str(exc),
              file=sys.stderr)
        return 2
    boards = _load_boards(args.boards, args.board)
    if boards is None:
        return 1
    log: Optional[list[dict[str, Any]]] = [] if args.log else None
    events, message = simulate(boards, settings, presses, args.until, log)
    if args.log and log is not None:
        from ..usage_log import header

        try:
            with open(args.log, "w", encoding="utf-8") as f:
                for rec in [header("simulated", settings.to_mapping()), *log]:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        except OSError as exc:
            print(f"aac simulate: {args.log}: cannot write the log: {exc.strerror}",
                  file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps({"events": events, "message": message}, ensure_ascii=False))
    else:
        for ev in events:
            fields = " ".join(f"{k}={v}" for k, v in ev.items() if k not in ("t", "type"))
            print(f"{ev['t']:8.3f}  {ev['type']:<9} {fields}")
        print(f"message: {message}")
    return 0


def _replay_main(args: argparse.Namespace) -> int:
    """``--replay LOG``: the recorded reaction times under ``--settings`` (what-if)."""
    from ..errors import BadSettings
    from ..therapy.whatif import compare
    from ._logs import load

    if args.presses:
        print("aac simulate: --replay takes the presses from the log; leave out --presses",
              file=sys.stderr)
        return 2
    try:
        settings = load_settings(args.settings)
        if args.as_run:
            settings = settings.with_runtime_defaults()
    except BadSettings as exc:
        print(str(exc), file=sys.stderr)
        return 2
    loaded = load([args.replay], "aac simulate")
    if loaded is None:
        return 1
    boards = _load_boards(args.boards, args.board)
    if boards is None:
        return 1
    pairs = compare(boards, settings, loaded[1])
    if not pairs:
        print(f"aac simulate: {args.replay}: no scanning presses to replay", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"replay": [{"recorded": a.to_json(), "what_if": b.to_json()}
                                     for a, b in pairs]}))
        return 0
    print(f"{'session':>7}  {'recorded s/selection':>20}  {'expected s/selection':>20}  "
          "presses landing elsewhere")
    for n, (a, b) in enumerate(pairs, 1):
        print(f"{n:>7}  {a.per_selection:>14.2f} ({a.selections:>3})  "
              f"{b.per_selection:>14.2f} ({b.selections:>3})  {b.off_target}")
    return 0


def _load_boards(path: str, board_id: Optional[str]) -> Any:
    from ._boards import load_or_report

    result = load_or_report(path, "aac simulate")
    if result is None:
        return None
    boards = result.boards
    if board_id is not None:
        if board_id not in boards:
            known = ", ".join(sorted(boards.boards))
            print(f"aac simulate: --board {board_id!r} is not in the set (known: {known})",
                  file=sys.stderr)
            return None
        boards = dataclasses.replace(boards, home=board_id)
    return boards
