"""Bound an SVG before anything rasterises it, and rewrite it to be drawn at a chosen size.

SDL_image (through pygame) rasterises an SVG at the size it declares: a 123-byte file saying
``width="16000"`` took 2 GB and 12 s. So we read the root's size and viewBox with a bounded
XML parse that refuses entity declarations (no "billion laughs"), count the elements, and hand
the rasteriser a copy whose root says the size of the cell instead.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass
from typing import Optional

#: A cell picture is a few KB (the largest Mulberry symbol is 180 KB).
MAX_SVG_BYTES = 2 * 1024 * 1024
#: Elements (paths, groups, ...): Mulberry symbols have at most ~700.
MAX_SVG_ELEMENTS = 20_000
#: Declared size and viewBox sides, in CSS px / user units: beyond this it is not a picture.
MAX_SVG_EXTENT = 100_000.0
#: A dash pattern shorter than this share of the picture makes the rasteriser draw millions
#: of dashes (0.5 s for one 100-byte circle); no symbol needs one that fine.
MIN_DASH_SHARE = 1e-3

#: CSS px per unit, as SDL_image's nanosvg converts them (96 dpi, 16 px em).
_UNIT_PX = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
            "in": 96.0, "em": 16.0, "ex": 8.0}
_LENGTH = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Z%]*)\s*")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SIZE_ATTR = re.compile(rb"""\s(?:width|height)\s*=\s*(?:"[^"]*"|'[^']*')""")
_ORANGE = re.compile(rb"""((?:fill|stroke)\s*=\s*["'])orange(["'])""")
_DASH_STYLE = re.compile(r"stroke-dasharray\s*:\s*([^;]*)")


class SvgError(ValueError):
    """Why an SVG must not be rasterised, in words for a teacher."""


@dataclass(frozen=True)
class SvgInfo:
    """What the root ``<svg>`` declares; sizes in CSS px (None: absent or relative, e.g. %)."""

    width: Optional[float]
    height: Optional[float]
    view_box: Optional[tuple[float, float, float, float]]
    elements: int
    tag_start: int  # byte offsets of the root start tag, for the rewrite
    tag_end: int

    @property
    def aspect(self) -> Optional[float]:
        """Width / height as drawn: the viewBox's, else the declared size's; None if unknown."""
        if self.view_box is not None:
            return self.view_box[2] / self.view_box[3]
        if self.width and self.height:
            return self.width / self.height
        return None


def inspect_svg(data: bytes) -> SvgInfo:
    """Parse ``data`` once, bounded; raise ``SvgError`` saying what is wrong."""
    if len(data) > MAX_SVG_BYTES:
        raise SvgError(f"is {len(data)} bytes; an SVG symbol may have at most "
                       f"{MAX_SVG_BYTES // (1024 * 1024)} MB")
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: dict[str, str] = {}
    where: list[int] = []
    count = 0
    dashes: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise SvgError(f"has more than {MAX_SVG_ELEMENTS} elements (too complex to draw)")
        if count == 1:
            if name != "svg":
                raise SvgError(f"is not an SVG picture (its first element is <{name}>)")
            root.update(attrs)
            where.append(parser.CurrentByteIndex)
        dash = attrs.get("stroke-dasharray")
        if dash:
            dashes.append(dash)
        style = _DASH_STYLE.search(attrs.get("style", ""))
        if style:
            dashes.append(style.group(1))

    def no_entities(*_: object) -> None:
        raise SvgError("declares XML entities (<!ENTITY>), which a picture does not need and "
                       "which can make it explode in size; save it again as plain SVG")

    def doctype(_name: str, _sys: Optional[str], _pub: Optional[str], internal: int) -> None:
        if internal:
            no_entities()

    parser.StartElementHandler = start
    parser.EntityDeclHandler = no_entities
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise SvgError(f"is not well-formed SVG: {xml.parsers.expat.errors.messages[exc.code]} "
                       f"at line {exc.lineno}, column {exc.offset + 1}") from None
    if not where:
        raise SvgError("is not an SVG picture (no <svg> element)")
    info = SvgInfo(
        width=_length(root.get("width"), "width"),
        height=_length(root.get("height"), "height"),
        view_box=_view_box(root.get("viewBox")),
        elements=count,
        tag_start=where[0],
        tag_end=_tag_end(data, where[0]),
    )
    extent = max((info.view_box[2:] if info.view_box else ()) +
                 tuple(v for v in (info.width, info.height) if v), default=0.0)
    for dash in dashes:
        _check_dash(dash, extent)
    return info


