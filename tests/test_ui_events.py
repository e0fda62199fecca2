"""The pygame front end headless: raw pygame events become the core's input events."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pygame
import pytest

from aac.core.board import Board, Cell
from aac.core.events import PointerCancel, PointerPress, PointerSelect, Quit, SwitchEvent
from aac.core.touch import TouchIgnored
from aac.core.view import Highlight, View
from aac.ui.pygame_frontend import PygameFrontend
from aac.ui.theme import DEFAULT_THEME

BOARD = Board(
    "home",
    rows=((Cell("I", color="#FF0000"), Cell("want", color="#00A000"), None),
          (Cell("you", color="#0000FF"), Cell("go"), Cell("stop"))),
)


@pytest.fixture
def touch() -> Iterator[PygameFrontend]:
    fe = PygameFrontend((640, 400), fullscreen=False)
    fe.render(View(BOARD))
    pygame.event.clear()
    yield fe
    fe.close()


@pytest.fixture
def scan() -> Iterator[PygameFrontend]:
    fe = PygameFrontend((640, 400), fullscreen=False, scan=True)
    fe.render(View(BOARD))
    pygame.event.clear()
    yield fe
    fe.close()


def centre(fe: PygameFrontend, pos: tuple[int, int]) -> tuple[int, int]:
    assert fe.renderer.layout is not None
    return fe.renderer.layout.cells[pos].center


def post(kind: int, **attrs: object) -> None:
    pygame.event.post(pygame.event.Event(kind, **attrs))


def test_mouse_press_and_release_on_a_cell_selects_it(touch: PygameFrontend) -> None:
    before = time.monotonic()
    post(pygame.MOUSEBUTTONDOWN, pos=centre(touch, (0, 1)), button=1, touch=False)
    post(pygame.MOUSEBUTTONUP, pos=centre(touch, (0, 1)), button=1, touch=False)
    events = list(touch.wait_events(0))
    assert [type(e) for e in events] == [PointerPress, PointerSelect]
    assert [(e.row, e.col) for e in events] == [(0, 1), (0, 1)]  # type: ignore[union-attr]
    assert all(before <= e.t <= time.monotonic() for e in events)


def test_drag_off_cancels_and_removes_the_press_feedback(touch: PygameFrontend) -> None:
    post(pygame.MOUSEBUTTONDOWN, pos=centre(touch, (0, 0)), button=1, touch=False)
    assert [type(e) for e in touch.wait_events(0)] == [PointerPress]
    touch.render(View(BOARD, pressed=(0, 0)))
    x, y = touch.renderer.layout.cells[(0, 0)].x + 12, touch.renderer.layout.cells[(0, 0)].y + 12  # type: ignore[union-attr]
    assert touch.screen.get_at((x, y))[:3] != (255, 0, 0)  # darker while held
    post(pygame.MOUSEBUTTONUP, pos=centre(touch, (1, 2)), button=1, touch=False)
    # the loop un-presses; the usage log hears why (aac.core.touch, issue 16.4)
    assert [type(e) for e in touch.wait_events(0)] == [PointerCancel, TouchIgnored]
    # a gap press selects nothing
    gap = (touch.renderer.layout.cells[(0, 0)].right + 2, centre(touch, (0, 0))[1])  # type: ignore[union-attr]
    post(pygame.MOUSEBUTTONDOWN, pos=gap, button=1, touch=False)
    post(pygame.MOUSEBUTTONUP, pos=gap, button=1, touch=False)
    events = list(touch.wait_events(0))
    assert not [e for e in events if isinstance(e, (PointerPress, PointerSelect))]
    assert [e.reason for e in events if isinstance(e, TouchIgnored)] == ["off_cell"]


def test_finger_events_use_normalised_positions_and_mouse_copies_are_ignored(
    touch: PygameFrontend,
) -> None:
    x, y = centre(touch, (1, 0))
    nx, ny = x / 640, y / 400
    post(pygame.FINGERDOWN, x=nx, y=ny, touch_id=1, finger_id=0, pressure=1.0, dx=0, dy=0)
    post(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=True)  # SDL's synthetic copy
    post(pygame.FINGERUP, x=nx, y=ny, touch_id=1, finger_id=0, pressure=0.0, dx=0, dy=0)
    post(pygame.MOUSEBUTTONUP, pos=(x, y), button=1, touch=True)
    events = list(touch.wait_events(0))
    assert [(type(e), e.row, e.col) for e in events] == [  # type: ignore[union-attr]
        (PointerPress, 1, 0), (PointerSelect, 1, 0)]


def test_scan_keys_are_switches_and_repeats_are_dropped(scan: PygameFrontend) -> None:
    post(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=44)
    post(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=44)  # repeat
    post(pygame.KEYUP, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=44)
    post(pygame.KEYDOWN, key=pygame.K_TAB, mod=0, unicode="\t", scancode=43)
    post(pygame.KEYUP, key=pygame.K_TAB, mod=0, unicode="\t", scancode=43)
    post(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=40)
    post(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a", scancode=4)  # not a switch
    events = list(scan.wait_events(0))
    assert [(e.switch, e.down, e.source) for e in events] == [  # type: ignore[union-attr]
        (1, True, "keyboard"), (1, False, "keyboard"), (2, True, "keyboard"),
        (2, False, "keyboard"), (1, True, "keyboard")]


def test_scan_keymap_is_configurable() -> None:
    fe = PygameFrontend((320, 240), fullscreen=False, scan=True, keymap={pygame.K_F1: 2})
    try:
        pygame.event.clear()
        post(pygame.KEYDOWN, key=pygame.K_F1, mod=0, unicode="", scancode=58)
        post(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=44)
        assert [(e.switch, e.down) for e in fe.wait_events(0)] == [(2, True)]  # type: ignore[union-attr]
    finally:
        fe.close()


def test_joystick_buttons_are_switches(scan: PygameFrontend) -> None:
    post(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=0)
    post(pygame.JOYBUTTONUP, joy=0, instance_id=0, button=0)
    post(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=1)
    events = list(scan.wait_events(0))
    assert events == [
        SwitchEvent(1, True, events[0].t, "joystick:0"),
        SwitchEvent(1, False, events[1].t, "joystick:0"),
        SwitchEvent(2, True, events[2].t, "joystick:0"),
    ]


def test_joystick_buttons_follow_the_input_spec_mapping(scan: PygameFrontend) -> None:
    from aac.inputs import frontend_config, parse_inputs

    config = frontend_config(parse_inputs(["joystick:0?1=3&2=4"]))
    scan.joystick_switch = config.joystick_switch
    post(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=3)  # button 3 is switch 1
    post(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=0)  # not mapped: ignored
    post(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=4)
    assert [(e.switch, e.down) for e in scan.wait_events(0)] == [  # type: ignore[union-attr]
        (1, True), (2, True)]


def test_mouse_buttons_are_switches_in_mouse_switch_mode(scan: PygameFrontend) -> None:
    scan.mouse_switches = {1: 1, 3: 2}
    post(pygame.MOUSEBUTTONDOWN, button=3, pos=(5, 5), touch=False)
    post(pygame.MOUSEBUTTONUP, button=3, pos=(5, 5), touch=False)
    events = list(scan.wait_events(0))
    assert [(type(e), e.switch, e.down) for e in events] == [  # type: ignore[union-attr]
        (SwitchEvent, 2, True), (SwitchEvent, 2, False)]


def test_touch_mode_keyboard_moves_a_focus_and_enter_selects(touch: PygameFrontend) -> None:
    for key in (pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_DOWN):
        post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
    assert list(touch.wait_events(0)) == []
    assert touch.focus == (1, 1)
    rect = touch.renderer.layout.cells[(1, 1)]  # type: ignore[union-attr]
    assert touch.screen.get_at((rect.x - 2, rect.center[1]))[:3] == DEFAULT_THEME.focus
    post(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=40)
    post(pygame.KEYUP, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=40)
    events = list(touch.wait_events(0))
    assert [(type(e), e.row, e.col) for e in events] == [  # type: ignore[union-attr]
        (PointerPress, 1, 1), (PointerSelect, 1, 1)]


@pytest.mark.parametrize("attrs", [
    {"key": pygame.K_ESCAPE, "mod": 0},
    {"key": pygame.K_q, "mod": pygame.KMOD_LCTRL},
])
def test_escape_and_ctrl_q_quit(touch: PygameFrontend, attrs: dict[str, int]) -> None:
    post(pygame.KEYDOWN, unicode="", scancode=0, **attrs)
    assert [type(e) for e in touch.wait_events(0)] == [Quit]


def test_window_close_quits(touch: PygameFrontend) -> None:
    post(pygame.QUIT)
    assert [type(e) for e in touch.wait_events(0)] == [Quit]


def test_wake_from_another_thread_ends_a_long_wait_promptly(touch: PygameFrontend) -> None:
    started = threading.Event()

    def waker() -> None:
        started.wait(5)
        touch.wake()

    thread = threading.Thread(target=waker)
    thread.start()
    t0 = time.monotonic()
    started.set()
    events = touch.wait_events(5)
    elapsed = time.monotonic() - t0
    thread.join(5)
    assert list(events) == []
    assert elapsed < 1.0


def test_wait_returns_after_its_timeout_when_nothing_happens(touch: PygameFrontend) -> None:
    t0 = time.monotonic()
    assert list(touch.wait_events(0.05)) == []
    assert 0.04 <= time.monotonic() - t0 < 2.0


def test_render_returns_the_time_after_the_flip(touch: PygameFrontend) -> None:
    t0 = time.monotonic()
    flipped = touch.render(View(BOARD, message="I want"))
    assert t0 <= flipped <= time.monotonic()


def test_save_writes_the_screen_as_png(touch: PygameFrontend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shot.png"
    touch.save(str(out))
    img = pygame.image.load(str(out))
    assert img.get_size() == (640, 400)
    rect = touch.renderer.layout.cells[(0, 0)]  # type: ignore[union-attr]
    assert img.get_at((rect.x + 12, rect.y + 12))[:3] == (255, 0, 0)


def test_scan_keys_drive_the_runtime_and_the_highlight_is_drawn() -> None:
    """Tab moves, Space selects (step scanning): the frame follows and the word is chosen."""
    from aac.core.board import BoardSet
    from aac.core.scan_settings import ScanSettings
    from aac.core.session import Session
    from aac.loop import Runtime
    from aac.testing import FakeSpeech

    frames: list[View] = []
    fe = PygameFrontend((640, 400), fullscreen=False, scan=True)
    settings = ScanSettings(mode="step", debounce_ms=0, bounce_ms=0)
    rt = Runtime(Session(BoardSet({"home": BOARD})), fe, FakeSpeech(), scan=settings,
                 on_frame=lambda view, _t: frames.append(view))
    try:
        pygame.event.clear()
        rt.apply_scan(rt.scan.start(time.monotonic()))  # type: ignore[union-attr]
        rt.redraw()
        assert frames[-1].highlight is not None
        assert frames[-1].highlight.cells == frozenset({(0, 0), (0, 1)})
        for key in (pygame.K_TAB, pygame.K_SPACE, pygame.K_SPACE):
            post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
            rt.step(0)
            post(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0)
            rt.step(0)
            if key == pygame.K_TAB:
                assert frames[-1].highlight is not None
                assert frames[-1].highlight.cells == frozenset({(1, 0), (1, 1), (1, 2)})
                rect = fe.renderer.layout.cells[(1, 1)]  # type: ignore[union-attr]
                assert fe.screen.get_at((rect.center[0], rect.y + 2))[:3] == \
                    DEFAULT_THEME.highlight_frame
        assert rt.session.message_text == "you"
    finally:
        rt.close()


def test_prepare_draws_without_flipping_and_present_flips_once(
    touch: PygameFrontend, monkeypatch: pytest.MonkeyPatch
) -> None:
    flips: list[float] = []  # a whole flip, or an update of the areas that changed
    real_flip, real_update = pygame.display.flip, pygame.display.update
    monkeypatch.setattr(pygame.display, "flip", lambda: (flips.append(0.0), real_flip())[1])
    monkeypatch.setattr(pygame.display, "update",
                        lambda rects: (flips.append(0.0), real_update(rects))[1])
    rect = touch.renderer.layout.cells[(0, 0)]  # type: ignore[union-attr]
    band = (rect.x + 2, rect.center[1])  # on the highlight frame's left edge
    before = touch.screen.get_at(band)
    lit = View(BOARD, highlight=Highlight(frozenset({(0, 0)}), 1))
    touch.prepare(lit)
    assert flips == []  # drawn ahead, not shown
    assert touch.screen.get_at(band) != before  # the framed cell is drawn
    t0 = time.monotonic()
    shown = touch.present()
    assert shown is not None and t0 <= shown <= time.monotonic()
    assert len(flips) == 1
    assert touch.present() is None  # nothing prepared any more


def test_a_render_after_prepare_invalidates_the_prepared_frame(touch: PygameFrontend) -> None:
    touch.prepare(View(BOARD, highlight=Highlight(frozenset({(0, 0)}), 1)))
    touch.render(View(BOARD, message="I"))
    assert touch.present() is None
