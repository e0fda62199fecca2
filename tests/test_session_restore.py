"""Nothing lost on a crash (issue 15 item 3): the message and the boards are saved on change,
off the loop thread, atomically, and come back on the next start; a bad file is ignored."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import write_set

from aac.boards.loader import load_board_set
from aac.core.board import BoardSet
from aac.core.session import Session, SnapshotError
from aac.session_store import (
    SessionSaver,
    load_snapshot,
    restore_session,
    session_path,
    write_atomically,
)

REPO = Path(__file__).resolve().parent.parent

HOME = """\
name: Tiny
rows:
  - [I, want, null, {label: more, link: more}]
  - [{label: Speak, action: speak}, drink]
"""
MORE = """\
name: More
rows:
  - [cake, tea]
"""


@pytest.fixture
def boards_dir(tmp_path: Path) -> Path:
    return write_set(tmp_path, {"home.yaml": HOME, "more.yaml": MORE})


@pytest.fixture
def boards(boards_dir: Path) -> BoardSet:
    result = load_board_set(boards_dir)
    assert result.boards is not None
    return result.boards


def _built(boards: BoardSet) -> Session:
    s = Session(boards)
    s.select(0, 0)  # I
    s.select(0, 1)  # want
    s.select(0, 3)  # -> more
    return s


# -- the pure part ---------------------------------------------------------------------------
def test_snapshot_round_trips_message_spelling_and_stack(boards: BoardSet) -> None:
    s = _built(boards)
    s._spelling = "ca"  # spelling in progress is kept too
    snap = json.loads(json.dumps(s.snapshot()))
    fresh = Session(boards)
    assert fresh.restore(snap) == []
    assert fresh.message_text == "I want ca"
    assert fresh.board.id == "more" and fresh.depth == 2
    fresh.restore(snap)
    assert fresh.select(0, 0) and fresh.message_text == "I want ca cake"


def test_every_change_moves_the_revision(boards: BoardSet) -> None:
    s = Session(boards)
    r0 = s.revision
    s.select(0, 0)
    assert s.revision > r0


def test_a_board_gone_from_the_set_restores_the_message_at_home(boards: BoardSet) -> None:
    snap = _built(boards).snapshot()
    snap["stack"].append({"board": "nowhere", "back_after_select": False})
    fresh = Session(boards)
    notes = fresh.restore(snap)
    assert fresh.board.id == "home" and fresh.depth == 1
    assert fresh.message_text == "I want"
    assert notes and "nowhere" in notes[0]


@pytest.mark.parametrize("field, value, named", [
    ("version", 99, "version"),
    ("message", "I want", "message"),
    ("message", [{"text": 3}], "message[0]"),
    ("message", [{"text": "a", "sound": 4}], "message[0].sound"),
    ("spelling", None, "spelling"),
    ("stack", [], "stack"),
    ("stack", [{"board": 1}], "stack[0]"),
    ("stack", [{"board": "home", "back_after_select": "yes"}], "stack[0]"),
])
def test_restore_checks_every_field_and_changes_nothing_when_bad(
        boards: BoardSet, field: str, value: Any, named: str) -> None:
    snap = _built(boards).snapshot()
    snap[field] = value
    fresh = Session(boards)
    fresh.select(1, 1)  # drink
    with pytest.raises(SnapshotError, match=named.replace("[", r"\[").replace("]", r"\]")):
        fresh.restore(snap)
    assert fresh.message_text == "drink" and fresh.board.id == "home"


# -- the edge ------------------------------------------------------------------------------------
def test_the_state_file_is_per_profile_or_per_board_set(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    a = session_path(tmp_path / "a")
    assert a.parent == tmp_path / "aac" and a.name.startswith("session-")
    assert a != session_path(tmp_path / "b")
    assert session_path(tmp_path / "a", "anna") == tmp_path / "aac" / "session-anna.json"


@pytest.mark.parametrize("content", ['{"version": 1, "message": [{"te', "\x00\x01", "[1, 2]",
                                     '{"version": 1}'])
def test_a_truncated_or_corrupt_file_is_ignored_with_one_notice(
        boards: BoardSet, tmp_path: Path, content: str) -> None:
    path = tmp_path / "session.json"
    path.write_text(content, encoding="utf-8")
    s = Session(boards)
    notes = restore_session(s, path)
    assert len(notes) == 1 and str(path) in notes[0] and "\n" not in notes[0]
    assert s.message_text == "" and s.board.id == "home"


def test_no_file_is_no_notice(boards: BoardSet, tmp_path: Path) -> None:
    assert restore_session(Session(boards), tmp_path / "none.json") == []
    assert load_snapshot(tmp_path / "none.json") == (None, None)


def test_write_is_atomic_temp_fsync_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deep" / "s.json"
    write_atomically(path, "old")
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))

    def failing_replace(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_atomically(path, "new")
    assert path.read_text() == "old"  # the old file is whole
    assert [p.name for p in path.parent.iterdir()] == ["s.json"]  # no temp left behind
    assert synced  # the temp file was synced before the rename


def test_the_saver_writes_off_the_calling_thread_and_coalesces(tmp_path: Path,
                                                               boards: BoardSet) -> None:
    gate, started = threading.Event(), threading.Event()
    writes: list[tuple[str, str]] = []

    def slow_write(path: Path, text: str) -> None:
        writes.append((threading.current_thread().name, text))
        started.set()
        gate.wait(5)
        write_atomically(path, text)

    saver = SessionSaver(tmp_path / "s.json", on_problem=lambda t: None, write=slow_write)
    s = Session(boards)
    hook = saver.watch(s)
    s.select(0, 0)
    hook()
    assert started.wait(5)
    for _ in range(50):  # many changes while the first write is stuck on the disk
        s.select(1, 1)
        hook()
    gate.set()
    assert saver.flush(5)
    saver.close()
    assert all(name == "aac-session-saver" for name, _ in writes)
    assert len(writes) == 2  # the first, then only the latest of the 50
    saved = json.loads((tmp_path / "s.json").read_text())
    assert len(saved["message"]) == 51


def test_a_failing_disk_is_told_once_and_recovery_is_told(tmp_path: Path,
                                                         boards: BoardSet) -> None:
    full = [True]
    notices: list[str] = []

    def write(path: Path, text: str) -> None:
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        write_atomically(path, text)

    saver = SessionSaver(tmp_path / "s.json", on_problem=notices.append, write=write)
    s = Session(boards)
    for _ in range(3):
        s.select(0, 0)
        saver.offer(s.snapshot())
        assert saver.flush(5)
    assert len(notices) == 1 and "No space left" in notices[0]
    full[0] = False
    s.select(0, 1)
    saver.offer(s.snapshot())
    assert saver.flush(5)
    saver.close()
    assert len(notices) == 2 and "saved again" in notices[1]
    assert json.loads((tmp_path / "s.json").read_text())["message"][-1]["text"] == "want"


# -- end to end: a real ``aac run`` killed with SIGKILL --------------------------------------------
def _start(boards_dir: Path, state: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, XDG_STATE_HOME=str(state), SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    return subprocess.Popen([sys.executable, "-m", "aac", "run", str(boards_dir), "--terminal"],
                            cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _read_until(proc: subprocess.Popen[bytes], needle: bytes, timeout: float = 30) -> bytes:
    """Read the child's screen until ``needle`` shows (a reader thread; no fixed sleeps)."""
    assert proc.stdout is not None
    seen = bytearray()
    found = threading.Event()

    def reader() -> None:
        assert proc.stdout is not None
        while not found.is_set():
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                return
            seen.extend(chunk)
            if needle in seen:
                found.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    t.join(timeout)
    assert found.is_set(), f"{needle!r} never shown; screen: {bytes(seen)[-600:]!r}"
    return bytes(seen)


