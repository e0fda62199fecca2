"""A cache that cannot be written before the runtime exists (the board-set cache is opened
first of all) reaches the carer's status line too, not only stderr (aac.cache_dirs)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import write_set

import aac.cache_dirs as cache_dirs

REPO = Path(__file__).resolve().parent.parent
HOME = "name: Tiny\nrows:\n  - [I, want, more]\n"


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(cache_dirs, "_early", [])
    cache_dirs.report_problems_to(cache_dirs._stderr)
    yield
    cache_dirs.report_problems_to(cache_dirs._stderr)


def test_notices_before_anyone_listens_are_replayed_once(fresh: None,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    notice = cache_dirs.cache_notice()
    notice.failed("cannot write the cache /c/boards (Read-only file system); carrying on")
    assert "aac: cannot write the cache /c/boards" in capsys.readouterr().err  # as before
    told: list[str] = []
    replayed: list[str] = []
    cache_dirs.report_problems_to(told.append, replay=replayed.append)
    assert replayed == ["cannot write the cache /c/boards (Read-only file system); carrying on"]
    assert told == []  # stderr has it already
    notice.worked("writing the cache /c/boards again")
    assert told == ["writing the cache /c/boards again"] and len(replayed) == 1
    cache_dirs.report_problems_to(told.append, replay=replayed.append)
    assert len(replayed) == 1  # once only


def test_without_a_replay_the_early_notices_are_dropped(fresh: None) -> None:
    cache_dirs.cache_notice().failed("x")
    cache_dirs.report_problems_to(cache_dirs._stderr)  # a test or bench resetting the sink
    replayed: list[str] = []
    cache_dirs.report_problems_to(lambda _t: None, replay=replayed.append)
    assert replayed == []


@pytest.mark.slow
def test_aac_run_shows_an_unwritable_board_set_cache_on_the_status_line(tmp_path: Path
                                                                        ) -> None:
    boards = write_set(tmp_path, {"home.yaml": HOME})
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    env = dict(os.environ, AAC_CACHE_DIR=str(blocker), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "xdg-cache"), SDL_AUDIODRIVER="dummy", LANG="C",
               LANGUAGE="")
    proc = subprocess.run([sys.executable, "-m", "aac", "run", str(boards), "--terminal",
                           "--exit-after", "0.5"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    folder = blocker / "boards"
    told = [line for line in proc.stderr.splitlines() if f"cannot write the cache {folder}" in line]
    assert len(told) == 1, proc.stderr  # once on stderr, as before
    screen = proc.stdout.split("=" * 80)[-1]  # the last frame drawn
    assert "cannot write the cache" in screen and "carrying on without it" in screen, screen
