"""``aac bench boards``: load and check a generated 100-board set (target <= 300 ms).

The set is realistic in shape: 6 rows x 8 cells per board, a mix of word cells, cells with
say/color/cue, links to other boards (every link resolves) and an action row, so the figure
includes the link check, not just YAML parsing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from typing import Any

BOARDS = 100
ROWS = 6
COLUMNS = 8


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repeat", type=int, default=20, metavar="N",
                   help="loads to time (default: 20)")
    p.add_argument("--boards", type=int, default=BOARDS, metavar="N",
                   help=f"boards in the generated set (default: {BOARDS})")
    p.add_argument("--package-boards", type=int, default=120, metavar="N",
                   help="boards in the generated .obz for the import figure (default: 120)")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from aac.bench.stats import figure
    from aac.boards.loader import load_board_set

    n_boards = max(1, int(getattr(args, "boards", BOARDS)))
    repeat = max(1, int(getattr(args, "repeat", 20)))
    with tempfile.TemporaryDirectory(prefix="aac-bench-boards-") as folder:
        write_set(folder, n_boards)
        first = load_board_set(folder)  # also warms the OS file cache
        if not first.ok:
            raise SystemExit("aac bench boards: generated set does not load: "
                             + "; ".join(str(p) for p in first.problems[:3]))
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = load_board_set(folder)
            times.append((time.perf_counter() - start) * 1000.0)
            assert result.ok
    from aac.obf.bench import import_figures  # issue 14: OBZ import of a 120-board package

    return [figure(f"boards_load_{n_boards}", "ms", times, boards=n_boards,
                   cells=n_boards * ROWS * COLUMNS, target_ms=300),
            *import_figures(max(1, repeat // 4), max(1, getattr(args, "package_boards", 120)))]


def write_set(folder: str, n_boards: int) -> None:
    """Write ``n_boards`` board files (``home`` first) linking to each other."""
    ids = ["home"] + [f"topic{i:03d}" for i in range(1, n_boards)]
    classes = ("noun", "verb", "describe", "social", "question", "misc")
    for b, board_id in enumerate(ids):
        lines = [f"name: Board {b}", "locale: en", f"columns: {COLUMNS}", "rows:"]
        for r in range(ROWS - 1):
            cells = []
            for c in range(COLUMNS):
                k = r * COLUMNS + c
                if k % 7 == 3:
                    target = ids[(b + k) % n_boards]
                    cells.append(f"{{label: Go {k}, link: {target}}}")
                elif k % 5 == 0:
                    cells.append(f"{{label: word {k}, say: I want word {k}, "
                                 f"color: {classes[k % len(classes)]}, cue: cue {k}}}")
                elif k % 11 == 0:
                    cells.append("null")
                else:
                    cells.append(f"w{b}x{k}")
            lines.append("  - [" + ", ".join(cells) + "]")
        lines.append("  - - {label: Speak, action: speak}")
        lines.append("    - {label: Clear, action: clear}")
        lines.append("    - {label: ⌫, action: backspace}")
        lines.append("    - {label: Home, action: home}")
        lines.append("    - {label: Back, action: [back, stop]}")
        lines.append("    - {label: 'yes', color: social}")
        lines.append("    - {label: 'no', color: social}")
        lines.append("    - {label: More, link: home, back_after_select: true}")
        with open(os.path.join(folder, f"{board_id}.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
