"""Device profiles in devices/*.yaml: the shipped ones load; mistakes are named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac.errors import BadSettings
from aac.inputs.profiles import DEFAULT_DIR, available, load_profile, read_profile
from aac.inputs.protocols import BitmaskParser, Edge, LineParser, SingleCharParser


def test_shipped_profiles_load_with_their_parsers(repo: Path) -> None:
    assert repo / "devices" == DEFAULT_DIR
    names = available()
    assert {"line", "bitmask", "single_char", "arduino_uno"} <= set(names)
    for name in names:
        assert load_profile(name).name == name
    assert isinstance(load_profile("line").parser(), LineParser)
    assert isinstance(load_profile("bitmask").parser(), BitmaskParser)
    single = load_profile("single-char")  # the protocol's spelling finds single_char.yaml
    assert isinstance(single.parser(), SingleCharParser)
    assert single.parser().feed(b"1") == [Edge(1, True), Edge(1, False, single.pulse_ms / 1000)]
    assert dict(load_profile("arduino_uno").match) == {"vid": "2341", "pid": "0043"}


def test_firmware_sketch_speaks_the_line_protocol(repo: Path) -> None:
    sketch = (repo / "devices" / "arduino_switch_box" / "arduino_switch_box.ino").read_text()
    assert "Serial.print(now ? 'D' : 'U')" in sketch and "INPUT_PULLUP" in sketch


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(BadSettings) as info:
        load_profile("nosuchbox")
    message = str(info.value)
    assert "nosuchbox" in message and "bitmask" in message and "line" in message


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "box.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("protocol: morse\n", "box.yaml:1: key 'protocol': expected one of line, bitmask, "
                              "single-char, got 'morse'"),
        ("baud: 9600\nbaud_rate: 1\n", "box.yaml:2: key 'baud_rate': expected no such key"),
        ("switches: 9\n", "key 'switches': expected a whole number from 1 to 8"),
        ("baud: fast\n", "key 'baud': expected a positive whole number"),
        ("match: {vid: 2341x}\n", "key 'match': expected vid as 4 hex digits"),
        ("match: {usb: 1}\n", "key 'match': expected a mapping with keys among vid, pid"),
        ("protocol: single-char\n", "key 'press_bytes': expected a mapping of switch number"),
        ("protocol: single-char\nswitches: 2\npress_bytes: {3: a}\n",
         "box.yaml:3: key 'press_bytes': expected a mapping of switch number (1-2)"),
        ("protocol: single-char\npress_bytes: {1: ab}\n", "one character or 0xNN, got"),
        ("protocol: single-char\npress_bytes: {1: a}\nrelease_bytes: {1: a}\n",
         "key 'release_bytes': expected bytes different from press_bytes"),
        ("pulse_ms: 0\n", "key 'pulse_ms': expected a positive number"),
        ("- line\n", "expected a mapping of profile keys"),
        ("protocol: [\n", "not valid YAML"),
    ],
)
def test_bad_profiles_name_file_line_key_and_allowed_values(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(BadSettings) as info:
        read_profile(write(tmp_path, text))
    assert expected in str(info.value)
    assert str(tmp_path / "box.yaml") in str(info.value)


def test_press_bytes_accept_hex_and_numbers(tmp_path: Path) -> None:
    prof = read_profile(write(
        tmp_path, "protocol: single-char\npress_bytes: {1: '0x20', 2: 13}\n"
        "release_bytes: {1: 0x21}\n"))
    assert dict(prof.press_bytes) == {1: 0x20, 2: 13}
    assert dict(prof.release_bytes) == {1: 0x21}
    assert prof.name == "box"
