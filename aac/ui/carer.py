"""The carer lock and menu on the pygame screen (issue 12 item 3).

``CarerGate`` sits in front of the touch rules: it watches pointer downs for the corner hold
(``aac.core.carer_lock``), draws the confirm button and the menu, and while either is up it
takes every touch, so a child's touches never reach the menu and the menu's taps never reach
the board. Switch presses are never given to it. The menu: Quit, theme, volume, close; its
changes come out as ``CarerChanged`` events (the runtime applies and saves them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import pygame

from ..core.carer_lock import CarerLock, LockSettings
from ..core.events import CarerChanged, InputEvent, Quit
from .layout import Rect
from .theme import Theme
from .themes import THEMES

VOLUME_STEP = 10  # percent, as the profile's volume:


@dataclass(frozen=True)
class MenuItem:
    action: str  # "quit", "theme", "volume-", "volume+", "close"
    text: str
    rect: Rect


class CarerGate:
    def __init__(self, size: tuple[int, int], settings: Optional[LockSettings] = None,
                 volume: int = 100, on_theme: Optional[Callable[[Theme], None]] = None,
                 theme: str = "default") -> None:
        self.size = size
        self.lock = CarerLock(settings or LockSettings(), aspect=size[0] / max(1, size[1]))
        self.volume = volume
        self.theme = theme
        self.on_theme = on_theme
        self.scanning = False  # the menu offers scan speed only when scanning

    @property
    def showing(self) -> bool:
        """The confirm button or the menu is up (touches go to it, not to the board)."""
        return self.lock.state in ("confirm", "open")

    def next_deadline(self) -> Optional[float]:
        return self.lock.next_deadline()

    def advance(self, now: float) -> bool:
        """True when the screen must change (the confirm button appeared or went)."""
        before = self.lock.state
        return self.lock.advance(now) != before

    def pointer(self, kind: str, x: float, y: float, now: float, out: list[InputEvent]) -> bool:
        """Feed a pointer event; True when the gate took it (not for the board)."""
        w, h = self.size
        fx, fy = x / max(1, w), y / max(1, h)
        if self.lock.state == "open":
            if kind == "down":
                self._menu_tap(x, y, now, out)
            return True
        was = self.lock.state
        if kind == "down":
            self.lock.down(fx, fy, now)
        elif kind == "move":
            self.lock.move(fx, fy, now)
        else:
            self.lock.up(now)
        return was == "confirm" or self.lock.state in ("confirm", "open")

    def key(self, name: str, now: float) -> bool:
        """A typed key; True when the gate took it (the menu is open, or it just opened)."""
        if self.lock.state == "open":
            if name == "escape":
                self.lock.close()
            return True
        return self.lock.key(name, now) == "open"

    # -- the menu ---------------------------------------------------------------------------
    def menu_items(self) -> list[MenuItem]:
        w, h = self.size
        pw, ph = min(w - 20, max(300, w // 2)), min(h - 20, max(260, h * 2 // 3))
        px, py = (w - pw) // 2, (h - ph) // 2
        rows = [("quit", "Quit"), ("theme", f"Theme: {self.theme}"),
                ("volume-", f"Volume \u2212  ({self.volume} %)"),
                ("volume+", "Volume +")]
        if self.scanning:
            rows += [("slower", "Scan slower"), ("faster", "Scan faster")]
        rows.append(("close", "Close"))
        step = ph // len(rows)
        return [MenuItem(a, t, Rect(px + 8, py + i * step + 4, pw - 16, step - 8))
                for i, (a, t) in enumerate(rows)]

    def _menu_tap(self, x: float, y: float, now: float, out: list[InputEvent]) -> None:
        for item in self.menu_items():
            if not item.rect.contains(x, y):
                continue
            if item.action == "quit":
                out.append(Quit(now))
            elif item.action == "close":
                self.lock.close()
            elif item.action == "theme":
                names = list(THEMES)
                self.theme = names[(names.index(self.theme) + 1) % len(names)
                                   if self.theme in names else 0]
                if self.on_theme is not None:
                    self.on_theme(THEMES[self.theme])
                out.append(CarerChanged(now, "theme", self.theme))
            elif item.action in ("slower", "faster"):
                out.append(CarerChanged(now, "scan_speed", 1 if item.action == "faster" else -1))
            else:
                step = VOLUME_STEP if item.action == "volume+" else -VOLUME_STEP
                self.volume = min(100, max(0, self.volume + step))
                out.append(CarerChanged(now, "volume", self.volume))
            return

    def confirm_rect(self) -> Rect:
        w, h = self.size
        cx, cy = self.lock.settings.confirm_at
        half = self.lock.settings.confirm_half
        return Rect(int((cx - half) * w), int((cy - half) * h), int(2 * half * w),
                    int(2 * half * h))

    def draw(self, surface: pygame.Surface, font: Callable[[int], pygame.font.Font]) -> None:
        if self.lock.state == "confirm":
            r = self.confirm_rect()
            surface.fill((0, 0, 0), r.inflate(4).as_tuple())
            surface.fill((255, 221, 0), r.as_tuple())
            _text(surface, font, "Carer menu? Tap here", r)
        elif self.lock.state == "open":
            items = self.menu_items()
            x0 = min(i.rect.x for i in items) - 8
            y0 = min(i.rect.y for i in items) - 4
            x1 = max(i.rect.right for i in items) + 8
            y1 = max(i.rect.bottom for i in items) + 4
            surface.fill((20, 20, 24), (x0, y0, x1 - x0, y1 - y0))
            for item in items:
                surface.fill((255, 255, 255), item.rect.as_tuple())
                pygame.draw.rect(surface, (0, 0, 0), item.rect.as_tuple(), 2)
                _text(surface, font, item.text, item.rect)


def _text(surface: pygame.Surface, font: Callable[[int], pygame.font.Font], text: str,
          r: Rect) -> None:
    px = max(10, r.h // 2)
    f = font(px)
    while f.size(text)[0] > r.w - 8 and px > 8:
        px -= 1
        f = font(px)
    img = f.render(text, True, (0, 0, 0))
    surface.blit(img, (r.x + (r.w - img.get_width()) // 2, r.y + (r.h - img.get_height()) // 2))
