"""Issue 16.1, the run side: one typo must not silence the device. ``aac run`` starts with
every board that loads, keeps the errors on the carer's line and on stderr until a reload
fixes them, and shows the emergency board when the home board itself cannot load."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from helpers import write_set

from aac.app import start, starting_boards
from aac.boards.problems import LoadResult, Problem
from aac.core.board import Board, BoardSet, Cell
from aac.core.events import PointerSelect
from aac.core.session import Session
from aac.fallback_board import FALLBACK_ID
from aac.loop import BoardsReloaded, Runtime
from aac.run_config import build_run_config
from aac.testing import FakeClock, FakeFrontend, FakeSpeech
from aac.ui.theme import DEFAULT_THEME

HOME = Board("home", ((Cell("I"), Cell("Talk", link="talk")),))
TALK = Board("talk", ((Cell("hello"), Cell("bye")),))
BAKC = Problem("boards/rare.yaml", 3, 11, "error", 'unknown action "bakc" (did you mean "back"?)')


def partial_result() -> LoadResult:
    """What the loader gives for a set whose rarely used board has ``action: bakc``."""
    usable = BoardSet({"home": HOME, "talk": TALK})
    return LoadResult(None, [BAKC], usable=usable)


def runtime_for(result: LoadResult) -> tuple[Runtime, FakeFrontend, FakeSpeech, list[str]]:
    boards, kind = starting_boards(result)
    clock = FakeClock(0.0)
    fe, speech, told = FakeFrontend(clock), FakeSpeech(), []
    rt = Runtime(Session(boards), fe, speech, clock=clock, on_carer_message=told.append)
    if kind is not None:
        rt.show_board_problems(result.problems, kind)
    return rt, fe, speech, told


def test_a_typo_in_a_rare_board_starts_with_every_board_that_loads() -> None:
    rt, fe, speech, told = runtime_for(partial_result())
    rt.step(0)
    assert fe.last is not None and fe.last.board.id == "home"
    assert "boards/rare.yaml:3:11" in fe.last.status and "bakc" in fe.last.status
    assert told and "boards/rare.yaml:3:11" in told[0]  # the same words go to stderr
    fe.add([PointerSelect(0, 1, rt.clock.now())])  # the child still talks
    rt.step(0)
    fe.add([PointerSelect(0, 0, rt.clock.now())])
    rt.step(0)
    assert speech.said == ["hello"] and rt.session.board.id == "talk"
    assert "bakc" in fe.last.status  # still visible: not fixed yet


def test_a_fixing_reload_clears_the_message_and_a_passing_status_does_not_hide_it() -> None:
    from aac.core.events import Status

    rt, fe, _, _ = runtime_for(partial_result())
    rt.post(Status("no audio device: showing text only", 0.0))
    rt.step(0)
    assert fe.last is not None and "bakc" in fe.last.status and "no audio" in fe.last.status
    still_broken = partial_result()
    rt.post(BoardsReloaded(still_broken, rt.clock.now()))
    rt.step(0)
    assert "bakc" in fe.last.status
    fixed = BoardSet({"home": HOME, "talk": TALK, "rare": Board("rare", ((Cell("x"),),))})
    rt.post(BoardsReloaded(LoadResult(fixed, [], usable=fixed), rt.clock.now()))
    rt.step(0)
    assert "bakc" not in fe.last.status and "no audio" in fe.last.status
    assert "rare" in rt.session.boards


def test_a_broken_home_board_shows_the_spoken_emergency_board() -> None:
    broken = LoadResult(None, [Problem("b/home.yaml", 2, 3, "error", "unknown key")])
    rt, fe, speech, told = runtime_for(broken)
    rt.step(0)
    assert fe.last is not None and fe.last.board.id == FALLBACK_ID
    labels = [c.label for row in fe.last.board.rows for c in row if c]
    assert labels == ["yes", "no", "help", "stop"]
    assert "b/home.yaml:2:3" in fe.last.status and "emergency board" in fe.last.status
    for r, c in ((0, 0), (0, 1), (1, 0), (1, 1)):
        fe.add([PointerSelect(r, c, rt.clock.now())])
        rt.step(0)
    assert speech.said == ["yes", "no", "help", "stop"]
    home = BoardSet({"home": HOME})
    rt.post(BoardsReloaded(LoadResult(home, [], usable=home), rt.clock.now()))
    rt.step(0)
    assert rt.session.board.id == "home" and fe.last.status == ""


def test_a_broken_edit_of_a_good_set_keeps_the_last_good_set() -> None:
    good = BoardSet({"home": HOME, "talk": TALK})
    rt, fe, _, _ = runtime_for(LoadResult(good, [], usable=good))
    rt.step(0)
    assert fe.last is not None and fe.last.status == ""
    rt.post(BoardsReloaded(dataclasses.replace(partial_result(), usable=BoardSet({"home": HOME})),
                           rt.clock.now()))
    rt.step(0)
    assert "Board edit not applied" in fe.last.status and "talk" in rt.session.boards


def broken_rare_board(tmp_path: Path) -> Path:
    return write_set(tmp_path, {"home.yaml": "rows:\n  - [I, {label: Talk, link: talk}]\n",
                                "talk.yaml": "rows:\n  - [hello, {label: B, action: bakc}]\n"})


def test_aac_run_starts_on_a_set_with_a_broken_board_and_names_it_on_stderr(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The command's start path, in process, with the real loader (``usable`` boards)."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    folder = broken_rare_board(tmp_path)
    shot = tmp_path / "shot.png"
    code = start(build_run_config(boards=str(folder), window=(800, 480),
                                  screenshot=str(shot), exit_after=0.3))
    err = capsys.readouterr().err
    assert code == 0 and shot.exists()
    assert f"{folder / 'talk.yaml'}:2:" in err and "bakc" in err
    assert "starting with every board that loads" in err
    assert "Some boards could not load" in err  # the carer's line, on stderr as well


@pytest.mark.slow
def test_aac_run_as_a_teacher_starts_it_shows_the_error_on_screen(tmp_path: Path) -> None:
    """Issue 16.1 as reported: a real ``aac run`` process, screenshot of the first frame."""
    folder = broken_rare_board(tmp_path)
    shot = tmp_path / "shot.png"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               AAC_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "aac", "run", str(folder), "--window",
                           "800x480", "--screenshot", str(shot), "--exit-after", "0.5"],
                          env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert f"{folder / 'talk.yaml'}:2:" in proc.stderr and "Traceback" not in proc.stderr
    img = pygame.image.load(str(shot))
    bg = DEFAULT_THEME.status_background
    status_rows = [y for y in range(480) if tuple(img.get_at((798, y)))[:3] == bg]
    assert len(status_rows) >= 2 * 28  # a wrapped status line at the bottom
    assert max(status_rows) == 479
