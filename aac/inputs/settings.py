"""``inputs:`` in a settings file: a user's profile says which switches they use.

The scan settings YAML (SCANNING.md's keys) may also list input specs, so one file per
child sets up both their switches and their timing::

    inputs: ["serial:auto?profile=arduino_uno", keyboard]
    mode: auto
    interval_ms: 1500

``split_inputs`` takes that key out (validated) and leaves the rest for ``ScanSettings``.
"""

from __future__ import annotations

from typing import Any

from ..errors import BadSettings
from .spec import parse_input_spec


def split_inputs(data: Any, source: str) -> tuple[Any, list[str]]:
    """(the settings without ``inputs``, the input specs listed); raises BadSettings."""
    if not isinstance(data, dict) or "inputs" not in data:
        return data, []
    rest = dict(data)
    raw = rest.pop("inputs")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(s, str) for s in raw):
        raise BadSettings(f"{source}: key 'inputs': expected a list of input specs, "
                          f"e.g. [keyboard, 'gpio:17'], got {raw!r}")
    for spec in raw:
        try:
            parse_input_spec(spec)
        except BadSettings as exc:
            raise BadSettings(f"{source}: key 'inputs': {exc}") from None
    return rest, raw
