"""``aac record BOARDS BOARD_ID ROW COL [--seconds S]``: record a voice for one cell.

Records from the microphone, trims silence, normalises, saves ``<board id>-<label>.wav``
beside the board file and sets the cell's ``sound:`` in its YAML (nothing else in the file
changes; the old file is kept as ``.bak``). ROW and COL count from 1, as ``aac lint`` prints.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("boards", metavar="BOARDS", help="board set folder or set.yaml")
    p.add_argument("board_id", metavar="BOARD_ID")
    p.add_argument("row", metavar="ROW", type=int, help="row, from 1")
    p.add_argument("col", metavar="COL", type=int, help="column, from 1")
    p.add_argument("--seconds", metavar="S", type=float, default=3.0,
                   help="how long to record (default 3)")


def main(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from ..cell_voice import save_cell_voice
    from ..language import UnknownLanguage, resolve_set
    from ..paths import editable_set
    from ..speech.microphone import RATE, NoMicrophone, record
    from ..speech.voice_recording import NothingHeard, prepare
    from ._boards import load_or_report

    try:  # a folder of sets (boards/): the set of the locale's language, as aac run
        path = resolve_set(Path(args.boards))
    except UnknownLanguage as exc:
        print(f"aac record: {exc}", file=sys.stderr)
        return 2
    try:  # never into an installed package: the user's copy (aac.paths.editable_set)
        path, note = editable_set(path)
    except OSError as exc:
        print(f"aac record: cannot copy the shipped boards to edit them: {exc}", file=sys.stderr)
        return 1
    if note:
        print(f"aac record: {note}", file=sys.stderr)
    result = load_or_report(path, "aac record")
    if result is None:
        return 1
    boards = result.boards
    if args.board_id not in boards.boards:
        print(f"aac record: no board {args.board_id!r}; boards: "
              f"{', '.join(sorted(boards.boards))}", file=sys.stderr)
        return 2
    board = boards[args.board_id]
    cell = board.cell(args.row - 1, args.col - 1)
    if cell is None or board.path is None:
        print(f"aac record: {args.board_id}: no cell at row {args.row}, column {args.col}",
              file=sys.stderr)
        return 2
    if not 0.2 <= args.seconds <= 30:
        print("aac record: --seconds must be between 0.2 and 30", file=sys.stderr)
        return 2
    print(f"Recording {args.seconds:g} s for \"{cell.label}\": speak now...", file=sys.stderr)
    try:
        pcm = prepare(record(args.seconds), RATE)
    except (NoMicrophone, NothingHeard) as exc:
        print(f"aac record: {exc}", file=sys.stderr)
        return 1
    try:
        target = save_cell_voice(board.path, board.id, args.row - 1, args.col - 1, cell.label,
                                 pcm, RATE)
    except (ValueError, OSError) as exc:
        print(f"aac record: {exc}", file=sys.stderr)
        return 1
    print(f"{target}: {len(pcm) / RATE:.2f} s; {board.path}: row {args.row}, column "
          f"{args.col} sound: {os.path.basename(target)}")
    return 0
