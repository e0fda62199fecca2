"""How long a switch user waits to choose each cell: the scan-cost map (issue 12.6).

Pure: from the scan engine's own item order (``scan_items``) and the ``auto`` timing in
docs/scanning.md. A level's item ``j`` is lit from ``S_j`` (``S_0 = 0``, ``S_j = I·(f + j − 1)``)
for ``I·f`` (``j = 0``) or ``I``; the expected accepted press is in the middle of that span
(equally likely anywhere in it; with ``acceptance_ms`` the switch went down that much
earlier, which does not move the choice). A cell's cost is the sum over
the levels it needs (row then cell, column then cell, or one linear pass): the seconds from
the start of scanning on its board to the activation, on the first pass, without misses.

Only ``mode: auto`` has a time per item; other modes raise ``ValueError``.
"""

from __future__ import annotations

from .board import Board
from .scan_items import level1_items, level2_items
from .scan_settings import ScanSettings, pattern_for


def _press_at(index: int, interval: float, factor: float) -> float:
    """Seconds from a level's start to the expected press on its item ``index``."""
    if index == 0:
        return interval * factor / 2
    return interval * (factor + index - 1) + interval / 2


def scan_costs(board: Board, settings: ScanSettings) -> dict[tuple[int, int], float]:
    """Expected seconds from the start of scanning to activating each scannable cell."""
    if settings.mode != "auto":
        raise ValueError(f"scan cost needs mode: auto (a time per item), not {settings.mode}")
    i, f = settings.interval, settings.first_item_factor
    pattern = pattern_for(settings, board.scan_pattern)
    costs: dict[tuple[int, int], float] = {}
    for a, group in enumerate(level1_items(board, pattern)):
        first = _press_at(a, i, f)
        if not group.is_group:  # linear: the cell itself
            (pos,) = tuple(group.cells)
            costs[pos] = first
            continue
        for b, item in enumerate(level2_items(board, group, settings.escape)):
            if item.kind == "cell" and item.row is not None and item.col is not None:
                costs[(item.row, item.col)] = first + _press_at(b, i, f)
    return costs
