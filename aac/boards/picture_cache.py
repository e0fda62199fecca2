"""Rasterised pictures on disk, so a restart draws a board's pictures without decoding them.

Key: the picture file's CONTENT (SHA-256) + the box it was fitted to + ``FORMAT``: an edited
picture gets a new entry (live reload just works), a renamed or copied one is found again,
and a change in how pictures are rasterised (bump ``FORMAT``) never shows a stale one.

Each entry is raw RGBA after a 20-byte header (magic, format, width, height, CRC-32 of the
pixels): loading one is a read and a ``frombuffer``. Measured on a 52x52 Mulberry picture:
~3 us (CRC included) against ~80 us to decode it stored as PNG and ~0.9 ms to rasterise
the SVG, so raw wins; 48 pictures take ~0.5 MB. An entry whose size or CRC does not match
is deleted and treated as a miss, so a corrupt cache costs one decode, never a crash.
Writes are atomic (temp file + rename). Pure bytes here: no pygame.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from pathlib import Path
from typing import Optional, Union

from ..cache_dirs import cache_dir, cache_notice, cannot_write, writing_again

#: Bump when rasterising changes what a stored picture looks like (SVG sizing, scaling).
FORMAT = 1
_MAGIC = b"AACPX"
_HEADER = struct.Struct("<5sBHHxxxxI")  # magic, format, width, height, pad, crc32: 20 bytes
#: A cell picture is at most a screen; anything claiming more is damage.
MAX_SIDE = 4096
#: Disk kept for pictures (~120 boards of 48 pictures); the least recently used go first.
MAX_DISK_BYTES = 64 * 1024 * 1024


def content_digest(data: bytes) -> str:
    """The content half of the key (hex)."""
    return hashlib.sha256(data).hexdigest()[:40]


class PictureDiskCache:
    """RGBA pixels by (content digest, box), in ``directory`` (default: the pictures cache).

    ``enabled`` turns False when the folder cannot be made (read-only home): every ``get``
    is then a miss and every ``put`` a no-op. That, and a ``put`` that fails (a full disk),
    is told to the carer once (``aac.cache_dirs.cache_notice``); the memory copy serves.
    """

    def __init__(self, directory: Union[str, Path, None] = None) -> None:
        self.directory = Path(directory) if directory is not None else cache_dir("pictures")
        self.enabled = True
        self.hits = 0
        self.misses = 0
        self.notice = cache_notice()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.enabled = False
            self.notice.failed(cannot_write(self.directory, exc))

    def path(self, digest: str, box: tuple[int, int]) -> Path:
        return self.directory / f"{digest}-{box[0]}x{box[1]}.v{FORMAT}.rgba"

    def decoded_before(self, digest: str) -> bool:
        """True when this content was rasterised here before (see ``decoded_before``)."""
        return self.enabled and (self.directory / _ok_name(digest)).exists()

    def get(self, digest: str, box: tuple[int, int]) -> Optional[tuple[int, int, bytes]]:
        """``(width, height, rgba)`` stored for this content and box, or None."""
        if not self.enabled:
            return None
        path = self.path(digest, box)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError:
            self.misses += 1
            return None
        found = _parse(raw)
        if found is None:  # truncated, foreign or flipped bits: drop it, decode again
            self.misses += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
        self.hits += 1
        try:
            os.utime(path)  # used: ``prune`` keeps it
        except OSError:
            pass
        return found

    def prune(self, max_bytes: int = MAX_DISK_BYTES) -> int:
        """Delete the least recently used entries until the folder holds ``max_bytes`` at
        most (pictures edited or resized leave old entries behind). Returns files deleted.

        Reads the whole folder: call it off the loop thread (``Pictures.shown`` does, once,
        on its own thread after the first frame)."""
        if not self.enabled:
            return 0
        entries = []
        try:
            with os.scandir(self.directory) as it:
                for entry in it:
                    if entry.name.endswith((".rgba", ".ok")) and entry.is_file():
                        st = entry.stat()  # an empty marker still costs a disk block
                        entries.append((st.st_mtime_ns, max(st.st_size, 4096), entry.path))
        except OSError:
            return 0
        total = sum(size for _, size, _ in entries)
        deleted = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            try:
                os.unlink(path)
            except OSError:
                continue
            total -= size
            deleted += 1
        return deleted

    def put(self, digest: str, box: tuple[int, int], size: tuple[int, int], rgba: bytes) -> None:
        """Store ``rgba`` (``size[0] * size[1] * 4`` bytes); a full or read-only disk is
        ignored (the memory copy still serves)."""
        w, h = size
        if not self.enabled or len(rgba) != w * h * 4 or not (0 < w <= MAX_SIDE) or \
                not (0 < h <= MAX_SIDE):
            return
        header = _HEADER.pack(_MAGIC, FORMAT, w, h, zlib.crc32(rgba))
        try:
            import tempfile  # only when writing: not on the path of a warm first frame

            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".rgba")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(header)
                    f.write(rgba)
                os.replace(tmp, self.path(digest, box))
            except BaseException:
                os.unlink(tmp)
                raise
            (self.directory / _ok_name(digest)).touch()
        except OSError as exc:
            self.notice.failed(cannot_write(self.directory, exc))
            return
        self.notice.worked(writing_again(self.directory))


def decoded_before(data: bytes) -> bool:
    """True when the runtime already rasterised exactly these bytes without complaint.

    Lets the loader skip its own test decode of a picture on every later start (it is ~1 ms
    a picture, ~100 ms for two 48-picture boards); a picture that stopped decoding is still
    caught when drawn (placeholder and warning). Only reads the cache folder, never writes.
    """
    try:
        return (cache_dir("pictures") / _ok_name(content_digest(data))).exists()
    except OSError:
        return False


def _ok_name(digest: str) -> str:
    return f"{digest}.v{FORMAT}.ok"


def _parse(raw: bytes) -> Optional[tuple[int, int, bytes]]:
    if len(raw) < _HEADER.size:
        return None
    magic, fmt, w, h, crc = _HEADER.unpack_from(raw)
    if magic != _MAGIC or fmt != FORMAT or not (0 < w <= MAX_SIDE) or not (0 < h <= MAX_SIDE):
        return None
    pixels = raw[_HEADER.size:]
    if len(pixels) != w * h * 4 or zlib.crc32(pixels) != crc:
        return None
    return w, h, pixels
