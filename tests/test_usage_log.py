"""Issue 16.5: the usage log records every selection with its source, its session line is
on the records' clock, and ``--log`` into a missing folder works (or says why it cannot)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import write_set

from aac.core.board import Board, BoardSet, Cell
from aac.core.events import PointerSelect, SwitchEvent
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.loop import Runtime
from aac.testing import FakeClock, FakeFrontend, FakeRecords, FakeSpeech
from aac.usage_log import UsageLog, UsageLogError

REPO = Path(__file__).resolve().parent.parent
HOME = Board("home", ((Cell("I"), Cell("Food", link="food")),))
FOOD = Board("food", ((Cell("apple"),),))
BOARDS = BoardSet({"home": HOME, "food": FOOD})


def test_touch_and_keyboard_selections_are_logged_with_their_source() -> None:
    clock = FakeClock(10.0)
    fe = FakeFrontend(clock, [PointerSelect(0, 0, 10.25),
                              PointerSelect(0, 1, 10.5, "keyboard")])
    rec = FakeRecords()
    rt = Runtime(Session(BOARDS), fe, FakeSpeech(), clock=clock, observers=[rec])
    rt.run(exit_after=1.0)
    rt.close()
    assert rec.closed
    body = [r for r in rec.records if r["type"] != "session"]
    assert body == [
        {"t": 10.25, "type": "select", "board": "home", "row": 0, "col": 0, "label": "I",
         "source": "touch"},
        {"t": 10.25, "type": "speak", "text": "I"},
        {"t": 10.25, "type": "message", "text": "I"},
        {"t": 10.5, "type": "select", "board": "home", "row": 0, "col": 1, "label": "Food",
         "source": "keyboard"},
        {"t": 10.5, "type": "navigate", "board": "food"},
    ]


def test_scan_selections_say_scan_and_the_session_line_is_on_the_records_clock() -> None:
    clock = FakeClock(50.0)
    fe = FakeFrontend(clock, [SwitchEvent(1, True, 50.2), SwitchEvent(1, False, 50.3),
                              SwitchEvent(1, True, 50.5), SwitchEvent(1, False, 50.6)])
    rec = FakeRecords()
    rt = Runtime(Session(BOARDS), fe, FakeSpeech(), clock=clock, observers=[rec],
                 scan=ScanSettings(interval_ms=5000))
    rt.run(exit_after=1.0)
    rt.close()
    session = rec.records[0]
    assert session["type"] == "session" and session["t"] == 50.0  # was 0.0: another clock
    assert session["t"] <= rec.records[1]["t"]
    selects = [r for r in rec.records if r["type"] == "select"]
    assert selects and all(r["source"] == "scan" for r in selects)


def test_arbitrary_core_records_reach_the_observers_in_order() -> None:
    clock = FakeClock(0.0)
    rec = FakeRecords()
    rt = Runtime(Session(BOARDS), FakeFrontend(clock), FakeSpeech(), clock=clock,
                 observers=[rec])
    rt.record({"t": 0.1, "type": "touch-ignored", "reason": "repeat"})
    assert rec.records[-1] == {"t": 0.1, "type": "touch-ignored", "reason": "repeat"}


def test_a_missing_folder_is_created_and_an_impossible_one_is_a_clear_error(
        tmp_path: Path) -> None:
    deep = tmp_path / "logs" / "anna" / "usage.jsonl"
    log = UsageLog(str(deep))
    log.write({"t": 0.0, "type": "x"})
    log.close()
    assert json.loads(deep.read_text(encoding="utf-8")) == {"t": 0.0, "type": "x"}
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    try:
        UsageLog(str(blocker / "usage.jsonl"))
    except UsageLogError as exc:
        assert str(exc).startswith(f"{blocker / 'usage.jsonl'}: cannot write the usage log")
    else:  # pragma: no cover
        raise AssertionError("no error")


def run_aac(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    return subprocess.run([sys.executable, "-m", "aac", "run", *argv], cwd=REPO, env=env,
                          input=stdin, capture_output=True, text=True, timeout=30)


@pytest.mark.slow
def test_aac_run_logs_terminal_selections_into_a_new_folder(tmp_path: Path) -> None:
    folder = write_set(tmp_path, {"home.yaml": "rows:\n  - [I, want]\n"})
    log = tmp_path / "new" / "usage.jsonl"
    proc = run_aac(str(folder), "--terminal", "--log", str(log), stdin="2\nq\n")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records[0]["type"] == "session" and records[0]["t"] > 0  # the monotonic clock
    select = next(r for r in records if r["type"] == "select")
    assert (select["label"], select["source"]) == ("want", "terminal")
    assert select["t"] >= records[0]["t"]


@pytest.mark.slow
def test_aac_run_with_an_unwritable_log_says_why_without_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    proc = run_aac("--terminal", "--log", str(blocker / "usage.jsonl"), "--exit-after", "1")
    assert proc.returncode == 1
    assert "cannot write the usage log" in proc.stderr and "Traceback" not in proc.stderr
