"""Issue 5's contract, checked as a technician meets it: ``aac switch-test`` and the drivers
through real pty pairs, from a working directory that is not the repository.

A pty's master end is the switch box; closing it is pulling the USB cable. The box is
reached through a symlink (as udev's ``/dev/serial/by-id/...`` names are), so re-plugging is
a new pty behind the same name. Every wait is on a queue with a timeout.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import tty
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
import serial
from helpers import STARTED, WAIT, LineReader, reap_started  # noqa: F401 (autouse fixture)

from aac.core.events import Status, SwitchEvent
from aac.inputs import open_inputs
from aac.testing import default_sigint

REPO = Path(__file__).resolve().parent.parent
#: "Exits promptly" on Ctrl-C: well inside the 60 s --exit-after the tests give, yet room for
#: an emulated CPU (interpreter shutdown alone takes a second or more there).
PROMPT = 20.0
PRESS_KEYS = {"switch", "down", "up", "duration_ms", "source"}


class Box:
    """A pty posing as a USB serial switch box, found at ``link`` (a stable name)."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master = -1
        self.plug()

    def plug(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        path = os.ttyname(slave)
        os.close(slave)
        if self.link.is_symlink():
            self.link.unlink()
        self.link.symlink_to(path)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


@pytest.fixture
def box(tmp_path: Path) -> Any:
    b = Box(tmp_path / "switchbox")
    yield b
    b.unplug()


def aac(cwd: Path, *args: str, env: Optional[dict[str, str]] = None) -> subprocess.Popen[str]:
    full = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    full.pop("GPIOZERO_PIN_FACTORY", None)
    full["PYTHONPATH"] = os.pathsep.join([str(REPO), full.get("PYTHONPATH", "")])
    proc = subprocess.Popen([sys.executable, "-m", "aac", *args], cwd=cwd, env=full,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint)
    STARTED.append(proc)
    return proc


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=WAIT)
    return proc.returncode, out, err


