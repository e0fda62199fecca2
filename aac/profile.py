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

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Optional

import yaml

from .boards.problems import Problem
from .boards.yamlnodes import position, read_yaml, scalar12, to_data12
from .core.carer_lock import LockSettings
from .core.scan_settings import ScanSettings
from .core.settings_ranges import implausible
from .core.suggest import did_you_mean
from .core.touch import TouchSettings
from .errors import BadSettings
from .profile_touch import read_bool, read_touch
from .ui.theme import Theme

#: Keys a profile has beyond the scan settings.
PROFILE_KEYS: tuple[str, ...] = ("inputs", "voice", "theme", "touch", "clear_after_speak",
                                 "language", "logging", "volume", "boards", "carer")
MAX_PROFILE_BYTES = 64 * 1024
_BOOL_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_BOOL_KEYS = {"escape", "wait_for_prompt"}

_Report = Callable[[yaml.Node, str], None]


@dataclass(frozen=True)
class Profile:
    scan: ScanSettings
    inputs: tuple[str, ...] = ()
    voice: Optional[str] = None
    source: Optional[str] = None
    theme: Optional[Theme] = None  # the screen's look, e.g. the scan highlight's colour/width
    #: Values that load but look like slips (``interval_ms: 50``), positioned; printed by
    #: ``aac run`` and ``aac lint --settings``.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    touch: TouchSettings = TouchSettings()  # aac.core.touch: hold, repeat-ignore, edges
    clear_after_speak: bool = False  # speaking the message bar also clears it
    keys: frozenset[str] = field(default=frozenset(), compare=False)  # the keys the file set
    language: Optional[str] = None  # BCP 47: which boards/<tag> set and voice (aac.language)
    #: ``logging: on``: record a usage log for the therapist (opt-in, docs/therapy.md)
    logging: bool = False
    volume: Optional[int] = None  # percent of full, speech and clips (None: 100)
    #: ``boards: PATH``: the child's own board set (a folder, relative to the profile file)
    boards: Optional[str] = None
    #: ``carer:``: how the carer lock opens (corner, hold, confirm, keys); None: the default
    carer: Optional[LockSettings] = None


def load_profile(path: str) -> Profile:
    """Read and check a profile; raise ``BadSettings`` listing every error, one
    ``file:line:col: error: ...`` line each, so a therapist fixes them in one go."""
    data, why = _read(path)
    if data is None:  # about the whole file: no position
        raise BadSettings(f"{path}: error: {why}")
    profile, problems = _parse(path, data)
    errors = [p for p in problems if p.severity == "error"]
    if profile is None or errors:
        raise BadSettings("\n".join(map(str, errors)) or f"{path}: error: not valid")
    return profile


def check_profile(path: str) -> tuple[Optional[Profile], list[Problem]]:
    """Every error and warning of a profile file, never raising; the profile when no error."""
    data, why = _read(path)
    if data is None:
        return None, [Problem(path, 1, 1, "error", why)]
    return _parse(path, data)


def _read(path: str) -> tuple[Optional[bytes], str]:
    """The file's bytes, or None and why it cannot be used at all."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        return None, f"cannot read settings: {exc.strerror}"
    if len(data) > MAX_PROFILE_BYTES:
        return None, (f"too big for a settings file (more than {MAX_PROFILE_BYTES} bytes; a "
                      "profile is a few lines)")
    return data, ""


def _parse(path: str, data: bytes) -> tuple[Optional[Profile], list[Problem]]:
    if all(not line.strip() or line.lstrip().startswith(b"#") for line in data.splitlines()):
        return Profile(ScanSettings(), source=path), []  # empty or only comments: defaults
    node, problems = read_yaml(data, path)
    if node is None:
        return None, problems or [Problem(path, 1, 1, "error", "not valid YAML")]
    return _Reader(path).read(node)


class _Reader:
    """Reads one profile, collecting every problem instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, *position(node), "error", message))

    def warning(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, *position(node), "warning", message))

    def read(self, node: yaml.Node) -> tuple[Optional[Profile], list[Problem]]:
        path = self.path
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "settings must be a mapping of key: value, e.g. `interval_ms: 1500`")
            return None, self.problems
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if _text(key_node) == "scan" and isinstance(value_node, yaml.MappingNode):
                pairs.extend(value_node.value)  # the scan table may be grouped under `scan:`
            else:
                pairs.append((key_node, value_node))
        scan_keys = [f.name for f in fields(ScanSettings)]
        known = scan_keys + list(PROFILE_KEYS)
        seen: set[str] = set()
        values: dict[str, Any] = {}
        value_nodes: dict[str, yaml.Node] = {}
        inputs: tuple[str, ...] = ()
        voice: Optional[str] = None
        theme: Optional[Theme] = None
        touch: Optional[TouchSettings] = None
        clear_after_speak = False
        language: Optional[str] = None
        boards: Optional[str] = None
        logging = False
        volume: Optional[int] = None
        carer: Optional[LockSettings] = None
        for key_node, value_node in pairs:
            key = _text(key_node)
            if key in seen:
                self.error(key_node, f"duplicate key {key!r}: each setting once")
                continue
            seen.add(key)
            if key not in known:
                self.error(key_node, f"unknown key {key!r}{did_you_mean(key, known)}; known "
                                     f"keys: {', '.join(known)}")
            elif key == "inputs":
                inputs = _inputs(value_node, self.error)
            elif key == "voice":
                if not isinstance(value_node, yaml.ScalarNode) or not str(value_node.value):
                    self.error(value_node, "voice must be a voice profile name, e.g. girl")
                else:
                    voice = str(value_node.value)
            elif key == "boards":
                boards = _boards(value_node, path, self.error)
            elif key == "language":
                language = _language(value_node, self.error)
            elif key == "theme":
                theme = _theme(value_node, self.error)
            elif key == "touch":
                touch = read_touch(value_node, self.error)
            elif key == "clear_after_speak":
                clear_after_speak = read_bool(value_node, key, self.error)
            elif key == "logging":
                logging = read_bool(value_node, key, self.error)
            elif key == "volume":
                volume = _volume(value_node, self.error)
            elif key == "carer":
                from .profile_carer import read_carer

                carer = read_carer(value_node, self.error, self.warning)
            else:
                value = _value(key, value_node)
                try:  # one key at a time, so the message can point at it
                    ScanSettings.from_mapping({key: value}, source="")
                except BadSettings as exc:
                    self.error(value_node, str(exc).removeprefix(": "))
                    continue
                values[key] = value
                value_nodes[key] = value_node
        for key, message in implausible(values):
            self.warning(value_nodes[key], message)
        self.problems.sort(key=lambda p: (p.line, p.col))
        if any(p.severity == "error" for p in self.problems):
            return None, self.problems
        scan = ScanSettings.from_mapping(values, source=path)
        warnings = tuple(p for p in self.problems if p.severity == "warning")
        return Profile(scan, inputs, voice, path, theme, warnings, touch or TouchSettings(),
                       clear_after_speak, frozenset(seen), language, logging,
                       volume, boards, carer), self.problems


