"""``aac bench boards`` builds a realistic set that really loads (the timing itself is bench's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aac.bench.boards import COLUMNS, ROWS, write_set
from aac.boards.loader import load_board_set
from aac.cli import main


def test_generated_set_is_linked_and_clean(tmp_path: Path) -> None:
    write_set(str(tmp_path), 100)
    result = load_board_set(tmp_path)
    assert result.problems == [] and result.boards is not None
    assert len(result.boards.boards) == 100 and result.boards.home == "home"
    links = [c.link for b in result.boards.boards.values() for row in b.rows for c in row
             if c is not None and c.link]
    assert len(links) > 100 and set(links) <= set(result.boards.boards)
    board = result.boards["topic050"]
    assert (len(board.rows), board.columns) == (ROWS, COLUMNS)


def test_bench_boards_prints_load_and_import_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "boards", "--json", "--repeat", "2", "--boards", "5",
                 "--package-boards", "3"]) == 0
    line, imported = capsys.readouterr().out.splitlines()  # issue 14.5 adds the import figure
    assert json.loads(imported)["name"] == "obz_import_3"
    fig = json.loads(line)
    assert fig["name"] == "boards_load_5" and fig["unit"] == "ms" and fig["samples"] == 2
    assert 0 < fig["p50"] <= fig["max"]
