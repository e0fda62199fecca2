"""Issue 12.2: the default boards laid out for any screen, checked by font metrics and by
the rendered pixels: labels never cut or covered, one label size across a board, pictures
above their labels, link cells shaped as folders."""

from __future__ import annotations

import os
from pathlib import Path

import numpy
import pygame
import pytest

from aac.boards.loader import load_board_set
from aac.core.board import Board, BoardSet
from aac.core.view import View
from aac.paths import default_boards as _root
from aac.ui.cell_shape import link_body
from aac.ui.layout import Rect
from aac.ui.render import Renderer, _line_height
from aac.ui.theme import DEFAULT_THEME


def default_boards():  # type: ignore[no-untyped-def]
    """The English default set (``boards/`` is a folder of sets)."""
    return _root() / "en"

SIZES = [(480, 320), (800, 480), (1920, 1080), (480, 800)]


@pytest.fixture(scope="module")
def boards() -> BoardSet:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.font.init()
    result = load_board_set(default_boards())
    assert result.boards is not None, result.problems
    return result.boards


def draw(board: Board, size: tuple[int, int], tmp_path: Path
         ) -> tuple[pygame.Surface, Renderer, int]:
    """Render through a PNG file (the pixels checked are the file's)."""
    surface = pygame.Surface(size)
    renderer = Renderer()
    layout = renderer.draw(surface, View(board))
    out = tmp_path / f"{board.id}-{size[0]}x{size[1]}.png"
    pygame.image.save(surface, str(out))
    return pygame.image.load(str(out)), renderer, renderer.board_label_px(board, layout)


def within(inner: Rect, outer: Rect) -> bool:
    return (outer.x <= inner.x and inner.right <= outer.right and outer.y <= inner.y
            and inner.bottom <= outer.bottom)


def overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_labels_and_pictures_fit_their_cells_by_metrics_and_pixels(
    boards: BoardSet, size: tuple[int, int], tmp_path: Path
) -> None:
    for board in (boards.home_board, *[b for b in boards.boards.values() if b.id != boards.home]):
        surface, renderer, cap = draw(board, size, tmp_path)
        pixels = pygame.surfarray.array3d(surface)
        layout = renderer.layout
        assert layout is not None
        for (r, c), rect in layout.cells.items():
            cell = board.cell(r, c)
            assert cell is not None
            boxes = renderer.cell_boxes(cell, rect, cap)
            body = renderer.inner(link_body(rect) if cell.link else rect)
            where = f"{board.id} {cell.label!r} at {size}"
            if boxes.label is not None:
                font = renderer._font(boxes.label_px)
                assert within(boxes.label, body), where
                # every wrapped line fits the box's width, every line a full line high
                assert all(font.size(line)[0] <= boxes.label.w for line in boxes.lines), where
                assert boxes.label.h == len(boxes.lines) * _line_height(font), where
                assert boxes.label_px <= cap, where
            if boxes.picture is not None:
                assert within(boxes.picture, body), where
                if boxes.label is not None:
                    assert boxes.picture.bottom <= boxes.label.y, where
                    assert not overlap(boxes.picture, boxes.label), where
            # pixels: inside the cell, nothing is drawn outside the picture and label boxes
            bg = cell.rgb or DEFAULT_THEME.cell_default
            ink = differs(pixels, body, bg)
            for box in (boxes.picture, boxes.label):
                if box is not None:
                    ink[box.x - body.x:box.right - body.x, box.y - body.y:box.bottom - body.y] = 0
            assert not ink.any(), where
            if boxes.label is not None:  # and the label's text is really there
                assert differs(pixels, boxes.label, bg).any(), where


def differs(pixels: numpy.ndarray, box: Rect, bg: tuple[int, int, int]) -> numpy.ndarray:
    """Per pixel of ``box`` (x, y indexed): drawn in another colour than ``bg``."""
    area = pixels[box.x:box.right, box.y:box.bottom]
    return numpy.asarray((area != numpy.array(bg)).any(axis=2), dtype=numpy.uint8)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_label_size_across_the_home_board(
    boards: BoardSet, size: tuple[int, int], tmp_path: Path
) -> None:
    """Every label at the board's size unless it cannot fit at it even wrapped; most at it."""
    board = boards.home_board
    _surface, renderer, cap = draw(board, size, tmp_path)
    assert renderer.layout is not None
    sizes = []
    for (r, c), rect in renderer.layout.cells.items():
        cell = board.cell(r, c)
        if cell is None or not cell.label:
            continue
        boxes = renderer.cell_boxes(cell, rect, cap)
        sizes.append(boxes.label_px)
        if boxes.label_px < cap:  # smaller only because it does not fit at the board's size
            inner = renderer.inner(link_body(rect) if cell.link else rect)
            assert not renderer._fits_at(cell.label, cap, inner.w,
                                         renderer._label_budget(cell, inner)), cell.label
    assert sum(1 for s in sizes if s == cap) >= 0.75 * len(sizes), (cap, sorted(sizes))


def test_descenders_are_not_cut(boards: BoardSet, tmp_path: Path) -> None:
    """"go" at 800x480: ink reaches below the baseline, inside the label box."""
    board = boards.home_board
    surface, renderer, cap = draw(board, (800, 480), tmp_path)
    assert renderer.layout is not None
    (pos,) = [p for p, _ in renderer.layout.cells.items()
              if (cell := board.cell(*p)) is not None and cell.label == "go"]
    cell = board.cell(*pos)
    assert cell is not None
    boxes = renderer.cell_boxes(cell, renderer.layout.cells[pos], cap)
    assert boxes.label is not None
    font = renderer._font(boxes.label_px)
    baseline = boxes.label.y + font.get_ascent()
    bg = cell.rgb
    below = sum(1 for y in range(baseline + 1, boxes.label.bottom)
                for x in range(boxes.label.x, boxes.label.right)
                if tuple(surface.get_at((x, y)))[:3] != bg)
    assert below > 0


def test_pictures_are_larger_than_before(boards: BoardSet, tmp_path: Path) -> None:
    """At 1920x1080 the pictures take most of the cell's height (issue: ~45 px in 150x75)."""
    board = boards.home_board
    _s, renderer, cap = draw(board, (1920, 1080), tmp_path)
    assert renderer.layout is not None
    for (r, c), rect in renderer.layout.cells.items():
        cell = board.cell(r, c)
        if cell is None or not cell.symbol_file:
            continue
        box = renderer.cell_boxes(cell, rect, cap).picture
        assert box is not None and box.h >= 0.45 * rect.h, (cell.label, box, rect)


def test_link_cells_are_shaped_as_folders(boards: BoardSet, tmp_path: Path) -> None:
    """A link cell's top-right corner is background (the tab is on the left only); a word
    cell's is its outline."""
    board = boards.home_board
    surface, renderer, _cap = draw(board, (800, 480), tmp_path)
    assert renderer.layout is not None
    kinds: dict[bool, list[tuple[int, int, int]]] = {True: [], False: []}
    for (r, c), rect in renderer.layout.cells.items():
        cell = board.cell(r, c)
        assert cell is not None
        kinds[cell.link is not None].append(tuple(surface.get_at((rect.right - 3, rect.y + 1)))[:3])
    assert kinds[True] and kinds[False]
    assert all(p == DEFAULT_THEME.background for p in kinds[True])
    assert all(p != DEFAULT_THEME.background for p in kinds[False])
