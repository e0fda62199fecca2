"""Layout geometry and hit testing: what is drawn is exactly what a finger hits."""

from __future__ import annotations

import pytest

from aac.core.board import Board, Cell
from aac.ui.layout import cell_numbers, compute_layout, move_focus
from aac.ui.theme import DEFAULT_THEME, Theme, parse_rgb


def board() -> Board:
    return Board(
        "home",
        rows=(
            (Cell("I"), Cell("want"), None, Cell("eat")),
            (Cell("you"), Cell("secret", hidden=True), Cell("go"), Cell("stop")),
            (Cell("more"),),
        ),
    )


def test_every_visible_cell_has_a_rect_and_empty_or_hidden_cells_have_none() -> None:
    lay = compute_layout(board(), 800, 480)
    assert set(lay.cells) == {(0, 0), (0, 1), (0, 3), (1, 0), (1, 2), (1, 3), (2, 0)}


def test_hit_test_maps_centres_to_cells_and_gaps_to_none() -> None:
    b = board()
    lay = compute_layout(b, 800, 480)
    for pos, rect in lay.cells.items():
        assert lay.hit(*rect.center) == pos
        assert lay.hit(rect.x, rect.y) == pos  # edges belong to the cell
        assert lay.hit(rect.right - 1, rect.bottom - 1) == pos
    a, b_ = lay.cells[(0, 0)], lay.cells[(0, 1)]
    gap_x = (a.right + b_.x) // 2
    assert a.right <= gap_x < b_.x
    assert lay.hit(gap_x, a.center[1]) is None
    # the empty spot (0, 2) and the hidden cell (1, 1) are not targets
    x_empty = (lay.cells[(0, 1)].right + lay.cells[(0, 3)].x) // 2
    assert lay.hit(x_empty, a.center[1]) is None
    hidden_x = lay.cells[(1, 0)].right + DEFAULT_THEME.gap + 10
    assert lay.hit(hidden_x, lay.cells[(1, 0)].center[1]) is None
    assert lay.hit(*lay.message.center) is None
    assert lay.hit(-5, -5) is None and lay.hit(900, 900) is None


def test_cells_do_not_overlap_and_stay_inside_the_grid() -> None:
    lay = compute_layout(board(), 640, 400)
    rects = list(lay.cells.values())
    for r in rects:
        assert lay.grid.x <= r.x and r.right <= lay.grid.right
        assert lay.grid.y <= r.y and r.bottom <= lay.grid.bottom
    for i, r in enumerate(rects):
        for s in rects[i + 1:]:
            assert r.right <= s.x or s.right <= r.x or r.bottom <= s.y or s.bottom <= r.y


def test_status_line_takes_room_from_the_grid_only_when_shown() -> None:
    plain = compute_layout(board(), 800, 480)
    with_status = compute_layout(board(), 800, 480, status=True)
    assert plain.status is None
    assert with_status.status is not None and with_status.status.bottom == 480
    assert with_status.grid.bottom <= with_status.status.y
    assert with_status.grid.h < plain.grid.h


def test_cell_numbers_count_visible_cells_in_reading_order() -> None:
    nums = cell_numbers(board())
    assert nums[1] == (0, 0) and nums[3] == (0, 3) and nums[4] == (1, 0) and nums[5] == (1, 2)
    assert len(nums) == 7


def test_move_focus_skips_empty_and_hidden_cells() -> None:
    b = board()
    assert move_focus(b, None, 0, 1) == (0, 0)
    assert move_focus(b, (0, 1), 0, 1) == (0, 3)  # over the empty spot
    assert move_focus(b, (1, 0), 0, 1) == (1, 2)  # over the hidden cell
    assert move_focus(b, (0, 3), 0, 1) == (0, 3)  # edge: stays
    assert move_focus(b, (0, 0), 1, 0) == (1, 0)
    assert move_focus(b, (1, 0), 1, 0) == (2, 0)


def test_theme_from_mapping_names_bad_keys_and_values() -> None:
    t = Theme.from_mapping({"highlight_frame": "#FF0000", "highlight_width": 12,
                            "highlight_invert": False})
    assert t.highlight_frame == (255, 0, 0) and t.highlight_width == 12
    assert t.highlight == "frame"  # the old key still reads (highlight_invert: false)
    assert Theme().highlight == "frame"
    assert Theme.from_mapping({"highlight": "inverse"}).highlight == "inverse"
    with pytest.raises(ValueError, match="highlight: expected one of frame, inverse"):
        Theme.from_mapping({"highlight": "invert"})
    with pytest.raises(ValueError, match="highlight_colour"):
        Theme.from_mapping({"highlight_colour": "#FF0000"})
    with pytest.raises(ValueError, match="highlight_width: expected a whole number"):
        Theme.from_mapping({"highlight_width": "thick"})
    with pytest.raises(ValueError, match="expected a colour"):
        parse_rgb("#GG0000", "focus")
    assert parse_rgb([1, 2, 3], "x") == (1, 2, 3)
