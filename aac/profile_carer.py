"""The profile's ``carer:`` section: how the carer lock opens on this child's device.

::

    carer:
      corner: top-right     # top-left (default), top-right, bottom-left, bottom-right
      hold_s: 4             # how long the corner is held (default 3)
      confirm_s: 5          # how long the confirm button waits (default 5)
      keys: carer           # the key sequence for keyboard-only set-ups (letters, digits)
      key_window_s: 3       # how long typing it may take (default 3)

Every bad key or value is an error at its line and column; values that load but look like
slips (a 1 s hold a child makes by chance, a two-letter sequence) are warnings
(``aac.core.settings_ranges.implausible_carer``), as for the scan keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Optional

import yaml

from .boards.yamlnodes import scalar12
from .core.carer_lock import CORNERS, LockSettings
from .core.settings_ranges import implausible_carer
from .core.suggest import did_you_mean

CARER_KEYS: tuple[str, ...] = ("corner", "hold_s", "confirm_s", "keys", "key_window_s")
_Report = Callable[[yaml.Node, str], None]


def read_carer(node: yaml.Node, error: _Report, warning: _Report) -> Optional[LockSettings]:
    """``carer: {corner: top-right, hold_s: 4, ...}`` as :class:`LockSettings`."""
    if not isinstance(node, yaml.MappingNode):
        error(node, "carer must be a mapping, e.g. {corner: top-right, hold_s: 3}")
        return None
    settings = LockSettings()
    values: dict[str, Any] = {}
    nodes: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
        if key not in CARER_KEYS:
            error(key_node, f"unknown carer key {key!r}{did_you_mean(key, list(CARER_KEYS))}; "
                            f"known keys: {', '.join(CARER_KEYS)}")
            continue
        if key in nodes:
            error(key_node, f"duplicate carer key {key!r}")
            continue
        text = str(value_node.value) if isinstance(value_node, yaml.ScalarNode) else ""
        if key == "corner":
            if text not in CORNERS:
                error(value_node, f"carer: corner must be one of {', '.join(CORNERS)}, got "
                                  f"{text!r}{did_you_mean(text, list(CORNERS))}")
                continue
            settings = replace(settings, where=CORNERS[CORNERS.index(text)])
        elif key == "keys":
            if not re.fullmatch(r"[a-z0-9]{1,16}", text):
                error(value_node, "carer: keys must be letters a-z or digits typed in order, "
                                  f"e.g. carer (1 to 16 of them), got {text!r}")
                continue
            settings = replace(settings, keys=tuple(text))
            values[key] = text
        else:
            value = scalar12(value_node) if isinstance(value_node, yaml.ScalarNode) else None
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                error(value_node, f"carer: {key} must be a number of seconds above 0, got "
                                  f"{text!r}")
                continue
            seconds = float(value)
            if key == "hold_s":
                settings = replace(settings, hold_s=seconds)
            elif key == "confirm_s":
                settings = replace(settings, confirm_s=seconds)
            else:
                settings = replace(settings, key_window_s=seconds)
            values[key] = seconds
        nodes[key] = value_node
    for key, message in implausible_carer(values):
        warning(nodes[key], message)
    return settings
