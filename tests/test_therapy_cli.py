"""aac profile, aac log export --obl and aac simulate --replay (what-if)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from synthetic_logs import REPO, child_plan, session, write

from aac.cli import main
from aac.core.scan_settings import ScanSettings
from aac.profile import load_profile
from aac.profiles import resolve_profile


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    return tmp_path / "cfg" / "aac" / "profiles"


def test_profile_new_list_show_check(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "list"]) == 0
    assert "no profiles in" in capsys.readouterr().err
    assert main(["profile", "new", "anna"]) == 0
    assert capsys.readouterr().out.strip() == str(config / "anna.yaml")
    assert main(["profile", "new", "anna"]) == 1  # never overwritten
    assert "exists already" in capsys.readouterr().err
    main(["profile", "new", "ben"])
    capsys.readouterr()
    assert main(["profile", "list"]) == 0
    assert capsys.readouterr().out.split() == ["anna", "ben"]
    assert main(["profile", "show", "anna"]) == 0
    assert "logging: off" in capsys.readouterr().out
    assert main(["profile", "check", "anna"]) == 0
    assert capsys.readouterr().out.strip() == f"{config / 'anna.yaml'}: ok"
    profile = load_profile(str(resolve_profile("anna")))
    assert profile.logging is False and profile.scan.escape is True


def test_profile_check_names_line_and_column_of_each_error(
        config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("interval_ms: 1000\nlogging: maybe\nintervl_ms: 3\n")
    assert main(["profile", "check", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{bad}:2:10: error: logging must be true or false"
    assert out[1].startswith(f"{bad}:3:1: error: unknown key 'intervl_ms'")
    good = tmp_path / "on.yaml"
    good.write_text("logging: on\n")
    assert load_profile(str(good)).logging is True
    assert main(["profile", "show", "nobody"]) == 1
    assert "no profile 'nobody'" in capsys.readouterr().err
    assert main(["profile", "new", "../x"]) == 1
    assert "profile name" in capsys.readouterr().err


def test_obl_export_holds_only_the_selections(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    recs = session(ScanSettings(escape=True), child_plan(random.Random(3), 20))
    log = write(tmp_path / "u.jsonl", recs)
    out = tmp_path / "u.obl"
    assert main(["log", "export", "--obl", str(log), "--out", str(out)]) == 0
    obl = json.loads(out.read_text())
    assert obl["format"] == "open-board-log-0.1"
    [s] = obl["sessions"]
    buttons = [e for e in s["events"] if e["type"] == "button"]
    selects = [r for r in recs if r["type"] == "select"]
    assert [b["label"] for b in buttons] == [r["label"] for r in selects]
    assert [b["button_id"] for b in buttons] == [
        f"{r['board']}:{r['row']}:{r['col']}" for r in selects]
    assert all(b["spoken"] for b in buttons)
    assert buttons[0]["timestamp"] == "2026-11-02T10:00:{:06.3f}Z".format(selects[0]["t"])
    stamps = [e["timestamp"] for e in s["events"]]
    assert stamps == sorted(stamps)
    assert {e["type"] for e in s["events"]} <= {"button", "action", "utterance"}
    assert "switch" not in out.read_text() and "highlight" not in out.read_text()


def test_what_if_replay_same_settings_reproduces_the_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = ScanSettings(interval_ms=1200, escape=True)
    recs = session(settings, child_plan(random.Random(8), 30, rt=0.6, sd=0.08))
    log = write(tmp_path / "u.jsonl", recs)
    same = tmp_path / "same.yaml"
    same.write_text("interval_ms: 1200\nescape: on\n")
    boards = str(REPO / "boards")
    assert main(["simulate", boards, "--replay", str(log), "--settings", str(same),
                 "--json"]) == 0
    [r] = json.loads(capsys.readouterr().out)["replay"]
    assert r["what_if"] == r["recorded"]  # the same presses, the same engine
    slow = tmp_path / "slow.yaml"
    slow.write_text("interval_ms: 2000\nescape: on\n")
    main(["simulate", boards, "--replay", str(log), "--settings", str(slow), "--json"])
    [r2] = json.loads(capsys.readouterr().out)["replay"]
    assert r2["what_if"]["selections"] == r["recorded"]["selections"]
    assert r2["what_if"]["seconds_per_selection"] > r["recorded"]["seconds_per_selection"]
    fast = tmp_path / "fast.yaml"
    fast.write_text("interval_ms: 550\nescape: on\n")  # faster than the child's 600 ms
    main(["simulate", boards, "--replay", str(log), "--settings", str(fast), "--json"])
    [r3] = json.loads(capsys.readouterr().out)["replay"]
    assert r3["what_if"]["off_target"] > 5
    assert main(["simulate", boards, "--replay", str(log), "--settings", str(fast)]) == 0
    assert "expected s/selection" in capsys.readouterr().out


def test_logs_go_under_xdg_state_per_profile(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from aac.profiles import usage_log_path

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert usage_log_path("anna") == tmp_path / "state" / "aac" / "logs" / "anna" / "usage.jsonl"


def test_a_log_written_by_aac_simulate_reads_back(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "sim.jsonl"
    # row 1 lights at 1.0 s: pressed 0.6 s later; its cell 0 lights at 1.6 s: pressed 0.7 later
    assert main(["simulate", str(REPO / "boards"), "--presses", "1.6:1.7,2.3:2.4",
                 "--log", str(log)]) == 0
    from aac.therapy.analysis import analyse
    from aac.therapy.logread import read_logs

    [s] = read_logs([str(log)]).sessions
    stats = analyse(s.header, s.records)
    assert [round(c.rt, 3) for c in stats.choices] == [0.6, 0.7]
    assert len(stats.selections) == 1
    capsys.readouterr()
    assert main(["log", "export", "--obl", str(log)]) == 0
    [button] = [e for e in json.loads(capsys.readouterr().out)["sessions"][0]["events"]
                if e["type"] == "button"]
    assert button["button_id"] == "home:1:0" and button["label"] == stats.selections[0]["label"]
