"""The loop asks for a higher CPU priority while it runs; a refusal is one note, not a failure.

Machine-independent: what is asked of the OS and what the loop does when refused. Where this
process may raise a thread's priority (root), the real request is checked too.
"""

from __future__ import annotations

import errno
import gc
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from aac import cpu_priority
from aac.core.board import Board, BoardSet, Cell
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.loop import Runtime
from aac.testing import FakeClock, FakeFrontend, FakeSpeech

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh_module_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no remembered normal priority (a test that
    fakes getpriority would otherwise leave nice 0 behind for a suite run under nice 10)."""
    monkeypatch.setattr(cpu_priority, "_normal", None)


def runtime(**kwargs: Any) -> Runtime:
    clock = FakeClock()
    boards = BoardSet({"home": Board("home", ((Cell("a"), Cell("b")),))})
    return Runtime(Session(boards), FakeFrontend(clock), FakeSpeech(), clock=clock,
                   scan=ScanSettings(interval_ms=100, loops=0), **kwargs)


def run_one_step(rt: Runtime, during: Any = None) -> None:
    def hook() -> None:
        if during is not None:
            during()
        rt.running = False

    rt.step_hooks.append(hook)
    rt.run(exit_after=10.0)


def may_raise_priority() -> bool:
    """Root, or an RLIMIT_NICE that allows nice -10 (not the usual for a user)."""
    import resource

    return os.geteuid() == 0 or resource.getrlimit(resource.RLIMIT_NICE)[0] >= 30


def test_the_loop_thread_asks_for_nice_minus_10_and_gives_it_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int, int]] = []
    monkeypatch.setattr(cpu_priority.os, "getpriority", lambda which, who: 0)
    monkeypatch.setattr(cpu_priority.os, "setpriority",
                        lambda which, who, nice: calls.append((which, who, nice)))
    loop_thread: list[int] = []
    rt = runtime(loop_nice=cpu_priority.LOOP_NICE)
    run_one_step(rt, lambda: loop_thread.append(threading.get_native_id()))
    tid = loop_thread[0]
    assert calls == [(os.PRIO_PROCESS, tid, -10), (os.PRIO_PROCESS, tid, 0)]  # this thread only
    assert rt.priority is not None and rt.priority.now == -10 and rt.priority.note == ""


def test_without_loop_nice_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpu_priority.os, "setpriority", lambda *a: pytest.fail("asked"))
    rt = runtime()
    run_one_step(rt)
    assert rt.priority is None


def test_a_refusal_is_one_carer_note_and_the_loop_runs_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(which: int, who: int, nice: int) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(cpu_priority.os, "getpriority", lambda which, who: 0)
    monkeypatch.setattr(cpu_priority.os, "setpriority", refuse)
    notes: list[str] = []
    rt = runtime(loop_nice=-10, on_carer_message=notes.append)
    run_one_step(rt)
    assert rt.frames >= 1  # it ran
    assert len(notes) == 1 and "\n" not in notes[0]
    assert "nice -10 is not permitted" in notes[0] and "Permission denied" in notes[0]


@pytest.mark.skipif(not may_raise_priority(), reason="this process may not raise priority")
def test_the_real_request_raises_only_the_loop_thread_and_threads_it_starts_go_back() -> None:
    seen: dict[str, int] = {}

    def during() -> None:
        seen["loop"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        def background() -> None:
            cpu_priority.background_thread()
            seen["started by the loop"] = os.getpriority(os.PRIO_PROCESS,
                                                         threading.get_native_id())

        worker = threading.Thread(target=background)
        worker.start()
        worker.join()

    def in_own_thread() -> None:
        seen["before"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        run_one_step(runtime(loop_nice=-10), during)
        seen["after"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    main_before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    loop = threading.Thread(target=in_own_thread)
    loop.start()
    loop.join()
    assert seen["loop"] == -10
    assert seen["before"] == seen["after"] == seen["started by the loop"]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main_before


def test_start_up_objects_are_frozen_out_of_collections_only_while_the_loop_runs() -> None:
    frozen: list[int] = []
    run_one_step(runtime(freeze_start_up=True), lambda: frozen.append(gc.get_freeze_count()))
    assert frozen[0] > 1000
    assert gc.get_freeze_count() == 0


def _drop_sys_nice() -> None:
    """In the child before exec: without CAP_SYS_NICE in the bounding set, root's new
    program lacks it, as an ordinary user's does (prctl PR_CAPBSET_DROP, CAP_SYS_NICE)."""
    import ctypes

    if ctypes.CDLL(None, use_errno=True).prctl(24, 23, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")


@pytest.mark.skipif(os.geteuid() != 0, reason="as an ordinary user the note shows anyway")
def test_aac_run_without_the_right_says_in_one_line_that_it_keeps_its_priority(
        tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "SDL_VIDEODRIVER": "dummy",
           "SDL_AUDIODRIVER": "dummy"}
    env.pop("AAC_CACHE_DIR", None)
    done = subprocess.run([sys.executable, "-m", "aac", "run", "--window", "320x240",
                           "--scan", "--exit-after", "1"], cwd=ROOT, env=env,
                          preexec_fn=_drop_sys_nice, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "CPU priority" in line]
    ours = os.getpriority(os.PRIO_PROCESS, 0)  # the child's, inherited (a suite run niced)
    assert notes == [f"aac run: the loop keeps CPU priority nice {ours}: nice -10 is not permitted "
                     "here (Permission denied; needs CAP_SYS_NICE or an RLIMIT_NICE that "
                     "allows it)"]
