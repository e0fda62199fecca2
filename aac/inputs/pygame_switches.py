"""Joystick buttons (and mouse buttons with ``mouse?mode=switch``) as switches.

:class:`SwitchTranslator` is the one place that turns pygame's joystick and mouse-button
events into switch events and follows joysticks being plugged in and pulled out (JOYDEVICE
ADDED/REMOVED), saying so to the carer. ``aac run``'s pygame front end and ``aac
switch-test`` (:class:`PygameSwitches`) both use it. The tester has no board window, so it
opens pygame itself (a small window only when mouse buttons are wanted, otherwise SDL's dummy
video driver is enough for joystick events) and is polled on the main thread, as SDL
requires. Events are stamped when polled: at most one poll interval late, which is fine for
diagnostics (serial and GPIO presses are stamped by their drivers).
"""

from __future__ import annotations

import math
import os
import time
from typing import Any, Callable, Optional

from ..core.events import InputEvent, Status, SwitchEvent
from .registry import FrontendConfig, JoystickConfig

Post = Callable[[object], None]


SwitchFor = Callable[[int, int], Optional[int]]


def waiting_text(joy: JoystickConfig) -> str:
    name = "joystick" if joy.index is None else f"joystick:{joy.index}"
    return f"switch disconnected: {name} (not plugged in: waiting for it)"


class SwitchTranslator:
    """pygame joystick/mouse-button events -> ``SwitchEvent``/``Status``, with hot-plug.

    ``joystick_switch(index, button)`` says which switch a button is (default: button b is
    switch b + 1); ``mouse_buttons`` maps mouse buttons to switches (``mouse?mode=switch``);
    ``wanted`` are the joysticks the inputs name, reported when missing, plugged or pulled.
    """

    def __init__(self, pg: Any, joystick_switch: Optional[SwitchFor] = None,
                 mouse_buttons: Optional[dict[int, int]] = None,
                 wanted: tuple[JoystickConfig, ...] = ()) -> None:
        self.pg = pg
        self.joystick_switch = joystick_switch
        self.mouse_buttons: dict[int, int] = dict(mouse_buttons or {})
        self.wanted = wanted
        self._index: dict[int, int] = {}  # SDL instance id -> device index (joystick:N)
        self._sticks: dict[int, Any] = {}

    @classmethod
    def for_config(cls, pg: Any, config: FrontendConfig) -> SwitchTranslator:
        return cls(pg, config.joystick_switch if config.joysticks else None,
                   dict(config.mouse_buttons), config.joysticks)

    def open_present(self, now: float) -> list[InputEvent]:
        """Open the joysticks plugged in now; a wanted one that is missing is reported
        instead of showing nothing for ever."""
        out: list[InputEvent] = []
        try:
            self.pg.joystick.init()
            for index in range(self.pg.joystick.get_count()):
                out += self._open(index, now)
        except self.pg.error:
            return out  # no joystick subsystem: keyboard and touch still work
        present = set(self._index.values())
        for joy in self.wanted:
            if (joy.index is None and not present) or (
                    joy.index is not None and joy.index not in present):
                out.append(Status(waiting_text(joy), now))
        return out

    def translate(self, ev: Any, now: float) -> Optional[list[InputEvent]]:
        """The events ``ev`` means, or None when it is not a switch or hot-plug event."""
        pg = self.pg
        if ev.type in (pg.JOYBUTTONDOWN, pg.JOYBUTTONUP):
            instance = getattr(ev, "instance_id", getattr(ev, "joy", 0))
            index = self._index.get(instance, instance)
            switch = (ev.button + 1 if self.joystick_switch is None
                      else self.joystick_switch(index, ev.button))
            if switch is None:
                return []
            return [SwitchEvent(switch, ev.type == pg.JOYBUTTONDOWN, now, f"joystick:{index}")]
        if ev.type in (pg.MOUSEBUTTONDOWN, pg.MOUSEBUTTONUP):
            switch = self.mouse_buttons.get(ev.button)
            if switch is None or getattr(ev, "touch", False):
                return None  # a pointer, not a switch
            return [SwitchEvent(switch, ev.type == pg.MOUSEBUTTONDOWN, now, "mouse")]
        if ev.type == pg.JOYDEVICEADDED:
            return self._open(ev.device_index, now)
        if ev.type == pg.JOYDEVICEREMOVED:
            index = self._index.pop(ev.instance_id, ev.instance_id)
            self._sticks.pop(ev.instance_id, None)
            if not self._reports(index):
                return []
            return [Status(f"switch disconnected: joystick:{index}", now)]
        return None

    def _reports(self, index: int) -> bool:
        """Only joysticks the inputs name are news for the carer."""
        return any(j.index is None or j.index == index for j in self.wanted)

    def _open(self, index: int, now: float) -> list[InputEvent]:
        pg = self.pg
        try:
            stick = pg.joystick.Joystick(index)
            instance = stick.get_instance_id()
        except pg.error:
            return []
        if instance in self._index:
            return []  # SDL also announces the joysticks present at start
        self._index[instance] = index
        self._sticks[instance] = stick
        if not self._reports(index):
            return []
        return [Status(f"switch connected: joystick:{index} ({stick.get_name()})", now)]


class PygameSwitches:
    """Reads joystick/mouse buttons as switches; call ``poll`` from the main thread."""

    def __init__(self, config: FrontendConfig, post: Post) -> None:
        self.config = config
        self._post = post
        self._pg: Any = None
        self._switches: Optional[SwitchTranslator] = None

    def start(self) -> None:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        import pygame

        self._pg = pygame
        try:
            pygame.display.init()
        except pygame.error:  # no display: joystick events still flow through SDL's queue
            os.environ["SDL_VIDEODRIVER"] = "dummy"
            pygame.display.init()
        if self.config.mouse_buttons:
            pygame.display.set_mode((480, 160))
            pygame.display.set_caption("aac switch-test: click here")
        self._switches = SwitchTranslator.for_config(pygame, self.config)
        for event in self._switches.open_present(time.monotonic()):
            self._post(event)

    def poll(self, timeout: float) -> None:
        """Wait up to ``timeout`` s for pygame events and post the switches they mean."""
        pg = self._pg
        events = []
        first = pg.event.wait(max(1, math.ceil(timeout * 1000))) if timeout > 0 else None
        if first is not None and first.type != pg.NOEVENT:
            events.append(first)
        events.extend(pg.event.get())
        now = time.monotonic()
        assert self._switches is not None
        for ev in events:
            for out in self._switches.translate(ev, now) or []:
                self._post(out)

    def close(self) -> None:
        if self._pg is not None:
            self._pg.joystick.quit()
            self._pg.display.quit()
