"""Switches on Raspberry Pi header pins, through gpiozero's MockFactory pins."""

from __future__ import annotations

import time

import pytest
from gpiozero.pins.mock import MockFactory

from aac.core.events import SwitchEvent
from aac.errors import DeviceError
from aac.inputs import open_inputs


@pytest.fixture
def factory() -> MockFactory:
    f = MockFactory()
    yield f
    f.reset()


def test_two_pins_are_switches_1_and_2(factory: MockFactory) -> None:
    got: list[object] = []
    with open_inputs(["gpio:17,27"], got.append, pin_factory=factory) as hub:
        assert len(hub.drivers) == 1
        before = time.monotonic()
        factory.pin(27).drive_low()  # pull-up: pressed = pin to ground
        factory.pin(17).drive_low()
        factory.pin(27).drive_high()
        factory.pin(17).drive_high()
        after = time.monotonic()
    assert [(e.switch, e.down, e.source) for e in got] == [  # type: ignore[attr-defined]
        (2, True, "gpio:27"), (1, True, "gpio:17"), (2, False, "gpio:27"), (1, False, "gpio:17")
    ]
    times = [e.t for e in got]  # type: ignore[attr-defined]
    assert all(isinstance(e, SwitchEvent) for e in got)
    assert before <= times[0] <= times[1] <= times[2] <= times[3] <= after


def test_active_high_wiring(factory: MockFactory) -> None:
    got: list[SwitchEvent] = []
    with open_inputs(["gpio:22?pull_up=false"], got.append, pin_factory=factory):
        factory.pin(22).drive_high()
        factory.pin(22).drive_low()
    assert [(e.switch, e.down) for e in got] == [(1, True), (1, False)]


def test_every_bounce_edge_reaches_the_core_filter(factory: MockFactory) -> None:
    got: list[SwitchEvent] = []
    with open_inputs(["gpio:5"], got.append, pin_factory=factory):
        for _ in range(3):
            factory.pin(5).drive_low()
            factory.pin(5).drive_high()
    assert [e.down for e in got] == [True, False] * 3  # gpiozero's bounce_time is off


def test_closed_hub_releases_the_pins(factory: MockFactory) -> None:
    got: list[SwitchEvent] = []
    hub = open_inputs(["gpio:6"], got.append, pin_factory=factory)
    hub.close()
    factory.pin(6).drive_low()
    factory.pin(6).drive_high()
    assert got == []
    with open_inputs(["gpio:6"], got.append, pin_factory=factory):  # the pin is free again
        factory.pin(6).drive_low()
    assert [e.down for e in got] == [True]


def test_a_pin_in_use_is_a_clear_device_error(factory: MockFactory) -> None:
    got: list[object] = []
    with open_inputs(["gpio:17"], got.append, pin_factory=factory), pytest.raises(
        DeviceError, match=r"gpio:17: cannot use GPIO pin\(s\) 17"
    ):
        open_inputs(["gpio:17"], got.append, pin_factory=factory)
