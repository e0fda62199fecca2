"""Fakes shipped with the package, so users' own tests (and ours) run with no screen,
sound card or switch box, on a clock that only moves when the test moves it.

- :class:`FakeClock` - re-exported from :mod:`aac.core.clock`.
- :class:`FakeFrontend` - a ``Frontend`` whose waits move a FakeClock exactly as a real wait
  would, delivering scripted input events at their timestamps (optionally ``lag`` late, as
  a busy loop would see them), and recording every frame with its time.
- :class:`FakePreparingFrontend` - a FakeFrontend that also draws ahead (``prepare``) and
  flips (``present``) as a pygame back buffer does, and writes ``save`` screenshots.
- :class:`FakeSpeech` - speech that records what it was asked to say, prompt and pre-render
  (every optional speech protocol of ``aac.loop.seams``); with ``block=True`` it breaks the
  contract and blocks in ``speak`` until released, to prove the loop does not wait for
  speech.
- :class:`FakeRecords` - a usage-record observer (``Runtime(observers=[...])``) that keeps
  every record in memory.
- :class:`FakeSwitch` - builds the time-stamped edges of presses on one switch.
- :func:`default_sigint` - ``preexec_fn`` for a subprocess a test will Ctrl-C.

Real-port fakes are not needed: pyserial's ``loop://`` and a pty pair are real ports, and
gpiozero's ``MockFactory`` is a real pin factory (see ``tests/test_serial_driver.py`` and
``tests/test_gpio_driver.py``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional

from .core.board import BoardSet
from .core.clock import FakeClock
from .core.events import InputEvent, SwitchEvent
from .core.outputs import Speak
from .core.view import View

__all__ = ["FakeClock", "FakeFrontend", "FakePreparingFrontend", "FakeRecords", "FakeSpeech",
           "FakeSwitch"]


class FakeFrontend:
    """Scripted input on a fake clock; ``frames`` is every (time, view) rendered."""

    #: what one poll (``wait_events(0)``) costs, in fake seconds, so polling loops progress
    POLL = 0.0005

    def __init__(
        self, clock: FakeClock, events: Iterable[InputEvent] = (), lag: float = 0.0
    ) -> None:
        self.clock = clock
        self.pending: list[InputEvent] = sorted(events, key=lambda e: e.t)
        self.lag = lag
        self.frames: list[tuple[float, View]] = []
        self.timeouts: list[float] = []
        self.wakes = 0

    def add(self, events: Iterable[InputEvent]) -> None:
        self.pending = sorted([*self.pending, *events], key=lambda e: e.t)

    def wait_events(self, timeout: float) -> Sequence[InputEvent]:
        self.timeouts.append(timeout)
        target = self.clock.now() + (timeout if timeout > 0 else self.POLL)
        if self.pending and self.pending[0].t + self.lag < target:
            target = max(self.clock.now(), self.pending[0].t + self.lag)
        self.clock.set(target)
        out = [e for e in self.pending if e.t + self.lag <= target]
        self.pending = self.pending[len(out):]
        return out

    def wake(self) -> None:
        self.wakes += 1

    def render(self, view: View) -> float:
        self.frames.append((self.clock.now(), view))
        return self.clock.now()

    def close(self) -> None:
        pass

    @property
    def last(self) -> Optional[View]:
        return self.frames[-1][1] if self.frames else None


class FakePreparingFrontend(FakeFrontend):
    """Draws ahead with ``prepare``; ``present`` only flips (as a pygame back buffer would).

    ``calls`` lists "render", "prepare" and "present" in order; ``prepared`` is every
    (time, view) drawn ahead; ``saved`` every screenshot path.
    """

    def __init__(self, clock: FakeClock, events: Iterable[InputEvent] = (),
                 lag: float = 0.0) -> None:
        super().__init__(clock, events, lag)
        self.prepared: list[tuple[float, View]] = []
        self.back: Optional[View] = None
        self.calls: list[str] = []
        self.saved: list[str] = []

    def prepare(self, view: View) -> None:
        self.calls.append("prepare")
        self.prepared.append((self.clock.now(), view))
        self.back = view

    def present(self) -> Optional[float]:
        self.calls.append("present")
        if self.back is None:
            return None
        self.frames.append((self.clock.now(), self.back))
        self.back = None
        return self.clock.now()

    def render(self, view: View) -> float:
        self.calls.append("render")
        self.back = None
        return super().render(view)

    def save(self, path: str) -> None:
        self.saved.append(path)


class FakeSpeech:
    """Records ``Speak`` requests (``said`` holds their text), prompts, pre-rendered board
    sets and ``stop`` calls. ``durations`` are the prompt lengths it claims to know;
    ``posts_prompt_finished`` says the test will post ``PromptFinished`` itself."""

    def __init__(self, block: bool = False, durations: Optional[Mapping[str, float]] = None,
                 posts_prompt_finished: bool = False) -> None:
        self.said: list[str] = []
        self.requests: list[Speak] = []
        self.prompts: list[str] = []
        self.prerendered: list[BoardSet] = []
        self.durations: dict[str, float] = dict(durations or {})
        self.posts_prompt_finished = posts_prompt_finished
        self.stops = 0
        self.closed = False
        self.spoke = threading.Event()
        self.release = threading.Event()
        self.block = block

    def speak(self, request: Speak) -> None:
        self.requests.append(request)
        self.said.append(request.text)
        self.spoke.set()
        if self.block:
            self.release.wait(10.0)

    def prompt(self, text: str) -> Optional[float]:
        self.prompts.append(text)
        return self.prompt_duration(text)

    def prompt_duration(self, text: str) -> Optional[float]:
        return self.durations.get(text)

    def prerender_boards(self, boards: BoardSet, current: Optional[str] = None) -> None:
        self.prerendered.append(boards)

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.release.set()
        self.closed = True


class FakeRecords:
    """Keeps the usage records the loop produces (``records``), as the usage log would."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.closed = False

    def write(self, record: dict[str, Any]) -> None:
        self.records.append(record)

    def close(self) -> None:
        self.closed = True


class FakeSwitch:
    """Edges of presses on switch ``number``: ``FakeSwitch(1).press(1.7, 0.1)``."""

    def __init__(self, number: int = 1, source: str = "fake") -> None:
        self.number = number
        self.source = source

    def press(self, down: float, length: float = 0.1) -> list[SwitchEvent]:
        return [SwitchEvent(self.number, True, down, self.source),
                SwitchEvent(self.number, False, down + length, self.source)]

    def presses(self, spans: Iterable[tuple[float, float]]) -> list[SwitchEvent]:
        """Edges for ``(down, up)`` pairs, as ``aac simulate --presses`` writes them."""
        return [e for down, up in spans for e in self.press(down, up - down)]

    def bounce(self, down: float, edges: int = 6, gap: float = 0.001) -> list[SwitchEvent]:
        """A contact bounce: ``edges`` alternating edges ``gap`` apart, ending down."""
        return [SwitchEvent(self.number, i % 2 == 0, down + i * gap, self.source)
                for i in range(edges if edges % 2 else edges + 1)]


def default_sigint() -> None:
    """``Popen(..., preexec_fn=default_sigint)``: the child reacts to SIGINT as a program
    started from a terminal does, even when the test run itself was started in the
    background (``cmd &`` and nohup make children ignore SIGINT, so Ctrl-C tests hang)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
