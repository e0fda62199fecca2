"""Make an SVG declare the pixel size we want it drawn at.

SDL_image (nanosvg) rasterises an SVG at the width/height its root declares, and Mulberry
and OpenMoji declare none (only a viewBox): rewriting the root's width/height to the target,
with the viewBox's aspect kept, gives a sharp picture at any cell size in one step.
"""

from __future__ import annotations

import re
from typing import Optional

_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_VIEWBOX = re.compile(rb"""\sviewBox\s*=\s*["']\s*(%s)[\s,]+(%s)[\s,]+(%s)[\s,]+(%s)\s*["']"""
                      % ((_NUMBER,) * 4))
_WIDTH = re.compile(rb"""\swidth\s*=\s*["']\s*(%s)\s*(px)?\s*["']""" % _NUMBER)
_HEIGHT = re.compile(rb"""\sheight\s*=\s*["']\s*(%s)\s*(px)?\s*["']""" % _NUMBER)
_SIZE_ATTR = re.compile(rb"""\s(?:width|height)\s*=\s*(?:"[^"]*"|'[^']*')""")
# nanosvg knows only a few colour names; 158 Mulberry shapes are fill="orange" (drawn black).
_ORANGE = re.compile(rb"""((?:fill|stroke)\s*=\s*["'])orange(["'])""")


def fit_svg(data: bytes, width: int, height: int) -> Optional[tuple[bytes, int, int]]:
    """``data`` with its root sized to fit ``width`` x ``height``, aspect kept; and that size.

    Colour names nanosvg lacks (``orange``) are also written as hex.

    None when there is no ``<svg>`` root or no size to keep the aspect of.
    """
    root = _ROOT.search(data)
    if root is None:
        return None
    tag = root.group(0)
    box = _viewbox(tag)
    if box is None:
        return None
    vw, vh = box
    scale = min(width / vw, height / vh)
    w, h = max(1, round(vw * scale)), max(1, round(vh * scale))
    new_tag = _SIZE_ATTR.sub(b"", tag)
    if _VIEWBOX.search(new_tag) is None:  # only width/height: keep them as the drawing's box
        new_tag = new_tag[:4] + b' viewBox="0 0 %s %s"' % (_fmt(vw), _fmt(vh)) + new_tag[4:]
    new_tag = new_tag[:4] + b' width="%d" height="%d"' % (w, h) + new_tag[4:]
    body = _ORANGE.sub(rb"\g<1>#ffa500\g<2>", data[root.end():])
    return data[: root.start()] + new_tag + body, w, h


def _viewbox(tag: bytes) -> Optional[tuple[float, float]]:
    m = _VIEWBOX.search(tag)
    if m is not None:
        vw, vh = float(m.group(3)), float(m.group(4))
    else:
        mw, mh = _WIDTH.search(tag), _HEIGHT.search(tag)
        if mw is None or mh is None:
            return None
        vw, vh = float(mw.group(1)), float(mh.group(1))
    if not (vw > 0 and vh > 0) or vw == float("inf") or vh == float("inf"):
        return None
    return vw, vh


def _fmt(x: float) -> bytes:
    return (b"%d" % x) if x == int(x) else repr(x).encode()
