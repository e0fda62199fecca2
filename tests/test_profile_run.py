"""``aac run --profile NAME``: the child's profile from the XDG config folder, and the
opt-in usage log it switches on (issue 13): rotated, in the XDG state folder, and shown on
screen while it is written."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from aac.core.board import Board, BoardSet, Cell  # noqa: E402
from aac.core.session import Session  # noqa: E402
from aac.loop import Runtime  # noqa: E402
from aac.run_config import RunConfigError, build_run_config  # noqa: E402
from aac.testing import FakeClock, FakeFrontend, FakeSpeech  # noqa: E402
from aac.ui.terminal import TerminalFrontend  # noqa: E402


@pytest.fixture()
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "config" / "aac" / "profiles"
    folder.mkdir(parents=True)
    return folder


def test_a_named_profile_is_found_and_its_logging_opts_in(xdg: Path, tmp_path: Path) -> None:
    (xdg / "anna.yaml").write_text("interval_ms: 1500\nlogging: on\n", encoding="utf-8")
    config = build_run_config(profile="anna")
    assert config.scan is not None and config.scan.interval_ms == 1500
    assert config.log == str(tmp_path / "state" / "aac" / "logs" / "anna" / "usage.jsonl")


def test_without_logging_on_nothing_is_recorded(xdg: Path) -> None:
    (xdg / "ben.yaml").write_text("interval_ms: 1500\n", encoding="utf-8")
    assert build_run_config(profile="ben").log is None


def test_an_unknown_profile_names_the_known_ones(xdg: Path) -> None:
    (xdg / "anna.yaml").write_text("interval_ms: 1500\n", encoding="utf-8")
    with pytest.raises(RunConfigError) as err:
        build_run_config(profile="ana")
    assert err.value.code == 1 and "anna" in str(err.value)
    with pytest.raises(RunConfigError):
        build_run_config(profile="anna", settings=str(xdg / "anna.yaml"))


def _boards() -> BoardSet:
    return BoardSet({"home": Board("home", ((Cell("yes"), Cell("no")),))})


def test_every_frame_shows_the_recording_mark_while_a_log_is_written(tmp_path: Path) -> None:
    clock = FakeClock()
    frontend = FakeFrontend(clock)
    runtime = Runtime(Session(_boards()), frontend, FakeSpeech(), clock=clock,
                      usage_log=str(tmp_path / "logs" / "u.jsonl"))
    runtime.redraw()
    runtime.close()
    assert frontend.frames and all(view.recording for _, view in frontend.frames)
    quiet = Runtime(Session(_boards()), FakeFrontend(clock), FakeSpeech(), clock=clock)
    assert not quiet.view().recording


def test_the_mark_is_drawn_on_screen_and_in_the_terminal() -> None:
    import pygame

    from aac.core.view import View
    from aac.ui.render import Renderer

    pygame.display.init()
    pygame.font.init()
    board = _boards().home_board
    plain, marked = pygame.Surface((800, 480)), pygame.Surface((800, 480))
    Renderer().draw(plain, View(board=board))
    Renderer().draw(marked, View(board=board, recording=True))
    diff = sum(plain.get_at((x, y)) != marked.get_at((x, y))
               for x in range(700, 800) for y in range(0, 40))
    assert diff > 50  # the mark is in the top-right corner
    assert any(marked.get_at((x, y))[:3] == (220, 0, 0)
               for x in range(700, 800) for y in range(0, 40))  # its red dot
    r, w = os.pipe()
    terminal = TerminalFrontend(stdin=r, stdout=io.StringIO(), ansi=False)
    try:
        assert "[REC]" in terminal.draw(View(board=board, recording=True))
        assert "[REC]" not in terminal.draw(View(board=board))
    finally:
        terminal.close()
        os.close(r)
        os.close(w)


def test_the_usage_log_rotates_by_size(tmp_path: Path) -> None:
    from aac.usage_log import UsageLog

    path = tmp_path / "u.jsonl"
    log = UsageLog(str(path))
    log._file.max_bytes = 200  # small, so a few records rotate
    for i in range(20):
        log.write({"t": i, "type": "message", "text": "x" * 20})
    log.close()
    assert (tmp_path / "u.jsonl.1").exists()
    assert all(f.stat().st_size <= 200 for f in tmp_path.iterdir())


def test_a_profile_names_the_childs_own_board_set_relative_to_itself(xdg: Path,
                                                                    tmp_path: Path) -> None:
    own = tmp_path / "config" / "aac" / "boards-anna"
    own.mkdir()
    (own / "home.yaml").write_text("rows:\n  - [yes, no]\n", encoding="utf-8")
    (xdg / "anna.yaml").write_text("boards: ../boards-anna\nvolume: 80\n", encoding="utf-8")
    assert build_run_config(profile="anna").boards == own
    # the command line's BOARDS still wins
    assert build_run_config(profile="anna", boards=str(tmp_path)).boards == tmp_path


def test_a_missing_board_folder_in_a_profile_is_a_positioned_error(xdg: Path) -> None:
    from aac.profile import check_profile

    (xdg / "ben.yaml").write_text("voice: default\nboards: nowhere\n", encoding="utf-8")
    _, problems = check_profile(str(xdg / "ben.yaml"))
    assert [(p.line, p.severity) for p in problems] == [(2, "error")]
    assert "no such board folder" in problems[0].message
