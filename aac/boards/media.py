"""Checks of symbol and sound files, so a board can never make the runtime crash, stall or
run out of memory, and every broken file is named in a warning.

A 250 KB PNG can declare 16000x16000 pixels (decoding took 1.3 GB); a 123-byte SVG can too
(2 GB, 12 s). Sizes are checked from headers before anything is decoded; then the picture's
structure is walked (PNG chunks with their checksums and the compressed data inflated, JPEG
segments, SVG through ``svg.inspect_svg``) and finally decoded once, small, by the same code
that draws it. Verdicts are kept per file identity, so a reload re-checks only changed files.
"""

from __future__ import annotations

import os
import stat
import struct
import threading
import zlib
from typing import BinaryIO, Optional

from .picture_cache import decoded_before
from .sounds import sound_problem

#: Bigger symbol or sound files are not used (a cell picture is ~50 KB, a clip ~200 KB).
MAX_MEDIA_BYTES = 20 * 1024 * 1024
#: Bigger pictures are not used: 4096x4096 RGBA is already 64 MB once decoded.
MAX_IMAGE_SIDE = 4096
#: The size the lint check decodes a picture at (it proves the decoder accepts the file).
CHECK_BOX = (64, 64)

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, ...) hold the size; not DHT/JPG/DAC.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))
_OTHER_PICTURES = ((b"GIF8", "GIF"), (b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))

_verdicts: dict[tuple[object, ...], Optional[str]] = {}
_verdicts_lock = threading.Lock()
_MAX_VERDICTS = 4096


def unusable(path: str, is_image: bool) -> Optional[str]:
    """Why the existing file at ``path`` must not be used, or None (missing: also None).

    Cached by (path, inode, size, mtime): an unchanged file is never read twice.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None  # missing files are reported by the caller
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size > MAX_MEDIA_BYTES:
        return (f"is {st.st_size} bytes; at most {MAX_MEDIA_BYTES // (1024 * 1024)} MB "
                "(a picture or clip for a cell is far smaller)")
    key = (path, st.st_ino, st.st_size, st.st_mtime_ns, is_image)
    with _verdicts_lock:
        if key in _verdicts:
            return _verdicts[key]
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_MEDIA_BYTES + 1)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    why = picture_problem(data) if is_image else sound_problem(path, data)
    if why is None and is_image and not decoded_before(data):  # the runtime drew it before
        why = _decode_problem(data)
    with _verdicts_lock:
        if len(_verdicts) >= _MAX_VERDICTS:
            _verdicts.pop(next(iter(_verdicts)))
        _verdicts[key] = why
    return why


def picture_kind(data: bytes) -> Optional[str]:
    """"png", "jpeg" or "svg" from the content (never the name); None for anything else."""
    if data.startswith(_PNG_MAGIC):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<") and b"<svg" in data[:65536]:
        return "svg"
    return None


def picture_problem(data: bytes) -> Optional[str]:
    """Why picture bytes must not be decoded, from their structure alone; None if sound."""
    kind = picture_kind(data)
    if kind == "png":
        return _png_problem(data)
    if kind == "jpeg":
        return _jpeg_problem(data)
    if kind == "svg":
        from .svg import SvgError, inspect_svg  # an SVG to check: not a warm start

        try:
            inspect_svg(data)
        except SvgError as exc:
            return str(exc)
        return None
    for magic, name in _OTHER_PICTURES:
        if data.startswith(magic):
            return f"is a {name} picture; save it as PNG, JPEG or SVG"
    if not data:
        return "is empty"
    return "is not a PNG, JPEG or SVG picture (its content is something else)"


def _decode_problem(data: bytes) -> Optional[str]:
    """Decode for real, small: what the decoder says when it refuses the file."""
    from .raster import RasterError, rasterise

    try:
        rasterise(data, CHECK_BOX)
    except RasterError as exc:
        return str(exc)
    return None


def _png_problem(data: bytes) -> Optional[str]:
    """Walk every chunk (checksums included) and inflate the pixel data, bounded."""
    if len(data) < 33 or data[12:16] != b"IHDR":
        return "is a damaged PNG file (no header)"
    width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if width == 0 or height == 0:
        return "is a damaged PNG file (zero size)"
    if max(width, height) > MAX_IMAGE_SIDE:
        return (f"is {width}x{height} pixels; at most {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE} "
                "(save it smaller)")
    if depth not in _PNG_DEPTHS.get(ctype, ()) or interlace > 1:
        return "is a damaged PNG file (impossible header values)"
    expected = _png_raw_size(width, height, _PNG_CHANNELS[ctype] * depth, interlace)
    inflater = zlib.decompressobj()
    produced, pos = 0, 8
    while True:
        if pos + 12 > len(data):
            return "is cut short (the file ends before the picture does)"
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctag = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length or pos + 12 + length > len(data):
            return "is cut short (the file ends before the picture does)"
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(ctag + body) != crc:
            return f"is damaged (its {ctag.decode('latin-1')} chunk fails its checksum)"
        if ctag == b"IDAT":
            try:
                while body and produced <= expected:
                    produced += len(inflater.decompress(body, 1 << 20))
                    body = inflater.unconsumed_tail
            except zlib.error:
                return "is damaged (its pixel data does not decompress)"
            if produced > expected:
                return "is damaged (more pixel data than its size says)"
        elif ctag == b"IEND":
            break
        pos += 12 + length
    if produced < expected or not inflater.eof:
        return "is damaged (its pixel data is cut short)"
    return None


def _png_raw_size(width: int, height: int, bits: int, interlace: int) -> int:
    """Bytes of filtered scanlines the PNG must inflate to."""
    if not interlace:
        return height * (1 + (width * bits + 7) // 8)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        pw, ph = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if pw > 0 and ph > 0:
            total += ph * (1 + (pw * bits + 7) // 8)
    return total


def _jpeg_problem(data: bytes) -> Optional[str]:
    import io

    size = _jpeg_size(io.BytesIO(data[2:]))
    if size is None:
        return "is a damaged JPEG file (no picture header)"
    if max(size) > MAX_IMAGE_SIDE:
        return (f"is {size[0]}x{size[1]} pixels; at most {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE} "
                "(save it smaller)")
    if min(size) == 0:
        return "is a damaged JPEG file (zero size)"
    if data.rfind(b"\xff\xd9") < max(0, len(data) - 4096):
        return "is cut short (the file ends before the picture does)"
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
