"""The settings file's ``touch:`` section and ``clear_after_speak`` (read by ``aac.profile``).

Kept apart from the scan keys so the touch rules (``aac.core.touch``) have one reader, and
every bad key or value is reported with its line and column like the rest of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

import yaml

from .boards.yamlnodes import scalar12
from .core.suggest import did_you_mean
from .core.touch import TouchSettings
from .errors import BadSettings

#: Profile keys that concern touch only: a file with nothing else does not turn on scanning.
TOUCH_ONLY_KEYS = frozenset({"touch", "clear_after_speak", "voice", "theme", "language", "boards",
                             "volume", "carer"})
TOUCH_KEYS = frozenset({"touch", "clear_after_speak"})
_BOOL_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}

_Report = Callable[[yaml.Node, str], None]


def read_touch(node: yaml.Node, error: _Report) -> Optional[TouchSettings]:
    """``touch: {hold_ms: 400, select_on: press, ...}``; each bad key reported where it is."""
    if not isinstance(node, yaml.MappingNode):
        error(node, "touch must be a mapping, e.g. {repeat_ignore_ms: 500, hold_ms: 400}")
        return None
    known = TouchSettings.key_names()
    good: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
        if key not in known:
            error(key_node, f"unknown touch key {key!r}{did_you_mean(key, list(known))}; "
                            f"known keys: {', '.join(known)}")
            continue
        value = scalar12(value_node) if isinstance(value_node, yaml.ScalarNode) else None
        try:
            TouchSettings.from_mapping({key: value})
        except (BadSettings, TypeError) as exc:
            error(value_node, f"touch: {exc}")
            continue
        good[key] = value
    return TouchSettings.from_mapping(good)


def read_bool(node: yaml.Node, key: str, error: _Report) -> bool:
    word = str(node.value).lower() if isinstance(node, yaml.ScalarNode) else ""
    if word not in _BOOL_WORDS:
        error(node, f"{key} must be true or false")
        return False
    return _BOOL_WORDS[word]
