"""The pygame front end: a window (full screen by default), touch, mouse, keys, joysticks.

It turns raw pygame events into the core's time-stamped input events and draws views. It
initialises only the display and fonts (never ``pygame.init()``, which would open the audio
device the speech adapter owns).
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Optional

import pygame

from ..core.events import (
    InputEvent,
    PointerCancel,
    PointerPress,
    PointerSelect,
    Quit,
    SwitchEvent,
)
from ..core.view import View
from .layout import move_focus
from .pictures import Pictures
from .render import Renderer
from .theme import DEFAULT_THEME, Theme

#: Scan mode: key -> switch number (1 = select, 2 = move). Override with ``keymap=``.
DEFAULT_SCAN_KEYS: Mapping[int, int] = {
    pygame.K_SPACE: 1,
    pygame.K_RETURN: 1,
    pygame.K_KP_ENTER: 1,
    pygame.K_TAB: 2,
}

_ARROWS: Mapping[int, tuple[int, int]] = {
    pygame.K_UP: (-1, 0),
    pygame.K_DOWN: (1, 0),
    pygame.K_LEFT: (0, -1),
    pygame.K_RIGHT: (0, 1),
}
_SELECT_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)

#: Video drivers whose SDL_WaitEventTimeout sleeps in the OS until an event or the timeout.
#: Everywhere else (dummy, offscreen, KMSDRM on a Pi console) SDL would poll every 1 ms
#: (~2 % CPU), so we poll the queue every ``POLL`` s instead and sleep on a thread event
#: that ``wake()`` sets: driver threads (serial, GPIO) still wake us at once.
_BLOCKING_DRIVERS = {"x11", "wayland", "windows", "cocoa"}
POLL = 0.008
#: Below this, waits use the thread event: SDL's waits have whole-millisecond granularity.
_FINE = 0.003
_REDRAW_EVENTS = {
    getattr(pygame, name)
    for name in ("VIDEOEXPOSE", "WINDOWEXPOSED", "WINDOWSIZECHANGED", "WINDOWRESTORED")
    if hasattr(pygame, name)
}


#: ``save`` waits at most this long (s) for pictures still being decoded
SCREENSHOT_PICTURE_WAIT = 2.0


class PygameFrontend:
    """One pygame window. ``scan=True`` maps keys to switches instead of moving a focus."""

    def __init__(
        self,
        size: Optional[tuple[int, int]] = None,
        fullscreen: bool = True,
        scan: bool = False,
        keymap: Optional[Mapping[int, int]] = None,
        theme: Theme = DEFAULT_THEME,
        caption: str = "aac",
    ) -> None:
        pygame.display.init()  # raises pygame.error when there is no display
        pygame.font.init()
        if fullscreen:
            self.screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.screen = pygame.display.set_mode(size or (800, 480))
        pygame.display.set_caption(caption)
        pygame.key.set_repeat()  # a held key must not look like many switch presses
        pygame.event.set_blocked([pygame.MOUSEMOTION, pygame.FINGERMOTION])
        self.wake_type = pygame.event.custom_type()
        self.scan = scan
        self.keymap: Mapping[int, int] = dict(keymap) if keymap is not None else DEFAULT_SCAN_KEYS
        # pictures are decoded on a worker thread; it wakes the loop to draw them
        self.renderer = Renderer(theme, pictures=Pictures(on_ready=self.wake))
        self.focus: Optional[tuple[int, int]] = None
        self._last_view: Optional[View] = None
        self._down: Optional[tuple[int, int]] = None  # cell under the pointer while held
        self._keys_down: set[int] = set()
        self._joysticks: dict[int, object] = {}
        self._joy_index: dict[int, int] = {}  # SDL instance id -> device index (joystick:N)
        #: (device index, button) -> switch or None; default: button b is switch b + 1
        self.joystick_switch: Optional[Callable[[int, int], Optional[int]]] = None
        #: scan mode: mouse button -> switch (``--input mouse?mode=switch``); else pointing
        self.mouse_switches: Mapping[int, int] = {}
        self._init_joysticks()
        blocking = pygame.display.get_driver() in _BLOCKING_DRIVERS
        self._sdl_wait = _sdl_wait_function() if blocking else None
        self._woken = threading.Event()
        self._prepared: Optional[View] = None

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    # -- Frontend protocol --------------------------------------------------------------------
    def wait_events(self, timeout: float) -> Sequence[InputEvent]:
        """Events that arrived, waiting at most ``timeout`` s and never past it.

        The loop's scan deadlines depend on not oversleeping, so SDL's millisecond waits are
        rounded down and the rest is slept on a thread event, which is precise to ~0.1 ms.
        """
        end = time.monotonic() + max(0.0, timeout)
        raw: list[pygame.event.Event] = list(pygame.event.get())
        while not raw:
            left = end - time.monotonic()
            if left <= 0 or self._woken.is_set():
                break
            if self._sdl_wait is not None and left > _FINE:
                self._sdl_wait(None, int(left * 1000))  # sleeps in the OS; event stays queued
            else:
                self._woken.wait(min(left, POLL) if self._sdl_wait is None else left)
            raw = list(pygame.event.get())
        self._woken.clear()
        now = time.monotonic()
        out: list[InputEvent] = []
        redraw = False
        for ev in raw:
            redraw = self._translate(ev, now, out) or redraw
        redraw = self.renderer.pictures.take_fresh() or redraw
        if redraw and self._last_view is not None:
            self.render(self._last_view)
        return out

    def wake(self) -> None:
        """Thread-safe (SDL's event queue is): makes a pending ``wait_events`` return."""
        self._woken.set()
        try:
            pygame.event.post(pygame.event.Event(self.wake_type))
        except pygame.error:
            pass  # display already closed

    def render(self, view: View) -> float:
        self._prepared = None
        self._draw(view)
        self._last_view = view
        pygame.display.flip()
        return time.monotonic()

    def prepare(self, view: View) -> None:
        """Draw ``view`` without showing it: SDL shows the display surface only on flip, so
        the loop can draw the next scan frame ahead and flip it exactly on time."""
        self._draw(view)
        self._prepared = view

    def present(self) -> Optional[float]:
        """Show what ``prepare`` drew; None when a ``render`` has overwritten it since."""
        if self._prepared is None:
            return None
        pygame.display.flip()
        self._last_view, self._prepared = self._prepared, None
        return time.monotonic()

    def _draw(self, view: View) -> None:
        layout = self.renderer.layout_for(view, self.size)
        if self.focus is not None and self.focus not in layout.cells:
            self.focus = None
        self.renderer.draw(self.screen, view, None if self.scan else self.focus)

    def close(self) -> None:
        self.renderer.pictures.close()
        if pygame.display.get_init():
            pygame.display.quit()

    def save(self, path: str) -> None:
        """Write what is on screen now as a PNG (``--screenshot``), with its pictures: they
        are decoded off the loop thread, so wait (bounded) for them and draw once more."""
        pictures = self.renderer.pictures
        if pictures.wait_idle(SCREENSHOT_PICTURE_WAIT) and pictures.take_fresh() and \
                self._last_view is not None:
            self._draw(self._last_view)
        pygame.image.save(self.screen, path)

    # -- translation ----------------------------------------------------------------------------
    def _translate(self, ev: pygame.event.Event, now: float, out: list[InputEvent]) -> bool:
        """Append the input events ``ev`` means; True when the screen must be redrawn."""
        t = ev.type
        if t == pygame.QUIT:
            out.append(Quit(now))
        elif t in _REDRAW_EVENTS:
            return True
        elif t in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and self.scan and (
                ev.button in self.mouse_switches and not getattr(ev, "touch", False)):
            out.append(SwitchEvent(self.mouse_switches[ev.button], t == pygame.MOUSEBUTTONDOWN,
                                   now, "mouse"))
        elif t == pygame.MOUSEBUTTONDOWN and ev.button == 1 and not getattr(ev, "touch", False):
            self._pointer_down(ev.pos[0], ev.pos[1], now, out)
        elif t == pygame.MOUSEBUTTONUP and ev.button == 1 and not getattr(ev, "touch", False):
            return self._pointer_up(ev.pos[0], ev.pos[1], now, out)
        elif t == pygame.FINGERDOWN:
            w, h = self.size
            self._pointer_down(ev.x * w, ev.y * h, now, out)
        elif t == pygame.FINGERUP:
            w, h = self.size
            return self._pointer_up(ev.x * w, ev.y * h, now, out)
        elif t == pygame.KEYDOWN:
            return self._key(ev, True, now, out)
        elif t == pygame.KEYUP:
            return self._key(ev, False, now, out)
        elif t in (pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP):
            instance = getattr(ev, "instance_id", ev.joy)
            index = self._joy_index.get(instance, instance)
            switch = (ev.button + 1 if self.joystick_switch is None
                      else self.joystick_switch(index, ev.button))
            if switch is not None:
                out.append(SwitchEvent(switch, t == pygame.JOYBUTTONDOWN, now,
                                       f"joystick:{index}"))
        elif t == pygame.JOYDEVICEADDED:
            self._add_joystick(ev.device_index)
        return False

    def _hit(self, x: float, y: float) -> Optional[tuple[int, int]]:
        layout = self.renderer.layout
        return layout.hit(x, y) if layout is not None else None

    def _pointer_down(self, x: float, y: float, now: float, out: list[InputEvent]) -> None:
        self._down = self._hit(x, y)
        if self._down is not None:
            out.append(PointerPress(self._down[0], self._down[1], now))

    def _pointer_up(self, x: float, y: float, now: float, out: list[InputEvent]) -> bool:
        """Release on the pressed cell selects it; anywhere else cancels the press."""
        pressed, self._down = self._down, None
        if pressed is None:
            return False
        if self._hit(x, y) == pressed:
            out.append(PointerSelect(pressed[0], pressed[1], now))
        else:
            out.append(PointerCancel(now))
        return False

    def _key(self, ev: pygame.event.Event, down: bool, now: float, out: list[InputEvent]) -> bool:
        key = ev.key
        if down and (key == pygame.K_ESCAPE or (key == pygame.K_q and ev.mod & pygame.KMOD_CTRL)):
            out.append(Quit(now))
            return False
        if self.scan:
            switch = self.keymap.get(key)
            if switch is None:
                return False
            if down == (key in self._keys_down):
                return False  # a repeat, or an up without a down
            (self._keys_down.add if down else self._keys_down.discard)(key)
            out.append(SwitchEvent(switch, down, now, "keyboard"))
            return False
        if down and key in _ARROWS and self._last_view is not None:
            self.focus = move_focus(self._last_view.board, self.focus, *_ARROWS[key])
            return True
        if key in _SELECT_KEYS and self.focus is not None:
            r, c = self.focus
            if down:
                self._keys_down.add(key)
                out.append(PointerPress(r, c, now))
            elif key in self._keys_down:
                self._keys_down.discard(key)
                out.append(PointerSelect(r, c, now))
        return False

    # -- joysticks (switch interfaces that present as game controllers) -------------------------
    def _init_joysticks(self) -> None:
        try:
            pygame.joystick.init()
            for i in range(pygame.joystick.get_count()):
                self._add_joystick(i)
        except pygame.error:
            pass  # no joystick subsystem: keyboard and touch still work

    def _add_joystick(self, index: int) -> None:
        try:
            js = pygame.joystick.Joystick(index)
            self._joysticks[js.get_instance_id()] = js
            self._joy_index[js.get_instance_id()] = index
        except pygame.error:
            pass


# -- waiting ----------------------------------------------------------------------------------
def _sdl_wait_function() -> Optional[Callable[[Optional[int], int], int]]:
    """SDL's own ``SDL_WaitEventTimeout`` from the SDL library pygame loaded, or None.

    pygame's ``event.wait`` re-implements it as a 1 ms polling loop, which keeps an idle
    communicator at ~2 % CPU; SDL's version sleeps in the OS on X11 and Wayland (and polls
    only where it must, e.g. with joysticks open), and wakes when another thread posts.
    """
    path = None
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                name = line.rsplit(None, 1)[-1]
                if re.search(r"/libSDL2-2[.-][^/]*$", name):
                    path = name
                    break
        if path is None:
            return None
        fn = ctypes.CDLL(path).SDL_WaitEventTimeout
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_void_p, ctypes.c_int]
    fn.restype = ctypes.c_int
    return fn  # type: ignore[no-any-return]  # ctypes function: (event*, ms) -> int
