"""What ``aac kiosk install`` adds besides its own files, so ``uninstall`` takes away exactly
that: the folders it made (left empty once its files are gone), and the user's ``dialout``
membership when install gave it. A user who was in the group already (Raspberry Pi OS's
first user is) keeps it: install writes a line into the unit only when it added the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .i18n import _
from .kiosk import DIALOUT, Target, run_as_root

_MARK = "# aac kiosk added {user} to " + DIALOUT  # in the unit: uninstall undoes it


def dialout_mark(user: str) -> str:
    """The unit's last line when install added ``user`` to the group."""
    return _MARK.format(user=user) + "\n"


def added_dialout(target: Target) -> bool:
    """Whether the installed unit says install added the user to the group."""
    try:
        text = target.unit.read_text(encoding="utf-8")
    except OSError:
        return False
    return _MARK.format(user=target.user) in text.splitlines()


def leave_dialout(target: Target) -> str:
    """Take the user out of the group install put them in (root), else say how."""
    cmd = ["gpasswd", "-d", target.user, DIALOUT]
    error = run_as_root(target, cmd)
    if error is None:
        return _("install added {user} to {group}: to undo it, run as root: {command}").format(
            user=target.user, group=DIALOUT, command=" ".join(cmd))
    if error:
        return _("could not remove {user} from {group} ({error}): run {command}").format(
            user=target.user, group=DIALOUT, error=error, command=" ".join(cmd))
    return _("removed {user} from {group} (install had added it)").format(
        user=target.user, group=DIALOUT)


def remove_empty_folders(target: Target, files: Iterable[Path]) -> None:
    """The folders above ``files`` that are empty now, up to the home folder (kept)."""
    home = target.path()
    for path in files:
        folder = path.parent
        while folder != home and home in folder.parents:
            try:
                folder.rmdir()  # only when empty: anything of the user's keeps it
            except OSError:
                break
            folder = folder.parent
