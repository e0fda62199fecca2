"""Cell pictures for the screen: decoded once per (file, size), never on the loop thread.

``Pictures.get(path, box)`` never blocks the caller in background mode: it answers with the
picture scaled into ``box`` (aspect kept), ``PENDING`` while the worker thread makes it, or a
``Picture`` without a surface whose ``error`` names the file (drawn as a plain placeholder).

Three levels, cheapest first: memory (an LRU bounded in bytes, keyed by file identity - path,
inode, size, mtime - and box, so a redraw costs a ``stat`` and a replaced file is made again),
the disk cache (``picture_cache``: keyed by the file's content and the box, so a restart is
warm), and decoding (``raster.rasterise``). The worker serves what is on screen first
(``get``), then what may be shown next (``prefetch``: the boards the visible one links to).
While a picture is made at a new box, ``get`` answers with the same file made for another
box, scaled (``Picture.stand_in``), rather than a blank cell.
"""

from __future__ import annotations

import collections
import os
import stat
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Optional, Union

import pygame

from ..boards.media import MAX_MEDIA_BYTES, unusable
from ..boards.picture_cache import PictureDiskCache, content_digest
from ..boards.raster import RasterError, fit, rasterise
from ..cpu_priority import background_thread
from .layout import Rect

#: (path, inode, size in bytes, mtime in ns, box width, box height)
PictureKey = tuple[str, int, int, int, int, int]


@dataclass(frozen=True)
class Picture:
    """A decoded picture, or (``surface`` None) the reason the file cannot be shown."""

    surface: Optional[pygame.Surface]
    error: Optional[str] = None
    #: the same file made for another box, scaled, shown while this box's is being made
    #: (the status line appeared and every cell shrank a little: no blank board meanwhile)
    stand_in: bool = False


class _Pending:
    def __repr__(self) -> str:
        return "PENDING"


#: ``get`` returns this while the picture is being made.
PENDING = _Pending()
#: ``get`` returns None when there is no file (yet): the cell shows its label only.
Lookup = Union[Picture, _Pending, None]


def _stderr(message: str) -> None:
    print(f"aac: {message}", file=sys.stderr, flush=True)


