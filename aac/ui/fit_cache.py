"""Label sizes kept between starts, so the first frame fits no label by measuring it.

Fitting a label (the largest size at which it word-wraps into its cell, ``Renderer._fit``)
measures it with FreeType at up to ~8 sizes, opening a font for each: ~12 ms of CPU for the
56-cell home board here, ~50 ms at a quarter of a Pi core, before the first frame. The answer
depends only on the text, the box, the font file, the theme's size bounds, SDL_ttf and the
fitting code, so a renderer's fits are kept in ``$XDG_CACHE_HOME/aac/labels`` (one file per
font and bounds; the rest is checked inside the file) and read when the renderer is made. A
missing, damaged or foreign file only means measuring as before.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any, Optional

import pygame

#: bump when the fitting rule changes shape (the fitting code's own file is stamped too)
FORMAT = 1

Fits = dict[tuple[str, int, int], int]

_RENDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "render.py")


def identity(font_path: Optional[str], bounds: tuple[int, ...]) -> tuple[Any, ...]:
    """Everything a fit depends on besides (text, width, height)."""
    return (FORMAT, font_path, _stamp(font_path), tuple(bounds), _stamp(_RENDER),
            pygame.version.ver, tuple(pygame.font.get_sdl_ttf_version()))


def fits_file(ident: tuple[Any, ...]) -> Path:
    from ..cache_dirs import cache_dir

    name = f"{zlib.crc32(repr(ident[1:4]).encode()):08x}"  # font and bounds: one file each
    return cache_dir("labels") / f"fits-{name}"


def load_fits(ident: tuple[Any, ...]) -> Fits:
    """The fits kept for ``ident``; empty when there are none (or none usable)."""
    try:
        with open(fits_file(ident), "rb") as f:
            kept, fits = marshal.loads(f.read())
    except Exception:  # missing, damaged or from another version: measure again
        return {}
    return fits if kept == ident and isinstance(fits, dict) else {}


def save_fits(ident: tuple[Any, ...], fits: Fits) -> None:
    """Keep ``fits`` (atomically; a full or read-only disk is told once, as for every cache)."""
    from ..cache_dirs import store_file

    store_file("labels", fits_file(ident), lambda f: f.write(marshal.dumps((ident, fits))),
               ".fits-")


def _stamp(path: Optional[str]) -> tuple[int, int]:
    if path is None:
        return (-1, -1)
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)
