"""The carer lock and menu on the pygame screen (issue 12 items 3 and 5).

``CarerGate`` sits in front of the touch rules: it watches pointer downs for the corner hold
(``aac.core.carer_lock``), draws the confirm button and the menu, and while either is up it
takes every touch, so a child's touches never reach the menu and the menu's taps never reach
the board. Switch presses are never given to it.

The menu: theme, volume, scan speed, language and board set, voice, record a voice for a
cell, quit, close. Its changes come out as ``CarerChanged`` events (the runtime applies and
saves them); lists longer than the screen (sets, voices, the menu itself on 480x320) are
paged with previous/next buttons, every button at least ``MIN_ROW`` px tall for a finger.
Texts are in the carer's language (``_``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

import pygame

from ..core.carer_lock import CarerLock, LockSettings
from ..core.events import CarerChanged, InputEvent, Quit
from ..i18n import _
from .layout import Rect
from .theme import Theme
from .themes import THEMES, theme_text

if TYPE_CHECKING:
    from ..carer_choices import CarerChoices
    from .carer_record import RecordFlow

VOLUME_STEP = 10  # percent, as the profile's volume:
MIN_ROW = 40  # px: the smallest button height a carer's finger hits reliably
PANEL_BG = (20, 20, 24)
TITLE_FG = (255, 255, 255)
CURRENT_BG = (255, 236, 140)  # the chosen set or voice in its list
FOCUS = (0, 90, 255)  # the keyboard's button

FontFor = Callable[[int], pygame.font.Font]


@dataclass(frozen=True)
class MenuItem:
    action: str  # "quit", "theme", "volume-", "volume+", "set", "set:sr", "next", ...
    text: str
    rect: Rect
    current: bool = False


Row = list[tuple[str, str]]  # one row of buttons side by side: (action, text)


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
        #: the sets and voices offered (``aac.carer_choices``); None: not on the menu
        self.choices: Optional[CarerChoices] = None
        #: makes the record-a-voice flow (``aac.ui.carer_record``); None: not on the menu
        self.make_recorder: Optional[Callable[[], RecordFlow]] = None
        self.flow: Optional[RecordFlow] = None
        self.page = "main"  # "main", "sets", "voices"
        self.page_index = 0  # which screenful of a long list
        self.focus: Optional[int] = None  # the keyboard's button (index into _buttons())

    def use_settings(self, settings: LockSettings) -> None:
        """The profile's ``carer:`` section (corner, hold, confirm, keys)."""
        self.lock = CarerLock(settings, aspect=self.size[0] / max(1, self.size[1]))

    @property
    def showing(self) -> bool:
        """The confirm button or the menu is up (touches go to it, not to the board)."""
        return self.lock.state in ("confirm", "open")

    def next_deadline(self) -> Optional[float]:
        if self.flow is not None and self.lock.state == "open":
            return self.flow.next_deadline()
        return self.lock.next_deadline()

    def advance(self, now: float) -> bool:
        """True when the screen must change (the confirm button appeared or went, the
        recording's countdown moved)."""
        before = self.lock.state
        changed = self.lock.advance(now) != before
        if self.flow is not None and self.lock.state == "open":
            changed = self.flow.advance(now) or changed
        return changed

    def pointer(self, kind: str, x: float, y: float, now: float, out: list[InputEvent]) -> bool:
        """Feed a pointer event; True when the gate took it (not for the board)."""
        w, h = self.size
        fx, fy = x / max(1, w), y / max(1, h)
        if self.lock.state == "open":
            if kind == "down":
                if self.flow is not None:
                    self.focus = None
                    if self.flow.tap(x, y, now) == "done":
                        self._end_flow()
                else:
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

    def key(self, name: str, now: float, out: Optional[list[InputEvent]] = None) -> bool:
        """A typed key; True when the gate took it (the menu is open, or it just opened).
        While open, arrows and Tab move the focus over the buttons and Enter (or Space)
        presses the focused one, so a keyboard-only set-up can work the whole menu."""
        if self.lock.state != "open":
            return self.lock.key(name, now) == "open"
        if name == "escape":
            if self.flow is not None:
                self.flow.cancel()
                self._end_flow()
            elif self.page != "main":
                self._go("main")
            else:
                self.close()
        elif self.flow is not None and self.flow.key(name, now):  # picking a cell
            self.focus = None
        elif name in ("down", "right", "tab", "up", "left"):
            n = len(self._buttons())
            if n:
                step = -1 if name in ("up", "left") else 1
                self.focus = (step - 1) // 2 % n if self.focus is None else (
                    self.focus + step) % n
        elif name == "enter" and self.focus is not None:
            buttons = self._buttons()
            if self.focus < len(buttons):
                x, y = buttons[self.focus][1].center
                self.pointer("down", x, y, now, [] if out is None else out)
                if self.flow is not None and self.flow.state == "pick":
                    self.flow.show_cursor()  # chosen from the keyboard: pick with it too
        return True

    def _buttons(self) -> list[tuple[str, Rect]]:
        """What the focus moves over: the flow's buttons, or the menu page's."""
        if self.flow is not None:
            return self.flow.buttons()
        return [(i.action, i.rect) for i in self.menu_items()]

    def close(self) -> None:
        if self.flow is not None:
            self.flow.cancel()
            self.flow = None
        self._go("main")
        self.lock.close()

    # -- the pages ------------------------------------------------------------------------------
    def _rows(self) -> tuple[str, list[Row], Row]:
        """The page's title, its rows and its footer row (always shown)."""
        c = self.choices
        if self.page == "sets" and c is not None:
            return (_("Language and boards"),
                    [[(f"set:{s.tag}", s.name)] for s in c.sets], [("back", _("Back"))])
        if self.page == "voices" and c is not None:
            voices = c.voices()
            listed: list[Row] = [[(f"voice:{v.name}", v.text)] for v in voices] or [
                [("none", _("No voice for this language: recorded sounds still play"))]]
            return _("Voice"), listed, [("back", _("Back"))]
        rows: list[Row] = [
            [("theme", _("Theme: {name}").format(name=theme_text(self.theme)))],
            [("volume-", _("Volume \u2212 ({volume} %)").format(volume=self.volume)),
             ("volume+", _("Volume +"))],
        ]
        if self.scanning:
            rows.append([("slower", _("Scan slower")), ("faster", _("Scan faster"))])
        if c is not None and len(c.sets) > 1:
            rows.append([("set", _("Language and boards: {name}").format(name=c.set_text()))])
        if c is not None:
            rows.append([("voice", _("Voice: {name}").format(name=c.voice_name()))])
        if self.make_recorder is not None:
            rows.append([("record", _("Record a voice for a cell"))])
        return "", rows, [("quit", _("Quit")), ("close", _("Close"))]

    def panel(self) -> Rect:
        w, h = self.size
        pw, ph = min(w - 20, max(440, w // 2)), min(h - 20, max(260, h * 2 // 3))
        return Rect((w - pw) // 2, (h - ph) // 2, pw, ph)

    def pages(self) -> int:
        title, rows, _footer = self._rows()
        per = self._per_page(len(rows), bool(title))
        return max(1, -(-len(rows) // per))

    def _per_page(self, n: int, titled: bool) -> int:
        fit = max(3, self.panel().h // MIN_ROW) - int(titled) - 1  # less title and footer
        return n if n <= fit else max(1, fit)

    def menu_items(self) -> list[MenuItem]:
        """The buttons on screen now (the current page of the current list)."""
        title, rows, footer = self._rows()
        per = self._per_page(len(rows), bool(title))
        pages = max(1, -(-len(rows) // per))
        self.page_index = min(self.page_index, pages - 1)
        shown = rows[self.page_index * per:(self.page_index + 1) * per]
        if pages > 1:
            footer = ([("prev", "\u25c0")] if self.page_index > 0 else []) + footer + (
                [("next", "\u25b6")] if self.page_index < pages - 1 else [])
        p = self.panel()
        lines = len(shown) + 1 + int(bool(title))
        step = p.h // lines
        top = p.y + step * int(bool(title))
        current = self._current_action()
        items = []
        for i, row in enumerate([*shown, footer]):
            y = top + i * step
            width = (p.w - 8) // len(row)
            for j, (action, text) in enumerate(row):
                items.append(MenuItem(action, text, Rect(p.x + 8 + j * width, y + 4, width - 8,
                                                         step - 8), action == current))
        return items

    def _current_action(self) -> str:
        c = self.choices
        if c is None:
            return ""
        if self.page == "sets":
            return f"set:{c.current_set}"
        if self.page == "voices":
            return f"voice:{c.voice_name()}"
        return ""

    def _go(self, page: str) -> None:
        self.page, self.page_index, self.focus = page, 0, None

    def _menu_tap(self, x: float, y: float, now: float, out: list[InputEvent]) -> None:
        for item in self.menu_items():
            if item.rect.contains(x, y):
                self._act(item.action, now, out)
                return

    def _act(self, action: str, now: float, out: list[InputEvent]) -> None:
        if action == "quit":
            out.append(Quit(now, from_menu=True))
        elif action == "close":
            self.close()
        elif action in ("set", "voice"):
            self._go(action + "s")
        elif action == "back":
            self._go("main")
        elif action in ("prev", "next"):
            self.page_index = max(0, self.page_index + (1 if action == "next" else -1))
            self.focus = None
        elif action.startswith("set:"):
            self._go("main")
            if self.choices is not None and action[4:] != self.choices.current_set:
                out.append(CarerChanged(now, "set", action[4:]))
        elif action.startswith("voice:"):
            self._go("main")
            if self.choices is not None and action[6:] != self.choices.voice_name():
                self.choices.voice = action[6:]
                out.append(CarerChanged(now, "voice", action[6:]))
        elif action == "record" and self.make_recorder is not None:
            self.flow, self.focus = self.make_recorder(), None
        elif action == "theme":
            names = list(THEMES)
            self.theme = names[(names.index(self.theme) + 1) % len(names)
                               if self.theme in names else 0]
            if self.on_theme is not None:
                self.on_theme(THEMES[self.theme])
            out.append(CarerChanged(now, "theme", self.theme))
        elif action in ("slower", "faster"):
            out.append(CarerChanged(now, "scan_speed", 1 if action == "faster" else -1))
        elif action in ("volume-", "volume+"):
            step = VOLUME_STEP if action == "volume+" else -VOLUME_STEP
            self.volume = min(100, max(0, self.volume + step))
            out.append(CarerChanged(now, "volume", self.volume))

    def _end_flow(self) -> None:
        self.flow = None
        self._go("main")

    # -- drawing --------------------------------------------------------------------------------
    def confirm_rect(self) -> Rect:
        w, h = self.size
        cx, cy = self.lock.settings.confirm_at
        half = self.lock.settings.confirm_half
        return Rect(int((cx - half) * w), int((cy - half) * h), int(2 * half * w),
                    int(2 * half * h))

    def draw(self, surface: pygame.Surface, font: FontFor) -> None:
        if self.lock.state == "confirm":
            r = self.confirm_rect()
            surface.fill((0, 0, 0), r.inflate(4).as_tuple())
            surface.fill((255, 221, 0), r.as_tuple())
            draw_text(surface, font, _("Carer menu? Tap here"), r)
        elif self.lock.state == "open" and self.flow is not None:
            self.flow.draw(surface, font, self.panel())
            self._draw_focus(surface)
        elif self.lock.state == "open":
            p = self.panel()
            surface.fill(PANEL_BG, p.inflate(4).as_tuple())
            title = self._rows()[0]
            items = self.menu_items()
            if title:
                pages = self.pages()
                if pages > 1:
                    title += f"  {self.page_index + 1}/{pages}"
                top = min(i.rect.y for i in items)
                draw_text(surface, font, title, Rect(p.x + 8, p.y + 4, p.w - 16,
                                                     top - p.y - 8), TITLE_FG)
            px = min(fit_size(font, i.text, i.rect) for i in items)  # one size per page
            for item in items:
                draw_button(surface, font, item.text, item.rect, item.current, px)
            self._draw_focus(surface)

    def _draw_focus(self, surface: pygame.Surface) -> None:
        buttons = self._buttons()
        if self.focus is not None and self.focus < len(buttons):
            pygame.draw.rect(surface, FOCUS, buttons[self.focus][1].inflate(2).as_tuple(), 5)


def draw_button(surface: pygame.Surface, font: FontFor, text: str, r: Rect,
                current: bool = False, px: Optional[int] = None) -> None:
    surface.fill(CURRENT_BG if current else (255, 255, 255), r.as_tuple())
    pygame.draw.rect(surface, (0, 0, 0), r.as_tuple(), 4 if current else 2)
    draw_text(surface, font, text, r, px=px)


def fit_size(font: FontFor, text: str, r: Rect) -> int:
    """The largest text size (up to half the height, at most 28 px) that fits ``r``'s width."""
    px = max(10, min(r.h // 2, 28))
    while font(px).size(text)[0] > r.w - 8 and px > 8:
        px -= 1
    return px


def draw_text(surface: pygame.Surface, font: FontFor, text: str, r: Rect,
              colour: tuple[int, int, int] = (0, 0, 0), px: Optional[int] = None) -> None:
    """One line centred in ``r``, shrunk to fit its width (never cut)."""
    f = font(px or fit_size(font, text, r))
    img = f.render(text, True, colour)
    surface.blit(img, (r.x + (r.w - img.get_width()) // 2, r.y + (r.h - img.get_height()) // 2))
