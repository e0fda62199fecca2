"""The words scanning puts on screen, per board locale: the escape item and "press to start".

A Serbian board must not show an English "back". A small table rather than a translation
framework: the project's locales are few, and a profile's ``escape_label`` overrides it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ScanWords:
    escape: str  # the escape item: leave this row or column
    press_to_start: str  # shown while scanning waits for a press


#: By language (the part of the board's ``locale`` before ``-``/``_``); ``en`` is the fallback.
SCAN_WORDS: Mapping[str, ScanWords] = {
    "en": ScanWords("back", "press to start"),
    "sr": ScanWords("назад", "притисни за почетак"),
    "ru": ScanWords("назад", "нажми, чтобы начать"),
    "be": ScanWords("назад", "націсні, каб пачаць"),
    "uk": ScanWords("назад", "натисни, щоб почати"),
    "az": ScanWords("geri", "başlamaq üçün bas"),
    "sq": ScanWords("prapa", "shtyp për të filluar"),
    "mn": ScanWords("буцах", "эхлэхийн тулд дар"),
}
#: Latin-script variants where the language also writes in Cyrillic.
_SCRIPT_WORDS: Mapping[str, ScanWords] = {
    "sr-latn": ScanWords("nazad", "pritisni za početak"),
}


def scan_words(locale: str) -> ScanWords:
    """The words for a board's ``locale`` (``sr``, ``sr-Latn``, ``en_GB``); English if unknown."""
    tag = locale.replace("_", "-").lower()
    for key, words in _SCRIPT_WORDS.items():
        if tag == key or tag.startswith(key + "-"):
            return words
    return SCAN_WORDS.get(tag.split("-", 1)[0], SCAN_WORDS["en"])
