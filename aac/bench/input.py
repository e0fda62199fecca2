"""``aac bench input``: how fast a switch press reaches the loop and the screen.

- ``serial_byte_to_event``: a ``D1`` line written to the master end of a pty (the same path
  as a USB serial switch box) until the driver's SwitchEvent is taken off the queue the loop
  reads. ``serial_byte_to_stamp`` is the part up to the driver's timestamp.
- ``press_to_screen``: the same write until ``pygame.display.flip`` returned for the frame
  showing the selection: a real ``Runtime`` with the pygame front end (headless,
  SDL_VIDEODRIVER=dummy) scanning in ``step`` mode, ``linear`` pattern; each press selects
  the highlighted cell, which links to the other of two boards, so every press changes the
  screen the same way and the work per sample does not grow.

Targets (PERFORMANCE.md): serial byte -> event p99 <= 2 ms; press -> screen p50 <= 20 ms,
p99 <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import queue
import threading
import time
import tty
from typing import Any

from .stats import figure

WARMUP = 10
TIMEOUT = 2.0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--samples", type=int, default=500,
                   help="presses for serial_byte_to_event (default 500)")
    p.add_argument("--screen-samples", type=int, default=200,
                   help="presses for press_to_screen (default 200)")
    p.add_argument("--gap-ms", type=float, default=30.0,
                   help="pause between one press's release and the next press (default 30)")


class _Pty:
    """A pty pair posing as a USB serial switch box."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        os.close(slave)

    def close(self) -> None:
        os.close(self.master)


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    gap = max(0.0, args.gap_ms) / 1000.0
    return [*serial_byte_to_event(max(1, args.samples), gap),
            press_to_screen(max(1, args.screen_samples), gap)]


def serial_byte_to_event(samples: int, gap: float) -> list[dict[str, Any]]:
    from ..core.events import SwitchEvent
    from ..inputs import open_inputs

    box = _Pty()
    inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
    to_event: list[float] = []
    to_stamp: list[float] = []
    missed = 0
    hub = open_inputs([f"serial:{box.path}?profile=line"], inbox.put)
    try:
        if not hub.drivers[0].connected.wait(TIMEOUT):  # type: ignore[union-attr]
            raise RuntimeError(f"the serial driver did not open {box.path}")
        for i in range(samples + WARMUP):
            for line in (b"D1\n", b"U1\n"):
                written = time.monotonic()
                os.write(box.master, line)
                event = _next_switch(inbox, SwitchEvent)
                taken = time.monotonic()
                if event is None:
                    missed += 1
                    continue
                if i >= WARMUP and line == b"D1\n":
                    to_event.append((taken - written) * 1000.0)
                    to_stamp.append((event.t - written) * 1000.0)
            time.sleep(gap)  # a benchmark's pacing between presses, not a wait for a result
    finally:
        hub.close()
        box.close()
    return [
        figure("serial_byte_to_event", "ms", to_event, target_p99_ms=2.0, protocol="line",
               missed=missed),
        figure("serial_byte_to_stamp", "ms", to_stamp, protocol="line"),
    ]


def _next_switch(inbox: queue.SimpleQueue[object], kind: type) -> Any:
    end = time.monotonic() + TIMEOUT
    while True:
        try:
            event = inbox.get(timeout=max(0.0, end - time.monotonic()))
        except queue.Empty:
            return None
        if isinstance(event, kind):
            return event


def _two_linked_boards() -> Any:
    from ..core.board import Board, BoardSet, Cell

    def board(own: str, other: str) -> Board:
        rows = tuple(
            tuple(Cell(label=f"{own} {r}{c}") for c in range(4)) for r in range(3)
        )
        first = (Cell(label=f"to {other}", link=other), *rows[0][1:])
        return Board(own, (first, *rows[1:]))

    return BoardSet({"a": board("a", "b"), "b": board("b", "a")}, home="a")


def press_to_screen(samples: int, gap: float) -> dict[str, Any]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..core.events import Quit, SwitchEvent
    from ..core.scan_settings import ScanSettings
    from ..core.session import Session
    from ..inputs import open_inputs
    from ..loop import Runtime, SilentSpeech
    from ..ui.pygame_frontend import PygameFrontend

    settings = ScanSettings(mode="step", pattern="linear", debounce_ms=0.0)
    frontend = PygameFrontend(size=(800, 480), fullscreen=False, scan=True)
    shown = threading.Event()
    state: dict[str, Any] = {"board": None, "flipped": 0.0}

    def on_frame(view: Any, flipped: float) -> None:  # main thread, right after the flip
        if view.board.id != state["board"]:
            state["board"] = view.board.id
            state["flipped"] = flipped
            shown.set()

    runtime = Runtime(Session(_two_linked_boards()), frontend, SilentSpeech(), on_frame=on_frame,
                      scan=settings)
    box = _Pty()
    released: queue.SimpleQueue[float] = queue.SimpleQueue()

    def post(event: object) -> None:
        runtime.post(event)
        if isinstance(event, SwitchEvent) and not event.down:
            released.put(event.t)

    hub = open_inputs([f"serial:{box.path}?profile=line"], post)
    latencies: list[float] = []
    result: dict[str, Any] = {"missed": 0, "error": None}

    def presser() -> None:
        try:
            if not hub.drivers[0].connected.wait(TIMEOUT):  # type: ignore[union-attr]
                raise RuntimeError(f"the serial driver did not open {box.path}")
            if not shown.wait(TIMEOUT):
                raise RuntimeError("the communicator showed no first frame")
            for i in range(samples + WARMUP):
                shown.clear()
                written = time.monotonic()
                os.write(box.master, b"D1\n")
                if shown.wait(TIMEOUT):
                    if i >= WARMUP:
                        latencies.append((state["flipped"] - written) * 1000.0)
                else:
                    result["missed"] += 1
                os.write(box.master, b"U1\n")
                # pacing: a press read sooner than bounce_ms after the release would be bounce
                up = released.get(timeout=TIMEOUT)
                pause = max(gap, settings.bounce_ms / 1000.0 + 0.005)
                time.sleep(max(0.0, up + pause - time.monotonic()))
        except Exception as exc:  # reported after the loop stops
            result["error"] = exc
        finally:
            runtime.post(Quit(time.monotonic()))

    thread = threading.Thread(target=presser, name="aac-bench-presser", daemon=True)
    thread.start()
    try:
        runtime.run(exit_after=TIMEOUT * 2 + (samples + WARMUP) * (gap + 0.25))
    finally:
        hub.close()
        runtime.close()
        box.close()
        thread.join(TIMEOUT)
    if result["error"] is not None:
        raise RuntimeError(f"press_to_screen: {result['error']}")
    return figure("press_to_screen", "ms", latencies, target_p50_ms=20.0, target_p99_ms=50.0,
                  mode="step", pattern="linear", missed=result["missed"])
