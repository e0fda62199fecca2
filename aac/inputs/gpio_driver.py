"""Switches wired to the Raspberry Pi header, through gpiozero.

One ``gpiozero.Button`` per pin (switch n = the n-th pin of ``gpio:17,27``), with gpiozero's
own debouncing off (``bounce_time=None``): raw edges go to the core's switch filter, which
applies each user's acceptance and debounce times, the same for every kind of switch.
``pin_factory`` is injectable so tests (and users' own) run on ``MockFactory`` pins; without
one, ``aac.inputs.pin_library`` picks the library (lgpio first, the only one for a Pi 5) and
says what to install when none works. With ``diagnostics`` (switch-test) a "switch connected"
status names the library in use.
"""

from __future__ import annotations

import time
import warnings
from typing import Any, Callable

from ..core.events import Status, SwitchEvent
from ..errors import DeviceError
from .pin_library import NoPinLibrary, describe, ensure_pin_factory
from .spec import InputSpec, gpio_pins

Post = Callable[[object], None]


class GpioDriver:
    """Buttons on GPIO pins; gpiozero calls back on its own thread, we stamp and post."""

    def __init__(
        self, spec: InputSpec, post: Post, *, pin_factory: Any = None, diagnostics: bool = False
    ) -> None:
        self.spec = spec
        self.pins = gpio_pins(spec)
        self.pull_up = spec.options.get("pull_up", "true").lower() in ("true", "1")
        self._post = post
        self._factory = pin_factory
        self._diagnostics = diagnostics
        self.library = ""  # "lgpio, /dev/gpiochip4" once started
        self.buttons: list[Any] = []

    def start(self) -> None:
        try:
            from gpiozero import Button
        except ImportError as exc:  # pragma: no cover - gpiozero is a dependency
            raise DeviceError(f"{self.spec.name}: gpiozero is not installed ({exc})") from None
        try:
            with warnings.catch_warnings():  # gpiozero warns once per pin library it lacks;
                warnings.simplefilter("ignore")  # our one error below says what matters
                factory = self._factory if self._factory is not None else ensure_pin_factory()
                self.library = describe(factory)
                for n, pin in enumerate(self.pins, start=1):
                    button = Button(
                        pin, pull_up=self.pull_up, bounce_time=None, pin_factory=factory
                    )
                    button.when_pressed = self._callback(n, pin, True)
                    button.when_released = self._callback(n, pin, False)
                    self.buttons.append(button)
        except Exception as exc:  # gpiozero raises many kinds (no pins, pin in use, ...)
            self.close()
            raise DeviceError(
                f"{self.spec.name}: cannot use GPIO pin(s) {self.spec.target}: {_explain(exc)}"
            ) from None
        if self._diagnostics:  # the tester shows which library reads the pins
            text = f"switch connected: {self.spec.name} (pin library {self.library})"
            self._post(Status(text, time.monotonic()))

    def _callback(self, switch: int, pin: int, down: bool) -> Callable[[], None]:
        source = f"gpio:{pin}"

        def edge() -> None:
            self._post(SwitchEvent(switch, down, time.monotonic(), source))

        return edge

    def close(self, timeout: float = 1.0) -> None:
        for button in self.buttons:
            try:
                button.close()
            except Exception:  # closing must never fail the shutdown
                pass
        self.buttons.clear()


def _explain(exc: BaseException) -> str:
    """gpiozero's reason, in words for whoever plugged the switch in."""
    if isinstance(exc, NoPinLibrary):  # already says why and what to install
        return str(exc)
    return str(exc) or type(exc).__name__
