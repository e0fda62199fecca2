"""The soak's own samples, kept so that they barely grow the memory the soak measures.

A list of ``(t, value)`` tuples costs about 110 bytes a sample; over 30 minutes the harness's
lists (memory every 5 s, a time for every press made and seen) came to an estimated 0.3 MB
of the communicator's anonymous memory, most of the 0.37 MB it grew after minute 3 in
main's 30-minute soak. Rows of floats in one ``array("d")`` cost 8 bytes a value (16 a sample).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator


class Series:
    """Rows of ``width`` floats in one array of doubles."""

    def __init__(self, width: int) -> None:
        self.width = width
        self._values = array("d")

    def append(self, *row: float) -> None:
        if len(row) != self.width:
            raise ValueError(f"a row of {self.width} values, not {len(row)}")
        self._values.extend(row)

    def __len__(self) -> int:
        return len(self._values) // self.width

    def __getitem__(self, i: int) -> tuple[float, ...]:
        n = len(self)
        if not -n <= i < n:
            raise IndexError(i)
        start = (i % n) * self.width
        return tuple(self._values[start:start + self.width])

    def __iter__(self) -> Iterator[tuple[float, ...]]:
        for i in range(len(self)):
            yield self[i]

    def pairs(self) -> list[tuple[float, float]]:
        """``(t, first value)`` of each row (for a slope: built once, at the end)."""
        return [(row[0], row[1]) for row in self]

    def rounded(self, digits: int = 2) -> list[list[float]]:
        """For the JSON: the time to 0.1 s, the values to ``digits``."""
        return [[round(row[0], 1), *(round(v, digits) for v in row[1:])] for row in self]

    @property
    def nbytes(self) -> int:
        """What the values take (the array's own allocation may be a little larger)."""
        return len(self._values) * self._values.itemsize
