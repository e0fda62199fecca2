"""From ``--input`` specs to running drivers and the front end's key/button map.

Two kinds of driver: ``serial`` and ``gpio`` read on their own threads and ``post`` events;
``keyboard``, ``mouse``/``touch`` and ``joystick`` are read by the pygame front end on the
main thread (SDL must be pumped there), so for those we only build a ``FrontendConfig``.
Every spec is parsed and every profile loaded before any thread starts, so a typo fails
fast with a clear message and nothing is left half-open.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from ..errors import AACError, BadSettings
from .profiles import DEFAULT_DIR, load_profile
from .protocols import ParseStats
from .spec import InputSpec, parse_input_spec

if TYPE_CHECKING:  # the drivers (pyserial, the pin libraries) only when a spec needs one:
    from .gpio_driver import GpioDriver  # ``aac run`` imports this before its first frame
    from .serial_driver import Lister, Opener, SerialDriver

Post = Callable[[object], None]
Driver = Union["SerialDriver", "GpioDriver"]

DEFAULT_INPUTS: tuple[str, ...] = ("keyboard", "touch")
DEFAULT_KEYMAP: Mapping[str, int] = {"space": 1, "return": 1, "enter": 1, "tab": 2}
DEFAULT_SERIAL_PROFILE = "line"
MOUSE_SWITCH_BUTTONS: Mapping[int, int] = {1: 1, 3: 2}  # pygame: 1 = left, 3 = right


@dataclass(frozen=True)
class JoystickConfig:
    """``index`` None = any joystick; ``buttons`` maps a button number to a switch."""

    index: Optional[int]
    buttons: Mapping[int, int]


@dataclass(frozen=True)
class FrontendConfig:
    """What the pygame front end turns into SwitchEvents / pointer events."""

    keymap: Mapping[str, int] = field(default_factory=dict)  # pygame key name -> switch
    pointer: bool = False  # mouse/touch choose cells directly
    mouse_buttons: Mapping[int, int] = field(default_factory=dict)  # button -> switch
    joysticks: tuple[JoystickConfig, ...] = ()

    def key_codes(self) -> dict[int, int]:
        """The keymap as pygame key codes (pygame imported only here, on the UI side)."""
        import pygame

        codes: dict[int, int] = {}
        for name, switch in self.keymap.items():
            try:
                with warnings.catch_warnings():  # names map to fixed codes, init or not
                    warnings.simplefilter("ignore")
                    codes[pygame.key.key_code(name)] = switch
            except ValueError:
                raise BadSettings(
                    f"input keyboard: unknown key {name!r} for switch {switch}; use pygame "
                    "key names such as space, return, tab, f1, a"
                ) from None
        return codes

    def joystick_switch(self, index: int, button: int) -> Optional[int]:
        """Which switch joystick ``index``'s ``button`` is, if any."""
        for joy in self.joysticks:
            if joy.index is None or joy.index == index:
                switch = joy.buttons.get(button)
                if switch is not None:
                    return switch
        return None


def frontend_config(specs: Iterable[InputSpec]) -> FrontendConfig:
    keymap: dict[str, int] = {}
    pointer = False
    mouse: dict[int, int] = {}
    joysticks: list[JoystickConfig] = []
    for spec in specs:
        if spec.kind == "keyboard":
            if spec.options:
                for switch, keys in spec.options.items():
                    for key in keys.split(","):
                        keymap[key.strip().lower()] = int(switch)
            else:
                keymap.update(DEFAULT_KEYMAP)
        elif spec.kind == "touch" or (
            spec.kind == "mouse" and spec.options.get("mode", "pointer") == "pointer"
        ):
            pointer = True
        elif spec.kind == "mouse":
            mouse.update(MOUSE_SWITCH_BUTTONS)
        elif spec.kind == "joystick":
            buttons = (
                {int(b): int(s) for s, b in spec.options.items()}
                if spec.options
                else {b: b + 1 for b in range(8)}
            )
            index = int(spec.target) if spec.target else None
            joysticks.append(JoystickConfig(index, buttons))
    return FrontendConfig(keymap, pointer, mouse, tuple(joysticks))


class InputHub:
    """The running inputs of one communicator; ``close()`` stops every driver thread."""

    def __init__(
        self, specs: Sequence[InputSpec], drivers: Sequence[Driver], config: FrontendConfig
    ) -> None:
        self.specs = tuple(specs)
        self.drivers = list(drivers)
        self.frontend_config = config

    def stats(self) -> dict[str, ParseStats]:
        """Garbage dropped so far, per serial source."""
        return {d.source: d.stats for d in self.drivers if hasattr(d, "stats")}  # serial ones

    def close(self, timeout: float = 1.0) -> None:
        for driver in self.drivers:
            driver.close(timeout)

    def __enter__(self) -> InputHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_inputs(
    specs: Iterable[Union[str, InputSpec]],
    post: Post,
    *,
    profiles_dir: Path = DEFAULT_DIR,
    pin_factory: Any = None,
    lister: Optional[Lister] = None,
    opener: Optional[Opener] = None,
    backoff: tuple[float, float] = (0.25, 4.0),
    diagnostics: bool = False,
) -> InputHub:
    """Parse ``specs``, start the thread drivers, and return the hub (see ``aac.inputs``)."""
    parsed = [s if isinstance(s, InputSpec) else parse_input_spec(s) for s in specs]
    drivers: list[Driver] = []
    for spec in parsed:
        if spec.kind == "serial":
            from .serial_driver import SerialDriver, match_criteria

            profile = load_profile(
                spec.options.get("profile", DEFAULT_SERIAL_PROFILE), profiles_dir
            )
            if spec.target == "auto" and not match_criteria(spec, profile):
                raise BadSettings(
                    f"input {spec.text!r}: serial:auto cannot find a box without its USB id: "
                    f"profile {profile.name!r} has no 'match'; add vid=...&pid=... or "
                    "description=... (aac switch-test --ports shows them)"
                )
            drivers.append(SerialDriver(
                spec, profile, post, lister=lister, opener=opener, backoff=backoff,
                diagnostics=diagnostics,
            ))
        elif spec.kind == "gpio":
            from .gpio_driver import GpioDriver

            drivers.append(GpioDriver(spec, post, pin_factory=pin_factory,
                                      diagnostics=diagnostics))
    started: list[Driver] = []
    try:
        for driver in drivers:
            driver.start()
            started.append(driver)
    except AACError:
        for driver in started:
            driver.close()
        raise
    return InputHub(parsed, drivers, frontend_config(parsed))


def parse_inputs(values: Optional[Iterable[str]]) -> list[InputSpec]:
    """``--input`` values (or ``DEFAULT_INPUTS`` when none); raises ``BadSettings``."""
    return [parse_input_spec(v) for v in (values or DEFAULT_INPUTS)]


def needs_scanning(specs: Iterable[InputSpec]) -> bool:
    """A switch box, GPIO switch, joystick or mouse-as-switch is only useful when scanning."""
    return any(
        s.kind in ("serial", "gpio", "joystick")
        or (s.kind == "mouse" and s.options.get("mode") == "switch")
        for s in specs
    )


def start_for_runtime(
    specs: Sequence[InputSpec], post: Post, on_error: Callable[[str], None], **kwargs: Any
) -> Optional[InputHub]:
    """``open_inputs`` for ``aac run``: an unusable switch is reported, never fatal, so the
    communicator still runs by touch and keyboard (the carer sees why in the status line)."""
    try:
        return open_inputs(specs, post, **kwargs)
    except AACError as exc:
        on_error(str(exc))
        return None

