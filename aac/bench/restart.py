"""``aac bench restart``: a crash (SIGKILL) -> the restarted communicator's first frame.

A real ``aac run --terminal`` chooses a word and is killed once the word is saved
(``aac.session_store``); then ``aac run``'s start path (``python -m aac.bench.first_frame``,
SDL's dummy driver, as ``aac bench startup``) starts again with the same state folder and
writes the monotonic time of its first frame. Under the kiosk unit systemd adds its
``RestartSec=1`` on top of this figure. ``message_restored`` is true when every restarted
first frame shows the word: its message bar differs from an empty start's (one more start,
untimed, before the crashes).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .startup import _wait_for_marker
from .stats import figure


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=3, help="crashes to time (default 3)")
    p.add_argument("--boards", metavar="BOARDS", help="board set (default: boards/)")


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from ..language import resolve_set
    from ..paths import default_boards
    from ..session_store import session_path

    boards = resolve_set(Path(args.boards) if args.boards else default_boards())
    restart_ms: list[float] = []
    restored: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="aac-bench-restart-") as tmp:
        env = dict(os.environ, XDG_STATE_HOME=str(Path(tmp, "state")), SDL_VIDEODRIVER="dummy",
                   SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
        saved = Path(tmp, "state", "aac", session_path(boards).name)
        blank = Path(tmp, "blank.png")  # an empty start: the frame when nothing is restored
        _first_frame(boards, env, Path(tmp, "blank-marker"), blank)
        for i in range(max(1, args.runs)):
            saved.unlink(missing_ok=True)
            killed = _crash_after_a_word(boards, env, saved)
            shot = Path(tmp, f"shot-{i}.png")
            flipped = _first_frame(boards, env, Path(tmp, f"first-frame-{i}"), shot)
            restart_ms.append((flipped - killed) * 1000)
            restored.append(_words(saved) == 1 and message_shown(shot, blank))
    return [figure("restart_after_crash_first_frame", "ms", restart_ms, target_ms=2000,
                   message_restored=all(restored), frontend="pygame dummy")]


def _first_frame(boards: Path, env: dict[str, str], marker: Path, shot: Path) -> float:
    """``aac run``'s start path until its first frame (screenshot ``shot``); its time."""
    child = subprocess.Popen(
        [sys.executable, "-m", "aac.bench.first_frame", str(marker), str(shot), "0.5",
         str(boards)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    flipped = _wait_for_marker(marker, child, timeout=30)
    child.communicate(timeout=60)
    return flipped


def message_shown(shot: Path, blank: Path) -> bool:
    """Whether the restarted first frame shows a message: its message bar (the top eighth of
    the default theme's frame) differs from an empty start's. The saved file alone would say
    "restored" even when the restarted communicator showed nothing."""
    import pygame

    frames = [pygame.image.load(str(path)) for path in (shot, blank)]
    if frames[0].get_size() != frames[1].get_size():
        return False
    w, h = frames[0].get_size()
    bands = [pygame.image.tobytes(f.subsurface((0, 0, w, h // 8)), "RGB") for f in frames]
    return bands[0] != bands[1]


def _crash_after_a_word(boards: Path, env: dict[str, str], saved: Path) -> float:
    """Choose cell 1 in a real ``aac run``, wait for the save, SIGKILL; the kill time."""
    proc = subprocess.Popen([sys.executable, "-m", "aac", "run", str(boards), "--terminal"],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    assert proc.stdin is not None
    proc.stdin.write(b"1\n")
    proc.stdin.flush()
    end = time.monotonic() + 30
    while _words(saved) != 1:
        if time.monotonic() > end or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("aac run never saved the chosen word")
        time.sleep(0.01)  # polling a file the child writes
    killed = time.monotonic()
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdin.close()
    return killed


def _words(path: Path) -> int:
    try:
        return len(json.loads(path.read_text(encoding="utf-8"))["message"])
    except (OSError, ValueError, KeyError, TypeError):
        return -1
