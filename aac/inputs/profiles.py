"""Device profiles: ``devices/*.yaml`` say how a serial switch box talks and how to find it.

Keys (``name`` defaults to the file name)::

    name: arduino_switch_box
    description: DIY Arduino box, D1/U1 lines
    protocol: line            # line | bitmask | single-char
    baud: 9600
    switches: 8               # 1-8
    match: {vid: "2341", pid: "0043", description: "Arduino"}   # for serial:auto
    active_low: false         # bitmask only
    press_bytes: {1: "a", 2: "b"}     # single-char only: one character or 0xNN per switch
    release_bytes: {1: "A"}           # single-char, optional
    pulse_ms: 100                     # single-char without release byte: inferred hold

Errors name the file, the line and the key, and list the allowed values, because the person
editing these is a technician in front of a box, not a programmer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..errors import BadSettings
from ..paths import data_dir
from .protocols import PROTOCOLS, BitmaskParser, LineParser, Parser, SingleCharParser

DEFAULT_DIR = data_dir("devices")  # the checkout's devices/, or the wheel's copy
KEYS: tuple[str, ...] = (
    "name", "description", "protocol", "baud", "switches", "match",
    "active_low", "press_bytes", "release_bytes", "pulse_ms",
)
MATCH_KEYS: tuple[str, ...] = ("vid", "pid", "description", "serial_number")
BAUDS: tuple[int, ...] = (300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)


@dataclass(frozen=True)
class DeviceProfile:
    name: str
    protocol: str = "line"
    baud: int = 9600
    switches: int = 8
    match: Mapping[str, str] = field(default_factory=dict)
    active_low: bool = False
    press_bytes: Mapping[int, int] = field(default_factory=dict)
    release_bytes: Mapping[int, int] = field(default_factory=dict)
    pulse_ms: float = 100.0
    description: str = ""
    path: Optional[Path] = None

    def parser(self) -> Parser:
        """A fresh parser for this protocol (one per connection)."""
        if self.protocol == "bitmask":
            return BitmaskParser(self.switches, self.active_low)
        if self.protocol == "single-char":
            return SingleCharParser(
                dict(self.press_bytes), dict(self.release_bytes), self.pulse_ms
            )
        return LineParser(self.switches)


def available(profiles_dir: Path = DEFAULT_DIR) -> list[str]:
    return sorted(p.stem for p in Path(profiles_dir).glob("*.yaml"))


def load_profile(name: str, profiles_dir: Path = DEFAULT_DIR) -> DeviceProfile:
    """Load ``profiles_dir/NAME.yaml``; an unknown name lists the known ones."""
    path = Path(profiles_dir) / f"{name}.yaml"
    if not path.is_file():  # "single-char" finds single_char.yaml
        path = Path(profiles_dir) / f"{name.replace('-', '_')}.yaml"
    if not path.is_file() or "/" in name or "\\" in name:
        known = ", ".join(available(profiles_dir)) or "none"
        raise BadSettings(f"unknown device profile {name!r} (in {profiles_dir}); known: {known}")
    return read_profile(path)


def read_profile(path: Path) -> DeviceProfile:
    import yaml  # here: ``aac run`` imports this package before its first frame

    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise BadSettings(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise BadSettings(f"{path}: not valid YAML: {exc}") from None
    lines = _key_lines(node)
    return parse_profile(data, path, lines)


def _key_lines(node: Any) -> dict[str, int]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}


def parse_profile(
    data: Any, path: Path, lines: Optional[dict[str, int]] = None
) -> DeviceProfile:
    lines = lines or {}

    def bad(key: str, expected: str) -> BadSettings:
        where = f"{path}:{lines[key]}" if key in lines else str(path)
        got = data.get(key) if isinstance(data, dict) else data
        return BadSettings(f"{where}: key {key!r}: expected {expected}, got {got!r}")

    if not isinstance(data, dict):
        raise BadSettings(f"{path}: expected a mapping of profile keys ({', '.join(KEYS)})")
    for key in data:
        if key not in KEYS:
            raise bad(str(key), f"no such key; known keys: {', '.join(KEYS)}")
    protocol = data.get("protocol", "line")
    if protocol not in PROTOCOLS:
        raise bad("protocol", f"one of {', '.join(PROTOCOLS)}")
    baud = data.get("baud", 9600)
    if not isinstance(baud, int) or isinstance(baud, bool) or baud <= 0:
        raise bad("baud", f"a positive whole number such as {', '.join(map(str, BAUDS))}")
    switches = data.get("switches", 8)
    if not isinstance(switches, int) or isinstance(switches, bool) or not 1 <= switches <= 8:
        raise bad("switches", "a whole number from 1 to 8")
    match = data.get("match", {}) or {}
    if not isinstance(match, dict) or any(k not in MATCH_KEYS for k in match):
        raise bad("match", f"a mapping with keys among {', '.join(MATCH_KEYS)}")
    match = {str(k): str(v) for k, v in match.items()}
    for key in ("vid", "pid"):
        if key in match and not _hex4(match[key]):
            raise bad("match", f"{key} as 4 hex digits in quotes, like \"2341\"")
    active_low = data.get("active_low", False)
    if not isinstance(active_low, bool):
        raise bad("active_low", "true or false")
    pulse = data.get("pulse_ms", 100)
    if not isinstance(pulse, (int, float)) or isinstance(pulse, bool) or pulse <= 0:
        raise bad("pulse_ms", "a positive number of milliseconds")
    press = _byte_map(data.get("press_bytes", {}), switches, lambda e: bad("press_bytes", e))
    release = _byte_map(
        data.get("release_bytes", {}), switches, lambda e: bad("release_bytes", e)
    )
    if protocol == "single-char" and not press:
        raise bad("press_bytes", "a mapping of switch number to character, e.g. {1: \"a\"}")
    if set(press.values()) & set(release.values()):
        raise bad("release_bytes", "bytes different from press_bytes")
    name = data.get("name", path.stem)
    return DeviceProfile(
        name=str(name), protocol=protocol, baud=baud, switches=switches, match=match,
        active_low=active_low, press_bytes=press, release_bytes=release,
        pulse_ms=float(pulse), description=str(data.get("description", "")), path=path,
    )


def _hex4(value: str) -> bool:
    v = value.lower().removeprefix("0x")
    return 1 <= len(v) <= 4 and all(c in "0123456789abcdef" for c in v)


def _byte_map(raw: Any, switches: int, bad: Any) -> dict[int, int]:
    expected = f"a mapping of switch number (1-{switches}) to one character or 0xNN"
    if not isinstance(raw, dict):
        raise bad(expected)
    out: dict[int, int] = {}
    for key, value in raw.items():
        try:
            switch = int(key)
        except (TypeError, ValueError):
            raise bad(expected) from None
        if not 1 <= switch <= switches:
            raise bad(expected)
        out[switch] = _one_byte(value, bad, expected)
    return out


def _one_byte(value: Any, bad: Any, expected: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 255:
        return value
    if isinstance(value, str):
        if len(value) == 1 and ord(value) < 256:
            return ord(value)
        if value.lower().startswith("0x") and len(value) in (3, 4):
            try:
                return int(value, 16)
            except ValueError:
                pass
    raise bad(expected)
