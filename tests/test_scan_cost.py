"""Issue 12.6: the scan-cost map agrees with the scan engine: pressing at each cell's
expected moments (through the core replay) activates exactly that cell at its cost."""

from __future__ import annotations

import pytest

from aac.boards.loader import load_board_set
from aac.core.board import BoardSet
from aac.core.replay import outputs, press_edges, replay
from aac.core.scan import ScanEngine, Selected
from aac.core.scan_cost import scan_costs
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.paths import default_boards as _root


def default_boards():  # type: ignore[no-untyped-def]
    """The English default set (``boards/`` is a folder of sets)."""
    return _root() / "en"



@pytest.fixture(scope="module")
def boards() -> BoardSet:
    result = load_board_set(default_boards())
    assert result.boards is not None
    return result.boards


@pytest.mark.parametrize("settings", [
    ScanSettings(interval_ms=800, escape=True),
    ScanSettings(interval_ms=1000, first_item_factor=1.5, pattern="column-row"),
    ScanSettings(interval_ms=600, pattern="linear", acceptance_ms=100),
], ids=["row-column", "column-row+factor", "linear+acceptance"])
def test_each_cost_is_when_the_engine_activates_that_cell(boards: BoardSet,
                                                          settings: ScanSettings) -> None:
    board = boards.home_board
    costs = scan_costs(board, settings)
    assert set(costs) == {(r, c) for r, c, _ in board.visible_cells()}
    for (r, c), cost in costs.items():
        presses = _presses_for(board, settings, (r, c), cost)
        acc = settings.acceptance_ms / 1000
        edges = press_edges([(1, t - acc, t - acc + 0.05 + acc) for t in presses])
        got = [o for o in outputs(replay(ScanEngine(Session(boards), settings), edges,
                                         presses[-1] + 0.01))
               if isinstance(o, Selected)]
        assert got, (r, c)
        assert (got[0].row, got[0].col) == (r, c)
        assert got[0].t == pytest.approx(cost)


def _presses_for(board, settings, pos, cost):  # type: ignore[no-untyped-def]
    """The accepted press times that lead to ``pos``: level 1's middle, then the cell's."""
    from aac.core.scan_cost import _press_at
    from aac.core.scan_items import level1_items, level2_items
    from aac.core.scan_settings import pattern_for

    i, f = settings.interval, settings.first_item_factor
    for a, group in enumerate(level1_items(board, pattern_for(settings, board.scan_pattern))):
        if pos not in group.cells:
            continue
        first = _press_at(a, i, f)
        if not group.is_group:
            return [first]
        for b, item in enumerate(level2_items(board, group, settings.escape)):
            if (item.row, item.col) == pos and item.kind == "cell":
                return [first, first + _press_at(b, i, f)]
    raise AssertionError(pos)


def test_costs_grow_along_the_scan_order(boards: BoardSet) -> None:
    costs = scan_costs(boards.home_board, ScanSettings(interval_ms=1000))
    assert costs[(0, 0)] == pytest.approx(1.0)  # half of row 0, half of its first cell
    assert costs[(0, 1)] == pytest.approx(0.5 + 1.5)
    assert costs[(1, 0)] == pytest.approx(1.5 + 0.5)
    assert max(costs.values()) == costs[max(costs)]  # the last cell is the slowest


def test_other_modes_are_refused_with_a_reason(boards: BoardSet) -> None:
    with pytest.raises(ValueError, match="mode: auto"):
        scan_costs(boards.home_board, ScanSettings(mode="step"))


def test_lint_scan_cost_lists_the_slowest_home_words_first(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from aac.cli import main

    settings = tmp_path / "anna.yaml"
    settings.write_text("interval_ms: 800\n", encoding="utf-8")
    assert main(["lint", str(default_boards()), "--scan-cost", "--settings", str(settings),
                 "--json"]) == 0
    words = json.loads(capsys.readouterr().out)["scan_cost"]
    result = load_board_set(default_boards())
    assert result.boards is not None
    home = result.boards.home_board
    costs = scan_costs(home, ScanSettings(interval_ms=800).with_runtime_defaults())
    word_costs = sorted((v for (r, c), v in costs.items()
                         if (cell := home.cell(r, c)) is not None
                         and not (cell.link or cell.action or cell.letter)), reverse=True)
    assert [w["seconds"] for w in words] == [round(v, 2) for v in word_costs[:10]]
    assert all(not (home.cell(w["row"] - 1, w["col"] - 1) or home.cell(0, 0)).link
               for w in words)
