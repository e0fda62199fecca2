"""Issue 12.1: named themes, WCAG AAA labels in high-contrast, the profile's and the command
line's ways to choose one, and the enlarged-cell highlight."""

from __future__ import annotations

import os
from pathlib import Path

import numpy
import pygame
import pytest

from aac.core.board import WORD_CLASS_COLORS, Board, Cell
from aac.core.view import Highlight, View
from aac.profile import BadSettings, load_profile
from aac.run_config import RunConfigError, build_run_config
from aac.ui.render import Renderer
from aac.ui.theme import Theme, contrast, darken, parse_rgb
from aac.ui.themes import THEMES, UnknownTheme, theme_named

CLASS_RGB = [parse_rgb(v, k) for k, v in WORD_CLASS_COLORS.items()]


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.font.init()


def test_wcag_contrast_matches_known_values() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("rgb", CLASS_RGB + [THEMES["high-contrast"].cell_default])
def test_high_contrast_labels_reach_aaa_on_every_word_class_colour(rgb: tuple[int, int, int]
                                                                    ) -> None:
    t = THEMES["high-contrast"]
    for bg in (rgb, darken(rgb, t.pressed_darken)):  # also while pressed
        fill, text = t.cell_colors(bg)
        assert contrast(fill, text) >= 7.0, (bg, fill, text)


def test_high_contrast_keeps_the_word_class_key_apart() -> None:
    t = THEMES["high-contrast"]
    fills = [t.cell_colors(rgb)[0] for rgb in CLASS_RGB]
    assert len(set(fills)) == len(fills)
    # the scan highlight contrasts with every cell (an unmistakable frame)
    assert all(contrast(t.highlight_frame, f) >= 1.05 or f != t.highlight_frame for f in fills)
    assert contrast(t.highlight_frame, t.background) >= 7.0


def test_high_contrast_render_draws_the_adjusted_colours(tmp_path: Path) -> None:
    """Pixels: each class cell's fill and its label's ink are the AAA pair."""
    t = THEMES["high-contrast"]
    cells = tuple(Cell(name, color=name) for name in WORD_CLASS_COLORS)
    board = Board("home", rows=(cells,))
    surface = pygame.Surface((800, 480))
    renderer = Renderer(theme=t)
    layout = renderer.draw(surface, View(board))
    out = tmp_path / "hc.png"
    pygame.image.save(surface, str(out))
    pixels = pygame.surfarray.array3d(pygame.image.load(str(out)))
    cap = renderer.board_label_px(board, layout)
    for (r, c), rect in layout.cells.items():
        cell = board.cell(r, c)
        assert cell is not None and cell.rgb is not None
        fill, text = t.cell_colors(cell.rgb)
        assert tuple(pixels[rect.x + 6, rect.y + 6]) == fill
        label = renderer.cell_boxes(cell, rect, cap).label
        assert label is not None
        area = pixels[label.x:label.right, label.y:label.bottom].reshape(-1, 3)
        assert (area == numpy.array(text)).all(axis=1).any(), cell.label  # solid glyph ink
        assert contrast(fill, text) >= 7.0


@pytest.mark.parametrize("name", list(THEMES))
def test_every_theme_reads_on_its_own_defaults(name: str) -> None:
    t = THEMES[name]
    assert contrast(t.message_background, t.message_text) >= 4.5
    assert contrast(t.background, t.title_text) >= 4.5
    for rgb in CLASS_RGB:
        fill, text = t.cell_colors(rgb)
        assert contrast(fill, text) >= 4.5, (name, rgb)


def test_theme_named_applies_overrides_and_names_a_bad_name() -> None:
    t = theme_named("dark", {"highlight_width": 14})
    assert t.highlight_width == 14 and t.background == THEMES["dark"].background
    with pytest.raises(UnknownTheme, match="expected one of default, high-contrast"):
        theme_named("contrast")


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "anna.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_profile_theme_as_a_name_a_mapping_or_both(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, "theme: high-contrast\n")).theme == THEMES["high-contrast"]
    old = load_profile(write(tmp_path, "theme: {highlight_width: 12}\n")).theme
    assert old == Theme(highlight_width=12)  # the old form keeps working
    both = load_profile(write(tmp_path, "theme: {name: large-text, highlight: enlarged}\n")).theme
    assert both is not None and both.min_label_px == THEMES["large-text"].min_label_px
    assert both.highlight == "enlarged"


def test_profile_bad_theme_name_points_at_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "voice: x\ntheme: hi-contrast\n")
    with pytest.raises(BadSettings) as info:
        load_profile(path)
    assert f"{path}:2:8" in str(info.value) and "high-contrast" in str(info.value)


def test_run_theme_flag_picks_a_named_theme_and_rejects_an_unknown_one(tmp_path: Path) -> None:
    config = build_run_config(window=(800, 480), theme_name="dark", terminal=True)
    assert config.theme == THEMES["dark"]
    with pytest.raises(RunConfigError, match="unknown theme 'nope'"):
        build_run_config(window=(800, 480), theme_name="nope")


def test_enlarged_highlight_draws_the_lit_cell_beyond_its_own_rect(tmp_path: Path) -> None:
    t = Theme(highlight="enlarged")
    cells = tuple(Cell(f"w{i}", color="#FF0000" if i == 1 else "#FFFFFF") for i in range(3))
    board = Board("home", rows=(cells, tuple(Cell(f"v{i}") for i in range(3))))
    surface = pygame.Surface((800, 480))
    renderer = Renderer(theme=t)
    layout = renderer.draw(surface, View(board, highlight=Highlight(frozenset({(0, 1)}), 2)))
    rect = layout.cells[(0, 1)]
    below = layout.cells[(1, 1)]
    # the red fill covers the gap under the cell and the top of the cell below
    y = below.y + 4
    row = pygame.surfarray.array3d(surface)[rect.x + rect.w // 3: rect.x + 2 * rect.w // 3, y]
    assert (row == numpy.array([255, 0, 0])).all(axis=1).all()
    plain = pygame.Surface((800, 480))
    Renderer(theme=Theme()).draw(plain, View(board, highlight=Highlight(frozenset({(0, 1)}), 2)))
    row = pygame.surfarray.array3d(plain)[rect.x + rect.w // 3: rect.x + 2 * rect.w // 3, y]
    assert not (row == numpy.array([255, 0, 0])).all(axis=1).any()  # a frame stays in the gap
