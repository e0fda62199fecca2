"""Headless renders checked by pixels: cells, empty spots, highlight, inversion, press."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from aac.core.board import Board, Cell
from aac.core.view import Highlight, View
from aac.ui.layout import Layout, Rect
from aac.ui.render import Renderer
from aac.ui.theme import DEFAULT_THEME, invert

SIZE = (800, 480)
T = DEFAULT_THEME
RED, GREEN, BLUE = (255, 0, 0), (0, 160, 0), (0, 0, 255)


def board(path: str | None = None, symbol: str | None = None) -> Board:
    """``symbol`` is resolved next to ``path`` here, as the loader does (Cell.symbol_file)."""
    symbol_file = str(Path(path).parent / symbol) if path and symbol else None
    return Board(
        "home",
        rows=(
            (Cell("I", color="#FF0000"), Cell("want", color="#00A000"), None,
             Cell("eat", color="#0000FF")),
            (Cell("you", color="#0000FF"), Cell("hidden", hidden=True, color="#FF0000"),
             Cell("go", color="#FF0000"), Cell("pic", color="#00A000", symbol=symbol,
                                                  symbol_file=symbol_file)),
            (Cell("more"),),
        ),
        name="Test board",
        path=path,
    )


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    pygame.font.init()


def render(view: View, tmp_path: Path, name: str = "frame.png") -> tuple[pygame.Surface, Layout]:
    """Draw off screen, save the PNG and read it back: the pixels checked are the file's."""
    surface = pygame.Surface(SIZE)
    layout = Renderer().draw(surface, view)
    out = tmp_path / name
    pygame.image.save(surface, str(out))
    return pygame.image.load(str(out)), layout


def px(surface: pygame.Surface, x: int, y: int) -> tuple[int, int, int]:
    c = surface.get_at((x, y))
    return (c.r, c.g, c.b)


def inside(rect: Rect) -> tuple[int, int]:
    """A point inside the cell fill, clear of the outline, the frame and the label."""
    return (rect.x + T.highlight_width + 4, rect.y + T.highlight_width + 4)


def runs(surface: pygame.Surface, y: int, x0: int, x1: int) -> int:
    """How many separate non-background stretches a horizontal line crosses."""
    count, inside_run = 0, False
    for x in range(x0, x1):
        drawn = px(surface, x, y) != T.background
        if drawn and not inside_run:
            count += 1
        inside_run = drawn
    return count


def test_draws_one_rectangle_per_visible_cell_and_nothing_on_empty_or_hidden(
    tmp_path: Path,
) -> None:
    b = board()
    img, lay = render(View(b), tmp_path)
    assert img.get_size() == SIZE
    per_row = {0: 3, 1: 3, 2: 1}  # (0,2) is empty, (1,1) hidden
    for r, expected in per_row.items():
        y = lay.cells[(r, 0)].y + 6
        assert runs(img, y, 0, SIZE[0]) == expected
    assert sum(per_row.values()) == len(list(b.visible_cells()))
    for (r, c), rect in lay.cells.items():
        cell = b.cell(r, c)
        assert cell is not None
        assert px(img, *inside(rect)) == (cell.rgb or T.cell_default)
        assert px(img, rect.x, rect.y) == T.cell_outline


def test_level_two_highlight_frames_only_the_highlighted_cell_and_keeps_its_colour(
    tmp_path: Path,
) -> None:
    b = board()
    img, lay = render(View(b, highlight=Highlight(frozenset({(1, 2)}), level=2)), tmp_path)
    for pos, rect in lay.cells.items():
        cell = b.cell(*pos)
        assert cell is not None
        band = (rect.x + 2, rect.center[1])  # inside the frame's band on the left edge
        top = (rect.center[0], rect.y + 2)
        if pos == (1, 2):
            assert px(img, *band) == T.highlight_frame
            assert px(img, *top) == T.highlight_frame
            assert px(img, *inside(rect)) == RED  # the colour key stays readable
        else:
            assert px(img, *band) != T.highlight_frame
            assert px(img, *inside(rect)) == (cell.rgb or T.cell_default)


def test_row_highlight_frames_the_whole_row_and_keeps_its_colours(tmp_path: Path) -> None:
    b = board()
    row0 = frozenset({(0, 0), (0, 1), (0, 3)})
    img, lay = render(View(b, highlight=Highlight(row0, level=1)), tmp_path)
    first, last = lay.cells[(0, 0)], lay.cells[(0, 3)]
    y_top = first.y + 2
    # the frame's top edge runs unbroken over every cell, the gaps and the empty spot
    for x in range(first.x + T.highlight_width, last.right - T.highlight_width):
        assert px(img, x, y_top) == T.highlight_frame, x
    assert px(img, first.x + 2, first.center[1]) == T.highlight_frame
    assert px(img, last.right - 3, last.center[1]) == T.highlight_frame
    for pos in row0:
        cell = b.cell(*pos)
        assert cell is not None and cell.rgb is not None
        assert px(img, *inside(lay.cells[pos])) == cell.rgb
    # the next row is untouched
    you = lay.cells[(1, 0)]
    assert px(img, *inside(you)) == BLUE
    assert px(img, you.x + 2, you.center[1]) != T.highlight_frame


