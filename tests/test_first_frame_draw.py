"""The first frame of the real window is drawn once, whole: its pictures are asked for and
waited for before any cell is drawn (issue 15: launch -> first frame at a quarter core), cold
(decoded) and warm (from the disk cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac.core.board import Board, Cell
from aac.core.view import View
from aac.ui.render import Renderer

NS = 'xmlns="http://www.w3.org/2000/svg"'


def _board(tmp_path: Path, n: int) -> Board:
    cells = []
    for i in range(n):
        f = tmp_path / f"pic{i}.svg"
        f.write_text(f'<svg {NS} viewBox="0 0 10 10"><rect id="p{i}" width="10" height="10" '
                     'fill="#FF0000"/></svg>')
        cells.append(Cell(f"word {i}", symbol=f.name, symbol_file=str(f)))
    return Board("home", rows=(tuple(cells),), path=str(tmp_path / "home.yaml"))


@pytest.mark.parametrize("start", ["cold", "warm"])
def test_the_first_frame_draws_each_cell_once_with_its_picture(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    from aac.ui.pygame_frontend import PygameFrontend

    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    board = _board(tmp_path, 4)
    if start == "warm":  # an earlier start filled the disk cache
        earlier = PygameFrontend(size=(800, 480), fullscreen=False)
        earlier.render(View(board))
        earlier.close()
    drawn: list[str] = []
    real = Renderer._draw_cell

    def counting(self: Renderer, surface: object, board: Board, cell: Cell, *a: object,
                 **k: object) -> None:
        drawn.append(cell.label)
        real(self, surface, board, cell, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "_draw_cell", counting)
    frontend = PygameFrontend(size=(800, 480), fullscreen=False)
    try:
        frontend.render(View(board))
        assert frontend.renderer.pending == 0  # every picture drawn
        assert sorted(drawn) == [f"word {i}" for i in range(4)]  # each cell once
        layout = frontend.renderer.layout
        assert layout is not None
        for rect in layout.cells.values():  # and the red picture is on screen in each
            reds = sum(1 for x in range(rect.x, rect.right, 4) for y in range(rect.y,
                       rect.bottom, 4) if frontend.screen.get_at((x, y))[:3] == (255, 0, 0))
            assert reds > 10
    finally:
        frontend.close()
