"""Issue 15 as a resource centre uses it: ``sudo aac kiosk install --user pi --profile anna``
and ``aac kiosk uninstall`` on a device (what the end-to-end review found).

Everything is written below ``--root`` (the kiosk's test hook); nothing on the system
changes. The ``dialout`` membership (a real ``usermod`` as root) is simulated only there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import write_set

from aac import kiosk
from aac.kiosk import Target, install, uninstall

REPO = Path(__file__).resolve().parent.parent
PROFILE = "interval_ms: 1200\n"


def kiosk_cli(tmp_path: Path, *argv: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``aac kiosk ARGV --user pi --root tmp/root`` as an installer whose own config folder
    (``tmp/installer``, root's on a device) has no profiles unless a test puts one there."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "installer"),
               PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "aac", "kiosk", *argv, "--user", "pi",
                           "--root", str(tmp_path / "root")], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def pi_home(tmp_path: Path) -> Path:
    return tmp_path / "root" / "home" / "pi"


def unit_of(tmp_path: Path) -> str:
    return (pi_home(tmp_path) / ".config/systemd/user/aac.service").read_text()


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.slow
def test_install_finds_the_profile_in_the_kiosk_users_folder_not_the_installers(
        tmp_path: Path) -> None:
    profiles = pi_home(tmp_path) / ".config" / "aac" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "anna.yaml").write_text(PROFILE)
    proc = kiosk_cli(tmp_path, "install", "--profile", "anna")
    assert proc.returncode == 0, proc.stderr
    assert "ExecStart=" in unit_of(tmp_path) and "run --profile anna" in unit_of(tmp_path)


@pytest.mark.slow
def test_a_profile_only_the_installer_has_is_refused_naming_the_users_folder(
        tmp_path: Path) -> None:
    mine = tmp_path / "installer" / "aac" / "profiles"
    mine.mkdir(parents=True)
    (mine / "anna.yaml").write_text(PROFILE)  # the unit, run as pi, would not find it
    theirs = pi_home(tmp_path) / ".config" / "aac" / "profiles"
    theirs.mkdir(parents=True)
    (theirs / "ben.yaml").write_text(PROFILE)
    proc = kiosk_cli(tmp_path, "install", "--profile", "anna")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "no profile 'anna' for pi in /home/pi/.config/aac/profiles" in proc.stderr
    assert "aac profile new anna" in proc.stderr and "ben" in proc.stderr
    assert not (pi_home(tmp_path) / ".config" / "systemd").exists()  # nothing written


@pytest.mark.slow
def test_a_relative_profile_file_is_written_into_the_unit_as_an_absolute_path(
        tmp_path: Path) -> None:
    (tmp_path / "anna.yaml").write_text(PROFILE)
    proc = kiosk_cli(tmp_path, "install", "--profile", "anna.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # the unit starts in the user's home (WorkingDirectory=%h): a relative path names nothing
    assert f"run --profile {tmp_path / 'anna.yaml'}\n" in unit_of(tmp_path)
    missing = kiosk_cli(tmp_path, "install", "--profile", "gone.yaml", cwd=tmp_path)
    assert missing.returncode == 1 and "gone.yaml: no such profile file" in missing.stderr


def test_uninstall_leaves_the_home_as_it_was_before_install(tmp_path: Path) -> None:
    target = Target("pi", Path("/home/pi"), tmp_path)
    home = tmp_path / "home" / "pi"
    (home / ".config" / "aac" / "profiles").mkdir(parents=True)
    (home / ".config" / "aac" / "profiles" / "anna.yaml").write_text(PROFILE)
    (home / ".config" / "autostart").mkdir()  # the user's own entry stays, and its folder
    (home / ".config" / "autostart" / "clock.desktop").write_text("[Desktop Entry]\n")
    before = tree(tmp_path)
    install(target, "anna", python="/opt/aac/bin/python")
    assert tree(tmp_path) > before
    uninstall(target)
    assert tree(tmp_path) == before  # no empty systemd/labwc folders left behind


def test_uninstall_takes_away_the_dialout_membership_only_install_gave(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    members: set[str] = set()  # /etc/group, as usermod (root) would change it

    def join(target: Target) -> str:
        members.add(target.user)
        return "added"

    monkeypatch.setattr(kiosk, "in_dialout", lambda user: user in members)
    monkeypatch.setattr(kiosk, "_join_dialout", join)
    target = Target("pi", Path("/home/pi"), tmp_path)
    install(target, None, python="/opt/aac/bin/python")
    install(target, None, python="/opt/aac/bin/python")  # again: it still knows who added it
    done = uninstall(target)
    assert any("gpasswd -d pi dialout" in line for line in done), done  # root hook: told

    members.add("pi")  # already in the group before install (Raspberry Pi OS's first user)
    install(target, None, python="/opt/aac/bin/python")
    done = uninstall(target)
    assert not any("dialout" in line for line in done), done


@pytest.mark.slow
def test_the_speech_worker_killed_mid_sentence_says_it_and_the_carer_is_told(
        tmp_path: Path) -> None:
    """Item 7 by hand showed the sentence spoken by a fresh worker but no word to the carer
    (stderr and status line empty): now one notice, in the carer's language via its template."""
    from helpers import WAIT

    from aac.carer_texts import TEMPLATES
    from aac.speech import create_speech
    from aac.speech.messages import SPEECH_RESTARTED

    told: list[str] = []
    speech = create_speech(on_status=told.append, cache_dir=tmp_path / "cache")
    try:
        assert speech.ready.wait(WAIT) and speech.synth_ok
        victim = speech.worker.pid
        assert victim is not None
        done: list[object] = []
        sentence = "I would like to go outside and play in the garden with my friends today"
        talker = threading.Thread(target=lambda: done.append(speech.render(sentence)))
        talker.start()
        assert speech.worker.busy.wait(WAIT)  # the request is out: kill it mid-sentence
        os.kill(victim, signal.SIGKILL)
        talker.join(WAIT)
        assert not talker.is_alive()
        pcm = done[0]
        assert pcm is not None and pcm.seconds > 2  # type: ignore[attr-defined]  # all said
        assert speech.worker.pid != victim
        assert told == [SPEECH_RESTARTED] and SPEECH_RESTARTED in TEMPLATES
    finally:
        speech.stop()
        speech.close()
        speech.join(10)


