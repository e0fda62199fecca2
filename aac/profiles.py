"""Where child profiles live: ``$XDG_CONFIG_HOME/aac/profiles/NAME.yaml`` (default
``~/.config/aac/profiles``), so ``aac run --profile anna`` and ``aac tune --apply anna``
find the same file. A profile is a settings file (aac/profile.py reads it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .core.suggest import did_you_mean
from .errors import BadSettings
from .paths import user_dir

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")

TEMPLATE = """\
# {name}: a child's profile for aac (docs/settings.md, docs/therapy.md).
# Check it with: aac profile check {path}
interval_ms: 1000        # how long each item stays highlighted
first_item_factor: 1.0   # the first item of a row stays lit this many steps
acceptance_ms: 0         # a press must be held this long to count
debounce_ms: 100         # presses this soon after a press are ignored
escape: on               # a "back" item at the end of each row
logging: off             # on: keep a usage log for the therapist (aac report, aac tune)
# inputs: [keyboard]
# voice: girl
"""


def profiles_dir() -> Path:
    return user_dir("config") / "profiles"


def logs_dir(name: str) -> Path:
    """Where a profile's usage logs go: local only, ``$XDG_STATE_HOME/aac/logs/NAME``."""
    return user_dir("state") / "logs" / check_name(name)


def usage_log_path(name: str) -> Path:
    """The log ``aac run --profile NAME`` writes when the profile says ``logging: on``
    (rotated by size: :class:`aac.therapy.rotating.RotatingFile`)."""
    return logs_dir(name) / "usage.jsonl"


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name) or name.endswith(".yaml"):
        raise BadSettings(f"profile name {name!r}: use letters, digits, '-', '_' or '.' "
                          "(no folders, no .yaml), e.g. anna")
    return name


def list_profiles() -> list[str]:
    folder = profiles_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if p.is_file())


def profile_path(name: str) -> Path:
    return profiles_dir() / f"{check_name(name)}.yaml"


def resolve_profile(name: str) -> Path:
    """The file of profile ``name``; ``BadSettings`` naming the known ones when missing.
    A path to a file (it has a folder or ends in .yaml) is taken as it is."""
    if os.sep in name or name.endswith((".yaml", ".yml")):
        if not os.path.isfile(name):
            raise BadSettings(f"{name}: no such profile file")
        return Path(name)
    path = profile_path(name)
    if not path.is_file():
        known = list_profiles()
        raise BadSettings(
            f"no profile {name!r} in {profiles_dir()}{did_you_mean(name, known)}; "
            + (f"known: {', '.join(known)}" if known else "make one with: aac profile new NAME"))
    return path


def new_profile(name: str) -> Path:
    """Write the template for ``name``; refuses to overwrite."""
    path = profile_path(name)
    if path.exists():
        raise BadSettings(f"{path}: profile {name!r} exists already")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(name=name, path=path), encoding="utf-8")
    return path
