"""Cell pictures for the screen: decoded once per (file, size), off the loop thread.

``Pictures.get(path, box)`` never blocks the caller in background mode: it answers with the
picture scaled into ``box`` (aspect kept), ``PENDING`` while a worker thread decodes it, or a
``Picture`` without a surface whose ``error`` names the file (drawn as a plain placeholder).
Results are kept by file identity (path, inode, size, mtime) and box, so a redraw or a board
reload costs a ``stat`` and a replaced file is decoded again. Later a disk cache and prefetch
of linked boards plug in at ``_decode`` (keyed by ``PictureKey``) and ``prefetch``.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Optional, Union

import pygame

from ..boards.media import unusable
from ..boards.raster import RasterError, rasterise
from .layout import Rect

#: (path, inode, size in bytes, mtime in ns, box width, box height)
PictureKey = tuple[str, int, int, int, int, int]


@dataclass(frozen=True)
class Picture:
    """A decoded picture, or (``surface`` None) the reason the file cannot be shown."""

    surface: Optional[pygame.Surface]
    error: Optional[str] = None


class _Pending:
    def __repr__(self) -> str:
        return "PENDING"


#: ``get`` returns this while the picture is being decoded.
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
        max_items: int = 512,
    ) -> None:
        self.background = background
        self.on_ready = on_ready  # called on the worker thread after each decode
        self.report = report
        self.max_items = max_items
        self._done: collections.OrderedDict[PictureKey, Picture] = collections.OrderedDict()
        self._queued: collections.OrderedDict[PictureKey, str] = collections.OrderedDict()
        self._reported: set[tuple[str, int, int, int]] = set()
        self._cond = threading.Condition()
        self._busy = False
        self._fresh = False  # a decode finished since ``take_fresh``
        self._thread: Optional[threading.Thread] = None
        self._closed = False

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
            if self.background:
                self._enqueue(key, path)
                return PENDING
        return self._decode_and_store(key, path)

    def prefetch(self, items: Iterable[tuple[str, tuple[int, int]]]) -> None:
        """Queue decodes ahead of drawing (e.g. the boards the visible one links to)."""
        for path, box in items:
            key = self._key(path, box)
            if key is not None:
                with self._cond:
                    if key not in self._done:
                        self._enqueue(key, path)

    def take_fresh(self) -> bool:
        """True once after new pictures arrived: the screen should be drawn again."""
        with self._cond:
            fresh, self._fresh = self._fresh, False
            return fresh

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is queued or being decoded (tests, screenshots)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queued and not self._busy, timeout)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._queued.clear()
            self._cond.notify_all()

    # -- internals ------------------------------------------------------------------------
    @staticmethod
    def _key(path: str, box: tuple[int, int]) -> Optional[PictureKey]:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (path, st.st_ino, st.st_size, st.st_mtime_ns, max(1, box[0]), max(1, box[1]))

    def _enqueue(self, key: PictureKey, path: str) -> None:
        """(Lock held.) Queue ``key`` once; start the worker on first use."""
        if key in self._queued or self._closed:
            return
        self._queued[key] = path
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="pictures", daemon=True)
            self._thread.start()
        self._cond.notify_all()

    def _work(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._queued or self._closed)
                if self._closed:
                    return
                key, path = self._queued.popitem(last=False)
                self._busy = True
            try:
                self._decode_and_store(key, path)
            finally:
                with self._cond:
                    self._busy = False
                    self._fresh = True
                    self._cond.notify_all()
            if self.on_ready is not None:
                self.on_ready()

    def _decode_and_store(self, key: PictureKey, path: str) -> Picture:
        picture = _decode(path, (key[4], key[5]))
        with self._cond:
            self._done[key] = picture
            while len(self._done) > self.max_items:
                self._done.popitem(last=False)
            first = key[:4] not in self._reported
            if picture.error is not None:
                self._reported.add(key[:4])
        if picture.error is not None and first:  # once per file version, not per size
            self.report(f"{picture.error}; a placeholder is shown")
        return picture


def _decode(path: str, box: tuple[int, int]) -> Picture:
    """Check (cheap, cached) then rasterise; every failure names the file."""
    why = unusable(path, is_image=True)
    if why is None:
        try:
            with open(path, "rb") as f:
                data = f.read()
            surface = rasterise(data, box)
        except OSError as exc:
            why = f"cannot be read ({exc.strerror})"
        except RasterError as exc:
            why = str(exc)
        else:
            if pygame.display.get_init() and pygame.display.get_surface() is not None:
                surface = surface.convert_alpha()
            return Picture(surface)
    return Picture(None, f"picture {path} {why}")


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