# -- crash-restore end to end: two boards deep, the back stack comes back too ----------------
DEEP = {
    "home.yaml": "name: Tiny\nrows:\n  - [I, want, {label: more, link: more}]\n",
    "more.yaml": "name: More\nrows:\n  - [cake, {label: deeper, link: deeper}, "
                 "{label: up, action: back}]\n",
    "deeper.yaml": "name: Deeper\nrows:\n  - [tea, {label: up, action: back}]\n",
}


def _run_terminal(boards: Path, state: Path) -> tuple[subprocess.Popen[str], Any]:
    from helpers import LineReader

    env = dict(os.environ, XDG_STATE_HOME=str(state), SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy", PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "aac", "run", str(boards), "--terminal"],
                            cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, bufsize=1)
    return proc, LineReader(proc.stdout)


def _screen(reader: Any) -> list[str]:
    """The lines of the next whole screen the terminal front end prints."""
    start = len(reader.seen)
    reader.until(lambda line: line.startswith("type a cell number"))
    return reader.seen[start:]


def _press(proc: subprocess.Popen[str], cell: int) -> None:
    assert proc.stdin is not None
    proc.stdin.write(f"{cell}\n")
    proc.stdin.flush()


@pytest.mark.slow
def test_sigkill_two_boards_deep_then_restart_brings_message_board_and_way_back(
        tmp_path: Path) -> None:
    from aac.session_store import load_snapshot, session_path

    boards = write_set(tmp_path, DEEP)
    state = tmp_path / "state"
    saved = state / "aac" / session_path(boards).name
    first, reader = _run_terminal(boards, state)
    _screen(reader)
    for cell in (1, 2, 3, 2):  # I, want, -> More, -> Deeper
        _press(first, cell)
        _screen(reader)
    end = time.monotonic() + 30
    while (load_snapshot(saved)[0] or {}).get("stack", []).__len__() != 3:
        assert time.monotonic() < end, "the session was never saved three boards deep"
        time.sleep(0.01)  # polling a file the other process writes
    first.kill()  # SIGKILL
    first.wait(10)

    second, reader = _run_terminal(boards, state)
    try:
        screen = "\n".join(_screen(reader))
        assert "| I want " in screen and "Deeper" in screen and "1 tea" in screen
        _press(second, 2)  # up: the stack came back, so this is More, not home
        assert "More" in "\n".join(_screen(reader))
        _press(second, 3)  # up again: home
        assert "Tiny" in "\n".join(_screen(reader))
    finally:
        second.kill()
        second.wait(10)


