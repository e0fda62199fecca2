"""Input specs: the URL-like names that pick a switch driver (``aac run --input SPEC``).

Grammar: ``KIND[:TARGET][?key=value&key=value]``

==========================================  ===============================================
``keyboard``                                 Space/Enter = switch 1, Tab = switch 2
``keyboard?1=space,f1&2=tab``                which keys (pygame key names) are which switch
``mouse`` / ``touch``                        pointer selection (touch a cell)
``mouse?mode=switch``                        left button = switch 1, right button = switch 2
``joystick`` / ``joystick:N``                any / the N-th joystick; button b = switch b+1
``joystick:0?1=3&2=4``                       switch 1 = button 3, switch 2 = button 4
``serial:PORT?profile=NAME&baud=N``          a serial switch box (``PORT`` = path, ``loop://``,
                                             or ``auto`` to find it by ``vid``/``pid``/
                                             ``description``); ``serial:///dev/ttyUSB0`` also
``gpio:PIN[,PIN...]``                        Raspberry Pi header pins (BCM); the n-th pin is
                                             switch n; ``?pull_up=false`` for active-high
==========================================  ===============================================

Parsing is pure (no port is touched) so a typo is reported before anything starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import parse_qsl

from ..errors import BadSettings

KINDS: tuple[str, ...] = ("keyboard", "mouse", "touch", "joystick", "serial", "gpio")
SERIAL_KEYS: tuple[str, ...] = ("profile", "baud", "vid", "pid", "description", "serial_number")
GPIO_KEYS: tuple[str, ...] = ("pull_up",)
MAX_SWITCH = 8


@dataclass(frozen=True)
class InputSpec:
    """One parsed ``--input`` value. ``options`` keeps the query keys as written."""

    kind: str
    target: str = ""
    options: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    text: str = ""

    @property
    def name(self) -> str:
        """What events' ``source`` says: the spec without its options (``serial:/dev/ttyACM0``)."""
        return f"{self.kind}:{self.target}" if self.target else self.kind

    @property
    def threaded(self) -> bool:
        """Serial and GPIO drivers read on their own thread; the others configure the UI."""
        return self.kind in ("serial", "gpio")


def parse_input_spec(text: str) -> InputSpec:
    """Parse ``text`` or raise ``BadSettings`` saying what was expected."""
    raw = text.strip()
    if not raw:
        raise BadSettings(f"input spec is empty; expected one of: {', '.join(KINDS)}")
    head, _, query = raw.partition("?")
    kind, colon, target = head.partition(":")
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise BadSettings(
            f"input {raw!r}: unknown kind {kind!r}; expected one of: {', '.join(KINDS)}"
        )
    options = _parse_query(raw, query)
    if kind == "serial":
        return _serial(raw, target, colon, options)
    if kind == "gpio":
        return _gpio(raw, target, options)
    if kind == "joystick":
        return _joystick(raw, target, options)
    if target:
        raise BadSettings(f"input {raw!r}: {kind!r} takes no ':' target")
    if kind == "keyboard":
        _switch_keys(raw, options)
    elif kind == "mouse":
        _only(raw, options, ("mode",))
        mode = options.get("mode", "pointer")
        if mode not in ("pointer", "switch"):
            raise BadSettings(f"input {raw!r}: mode={mode!r}; expected 'pointer' or 'switch'")
    else:
        _only(raw, options, ())
    return InputSpec(kind, "", options, raw)


def _parse_query(raw: str, query: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key in options:
            raise BadSettings(f"input {raw!r}: option {key!r} given twice")
        options[key] = value
    if query and not options:
        raise BadSettings(f"input {raw!r}: expected key=value options after '?'")
    return options


def _only(raw: str, options: dict[str, str], allowed: tuple[str, ...]) -> None:
    for key in options:
        if key not in allowed:
            known = ", ".join(allowed) if allowed else "none"
            raise BadSettings(f"input {raw!r}: unknown option {key!r}; known options: {known}")


def _serial(raw: str, target: str, colon: str, options: dict[str, str]) -> InputSpec:
    if target.startswith("///"):  # serial:///dev/ttyUSB0 (URL style)
        target = target[2:]
    if not colon or not target:
        raise BadSettings(
            f"input {raw!r}: serial needs a port, e.g. serial:/dev/ttyUSB0?profile=line "
            "or serial:auto?vid=2341&pid=0043"
        )
    _only(raw, options, SERIAL_KEYS)
    if "baud" in options and not options["baud"].isdigit():
        raise BadSettings(f"input {raw!r}: baud={options['baud']!r}; expected a whole number")
    for key in ("vid", "pid"):
        if key in options and not _is_hex4(options[key]):
            raise BadSettings(
                f"input {raw!r}: {key}={options[key]!r}; expected 4 hex digits like 2341"
            )
    if target == "auto" and not any(k in options for k in ("vid", "pid", "description",
                                                           "serial_number", "profile")):
        raise BadSettings(
            f"input {raw!r}: serial:auto needs vid/pid, description or a profile with 'match'"
        )
    return InputSpec("serial", target, options, raw)


def _is_hex4(value: str) -> bool:
    v = value.lower().removeprefix("0x")
    return 1 <= len(v) <= 4 and all(c in "0123456789abcdef" for c in v)


def _gpio(raw: str, target: str, options: dict[str, str]) -> InputSpec:
    pins = [p.strip() for p in target.split(",")] if target else []
    if not pins or not all(p.isdigit() for p in pins):
        raise BadSettings(
            f"input {raw!r}: gpio needs BCM pin numbers, e.g. gpio:17 or gpio:17,27"
        )
    if len(pins) > MAX_SWITCH or len(set(pins)) != len(pins):
        raise BadSettings(f"input {raw!r}: expected 1 to {MAX_SWITCH} different pins")
    _only(raw, options, GPIO_KEYS)
    if options.get("pull_up", "true").lower() not in ("true", "false", "1", "0"):
        raise BadSettings(f"input {raw!r}: pull_up={options['pull_up']!r}; expected true/false")
    return InputSpec("gpio", ",".join(pins), options, raw)


def _joystick(raw: str, target: str, options: dict[str, str]) -> InputSpec:
    if target and not target.isdigit():
        raise BadSettings(f"input {raw!r}: joystick index must be a number, e.g. joystick:0")
    _switch_keys(raw, options)
    for key, value in options.items():
        if not value.isdigit():
            raise BadSettings(f"input {raw!r}: {key}={value!r}; expected a button number")
    return InputSpec("joystick", target, options, raw)


def _switch_keys(raw: str, options: dict[str, str]) -> None:
    for key, value in options.items():
        if not (key.isdigit() and 1 <= int(key) <= MAX_SWITCH):
            raise BadSettings(
                f"input {raw!r}: option {key!r}; expected a switch number 1-{MAX_SWITCH}"
            )
        if not value:
            raise BadSettings(f"input {raw!r}: switch {key} has no key/button")


def gpio_pins(spec: InputSpec) -> list[int]:
    return [int(p) for p in spec.target.split(",")]


def serial_baud(spec: InputSpec) -> Optional[int]:
    value = spec.options.get("baud")
    return int(value) if value else None
