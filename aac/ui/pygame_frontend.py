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

from ..boards.picture_cache import PictureDiskCache
from ..core.board import Board
from ..core.events import (
    InputEvent,
    MessageTouched,
    PointerCancel,
    PointerPress,
    PointerSelect,
    Quit,
    Status,
    SwitchEvent,
)
from ..core.touch import (
    MESSAGE_BAR,
    TouchFilter,
    TouchIgnored,
    TouchOutput,
    TouchPoint,
    TouchPressed,
    TouchSelected,
    TouchSettings,
)
from ..core.view import View
from ..inputs.pygame_switches import SwitchFor, SwitchTranslator
from ..inputs.registry import FrontendConfig
from .carer import CarerGate
from .layout import Rect, move_focus
from .pictures import Pictures
from .prefetch import board_pictures
from .render import Renderer
from .theme import DEFAULT_THEME, Theme
from .themes import theme_name

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
#: keys the carer menu is worked with on a keyboard-only set-up (aac.ui.carer)
_CARER_KEYS: Mapping[int, str] = {
    pygame.K_ESCAPE: "escape", pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left",
    pygame.K_RIGHT: "right", pygame.K_TAB: "tab", pygame.K_RETURN: "enter",
    pygame.K_KP_ENTER: "enter", pygame.K_SPACE: "enter",
}

#: Video drivers whose SDL_WaitEventTimeout sleeps in the OS until an event or the timeout.
#: Everywhere else (dummy, offscreen, KMSDRM on a Pi console) SDL would poll every 1 ms
#: (~2 % CPU), so we poll the queue every ``POLL`` s instead and sleep on a thread event
#: that ``wake()`` sets: driver threads (serial, GPIO) still wake us at once.
_BLOCKING_DRIVERS = {"x11", "wayland", "windows", "cocoa"}
POLL = 0.008
#: Below this, waits use the thread event: SDL's waits have whole-millisecond granularity.
_FINE = 0.003
_JOY_EVENTS = {pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP, pygame.JOYDEVICEADDED,
               pygame.JOYDEVICEREMOVED}
_REDRAW_EVENTS = {
    getattr(pygame, name)
    for name in ("VIDEOEXPOSE", "WINDOWEXPOSED", "WINDOWSIZECHANGED", "WINDOWRESTORED")
    if hasattr(pygame, name)
}


