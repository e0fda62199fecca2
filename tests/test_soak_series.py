"""The soak's sample rows (aac/bench/soak_series.py): what goes in comes out, at 8 bytes a
value, so the harness does not grow the memory it measures."""

from __future__ import annotations

import sys

import pytest

from aac.bench.soak_series import Series


def test_rows_come_back_as_they_went_in() -> None:
    s = Series(2)
    for i in range(5):
        s.append(i * 5.0, 30.0 + i / 3)
    assert len(s) == 5 and s[0] == (0.0, 30.0) and s[-1] == (20.0, 30.0 + 4 / 3)
    assert s.pairs()[1] == (5.0, 30.0 + 1 / 3)
    assert s.rounded() == [[0.0, 30.0], [5.0, 30.33], [10.0, 30.67], [15.0, 31.0],
                           [20.0, 31.33]]
    with pytest.raises(ValueError):
        s.append(1.0)
    with pytest.raises(IndexError):
        s[5]


def test_a_half_hour_of_samples_costs_a_fraction_of_a_list_of_tuples() -> None:
    rows = 360  # every 5 s for 30 minutes
    s = Series(2)
    tuples: list[tuple[float, float]] = []
    for i in range(rows):
        s.append(i * 5.0, 37.5 + i * 1e-4)
        tuples.append((i * 5.0, 37.5 + i * 1e-4))
    assert s.nbytes == rows * 2 * 8
    listed = sys.getsizeof(tuples) + sum(
        sys.getsizeof(t) + sum(sys.getsizeof(v) for v in t) for t in tuples)
    assert listed > 5 * s.nbytes  # about 110 bytes a row against 16
