"""Therapist-facing plausible ranges for scan settings: outside them is a warning, not an error.

A value can be valid yet almost surely a slip (``interval_ms: 50`` for 500, a debounce
longer than the scan step) that leaves a child unable to select anything. The settings
still load; ``aac lint --settings`` and ``aac run`` print why the value looks wrong.
The ranges (docs/settings.md) are wide on purpose: they flag typos, not clinical choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

#: key: (lowest plausible, highest plausible, what the unit means to a therapist)
RANGES: Mapping[str, tuple[float, float, str]] = {
    "interval_ms": (250.0, 10_000.0, "how long each item stays highlighted"),
    "first_item_factor": (0.5, 5.0, "how many steps the first item stays highlighted"),
    "acceptance_ms": (0.0, 3000.0, "how long a press must last to count"),
    "debounce_ms": (0.0, 2000.0, "how long after a press further presses are ignored"),
    "hold_ms": (100.0, 5000.0, "how long a press-hold press must be held"),
    "bounce_ms": (0.0, 100.0, "switch contact bounce; real bounce lasts under 20 ms"),
    "release_ms": (0.0, 3000.0, "how long the switch must be up before the next press"),
}


def _outside(label: str, value: float, unit: str, bounds: tuple[float, float], short: str,
             long: str) -> Optional[str]:
    """The warning for a value outside ``bounds`` (saying why each side is a slip), else None."""
    low, high = bounds
    if value < low:
        return f"{label}: {value:g}{unit} looks too short ({short}); usually {low:g} or more"
    if value > high:
        return f"{label}: {value:g}{unit} looks too long ({long}); usually {high:g} or less"
    return None


def implausible(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(key, message)`` for each value outside its range or at odds with another key.

    ``values`` are the keys a file sets (valid ones); keys it leaves out are the defaults,
    which are plausible."""
    found: list[tuple[str, str]] = []
    for key, (low, high, meaning) in RANGES.items():
        value = _number(values.get(key))
        if value is None:
            continue
        if (slip := _outside(key, value, "", (low, high), meaning, meaning)) is not None:
            found.append((key, slip))
    interval = _number(values.get("interval_ms", 1000.0))
    debounce = _number(values.get("debounce_ms"))
    if debounce is not None and interval is not None and debounce > interval:
        found.append(("debounce_ms", f"debounce_ms ({debounce:g}) is longer than interval_ms "
                                     f"({interval:g}): a press in the first step after a "
                                     "press is ignored, so that item cannot be chosen"))
    return found


#: the carer lock (profile ``carer:``): key: (lowest, highest, why too short, why too long)
CARER_RANGES: Mapping[str, tuple[float, float, str, str]] = {
    "hold_s": (2.0, 10.0, "a child may rest a hand on the corner that long by chance",
               "a carer has to hold the corner that long every time"),
    "confirm_s": (2.0, 30.0, "the carer may not reach the confirm button in time",
                  "a confirm button left waiting is one a child may tap"),
    "key_window_s": (1.0, 10.0, "nobody types the sequence that fast",
                     "a child pressing keys over that long may type it"),
}
#: a key sequence shorter than this is one a child mashing a keyboard may type
MIN_PLAUSIBLE_KEYS = 4


def implausible_carer(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(key, message)`` for carer-lock values that load but look like slips."""
    found: list[tuple[str, str]] = []
    for key, (low, high, short, long) in CARER_RANGES.items():
        value = _number(values.get(key))
        if value is None:
            continue
        if (slip := _outside(f"carer: {key}", value, " s", (low, high), short, long)) is not None:
            found.append((key, slip))
    keys = values.get("keys")
    if isinstance(keys, str) and len(keys) < MIN_PLAUSIBLE_KEYS:
        found.append(("keys", f"carer: keys: {keys!r} is short: a child pressing keys at random "
                              f"may type it; use {MIN_PLAUSIBLE_KEYS} or more letters"))
    return found


def _number(value: object) -> Optional[float]:
    """The value as a number, or None for anything else (true/false are not numbers)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
