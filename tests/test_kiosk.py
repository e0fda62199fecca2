"""``aac kiosk`` (issue 15 item 2): the unit verifies, install/status/uninstall write only
below ``--root`` (never the real system) and are safe to repeat."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aac.kiosk import MARK, Target, install, status, uninstall, unit_text

REPO = Path(__file__).resolve().parent.parent


def aac(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aac", *argv], cwd=REPO, capture_output=True,
                          text=True, timeout=60)


def test_the_unit_restarts_within_2_s_forever_and_starts_aac_run_full_screen() -> None:
    text = unit_text("anna", python="/opt/aac/bin/python")
    lines = text.splitlines()
    assert "Restart=always" in lines and "RestartSec=500ms" in lines
    assert "StartLimitIntervalSec=0" in lines  # systemd never stops restarting it
    assert "ExecStart=/opt/aac/bin/python -m aac run --profile anna" in lines
    assert "--window" not in text  # full screen
    assert "WantedBy=graphical-session.target" in lines
    assert not any(line.startswith("Nice=-") for line in lines)  # would fail in a user unit
    assert "CPUWeight=1000" in lines
    assert any("xset s off -dpms" in line for line in lines)


def test_the_carers_quit_on_the_menu_stays_quit_under_the_unit_and_nothing_else_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from aac.app import exit_status
    from aac.kiosk import KIOSK_ENV, STAY_QUIT

    lines = unit_text("anna").splitlines()
    assert f"Environment={KIOSK_ENV}=1" in lines
    assert f"RestartPreventExitStatus={STAY_QUIT}" in lines  # only that status is not restarted
    monkeypatch.setenv(KIOSK_ENV, "1")
    assert exit_status(True, quit_from_menu=True) == STAY_QUIT
    assert exit_status(True, quit_from_menu=False) == 0  # a window closed otherwise: restarted
    assert exit_status(False, quit_from_menu=True) == 1
    monkeypatch.delenv(KIOSK_ENV)
    assert exit_status(True, quit_from_menu=True) == 0  # outside the kiosk a quit is a quit


@pytest.mark.slow
@pytest.mark.parametrize("user_mode", [False, True])
def test_systemd_analyze_verify_passes_on_the_printed_unit(tmp_path: Path,
                                                           user_mode: bool) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (apt install systemd)")
    proc = aac("kiosk", "unit", "--profile", "anna")
    assert proc.returncode == 0, proc.stderr
    unit = tmp_path / "aac.service"
    unit.write_text(proc.stdout, encoding="utf-8")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    cmd = ["systemd-analyze", *(["--user"] if user_mode else []), "verify", str(unit)]
    verify = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path,
                            env=dict(os.environ, XDG_RUNTIME_DIR=str(runtime)))
    # verify exits 0 even for lines it ignores: any word from it is a failure too
    assert verify.returncode == 0 and not verify.stderr.strip() and not verify.stdout.strip(), \
        verify.stderr + verify.stdout


def test_install_writes_unit_enable_link_and_autostarts_below_root(tmp_path: Path) -> None:
    target = Target("pi", Path("/home/pi"), tmp_path)
    home = tmp_path / "home" / "pi"
    labwc = home / ".config" / "labwc" / "autostart"
    labwc.parent.mkdir(parents=True)
    labwc.write_text("/usr/bin/lwrespawn /usr/bin/wf-panel-pi &\n", encoding="utf-8")
    done = install(target, "anna", python="/opt/aac/bin/python")
    unit = home / ".config" / "systemd" / "user" / "aac.service"
    assert "--profile anna" in unit.read_text()
    link = unit.parent / "graphical-session.target.wants" / "aac.service"
    assert link.is_symlink() and link.resolve() == unit.resolve()
    lines = labwc.read_text().splitlines()
    assert lines[0].startswith("/usr/bin/lwrespawn")  # the user's own lines stay
    assert lines[1].endswith(MARK) and "systemctl --user start aac.service" in lines[1]
    assert "systemctl --user start aac.service" in (
        home / ".config" / "autostart" / "aac.desktop").read_text()
    assert any("dialout" in line for line in done)
    install(target, "anna", python="/opt/aac/bin/python")  # again: nothing doubled
    assert len(labwc.read_text().splitlines()) == 2
    assert all(line.startswith("yes") for line in status(target)[:4])

    uninstall(target)
    assert not unit.exists() and not link.is_symlink()
    assert labwc.read_text().splitlines() == ["/usr/bin/lwrespawn /usr/bin/wf-panel-pi &"]
    assert not (home / ".config" / "autostart" / "aac.desktop").exists()
    assert all(line.startswith("NO") for line in status(target)[:4])


@pytest.mark.slow
def test_the_cli_with_root_prints_the_dialout_command_instead_of_running_it(
        tmp_path: Path) -> None:
    proc = aac("kiosk", "install", "--user", "nosuchkid", "--root", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "usermod -aG dialout nosuchkid" in proc.stdout
    assert (tmp_path / "home/nosuchkid/.config/systemd/user/aac.service").exists()
    st = aac("kiosk", "status", "--user", "nosuchkid", "--root", str(tmp_path))
    assert st.returncode == 0 and st.stdout.startswith("yes")
    un = aac("kiosk", "uninstall", "--user", "nosuchkid", "--root", str(tmp_path))
    assert un.returncode == 0 and "removed" in un.stdout


@pytest.mark.slow
def test_an_unknown_profile_is_refused_with_the_reason(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "aac", "kiosk", "install", "--profile", "zed",
                           "--root", str(tmp_path), "--user", "pi"], cwd=REPO,
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "cfg")))
    assert proc.returncode == 1 and "no profile 'zed'" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "home").exists()
