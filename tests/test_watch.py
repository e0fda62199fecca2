"""The board-set watcher: a saved edit reloads the set; a broken edit reports, never raises."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path

import pytest
from helpers import WAIT, write_set

from aac.boards.loader import load_board_set
from aac.boards.problems import LoadResult
from aac.boards.watch import BoardWatcher


def make_set(folder: Path) -> Path:
    return write_set(folder.parent, {"home.yaml": "rows: [[hello, {label: Food, link: food}]]\n",
                                     "food.yaml": "rows: [[apple]]\n"}, folder.name)


def save(path: Path, text: str) -> None:
    """Like an editor that writes a new file and renames it over the old one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.fixture
def results() -> queue.Queue[LoadResult]:
    return queue.Queue()


def test_no_call_without_a_change_and_check_reloads_on_change(
    tmp_path: Path, results: queue.Queue[LoadResult]
) -> None:
    folder = make_set(tmp_path / "boards")
    watcher = BoardWatcher(folder, results.put)
    assert watcher.check() is None and results.empty()
    (folder / "food.yaml").write_text("rows: [[apple, pear]]\n")
    result = watcher.check()
    assert result is not None and result.ok and result.boards is not None
    assert [c.label for c in result.boards["food"].rows[0] if c] == ["apple", "pear"]
    assert results.get_nowait() is result
    assert watcher.check() is None  # the new state is the baseline


def test_thread_reloads_a_saved_edit(tmp_path: Path, results: queue.Queue[LoadResult]) -> None:
    folder = make_set(tmp_path / "boards")
    called_from: list[str] = []

    def on_change(result: LoadResult) -> None:
        called_from.append(threading.current_thread().name)
        results.put(result)

    watcher = BoardWatcher(folder, on_change, interval=0.02)
    watcher.start()
    try:
        save(folder / "home.yaml", "rows: [[hi there, {label: Food, link: food}]]\n")
        result = results.get(timeout=WAIT)
    finally:
        watcher.stop()
    assert result.ok and result.boards is not None
    assert result.boards["home"].rows[0][0] is not None
    assert result.boards["home"].rows[0][0].label == "hi there"
    assert called_from == ["board-watcher"]


def test_broken_edit_reports_problems_then_the_fix_reloads(
    tmp_path: Path, results: queue.Queue[LoadResult]
) -> None:
    folder = make_set(tmp_path / "boards")
    watcher = BoardWatcher(folder, results.put, interval=0.02)
    watcher.start()
    try:
        save(folder / "home.yaml", "rows:\n\t- [oops]\n")
        broken = results.get(timeout=WAIT)
        save(folder / "home.yaml", "rows: [[fixed, {label: Food, link: food}]]\n")
        fixed = results.get(timeout=WAIT)
    finally:
        watcher.stop()
    assert broken.boards is None
    assert [(p.line, p.col, p.message) for p in broken.problems] == [
        (2, 1, "tab character used for indentation; use spaces")]
    assert broken.problems[0].file == os.path.join(str(folder), "home.yaml")
    assert fixed.ok and fixed.boards is not None
    assert fixed.boards["home"].rows[0][0] is not None
    assert fixed.boards["home"].rows[0][0].label == "fixed"


def test_new_and_removed_boards_and_set_yaml_are_changes(
    tmp_path: Path, results: queue.Queue[LoadResult]
) -> None:
    folder = make_set(tmp_path / "boards")
    watcher = BoardWatcher(folder, results.put)
    (folder / "people.yaml").write_text("rows: [[Mum]]\n")
    added = watcher.check()
    assert added is not None and added.boards is not None and "people" in added.boards
    (folder / "people.yaml").unlink()
    removed = watcher.check()
    assert removed is not None and removed.boards is not None
    assert "people" not in removed.boards
    (folder / "set.yaml").write_text("home: food\n")
    rehomed = watcher.check()
    assert rehomed is not None and rehomed.boards is not None and rehomed.boards.home == "food"
    assert results.qsize() == 3


