"""The kiosk set-up: the communicator starts full screen with the desktop session and comes
back within about a second of any crash (docs/kiosk.md says why each line is there).

What ``aac kiosk install`` writes, for the user USER (home ``~``):

- ``~/.config/systemd/user/aac.service``: a systemd user unit (``Restart=always``,
  ``RestartSec=500ms``, no start limit; the carer menu's Quit stays quit), enabled for
  ``graphical-session.target`` by the same symlink ``systemctl --user enable`` makes;
- ``~/.config/labwc/autostart`` (Raspberry Pi OS's Wayland desktop) and
  ``~/.config/autostart/aac.desktop`` (X11 and wayfire sessions): these sessions do not start
  ``graphical-session.target``, so they hand the display to the user manager and start the
  unit themselves;
- the user joins ``dialout`` (serial switch boxes): ``usermod -aG`` when root, otherwise the
  command is printed.

``root`` is a test hook: every path is written below it and nothing on the system changes.
"""

from __future__ import annotations

import os
import pwd
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .i18n import _

UNIT_NAME = "aac.service"
#: ``aac run``'s exit status when the carer chose Quit on the menu under the kiosk service
#: (``AAC_KIOSK`` set by the unit): the unit does not restart after it (RestartPreventExitStatus)
STAY_QUIT = 10
#: set in the unit's environment, so ``aac run`` knows a carer's Quit must say "stay quit"
KIOSK_ENV = "AAC_KIOSK"
MARK = "# aac kiosk"  # marks our line in a shared autostart file
DIALOUT = "dialout"


@dataclass(frozen=True)
class Target:
    """Whose session, and where its files go."""

    user: str
    home: Path  # the real home folder (what the unit and autostart files name)
    root: Optional[Path] = None  # test hook: write under this folder instead of /

    def path(self, *parts: str) -> Path:
        full = self.home.joinpath(*parts)
        return full if self.root is None else self.root / str(full).lstrip("/")

    @property
    def unit(self) -> Path:
        return self.path(".config", "systemd", "user", UNIT_NAME)

    @property
    def wants(self) -> Path:
        return self.path(".config", "systemd", "user", "graphical-session.target.wants",
                         UNIT_NAME)

    @property
    def labwc(self) -> Path:
        return self.path(".config", "labwc", "autostart")

    @property
    def desktop(self) -> Path:
        return self.path(".config", "autostart", "aac.desktop")


def target_for(user: Optional[str], root: Optional[Path]) -> Target:
    """``user`` (default: the one who ran sudo, else the current user) and their home."""
    name = user or os.environ.get("SUDO_USER") or pwd.getpwuid(os.getuid()).pw_name
    if not user and name == "root":  # `su -`, not sudo: root's session is not the kiosk's
        raise KioskError(_("as root, say whose desktop session starts the communicator: "
                           "--user NAME (e.g. pi)"))
    try:
        home = Path(pwd.getpwnam(name).pw_dir)
    except KeyError:
        if root is None:
            raise KioskError(_("no user {name} on this system (--user NAME)").format(
                name=repr(name))) from None
        home = Path("/home") / name  # a test folder may name a user this machine lacks
    return Target(name, home, root)


class KioskError(Exception):
    """Cannot set the kiosk up: ``str`` says why and what to do."""


def run_command(profile: Optional[str], python: Optional[str] = None) -> list[str]:
    """The command the unit starts: this interpreter's ``aac run``, full screen."""
    cmd = [python or sys.executable, "-m", "aac", "run"]
    if profile:
        cmd += ["--profile", profile]
    return cmd