def ctrl_c(proc: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a technician stops it: the summary is printed and it exits promptly."""
    proc.send_signal(signal.SIGINT)
    return proc.wait(PROMPT)


# -- aac switch-test --json on a real pty ---------------------------------------------------------
def test_switch_test_json_per_press_garbage_partial_lines_and_summary(
    box: Box, tmp_path: Path
) -> None:
    proc = aac(tmp_path, "switch-test", "--input", f"serial:{box.link}?profile=line", "--json",
               "--exit-after", "60")
    out, err = LineReader(proc.stdout), LineReader(proc.stderr)
    err.until(lambda line: "switch connected" in line)
    box.write(b"D1\n")
    box.write(b"U1\n")
    first = json.loads(out.until(lambda line: '"switch"' in line))
    box.write(b"noise\xff\nD2")  # garbage, then a line cut across two reads
    box.write(b"\nU")
    box.write(b"2\n")
    second = json.loads(out.until(lambda line: '"switch"' in line))
    assert ctrl_c(proc) == 0
    rest = out.rest()
    assert set(first) >= PRESS_KEYS and set(second) >= PRESS_KEYS
    assert (first["switch"], second["switch"]) == (1, 2)
    assert first["source"] == f"serial:{box.link}"
    assert first["up"] >= first["down"] and first["duration_ms"] >= 0
    assert "D1" in first["raw"]
    summary = json.loads(rest[-1])["summary"]
    assert summary["presses"] == 2
    assert summary["garbage_bytes"][f"serial:{box.link}"] == len(b"noise\xff\n")
    assert "Traceback" not in "".join(err.seen)


@pytest.mark.parametrize(
    ("profile", "data", "switches"),
    [
        ("bitmask", [b"\x01", b"\x03", b"\x02", b"\x00"], [1, 2]),
        ("single_char", [b"1", b"2"], [1, 2]),
        ("single-char", [b"2"], [2]),
    ],
)
def test_switch_test_other_protocols(
    box: Box, tmp_path: Path, profile: str, data: list[bytes], switches: list[int]
) -> None:
    proc = aac(tmp_path, "switch-test", "--input", f"serial:{box.link}?profile={profile}",
               "--json", "--exit-after", "60")
    out, err = LineReader(proc.stdout), LineReader(proc.stderr)
    err.until(lambda line: "switch connected" in line)
    for chunk in data:
        box.write(chunk)
    for _ in switches:
        out.until(lambda line: '"switch"' in line)
    assert ctrl_c(proc) == 0
    lines = [json.loads(line) for line in out.seen + out.rest()]
    presses = [r for r in lines if "switch" in r]
    assert sorted(r["switch"] for r in presses) == switches
    assert all(set(r) >= PRESS_KEYS for r in presses)
    assert lines[-1]["summary"]["presses"] == len(switches)


def test_unplug_and_replug_reports_and_resumes(box: Box, tmp_path: Path) -> None:
    proc = aac(tmp_path, "switch-test", "--input", f"serial:{box.link}?profile=line", "--json",
               "--exit-after", "60")
    out, err = LineReader(proc.stdout), LineReader(proc.stderr)
    err.until(lambda line: "switch connected" in line)
    box.write(b"D1\nU1\n")
    out.until(lambda line: '"switch": 1' in line)
    box.unplug()
    err.until(lambda line: "switch disconnected" in line)
    box.plug()
    err.until(lambda line: "switch reconnected" in line)
    box.write(b"D2\nU2\n")
    after = json.loads(out.until(lambda line: '"switch"' in line))
    assert after["switch"] == 2
    assert ctrl_c(proc) == 0
    assert '"summary"' in out.rest()[-1]


# -- clear errors, never a traceback --------------------------------------------------------------
def test_gpio_without_hardware_is_one_clear_line(tmp_path: Path) -> None:
    code, out, err = finish(aac(tmp_path, "switch-test", "--input", "gpio:17", "--json",
                                "--exit-after", "1"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1, err  # no gpiozero fallback warnings before it
    assert "gpio:17: cannot use GPIO pin(s) 17: no GPIO header found" in err
    assert "Traceback" not in err and "Warning" not in err


def test_unknown_profile_names_the_known_ones(tmp_path: Path) -> None:
    code, _, err = finish(aac(tmp_path, "switch-test", "--input",
                              "serial:/dev/ttyUSB9?profile=nosuch", "--exit-after", "1"))
    assert code != 0
    assert "unknown device profile 'nosuch'" in err
    assert all(name in err for name in ("line", "bitmask", "single_char"))


@pytest.mark.slow
def test_a_port_that_is_not_there_waits_and_says_so(tmp_path: Path) -> None:
    code, out, err = finish(aac(tmp_path, "switch-test", "--input",
                                f"serial:{tmp_path}/nobox?profile=line", "--json",
                                "--exit-after", "1"))
    assert code == 0
    assert f"switch disconnected: serial:{tmp_path}/nobox" in err
    assert json.loads(out.splitlines()[-1])["summary"]["presses"] == 0
    assert "Traceback" not in err


def test_serial_auto_without_a_usb_id_is_an_error_not_a_silent_wait(tmp_path: Path) -> None:
    code, _, err = finish(aac(tmp_path, "switch-test", "--input", "serial:auto?profile=line",
                              "--exit-after", "1"))
    assert code == 1
    assert "profile 'line' has no 'match'" in err and "vid=" in err


# -- the driver thread never gives up -------------------------------------------------------------
class ScriptedPort:
    """A port that delivers ``data`` and then fails as a pulled cable does (or with ``fail``)."""

    def __init__(self, data: bytes, fail: BaseException) -> None:
        self.data = bytearray(data)
        self.fail = fail

    @property
    def in_waiting(self) -> int:
        return len(self.data)

    def read(self, n: int) -> bytes:
        if not self.data:
            raise self.fail
        chunk = bytes(self.data[:n])
        del self.data[:n]
        return chunk

    def cancel_read(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_working_box_that_drops_again_is_retried_at_once() -> None:
    """Back-off grows only for a box that fails on opening; one that delivered presses
    gets the shortest delay every time (a child knocking the cable out repeatedly)."""
    opens = 0
    enough = threading.Event()

    def opener(device: str, **kwargs: Any) -> ScriptedPort:
        nonlocal opens
        opens += 1
        if opens == 10:
            enough.set()
        return ScriptedPort(b"D1\nU1\n", serial.SerialException("device disconnected"))

    events: queue.Queue[object] = queue.Queue()
    # growing back-off would need 0.05 * (2 + 4 + ... + 2**9) s = 51 s for ten opens
    with open_inputs(["serial:/dev/ttyKNOCKED"], events.put, opener=opener,
                     backoff=(0.05, 60.0)):
        assert enough.wait(WAIT)


def test_an_unexpected_error_in_the_reader_is_reported_and_retried() -> None:
    ports = [ScriptedPort(b"", RuntimeError("firmware sent something we did not expect")),
             ScriptedPort(b"D1\n", serial.SerialException("unplugged"))]

    def opener(device: str, **kwargs: Any) -> ScriptedPort:
        return ports.pop(0) if ports else ScriptedPort(b"", serial.SerialException("gone"))

    events: queue.Queue[object] = queue.Queue()
    seen: list[object] = []
    with open_inputs(["serial:/dev/ttyODD"], events.put, opener=opener, backoff=(0.01, 0.02),
                     diagnostics=True):
        while not any(isinstance(e, SwitchEvent) and e.down for e in seen):
            seen.append(events.get(timeout=WAIT))
    statuses = [e.text for e in seen if isinstance(e, Status)]
    assert any("disconnected" in s and "RuntimeError" in s for s in statuses), statuses
    assert any("reconnected" in s for s in statuses)


def test_ctrl_c_while_boxes_are_still_looked_for_prints_the_summary(tmp_path: Path) -> None:
    """A missing box is shown at once (not after the wait for every box to open), and
    Ctrl-C during that wait still ends with the summary and exit status 0."""
    proc = aac(tmp_path, "switch-test", "--input", f"serial:{tmp_path}/one?profile=line",
               "--input", "serial:auto?vid=1234&pid=5678")
    out = LineReader(proc.stdout)
    out.until(lambda line: "switch disconnected" in line)
    assert ctrl_c(proc) == 0
    rest = out.rest()
    assert not any(line.startswith("Watching") for line in out.seen + rest)  # still waiting
    assert rest[-1].startswith("0 presses")


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1"])
def test_exit_after_must_be_a_real_time_limit(tmp_path: Path, value: str) -> None:
    proc = aac(tmp_path, "switch-test", "--exit-after", value)
    code, _, err = finish(proc)
    assert code == 2 and "expected a number of seconds > 0" in err


def test_unplug_replug_cycles_leak_no_file_descriptors(box: Box) -> None:
    def open_fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    events: queue.Queue[object] = queue.Queue()

    def next_status(prefix: str) -> None:
        while True:
            e = events.get(timeout=WAIT)
            if isinstance(e, Status) and e.text.startswith(prefix):
                return

    box.unplug()
    before = open_fds()
    box.plug()
    with open_inputs([f"serial:{box.link}?profile=line"], events.put,
                     backoff=(0.01, 0.05)) as hub:
        driver = hub.drivers[0]
        for _ in range(5):
            assert driver.connected.wait(WAIT)  # type: ignore[union-attr]
            box.write(b"D1\nU1\n")
            box.unplug()
            next_status("switch disconnected")
            box.plug()
            next_status("switch reconnected")
        assert driver.connected.wait(WAIT)  # type: ignore[union-attr]
    box.unplug()
    assert open_fds() == before


@pytest.mark.slow
def test_a_joystick_that_is_not_there_is_reported(tmp_path: Path) -> None:
    import pygame

    pygame.joystick.init()
    if pygame.joystick.get_count():
        pytest.skip("this machine has a joystick")
    proc = aac(tmp_path, "switch-test", "--input", "joystick:0", "--exit-after", "1",
               env={"SDL_VIDEODRIVER": "dummy"})
    code, out, err = finish(proc)
    assert code == 0, err
    assert "switch disconnected: joystick:0" in out


@pytest.mark.slow
def test_aac_run_a_press_on_the_serial_box_reaches_the_scan_engine(
    box: Box, tmp_path: Path
) -> None:
    """A technician's end-to-end check: the box's press shows in the usage log as a switch
    edge, and the scan goes from rows (level 1) into the chosen row (level 2)."""
    log = tmp_path / "usage.jsonl"
    proc = aac(tmp_path, "run", str(REPO / "boards"), "--window", "640x400",
               "--input", f"serial:{box.link}?profile=line", "--log", str(log),
               "--exit-after", "30", env={"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"})

    def logged(want: Callable[[dict[str, Any]], bool]) -> bool:
        lines = log.read_text().splitlines() if log.exists() else []
        return any(want(json.loads(line)) for line in lines if line.endswith("}"))

    def until(want: Callable[[dict[str, Any]], bool], then: Callable[[], None]) -> None:
        got = threading.Event()
        for _ in range(int(WAIT / 0.1)):  # the log is written behind the loop: poll it
            if logged(want):
                return
            then()
            got.wait(0.1)
        raise AssertionError(f"not in the usage log: {log.read_text() if log.exists() else ''}")

    until(lambda r: r["type"] == "highlight", lambda: None)
    until(lambda r: r["type"] == "switch" and r["switch"] == 1 and r["down"],
          lambda: box.write(b"D1\n"))
    box.write(b"U1\n")
    until(lambda r: r["type"] == "highlight" and r["level"] == 2, lambda: None)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(WAIT) == 0
    assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
