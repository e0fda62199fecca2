"""Ranked symbol search for teachers: the picture they mean should be the first one.

Order: the exact name, then names that start with the words, names that contain them,
then tags (an early tag first: the libraries list the central ones first), then category,
then word forms ("drinking" for drink); a match that needs several fields comes last.
Within one rank a verb comes first when the words name a verb ("drink" gives
``mulberry:drink_,_to`` before the noun ``mulberry:drink``), then Mulberry (drawn for AAC)
before OpenMoji, then the shorter name, then the name: the same words always give the
same list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Optional

from ..core.suggest import closest_few
from .library import Entry, Library, libraries

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Order of the libraries in a tie: the AAC set first.
_LIBRARY_RANK = {"mulberry": 0, "openmoji": 1}
_NO_MATCH = 99


def words(text: str) -> list[str]:
    """Lower-case words of a name, title or query ("want_,_to" -> ["want", "to"])."""
    return _WORD.findall(text.lower())


def search(query: str, library: Optional[str] = None, limit: int = 10) -> list[Entry]:
    """Best matches for ``query`` (several words allowed), best first; ``[]`` when none."""
    wanted = words(query)
    verbish = bool(wanted) and wanted[0] == "to" and len(wanted) > 1
    if verbish:
        wanted = wanted[1:]  # "to drink": the verb drink
    if not wanted:
        return []
    libs = _chosen(library)
    scored: list[tuple[tuple[int, int], Entry]] = []
    for lib in libs:
        if not lib.available:  # every result must have a picture file
            continue
        for entry in lib.entries:
            tier = rank(wanted, entry)
            if tier[0] != _NO_MATCH:
                scored.append((tier, entry))
    # A query is a verb when a verb has exactly that name (want -> want_,_to).
    verbish = verbish or any(t[0] == 0 and e.is_verb for t, e in scored)
    scored.sort(key=lambda te: (te[0], 0 if verbish and te[1].is_verb else 1,
                                _LIBRARY_RANK.get(te[1].library, 9),
                                len(words(te[1].title)), te[1].title.lower(), te[1].name))
    return [e for _, e in scored[: max(0, limit)]]


def rank(wanted: Sequence[str], entry: Entry) -> tuple[int, int]:
    """(tier, position): tier 0 (the exact name) ... 7 (each word somewhere), ``_NO_MATCH``
    when a word is missing; position orders tag matches (an earlier tag is more central)."""
    title = words(entry.title)
    if title == list(wanted):
        return 0, 0
    if title[: len(wanted)] == list(wanted):
        return 1, 0
    if all(w in title for w in wanted):
        return 2, 0
    tags = [w for t in entry.tags for w in words(t)]
    if all(w in tags for w in wanted):
        return 3, max(tags.index(w) for w in wanted)
    category = words(entry.category)
    if all(w in category for w in wanted):
        return 4, 0
    if all(any(_inflected(t, w) for t in title) for w in wanted):
        return 5, 0
    anywhere = set(title) | set(tags) | set(category)
    if len(wanted) > 1 and all(w in anywhere for w in wanted):
        return 6, 0
    return _NO_MATCH, 0


def _inflected(word: str, stem: str) -> bool:
    """``word`` is ``stem`` with an English ending: drinks, drinking, stopped (not saddle)."""
    if not word.startswith(stem) or len(stem) < 3:
        return False
    rest = word[len(stem):]
    if rest[:1] == stem[-1:] and rest[1:] in ("ing", "ed", "er"):
        rest = rest[1:]  # stop -> stopping
    return rest in ("s", "es", "ing", "ed", "er", "d")


def suggestions(library: Library, name: str, limit: int = 3) -> list[str]:
    """Names in ``library`` close to ``name`` (a typo, a missing ``_,_to``, a word not a code)."""
    found: list[str] = []
    verb = f"{name}_,_to"
    if library.has(verb):
        found.append(verb)
    lowered = {n.lower(): n for n in library.names()}
    if name.lower() in lowered:  # wrong case: "mulberry:Drink"
        found.append(lowered[name.lower()])
    found += [lowered[n] for n in closest_few(name.lower(), lowered, n=limit, cutoff=0.75)]
    found += [e.name for e in search(name.replace("_", " "), library.name, limit)]
    return list(dict.fromkeys(f for f in found if f != name))[:limit]


def _chosen(library: Optional[str]) -> Iterable[Library]:
    libs = libraries()
    if library is None:
        return libs.values()
    if library not in libs:
        raise KeyError(library)
    return [libs[library]]


def _flatten(groups: Iterable[list[str]]) -> Iterable[str]:
    for group in groups:
        yield from group