#: ``save`` waits at most this long (s) for pictures still being decoded
SCREENSHOT_PICTURE_WAIT = 2.0
#: the first frame waits at most this long (s) for its board's pictures (from the disk cache
#: a few ms; rasterised, tens of ms): then it shows the labels and the pictures follow
FIRST_FRAME_PICTURE_WAIT = 1.0


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
        touch: Optional[TouchSettings] = None,
        carer_lock: Optional[bool] = None,
    ) -> None:
        """``touch``: the child's touch rules (``aac.core.touch``: hold, repeat-ignore...)."""
        pygame.display.init()  # raises pygame.error when there is no display
        pygame.font.init()
        if fullscreen:
            self.screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.screen = pygame.display.set_mode(size or (800, 480))
        pygame.display.set_caption(caption)
        pygame.key.set_repeat()  # a held key must not look like many switch presses
        self.touch = TouchFilter()
        self.use_touch(touch or TouchSettings())
        self.wake_type = pygame.event.custom_type()
        self.scan = scan
        self.keymap: Mapping[int, int] = dict(keymap) if keymap is not None else DEFAULT_SCAN_KEYS
        # pictures are decoded on a worker thread; it wakes the loop to draw them
        self.renderer = Renderer(theme, pictures=Pictures(on_ready=self.wake,
                                                          disk=PictureDiskCache()))
        self.focus: Optional[tuple[int, int]] = None
        self._last_view: Optional[View] = None
        self._keys_down: set[int] = set()
        #: joystick buttons and (scan mode) mouse-as-switch buttons, with hot-plug
        self.switches = SwitchTranslator(pygame)
        #: carer messages (a joystick plugged or pulled); None: returned as Status events
        self.on_status: Optional[Callable[[str], None]] = None
        self.switches.open_present(time.monotonic())
        blocking = pygame.display.get_driver() in _BLOCKING_DRIVERS
        self._sdl_wait = _sdl_wait_function() if blocking else None
        self._woken = threading.Event()
        self._prepared: Optional[View] = None
        #: areas drawn since the last flip (``display.update``); None: the whole screen
        self._dirty: Optional[list[pygame.Rect]] = None
        self._overlay = False  # the carer's button or menu was drawn over the last frame
        #: full screen: quitting and settings behind the carer gesture (aac.ui.carer)
        self.carer: Optional[CarerGate] = None
        if fullscreen if carer_lock is None else carer_lock:
            self.carer = CarerGate(self.size, on_theme=self._set_theme, theme=theme_name(theme))
            self.carer.scanning = scan

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    def _set_theme(self, theme: Theme) -> None:
        """The carer chose another theme: a fresh renderer (its caches hold the old sizes)."""
        source = self.renderer.board_source
        self.renderer = Renderer(theme, pictures=self.renderer.pictures)
        self.renderer.board_source = source

    def use_touch(self, settings: TouchSettings) -> None:
        """The child's touch rules. Only a hold follows a moving finger; otherwise motion
        events are blocked, as they would only wake the loop for nothing."""
        self.touch = TouchFilter(settings)
        motion = [pygame.MOUSEMOTION, pygame.FINGERMOTION]
        if settings.hold_ms > 0:
            pygame.event.set_allowed(motion)
        else:
            pygame.event.set_blocked(motion)

    # -- switches (aac.inputs.pygame_switches, shared with aac switch-test) --------------------
    def use_switches(self, config: FrontendConfig,
                     on_status: Optional[Callable[[str], None]] = None) -> None:
        """Follow ``--input joystick:N`` / ``mouse?mode=switch``; ``on_status`` hears about
        a joystick that is missing (\"waiting for it\"), plugged in or pulled out."""
        self.on_status = on_status
        self.switches = SwitchTranslator.for_config(pygame, config)
        if not config.joysticks:
            self.switches.joystick_switch = None  # default: button b is switch b + 1
        for ev in self.switches.open_present(time.monotonic()):
            self._status(ev, [])

    @property
    def joystick_switch(self) -> Optional[SwitchFor]:
        return self.switches.joystick_switch

    @joystick_switch.setter
    def joystick_switch(self, value: Optional[SwitchFor]) -> None:
        self.switches.joystick_switch = value

    @property
    def mouse_switches(self) -> Mapping[int, int]:
        return self.switches.mouse_buttons

    @mouse_switches.setter
    def mouse_switches(self, value: Mapping[int, int]) -> None:
        self.switches.mouse_buttons = dict(value)

    def _status(self, ev: InputEvent, out: list[InputEvent]) -> None:
        if isinstance(ev, Status) and self.on_status is not None:
            self.on_status(ev.text)
        else:
            out.append(ev)

    # -- Frontend protocol --------------------------------------------------------------------
    def wait_events(self, timeout: float) -> Sequence[InputEvent]:
        """Events that arrived, waiting at most ``timeout`` s and never past it.

        The loop's scan deadlines depend on not oversleeping, so SDL's millisecond waits are
        rounded down and the rest is slept on a thread event, which is precise to ~0.1 ms.
        """
        end = time.monotonic() + max(0.0, timeout)
        due = self.touch.next_deadline()  # a hold filling up or completing
        if due is not None:
            end = min(end, due)
        if self.carer is not None and (lock_due := self.carer.next_deadline()) is not None:
            end = min(end, lock_due)
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
        pictures = self.renderer.pictures.take_fresh()
        if self.carer is not None:
            redraw = self.carer.advance(now) or redraw
        self._touch_events(self.touch.advance(now), out)
        if pictures and not redraw and self._last_view is not None:
            redraw = not self._pictures_made()
        if redraw and self._last_view is not None:
            self.renderer.invalidate()  # the window was exposed (or see _pictures_made)
            self.render(self._last_view)
        return out

    def _pictures_made(self) -> bool:
        """Draw the cells whose pictures were made; False when the whole frame must be.
        A frame drawn ahead is not shown early: its flip at the instant shows them too."""
        changed = self.renderer.refresh_pictures(self.screen)
        if changed is None:
            return False
        if self._dirty is not None:
            self._dirty += changed
        if changed and self._prepared is None:
            self._show()
            self.renderer.flipped(time.monotonic())
        return True

    def wake(self) -> None:
        """Thread-safe (SDL's event queue is): makes a pending ``wait_events`` return."""
        self._woken.set()
        try:
            pygame.event.post(pygame.event.Event(self.wake_type))
        except pygame.error:
            pass  # display already closed

    def render(self, view: View) -> float:
        self._prepared = None
        first = self._last_view is None
        if first:  # the first frame comes whole: no pictures popping in
            self._first_pictures(view)
        self._draw(view)
        self._last_view = view
        self._show()
        flipped = self.renderer.flipped(time.monotonic())
        if first:  # the label sizes it measured are there for the next start
            job = threading.Thread(target=self.renderer.save_fits, name="aac-fits",
                                   daemon=True)
            self.renderer.pictures.start_jobs.append(job)
            job.start()
        return flipped

    def settle(self, timeout: float) -> None:
        """Wait up to ``timeout`` s for the background work the first frame started (saving
        label sizes, pruning the picture cache). Under a CPU quota a normal-priority thread
        holding the GIL while throttled stalls the loop: the first scan steps were 60-170 ms
        late at a quarter core (docs/performance.md)."""
        end = time.monotonic() + timeout
        for job in list(self.renderer.pictures.start_jobs):
            job.join(max(0.0, end - time.monotonic()))

    def _first_pictures(self, view: View) -> None:
        """Ask for the pictures of the first board and wait (bounded) until they are made, so
        the first frame is drawn once, whole, instead of with labels only and then again."""
        wanted = board_pictures(self.renderer, view.board, view, self.size)
        for path, box in wanted:
            self.renderer.pictures.get(path, box)  # queued on the picture thread
        if wanted:
            self.renderer.pictures.wait_asked(FIRST_FRAME_PICTURE_WAIT)

    def prepare(self, view: View) -> None:
        """Draw ``view`` without showing it: SDL shows the display surface only on flip, so
        the loop can draw the next scan frame ahead and flip it exactly on time."""
        self._draw(view)
        self._prepared = view

    def present(self) -> Optional[float]:
        """Show what ``prepare`` drew; None when a ``render`` has overwritten it since."""
        if self._prepared is None:
            return None
        self._show()
        self._last_view, self._prepared = self._prepared, None
        return self.renderer.flipped(time.monotonic())

    def _show(self) -> None:
        """Flip: only the areas drawn since the last one when that is all that changed (a
        scan step: the old and the new highlight), so the display copies little."""
        if self._dirty is None:
            pygame.display.flip()
        elif self._dirty:
            pygame.display.update(self._dirty)
        self._dirty = []

    def _draw(self, view: View, whole: bool = False) -> None:
        """Draw ``view``: only what changed since the last draw, unless ``whole`` or the
        carer's overlay is (or was) on screen."""
        layout = self.renderer.layout_for(view, self.size)
        if self.focus is not None and self.focus not in layout.cells:
            self.focus = None
        focus = None if self.scan else self.focus
        overlay = self.carer is not None and self.carer.showing
        changed: Optional[list[pygame.Rect]] = None
        if whole or overlay or self._overlay:
            self.renderer.draw(self.screen, view, focus)
        else:
            changed = self.renderer.draw_changes(self.screen, view, focus)
        if self.carer is not None:
            self.carer.draw(self.screen, self.renderer._font)
        self._overlay = overlay
        if changed is None:
            self._dirty = None
        elif self._dirty is not None:
            self._dirty += changed

    def close(self) -> None:
        self.renderer.save_fits()  # those of boards shown since the first frame too
        self.renderer.pictures.close()
        if pygame.display.get_init():
            pygame.display.quit()

    def save(self, path: str) -> None:
        """Write what is on screen now as a PNG (``--screenshot``), with its pictures: they
        are decoded off the loop thread, so wait (bounded) for them and draw once more."""
        pictures = self.renderer.pictures
        if pictures.wait_idle(SCREENSHOT_PICTURE_WAIT) and pictures.take_fresh() and \
                self._last_view is not None:
            self._draw(self._last_view, whole=True)
        pygame.image.save(self.screen, path)

    # -- translation ----------------------------------------------------------------------------
    def _translate(self, ev: pygame.event.Event, now: float, out: list[InputEvent]) -> bool:
        """Append the input events ``ev`` means; True when the screen must be redrawn."""
        t = ev.type
        if t == pygame.QUIT:
            out.append(Quit(now))
        elif t in _REDRAW_EVENTS:
            return True
        elif (self.scan or t in _JOY_EVENTS) and (
                (switched := self.switches.translate(ev, now)) is not None):
            for event in switched:
                self._status(event, out)
        elif t in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION) and (
                not getattr(ev, "touch", False)) and (t == pygame.MOUSEMOTION or ev.button == 1):
            kind = {pygame.MOUSEBUTTONDOWN: "down", pygame.MOUSEBUTTONUP: "up"}.get(t, "move")
            self._pointer(kind, ev.pos[0], ev.pos[1], now, 0, out)
        elif t in (pygame.FINGERDOWN, pygame.FINGERUP, pygame.FINGERMOTION):
            w, h = self.size
            kind = {pygame.FINGERDOWN: "down", pygame.FINGERUP: "up"}.get(t, "move")
            self._pointer(kind, ev.x * w, ev.y * h, now, 1 + int(getattr(ev, "finger_id", 0)),
                          out)
        elif t == pygame.KEYDOWN:
            return self._key(ev, True, now, out)
        elif t == pygame.KEYUP:
            return self._key(ev, False, now, out)
        return False

    def cell_at(self, x: float, y: float) -> Optional[tuple[Board, int, int]]:
        """The board and cell drawn at (x, y) (the carer menu's record-a-voice picks one)."""
        layout = self.renderer.layout
        if layout is None or self._last_view is None:
            return None
        pos = layout.hit(x, y)
        return None if pos is None else (self._last_view.board, pos[0], pos[1])

    def cell_rects(self) -> dict[tuple[int, int], Rect]:
        """Where each cell shown is drawn (the record-a-voice flow's keyboard frame)."""
        layout = self.renderer.layout
        return {} if layout is None else dict(layout.cells)

    def _point(self, x: float, y: float) -> Optional[TouchPoint]:
        """Where (x, y) is in cell coordinates; the message bar is a target too."""
        layout = self.renderer.layout
        if layout is None:
            return None
        pos = layout.hit(x, y)
        rect = layout.message if pos is None else layout.cells[pos]
        if pos is None:
            if not rect.contains(x, y):
                return None
            pos = MESSAGE_BAR
        return TouchPoint(pos[0], pos[1], (x - rect.x) / max(1, rect.w),
                          (y - rect.y) / max(1, rect.h))

    def _pointer(self, kind: str, x: float, y: float, now: float, pointer: int,
                 out: list[InputEvent]) -> None:
        """A finger or the mouse went down, moved or lifted: the touch rules decide."""
        if self.carer is not None:
            showing = self.carer.showing
            if self.carer.pointer(kind, x, y, now, out) or showing != self.carer.showing:
                if self._last_view is not None:
                    self._draw(self._last_view, whole=True)
                    self._show()
                self.touch = TouchFilter(self.touch.settings)  # drop a touch the gate took over
                return
        feed = {"down": self.touch.down, "up": self.touch.up, "move": self.touch.move}[kind]
        self._touch_events(feed(self._point(x, y), now, pointer), out)

    def _touch_events(self, decided: list[TouchOutput], out: list[InputEvent]) -> None:
        for d in decided:
            if isinstance(d, TouchIgnored):
                out.append(PointerCancel(d.t))
                out.append(d)  # the usage log says why the touch chose nothing
            elif (d.row, d.col) == MESSAGE_BAR:
                if isinstance(d, TouchSelected):
                    out.append(MessageTouched(d.t))
            elif isinstance(d, TouchPressed):
                out.append(PointerPress(d.row, d.col, d.t, d.progress))
            else:
                out.append(PointerSelect(d.row, d.col, d.t))

    def _key(self, ev: pygame.event.Event, down: bool, now: float, out: list[InputEvent]) -> bool:
        key = ev.key
        quit_key = key == pygame.K_ESCAPE or (key == pygame.K_q and ev.mod & pygame.KMOD_CTRL)
        if self.carer is not None and down:  # full screen: quitting is behind the carer lock
            name = _CARER_KEYS.get(key) or (getattr(ev, "unicode", "") or "")
            if self.carer.key(name.lower(), now, out) or quit_key:
                return True
        if down and quit_key:
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
                out.append(PointerSelect(r, c, now, "keyboard"))
        return False


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
