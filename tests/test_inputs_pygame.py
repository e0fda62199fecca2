"""Joystick and mouse buttons as switches for switch-test, through pygame's real event queue."""

from __future__ import annotations

import pygame
import pytest

from aac.core.events import Status, SwitchEvent
from aac.inputs import frontend_config, parse_inputs
from aac.inputs.pygame_switches import PygameSwitches


@pytest.fixture
def reader() -> object:
    got: list[object] = []
    cfg = frontend_config(parse_inputs(["joystick:0?1=3&2=4", "mouse?mode=switch"]))
    r = PygameSwitches(cfg, got.append)
    r.start()
    r.got = got  # type: ignore[attr-defined]
    yield r
    r.close()


def test_joystick_buttons_map_to_switches(reader: PygameSwitches) -> None:
    for kind, button in [(pygame.JOYBUTTONDOWN, 3), (pygame.JOYBUTTONDOWN, 4),
                         (pygame.JOYBUTTONUP, 3), (pygame.JOYBUTTONDOWN, 9)]:
        pygame.event.post(pygame.event.Event(kind, joy=0, instance_id=0, button=button))
    reader.poll(0.05)
    got = [e for e in reader.got if isinstance(e, SwitchEvent)]  # type: ignore[attr-defined]
    assert [(e.switch, e.down, e.source) for e in got] == [
        (1, True, "joystick:0"), (2, True, "joystick:0"), (1, False, "joystick:0")
    ]  # button 9 is no switch


def test_mouse_buttons_in_switch_mode_and_unplugged_joystick(reader: PygameSwitches) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=3, pos=(1, 1)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=3, pos=(1, 1)))
    pygame.event.post(pygame.event.Event(pygame.JOYDEVICEREMOVED, instance_id=0))
    reader.poll(0.05)
    got = reader.got  # type: ignore[attr-defined]
    assert [(e.switch, e.down, e.source) for e in got if isinstance(e, SwitchEvent)] == [
        (2, True, "mouse"), (2, False, "mouse")
    ]
    # (a machine without joysticks first says joystick:0 is missing, at start)
    assert [e.text for e in got if isinstance(e, Status)][-1] == "switch disconnected: joystick:0"