def _boards(node: yaml.Node, path: str, error: _Report) -> Optional[str]:
    """The child's board set: a folder or board file, relative to the profile file."""
    text = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if not text:
        error(node, "boards must be a board folder, e.g. boards: ../boards/anna")
        return None
    where = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)),
                                          os.path.expanduser(text)))
    if not os.path.exists(where):
        error(node, f"boards: no such board folder or file: {where}")
        return None
    return where


def _volume(node: yaml.Node, error: _Report) -> Optional[int]:
    """``volume:`` 0-100 (percent of full), for speech and clips alike."""
    text = _text(node)
    if not isinstance(node, yaml.ScalarNode) or not text.isdigit() or int(text) > 100:
        error(node, f"volume must be a whole number from 0 to 100 (percent), got {text!r}")
        return None
    return int(text)


def _language(node: yaml.Node, error: _Report) -> Optional[str]:
    """A BCP 47 tag such as ``sr`` or ``sr-Latn``; which sets exist is checked at start."""
    from .language import normalize

    text = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", text):
        error(node, "language must be a language tag such as en, sr, sr-Latn, ru, mn")
        return None
    return normalize(text)


def _theme(node: yaml.Node, error: _Report) -> Optional[Theme]:
    """A theme name (``high-contrast``), a mapping of overrides, or both (``{name: dark,
    highlight_width: 12}``)."""
    from .ui.themes import THEMES, theme_named

    if isinstance(node, yaml.ScalarNode):
        node = yaml.MappingNode("tag:yaml.org,2002:map", [(
            yaml.ScalarNode("tag:yaml.org,2002:str", "name", node.start_mark, node.end_mark),
            node)], node.start_mark, node.end_mark)
    if not isinstance(node, yaml.MappingNode):
        error(node, "theme must be a name (" + ", ".join(THEMES) + ") or a mapping, e.g. "
                    "{name: dark, highlight_frame: \"#00FFFF\"}")
        return None
    name = "default"
    good: dict[str, Any] = {}
    for key_node, value_node in node.value:  # one key at a time, to point at each bad one
        key, value = _text(key_node), to_data12(value_node)
        try:
            if key == "name":
                theme_named(str(value), source="theme")
                name = str(value)
                continue
            Theme.from_mapping({key: value}, source="theme")
        except (ValueError, TypeError) as exc:
            error(value_node if key == "name" else key_node, str(exc))
            continue
        good[key] = value
    return theme_named(name, good, source="theme")


def _inputs(node: yaml.Node, error: _Report) -> tuple[str, ...]:
    from .inputs.spec import parse_input_spec

    items = [node] if isinstance(node, yaml.ScalarNode) else (
        list(node.value) if isinstance(node, yaml.SequenceNode) else None)
    if not items or not all(isinstance(i, yaml.ScalarNode) and i.value for i in items):
        error(node, "inputs must be a list of input specs, e.g. [keyboard, 'gpio:17']")
        return ()
    good: list[str] = []
    for item in items:
        try:
            parse_input_spec(str(item.value))
        except BadSettings as exc:
            error(item, str(exc))
            continue
        good.append(str(item.value))
    return tuple(good)


def _value(key: str, node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return [] if isinstance(node, yaml.SequenceNode) else {}
    if key in _BOOL_KEYS and not node.style and str(node.value).lower() in _BOOL_WORDS:
        return _BOOL_WORDS[str(node.value).lower()]
    return scalar12(node)


def _text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else repr(node)
