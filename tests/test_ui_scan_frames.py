"""A scan step redraws only what changed (profiling tests: counted work and pixels, not time).

On a Pi-class core a whole frame costs several milliseconds of CPU, which at a quarter core
is a late highlight. ``Renderer.draw_changes`` keeps the board layer and redraws the old and
new highlight's areas only; these tests hold it to three properties: every frame is pixel for
pixel the whole frame, the work per step does not grow with the board, and a step allocates
no screen-sized surface and no font.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pygame
import pytest

from aac.core.board import Board, Cell
from aac.core.view import Highlight, ScanDisplay, View
from aac.ui.render import Renderer
from aac.ui.theme import DEFAULT_THEME, Theme
from aac.ui.themes import THEMES

SIZE = (800, 480)
#: every shipped theme, and the default one with each highlight style
ALL_THEMES: dict[str, Theme] = {
    **THEMES,
    "inverse": replace(DEFAULT_THEME, highlight="inverse"),
    "enlarged": replace(DEFAULT_THEME, highlight="enlarged"),
}
AAC_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep + "aac"


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    pygame.font.init()


def grid(rows: int, cols: int, alike: bool = False) -> Board:
    """Words in four colours and a link cell; ``alike``: every cell the same, so that
    drawing any one of them is the same work."""
    if alike:
        return Board("home", ((Cell("word", color="#00A000"),) * cols,) * rows, name="Board")
    colours = ("#FF0000", "#00A000", "#0000FF", None)
    return Board("home", tuple(
        tuple(Cell(f"word {r}.{c}", color=colours[(r + c) % 4],
                   link="other" if (r, c) == (0, 1) else None)
              for c in range(cols)) for r in range(rows)), name="Board")


def scan_views(board: Board, **extra: Any) -> Iterator[View]:
    """Row by row (level 1), then the cells of each row (level 2), then the escape item."""
    rows, cols = len(board.rows), len(board.rows[0])
    for r in range(rows):
        yield View(board, highlight=Highlight(frozenset((r, c) for c in range(cols)), 1),
                   **extra)
    for r in range(rows):
        for c in range(cols):
            yield View(board, highlight=Highlight(frozenset({(r, c)}), 2), **extra)
        yield View(board, highlight=Highlight(frozenset((r, c) for c in range(cols)), 2,
                                              label="back", back=True), **extra)


EXTRAS: dict[str, dict[str, Any]] = {
    "plain": {},
    "status, recording, escape buttons": dict(
        status="switch 2 unplugged: plug it in again", recording=True,
        scan=ScanDisplay(escape_label="back", escape_along="row")),
    "pressed and holding": dict(pressed=(1, 2), progress=0.4),
}


@pytest.mark.parametrize("theme", sorted(ALL_THEMES))
@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_every_step_drawn_by_changes_is_the_whole_frame_pixel_for_pixel(theme: str,
                                                                        extra: str) -> None:
    board = grid(4, 5)
    shown, whole = pygame.Surface(SIZE), pygame.Surface(SIZE)
    steps, reference = Renderer(ALL_THEMES[theme]), Renderer(ALL_THEMES[theme])
    partial = 0
    for i, view in enumerate(scan_views(board, **EXTRAS[extra])):
        changed = steps.draw_changes(shown, view)
        partial += changed is not None
        reference.draw(whole, view)
        assert pygame.image.tobytes(shown, "RGB") == pygame.image.tobytes(whole, "RGB"), \
            f"step {i}: {view.highlight}"
    assert partial >= 20  # all but the first step went by changes


def test_a_change_besides_the_highlight_draws_the_whole_frame() -> None:
    board = grid(3, 3)
    surface = pygame.Surface(SIZE)
    r = Renderer()
    lit = Highlight(frozenset({(0, 0)}), 2)
    assert r.draw_changes(surface, View(board, highlight=lit)) is None
    assert r.draw_changes(surface, View(board, highlight=lit, message="I")) is None
    assert r.draw_changes(surface, View(board, highlight=lit, message="I")) is not None
    r.invalidate()  # e.g. a picture arrived
    assert r.draw_changes(surface, View(board, highlight=lit, message="I")) is None


def _step_cost(theme: Theme, rows: int, cols: int) -> tuple[list[int], list[int], int]:
    """(calls into aac per cell step, pixels changed per cell step, one cell's frame area)."""
    board = grid(rows, cols, alike=True)
    surface = pygame.Surface(SIZE)
    r = Renderer(theme)
    views = [View(board, highlight=Highlight(frozenset({(1, c)}), 2)) for c in range(cols)]
    r.draw_changes(surface, views[0])
    calls: list[int] = []
    areas: list[int] = []
    for view in views[1:]:
        count = 0

        def prof(frame: Any, event: str, arg: Any) -> None:
            nonlocal count
            if event in ("call", "c_call") and frame.f_code.co_filename.startswith(AAC_DIR):
                count += 1

        sys.setprofile(prof)
        try:
            changed = r.draw_changes(surface, view)
        finally:
            sys.setprofile(None)
        assert changed is not None
        calls.append(count)
        areas.append(sum(rect.w * rect.h for rect in changed))
    layout = r.layout
    assert layout is not None
    cell = layout.cells[(1, 0)]
    frame = cell.inflate(min(r.theme.gap // 2, r.theme.highlight_width) + 1)
    return calls, areas, frame.w * frame.h


@pytest.mark.parametrize("theme", ["default", "inverse"])
def test_work_per_scan_step_does_not_grow_with_the_board_and_touches_only_two_cells(
        theme: str) -> None:
    costs = {size: _step_cost(ALL_THEMES[theme], *size) for size in ((3, 3), (6, 8), (12, 12))}
    counts = {size: set(calls) for size, (calls, _, _) in costs.items()}
    assert len(set(map(frozenset, counts.values()))) == 1, counts  # the same on every board
    for _, areas, frame in costs.values():
        assert all(area <= 2 * frame for area in areas)  # the old cell's and the new one's


def test_a_scan_step_allocates_no_screen_sized_surface_and_no_font(
        monkeypatch: pytest.MonkeyPatch) -> None:
    board = grid(4, 5)
    extra = EXTRAS["status, recording, escape buttons"]
    views = list(scan_views(board, **extra))
    surface = pygame.Surface(SIZE)
    r = Renderer(ALL_THEMES["inverse"])
    for view in views:  # warm: labels and fonts are made once
        r.draw_changes(surface, view)
    big: list[tuple[int, int]] = []
    fonts: list[int] = []

    class CountedSurface(pygame.Surface):  # type: ignore[misc]
        def __init__(self, size: Any, *args: Any, **kwargs: Any) -> None:
            w, h = size
            if w * h >= SIZE[0] * SIZE[1] // 4:
                big.append((w, h))
            super().__init__(size, *args, **kwargs)

    class CountedFont(pygame.font.Font):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            fonts.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pygame, "Surface", CountedSurface)
    monkeypatch.setattr(pygame.font, "Font", CountedFont)
    for view in views[1:] * 3:
        assert r.draw_changes(surface, view) is not None
    assert big == [] and fonts == []


def test_pictures_made_later_redraw_only_their_cells_and_match_the_whole_frame(
        tmp_path: Any) -> None:
    from aac.ui.pictures import Pictures

    for name, rgba in (("red.png", (255, 0, 0, 255)), ("blue.png", (0, 0, 255, 128))):
        picture = pygame.Surface((30, 20), pygame.SRCALPHA)
        picture.fill(rgba)
        pygame.image.save(picture, str(tmp_path / name))

    def cell(label: str, name: str | None = None) -> Cell:
        return Cell(label, symbol=name, symbol_file=None if name is None else
                    str(tmp_path / name))

    board = Board("home", ((cell("red", "red.png"), cell("plain"), cell("blue", "blue.png")),
                           (cell("a"), cell("b"), cell("c"))), name="Board")
    pictures = Pictures(report=lambda _m: None)  # made on its worker thread, as in a run
    try:
        shown = pygame.Surface(SIZE)
        r = Renderer(pictures=pictures)
        lit = View(board, highlight=Highlight(frozenset({(1, 0)}), 2), status="note",
                   recording=True)
        assert r.draw_changes(shown, lit) is None
        assert r.pending == 2  # drawn with their labels only
        assert pictures.wait_idle(10.0) and pictures.take_fresh()
        changed = r.refresh_pictures(shown)
        layout = r.layout
        assert changed is not None and layout is not None and r.pending == 0
        assert sorted(map(tuple, changed)) == sorted(
            layout.cells[p].as_tuple() for p in ((0, 0), (0, 2)))  # those two cells only
        whole = pygame.Surface(SIZE)
        Renderer(pictures=pictures).draw(whole, lit)
        assert pygame.image.tobytes(shown, "RGB") == pygame.image.tobytes(whole, "RGB")
        assert r.refresh_pictures(shown) == []  # e.g. a linked board's picture: nothing here
        moved = View(board, highlight=Highlight(frozenset({(1, 1)}), 2), status="note",
                     recording=True)
        assert r.draw_changes(shown, moved) is not None  # the board layer has them too
        Renderer(pictures=pictures).draw(whole, moved)
        assert pygame.image.tobytes(shown, "RGB") == pygame.image.tobytes(whole, "RGB")
    finally:
        pictures.close()


def test_the_window_shows_a_scan_step_by_updating_only_the_changed_areas(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from aac.ui.pygame_frontend import PygameFrontend

    board = grid(6, 8)
    fe = PygameFrontend(SIZE, fullscreen=False, scan=True)
    try:
        fe.render(View(board, highlight=Highlight(frozenset({(2, 3)}), 2)))
        shown: list[object] = []
        monkeypatch.setattr(pygame.display, "flip", lambda: shown.append("flip"))
        monkeypatch.setattr(pygame.display, "update", lambda rects: shown.append(list(rects)))
        fe.prepare(View(board, highlight=Highlight(frozenset({(2, 4)}), 2)))
        assert shown == []  # drawn ahead, not shown
        assert fe.present() is not None
        assert len(shown) == 1 and isinstance(shown[0], list)
        layout = fe.renderer.layout
        assert layout is not None
        theme = fe.renderer.theme
        frame = layout.cells[(2, 3)].inflate(min(theme.gap // 2, theme.highlight_width) + 1)
        area = sum(r.w * r.h for r in shown[0])
        assert 0 < area <= 2 * frame.w * frame.h  # the two cells and their frames
        fe.render(View(board, message="I", highlight=Highlight(frozenset({(2, 4)}), 2)))
        assert shown[-1] == "flip"  # anything else changed: the whole frame
    finally:
        fe.close()
