"""Recording a voice for a cell from the carer menu (issue 12 item 5).

The carer taps "Record a voice for a cell", then touches the cell on the board (the board
stays visible under a banner: what a carer sees is what they choose, on touch and on a
scanned board alike; without a pointer, the arrows move a frame over the cells and Enter
chooses the framed one), speaks for ``SECONDS`` while a countdown and a level bar show, hears it
back, and keeps it or discards it. Keep saves it the way ``aac record`` does
(``aac.cell_voice``: the WAV beside the board, the cell's ``sound:`` set, the old file kept as
``.bak``); the board watcher then reloads the set, so the cell plays it at once.

Capture, trimming and saving run on a worker thread: the loop thread only draws, so the scan
keeps its timing. No microphone, or only silence: a message, nothing changed.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable, Literal, Optional

import numpy as np
import pygame

from ..i18n import _
from .carer import FOCUS, FontFor, draw_button, draw_text
from .layout import Rect, step_focus

SECONDS = 3.0
TICK = 0.1  # s between countdown redraws
Capture = Callable[[float, Callable[[np.ndarray], None], threading.Event], np.ndarray]
State = Literal["pick", "recording", "review", "saving", "message"]
Cells = Callable[[], Mapping[tuple[int, int], Rect]]
#: the keys that move the keyboard's frame over the cells: (drow, dcol)
STEPS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


@dataclass(frozen=True)
class CellTarget:
    """The cell the carer touched, and the board file its ``sound:`` goes into."""

    board_id: str
    board_file: Optional[str]  # None: a built-in board (nothing to save into)
    row: int
    col: int
    label: str


def microphone_capture(seconds: float, on_chunk: Callable[[np.ndarray], None],
                       stop: threading.Event) -> np.ndarray:
    from ..speech.microphone import RATE, record

    return record(seconds, RATE, on_chunk=on_chunk, stop=stop)


class RecordFlow:
    """One record-a-voice session: pick, record, review, keep or discard."""

    def __init__(self, cell_at: Callable[[float, float], Optional[CellTarget]],
                 play: Callable[[str], None], wake: Callable[[], None],
                 capture: Capture = microphone_capture, seconds: float = SECONDS,
                 rate: int = 16000, cells: Optional[Cells] = None) -> None:
        """``cells``: where each cell shown is drawn, for the keyboard's frame (None: touch
        only)."""
        self.cell_at = cell_at
        self.cells: Cells = cells or dict
        #: the cell the keyboard's frame is on while picking (None: not shown)
        self.cursor: Optional[tuple[int, int]] = None
        self.play = play
        self.wake = wake
        self.capture = capture
        self.seconds = seconds
        self.rate = rate
        self.state: State = "pick"
        self.target: Optional[CellTarget] = None
        self.message = ""
        self.level = 0.0  # RMS of the latest piece, 0..1 of full scale
        self.pcm: Optional[np.ndarray] = None
        self.take: Optional[str] = None  # the temporary WAV played back
        self.saved: Optional[str] = None  # where Keep put the WAV
        self._started = 0.0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._result: Optional[tuple[State, str]] = None  # from the worker thread
        self._thread: Optional[threading.Thread] = None

    # -- the loop thread ----------------------------------------------------------------------
    def next_deadline(self) -> Optional[float]:
        if self.state in ("recording", "saving"):
            return time.monotonic() + TICK
        return None

    def advance(self, now: float) -> bool:
        """Take the worker's result; True when the screen must change."""
        with self._lock:
            result, self._result = self._result, None
        if result is not None:
            self.state, self.message = result
            return True
        return self.state in ("recording", "saving")

    def tap(self, x: float, y: float, now: float) -> Optional[str]:
        """A carer's tap; ``"done"`` when the flow is over (back to the menu)."""
        action = next((a for a, r in self.buttons() if r.contains(x, y)), None)
        if self.state == "pick":
            if action == "cancel":
                return "done"
            target = self.cell_at(x, y)
            if target is not None:
                self._record(target, now)
        elif action == "stop":
            self._stop.set()
        elif action == "play" and self.take is not None:
            self.play(self.take)
        elif action == "again" and self.target is not None:
            self._drop_take()
            self._record(self.target, now)
        elif action == "keep":
            self._keep()
        elif action in ("discard", "ok", "cancel"):
            self.cancel()
            return "done"
        return None

    def key(self, name: str, now: float) -> bool:
        """While picking, a keyboard-only carer's keys: the arrows move the frame over the
        cells (Tab: the next in reading order), Enter records for the framed cell. True when
        the key was used (Esc and the other states are the gate's)."""
        if self.state != "pick":
            return False
        cells = self.cells()
        order = sorted(cells)
        if name in STEPS:
            self.cursor = step_focus(order, self.cursor, *STEPS[name])
        elif name == "tab" and order:
            i = order.index(self.cursor) + 1 if self.cursor in order else 0
            self.cursor = order[i % len(order)]
        elif name == "enter":
            if self.cursor in cells:
                x, y = cells[self.cursor].center
                target = self.cell_at(x, y)
                if target is not None:
                    self._record(target, now)
        else:
            return False
        return True

    def show_cursor(self) -> None:
        """Opened from the keyboard: the frame starts on the first cell."""
        if self.cursor is None:
            self.key("down", 0.0)

    def _framed(self) -> Optional[tuple[Rect, CellTarget]]:
        rect = self.cells().get(self.cursor) if self.cursor is not None else None
        target = None if rect is None else self.cell_at(*rect.center)
        return None if rect is None or target is None else (rect, target)

    def cancel(self) -> None:
        self._stop.set()
        self._drop_take()

    def countdown(self, now: float) -> float:
        return max(0.0, self.seconds - (now - self._started))

    # -- work on the worker thread --------------------------------------------------------------
    def _record(self, target: CellTarget, now: float) -> None:
        if target.board_file is None:
            self.state, self.message = "message", _(
                "This board is built in: there is no board file to save a voice into")
            return
        self.target, self.state, self.level = target, "recording", 0.0
        self._started = now
        self._stop = threading.Event()
        self._start(self._capture_work)

    def _keep(self) -> None:
        if self.pcm is None or self.target is None:
            return
        self.state = "saving"
        self._start(self._save_work)

    def _start(self, work: Callable[[], tuple[State, str]]) -> None:
        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - told on screen, never a traceback
                result = ("message", _("Recording failed: {reason}").format(reason=exc))
            with self._lock:
                self._result = result
            self.wake()

        self._thread = threading.Thread(target=run, name="aac-carer-record", daemon=True)
        self._thread.start()

    def _on_chunk(self, chunk: np.ndarray) -> None:
        if len(chunk):
            self.level = float(np.sqrt(np.mean((chunk.astype(np.float64) / 32768.0) ** 2)))

    def _capture_work(self) -> tuple[State, str]:
        from ..speech.microphone import NoMicrophone
        from ..speech.voice_recording import NothingHeard, prepare, write_wav

        try:
            pcm = prepare(self.capture(self.seconds, self._on_chunk, self._stop), self.rate)
        except NoMicrophone as exc:
            return "message", _("No microphone: nothing was recorded and nothing changed "
                                "({reason})").format(reason=exc)
        except NothingHeard:
            return "message", _("Only silence was recorded: is the microphone on? Nothing "
                                "changed")
        fd, path = tempfile.mkstemp(prefix="aac-take-", suffix=".wav")
        os.close(fd)
        write_wav(path, pcm, self.rate)
        self.pcm, self.take = pcm, path
        if self.target is not None:
            self.play(path)  # heard back at once; Play repeats it
        return "review", ""

    def _save_work(self) -> tuple[State, str]:
        from ..cell_voice import save_cell_voice

        t = self.target
        assert t is not None and t.board_file is not None and self.pcm is not None
        try:
            self.saved = save_cell_voice(t.board_file, t.board_id, t.row, t.col, t.label,
                                         self.pcm, self.rate)
        except (OSError, ValueError) as exc:
            return "message", _("Not saved: {reason}").format(reason=exc)
        self._drop_take()
        if os.path.dirname(os.path.abspath(self.saved)) != os.path.dirname(
                os.path.abspath(t.board_file)):  # shipped boards: saved in the user's copy
            return "message", _("Saved {file} in your copy of the boards: used from the "
                                "next start").format(file=os.path.basename(self.saved))
        return "message", _("Saved {file}: \u201c{label}\u201d now says it").format(
            file=os.path.basename(self.saved), label=t.label)

    def _drop_take(self) -> None:
        if self.take is not None:
            try:
                os.unlink(self.take)
            except OSError:
                pass
            self.take = None

    # -- drawing --------------------------------------------------------------------------------
    _area = Rect(0, 0, 0, 0)  # the panel last drawn in (the gate's)
    _screen = (800, 480)

    def buttons(self) -> list[tuple[str, Rect]]:
        """The buttons of the current state, laid out in the last drawn panel."""
        p = self._area
        if self.state == "pick":
            bar = self._banner()
            return [("cancel", Rect(bar.right - bar.h * 3, bar.y + 4, bar.h * 3 - 4,
                                    bar.h - 8))]
        actions = {"recording": ["stop"], "review": ["play", "keep", "again", "discard"],
                   "saving": [], "message": ["ok"]}[self.state]
        if not actions:
            return []
        h = max(40, p.h // 4)
        if self.state == "review":  # two rows of two: big enough on 480x320
            w = (p.w - 24) // 2
            return [(a, Rect(p.x + 8 + (i % 2) * (w + 8), p.bottom - 2 * h - 8 + (i // 2) * h,
                             w, h - 8)) for i, a in enumerate(actions)]
        return [(actions[0], Rect(p.x + 8, p.bottom - h - 4, p.w - 16, h - 8))]

    def _banner(self) -> Rect:
        w = self._screen[0]
        return Rect(0, 0, w, max(MIN_BANNER, self._screen[1] // 8))

    def draw(self, surface: pygame.Surface, font: FontFor, panel: Rect) -> None:
        self._screen = surface.get_size()
        self._area = panel
        labels = {"cancel": _("Cancel"), "stop": _("Stop"), "play": _("Play"),
                  "keep": _("Keep"), "again": _("Record again"), "discard": _("Discard"),
                  "ok": _("OK")}
        if self.state == "pick":
            bar = self._banner()
            framed = self._framed()
            if framed is not None:  # the keyboard's frame, clear of the banner's colour
                rect, target = framed
                pygame.draw.rect(surface, (255, 255, 255), rect.inflate(6).as_tuple(), 9)
                pygame.draw.rect(surface, FOCUS, rect.inflate(2).as_tuple(), 6)
                text = _("Arrows move the frame, Enter records for \u201c{label}\u201d").format(
                    label=target.label)
            else:
                text = _("Touch the cell to record a voice for")
            surface.fill((255, 221, 0), bar.as_tuple())
            draw_text(surface, font, text, Rect(bar.x + 4, bar.y, bar.w - bar.h * 3 - 8, bar.h))
        else:
            surface.fill((20, 20, 24), panel.inflate(4).as_tuple())
            self._draw_body(surface, font, panel)
        for action, r in self.buttons():
            draw_button(surface, font, labels[action], r)

    def _draw_body(self, surface: pygame.Surface, font: FontFor, p: Rect) -> None:
        white = (255, 255, 255)
        line = Rect(p.x + 8, p.y + 8, p.w - 16, max(28, p.h // 6))
        label = self.target.label if self.target else ""
        if self.state == "recording":
            draw_text(surface, font, _("Recording for \u201c{label}\u201d: speak now").format(
                label=label), line, white)
            left = self.countdown(time.monotonic())
            draw_text(surface, font, _("{seconds} s left").format(seconds=f"{left:.1f}"),
                      _down(line, line.h), white)
            bar = Rect(p.x + 16, line.bottom + line.h + 4, p.w - 32, max(12, line.h // 2))
            surface.fill((60, 60, 60), bar.as_tuple())
            level = min(1.0, self.level * 4)  # speech RMS is ~0.05-0.25 of full scale
            surface.fill((0, 200, 0), (bar.x, bar.y, int(bar.w * level), bar.h))
        elif self.state == "review":
            secs = 0.0 if self.pcm is None else len(self.pcm) / self.rate
            draw_text(surface, font, _("\u201c{label}\u201d: {seconds} s recorded").format(
                label=label, seconds=f"{secs:.1f}"), line, white)
        elif self.state == "saving":
            draw_text(surface, font, _("Saving\u2026"), line, white)
        else:
            for i, part in enumerate(_wrap(self.message, 40)[:4]):
                draw_text(surface, font, part, _down(line, i * line.h), white)


MIN_BANNER = 48


def _down(r: Rect, dy: int) -> Rect:
    return Rect(r.x, r.y + dy, r.w, r.h)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return [*lines, cur] if cur else lines