def test_replacing_a_symbol_file_reloads(tmp_path: Path,
                                         results: queue.Queue[LoadResult]) -> None:
    folder = make_set(tmp_path / "boards")
    (folder / "apple.png").write_bytes(b"\x89PNG one")
    (folder / "food.yaml").write_text("rows: [[{label: apple, symbol: apple.png}]]\n")
    initial = load_board_set(folder)
    assert initial.ok
    watcher = BoardWatcher(folder, results.put, initial=initial)
    assert watcher.check() is None
    (folder / "apple.png").write_bytes(b"\x89PNG two, larger")
    assert watcher.check() is not None


def test_adding_a_missing_symbol_file_reloads(tmp_path: Path,
                                              results: queue.Queue[LoadResult]) -> None:
    """The loader lists every named media file, found or not (LoadResult.media_files)."""
    folder = make_set(tmp_path / "boards")
    (folder / "food.yaml").write_text("rows: [[{label: apple, symbol: pics/apple.png}]]\n")
    initial = load_board_set(folder)
    watcher = BoardWatcher(folder, results.put, initial=initial)
    assert watcher.check() is None
    (folder / "pics").mkdir()
    (folder / "pics" / "apple.png").write_bytes(b"\x89PNG")
    reloaded = watcher.check()
    assert reloaded is not None and reloaded.boards is not None
    apple = reloaded.boards["food"].rows[0][0]
    assert apple is not None and apple.symbol_file == str(folder / "pics" / "apple.png")


def test_pictures_of_a_set_that_runs_with_errors_are_watched_too(
    tmp_path: Path, results: queue.Queue[LoadResult]
) -> None:
    """Issue 16.1: a set with one broken board still runs (``usable``): adding a picture to
    a board that loaded must still show it."""
    folder = make_set(tmp_path / "boards")
    (folder / "food.yaml").write_text("rows: [[{label: apple, symbol: apple.png}]]\n")
    (folder / "toys.yaml").write_text("rows: [[{label: ball, colr: red}]]\n")
    initial = load_board_set(folder)
    assert initial.boards is None and initial.usable is not None
    watcher = BoardWatcher(folder, results.put, initial=initial)
    assert watcher.check() is None
    (folder / "apple.png").write_bytes(b"\x89PNG")
    assert watcher.check() is not None


def test_poke_polls_at_once_and_a_failing_callback_does_not_stop_watching(
    tmp_path: Path,
) -> None:
    folder = make_set(tmp_path / "boards")
    seen: queue.Queue[LoadResult] = queue.Queue()

    def flaky(result: LoadResult) -> None:
        seen.put(result)
        if seen.qsize() == 1:
            raise RuntimeError("consumer bug")

    watcher = BoardWatcher(folder, flaky, interval=60.0)  # only poke() can wake it in time
    watcher.start()
    try:
        (folder / "food.yaml").write_text("rows: [[apple, pear]]\n")
        watcher.poke()
        seen.get(timeout=WAIT)
        (folder / "food.yaml").write_text("rows: [[apple, pear, plum]]\n")
        watcher.poke()
        second = seen.get(timeout=WAIT)
    finally:
        watcher.stop()
    assert second.boards is not None and len(second.boards["food"].rows[0]) == 3


def test_stop_ends_the_thread(tmp_path: Path) -> None:
    folder = make_set(tmp_path / "boards")
    watcher = BoardWatcher(folder, lambda r: None, interval=60.0)
    watcher.start()
    thread = watcher._thread
    assert thread is not None and thread.daemon and thread.is_alive()
    watcher.stop()
    assert not thread.is_alive()


def test_single_file_is_watched(tmp_path: Path, results: queue.Queue[LoadResult]) -> None:
    path = tmp_path / "solo.yaml"
    path.write_text("rows: [[a]]\n")
    watcher = BoardWatcher(path, results.put)
    path.write_text("rows: [[a, b]]\n")
    result = watcher.check()
    assert result is not None and result.boards is not None
    assert result.boards.home == "solo" and len(result.boards["solo"].rows[0]) == 2
