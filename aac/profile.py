"""A user's profile: one YAML file per child with their scan settings, switches and voice.

Therapists keep one file per child, e.g. ``anna.yaml``::

    interval_ms: 1500      # SCANNING.md's keys
    prompt: off
    inputs: ["serial:auto?profile=arduino_uno"]
    voice: girl
    theme: {highlight_frame: "#00FFFF", highlight_width: 12}   # aac.ui.theme.Theme keys

``aac run --settings anna.yaml`` uses all of it; ``aac simulate --settings anna.yaml`` uses
the scan keys and ignores the rest, so the same file can be tried on a recorded timeline.

Read like the boards (``aac.boards.yamlnodes``): YAML 1.2 scalars, so ``prompt: off`` is the
word "off", not False as a YAML 1.1 loader would make it; every error names file:line:col.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Optional

import yaml

from .boards.yamlnodes import position, read_yaml, scalar12, to_data12
from .core.scan_settings import ScanSettings
from .core.suggest import did_you_mean
from .errors import BadSettings
from .ui.theme import Theme

#: Keys a profile has beyond the scan settings.
PROFILE_KEYS: tuple[str, ...] = ("inputs", "voice", "theme")
MAX_PROFILE_BYTES = 64 * 1024
_BOOL_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_BOOL_KEYS = {"escape", "wait_for_prompt"}


@dataclass(frozen=True)
class Profile:
    scan: ScanSettings
    inputs: tuple[str, ...] = ()
    voice: Optional[str] = None
    source: Optional[str] = None
    theme: Optional[Theme] = None  # the screen's look, e.g. the scan highlight's colour/width


def load_profile(path: str) -> Profile:
    """Read and check a profile; raise ``BadSettings("file:line:col: error: ...")``."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise BadSettings(f"{path}: error: cannot read settings: {exc.strerror}") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise BadSettings(f"{path}: error: too big for a settings file ({len(data)} bytes; "
                          "a profile is a few lines)")
    if all(not line.strip() or line.lstrip().startswith(b"#") for line in data.splitlines()):
        return Profile(ScanSettings(), source=path)  # empty or only comments: the defaults
    node, problems = read_yaml(data, path)
    if node is None:
        raise BadSettings(str(problems[0]) if problems else f"{path}: error: not valid YAML")
    return _profile(node, path)


def _profile(node: yaml.Node, path: str) -> Profile:
    def fail(at: yaml.Node, message: str) -> BadSettings:
        line, col = position(at)
        return BadSettings(f"{path}:{line}:{col}: error: {message}")

    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "settings must be a mapping of key: value, e.g. `interval_ms: 1500`")
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if _text(key_node) == "scan" and isinstance(value_node, yaml.MappingNode):
            pairs.extend(value_node.value)  # the scan table may be grouped under `scan:`
        else:
            pairs.append((key_node, value_node))
    scan_keys = [f.name for f in fields(ScanSettings)]
    known = scan_keys + list(PROFILE_KEYS)
    values: dict[str, Any] = {}
    inputs: tuple[str, ...] = ()
    voice: Optional[str] = None
    theme: Optional[Theme] = None
    for key_node, value_node in pairs:
        key = _text(key_node)
        if key in values or (key == "inputs" and inputs) or (key == "voice" and voice) or (
                key == "theme" and theme):
            raise fail(key_node, f"duplicate key {key!r}: each setting once")
        if key not in known:
            hint = did_you_mean(key, known)
            raise fail(key_node, f"unknown key {key!r}{hint}; known keys: {', '.join(known)}")
        if key == "inputs":
            inputs = _inputs(value_node, fail)
        elif key == "voice":
            if not isinstance(value_node, yaml.ScalarNode) or not str(value_node.value):
                raise fail(value_node, "voice must be a voice profile name, e.g. girl")
            voice = str(value_node.value)
        elif key == "theme":
            theme = _theme(value_node, fail)
        else:
            value = _value(key, value_node)
            try:  # one key at a time, so the message can point at it
                ScanSettings.from_mapping({key: value}, source="")
            except BadSettings as exc:
                raise fail(value_node, str(exc).removeprefix(": ")) from None
            values[key] = value
    return Profile(ScanSettings.from_mapping(values, source=path), inputs, voice, path, theme)


def _theme(node: yaml.Node, fail: Any) -> Theme:
    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "theme must be a mapping, e.g. {highlight_frame: \"#00FFFF\"}")
    for key_node, value_node in node.value:  # one key at a time, to point at the bad one
        try:
            Theme.from_mapping({_text(key_node): to_data12(value_node)}, source="theme")
        except (ValueError, TypeError) as exc:
            raise fail(key_node, str(exc)) from None
    return Theme.from_mapping(to_data12(node), source="theme")


def _inputs(node: yaml.Node, fail: Any) -> tuple[str, ...]:
    from .inputs.spec import parse_input_spec

    items = [node] if isinstance(node, yaml.ScalarNode) else (
        list(node.value) if isinstance(node, yaml.SequenceNode) else None)
    if not items or not all(isinstance(i, yaml.ScalarNode) and i.value for i in items):
        raise fail(node, "inputs must be a list of input specs, e.g. [keyboard, 'gpio:17']")
    for item in items:
        try:
            parse_input_spec(str(item.value))
        except BadSettings as exc:
            raise fail(item, str(exc)) from None
    return tuple(str(i.value) for i in items)


def _value(key: str, node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return [] if isinstance(node, yaml.SequenceNode) else {}
    if key in _BOOL_KEYS and not node.style and str(node.value).lower() in _BOOL_WORDS:
        return _BOOL_WORDS[str(node.value).lower()]
    return scalar12(node)


def _text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else repr(node)
