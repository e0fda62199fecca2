"""``aac switch-test``: what a therapist and a technician see, on exact times and real ports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tty
from pathlib import Path
from typing import Any

import pytest
from helpers import STARTED, WAIT, LineReader, reap_started  # noqa: F401 (autouse fixture)

from aac.core.events import Status, SwitchEvent
from aac.core.switch import FilterSettings
from aac.inputs import RawBytes
from aac.inputs.tester import SwitchTester, human_line, human_summary

REPO = Path(__file__).resolve().parent.parent


def make_tester(**settings: Any) -> tuple[SwitchTester, list[dict[str, Any]]]:
    out: list[dict[str, Any]] = []
    return SwitchTester(lambda _s: FilterSettings(**settings), out.append, start=100.0), out


def press(t: SwitchTester, switch: int, down: float, up: float, source: str = "gpio:17") -> None:
    t.feed(SwitchEvent(switch, True, down, source))
    t.feed(SwitchEvent(switch, False, up, source))


def test_a_press_reports_duration_and_time_since_previous() -> None:
    tester, out = make_tester(bounce_ms=10, debounce_ms=100)
    press(tester, 1, 101.0, 101.25)
    assert out == []  # not final until the bounce window after the up has passed
    tester.advance(101.26)
    press(tester, 1, 102.5, 102.6)
    tester.advance(103.0)
    assert out == [
        {"switch": 1, "down": 1.0, "up": 1.25, "duration_ms": 250.0, "source": "gpio:17",
         "since_previous_ms": None, "bounces": 0, "accepted": True},
        {"switch": 1, "down": 2.5, "up": 2.6, "duration_ms": 100.0, "source": "gpio:17",
         "since_previous_ms": 1500.0, "bounces": 0, "accepted": True},
    ]


def test_bounces_are_merged_and_counted_and_a_too_soon_press_is_ignored() -> None:
    tester, out = make_tester(bounce_ms=10, debounce_ms=300)
    for t, down in [(101.000, True), (101.002, False), (101.003, True), (101.005, False),
                    (101.006, True), (101.200, False)]:
        tester.feed(SwitchEvent(2, down, t, "serial:x"))
    press(tester, 2, 101.25, 101.3, "serial:x")  # 250 ms after the first: debounced
    tester.advance(102.0)
    first, second = out
    assert (first["switch"], first["bounces"], first["duration_ms"]) == (2, 2, 200.0)
    assert second["ignored"] == "debounce" and second["accepted"] is False
    summary = tester.summary(2.0)["summary"]
    assert summary["presses"] == 1 and summary["ignored"] == 1 and summary["bounces"] == 2
    assert summary["switches"]["2"]["mean_duration_ms"] == 200.0


def test_raw_bytes_of_a_press_and_garbage_are_shown() -> None:
    tester, out = make_tester(bounce_ms=10)
    tester.feed(RawBytes("serial:x", b"\xffD1\n", 100.9, 2))  # before the press: not its raw
    tester.feed(RawBytes("serial:x", b"D1\n", 101.0, 2))
    tester.feed(SwitchEvent(1, True, 101.0, "serial:x"))
    tester.feed(RawBytes("serial:x", b"U1\n", 101.1, 2))
    tester.feed(SwitchEvent(1, False, 101.1, "serial:x"))
    tester.feed(Status("switch disconnected: serial:x (gone)", 101.5))
    assert out[0]["raw"] == "D1\\nU1\\n"
    assert out[1] == {"status": "switch disconnected: serial:x (gone)", "t": 1.5}
    assert tester.summary(2.0)["summary"]["garbage_bytes"] == {"serial:x": 2}
    line = human_line(out[0])
    assert "switch 1" in line and "held 100 ms" in line and "raw D1\\nU1\\n" in line
    assert "** switch disconnected" in human_line(out[1])
    text = "\n".join(human_summary(tester.summary(2.0)))
    assert text.startswith("1 press, 0 ignored, 0 bounces filtered in 2.0 s")
    assert "serial:x: 2 garbage bytes dropped" in text


def test_a_press_cut_by_an_unplug_is_shown_before_the_disconnect() -> None:
    tester, out = make_tester(bounce_ms=10)
    tester.feed(SwitchEvent(1, True, 101.0, "serial:x"))
    tester.feed(SwitchEvent(1, False, 101.05, "serial:x"))  # the driver releases it on unplug
    tester.feed(SwitchEvent(2, True, 101.0, "serial:xy"))
    tester.feed(SwitchEvent(2, False, 101.05, "serial:xy"))  # another box: not cut short
    tester.feed(Status("switch disconnected: serial:x (gone)", 101.051))  # within the bounce
    assert [(r.get("switch"), r.get("status")) for r in out] == [
        (1, None), (None, "switch disconnected: serial:x (gone)"),
    ]
    assert out[0]["duration_ms"] == 50.0
    tester.advance(101.07)
    assert out[-1]["switch"] == 2


def test_press_only_sources_have_no_duration() -> None:
    out: list[dict[str, Any]] = []
    tester = SwitchTester(lambda _s: FilterSettings(), out.append, 0.0, press_only=["keyboard"])
    press(tester, 1, 1.0, 1.0, "keyboard")
    tester.advance(2.0)
    assert out[0]["duration_ms"] is None and out[0]["up"] is None
    assert "held" not in human_line(out[0])


# -- the command, as a technician runs it ----------------------------------------------------------


def run_cli(*args: str, stdin: Any = subprocess.DEVNULL) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "aac", "switch-test", *args], cwd=REPO,
                            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    STARTED.append(proc)
    return proc


@pytest.fixture
def box() -> Any:
    """A pty posing as a serial switch box: (master fd, port path); closed at the end."""
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    os.close(slave)
    yield master, path
    try:
        os.close(master)
    except OSError:
        pass  # the test unplugged it


@pytest.mark.slow
def test_json_per_press_and_summary_from_a_serial_box(box: Any, tmp_path: Path) -> None:
    master, path = box
    settings = tmp_path / "scan.yaml"
    settings.write_text("acceptance_ms: 0\ndebounce_ms: 50\nbounce_ms: 10\n")
    proc = run_cli("--input", f"serial:{path}?profile=line", "--json", "--settings",
                   str(settings))
    lines, errors = LineReader(proc.stdout), LineReader(proc.stderr)
    try:
        connected = errors.until(lambda s: "switch connected" in s)
        assert connected == f"aac switch-test: switch connected: serial:{path} ({path})"
        os.write(master, b"D1\nU1\nD1\nzz\n")  # a bounce and a garbage line
        os.write(master, b"U1\nD2\n")
        first = json.loads(lines.until(lambda s: '"switch": 1' in s))
        os.write(master, b"U2\n")
        second = json.loads(lines.until(lambda s: '"switch": 2' in s))
    finally:
        proc.send_signal(signal.SIGTERM)
    rest = lines.rest()
    assert proc.wait(WAIT) == 0
    assert all("switch" in json.loads(line) for line in rest[:-1])  # only presses on stdout
    assert first["source"] == f"serial:{path}" and first["bounces"] == 1
    assert first["raw"].startswith("D1\\nU1\\nD1\\nzz\\n")
    assert first["duration_ms"] >= 0 and first["up"] >= first["down"]
    assert second["switch"] == 2 and second["raw"].endswith("U2\\n")
    summary = json.loads(rest[-1])["summary"]
    assert summary["presses"] == 2 and summary["bounces"] == 1
    assert summary["switches"]["1"]["presses"] == 1
    assert summary["garbage_bytes"] == {f"serial:{path}": 3}


def test_keyboard_keys_from_a_terminal(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        proc = run_cli("--input", "keyboard?1=space&2=x", stdin=slave)
        lines = LineReader(proc.stdout)
        lines.until(lambda s: s.startswith("Watching keyboard"))
        os.write(master, b" ")
        one = lines.until(lambda s: "switch 1" in s)
        os.write(master, b"qx")
        two = lines.until(lambda s: "switch 2" in s)
        proc.send_signal(signal.SIGTERM)
        rest = lines.rest()
        assert proc.wait(WAIT) == 0
    finally:
        os.close(master)
        os.close(slave)
    assert "(keyboard)" in one and "held" not in one
    assert "since previous" not in two  # counted per switch: switch 2's first press
    assert any(line.startswith("2 presses") for line in rest)  # "q" is no switch


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--input", "serial:"], "serial needs a port"),
        (["--input", "serial:/dev/null?profile=nosuch"], "known: "),
        (["--input", "gpio:x"], "gpio needs BCM pin numbers"),
    ],
)
def test_bad_inputs_are_one_clear_line(args: list[str], expected: str) -> None:
    proc = run_cli(*args, "--exit-after", "1")
    out, err = proc.communicate(timeout=WAIT)
    assert proc.returncode in (1, 2)
    assert expected in err and "Traceback" not in err
    assert err.startswith("aac switch-test: ")


def test_bad_settings_file_names_the_key(tmp_path: Path) -> None:
    settings = tmp_path / "s.yaml"
    settings.write_text("debounce: 100\n")
    proc = run_cli("--settings", str(settings), "--exit-after", "1")
    _, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 2 and "unknown key 'debounce'" in err and str(settings) in err


@pytest.mark.slow
def test_unplugged_box_is_reported_and_exit_after_prints_the_summary(box: Any) -> None:
    master, path = box
    proc = run_cli("--input", f"serial:{path}", "--json", "--exit-after", "1.5")
    lines, errors = LineReader(proc.stdout), LineReader(proc.stderr)
    errors.until(lambda s: "switch connected" in s)
    os.write(master, b"D1\nU1\n")
    press = json.loads(lines.until(lambda s: '"switch": 1' in s))
    os.close(master)  # the cable is pulled
    gone = errors.until(lambda s: "switch disconnected" in s)
    assert gone.startswith(f"aac switch-test: switch disconnected: serial:{path}")
    rest = lines.rest()  # exits by itself after 1.5 s
    assert proc.wait(WAIT) == 0
    assert press["raw"] == "D1\\nU1\\n"
    assert json.loads(rest[-1])["summary"]["presses"] == 1, rest
