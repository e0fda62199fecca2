"""Issue 16.6: lint warns (with positions) for a board that traps the child and for a board
nothing leads to; warnings only, so the exit code stays 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aac.cli import main


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def warnings(capsys: pytest.CaptureFixture[str], folder: Path) -> list[tuple[str, int, int, str]]:
    code = main(["lint", "--json", str(folder)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] is True
    return [(Path(p["file"]).name, p["line"], p["col"], p["message"])
            for p in report["problems"] if p["severity"] == "warning"]


def test_a_board_with_no_way_back_is_a_positioned_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: Food, link: food}]]\n")
    write(tmp_path, "food.yaml", "name: Food\nrows:\n  - [apple, pear, "
                                 "{label: Back, action: back, hidden: true}]\n")
    assert warnings(capsys, tmp_path) == [
        ("food.yaml", 3, 3, 'board "food" has no way back: add a cell with `action: back` '
                            "(or home), set back_after_select, or link to a board that leads "
                            "home")]


@pytest.mark.parametrize("food", [
    "rows: [[apple, {label: Back, action: back}]]\n",
    "rows: [[apple, {label: Home, action: [speak, home]}]]\n",
    "back_after_select: true\nrows: [[apple]]\n",
    "rows: [[apple, {label: More, link: drinks}]]\n",  # drinks leads home
])
def test_every_kind_of_way_back_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       food: str) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: Food, link: food}]]\n")
    write(tmp_path, "food.yaml", food)
    write(tmp_path, "drinks.yaml", "rows: [[milk, {label: Start, link: home}]]\n")
    assert [w for w in warnings(capsys, tmp_path) if w[0] != "drinks.yaml"] == []


def test_a_link_cell_with_back_after_select_is_a_way_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: Food, link: food, back_after_select: true}]]\n")
    write(tmp_path, "food.yaml", "rows: [[apple]]\n")
    assert warnings(capsys, tmp_path) == []


def test_links_going_round_without_reaching_home_still_trap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: A, link: a}]]\n")
    write(tmp_path, "a.yaml", "rows: [[{label: B, link: b}]]\n")
    write(tmp_path, "b.yaml", "rows: [[{label: A, link: a}]]\n")
    assert [(w[0], w[3].split(":")[0]) for w in warnings(capsys, tmp_path)] == [
        ("a.yaml", 'board "a" has no way back'), ("b.yaml", 'board "b" has no way back')]


def test_a_board_nothing_links_to_is_unreachable_and_set_home_is_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "set.yaml", "home: start\n")
    write(tmp_path, "start.yaml", "rows: [[hi]]\n")  # home: exempt from both checks
    write(tmp_path, "orphan.yaml", "rows:\n  - [{label: Back, action: back}]\n")
    assert warnings(capsys, tmp_path) == [
        ("orphan.yaml", 2, 3, 'board "orphan" cannot be reached: no link leads to it from the '
                              'home board "start"')]


def test_the_default_boards_have_no_traps(capsys: pytest.CaptureFixture[str]) -> None:
    assert warnings(capsys, Path(__file__).resolve().parent.parent / "boards") == []
