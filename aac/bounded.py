"""A dict that never holds more than ``max_items``: the caches a device fills all day.

A child visits board after board and a teacher edits them for years; a cache keyed by what
was drawn or said must stop growing somewhere. When full, the entry inserted first goes
(what was drawn long ago is the least likely to be drawn next); a hit does not reorder, so a
lookup costs what a dict's costs. Bounds of every cache: docs/performance.md, "Memory".
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedDict(dict[K, V]):
    """``dict`` with at most ``max_items`` entries, oldest insertion evicted first."""

    def __init__(self, max_items: int) -> None:
        super().__init__()
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        self.max_items = max_items
        self.evicted = 0

    def __setitem__(self, key: K, value: V) -> None:
        if key not in self and len(self) >= self.max_items:
            del self[next(iter(self))]
            self.evicted += 1
        super().__setitem__(key, value)
