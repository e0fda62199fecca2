"""Label sizes kept between starts (``aac.ui.fit_cache``): a second start measures no label
and draws the same pixels; another theme, or a damaged file, measures again."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from aac.core.board import Board, Cell
from aac.core.view import View
from aac.ui import fit_cache
from aac.ui.render import Renderer
from aac.ui.themes import THEMES

WORDS = ("I want", "more", "drink", "toilet please", "stop", "all done", "my turn", "help me")


def _board() -> Board:
    cells = tuple(Cell(w) for w in WORDS)
    return Board("home", rows=(cells[:4], cells[4:]), path="home.yaml")


def _draw(renderer: Renderer) -> bytes:
    surface = pygame.Surface((800, 480))
    renderer.draw(surface, View(_board()))
    return pygame.image.tostring(surface, "RGB")


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Every label measured (``Renderer._fits_at``), in a fresh cache folder."""
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[str] = []
    real = Renderer._fits_at

    def counting(self: Renderer, text: str, px: int, w: int, h: int) -> bool:
        calls.append(text)
        return real(self, text, px, w, h)

    monkeypatch.setattr(Renderer, "_fits_at", counting)
    return calls


def test_a_second_start_measures_no_label_and_draws_the_same(measured: list[str]) -> None:
    first = Renderer()
    pixels = _draw(first)
    assert set(measured) == set(WORDS)
    first.save_fits()
    measured.clear()
    again = _draw(Renderer())
    assert measured == []
    assert again == pixels


def test_another_theme_measures_its_own_sizes(measured: list[str]) -> None:
    first = Renderer()
    _draw(first)
    first.save_fits()
    measured.clear()
    _draw(Renderer(THEMES["large-text"]))
    assert set(measured) == set(WORDS)


def test_a_damaged_file_measures_again(measured: list[str]) -> None:
    first = Renderer()
    _draw(first)
    first.save_fits()
    path = fit_cache.fits_file(first._fit_ident)
    path.write_bytes(path.read_bytes()[:40])
    measured.clear()
    _draw(Renderer())
    assert set(measured) == set(WORDS)


def test_the_window_keeps_its_first_frame_fits(measured: list[str]) -> None:
    from aac.ui.pygame_frontend import PygameFrontend

    for start in ("first", "second"):
        frontend = PygameFrontend(size=(800, 480), fullscreen=False)
        try:
            frontend.render(View(_board()))
        finally:
            frontend.close()  # kept at the first flip (a thread) and at close
        if start == "first":
            assert set(measured) == set(WORDS)
            measured.clear()
    assert measured == []
