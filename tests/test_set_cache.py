"""The start-up cache of a checked board set (``aac.boards.set_cache``): an unchanged set
comes from the cache without the loader; any edit, a new picture, a damaged cache file or
a set with an error goes through the loader, so every problem keeps its position."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import write_set

from aac.boards import loader, set_cache
from aac.boards.problems import LoadResult


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of the full loader, by path."""
    calls: list[str] = []
    real = loader.load_board_set

    def counted(path: object) -> LoadResult:
        calls.append(os.fspath(path))  # type: ignore[arg-type]
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_board_set", counted)
    return calls


def make_set(folder: Path) -> Path:
    return write_set(folder.parent, {
        "home.yaml": "rows: [[hello, {label: Food, link: food}]]\n",
        "food.yaml": "rows: [[apple, {label: pear, symbol: pear.png}]]\n"}, folder.name)


def labels(result: LoadResult, board: str) -> list[str]:
    assert result.boards is not None
    return [c.label for c in result.boards[board].rows[0] if c]


def test_an_unchanged_set_comes_from_the_cache(tmp_path: Path, loads: list[str]) -> None:
    folder = make_set(tmp_path / "boards")
    first = set_cache.cached_load(folder)
    assert first.ok and len(loads) == 1
    again = set_cache.cached_load(folder)
    assert len(loads) == 1  # no YAML read
    assert again.boards == first.boards and again.problems == first.problems
    assert again.media_files == first.media_files


def test_an_edited_file_is_read_again(tmp_path: Path, loads: list[str]) -> None:
    folder = make_set(tmp_path / "boards")
    set_cache.cached_load(folder)
    (folder / "food.yaml").write_text("rows: [[apple, banana]]\n")
    result = set_cache.cached_load(folder)
    assert len(loads) == 2 and labels(result, "food") == ["apple", "banana"]
    assert labels(set_cache.cached_load(folder), "food") == ["apple", "banana"]
    assert len(loads) == 2  # and the new state is kept


def test_a_new_board_file_or_a_picture_added_is_a_change(tmp_path: Path,
                                                         loads: list[str]) -> None:
    folder = make_set(tmp_path / "boards")
    first = set_cache.cached_load(folder)
    assert any(p.severity == "warning" and "pear.png" in p.message for p in first.problems)
    (folder / "pear.png").write_bytes(b"not yet a picture")  # named by a cell, now present
    set_cache.cached_load(folder)
    assert len(loads) == 2
    (folder / "drinks.yaml").write_text("rows: [[water]]\n")
    result = set_cache.cached_load(folder)
    assert len(loads) == 3 and result.boards is not None and "drinks" in result.boards


def test_a_set_with_an_error_is_never_kept_and_keeps_its_position(
        tmp_path: Path, loads: list[str]) -> None:
    folder = make_set(tmp_path / "boards")
    (folder / "food.yaml").write_text("rows: [[apple, {label: tea, action: bakc}]]\n")
    for expected_loads in (1, 2):
        result = set_cache.cached_load(folder)
        assert len(loads) == expected_loads
        errors = [str(p) for p in result.errors]
        assert errors and errors[0].startswith(f"{folder / 'food.yaml'}:1:")
        assert "back" in errors[0]  # did-you-mean, from the loader itself
    assert not set_cache.cache_file(folder).exists()


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_file_means_load_again(tmp_path: Path, loads: list[str],
                                               damage: bytes) -> None:
    folder = make_set(tmp_path / "boards")
    set_cache.cached_load(folder)
    set_cache.cache_file(folder).write_bytes(damage)
    result = set_cache.cached_load(folder)
    assert result.ok and len(loads) == 2 and labels(result, "home") == ["hello", "Food"]


def test_an_unwritable_cache_still_loads(tmp_path: Path, loads: list[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("AAC_CACHE_DIR", str(blocker))
    folder = make_set(tmp_path / "boards")
    assert set_cache.cached_load(folder).ok and set_cache.cached_load(folder).ok
    assert len(loads) == 2
