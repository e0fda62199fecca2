"""Helpers shared by test modules (importable as ``helpers``: pytest puts tests/ on the path)."""

from __future__ import annotations

import queue
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np
import pytest

from aac.core.board import BoardSet
from aac.core.events import SwitchEvent
from aac.core.replay import outputs, press_edges, replay
from aac.core.scan import ScanEngine, ScanOutput
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.usage_log import records

#: How long a test waits for a subprocess's next line (or another event) before it fails: a
#: bound, never a sleep, so a passing test never waits it out. Generous, because starting
#: ``python -m aac`` alone takes seconds on a slow or emulated CPU (scripts/check-arm64.sh
#: runs the suite under qemu-user, about ten times slower than natively).
WAIT = 60.0


class LineReader:
    """A subprocess's output read line by line on a thread, so every wait has a timeout."""

    def __init__(self, stream: Any, wait: float = WAIT) -> None:
        self.q: queue.Queue[Optional[str]] = queue.Queue()
        self.seen: list[str] = []
        self.wait = wait
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.q.put(line.rstrip("\n"))
        self.q.put(None)

    def until(self, want: Callable[[str], bool]) -> str:
        """The first line ``want`` accepts (earlier lines are kept in ``seen``)."""
        while True:
            line = self.q.get(timeout=self.wait)
            assert line is not None, f"output ended before the expected line; saw {self.seen}"
            self.seen.append(line)
            if want(line):
                return line

    def rest(self) -> list[str]:
        """Every line until the stream ends."""
        out = []
        while (line := self.q.get(timeout=self.wait)) is not None:
            out.append(line)
        return out


def write_set(tmp_path: Path, files: Mapping[str, str], folder: str = "boards") -> Path:
    """A small board set written into ``tmp_path / folder`` (which must not exist yet):
    ``files`` maps file names ("home.yaml") to their text. Returns the folder."""
    target = tmp_path / folder
    target.mkdir()
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


class NoWatcher:
    """A board watcher that watches nothing (tests that change the set by hand)."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def hl(t: float, level: int, row: Optional[int] = None, col: Optional[int] = None,
       back: bool = False) -> dict[str, Any]:
    """A ``highlight`` event as ``aac simulate --json`` prints it."""
    ev: dict[str, Any] = {"t": t, "type": "highlight", "level": level}
    if row is not None:
        ev["row"] = row
    if col is not None:
        ev["col"] = col
    if back:
        ev["back"] = True
    return ev


def drive(engine: ScanEngine, edges: list[SwitchEvent], until: float,
          lags: Optional[list[float]] = None) -> list[ScanOutput]:
    """Run ``engine`` the runtime's way: every deadline on time up to ``until``; each edge
    reaches the engine ``lags[i]`` s after its timestamp (after the ticks it preceded)."""
    return outputs(replay(engine, edges, until, lags=lags))


def replay_records(boards: BoardSet, settings: ScanSettings,
                   presses: list[tuple[int, float, float]],
                   until: Optional[float] = None) -> tuple[list[dict[str, Any]], str]:
    """``aac simulate --json``'s events and final message, without the CLI: the core replay
    (scanning starts at 0 s; ``until`` defaults to 60 s after the last release)."""
    session = Session(boards)
    edges = press_edges(presses)
    end = until if until is not None else max((e.t for e in edges), default=0.0) + 60.0
    events = [rec for out in outputs(replay(ScanEngine(session, settings), edges, end))
              for rec in records(out)]
    return events, session.message_text


#: Subprocesses a test started; ``reap_started`` kills what a failed test left running.
STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def reap_started() -> Any:
    """Import into a test module to use: a failed test must not leave an aac running."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(WAIT)


def f0(samples: Any, rate: int) -> float:
    """Median fundamental frequency (Hz) of voiced 40 ms frames, by autocorrelation: how
    the tests tell a higher voice from a lower one in real espeak-ng audio."""
    x = np.asarray(samples, dtype=np.float64)
    n, lo, hi = int(0.04 * rate), rate // 500, rate // 60
    found = []
    for start in range(0, len(x) - n, n):
        frame = x[start:start + n] - x[start:start + n].mean()
        if np.sqrt(np.mean(frame ** 2)) < 500:
            continue
        ac = np.correlate(frame, frame, "full")[n - 1:]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.3 * ac[0]:
            found.append(rate / lag)
    assert found, "no voiced frames"
    return float(np.median(found))
