"""SVG bounds and cell-size rasterising (issue 16.2): a 123-byte SVG declaring 16000x16000 px
took 2 GB; every SVG is now parsed, bounded, and drawn at the box size with its aspect kept."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from aac.boards.media import picture_problem
from aac.boards.raster import RasterError, rasterise
from aac.boards.svg import MAX_SVG_ELEMENTS, SvgError, inspect_svg, svg_at_size

NS = 'xmlns="http://www.w3.org/2000/svg"'


def svg(attrs: str, body: str = '<rect x="0" y="0" width="100%" height="100%" fill="red"/>'
        ) -> bytes:
    return f"<svg {NS} {attrs}>{body}</svg>".encode()


def red_box(surface: pygame.Surface) -> tuple[int, int]:
    """Width and height of the red pixels' bounding box."""
    rgb = pygame.surfarray.array3d(surface)
    alpha = pygame.surfarray.array_alpha(surface) if surface.get_flags() & pygame.SRCALPHA \
        else np.full(rgb.shape[:2], 255)
    red = (rgb[:, :, 0] > 200) & (rgb[:, :, 1] < 60) & (alpha > 128)
    xs, ys = np.nonzero(red)
    assert xs.size, "no red drawn"
    return int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def test_only_a_viewbox_is_drawn_at_the_box_with_its_aspect() -> None:
    data = svg('viewBox="0 0 100 50"', '<rect width="100" height="50" fill="red"/>')
    info = inspect_svg(data)
    assert (info.width, info.height, info.view_box) == (None, None, (0, 0, 100, 50))
    img = rasterise(data, (300, 300))
    assert img.get_size() == (300, 150)
    assert red_box(img) == (300, 150)  # scaled through the viewBox, not cropped


@pytest.mark.parametrize("w, h, px", [
    ("20mm", "10mm", (20 * 96 / 25.4, 10 * 96 / 25.4)),
    ("2in", "1in", (192.0, 96.0)),
    ("30pt", "15pt", (40.0, 20.0)),
    ("4cm", "2cm", (4 * 96 / 2.54, 2 * 96 / 2.54)),
    ("10em", "5em", (160.0, 80.0)),
])
def test_width_and_height_in_units_scale_as_a_whole(w: str, h: str, px: tuple[float, float]
                                                    ) -> None:
    body = f'<rect width="{px[0]}" height="{px[1]}" fill="red"/>'  # user units are CSS px
    data = svg(f'width="{w}" height="{h}"', body)
    info = inspect_svg(data)
    assert info.width == pytest.approx(px[0]) and info.height == pytest.approx(px[1])
    img = rasterise(data, (200, 200))
    assert img.get_size() == (200, 100)
    bw, bh = red_box(img)  # the synthesised viewBox scales the drawing, aspect 2:1
    assert abs(bw - 200) <= 1 and abs(bh - 100) <= 1


def test_percent_size_uses_the_viewbox_and_without_one_the_box() -> None:
    with_vb = svg('width="100%" height="100%" viewBox="0 0 30 60"',
                  '<rect width="30" height="60" fill="red"/>')
    assert inspect_svg(with_vb).width is None
    assert rasterise(with_vb, (100, 100)).get_size() == (50, 100)
    # no size of its own at all: drawn in a box-sized viewport, as a browser would
    bare = svg('width="100%"', '<rect width="10" height="10" fill="red"/>')
    assert rasterise(bare, (80, 40)).get_size() == (80, 40)


def test_a_huge_declared_size_is_rasterised_at_the_box_size_only() -> None:
    data = svg('width="16000" height="16000"', '<rect width="16000" height="16000" fill="red"/>')
    assert len(data) < 200 and picture_problem(data) is None  # a legal vector picture
    img = rasterise(data, (120, 90))
    assert img.get_size() == (90, 90)  # never 16000x16000 (1 GB of pixels; timing: README)
    assert red_box(img) == (90, 90)