def svg_at_size(data: bytes, info: SvgInfo, box: tuple[int, int]) -> tuple[bytes, tuple[int, int]]:
    """``data`` rewritten so its root is the largest size fitting ``box`` with its aspect kept.

    The viewBox stays (it maps the drawing onto the new size); when only width/height were
    declared, a viewBox of that size is added so the picture scales instead of being cropped.
    Without either the picture has no size of its own: it is drawn at ``box`` in CSS px, as a
    browser would draw it in a box that size.
    """
    bw, bh = max(1, box[0]), max(1, box[1])
    aspect = info.aspect
    if aspect is None:
        w, h = bw, bh
    elif bw / bh > aspect:
        w, h = max(1, round(bh * aspect)), bh
    else:
        w, h = bw, max(1, round(bw / aspect))
    tag = data[info.tag_start:info.tag_end]
    tag = _SIZE_ATTR.sub(b"", tag)
    extra = f' width="{w}" height="{h}"'
    if info.view_box is None and info.width and info.height:
        extra += f' viewBox="0 0 {info.width:g} {info.height:g}"'
    tag = tag[:4] + extra.encode() + tag[4:]  # after "<svg"
    # nanosvg lacks the colour name "orange" (158 Mulberry shapes): drawn black without this.
    body = _ORANGE.sub(rb"\g<1>#ffa500\g<2>", data[info.tag_end:])
    return data[:info.tag_start] + tag + body, (w, h)


def _length(text: Optional[str], what: str) -> Optional[float]:
    """A width/height in CSS px; None when absent or relative (%, auto)."""
    if text is None:
        return None
    m = _LENGTH.fullmatch(text)
    if m is None:
        if text.strip() in ("", "auto"):
            return None
        raise SvgError(f'has {what}="{text}", which is not a length (e.g. 48, 10mm, 2in)')
    value, unit = float(m.group(1)), m.group(2).lower()
    if unit == "%":
        return None
    if unit not in _UNIT_PX:
        raise SvgError(f'has {what}="{text}": unknown unit "{unit}" '
                       "(px, pt, pc, mm, cm, in, em, ex or %)")
    px = value * _UNIT_PX[unit]
    _check_extent(px, f'{what}="{text}"')
    return px


def _view_box(text: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    if text is None:
        return None
    nums = [float(n) for n in _NUMBER.findall(text)]
    if len(nums) != 4:
        raise SvgError(f'has viewBox="{text}"; expected four numbers: x y width height')
    for side in nums[2:]:
        _check_extent(side, f'viewBox="{text}"')
    if max(abs(nums[0]), abs(nums[1])) > MAX_SVG_EXTENT * 10:
        raise SvgError(f'has viewBox="{text}", far outside any drawing')
    return nums[0], nums[1], nums[2], nums[3]


def _check_extent(value: float, what: str) -> None:
    if not value > 0:  # also NaN
        raise SvgError(f"has {what}: a picture needs a size above zero")
    if value > MAX_SVG_EXTENT:
        raise SvgError(f"has {what}: more than {MAX_SVG_EXTENT:.0f} px or units "
                       "(save it with a smaller size or viewBox)")


def _check_dash(text: str, extent: float) -> None:
    try:
        total = sum(abs(float(n)) for n in _NUMBER.findall(text))
    except ValueError:
        return
    if 0 < total < max(extent, 1.0) * MIN_DASH_SHARE:
        raise SvgError(f'has stroke-dasharray="{text.strip()}", too fine to draw in time '
                       "(millions of dashes)")


def _tag_end(data: bytes, start: int) -> int:
    """Offset just past the ``>`` closing the start tag at ``start`` (quotes respected)."""
    quote = 0
    for i in range(start, len(data)):
        ch = data[i]
        if quote:
            if ch == quote:
                quote = 0
        elif ch in (0x22, 0x27):
            quote = ch
        elif ch == 0x3E:  # ">"
            return i + 1
    raise SvgError("is not well-formed SVG: the <svg> tag is not closed")
