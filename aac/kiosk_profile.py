"""The profile the kiosk unit names, checked where the unit's ``aac run`` will look for it.

``sudo aac kiosk install --user pi --profile anna`` runs as root, but the unit runs as pi:
``anna`` must be in pi's ``~/.config/aac/profiles`` (the unit sets no ``XDG_CONFIG_HOME``),
not in root's. And the unit starts in pi's home, so a profile file given by a relative path
is made absolute here, or the unit would name another file (or none).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import BadSettings
from .i18n import _
from .kiosk import KioskError, Target
from .profiles import check_name


def unit_profile(target: Target, profile: str) -> str:
    """The ``--profile`` value for ``target``'s unit: a profile name the user has, or a
    profile file's absolute path. ``KioskError`` says what is missing and how to make it."""
    if os.sep in profile or profile.endswith((".yaml", ".yml")):
        path = Path(profile).resolve()
        if not path.is_file():
            raise KioskError(_("{path}: no such profile file").format(path=profile))
        return str(path)
    try:
        check_name(profile)
    except BadSettings as exc:
        raise KioskError(str(exc)) from None
    parts = (".config", "aac", "profiles")
    folder = target.path(*parts)  # below --root in tests
    if (folder / f"{profile}.yaml").is_file():
        return profile
    message = _("no profile {name} for {user} in {folder}; make it as {user} with: {command}"
                ).format(name=repr(profile), user=target.user,
                         folder=target.home.joinpath(*parts),
                         command=f"aac profile new {profile}")
    known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    if known:
        message += "; " + _("{user}'s profiles: {names}").format(user=target.user,
                                                                 names=", ".join(known))
    raise KioskError(message)