@pytest.mark.slow
def test_the_restart_bench_says_restored_only_when_the_first_frame_shows_the_message(
        tmp_path: Path) -> None:
    """``aac bench restart``'s ``message_restored`` was true whenever the saved file still
    held the word, whatever the restarted communicator showed."""
    from aac.bench.restart import message_shown
    from aac.session_store import session_path

    boards = write_set(tmp_path, DEEP)
    state = tmp_path / "state"
    env = dict(os.environ, XDG_STATE_HOME=str(state), SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy", PYTHONPATH=str(REPO))

    def first_frame(name: str) -> Path:
        shot = tmp_path / name
        proc = subprocess.run([sys.executable, "-m", "aac", "run", str(boards), "--window",
                               "800x480", "--exit-after", "0.5", "--screenshot", str(shot)],
                              env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return shot

    blank, blank_again = first_frame("blank.png"), first_frame("blank2.png")
    saved = state / "aac" / session_path(boards).name
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text('{"version":1,"message":[{"text":"I","sound":null}],"spelling":"",'
                     '"stack":[{"board":"home","back_after_select":false}]}', encoding="utf-8")
    restored = first_frame("restored.png")
    assert message_shown(restored, blank)
    assert not message_shown(blank_again, blank)  # nothing restored: says so


@pytest.mark.slow
def test_root_without_sudo_or_user_is_asked_whose_session_it_is(tmp_path: Path) -> None:
    """``su -`` then ``aac kiosk install``: before, the kiosk went into root's home (a session
    nobody logs in to) and root into dialout."""
    if os.geteuid() != 0:
        pytest.skip("needs root: the default user is then root")
    env = {k: v for k, v in os.environ.items() if k != "SUDO_USER"}
    env["PYTHONPATH"] = str(REPO)
    for given in ([], ["--user", ""]):
        proc = subprocess.run([sys.executable, "-m", "aac", "kiosk", "install", "--root",
                               str(tmp_path), *given], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 1 and "--user NAME" in proc.stderr, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and not any(tmp_path.iterdir())


def _desktop_unquote(value: str) -> list[str]:
    """``Exec=`` split as the Desktop Entry spec reads it (string escapes, then quoting)."""
    value = value.replace("\\\\", "\0")  # the string-value escape of a backslash
    args, cur, quoted, i = [], "", False, 0
    while i < len(value):
        ch = value[i]
        if quoted and ch == "\0" and i + 1 < len(value) and value[i + 1] in '"`$\0':
            cur += "\\" if value[i + 1] == "\0" else value[i + 1]
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == " " and not quoted:
            args, cur = [*args, cur], ""
        else:
            cur += "\\" if ch == "\0" else ch
        i += 1
    assert not quoted
    return [*args, cur]


def test_the_autostart_entry_quotes_its_command_as_the_desktop_entry_spec_says(
        tmp_path: Path) -> None:
    import shutil

    from aac.kiosk import autostart_line, desktop_entry, desktop_quote

    text = desktop_entry()
    exec_value = next(line[5:] for line in text.splitlines() if line.startswith("Exec="))
    assert _desktop_unquote(exec_value) == ["sh", "-c", autostart_line()]
    odd = 'a "b" `c` $d \\e 50%'
    assert _desktop_unquote(desktop_quote(odd).replace("%%", "%")) == [odd]
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils)")
    entry = tmp_path / "aac.desktop"
    entry.write_text(text, encoding="utf-8")
    check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                           text=True, timeout=60)
    assert check.returncode == 0 and "error" not in check.stdout, check.stdout
