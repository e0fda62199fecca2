"""The carer lock and menu on the real pygame front end, through synthetic SDL events: Esc and
a child's touches and keys never quit or open it; the corner hold + confirm opens the menu,
whose taps change volume and theme (as CarerChanged events) and quit; the changes are saved
to the profile with a backup."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from aac.app import carer_saver
from aac.core.board import Board, Cell
from aac.core.carer_lock import LockSettings
from aac.core.events import CarerChanged, InputEvent, Quit, SwitchEvent
from aac.core.view import View
from aac.profile import load_profile
from aac.ui.carer import CarerGate
from aac.ui.pygame_frontend import PygameFrontend
from aac.ui.themes import THEMES

BOARD = Board("home", rows=((Cell("I"), Cell("want"), Cell("go")),
                            (Cell("you"), Cell("more"), Cell("stop"))))
HOLD = 0.3


@pytest.fixture
def fe() -> Iterator[PygameFrontend]:
    f = PygameFrontend((640, 400), fullscreen=False, carer_lock=True, scan=True)
    assert f.carer is not None
    f.carer = CarerGate(f.size, LockSettings(hold_s=HOLD), on_theme=f._set_theme)
    f.render(View(BOARD))
    pygame.event.clear()
    yield f
    f.close()


def post(kind: int, **attrs: object) -> None:
    pygame.event.post(pygame.event.Event(kind, **attrs))


def click(x: int, y: int) -> None:
    post(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=False)
    post(pygame.MOUSEBUTTONUP, pos=(x, y), button=1, touch=False)


def key(k: int, text: str = "") -> None:
    post(pygame.KEYDOWN, key=k, mod=0, unicode=text, scancode=0)
    post(pygame.KEYUP, key=k, mod=0, unicode=text, scancode=0)


def drain(fe: PygameFrontend) -> list[InputEvent]:
    return list(fe.wait_events(0))


def test_escape_and_a_childs_presses_never_quit_or_open_the_menu(fe: PygameFrontend) -> None:
    assert fe.carer is not None
    key(pygame.K_ESCAPE)
    for x, y in [(5, 5), (320, 200), (600, 380), (10, 300), (2, 2)]:  # corner taps too
        click(x, y)
    for _ in range(20):
        key(pygame.K_SPACE, " ")  # switch presses (scan mode)
        key(pygame.K_RETURN, "\r")
    events = drain(fe)
    assert not any(isinstance(e, (Quit, CarerChanged)) for e in events)
    assert any(isinstance(e, SwitchEvent) for e in events)  # the board still gets them
    assert fe.carer.lock.state == "locked"


def open_menu(fe: PygameFrontend) -> None:
    assert fe.carer is not None
    post(pygame.MOUSEBUTTONDOWN, pos=(4, 4), button=1, touch=False)
    drain(fe)
    deadline = time.monotonic() + 5.0
    while fe.carer.lock.state != "confirm" and time.monotonic() < deadline:
        fe.wait_events(0.05)  # wakes at the lock's own deadline
    assert fe.carer.lock.state == "confirm"
    post(pygame.MOUSEBUTTONUP, pos=(4, 4), button=1, touch=False)
    assert drain(fe) == []  # the hold's release does not reach the board
    r = fe.carer.confirm_rect()
    # the confirm button is on screen: yellow at its centre
    assert tuple(fe.screen.get_at(r.center))[:3] in ((255, 221, 0), (0, 0, 0))
    click(*r.center)
    assert drain(fe) == []
    assert fe.carer.lock.state == "open"


def test_corner_hold_confirm_opens_the_menu_which_changes_volume_theme_and_quits(
        fe: PygameFrontend) -> None:
    assert fe.carer is not None
    open_menu(fe)
    items = {i.action: i.rect for i in fe.carer.menu_items()}
    click(*items["volume-"].center)
    click(*items["theme"].center)
    events = drain(fe)
    assert CarerChanged(events[0].t, "volume", 90) == events[0]
    assert isinstance(events[1], CarerChanged) and events[1].value == "high-contrast"
    assert fe.renderer.theme == THEMES["high-contrast"]
    assert not any(isinstance(e, SwitchEvent) for e in events)
    click(*items["quit"].center)
    quits = [e for e in drain(fe) if isinstance(e, Quit)]
    assert len(quits) == 1 and quits[0].from_menu  # under the kiosk unit: stays quit


def test_key_sequence_opens_the_menu_and_escape_closes_it(fe: PygameFrontend) -> None:
    assert fe.carer is not None
    for ch in "carer":
        key(getattr(pygame, f"K_{ch}"), ch)
    drain(fe)
    assert fe.carer.lock.state == "open"
    key(pygame.K_ESCAPE)
    assert not any(isinstance(e, Quit) for e in drain(fe))
    assert fe.carer.lock.state == "locked"


def test_changes_are_saved_to_the_profile_with_a_backup(tmp_path: Path) -> None:
    p = tmp_path / "child.yaml"
    p.write_text("# Sam\ninterval_ms: 1500\n", encoding="utf-8")
    said: list[str] = []
    save = carer_saver(str(p), said.append)
    save("volume", 70)
    save("theme", "dark")
    prof = load_profile(str(p))
    assert prof.volume == 70 and prof.theme == THEMES["dark"]
    assert p.read_text(encoding="utf-8").startswith("# Sam\n")
    assert (tmp_path / "child.yaml.bak").exists() and said == []
    carer_saver(None, said.append)("volume", 50)
    assert said and "this session" in said[0]


def test_runtime_applies_volume_and_scan_speed_and_hands_them_on_to_be_saved() -> None:
    from aac.core.board import BoardSet
    from aac.core.clock import FakeClock
    from aac.core.scan_settings import ScanSettings
    from aac.core.session import Session
    from aac.loop import Runtime
    from aac.testing import FakeFrontend, FakeSpeech

    clock = FakeClock()
    speech = FakeSpeech()
    rt = Runtime(Session(BoardSet({"home": BOARD})), FakeFrontend(clock), speech, clock=clock,
                 scan=ScanSettings(interval_ms=1000))
    saved: list[tuple[str, object]] = []
    rt.on_carer_change = lambda k, v: saved.append((k, v))
    rt.handle(CarerChanged(0.0, "volume", 40))
    rt.handle(CarerChanged(0.0, "scan_speed", -1))
    rt.handle(CarerChanged(0.0, "scan_speed", 1))
    rt.handle(CarerChanged(0.0, "scan_speed", 1))
    from aac.speech.player import master_volume, set_master_volume

    assert master_volume() == 0.4
    set_master_volume(1.0)
    assert saved == [("volume", 40), ("interval_ms", 1250), ("interval_ms", 1000),
                     ("interval_ms", 800)]
    assert rt.scan is not None and rt.scan.settings.interval_ms == 800


def test_a_childs_switch_presses_are_held_while_the_menu_is_open() -> None:
    """The carer is using the device (recording a voice, say): presses start nothing, the
    scan keeps stepping, and a press begun before the menu opened still ends."""
    from aac.core.board import BoardSet
    from aac.core.clock import FakeClock
    from aac.core.scan_settings import ScanSettings
    from aac.core.session import Session
    from aac.loop import Runtime
    from aac.testing import FakeFrontend, FakeSpeech

    clock = FakeClock()
    rt = Runtime(Session(BoardSet({"home": BOARD})), FakeFrontend(clock), FakeSpeech(),
                 clock=clock, scan=ScanSettings(interval_ms=1000, debounce_ms=0))
    open_menu = [True]
    rt.hold_switches = lambda: open_menu[0]
    assert rt.scan is not None
    rt.apply_scan(rt.scan.start(0.0))
    before = rt.scan.highlight
    for t in (0.2, 0.6):
        rt.handle(SwitchEvent(1, True, t))
        rt.handle(SwitchEvent(1, False, t + 0.1))
    assert rt.session.message_text == "" and rt.scan.highlight == before
    clock.advance(1.5)
    rt.apply_scan(rt.scan.advance(clock.now()))
    assert rt.scan.highlight != before  # the scan kept its timing
    open_menu[0] = False
    lit = rt.scan.highlight
    rt.handle(SwitchEvent(1, True, 1.6))
    rt.handle(SwitchEvent(1, False, 1.7))
    assert rt.scan.highlight != lit  # presses count again: into the lit row
