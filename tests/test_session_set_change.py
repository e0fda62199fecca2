"""The saved session belongs to the board set shown: after the carer changes the set
("Language and boards") the message, board and back stack are saved as the new set's, a
restart restores them into that set, and no restore ever puts a board id from another set on
screen (board ids repeat across sets: "food" is in every language's)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from helpers import NoWatcher

from aac.app import start_session_saver
from aac.boards.loader import load_board_set
from aac.carer_menu_setup import attach_carer_menu
from aac.core.board import Board
from aac.core.events import CarerChanged, PointerSelect
from aac.core.session import Session
from aac.i18n import set_language
from aac.loop import Runtime
from aac.loop.carer_apply import CarerApplier, WatcherSlot
from aac.run_config import RunConfig, build_run_config
from aac.session_store import SessionSaver, session_path, set_id
from aac.speech.switch import SpeechSwitch
from aac.testing import FakeSpeech
from aac.ui.pygame_frontend import PygameFrontend

BOARDS = Path(__file__).resolve().parent.parent / "boards"


@dataclass
class Device:
    rt: Runtime
    saver: SessionSaver
    menu: CarerApplier
    fe: PygameFrontend

    def pump(self, until: Callable[[], bool], timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while not until() and time.monotonic() < end:
            self.rt.step(0.02)
        assert until()

    def choose(self, want: Callable[[Any], bool]) -> None:
        """Touch the first cell of the board shown that ``want`` accepts."""
        board: Board = self.rt.session.board
        r, c = next((r, c) for r, c, cell in board.visible_cells() if want(cell))
        self.rt.handle(PointerSelect(r, c, time.monotonic()))
        self.rt.step(0)  # the step hook offers the snapshot

    def to_home(self) -> None:
        if self.rt.session.board.id != "home":
            self.choose(action("home"))

    def change_set(self, tag: str) -> None:
        self.rt.handle(CarerChanged(time.monotonic(), "set", tag))
        self.pump(lambda: self.rt.session.boards.language == tag)
        assert self.menu.idle()
        self.rt.step(0)

    def saved(self) -> None:
        assert self.saver.flush()


def word(cell: Any) -> bool:
    return cell.link is None and not cell.action and bool(cell.label)


def link_to(board_id: str) -> Callable[[Any], bool]:
    return lambda cell: cell.link == board_id


def action(name: str) -> Callable[[Any], bool]:
    return lambda cell: name in cell.action


def start(config: RunConfig, notes: list[str]) -> Session:
    """What ``aac run`` does with the saved session at start (``start_session_saver``)."""
    result = load_board_set(config.boards)
    assert result.boards is not None
    session = Session(result.boards)
    start_session_saver(config, session, notes.append).close()
    return session


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(BOARDS, tmp_path / "boards")
    return tmp_path / "boards"


def make_device(config: RunConfig) -> Device:
    set_language("en")
    fe = PygameFrontend((800, 480), fullscreen=False, carer_lock=True)
    result = load_board_set(config.boards)
    assert result.boards is not None
    session = Session(result.boards)
    rt = Runtime(session, fe, SpeechSwitch(FakeSpeech()))
    notes: list[str] = []
    saver = start_session_saver(config, session, notes.append)  # as ``aac run`` does
    assert notes == []
    rt.step_hooks.append(saver.watch(session))
    menu = attach_carer_menu(config, rt, fe, rt.speech, lambda v, lang: FakeSpeech(),
                             WatcherSlot(NoWatcher()), lambda r: None, lambda k, v: None,
                             lambda t: None, saver=saver)
    assert menu is not None
    return Device(rt, saver, menu, fe)


@pytest.fixture
def devices() -> Iterator[list[Device]]:
    made: list[Device] = []
    yield made
    for d in made:
        d.menu.close()
        d.saver.close()
        d.fe.close()
    set_language(None)


def test_a_set_change_is_saved_as_the_new_sets_and_restored_into_it(
        root: Path, tmp_path: Path, devices: list[Device]) -> None:
    """With a profile: the profile now names Serbian, so the restart shows Serbian, with the
    board and message the child had there."""
    profile = tmp_path / "sam.yaml"
    profile.write_text("volume: 80\n", encoding="utf-8")
    config = build_run_config(boards=str(root), settings=str(profile))
    assert config.boards.resolve() == (root / "en").resolve()
    d = make_device(config)
    devices.append(d)
    d.choose(link_to("food"))
    d.choose(word)
    d.change_set("sr")
    d.to_home()  # in Serbian: a word, then the people board
    d.choose(word)
    d.choose(link_to("people"))
    before = d.rt.session.snapshot()
    assert before["stack"][-1]["board"] == "people"
    d.saved()
    saved = json.loads(session_path(config.boards, config.profile).read_text(encoding="utf-8"))
    assert saved["set"] == set_id(root / "sr")

    again = build_run_config(boards=str(root), settings=str(profile))  # the restart
    assert again.boards.resolve() == (root / "sr").resolve()
    notes: list[str] = []
    session = start(again, notes)
    assert notes == []
    assert session.snapshot() == before
    assert session.board.name == load_board_set(root / "sr").boards["people"].name  # type: ignore[union-attr]


def test_without_a_profile_each_set_keeps_its_own_session(root: Path,
                                                          devices: list[Device]) -> None:
    """The file is keyed by the set: after the change the new set's session goes to the new
    set's file, and the starting set's file keeps what the child had there."""
    en = RunConfig(boards=root / "en", sets_root=root)
    d = make_device(en)
    devices.append(d)
    d.choose(link_to("food"))
    d.choose(word)
    if d.rt.session.board.id != "food":  # the word went back home: go again
        d.choose(link_to("food"))
    in_english = d.rt.session.snapshot()
    d.saved()
    d.change_set("sr")
    d.to_home()
    d.choose(word)
    d.choose(link_to("people"))
    in_serbian = d.rt.session.snapshot()
    d.saved()

    notes: list[str] = []
    assert start(RunConfig(boards=root / "sr", sets_root=root), notes).snapshot() == in_serbian
    english = start(en, notes)
    assert notes == []
    assert english.snapshot() == in_english and english.board.id == "food"


def test_a_session_saved_on_another_set_is_not_restored(root: Path) -> None:
    config = RunConfig(boards=root / "en", sets_root=root, profile="sam")
    path = session_path(config.boards, "sam")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "version": 1, "set": set_id(root / "sr"), "spelling": "",
        "message": [{"text": "ја", "sound": None}],
        "stack": [{"board": "home", "back_after_select": False},
                  {"board": "food", "back_after_select": False}]}), encoding="utf-8")
    notes: list[str] = []
    session = start(config, notes)
    assert session.board.id == "home" and session.message == ()
    assert len(notes) == 1 and "another board set" in notes[0] and str(root / "sr") in notes[0]


@pytest.mark.parametrize("with_set", [True, False])
def test_a_stale_session_naming_a_board_the_set_lacks_starts_at_home(root: Path,
                                                                     with_set: bool) -> None:
    config = RunConfig(boards=root / "en", sets_root=root)
    path = session_path(config.boards)
    path.parent.mkdir(parents=True, exist_ok=True)
    snap: dict[str, Optional[object]] = {
        "version": 1, "spelling": "", "message": [{"text": "I", "sound": None}],
        "stack": [{"board": "home", "back_after_select": False},
                  {"board": "dinosaurs", "back_after_select": False}]}
    if with_set:  # a file from before the set was named in it restores the same way
        snap["set"] = set_id(root / "en")
    path.write_text(json.dumps(snap), encoding="utf-8")
    notes: list[str] = []
    session = start(config, notes)
    assert session.board.id == "home" and session.depth == 1
    assert [u.text for u in session.message] == ["I"]
    assert len(notes) == 1 and "'dinosaurs' is gone" in notes[0]
