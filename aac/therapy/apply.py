"""Write suggested values into a profile file, keeping a backup and the file's comments.

Only the value text of each key changes (a key the file lacks is appended), so the
therapist's notes stay. The result is checked like any profile; if it would not load, the
original is put back and the reason raised.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from pathlib import Path

import yaml

from ..errors import BadSettings
from ..profile import check_profile


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _value_spans(text: str) -> dict[str, tuple[int, int]]:
    """Top-level (and ``scan:``) scalar keys -> character span of their value."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    spans: dict[str, tuple[int, int]] = {}
    pairs = list(node.value)
    for key, value in list(pairs):
        if isinstance(key, yaml.ScalarNode) and key.value == "scan" and isinstance(
                value, yaml.MappingNode):
            pairs.extend(value.value)
    for key, value in pairs:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            spans[str(key.value)] = (value.start_mark.index, value.end_mark.index)
    return spans


def apply_values(path: Path, values: Mapping[str, float]) -> Path:
    """Set ``values`` in the profile at ``path``; return the backup's path."""
    original = path.read_text(encoding="utf-8")
    spans = _value_spans(original)
    text = original
    for key, (start, end) in sorted(((k, spans[k]) for k in values if k in spans),
                                    key=lambda kv: -kv[1][0]):
        text = text[:start] + _number(values[key]) + text[end:]
    added = [f"{k}: {_number(v)}" for k, v in values.items() if k not in spans]
    if added:
        if text and not text.endswith("\n"):
            text += "\n"
        text += "# set by aac tune\n" + "\n".join(added) + "\n"
    backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
    n = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}-{n}.bak")
        n += 1
    shutil.copy2(path, backup)
    path.write_text(text, encoding="utf-8")
    _, problems = check_profile(str(path))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        path.write_text(original, encoding="utf-8")
        raise BadSettings("\n".join(map(str, errors)) + f"\n{path}: left unchanged")
    return backup
