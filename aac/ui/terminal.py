"""The terminal front end: the board as numbered text cells, driven from the keyboard.

Used when there is no display (a Pi over SSH, a broken X session) so the communicator still
works, and by tests through a pipe or a pty. On a tty it reads keys in cbreak mode (arrows and
Enter, or type a cell number and Enter; Space/Enter/Tab are switches in scan mode). Without a
tty it reads lines: a cell number (or a switch number in scan mode), ``q`` to quit.

A terminal shows a key but never its release, so in scan mode every key would be a press of
zero length, and with ``acceptance_ms`` nothing could ever be chosen. So a key is a press held
exactly the acceptance time: down when typed, up ``acceptance_ms`` later (``aac run`` says so
at start, on stderr and the status line).
"""

from __future__ import annotations

import os
import select
import shutil
import sys
import textwrap
import time
from collections.abc import Sequence
from typing import Any, Optional, TextIO

from ..core.board import Board
from ..core.events import InputEvent, PointerPress, PointerSelect, Quit, SwitchEvent
from ..core.scan_settings import ScanSettings
from ..core.view import View
from .layout import cell_numbers, move_focus
from .status_line import MAX_LINES

_ARROWS = {b"A": (-1, 0), b"B": (1, 0), b"C": (0, 1), b"D": (0, -1)}
_REVERSE = "\x1b[7;1m"
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


