"""Bounds that keep a hostile or broken package from filling the disk or memory.

Real packages are far inside them: the largest sample (82 boards with pictures) unpacks to
under 1 MB; a board is a few KB of JSON (up to ~100 KB with inline pictures) nested 5 deep.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..boards.media import MAX_MEDIA_BYTES

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    #: entries in the zip (a 500-board set with a picture per cell is ~30 000 at most;
    #: real ones have hundreds)
    max_members: int = 50_000
    #: everything we would unpack, added up from what the zip declares and checked again
    #: while reading
    max_total_bytes: int = 512 * MiB
    #: one board's JSON (inline data: pictures make them big)
    max_json_bytes: int = 16 * MiB
    #: lists/objects inside lists/objects; a board needs 5
    max_json_depth: int = 32
    #: one picture or sound (the loader's own bound)
    max_media_bytes: int = MAX_MEDIA_BYTES
    #: unpacked / packed size of one entry; text compresses ~10:1, bombs 1000:1
    max_ratio: int = 200
    #: entries smaller than this are not checked for ratio (tiny files compress oddly)
    ratio_floor: int = 1 * MiB
    #: boards in one package (the loader's bound for a set)
    max_boards: int = 500


DEFAULT_LIMITS = Limits()
