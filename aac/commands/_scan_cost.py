"""``aac lint --scan-cost --settings FILE``: the slowest frequently used words for a switch
user. "Frequently used" here means the home board's word cells (cells that add a word: no
link, no action), the core vocabulary the default set puts on its home board."""

from __future__ import annotations

from typing import Any, Optional

#: how many of the slowest words are listed
SHOWN = 10


def slowest_words(boards_path: str, settings_file: Optional[str],
                  shown: int = SHOWN) -> tuple[list[dict[str, Any]], Optional[str]]:
    """``[{"label", "board", "row", "col", "seconds"}]`` slowest first, or an error text."""
    from ..boards.loader import load_board_set
    from ..core.scan_cost import scan_costs
    from ..core.scan_settings import ScanSettings
    from ..profile import BadSettings, load_profile

    settings = ScanSettings().with_runtime_defaults()
    if settings_file:
        try:
            settings = load_profile(settings_file).scan.with_runtime_defaults()
        except BadSettings:
            return [], None  # lint already reported the settings file's errors
    from pathlib import Path

    from ..language import resolve_set

    boards = load_board_set(resolve_set(Path(boards_path))).usable
    if boards is None:
        return [], None
    board = boards.home_board
    try:
        costs = scan_costs(board, settings)
    except ValueError as exc:
        return [], f"aac lint: --scan-cost: {exc}"
    words = []
    for (r, c), seconds in costs.items():
        cell = board.cell(r, c)
        if cell is None or cell.link or cell.action or cell.letter:
            continue
        words.append({"label": cell.label, "board": board.id, "row": r + 1, "col": c + 1,
                      "seconds": round(seconds, 2)})
    words.sort(key=lambda w: -w["seconds"])
    return words[:shown], None


def print_slowest(words: list[dict[str, Any]], out: Any) -> None:
    print("Slowest home-board words to reach by scanning (expected seconds, mode auto):",
          file=out)
    for w in words:
        print(f"  {w['seconds']:6.1f} s  {w['label']}  ({w['board']} row {w['row']}, "
              f"col {w['col']})", file=out)
