"""Faults a school day brings (issue 15 item 7): each gives the carer a clear notice and loses
nothing that could be kept. Disk full and read-only folders are real tmpfs mounts when this
runs as root (skipped otherwise; the fake-file variants below run everywhere).

Covered elsewhere, with the same standard: a corrupt or truncated audio cache file
(tests/test_speech_cache.py), picture cache file (tests/test_picture_cache.py) and saved
session (tests/test_session_restore.py); the speech worker killed mid-request
(tests/test_speech_worker.py); the serial box pulled out while a switch is held: the press is
released, the carer told, the box found again (tests/test_serial_driver.py).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import write_set

from aac.boards.loader import load_board_set
from aac.core.session import Session
from aac.loop import BoardsReloaded, Runtime
from aac.session_store import SessionSaver
from aac.testing import FakeClock, FakeFrontend, FakeSpeech
from aac.usage_log import UsageLog

REPO = Path(__file__).resolve().parent.parent
HOME = "name: Tiny\nrows:\n  - [I, want, {label: more, link: more}]\n"
MORE = "name: More\nrows:\n  - [cake, tea]\n"


def _mount(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, timeout=30)
    return proc.returncode == 0


def _mounted(where: Path, options: str, what: str) -> Iterator[Path]:
    """A real tmpfs at ``where`` for the test, unmounted after it."""
    if not _mount(where, options):
        pytest.skip(f"needs root and tmpfs to mount {what}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], timeout=30)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system, filled to the last byte by ``fill``."""
    yield from _mounted(tmp_path / "disk", "size=64k", "a tiny disk")


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    yield from _mounted(tmp_path / "ro", "ro,size=64k", "a read-only folder")


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:
        for size in (4096, 1):  # blocks, then the last bytes
            try:
                while True:
                    f.write(b"x" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


def wait_for(predicate: Any, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)  # polling another thread's visible effect
    return bool(predicate())


# -- disk full ----------------------------------------------------------------------------------
def test_usage_log_on_a_full_disk_tells_the_carer_once_and_recovers(tiny_disk: Path) -> None:
    notices: list[str] = []
    log = UsageLog(str(tiny_disk / "usage.jsonl"))
    log.on_problem = notices.append
    filler = fill(tiny_disk)
    for i in range(200):  # far more than fits: write() never blocks nor raises
        log.write({"t": i, "type": "switch", "pad": "x" * 200})
    assert wait_for(lambda: notices)
    assert wait_for(lambda: log._queue.empty())  # the writer thread kept draining
    assert len(notices) == 1 and "No space left" in notices[0] and "usage.jsonl" in notices[0]
    filler.unlink()
    log.write({"t": 999, "type": "select", "label": "after"})
    assert wait_for(lambda: len(notices) == 2)
    assert "writing again" in notices[1]
    log.close()
    last = (tiny_disk / "usage.jsonl").read_text().splitlines()[-1]
    assert json.loads(last)["label"] == "after"


def test_usage_log_writer_survives_enospc_from_any_file() -> None:
    class FullFile:
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    notices: list[str] = []
    log = UsageLog(os.devnull)
    log._file.close()
    log._file = FullFile()  # type: ignore[assignment]
    log.on_problem = notices.append
    for i in range(50):
        log.write({"t": i})
    assert wait_for(lambda: notices and log._queue.empty())
    assert log._thread.is_alive() and len(notices) == 1
    log.close()  # no exception either


def test_session_on_a_full_disk_keeps_the_last_saved_message(tiny_disk: Path) -> None:
    boards_dir = write_set(tiny_disk.parent, {"home.yaml": HOME, "more.yaml": MORE})
    boards = load_board_set(boards_dir).boards
    assert boards is not None
    notices: list[str] = []
    path = tiny_disk / "session.json"
    saver = SessionSaver(path, notices.append)
    s = Session(boards)
    s.select(0, 0)
    saver.offer(s.snapshot())
    assert saver.flush(5) and not notices
    filler = fill(tiny_disk)
    s.select(0, 1)
    saver.offer(s.snapshot())
    assert saver.flush(5)
    assert len(notices) == 1 and "No space left" in notices[0]
    assert json.loads(path.read_text())["message"] == [{"text": "I", "sound": None}]
    assert [p.name for p in tiny_disk.iterdir() if p.name.startswith(".")] == []  # no temp
    filler.unlink()
    s.select(0, 1)
    saver.offer(s.snapshot())
    assert saver.flush(5)
    saver.close()
    assert "saved again" in notices[-1]
    assert len(json.loads(path.read_text())["message"]) == 3


@pytest.fixture
def cache_notices(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every cache's carer notices, as ``aac run`` routes them (``report_problems_to``)."""
    import aac.cache_dirs as cache_dirs

    notices: list[str] = []
    monkeypatch.setattr(cache_dirs, "_shared", {}, raising=False)  # fresh latches
    cache_dirs.report_problems_to(notices.append)
    try:
        yield notices
    finally:
        cache_dirs.report_problems_to(cache_dirs._stderr)


def _pcm(seconds: float) -> Any:
    import numpy as np

    from aac.speech.audio import Pcm

    return Pcm(np.zeros(int(22050 * seconds), dtype=np.int16), 22050)


def test_speech_cache_on_a_full_disk_serves_from_memory_and_tells_once(
        tiny_disk: Path, cache_notices: list[str]) -> None:
    from aac.speech.cache import AudioCache, CacheKey

    cache = AudioCache(tiny_disk / "speech")
    filler = fill(tiny_disk)
    keys = [CacheKey(f"word {i}", "en-us", 165, 50, 1.0) for i in range(5)]
    for key in keys:  # each is bigger than the disk: every write fails
        cache.put(key, _pcm(2.0))
    assert cache.flush(5)
    assert all(cache.get(key) is not None for key in keys)  # memory still serves
    assert len(cache_notices) == 1
    assert "No space left" in cache_notices[0] and str(tiny_disk / "speech") in cache_notices[0]
    filler.unlink()
    cache.put(CacheKey("after", "en-us", 165, 50, 1.0), _pcm(0.1))
    assert cache.flush(5)
    assert len(cache_notices) == 2 and "again" in cache_notices[1]
    assert len(list((tiny_disk / "speech").glob("*.wav"))) == 1


def test_picture_cache_on_a_full_disk_still_shows_pictures_and_tells_once(
        tiny_disk: Path, tmp_path: Path, cache_notices: list[str]) -> None:
    pygame = pytest.importorskip("pygame")
    from aac.boards.picture_cache import PictureDiskCache
    from aac.ui.pictures import Picture, Pictures

    pygame.font.init()
    disk = PictureDiskCache(tiny_disk / "pictures")
    filler = fill(tiny_disk)
    pictures = Pictures(background=False, disk=disk)
    for i in range(4):
        svg = tmp_path / f"p{i}.svg"
        svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                       f'<rect id="p{i}" width="10" height="10" fill="#FF0000"/></svg>')
        got = pictures.get(str(svg), (90, 90))
        assert isinstance(got, Picture) and got.surface is not None  # from memory
    assert len(cache_notices) == 1 and "No space left" in cache_notices[0]
    filler.unlink()
    assert isinstance(pictures.get(str(tmp_path / "p0.svg"), (60, 60)), Picture)
    assert len(cache_notices) == 2 and "again" in cache_notices[1]


def test_symbol_extraction_on_a_full_disk_tells_once_and_recovers(
        tiny_disk: Path, cache_notices: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import aac.symbols.library as library

    monkeypatch.setenv("AAC_CACHE_DIR", str(tiny_disk / "cache"))
    monkeypatch.setattr(library, "_fallback_dir", lambda: tiny_disk / "fallback")
    mulberry = library.libraries()["mulberry"]
    filler = fill(tiny_disk)
    assert [mulberry.file(n) for n in ("want_,_to", "drink", "eat")] == [None] * 3
    assert len(cache_notices) == 1 and "No space left" in cache_notices[0]
    filler.unlink()
    assert mulberry.file("drink") is not None
    assert len(cache_notices) == 2 and "again" in cache_notices[1]


def test_board_set_cache_on_a_full_disk_loads_and_tells_once(
        tiny_disk: Path, tmp_path: Path, cache_notices: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from aac.boards.set_cache import load_and_keep

    monkeypatch.setenv("AAC_CACHE_DIR", str(tiny_disk / "cache"))
    boards = _two_boards(tmp_path)
    filler = fill(tiny_disk)
    for _ in range(3):  # the watcher reloads after each edit
        assert load_and_keep(boards).boards is not None
    assert len(cache_notices) == 1 and "No space left" in cache_notices[0]
    filler.unlink()
    assert load_and_keep(boards).boards is not None
    assert len(cache_notices) == 2 and "again" in cache_notices[1]


def test_caches_in_a_read_only_folder_work_from_memory_and_tell_once(
        read_only: Path, cache_notices: list[str]) -> None:
    from aac.speech.cache import AudioCache, CacheKey

    cache = AudioCache(read_only / "speech")
    key = CacheKey("hello", "en-us", 165, 50, 1.0)
    cache.put(key, _pcm(0.1))
    assert cache.flush(5) and cache.get(key) is not None
    assert len(cache_notices) == 1 and "Read-only file system" in cache_notices[0]


@pytest.mark.slow
# -- read-only folders --------------------------------------------------------------------------
def test_a_read_only_config_folder_is_a_clear_error(read_only: Path) -> None:
    env = dict(os.environ, XDG_CONFIG_HOME=str(read_only))
    proc = subprocess.run([sys.executable, "-m", "aac", "profile", "new", "anna"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "Read-only file system" in proc.stderr
    assert str(read_only) in proc.stderr


@pytest.mark.slow
def test_aac_run_with_a_read_only_state_folder_runs_and_says_why_nothing_is_saved(
        read_only: Path, tmp_path: Path) -> None:
    boards_dir = write_set(tmp_path, {"home.yaml": HOME, "more.yaml": MORE})
    env = dict(os.environ, XDG_STATE_HOME=str(read_only), SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy")
    proc = subprocess.run([sys.executable, "-m", "aac", "run", str(boards_dir), "--terminal"],
                          cwd=REPO, env=env, input="1\n2\nq\n", capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "| I want" in proc.stdout.split("=" * 80)[-1]
    saving = [line for line in proc.stderr.splitlines() if "cannot save the message" in line]
    assert len(saving) == 1 and "Read-only file system" in saving[0]
    assert "Traceback" not in proc.stderr


# -- a board file truncated mid-write -----------------------------------------------------------
def test_a_board_truncated_mid_write_keeps_the_last_good_board_and_names_the_line(
        tmp_path: Path) -> None:
    boards_dir = write_set(tmp_path, {"home.yaml": HOME, "more.yaml": MORE})
    good = load_board_set(boards_dir)
    assert good.boards is not None
    clock = FakeClock()
    frontend = FakeFrontend(clock)
    runtime = Runtime(Session(good.boards), frontend, FakeSpeech(), clock=clock)
    runtime.session.select(0, 0)
    (boards_dir / "home.yaml").write_text(HOME[: HOME.index("want") + 2])  # cut mid-write
    runtime.handle(BoardsReloaded(load_board_set(boards_dir), clock.now()))
    assert runtime.session.board.cell(0, 1) is not None  # the last good board is shown
    assert runtime.session.board.cell(0, 1).label == "want"  # type: ignore[union-attr]
    assert runtime.session.message_text == "I"  # nothing lost
    assert "not applied" in runtime.status and "home.yaml:4:1" in runtime.status
    (boards_dir / "home.yaml").write_text(HOME)  # the editor finishes writing
    runtime.handle(BoardsReloaded(load_board_set(boards_dir), clock.now()))
    assert runtime.status == "" and runtime.session.message_text == "I"


# -- the notices in the carer's language ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "cannot save the message (/s/session.json: No space left on device); it will be lost if "
    "the communicator stops",
    "the message is being saved again",
    "usage log /l/usage.jsonl: cannot write (No space left on device); records are dropped "
    "until it can",
    "cannot write the cache /c/aac/speech (Read-only file system); carrying on without it",
    "writing the cache /c/aac/speech again",
    "/s/session.json: saved session is corrupt (Expecting value); starting fresh",
])
def test_fault_notices_reach_the_status_line_in_the_carers_language(
        text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aac import i18n
    from aac.core.events import Status

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # compiled catalogues
    boards = load_board_set(_two_boards(tmp_path)).boards
    assert boards is not None
    clock = FakeClock()
    runtime = Runtime(Session(boards), FakeFrontend(clock), FakeSpeech(), clock=clock)
    try:
        i18n.set_language("sr")
        runtime.handle(Status(text, clock.now()))
        shown = runtime.status
    finally:
        i18n.set_language(None)
    assert shown != text and not any(w in shown for w in ("cannot", "again", "corrupt"))
    for path in ("/s/session.json", "/l/usage.jsonl", "/c/aac/speech"):  # kept as they are
        assert (path in shown) == (path in text)


def _two_boards(tmp_path: Path) -> Path:
    return write_set(tmp_path, {"home.yaml": HOME, "more.yaml": MORE})
