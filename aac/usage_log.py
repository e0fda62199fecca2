"""The usage log: what the switch user did and saw, as JSON Lines (docs/usage-log.md).

``aac simulate --log`` and the runtime write the same records, so a therapist can replay a
real session's presses through other settings. Records are built by :func:`records` (pure)
and written by :class:`UsageLog` on its own thread, so the real-time loop never waits on a
disk.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from typing import Any, Callable, Optional

from .core.events import SwitchEvent
from .core.outputs import MessageChanged, Navigate, Output, Speak, StopSpeech
from .core.scan import Activated, Highlighted, Prompt, ScanOutput, Selected, Stopped
from .failure_notice import FailureNotice
from .therapy.rotating import RotatingFile

FORMAT_VERSION = 1


def ms(t: float) -> float:
    """Seconds rounded to the millisecond (what people read and tests compare)."""
    return round(t + 0.0, 3) + 0.0


def records(output: ScanOutput, with_message: bool = False) -> list[dict[str, Any]]:
    """The JSON record(s) for one engine output; ``aac simulate`` prints exactly these.

    ``highlight`` has ``level`` and ``row`` and/or ``col`` (a row: ``row``; a column: ``col``;
    a cell: both; the escape item: its row or column plus ``"back": true``). Selecting a row
    or column shows as the ``highlight`` of level 2; ``select`` is only for cells.
    """
    t = ms(output.t)
    if isinstance(output, Highlighted):
        item = output.item
        if item is None:
            return []
        rec: dict[str, Any] = {"t": t, "type": "highlight", "level": output.level}
        if item.row is not None:
            rec["row"] = item.row
        if item.col is not None:
            rec["col"] = item.col
        if item.kind == "back":
            rec["back"] = True
        return [rec]
    if isinstance(output, Selected):
        rec = {"t": t, "type": "select", "board": output.board, "row": output.row,
               "col": output.col, "label": output.label}
        if with_message:  # the log names every selection's source; simulate's JSON does not
            rec["source"] = "scan"
        return [rec]
    if isinstance(output, Stopped):
        return [{"t": t, "type": "stop"}]
    if isinstance(output, Prompt):
        return [{"t": t, "type": "prompt", "text": output.text}]
    if isinstance(output, Activated):
        return output_records(output.t, output.output, with_message)
    return []


def output_records(t: float, out: Output, with_message: bool = True) -> list[dict[str, Any]]:
    """The record for one session output (a selection's speech, navigation, message)."""
    if isinstance(out, Speak):
        return [{"t": ms(t), "type": "speak", "text": out.text}]
    if isinstance(out, Navigate):
        return [{"t": ms(t), "type": "navigate", "board": out.board}]
    if with_message and isinstance(out, MessageChanged):
        return [{"t": ms(t), "type": "message", "text": out.text}]
    if with_message and isinstance(out, StopSpeech):
        return [{"t": ms(t), "type": "silence"}]
    return []


#: Where a selection came from: scanning, a touch or mouse, the keyboard's focus (pygame
#: arrows + Enter), or the terminal front end.
SOURCES = ("scan", "touch", "keyboard", "terminal")


def select_record(t: float, board: str, row: int, col: int, label: str,
                  source: str) -> dict[str, Any]:
    """A cell chosen without scanning (``source`` is one of :data:`SOURCES`)."""
    return {"t": ms(t), "type": "select", "board": board, "row": row, "col": col,
            "label": label, "source": source}


def switch_record(event: SwitchEvent) -> dict[str, Any]:
    return {"t": ms(event.t), "type": "switch", "switch": event.switch, "down": event.down}


def header(clock: str, settings: Optional[dict[str, Any]] = None,
           t: float = 0.0) -> dict[str, Any]:
    """First line: what ``t`` is measured from (``t`` itself is on that clock, like every
    record after it), and the settings in force."""
    rec: dict[str, Any] = {"t": ms(t), "type": "session", "version": FORMAT_VERSION,
                           "clock": clock, "wall": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if settings is not None:
        rec["settings"] = settings
    return rec


class UsageLogError(Exception):
    """The log file cannot be created; the message names the file and why."""


class UsageLog:
    """Appends records to ``path`` from a writer thread; ``write`` never blocks."""

    def __init__(self, path: str) -> None:
        """Creates missing folders; :class:`UsageLogError` says why when it cannot."""
        self.path = path
        try:
            # rotated by size so a device logging every day never fills its card; makes
            # missing folders
            self._file = RotatingFile(path)
        except OSError as exc:
            raise UsageLogError(f"{path}: cannot write the usage log: "
                                f"{exc.strerror or exc}") from None
        self._queue: queue.SimpleQueue[Optional[dict[str, Any]]] = queue.SimpleQueue()
        self._notice = FailureNotice(lambda _text: None)
        self._thread = threading.Thread(target=self._drain, name="aac-usage-log", daemon=True)
        self._thread.start()

    @property
    def on_problem(self) -> Callable[[str], None]:
        """Told once when the disk fills (records are then dropped, the device carries on)
        and once when writing works again; ``aac.app`` points it at the carer's line."""
        return self._notice.tell

    @on_problem.setter
    def on_problem(self, tell: Callable[[str], None]) -> None:
        self._notice.tell = tell

    def write(self, record: dict[str, Any]) -> None:
        self._queue.put(record)

    def close(self) -> None:
        """Write what is queued, then close the file."""
        self._queue.put(None)
        self._thread.join(timeout=5)
        try:
            self._file.close()
        except OSError:
            pass  # disk full: already told

    def _drain(self) -> None:
        while True:
            rec = self._queue.get()
            if rec is None:
                break
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            self._guarded(lambda: self._file.write(line))  # noqa: B023 - called at once
            if self._queue.empty():
                self._guarded(self._file.flush, flushed=True)
        self._guarded(self._file.flush, flushed=True)

    def _guarded(self, action: Callable[[], object], flushed: bool = False) -> None:
        """A full disk or a vanished card must never stop the thread (the queue would then
        grow without end) nor the communicator: tell the carer, drop, carry on."""
        try:
            action()
        except OSError as exc:
            self._notice.failed(f"usage log {self.path}: cannot write ({exc.strerror or exc}); "
                                "records are dropped until it can")
            return
        if flushed:  # only a flush proves the disk took it
            self._notice.worked(f"usage log {self.path}: writing again")
