"""A teacher edits a board while the communicator runs: good edits apply at once, a broken
edit keeps the last good board on screen and tells the carer where the mistake is."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import write_set

from aac.boards.loader import load_board_set
from aac.boards.watch import BoardWatcher
from aac.core.events import PointerSelect
from aac.core.session import Session
from aac.loop import BoardsReloaded, Runtime
from aac.testing import FakeClock, FakeFrontend, FakeSpeech

HOME = "rows:\n  - [I, want, {label: Food, link: food}]\n"
FOOD = "back_after_select: true\nrows:\n  - [apple, {label: Back, action: back}]\n"


def make_set(tmp_path: Path) -> Path:
    return write_set(tmp_path, {"home.yaml": HOME, "food.yaml": FOOD})


def edit(path: Path, text: str) -> None:
    """Write and move the mtime on, so even a coarse file system sees the change."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def runtime_on(folder: Path) -> tuple[Runtime, FakeFrontend, BoardWatcher]:
    clock = FakeClock(0.0)
    fe = FakeFrontend(clock)
    result = load_board_set(folder)
    assert result.ok and result.boards is not None
    rt = Runtime(Session(result.boards), fe, FakeSpeech(), clock=clock)
    watcher = BoardWatcher(folder, lambda res: rt.post(BoardsReloaded(res, clock.now())),
                           initial=result)
    return rt, fe, watcher


def test_a_good_edit_replaces_the_board_on_screen(tmp_path: Path) -> None:
    folder = make_set(tmp_path)
    rt, fe, watcher = runtime_on(folder)
    rt.step(0)
    edit(folder / "home.yaml", "rows:\n  - [I, want, more]\n")
    assert watcher.check() is not None  # the watcher saw it and posted it to the loop
    rt.step(0)
    assert fe.last is not None
    assert [c.label for c in fe.last.board.rows[0] if c] == ["I", "want", "more"]
    assert fe.last.status == ""


def test_a_broken_edit_keeps_the_last_good_board_and_shows_where(tmp_path: Path) -> None:
    folder = make_set(tmp_path)
    rt, fe, watcher = runtime_on(folder)
    fe.add([PointerSelect(0, 2, 0.0)])  # the child is on the food board
    rt.step(0)
    assert rt.session.board.id == "food"
    edit(folder / "food.yaml", "rows:\n  - [apple, {label: Back, acton: back}]\n")
    assert watcher.check() is not None
    rt.step(0)
    assert fe.last is not None and fe.last.board.id == "food"
    assert [c.label for c in fe.last.board.rows[0] if c] == ["apple", "Back"]  # unchanged
    assert "food.yaml:2:" in fe.last.status and 'did you mean "action"' in fe.last.status
    fe.add([PointerSelect(0, 0, rt.clock.now())])  # and it still works
    rt.step(0)
    assert rt.session.message_text == "apple"
    # fixing the file clears the carer's message and applies the fix
    edit(folder / "food.yaml", "back_after_select: true\nrows:\n  - [pear, apple]\n")
    assert watcher.check() is not None
    rt.step(0)
    assert fe.last is not None and fe.last.status == ""
    assert rt.session.board.id == "home"  # back_after_select took the child home
    assert [c.label for c in rt.session.boards["food"].rows[0] if c] == ["pear", "apple"]
