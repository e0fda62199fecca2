"""The one place picture bytes are handed to SDL_image: sized to a box, quiet, with the file's
problem as a sentence.

An SVG is rasterised at the box size (its root rewritten by ``svg.svg_at_size``), never at
the size it declares; PNG and JPEG are decoded (their size was bounded by ``media``) and
scaled to the box with their aspect kept. libpng's own complaints ("libpng error: IDAT: CRC
error", with no file name) are kept off stderr; the caller reports the problem with the file.
"""

from __future__ import annotations

import io
import os
import threading

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # lint's stdout may be JSON

import pygame  # noqa: E402

from ..quiet import quiet_c_stderr  # noqa: E402

_decode_lock = threading.Lock()  # one decode at a time: the stderr silencing is process-wide


class RasterError(ValueError):
    """The decoder refused the picture; the message says why, without the file name."""


def rasterise(data: bytes, box: tuple[int, int]) -> pygame.Surface:
    """``data`` (PNG, JPEG or SVG) as the largest surface fitting ``box``, aspect kept.

    The surface is not converted to the display format (callers on a worker thread may not
    have a display). Raises ``RasterError``.
    """
    from .media import picture_kind

    kind = picture_kind(data)
    if kind is None:
        raise RasterError("is not a PNG, JPEG or SVG picture")
    if kind == "svg":
        from .svg import SvgError, inspect_svg, svg_at_size  # expat: not for a warm start

        try:
            info = inspect_svg(data)
        except SvgError as exc:
            raise RasterError(str(exc)) from None
        data, _ = svg_at_size(data, info, box)
    raw = _decode(data, "x.svg" if kind == "svg" else f"x.{kind}")
    if kind == "svg":
        return raw
    return fit(raw, box)


def fit(raw: pygame.Surface, box: tuple[int, int]) -> pygame.Surface:
    """``raw`` scaled to the largest size inside ``box`` keeping its aspect."""
    w, h = raw.get_size()
    scale = min(box[0] / w, box[1] / h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    if size == (w, h):
        return raw
    if raw.get_bitsize() not in (24, 32):  # palette pictures cannot be smoothscaled
        wide = pygame.Surface((w, h), pygame.SRCALPHA, 32)
        wide.blit(raw, (0, 0))  # keeps a palette picture's transparent colour
        raw = wide
    return pygame.transform.smoothscale(raw, size)


def _decode(data: bytes, hint: str) -> pygame.Surface:
    with _decode_lock, quiet_c_stderr():
        try:
            surface = pygame.image.load(io.BytesIO(data), hint)
        except (pygame.error, ValueError, OSError) as exc:
            raise RasterError(f"cannot be decoded ({exc})") from None
    w, h = surface.get_size()
    if w < 1 or h < 1:
        raise RasterError("decodes to an empty picture")
    return surface
