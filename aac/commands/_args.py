"""Argument types shared by the subcommands, so each flag means the same everywhere."""

from __future__ import annotations

import argparse
import math


def positive_seconds(text: str) -> float:
    """``--exit-after`` and friends: a finite number of seconds > 0 ("nan" would never
    end, "inf" is no limit)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}")
    return value