def unit_text(profile: Optional[str] = None, python: Optional[str] = None) -> str:
    """The systemd user unit. ``Nice=`` below 0 needs CAP_SYS_NICE, which a user manager
    lacks (the unit would fail with 201/NICE), so the communicator's share of the CPU is
    raised with ``CPUWeight=`` instead: it counts against the user's other programs, 1000
    against their 100, about what nice -10 against 0 gives inside one cgroup (the loop
    thread also asks for nice -10 itself, ``aac.cpu_priority``, granted where permitted)."""
    exec_start = " ".join(shlex.quote(part) for part in run_command(profile, python))
    return f"""\
# written by `aac kiosk install` (docs/kiosk.md); `aac kiosk uninstall` removes it
[Unit]
Description=aac communicator (full screen; restarted within 0.5 s of any crash)
PartOf=graphical-session.target
After=graphical-session.target
# never give up restarting: a child's voice must come back however often it fails
StartLimitIntervalSec=0

[Service]
Type=simple
WorkingDirectory=%h
# X11 sessions: no screen saver, no DPMS power-off (Wayland: SDL inhibits idle itself)
ExecStartPre=-/bin/sh -c 'xset s off -dpms s noblank 2>/dev/null; exit 0'
ExecStart={exec_start}
Environment=SDL_VIDEO_ALLOW_SCREENSAVER=0
Environment=PYTHONUNBUFFERED=1
Environment={KIOSK_ENV}=1
Restart=always
# 0.5 s: a crash is back on screen within 2 s even at a quarter of a Pi core (~1.3 s start)
RestartSec=500ms
# the carer's Quit on the (locked) menu stays quit; any other end is restarted
RestartPreventExitStatus={STAY_QUIT}
TimeoutStopSec=5
# CPU priority: 10x the share of the user's other programs (Nice=-10 would fail here)
CPUWeight=1000

[Install]
WantedBy=graphical-session.target
"""


def autostart_line() -> str:
    """What the desktop session runs at log-in: give the user manager the display, start us."""
    return ("systemctl --user import-environment DISPLAY WAYLAND_DISPLAY XAUTHORITY "
            f"XDG_RUNTIME_DIR; systemctl --user start {UNIT_NAME}")


def desktop_entry() -> str:
    return f"""\
[Desktop Entry]
Type=Application
Name=aac communicator
Comment=Starts the aac kiosk service (aac kiosk install)
Exec=sh -c {desktop_quote(autostart_line())}
X-GNOME-Autostart-enabled=true
NoDisplay=true
"""


def desktop_quote(arg: str) -> str:
    """One ``Exec=`` argument quoted as the Desktop Entry spec says: in double quotes, with
    the characters it reserves inside them backslash-escaped, the backslashes escaped once
    more (the string-value rule) and ``%`` doubled. Single quotes are no quoting there:
    ``desktop-file-validate`` rejects them and a launcher that follows the spec would hand
    ``sh`` a broken command."""
    for char in ("\\", '"', "`", "$"):
        arg = arg.replace(char, "\\" + char)
    return '"' + arg.replace("\\", "\\\\").replace("%", "%%") + '"'


def install(target: Target, profile: Optional[str], python: Optional[str] = None) -> list[str]:
    """Write the unit, enable it, add the autostart entries, add the user to ``dialout``.
    Safe to run again. Returns what was done, one line each, for the carer."""
    from .kiosk_undo import added_dialout, dialout_mark

    done: list[str] = []
    gave_dialout = added_dialout(target)  # by an earlier install: uninstall still undoes it
    was_in_dialout = in_dialout(target.user)
    _write(target.unit, unit_text(profile, python))
    done.append(_("wrote {path}").format(path=target.unit))
    target.wants.parent.mkdir(parents=True, exist_ok=True)
    if target.wants.is_symlink() or target.wants.exists():
        target.wants.unlink()
    target.wants.symlink_to(Path("..") / UNIT_NAME)
    done.append(_("enabled for graphical-session.target ({path})").format(path=target.wants))
    lines = _read_lines(target.labwc)
    if not any(line.endswith(MARK) for line in lines):
        if not lines:
            done.append(_("note: {path} is new, so labwc no longer runs the system's "
                          "autostart (panel, desktop icons): the screen is the "
                          "communicator's").format(path=target.labwc))
        _write(target.labwc, "\n".join([*lines, f"{autostart_line()} & {MARK}"]) + "\n")
    done.append(_("labwc starts it at log-in ({path})").format(path=target.labwc))
    _write(target.desktop, desktop_entry())
    done.append(_("X11/wayfire sessions start it at log-in ({path})").format(path=target.desktop))
    done.append(_join_dialout(target))
    if gave_dialout or (not was_in_dialout and in_dialout(target.user)):
        _write(target.unit, unit_text(profile, python) + dialout_mark(target.user))
    if target.root is None and os.geteuid() == 0:
        _give_to_user(target)
    return done


