"""Helpers shared by test modules (importable as ``helpers``: pytest puts tests/ on the path)."""

from __future__ import annotations

import queue
import threading
from typing import Any, Callable, Optional

#: How long a test waits for a subprocess's next line before it fails.
WAIT = 10.0


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
