"""Pictures and sounds in packages: what a file really is (the declared MIME type is often
wrong or missing), ``data:`` URIs, and the sizes and durations OBF asks for."""

from __future__ import annotations

import base64
import binascii
import math
import os
import re
import struct
import wave
from typing import Optional

from ..boards.media import image_size

#: file extension -> MIME type, for what aac can show or play and what packages often hold
EXTENSION_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".bmp": "image/bmp",
    ".wav": "audio/wav", ".ogg": "audio/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4",
}
TYPE_EXTENSIONS = {
    "image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg", "image/gif": ".gif",
    "image/webp": ".webp", "image/x-icon": ".ico", "image/bmp": ".bmp",
    "audio/wav": ".wav", "audio/ogg": ".ogg", "audio/mpeg": ".mp3", "audio/mp4": ".m4a",
}
#: pictures aac shows and sounds it plays (BOARD_FORMAT.md; pygame also plays MP3)
SHOWN_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml"})
PLAYED_TYPES = frozenset({"audio/wav", "audio/ogg", "audio/mpeg"})
_ALIASES = {"image/jpg": "image/jpeg", "image/svg": "image/svg+xml", "audio/mp3": "audio/mpeg",
            "audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/vnd.wave": "audio/wav",
            "audio/x-mp3": "audio/mpeg", "audio/mpeg3": "audio/mpeg", "image/ico": "image/x-icon",
            "image/vnd.microsoft.icon": "image/x-icon", "audio/vorbis": "audio/ogg"}
_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[^;,]*)*)(;base64)?,(.*)",
                       re.DOTALL | re.IGNORECASE)
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_SVG_SIZE = re.compile(rb'\s(width|height)\s*=\s*["\']([\d.]+)(px)?["\']', re.IGNORECASE)
_SVG_VIEWBOX = re.compile(rb'viewBox\s*=\s*"\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)')


def canonical_type(declared: object) -> Optional[str]:
    """``"image/PNG; charset=x"`` -> ``"image/png"``; unknown shapes -> None."""
    if not isinstance(declared, str) or "/" not in declared:
        return None
    base = declared.split(";")[0].strip().lower()
    return _ALIASES.get(base, base)


def sniff(data: bytes) -> Optional[str]:
    """The MIME type the bytes really have, from their first bytes."""
    head = data[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"\x00\x00\x01\x00"):
        return "image/x-icon"
    if head.startswith(b"BM"):
        return "image/bmp"
    if head[4:8] == b"ftyp":
        return "audio/mp4"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in \
            data[:4096].lower():
        return "image/svg+xml"
    return None


def decode_data_uri(uri: str, max_bytes: int) -> tuple[Optional[str], bytes]:
    """(declared type, bytes) of a ``data:`` URI; ValueError with a reason when unusable."""
    match = _DATA_URI.match(uri.strip())
    if match is None:
        raise ValueError("not a data: URI")
    declared, _params, is_base64, payload = match.groups()
    if len(payload) > max_bytes * 4 // 3 + 8:
        raise ValueError(f"inline data is larger than {max_bytes // (1024 * 1024)} MB")
    if is_base64:
        try:
            data = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("inline data is not valid base64") from None
    else:
        from urllib.parse import unquote_to_bytes

        data = unquote_to_bytes(payload)
    return canonical_type(declared), data


def data_uri(content_type: str, data: bytes) -> str:
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def type_of_file(path: str, data: bytes) -> Optional[str]:
    return sniff(data) or EXTENSION_TYPES.get(os.path.splitext(path)[1].lower())


def picture_size(path: str, data: bytes) -> tuple[int, int]:
    """(width, height) in pixels for OBF's required ``width``/``height``; SVG from its
    attributes or viewBox; 300x300 (a common symbol size) when the file does not say."""
    size = image_size(path)
    if size is not None and min(size) > 0:
        return size
    if sniff(data) == "image/svg+xml":
        tag = _SVG_TAG.search(data[:4096])
        head = tag.group() if tag else b""
        found = {k.decode().lower(): float(v) for k, v, _ in _SVG_SIZE.findall(head)}
        if "width" in found and "height" in found:
            return max(1, round(found["width"])), max(1, round(found["height"]))
        box = _SVG_VIEWBOX.search(head)
        if box:
            return max(1, round(float(box.group(1)))), max(1, round(float(box.group(2))))
    return 300, 300


def sound_seconds(path: str, data: bytes) -> int:
    """Whole seconds (rounded up, at least 1) for OBF's required ``duration``."""
    kind = sniff(data)
    try:
        if kind == "audio/wav":
            with wave.open(path, "rb") as w:
                return max(1, math.ceil(w.getnframes() / max(1, w.getframerate())))
        if kind == "audio/ogg":
            return max(1, math.ceil(_ogg_seconds(data)))
    except (OSError, EOFError, wave.Error, struct.error, ValueError):
        pass
    return 1


def _ogg_seconds(data: bytes) -> float:
    """Vorbis/Opus length: the last page's granule position over the sample rate."""
    rate = 48000.0
    vorbis = data.find(b"\x01vorbis")
    if vorbis >= 0:
        rate = float(struct.unpack("<I", data[vorbis + 12:vorbis + 16])[0]) or rate
    last = data.rfind(b"OggS")
    if last < 0:
        return 0.0
    granule: int = struct.unpack("<q", data[last + 6:last + 14])[0]
    return max(0.0, granule / rate)
