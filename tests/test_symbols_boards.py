"""The default boards show pictures: most home word cells, each resolving to a real file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aac.boards.loader import load_board_set
from aac.symbols import resolve

BOARDS = Path(__file__).resolve().parent.parent / "boards" / "en"  # the English set


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))


def test_nine_in_ten_home_word_cells_have_a_picture() -> None:
    result = load_board_set(BOARDS)
    assert result.boards is not None and result.problems == []
    home = result.boards["home"]
    words = [c for row in home.rows for c in row if c is not None and not c.action
             and not c.link]
    with_picture = [c for c in words if c.symbol]
    assert len(words) == 46
    assert len(with_picture) / len(words) >= 0.9


def test_every_picture_on_every_default_board_resolves() -> None:
    result = load_board_set(BOARDS)
    assert result.boards is not None
    count = 0
    for board in result.boards.boards.values():
        for row in board.rows:
            for cell in row:
                if cell is not None and cell.symbol:
                    file, problem, _ = resolve(cell.symbol, BOARDS)
                    assert problem is None and file is not None and os.path.isfile(file)
                    count += 1
    assert count > 150


def test_text_only_cells_are_listed_with_a_reason() -> None:
    readme = (BOARDS / "README.md").read_text(encoding="utf-8")
    result = load_board_set(BOARDS)
    assert result.boards is not None
    for board in result.boards.boards.values():
        if board.id == "keyboard":
            continue
        for row in board.rows:
            for cell in row:
                if cell is not None and not cell.symbol and cell.action != ("back",):
                    assert f"| {board.id} | " in readme and cell.label in readme, cell.label
