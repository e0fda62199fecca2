"""Input specs: the names that pick drivers, and what the front end gets from them."""

from __future__ import annotations

import pytest

from aac.errors import AACError, BadSettings
from aac.inputs import frontend_config, parse_input_spec
from aac.inputs.spec import gpio_pins, serial_baud


def test_serial_path_with_profile_and_baud() -> None:
    spec = parse_input_spec("serial:/dev/ttyUSB0?profile=line&baud=9600")
    assert (spec.kind, spec.target) == ("serial", "/dev/ttyUSB0")
    assert spec.options == {"profile": "line", "baud": "9600"}
    assert serial_baud(spec) == 9600
    assert spec.name == "serial:/dev/ttyUSB0"
    assert spec.threaded


def test_serial_url_style_and_loop_url() -> None:
    assert parse_input_spec("serial:///dev/ttyACM0").target == "/dev/ttyACM0"
    spec = parse_input_spec("serial:loop://?profile=bitmask")
    assert spec.target == "loop://" and spec.options["profile"] == "bitmask"


def test_serial_auto_by_usb_id() -> None:
    spec = parse_input_spec("serial:auto?vid=2341&pid=0043")
    assert spec.target == "auto"
    assert spec.options == {"vid": "2341", "pid": "0043"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("serial:", "serial needs a port"),
        ("serial", "serial needs a port"),
        ("serial:auto", "serial:auto needs vid/pid"),
        ("serial:/dev/ttyS0?speed=9600", "unknown option 'speed'; known options: profile, baud"),
        ("serial:/dev/ttyS0?baud=fast", "expected a whole number"),
        ("serial:auto?vid=xyz", "expected 4 hex digits"),
        ("gpio:", "gpio needs BCM pin numbers"),
        ("gpio:17,x", "gpio needs BCM pin numbers"),
        ("gpio:17,17", "different pins"),
        ("joystick:one", "joystick index must be a number"),
        ("joystick:0?1=a", "expected a button number"),
        ("keyboard?9=space", "expected a switch number 1-8"),
        ("keyboard:x", "takes no ':' target"),
        ("mouse?mode=drag", "expected 'pointer' or 'switch'"),
        ("usb:0", "unknown kind 'usb'; expected one of: keyboard, mouse, touch"),
        ("", "input spec is empty"),
    ],
)
def test_bad_specs_say_what_was_expected(text: str, expected: str) -> None:
    with pytest.raises(BadSettings) as info:
        parse_input_spec(text)
    assert expected in str(info.value)
    assert isinstance(info.value, AACError) and isinstance(info.value, ValueError)


def test_gpio_pins_in_order_are_switches_1_and_2() -> None:
    spec = parse_input_spec("gpio:17,27?pull_up=false")
    assert gpio_pins(spec) == [17, 27]
    assert spec.name == "gpio:17,27"


def test_frontend_config_defaults() -> None:
    cfg = frontend_config([parse_input_spec("keyboard"), parse_input_spec("touch")])
    assert cfg.keymap["space"] == 1 and cfg.keymap["return"] == 1 and cfg.keymap["tab"] == 2
    assert cfg.pointer
    assert cfg.joysticks == () and dict(cfg.mouse_buttons) == {}


def test_frontend_config_custom_keys_mouse_switch_and_joysticks() -> None:
    cfg = frontend_config(
        [
            parse_input_spec("keyboard?1=f1,a&2=f2"),
            parse_input_spec("mouse?mode=switch"),
            parse_input_spec("joystick:1?1=3&2=4"),
            parse_input_spec("joystick"),
        ]
    )
    assert dict(cfg.keymap) == {"f1": 1, "a": 1, "f2": 2}
    assert not cfg.pointer
    assert dict(cfg.mouse_buttons) == {1: 1, 3: 2}
    assert cfg.joystick_switch(1, 3) == 1
    assert cfg.joystick_switch(1, 4) == 2
    assert cfg.joystick_switch(0, 0) == 1  # the second spec: any joystick, button b = b+1
    assert cfg.joystick_switch(0, 3) == 4
    assert cfg.joystick_switch(0, 9) is None


def test_key_codes_are_pygame_codes_and_unknown_names_are_reported() -> None:
    import pygame

    cfg = frontend_config([parse_input_spec("keyboard?1=space&2=tab")])
    assert cfg.key_codes() == {pygame.K_SPACE: 1, pygame.K_TAB: 2}
    bad = frontend_config([parse_input_spec("keyboard?1=spacebar")])
    with pytest.raises(BadSettings, match="unknown key 'spacebar'"):
        bad.key_codes()


def test_run_helpers_defaults_scanning_and_errors() -> None:
    from aac.inputs import needs_scanning, parse_inputs, start_for_runtime

    assert [s.kind for s in parse_inputs(None)] == ["keyboard", "touch"]
    assert not needs_scanning(parse_inputs(["keyboard", "touch", "mouse"]))
    assert needs_scanning(parse_inputs(["gpio:17"]))
    assert needs_scanning(parse_inputs(["mouse?mode=switch"]))
    with pytest.raises(BadSettings):
        parse_inputs(["serial:"])
    problems: list[str] = []
    hub = start_for_runtime(parse_inputs(["serial:loop://?profile=nosuch"]), print,
                            problems.append)
    assert hub is None and "unknown device profile 'nosuch'" in problems[0]