class TerminalFrontend:
    """Text board on ``stdout``, keys or lines from ``stdin`` (any readable file or fd)."""

    def __init__(
        self,
        stdin: Any = None,
        stdout: Optional[TextIO] = None,
        scan: bool = False,
        width: Optional[int] = None,
        ansi: Optional[bool] = None,
    ) -> None:
        stdin = sys.stdin if stdin is None else stdin
        self.in_fd: int = stdin if isinstance(stdin, int) else stdin.fileno()
        self.out: TextIO = stdout or sys.stdout
        self.scan = scan
        if width is None:  # the real terminal's width; 80 when writing to a pipe or file
            width = shutil.get_terminal_size((80, 24)).columns if _isatty(self.out) else 80
        self.width = max(40, width)
        self.tty = os.isatty(self.in_fd)
        self.ansi = _isatty(self.out) if ansi is None else ansi
        self._saved_mode: Optional[list[Any]] = None
        if self.tty:
            import termios
            import tty

            self._saved_mode = termios.tcgetattr(self.in_fd)
            tty.setcbreak(self.in_fd)  # keys arrive one by one; Ctrl+C still interrupts
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._pending = b""
        self._typed = ""  # digits of a cell number being typed
        self._eof = False
        self.focus: Optional[tuple[int, int]] = None
        self._last_view: Optional[View] = None
        self._closed = False
        self._press_s: dict[int, float] = {}  # switch -> how long a key press lasts (s)
        self._later: list[SwitchEvent] = []  # key edges still to come, in time order

    def use_scan_settings(self, scan: Optional[ScanSettings]) -> Optional[str]:
        """Make each key a press of the acceptance time; the carer's notice, if any."""
        if scan is None or not self.scan:
            return None
        self._press_s = {s: scan.filter_settings(s).acceptance_ms / 1000.0 for s in (1, 2)}
        ms = max(self._press_s.values()) * 1000.0
        if ms <= 0:
            return None
        return (f"the terminal shows no key releases: each key counts as a switch press held "
                f"exactly acceptance_ms ({ms:.0f} ms)")

    # -- Frontend protocol --------------------------------------------------------------------
    def wait_events(self, timeout: float) -> Sequence[InputEvent]:
        fds = [self._wake_r] if self._eof else [self._wake_r, self.in_fd]
        if self._later:  # wake for the next key release
            timeout = min(timeout, self._later[0].t - time.monotonic())
        ready, _, _ = select.select(fds, [], [], max(0.0, timeout))
        now = time.monotonic()
        out: list[InputEvent] = []
        while self._later and self._later[0].t <= now:
            out.append(self._later.pop(0))
        if self._wake_r in ready:
            _drain(self._wake_r)
        if self.in_fd in ready:
            data = os.read(self.in_fd, 4096)
            if not data:
                self._eof = True  # input ended (pipe closed): nobody can use the board now
                data = b"\n" if self._pending and not self.tty else b""
            redraw = self._feed(data, now, out)
            if self._eof:
                out.append(Quit(now))
            if redraw and self._last_view is not None:
                self.render(self._last_view)
        return out

    def wake(self) -> None:
        try:
            os.write(self._wake_w, b"!")
        except OSError:
            pass  # pipe full (already awake) or closed

    def render(self, view: View) -> float:
        self._last_view = view
        if self.focus is not None and view.board.cell(*self.focus) is None:
            self.focus = None
        text = self.draw(view)
        enc = getattr(self.out, "encoding", None) or "utf-8"
        text = text.encode(enc, "replace").decode(enc)
        self.out.write(text)
        self.out.flush()
        return time.monotonic()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._saved_mode is not None:
            import termios

            termios.tcsetattr(self.in_fd, termios.TCSADRAIN, self._saved_mode)
        os.close(self._wake_r)
        os.close(self._wake_w)

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, view: View) -> str:
        """The whole screen as text, at most ``width`` columns wide."""
        w = self.width
        lines = ["\x1b[H\x1b[2J"] if self.ansi else ["=" * w]
        lines.append("+" + "-" * (w - 2) + "+")
        msg = view.message
        if len(msg) > w - 4:
            msg = "\u2026" + msg[-(w - 5):]
        lines.append("| " + msg.ljust(w - 4) + " |")
        lines.append("+" + "-" * (w - 2) + "+")
        title = view.board.name + ("   [REC] usage log on" if view.recording else "")
        lines.append(title[:w])
        lines.extend(self._grid(view))
        if view.status:  # wrapped between words, as on the screen (aac.ui.status_line)
            lines.extend("! " + line for line in textwrap.wrap(
                view.status, w - 2, max_lines=MAX_LINES, placeholder=" \u2026",
                break_on_hyphens=False))
        if self.scan:
            hint = "Space/Enter = switch 1, Tab = switch 2, q = quit"
        elif self.tty:
            hint = "arrows + Enter, or type a number + Enter; q = quit"
        else:
            hint = "type a cell number and Enter; q = quit"
        if self._typed:
            hint = f"cell {self._typed}_   ({hint})"
        lines.append(hint[:w])
        return "\n".join(lines) + "\n"

    def _grid(self, view: View) -> list[str]:
        """The board as numbered cells. When labels are too long for one board row per text
        line, each board row is split over several lines (a blank line between board rows)
        so words stay whole: "different" must not read "diffe"."""
        board = view.board
        cols = max(1, board.columns)
        numbers = {pos: n for n, pos in cell_numbers(board).items()}
        longest = max((len(f"{numbers[(r, c)]:>2} {_first_line(cell.label)}")
                       for r, c, cell in board.visible_cells()), default=4)
        per_line = cols
        while per_line > 1 and w_per_col(self.width, per_line) - 2 < longest:
            per_line -= 1
        cw = max(6, w_per_col(self.width, per_line))
        lit = view.highlight.cells if view.highlight is not None else frozenset()
        rows: list[str] = []
        for r, row in enumerate(board.grid):
            if per_line < cols and r > 0:
                rows.append("")
            for start in range(0, cols, per_line):
                parts = []
                for c in range(start, min(cols, start + per_line)):
                    cell = row[c]
                    if cell is None or cell.hidden:
                        parts.append(" " * cw)
                        continue
                    body = f"{numbers[(r, c)]:>2} {_first_line(cell.label)}"[: cw - 2]
                    left, right = self._marks(view, (r, c), lit)
                    parts.append(f"{left}{body.ljust(cw - 2)}{right}")
                rows.append("".join(parts).rstrip())
        if view.highlight is not None and view.highlight.label:
            rows.append(f"[{view.highlight.label}]")
        return rows

    def _marks(self, view: View, pos: tuple[int, int],
               lit: frozenset[tuple[int, int]]) -> tuple[str, str]:
        """The brackets around a cell: [lit], *pressed*, (focus), or plain."""
        if pos in lit:
            return (_REVERSE + "[", "]" + _RESET) if self.ansi else ("[", "]")
        if view.pressed == pos:
            return (_BOLD + "*", "*" + _RESET) if self.ansi else ("*", "*")
        if self.focus == pos and not self.scan:
            return ("(", ")")
        return (" ", " ")

    # -- input ----------------------------------------------------------------------------------
    def _feed(self, data: bytes, now: float, out: list[InputEvent]) -> bool:
        """Turn input bytes into events; True when only the screen (focus, typing) changed."""
        buf = self._pending + data
        self._pending = b""
        if not self.tty:
            *lines, rest = buf.split(b"\n")
            self._pending = rest
            for line in lines:
                self._line(line.decode("utf-8", "replace").strip().lower(), now, out)
            return False
        redraw = False
        i = 0
        while i < len(buf):
            ch = buf[i : i + 1]
            if ch == b"\x1b":
                if len(buf) - i < 3:
                    self._pending = buf[i:]  # the rest of an arrow key is on its way
                    break
                seq = buf[i + 2 : i + 3]
                view = self._last_view
                if buf[i + 1 : i + 2] in (b"[", b"O") and seq in _ARROWS and view is not None:
                    self.focus = move_focus(view.board, self.focus, *_ARROWS[seq])
                    redraw = True
                i += 3
                continue
            i += 1
            redraw = self._key(ch, now, out) or redraw
        return redraw

    def _key(self, ch: bytes, now: float, out: list[InputEvent]) -> bool:
        if ch in (b"q", b"Q", b"\x03", b"\x11"):
            out.append(Quit(now))
            return False
        if self.scan:
            switch = {b" ": 1, b"\r": 1, b"\n": 1, b"\t": 2}.get(ch)
            if switch is not None:
                self._switch_press(switch, now, out)
            return False
        if ch.isdigit():
            self._typed += ch.decode()
            return True
        if ch in (b"\x7f", b"\x08"):
            self._typed = self._typed[:-1]
            return True
        if ch in (b"\r", b"\n"):
            typed, self._typed = self._typed, ""
            pos = self._number(typed) if typed else self.focus
            if pos is not None:
                out.append(PointerPress(pos[0], pos[1], now))
                out.append(PointerSelect(pos[0], pos[1], now, "terminal"))
            return bool(typed) and pos is None
        return False

    def _line(self, line: str, now: float, out: list[InputEvent]) -> None:
        if line in ("q", "quit"):
            out.append(Quit(now))
        elif self.scan:
            switch = {"": 1, "1": 1, "2": 2}.get(line)
            if switch is not None:
                self._switch_press(switch, now, out)
        elif line.isdigit():
            pos = self._number(line)
            if pos is not None:
                out.append(PointerPress(pos[0], pos[1], now))
                out.append(PointerSelect(pos[0], pos[1], now, "terminal"))

    def _switch_press(self, switch: int, now: float, out: list[InputEvent]) -> None:
        """A terminal has no key-up: the press lasts the acceptance time (0 without one).
        A key typed while the last press of that switch is still held starts after it."""
        length = self._press_s.get(switch, 0.0)
        down = max([now, *(e.t for e in self._later if e.switch == switch)])
        edges = [SwitchEvent(switch, True, down, "terminal"),
                 SwitchEvent(switch, False, down + length, "terminal")]
        if length <= 0:
            out.extend(edges)
            return
        if down <= now:
            out.append(edges.pop(0))
        self._later = sorted([*self._later, *edges], key=lambda e: (e.t, e.down))

    def _number(self, typed: str) -> Optional[tuple[int, int]]:
        board: Optional[Board] = self._last_view.board if self._last_view else None
        if board is None or not typed.isdigit():
            return None
        return cell_numbers(board).get(int(typed))


def w_per_col(width: int, cols: int) -> int:
    return width // cols


def _first_line(label: str) -> str:
    return label.splitlines()[0] if label else ""


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass
