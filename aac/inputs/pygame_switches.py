"""Joystick buttons (and mouse buttons with ``mouse?mode=switch``) for ``aac switch-test``.

In ``aac run`` the pygame front end reads these; the tester has no board window, so it opens
pygame itself (a small window only when mouse buttons are wanted, otherwise SDL's dummy
video driver is enough for joystick events) and is polled on the main thread, as SDL
requires. Events are stamped when polled: at most one poll interval late, which is fine for
diagnostics (serial and GPIO presses are stamped by their drivers).
"""

from __future__ import annotations

import math
import os
import time
from typing import Any, Callable

from ..core.events import Status, SwitchEvent
from .registry import FrontendConfig

Post = Callable[[object], None]


class PygameSwitches:
    """Reads joystick/mouse buttons as switches; call ``poll`` from the main thread."""

    def __init__(self, config: FrontendConfig, post: Post) -> None:
        self.config = config
        self._post = post
        self._pg: Any = None
        self._index: dict[int, int] = {}  # SDL instance id -> device index (joystick:N)
        self._sticks: dict[int, Any] = {}

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
        pygame.joystick.init()
        for index in range(pygame.joystick.get_count()):
            self._open(index)
        for joy in self.config.joysticks:  # say so, instead of showing nothing for ever
            present = set(self._index.values())
            if (joy.index is None and not present) or (
                joy.index is not None and joy.index not in present
            ):
                name = "joystick" if joy.index is None else f"joystick:{joy.index}"
                self._post(Status(f"switch disconnected: {name} (no such USB switch "
                                  "interface / game controller yet; waiting for it)",
                                  time.monotonic()))

    def _open(self, index: int) -> None:
        pg = self._pg
        try:
            stick = pg.joystick.Joystick(index)
        except pg.error:
            return
        instance = stick.get_instance_id()
        self._index[instance] = index
        self._sticks[instance] = stick
        self._post(Status(f"switch connected: joystick:{index} ({stick.get_name()})",
                          time.monotonic()))

    def poll(self, timeout: float) -> None:
        """Wait up to ``timeout`` s for pygame events and post the switches they mean."""
        pg = self._pg
        events = []
        first = pg.event.wait(max(1, math.ceil(timeout * 1000))) if timeout > 0 else None
        if first is not None and first.type != pg.NOEVENT:
            events.append(first)
        events.extend(pg.event.get())
        now = time.monotonic()
        for ev in events:
            self._translate(ev, now)

    def _translate(self, ev: Any, now: float) -> None:
        pg = self._pg
        if ev.type in (pg.JOYBUTTONDOWN, pg.JOYBUTTONUP):
            instance = getattr(ev, "instance_id", getattr(ev, "joy", 0))
            index = self._index.get(instance, instance)
            switch = self.config.joystick_switch(index, ev.button)
            if switch is not None:
                self._post(SwitchEvent(switch, ev.type == pg.JOYBUTTONDOWN, now,
                                       f"joystick:{index}"))
        elif ev.type in (pg.MOUSEBUTTONDOWN, pg.MOUSEBUTTONUP):
            switch = self.config.mouse_buttons.get(ev.button)
            if switch is not None and not getattr(ev, "touch", False):
                self._post(SwitchEvent(switch, ev.type == pg.MOUSEBUTTONDOWN, now, "mouse"))
        elif ev.type == pg.JOYDEVICEADDED:
            self._open(ev.device_index)
        elif ev.type == pg.JOYDEVICEREMOVED:
            index = self._index.pop(ev.instance_id, ev.instance_id)
            self._sticks.pop(ev.instance_id, None)
            self._post(Status(f"switch disconnected: joystick:{index}", now))

    def close(self) -> None:
        if self._pg is not None:
            self._pg.joystick.quit()
            self._pg.display.quit()
