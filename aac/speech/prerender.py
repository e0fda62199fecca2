"""Which words to pre-render first when a board set loads.

The board on screen comes first (its cells in reading order), then words that appear on
many boards (core vocabulary is used most), then the rest; prompts (cues) last.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Optional


def board_texts(boards: Any, current: Optional[str] = None) -> tuple[list[str], list[str]]:
    """``(texts, cues)`` of a ``BoardSet``, each without duplicates, most urgent first.

    Cells with a recorded clip (``sound_file``) are skipped: they play the clip, not
    synthesis; so are inert links to a board that failed to load (``broken_link``).
    """
    all_boards = list(boards.boards.values())
    first = boards.boards.get(current or boards.home)
    counts: Counter[str] = Counter()
    for board in all_boards:
        counts.update({c.spoken for _r, _c, c in board.visible_cells() if _speaks(c)})
    texts: list[str] = []
    if first is not None:
        texts += [c.spoken for _r, _c, c in first.visible_cells() if _speaks(c)]
    order = {b.id: i for i, b in enumerate(all_boards)}
    rest = [
        (-counts[c.spoken], order[b.id], c.spoken)
        for b in all_boards
        for _r, _c, c in b.visible_cells()
        if _speaks(c)
    ]
    texts += [t for _n, _i, t in sorted(rest)]
    cues = [c.scan_cue for b in all_boards for _r, _c, c in b.visible_cells()]
    return _unique(texts), _unique(cues)


def _speaks(cell: Any) -> bool:
    """Whether selecting the cell synthesises its text (the rule of ``Session.activate``)."""
    word = cell.letter is None and not cell.action and cell.link is None
    linked_say = cell.link is not None and cell.say is not None
    inert = cell.broken_link is not None  # a link to a board that failed: says nothing
    return not (cell.sound_file or inert) and (word or linked_say) and bool(cell.spoken.strip())


def _unique(items: list[str]) -> list[str]:
    return [t for t in dict.fromkeys(items) if t.strip()]
