"""Cheap checks of symbol and sound files, so a board can never make the runtime run out of memory.

A 250 KB PNG can declare 16000x16000 pixels; decoding it took 1.3 GB, which kills a
Raspberry Pi. We read only the header (never decode) to learn the pixel size.
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO, Optional

#: Bigger symbol or sound files are not used (a cell picture is ~50 KB, a clip ~200 KB).
MAX_MEDIA_BYTES = 20 * 1024 * 1024
#: Bigger pictures are not used: 4096x4096 RGBA is already 64 MB once decoded.
MAX_IMAGE_SIDE = 4096

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, ...) hold the size; not DHT/JPG/DAC.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def unusable(path: str, is_image: bool) -> Optional[str]:
    """Why the existing file at ``path`` must not be opened by the runtime, or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None  # missing files are reported by the caller
    if not os.path.isfile(path):
        return "is not a regular file"
    if st.st_size > MAX_MEDIA_BYTES:
        return (f"is {st.st_size} bytes; at most {MAX_MEDIA_BYTES // (1024 * 1024)} MB "
                "(a picture or clip for a cell is far smaller)")
    if is_image:
        size = image_size(path)
        if size is not None and max(size) > MAX_IMAGE_SIDE:
            return (f"is {size[0]}x{size[1]} pixels; at most {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE} "
                    "(save it smaller)")
    return None


def image_size(path: str) -> Optional[tuple[int, int]]:
    """(width, height) from a PNG or JPEG header; None when unknown (other formats, damage)."""
    try:
        with open(path, "rb") as f:
            head = f.read(24)
            if head.startswith(_PNG_MAGIC) and head[12:16] == b"IHDR":
                width, height = struct.unpack(">II", head[16:24])
                return int(width), int(height)
            if head.startswith(b"\xff\xd8"):
                f.seek(2)
                return _jpeg_size(f)
    except (OSError, struct.error):
        return None
    return None


def _jpeg_size(f: BinaryIO) -> Optional[tuple[int, int]]:
    """Walk the JPEG segments (each says its length) to the first start-of-frame."""
    for _ in range(1000):  # a real file reaches its frame header within a few segments
        marker = f.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind == 0xFF:  # fill byte
            f.seek(-1, os.SEEK_CUR)
            continue
        if kind in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            continue
        length_bytes = f.read(2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if kind in _JPEG_SOF:
            body = f.read(5)
            if len(body) < 5:
                return None
            height, width = struct.unpack(">HH", body[1:5])
            return int(width), int(height)
        if length < 2:
            return None
        f.seek(length - 2, os.SEEK_CUR)
    return None
