"""One "did you mean" for every message about a mistyped word (keys, boards, actions, voices).

A teacher or therapist types from memory; naming the nearest known word turns "unknown key"
into a fix. Pure, so core settings and the loader share it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Optional

#: How alike two words must be (difflib's ratio) to be offered as the intended one.
CUTOFF = 0.6


def closest(word: str, choices: Iterable[str], cutoff: float = CUTOFF) -> Optional[str]:
    """The known word nearest to ``word``, or None when nothing is close enough."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def closest_few(word: str, choices: Iterable[str], n: int = 3,
                cutoff: float = CUTOFF) -> list[str]:
    """Up to ``n`` known words nearest to ``word``, nearest first (a symbol library's names)."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str], quote: str = '"') -> str:
    """``' (did you mean "x"?)'`` for the nearest known word, else ``""``."""
    near = closest(word, choices)
    return f" (did you mean {quote}{near}{quote}?)" if near is not None else ""
