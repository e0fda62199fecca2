"""Keys from a terminal as switches, for ``aac switch-test`` over SSH or with no display.

Many USB switch interfaces pretend to be a keyboard (a switch "types" Space or Enter). A
terminal in cbreak mode shows each key at once, but never its release: every key is a
press-only event (down and up at the same instant), so durations are unknown here — use a
serial/GPIO/joystick input, or the pygame front end, to measure how long a switch is held.
With ``acceptance_ms`` a key is a press held exactly that long (``press_s``), as in ``aac run
--terminal``, so the tester shows what scanning would accept instead of "too short".
"""

from __future__ import annotations

import os
import select
import termios
import threading
import time
import tty
from collections.abc import Mapping
from typing import Any, Callable, Optional

from ..core.events import SwitchEvent
from ..errors import BadSettings

SOURCE = "keyboard"
#: pygame key names (as in ``keyboard?1=space``) that a terminal can deliver as one byte
NAMED_CHARS: Mapping[str, bytes] = {
    "space": b" ", "return": b"\n\r", "enter": b"\n\r", "tab": b"\t",
    "backspace": b"\x7f\x08",
}


def char_map(keymap: Mapping[str, int]) -> dict[int, int]:
    """byte value -> switch, for the keys a terminal can show as a single byte."""
    out: dict[int, int] = {}
    for name, switch in keymap.items():
        chars = NAMED_CHARS.get(name, name.encode("utf-8") if len(name) == 1 else b"")
        if not chars:
            raise BadSettings(
                f"input keyboard: key {name!r} cannot be read from a terminal; use a letter, "
                f"a digit or one of {', '.join(NAMED_CHARS)}"
            )
        for c in chars:
            out[c] = switch
    return out


class TerminalKeys:
    """Reads ``fd`` (a tty) in cbreak mode on a thread; posts a press per mapped key."""

    def __init__(self, fd: int, keymap: Mapping[str, int], post: Callable[[object], None],
                 press_s: float = 0.0) -> None:
        self.fd = fd
        self.press_s = press_s
        self._last_up: dict[int, float] = {}  # switch -> when its last press ends
        self.chars = char_map(keymap)
        self._post = post
        self._stop = threading.Event()
        self._saved: Optional[list[Any]] = None
        self._thread: Optional[threading.Thread] = None

    def start(self) -> None:
        if os.isatty(self.fd):
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd, termios.TCSANOW)  # keeps typed-ahead keys; Ctrl-C still works
        self._thread = threading.Thread(target=self._run, name="aac-terminal-keys", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 64)
            except OSError:
                return  # terminal gone
            t = time.monotonic()
            if not data:
                return
            for byte in data:
                switch = self.chars.get(byte)
                if switch is not None:
                    down = max(t, self._last_up.get(switch, t))  # presses never overlap
                    self._last_up[switch] = down + self.press_s
                    self._post(SwitchEvent(switch, True, down, SOURCE))
                    self._post(SwitchEvent(switch, False, down + self.press_s, SOURCE))

    def close(self, timeout: float = 1.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._saved is not None:
            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            except termios.error:
                pass