def test_highlight_style_is_configurable(tmp_path: Path) -> None:
    from dataclasses import replace

    theme = replace(T, highlight_frame=(255, 0, 255), highlight="inverse")
    surface = pygame.Surface(SIZE)
    lay = Renderer(theme).draw(surface, View(board(), highlight=Highlight(frozenset({(0, 0)}))))
    rect = lay.cells[(0, 0)]
    assert px(surface, rect.x + 2, rect.center[1]) == (255, 0, 255)
    assert px(surface, *inside(rect)) == invert(RED)  # highlight: inverse, as asked


def test_pressed_cell_is_darker_and_inset(tmp_path: Path) -> None:
    b = board()
    img, lay = render(View(b, pressed=(0, 1)), tmp_path)
    rect = lay.cells[(0, 1)]
    r, g, bl = px(img, *inside(rect))
    assert g < GREEN[1] and (r, g, bl) != GREEN
    assert px(img, rect.x + 1, rect.y + 1) == T.background  # inset: the edge shows through
    assert px(img, *inside(lay.cells[(0, 0)])) == RED


def test_message_title_and_status_are_drawn(tmp_path: Path) -> None:
    b = board()
    empty, lay = render(View(b), tmp_path, "a.png")
    full, lay2 = render(View(b, message="I want", status="no audio device"), tmp_path, "b.png")

    def dark_pixels(img: pygame.Surface, rect: Rect) -> int:
        return sum(1 for x in range(rect.x + 4, rect.right - 4, 2)
                   for y in range(rect.y + 4, rect.bottom - 4, 2)
                   if sum(px(img, x, y)) < 200)

    assert dark_pixels(empty, lay.message) == 0
    assert dark_pixels(full, lay2.message) > 50
    assert lay.status is None and lay2.status is not None
    assert px(full, 1, SIZE[1] - 1) == T.status_background


def test_symbol_is_drawn_above_the_label_and_a_missing_one_falls_back(tmp_path: Path) -> None:
    pic = pygame.Surface((40, 40))
    pic.fill((255, 0, 255))
    pygame.image.save(pic, str(tmp_path / "pic.png"))
    board_file = str(tmp_path / "home.yaml")
    img, lay = render(View(board(board_file, symbol="pic.png")), tmp_path, "with.png")
    rect = lay.cells[(1, 3)]
    upper = [px(img, x, rect.y + rect.h // 3) for x in range(rect.x, rect.right)]
    assert (255, 0, 255) in upper
    img2, lay2 = render(View(board(board_file, symbol="missing.png")), tmp_path, "without.png")
    rect2 = lay2.cells[(1, 3)]
    assert (255, 0, 255) not in [px(img2, x, rect2.y + rect2.h // 3)
                                 for x in range(rect2.x, rect2.right)]
    assert px(img2, *inside(rect2)) == GREEN


def test_long_labels_wrap_and_stay_inside_their_cell(tmp_path: Path) -> None:
    b = Board("home", rows=((Cell("I would like something to drink please"), Cell("x")),))
    img, lay = render(View(b), tmp_path)
    rect = lay.cells[(0, 0)]
    # the label's dark pixels are all inside the cell (inner of the outline)
    ys = [y for y in range(rect.y + 4, rect.bottom - 4)
          if any(sum(px(img, x, y)) < 100 for x in range(rect.x + 6, rect.right - 6))]
    assert ys, "label drawn"
    assert max(ys) - min(ys) > 2 * 14  # more than one line


def test_escape_item_frames_the_row_as_one_and_shows_its_label(tmp_path: Path) -> None:
    b = board()
    row1 = frozenset({(1, 0), (1, 2), (1, 3)})
    plain, lay = render(View(b, highlight=Highlight(row1, level=2)), tmp_path, "a.png")
    labelled, _ = render(View(b, highlight=Highlight(row1, level=2, label="back")), tmp_path,
                         "b.png")
    first, last = lay.cells[(1, 0)], lay.cells[(1, 3)]
    gap_x = first.right + T.gap // 2  # between two cells of the row, on the frame's top edge
    assert px(plain, gap_x, first.y + 2) == T.highlight_frame
    assert px(plain, last.right - 3, last.center[1]) == T.highlight_frame
    diff = [(x, y) for x in range(last.x, last.right) for y in range(last.y, last.center[1])
            if px(plain, x, y) != px(labelled, x, y)]
    assert diff, "the label is drawn in the frame"