def test_the_rewrite_keeps_the_viewbox_and_other_attributes() -> None:
    data = (b'<?xml version="1.0"?>\n<svg ' + NS.encode() + b' stroke-width="3" width="640" '
            b"height='480' viewBox=\"0 0 64 48\"><g/></svg>")
    out, size = svg_at_size(data, inspect_svg(data), (32, 32))
    assert size == (32, 24)
    root = out[out.index(b"<svg"):out.index(b">", out.index(b"<svg")) + 1]
    assert b'width="32" height="24"' in root and b'viewBox="0 0 64 48"' in root
    assert b'stroke-width="3"' in root and b"640" not in root and b"480" not in root
    assert out.startswith(b'<?xml version="1.0"?>\n<svg') and out.endswith(b"<g/></svg>")


@pytest.mark.parametrize("attrs, why", [
    ('viewBox="0 0 1000000000 1000000000"', "more than 100000"),
    ('width="1e9" height="10"', "more than 100000"),
    ('width="99999in" height="1in"', "more than 100000"),
    ('viewBox="0 0 0 10"', "size above zero"),
    ('width="-5" height="5"', "size above zero"),
    ('viewBox="0 0 10"', "four numbers"),
    ('width="ten" height="5"', "not a length"),
    ('width="10furlongs" height="5"', 'unknown unit "furlongs"'),
])
def test_absurd_sizes_and_viewboxes_are_refused(attrs: str, why: str) -> None:
    with pytest.raises(SvgError, match=why):
        inspect_svg(svg(attrs))
    assert why in (picture_problem(svg(attrs)) or "")


def test_too_many_elements_are_refused_before_rasterising() -> None:
    many = svg('viewBox="0 0 10 10"', '<rect width="1" height="1"/>' * MAX_SVG_ELEMENTS)
    assert "more than 20000 elements" in (picture_problem(many) or "")
    fine = svg('viewBox="0 0 10 10"', '<rect width="1" height="1"/>' * 500)
    assert picture_problem(fine) is None


def test_a_dash_pattern_that_would_stall_the_rasteriser_is_refused() -> None:
    # 0.5 s of drawing for this 200-byte file before the check (millions of dashes)
    data = svg('viewBox="0 0 100 100"', '<circle cx="50" cy="50" r="40" fill="none" '
               'stroke="black" style="stroke-dasharray: 0.00001"/>')
    assert "stroke-dasharray" in (picture_problem(data) or "")
    ok = svg('viewBox="0 0 100 100"', '<circle r="4" stroke-dasharray="2 1"/>')
    assert picture_problem(ok) is None


@pytest.mark.parametrize("data, why", [
    (b"<svg " + NS.encode() + b"><rect></svg>", "not well-formed SVG: mismatched tag at line 1"),
    (b"<svg " + NS.encode() + b' width="10"', "not well-formed"),
    (b"<html><svg/></html>", "first element is <html>"),
    (b"<svg " + NS.encode() + b">&nope;</svg>", "undefined entity"),
])
def test_malformed_svg_is_a_sentence_not_a_crash(data: bytes, why: str) -> None:
    assert why in (picture_problem(data) or "")
    with pytest.raises(RasterError, match=why.split(":")[0]):
        rasterise(data, (50, 50))


def test_entity_declarations_are_refused_unexpanded() -> None:
    lol = b'<!ENTITY lol "lololololololololololol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10)
        for i in range(1, 10))
    bomb = b"<?xml version='1.0'?><!DOCTYPE svg [" + lol + b"]><svg " + NS.encode() + \
        b"><text>&lol9;</text></svg>"
    assert "declares XML entities" in (picture_problem(bomb) or "")  # refused, not expanded
    # a plain DOCTYPE without its own declarations, as Illustrator writes, is fine
    plain = (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
             b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg('viewBox="0 0 4 4"'))
    assert picture_problem(plain) is None