def uninstall(target: Target) -> list[str]:
    """Remove everything ``install`` wrote or made: its files, lines and folders, and the
    ``dialout`` membership when install gave it (``aac.kiosk_undo``)."""
    from .kiosk_undo import added_dialout, leave_dialout, remove_empty_folders

    done: list[str] = []
    gave_dialout = added_dialout(target)  # the unit says so: read before it goes
    for path in (target.wants, target.unit, target.desktop):
        if path.is_symlink() or path.exists():
            path.unlink()
            done.append(_("removed {path}").format(path=path))
    lines = _read_lines(target.labwc)
    kept = [line for line in lines if not line.endswith(MARK)]
    if kept != lines:
        if kept:
            _write(target.labwc, "\n".join(kept) + "\n")
        else:
            target.labwc.unlink()
        done.append(_("removed the aac line from {path}").format(path=target.labwc))
    remove_empty_folders(target, (target.wants, target.desktop, target.labwc))
    if gave_dialout:
        done.append(leave_dialout(target))
    if not done:
        done.append(_("nothing to remove: the kiosk is not installed"))
    return done


def status(target: Target) -> list[str]:
    """Each part of the set-up: installed or not, and the service's state when known. The
    table is for a person, so its marks and row names are in the carer's language (``_``);
    paths, user and group names and systemd's own words stay as they are."""
    yes, no = _("yes"), _("no").upper()
    labwc = any(line.endswith(MARK) for line in _read_lines(target.labwc))
    parts = [
        (target.unit.exists(), _("unit"), str(target.unit)),
        (target.wants.is_symlink(), _("enabled"), str(target.wants)),
        (labwc, "labwc", str(target.labwc)),  # the compositor's name
        (target.desktop.exists(), _("autostart"), str(target.desktop)),
        (in_dialout(target.user), _("serial"),
         _("{user} in group {group}").format(user=target.user, group=DIALOUT)),
    ]
    service = None if target.root is not None else (_("service"), _service_state(target))
    labels = [label for _ok, label, _what in parts] + ([service[0]] if service else [])
    mark_w, label_w = max(len(yes), len(no)), max(len(label) for label in labels)
    rows = [f"{(yes if ok else no):<{mark_w}} {label:<{label_w}} {what}"
            for ok, label, what in parts]
    if service is not None:
        rows.append(f"{'':<{mark_w}} {service[0]:<{label_w}} {service[1]}")
    return rows


def in_dialout(user: str) -> bool:
    import grp

    try:
        group = grp.getgrnam(DIALOUT)
    except KeyError:
        return False
    try:
        primary = pwd.getpwnam(user).pw_gid == group.gr_gid
    except KeyError:
        primary = False
    return primary or user in group.gr_mem


def _join_dialout(target: Target) -> str:
    if in_dialout(target.user):
        return _("{user} can use serial ports (in {group})").format(user=target.user, group=DIALOUT)
    cmd = ["usermod", "-aG", DIALOUT, target.user]
    error = run_as_root(target, cmd)
    if error is None:
        return _("to use serial switch boxes, run as root: {command} (then log in again)"
                 ).format(command=" ".join(cmd))
    if error:
        return _("could not add {user} to {group} ({error}): run {command}").format(
            user=target.user, group=DIALOUT, error=error, command=" ".join(cmd))
    return _("added {user} to {group} (serial ports; takes effect at the next log-in)").format(
        user=target.user, group=DIALOUT)


def run_as_root(target: Target, cmd: list[str]) -> Optional[str]:
    """Run a system command ``cmd`` (group membership) for ``target``: "" when it ran, its
    error when it failed, None when it is not ours to run (not root, or installing below a
    ``--root`` folder: the system's users are not that folder's)."""
    if target.root is not None or os.geteuid() != 0:
        return None
    try:
        subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc) or type(exc).__name__
    return ""


def _service_state(target: Target) -> str:
    """``systemctl --user is-active`` as the user (only possible in their session)."""
    if pwd.getpwuid(os.getuid()).pw_name != target.user:
        return _("unknown (run `aac kiosk status` as {user} to ask systemd)").format(
            user=target.user)
    try:
        proc = subprocess.run(["systemctl", "--user", "is-active", UNIT_NAME],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        return _("unknown ({error})").format(error=exc)
    return proc.stdout.strip() or proc.stderr.strip() or _("unknown")


def _give_to_user(target: Target) -> None:
    """Installed by root into the user's home: the user must own what was made."""
    info = pwd.getpwnam(target.user)
    for path in (target.unit, target.labwc, target.desktop):
        p = path
        while p != target.home and target.home in p.parents:
            os.lchown(p, info.pw_uid, info.pw_gid)
            p = p.parent
    os.lchown(target.wants, info.pw_uid, info.pw_gid)
    os.lchown(target.wants.parent, info.pw_uid, info.pw_gid)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
