"""The carer menu's language-and-boards and voice pages, end to end on a headless pygame
screen through synthetic SDL events: the runtime shows the chosen set, speaks with a voice for
it, and the profile on disk changed with a ``.bak``; a broken set keeps the shown boards with
a notice and changes nothing; long lists page cleanly at 480x320; the configured corner (and
only it) opens the lock."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pygame
import pytest

from aac.boards.loader import load_board_set
from aac.carer_menu_setup import attach_carer_menu
from aac.core.carer_lock import LockSettings
from aac.core.session import Session
from aac.i18n import _, set_language
from aac.loop import Runtime
from aac.loop.carer_apply import CarerApplier, WatcherSlot
from aac.profile import load_profile
from aac.run_config import RunConfig
from aac.speech.switch import SpeechSwitch
from aac.testing import FakeSpeech
from aac.ui.carer import MIN_ROW
from aac.ui.pygame_frontend import PygameFrontend

BOARDS = Path(__file__).resolve().parent.parent / "boards"
PROFILE = "# Sam's device\nvolume: 80  # loud classroom\nvoice: girl\n"


class FakeWatcher:
    def __init__(self, path: object = None) -> None:
        self.path = path
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True


@dataclass
class Device:
    fe: PygameFrontend
    rt: Runtime
    speech: SpeechSwitch
    menu: CarerApplier
    watcher: WatcherSlot
    root: Path
    profile: Path
    made: list[tuple[Optional[str], Optional[str]]] = field(default_factory=list)
    status: list[str] = field(default_factory=list)

    def pump(self, until: Callable[[], bool], timeout: float = 10.0) -> None:
        """Step the loop (events in, frames out) until ``until()`` or the timeout."""
        end = time.monotonic() + timeout
        while not until() and time.monotonic() < end:
            self.rt.step(0.02)
        assert until()

    def item(self, action: str) -> Any:
        gate = self.fe.carer
        assert gate is not None
        for _page in range(10):
            found = {i.action: i for i in gate.menu_items()}
            if action in found:
                return found[action]
            assert "next" in found, f"{action} not on any page"
            self.tap("next")
        raise AssertionError(action)

    def tap(self, action: str) -> None:
        x, y = self.item(action).rect.center
        post(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=False)
        post(pygame.MOUSEBUTTONUP, pos=(x, y), button=1, touch=False)
        self.rt.step(0)


def post(kind: int, **attrs: object) -> None:
    pygame.event.post(pygame.event.Event(kind, **attrs))


def type_keys(text: str) -> None:
    for ch in text:
        k = getattr(pygame, f"K_{ch}")
        post(pygame.KEYDOWN, key=k, mod=0, unicode=ch, scancode=0)
        post(pygame.KEYUP, key=k, mod=0, unicode=ch, scancode=0)


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Device]:
    root = tmp_path / "boards"
    shutil.copytree(BOARDS, root)
    profile = tmp_path / "sam.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    set_language("en")
    fe = PygameFrontend((480, 320), fullscreen=False, carer_lock=True)
    result = load_board_set(root / "en")
    assert result.boards is not None
    speech = SpeechSwitch(FakeSpeech())
    rt = Runtime(Session(result.boards), fe, speech)
    config = RunConfig(boards=root / "en", sets_root=root, profile_path=str(profile),
                       voice="girl")
    made: list[tuple[Optional[str], Optional[str]]] = []
    status: list[str] = []

    def make_speech(voice: Optional[str], lang: Optional[str]) -> FakeSpeech:
        made.append((voice, lang))
        return FakeSpeech()

    watcher = WatcherSlot(FakeWatcher())
    saved: list[tuple[str, object]] = []
    menu = attach_carer_menu(config, rt, fe, speech, make_speech, watcher, lambda r: None,
                             lambda k, v: saved.append((k, v)), status.append)
    assert menu is not None
    rt.redraw()
    pygame.event.clear()
    d = Device(fe, rt, speech, menu, watcher, root, profile, made, status)
    type_keys("carer")
    rt.step(0)
    assert fe.carer is not None and fe.carer.lock.state == "open"
    assert rt.hold_switches is not None and rt.hold_switches()  # the child's presses wait
    yield d
    watcher.stop()
    menu.close()
    fe.close()
    set_language(None)


def test_choosing_serbian_shows_it_speaks_serbian_and_saves_the_profile(device: Device
                                                                         ) -> None:
    d = device
    d.tap("set")
    d.tap("set:sr")
    d.pump(lambda: d.rt.session.boards.language == "sr")
    home = d.rt.view().board
    assert home.id == "home" and home.cell(0, 0) is not None and home.cell(0, 0).label == "ја"
    assert d.menu.idle()
    assert d.made == [(None, "sr")]  # "girl" is an English voice: Serbian's own voice now
    assert isinstance(d.speech.inner, FakeSpeech) and d.speech.inner is not None
    prof = load_profile(str(d.profile))
    assert prof.language == "sr" and prof.voice is None and prof.volume == 80
    text = d.profile.read_text(encoding="utf-8")
    assert text.startswith("# Sam's device\nvolume: 80  # loud classroom\n")
    assert (d.profile.parent / "sam.yaml.bak").read_text(encoding="utf-8") == PROFILE
    # the watcher follows the new folder; the carer's texts are Serbian now
    assert Path(d.watcher.current.path) == d.root / "sr"
    assert d.fe.carer is not None
    quit_item = {i.action: i for i in d.fe.carer.menu_items()}["quit"]
    assert quit_item.text == "Изађи" == _("Quit")
    assert "Српски (sr)" in d.rt.status


def test_a_broken_set_keeps_the_shown_boards_with_a_notice(device: Device) -> None:
    d = device
    (d.root / "sr" / "home.yaml").write_text("rows: [[{label: ja}\n", encoding="utf-8")
    d.tap("set")
    d.tap("set:sr")
    d.pump(lambda: "could not load" in d.rt.status)
    assert d.rt.session.boards.language == "en"
    assert d.rt.view().board.cell(0, 0).label == "I"  # type: ignore[union-attr]
    assert d.menu.idle()
    assert d.made == []
    assert d.profile.read_text(encoding="utf-8") == PROFILE
    assert not (d.profile.parent / "sam.yaml.bak").exists()
    assert isinstance(d.watcher.current, FakeWatcher)


def test_choosing_a_voice_uses_it_at_once_and_saves_it(device: Device) -> None:
    d = device
    before = d.speech.inner
    d.tap("voice")
    gate = d.fe.carer
    assert gate is not None
    names = {i.action for i in gate.menu_items()}
    assert {"voice:default", "voice:boy", "voice:girl"} <= names
    current = [i.action for i in gate.menu_items() if i.current]
    assert current == ["voice:girl"]
    d.tap("voice:boy")
    assert d.menu.idle()
    assert d.made == [("boy", "en")]
    assert d.speech.inner is not before and before.closed
    assert load_profile(str(d.profile)).voice == "boy"
    assert (d.profile.parent / "sam.yaml.bak").exists()
    assert {i.action: i for i in gate.menu_items()}["voice"].text == "Voice: boy"


def test_the_set_list_pages_cleanly_at_480x320(device: Device) -> None:
    d = device
    gate = d.fe.carer
    assert gate is not None
    d.tap("set")
    seen: list[str] = []
    screen = pygame.Rect(0, 0, 480, 320)
    for _page in range(gate.pages()):
        items = gate.menu_items()
        rects = [pygame.Rect(i.rect.as_tuple()) for i in items]
        assert all(screen.contains(r) and r.h >= MIN_ROW - 8 for r in rects)
        assert not any(a.colliderect(b) for n, a in enumerate(rects) for b in rects[n + 1:])
        seen += [i.action[4:] for i in items if i.action.startswith("set:")]
        if "next" in {i.action for i in items}:
            d.tap("next")
    assert gate.pages() > 1
    assert sorted(seen) == ["az", "be", "en", "mn", "ru", "sq", "sr", "sr-Latn", "uk"]
    # drawn: the panel and its buttons are on the screen
    d.rt.redraw()
    assert d.fe.screen.get_at(items[0].rect.center)[:3] in ((255, 255, 255), (255, 236, 140),
                                                           (0, 0, 0))


@pytest.mark.parametrize("where,corner,other", [
    ("bottom-right", (476, 316), (4, 4)),
    ("top-right", (476, 4), (4, 316)),
])
def test_only_the_configured_corner_opens_the_lock(where: str, corner: tuple[int, int],
                                                   other: tuple[int, int]) -> None:
    fe = PygameFrontend((480, 320), fullscreen=False, carer_lock=True)
    try:
        assert fe.carer is not None
        fe.carer.use_settings(LockSettings(where=where, hold_s=0.2))  # type: ignore[arg-type]
        for pos, opens in ((other, False), (corner, True)):
            post(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False)
            end = time.monotonic() + 0.6
            while time.monotonic() < end and fe.carer.lock.state != "confirm":
                fe.wait_events(0.05)
            assert (fe.carer.lock.state == "confirm") == opens, (where, pos)
            post(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False)
            fe.wait_events(0)
    finally:
        fe.close()


def press(k: int, ch: str = "") -> None:
    post(pygame.KEYDOWN, key=k, mod=0, unicode=ch, scancode=0)
    post(pygame.KEYUP, key=k, mod=0, unicode=ch, scancode=0)


def test_a_keyboard_only_set_up_works_the_whole_menu(device: Device) -> None:
    """Opened with the key sequence (the fixture), worked with arrows and Enter: to the set
    list, over to its next page, Serbian chosen; Esc goes back and then closes."""
    d = device
    gate = d.fe.carer
    assert gate is not None

    def focus_on(action: str) -> None:
        for _step in range(30):
            press(pygame.K_DOWN)
            d.rt.step(0)
            buttons = gate._buttons()
            if gate.focus is not None and buttons[gate.focus][0] == action:
                return
        raise AssertionError(f"focus never reached {action}")

    focus_on("set")
    press(pygame.K_RETURN, "\r")
    d.rt.step(0)
    assert gate.page == "sets"
    while "set:sr" not in {a for a, _r in gate._buttons()}:
        focus_on("next")
        press(pygame.K_RETURN, "\r")
        d.rt.step(0)
    focus_on("set:sr")
    d.rt.redraw()
    rect = dict(gate._buttons())["set:sr"]
    assert tuple(d.fe.screen.get_at((rect.x, rect.center[1])))[:3] == (0, 90, 255)  # shown
    press(pygame.K_RETURN, "\r")
    d.pump(lambda: d.rt.session.boards.language == "sr")
    press(pygame.K_ESCAPE)
    d.rt.step(0)
    assert not gate.showing
