"""One check for "a real, finite number" in settings: YAML gives ``true`` (a bool, which
Python counts as an int), ``.inf`` and ``.nan`` too, and none of them is a time."""

from __future__ import annotations

import math


def is_finite_number(value: object) -> bool:
    """An int or float that is not a bool, infinity or NaN."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))