def _wait_saved(path: Path, words: int, timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        data, _ = load_snapshot(path)
        if data is not None and len(data["message"]) == words:
            return
        time.sleep(0.01)  # polling a file another process writes
    raise AssertionError(f"{path} never held {words} words")


@pytest.mark.slow
def test_sigkill_then_restart_shows_the_same_message_and_board(boards_dir: Path,
                                                               tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = _start(boards_dir, state)
    assert first.stdin is not None
    first.stdin.write(b"1\n2\n3\n")  # I, want, -> More
    first.stdin.flush()
    _read_until(first, b"More\n")
    path = session_path(boards_dir)
    path = state / "aac" / path.name
    _wait_saved(path, 2)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    first.stdin.close()
    for stream in (first.stdout, first.stderr):
        assert stream is not None
        stream.close()

    second = _start(boards_dir, state)
    screen = _read_until(second, b"type a cell number")
    assert second.stdin is not None
    second.stdin.write(b"q\n")
    second.stdin.close()
    assert second.wait(30) == 0
    assert second.stderr is not None and second.stdout is not None
    err = second.stderr.read()
    second.stderr.close()
    second.stdout.close()
    first_frame = screen.split(b"=" * 80)[1]
    assert b"| I want " in first_frame
    assert b"More\n" in first_frame and b"1 cake" in first_frame
    assert b"saved session" not in err


@pytest.mark.slow
def test_restart_with_a_corrupt_state_file_starts_fresh_with_one_notice(
        boards_dir: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    path = state / "aac" / session_path(boards_dir).name
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "message": [{"text": "I"}, {"te', encoding="utf-8")
    proc = _start(boards_dir, state)
    out, err = proc.communicate(b"q\n", timeout=30)
    assert proc.returncode == 0
    notices = [line for line in err.decode().splitlines() if "saved session" in line]
    assert len(notices) == 1 and str(path) in notices[0] and "Traceback" not in err.decode()
    assert b"Tiny" in out


@pytest.mark.slow
def test_the_restart_bench_reports_crash_to_first_frame(boards_dir: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "aac", "bench", "restart", "--runs", "1",
                           "--boards", str(boards_dir), "--json"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    fig = json.loads(proc.stdout)
    assert fig["name"] == "restart_after_crash_first_frame" and fig["samples"] == 1
    assert fig["p50"] > 0 and fig["message_restored"] is True