class Pictures:
    """An in-memory cache of pictures at box sizes, filled by one worker thread."""

    def __init__(
        self,
        background: bool = True,
        on_ready: Optional[Callable[[], None]] = None,
        report: Callable[[str], None] = _stderr,
        max_bytes: int = 24 * 1024 * 1024,
        disk: Optional[PictureDiskCache] = None,
        decode: Optional[Callable[[bytes, tuple[int, int]], pygame.Surface]] = None,
    ) -> None:
        """``max_bytes`` bounds the pixels kept in memory (a 48-cell board at 800x480 needs
        ~0.6 MB); ``disk`` keeps what was decoded for the next start; ``decode`` replaces
        ``rasterise`` (tests count and order decodes with it)."""
        self.background = background
        self.on_ready = on_ready  # called on the worker thread after each picture
        self.report = report
        self.max_bytes = max_bytes
        self.disk = disk
        self.decode = decode
        self._done: collections.OrderedDict[PictureKey, Picture] = collections.OrderedDict()
        self._bytes = 0
        self._urgent: collections.OrderedDict[PictureKey, str] = collections.OrderedDict()
        self._later: collections.OrderedDict[PictureKey, str] = collections.OrderedDict()
        self._reported: set[tuple[str, int, int, int]] = set()
        #: file version -> the key of the last picture made of it (any box)
        self._latest: dict[tuple[str, int, int, int], PictureKey] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._fresh = False  # a picture finished since ``take_fresh``
        self._thread: Optional[threading.Thread] = None
        self._closed = False
        self._pruned = False
        #: background threads started once at the first flip (see ``shown``)
        self.start_jobs: list[threading.Thread] = []

    @property
    def memory_bytes(self) -> int:
        return self._bytes

    # -- the caller's side ----------------------------------------------------------------
    def get(self, path: str, box: tuple[int, int]) -> Lookup:
        """The picture at ``path`` fitted into ``box``; see the module docstring."""
        key = self._key(path, box)
        if key is None:
            return None
        with self._cond:
            hit = self._done.get(key)
            if hit is not None:
                self._done.move_to_end(key)
                return hit
            if not self.background:
                other = None
            else:
                self._later.pop(key, None)  # on screen now: ahead of every prefetch
                self._enqueue(self._urgent, key, path)
                other = self._done.get(self._latest.get(key[:4], key))
                if other is None or other.surface is None:
                    return PENDING
        if other is not None and other.surface is not None:  # scaled outside the lock
            return Picture(fit(other.surface, (key[4], key[5])), stand_in=True)
        return self._make_and_store(key, path)

    def prefetch(self, items: Iterable[tuple[str, tuple[int, int]]]) -> None:
        """Queue pictures that may be shown next, behind everything ``get`` asked for.

        Without a background thread this does nothing (the caller would wait for it)."""
        if not self.background:
            return
        for path, box in items:
            key = self._key(path, box)
            if key is not None:
                with self._cond:
                    if key not in self._done and key not in self._urgent:
                        self._enqueue(self._later, key, path)

    def take_fresh(self) -> bool:
        """True once after new pictures arrived: the screen should be drawn again."""
        with self._cond:
            fresh, self._fresh = self._fresh, False
            return fresh

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is queued or being made (tests, screenshots, benches)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: not self._urgent and not self._later and not self._busy, timeout)

    def wait_asked(self, timeout: float) -> bool:
        """Block until every picture ``get`` asked for is made (prefetches may still be
        queued): the first frame waits for its own pictures, not the linked boards'."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._urgent and not self._busy, timeout)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._urgent.clear()
            self._later.clear()
            self._cond.notify_all()

    # -- internals ------------------------------------------------------------------------
    @staticmethod
    def _key(path: str, box: tuple[int, int]) -> Optional[PictureKey]:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (path, st.st_ino, st.st_size, st.st_mtime_ns, max(1, box[0]), max(1, box[1]))

    def _enqueue(self, queue: collections.OrderedDict[PictureKey, str], key: PictureKey,
                 path: str) -> None:
        """(Lock held.) Queue ``key`` once; start the worker on first use."""
        if key in queue or self._closed:
            return
        queue[key] = path
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="pictures", daemon=True)
            self._thread.start()
        self._cond.notify_all()

    def shown(self) -> None:
        """A frame is on screen: the disk cache may be pruned now, once, on its own thread
        (it reads the whole folder: thousands of entries, not work for the first frame).
        The thread is kept in ``start_jobs`` so the loop can let it end before scanning."""
        with self._cond:
            if self._pruned or self.disk is None or not self.background:
                return
            self._pruned = True
        disk = self.disk

        def prune() -> None:
            background_thread()  # started by the loop thread (at the flip)
            disk.prune()

        job = threading.Thread(target=prune, name="pictures-prune", daemon=True)
        self.start_jobs.append(job)
        job.start()

    def _work(self) -> None:
        background_thread()  # started by the loop thread: not at the loop's priority
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._urgent or self._later or self._closed))
                if self._closed:
                    return
                queue = self._urgent if self._urgent else self._later
                key, path = queue.popitem(last=False)
                self._busy = True
            try:
                self._make_and_store(key, path)
            except Exception as exc:  # the worker must outlive any one picture
                self._store(key, Picture(None, f"picture {path} could not be shown ({exc})"))
            finally:
                with self._cond:
                    self._busy = False
                    self._fresh = True
                    self._cond.notify_all()
            if self.on_ready is not None:
                self.on_ready()

    def _make_and_store(self, key: PictureKey, path: str) -> Picture:
        return self._store(key, self._make(path, (key[4], key[5])))

    def _store(self, key: PictureKey, picture: Picture) -> Picture:
        with self._cond:
            old = self._done.pop(key, None)
            if old is not None:
                self._bytes -= _cost(old)
            self._done[key] = picture
            self._latest[key[:4]] = key
            self._bytes += _cost(picture)
            while self._bytes > self.max_bytes and len(self._done) > 1:
                gone, dropped = self._done.popitem(last=False)  # least recently drawn
                self._bytes -= _cost(dropped)
                if self._latest.get(gone[:4]) == gone:  # no stand-in left for that file
                    del self._latest[gone[:4]]
            first = key[:4] not in self._reported
            if picture.error is not None:
                self._reported.add(key[:4])
        if picture.error is not None and first:  # once per file version, not per size
            self.report(f"{picture.error}; a placeholder is shown")
        return picture

    def _make(self, path: str, box: tuple[int, int]) -> Picture:
        """Check (cheap, cached), then the disk cache, then rasterise; failures name the file."""
        known = self._made_before(path, box)
        if known is not None:
            return known
        why = unusable(path, is_image=True)
        if why is None:
            try:
                with open(path, "rb") as f:
                    data = f.read()
                surface = self._surface(data, box)
            except OSError as exc:
                why = f"cannot be read ({exc.strerror})"
            except RasterError as exc:
                why = str(exc)
            else:
                if pygame.display.get_init() and pygame.display.get_surface() is not None:
                    surface = surface.convert_alpha()
                return Picture(surface)
        return Picture(None, f"picture {path} {why}")

    def _made_before(self, path: str, box: tuple[int, int]) -> Optional[Picture]:
        """The picture from the disk cache when exactly these bytes were made at this box
        before: they passed every check then (only a checked picture is stored), so the
        checks (an SVG parse each: most of a warm start's picture work) are not repeated."""
        if self.disk is None:
            return None
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_MEDIA_BYTES:
                return None  # the full path says what is wrong with it
            with open(path, "rb") as f:
                data = f.read(MAX_MEDIA_BYTES + 1)
        except OSError:
            return None
        stored = self.disk.get(content_digest(data), box)
        if stored is None:
            return None
        w, h, rgba = stored
        surface = pygame.image.frombuffer(rgba, (w, h), "RGBA")
        if pygame.display.get_init() and pygame.display.get_surface() is not None:
            surface = surface.convert_alpha()
        return Picture(surface)

    def _surface(self, data: bytes, box: tuple[int, int]) -> pygame.Surface:
        """From the disk cache when it has this content at this box, else rasterised (and
        stored there for the next start)."""
        digest = content_digest(data) if self.disk is not None else ""
        stored = self.disk.get(digest, box) if self.disk is not None else None
        if stored is not None:
            w, h, rgba = stored
            return pygame.image.frombuffer(rgba, (w, h), "RGBA")
        surface = (self.decode or rasterise)(data, box)
        if self.disk is not None:
            self.disk.put(digest, box, surface.get_size(), pygame.image.tobytes(surface, "RGBA"))
        return surface


def _cost(picture: Picture) -> int:
    """Bytes a kept picture costs (a failure: its message, roughly)."""
    if picture.surface is None:
        return 64
    w, h = picture.surface.get_size()
    return w * h * picture.surface.get_bytesize()


def draw_picture(surface: pygame.Surface, found: Lookup, box: Rect, color: tuple[int, int, int]
                 ) -> None:
    """Blit ``found`` centred in ``box``; a broken picture is a plain frame in ``color``.

    Nothing is drawn while it is pending, so the cell does not flash a placeholder.
    """
    if isinstance(found, Picture) and found.surface is not None:
        w, h = found.surface.get_size()
        surface.blit(found.surface, (box.x + (box.w - w) // 2, box.y + (box.h - h) // 2))
    elif isinstance(found, Picture):
        side = max(4, min(box.w, box.h) * 2 // 3)
        frame = pygame.Rect(0, 0, side, side)
        frame.center = (box.x + box.w // 2, box.y + box.h // 2)
        pygame.draw.rect(surface, color, frame, max(1, side // 24))
