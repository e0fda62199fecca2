"""What the soak does many times a day - reload the boards, replug the switch box - must not
leave anything behind (issue 15 item 6): counted in-process, machine-independent. The soak's
own memory figures are in docs/device.md."""

from __future__ import annotations

import gc
import os
import queue
import shutil
import threading
import time
import tty
from pathlib import Path
from typing import Callable, Optional

import pytest

from aac.boards.loader import load_board_set
from aac.core.board import Board, Cell
from aac.core.events import Status, SwitchEvent
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.inputs import open_inputs
from aac.language import resolve_set
from aac.loop import BoardsReloaded, Runtime
from aac.paths import default_boards
from aac.testing import FakeClock, FakeFrontend, FakeSpeech


def _live(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is kind)


@pytest.fixture
def board_copy(tmp_path: Path) -> Path:
    boards = tmp_path / "boards"
    shutil.copytree(resolve_set(default_boards()), boards)
    return boards


def _reloader(runtime: Runtime, boards: Path, clock: FakeClock) -> Callable[[int], None]:
    home = boards / "home.yaml"

    def reload(n: int) -> None:
        for i in range(n):  # the teacher saves the home board; the watcher reloads the set
            home.write_text(home.read_text(encoding="utf-8") + f"\n# edit {i}\n",
                            encoding="utf-8")
            runtime.handle(BoardsReloaded(load_board_set(boards), clock.now()))
            for step in range(6):  # scanned, drawn, and a press: the child moves on
                clock.advance(0.3)
                if step == 4:
                    runtime.handle(SwitchEvent(1, True, clock.now()))
                    runtime.handle(SwitchEvent(1, False, clock.now() + 0.05))
                runtime.step(0.0)
            getattr(runtime.frontend, "frames", []).clear()  # the fake keeps every view

    return reload


def test_board_reloads_keep_no_old_boards_alive(board_copy: Path) -> None:
    clock = FakeClock()
    result = load_board_set(board_copy)
    assert result.boards is not None
    runtime = Runtime(Session(result.boards), FakeFrontend(clock), FakeSpeech(), clock=clock,
                      scan=ScanSettings(pattern="linear", interval_ms=250.0, loops=1000))
    runtime.apply_scan(runtime.scan.start(clock.now()))  # type: ignore[union-attr]
    reload = _reloader(runtime, board_copy, clock)
    reload(3)
    boards, cells = _live(Board), _live(Cell)
    reload(30)
    assert (_live(Board), _live(Cell)) == (boards, cells)  # not 30 sets' worth more


def test_board_reloads_on_the_real_window_grow_no_cache(board_copy: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    pygame = pytest.importorskip("pygame")
    from aac.ui.pygame_frontend import PygameFrontend

    clock = FakeClock()
    result = load_board_set(board_copy)
    assert result.boards is not None
    frontend = PygameFrontend(size=(800, 480), fullscreen=False, scan=True)
    try:
        runtime = Runtime(Session(result.boards), frontend, FakeSpeech(), clock=clock,
                          scan=ScanSettings(pattern="linear", interval_ms=250.0, loops=1000))
        runtime.apply_scan(runtime.scan.start(clock.now()))  # type: ignore[union-attr]
        reload = _reloader(runtime, board_copy, clock)
        renderer = frontend.renderer

        def sizes() -> dict[str, int]:
            assert renderer.pictures.wait_idle(10)
            return {name: len(getattr(renderer, name)) for name in
                    ("_fonts", "_labels", "_fits", "_board_px", "_boxes")} | {
                "pictures": len(renderer.pictures._done), "boards": _live(Board),
                "picture threads": sum(t.name == "pictures" for t in threading.enumerate())}

        reload(3)
        before = sizes()
        reload(20)
        assert sizes() == before
    finally:
        frontend.close()
        pygame.display.quit()


def test_unplugging_and_replugging_the_box_leaves_no_thread_nor_fd(tmp_path: Path) -> None:
    link = tmp_path / "switchbox"  # a stable name, as a udev rule gives a USB box
    posted: queue.SimpleQueue[object] = queue.SimpleQueue()
    box: dict[str, Optional[int]] = {"master": None}

    def plug() -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        link.unlink(missing_ok=True)
        link.symlink_to(os.ttyname(slave))
        os.close(slave)
        box["master"] = master

    def unplug() -> None:
        link.unlink(missing_ok=True)
        if box["master"] is not None:
            os.close(box["master"])
            box["master"] = None

    def wait_status(prefix: str) -> None:
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                event = posted.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                break
            if isinstance(event, Status) and event.text.startswith(prefix):
                return
        raise AssertionError(f"no {prefix!r} notice")

    def fds() -> int:  # terminals only: other tests' threads may close files meanwhile
        found = 0
        for fd in os.listdir("/proc/self/fd"):
            try:
                found += os.readlink(f"/proc/self/fd/{fd}").startswith(("/dev/pts", "/dev/ptmx"))
            except OSError:
                continue
        return found

    def threads() -> int:  # the driver's own (earlier tests' threads may still be ending)
        return sum(t.name.startswith("aac-serial") for t in threading.enumerate())

    plug()
    with open_inputs([f"serial:{link}?profile=single_char"], posted.put,
                     backoff=(0.01, 0.05)) as hub:
        driver = hub.drivers[0]
        assert driver.connected.wait(5)

        def cycle() -> None:
            unplug()
            wait_status("switch disconnected")
            plug()
            wait_status("switch reconnected")
            assert driver.connected.wait(5)

        for _ in range(2):
            cycle()
        before = threads(), fds()
        assert before[0] >= 1
        for _ in range(10):
            cycle()
        assert (threads(), fds()) == before
    unplug()
