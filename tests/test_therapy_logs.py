"""Reading usage logs: torn last line, bad lines, size rotation, a month of sessions,
and the analysis's definitions on hand-made records."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from synthetic_logs import child_plan, session, write

from aac.cli import main
from aac.core.scan_settings import ScanSettings
from aac.therapy.analysis import analyse
from aac.therapy.logread import read_logs
from aac.therapy.rotating import RotatingFile


def test_a_torn_last_line_is_ignored_without_a_word(tmp_path: Path) -> None:
    recs = session(ScanSettings(), child_plan(random.Random(1), 6))
    log = write(tmp_path / "u.jsonl", recs)
    whole = read_logs([str(log)])
    with open(log, "a") as f:
        f.write('{"t": 99.1, "type": "swi')  # power cut mid-write
    torn = read_logs([str(log)])
    assert torn.problems == []
    assert torn.sessions[0].records == whole.sessions[0].records == recs[1:]


def test_a_bad_line_inside_is_skipped_and_named_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recs = session(ScanSettings(), child_plan(random.Random(1), 6))
    lines = [json.dumps(r) for r in recs]
    lines.insert(3, "not json")
    log = tmp_path / "u.jsonl"
    log.write_text("\n".join(lines) + "\n")
    result = read_logs([str(log)])
    assert result.problems == [f"{log}:4: not a usage-log record (expected a JSON object "
                               'with "t" and "type"), skipped']
    assert len(result.sessions[0].records) == len(recs) - 1
    assert main(["report", str(log), "--out", str(tmp_path / "r.html")]) == 0
    assert f"{log}:4:" in capsys.readouterr().err


def test_rotation_splits_at_lines_keeps_the_newest_and_reads_back_in_order(
        tmp_path: Path) -> None:
    settings = ScanSettings()
    recs = session(settings, child_plan(random.Random(4), 40))
    path = tmp_path / "logs" / "usage.jsonl"
    f = RotatingFile(str(path), max_bytes=2000, keep=50)
    for r in recs:
        f.write(json.dumps(r) + "\n")
    f.close()
    files = sorted(path.parent.iterdir())
    assert len(files) > 3
    for p in files:  # every file is whole lines, each under the limit
        text = p.read_text()
        assert text.endswith("\n") and len(text.encode()) <= 2000
        assert all(json.loads(line) for line in text.splitlines())
    back = read_logs([str(path)])
    assert back.problems == [] and len(back.sessions) == 1
    assert [back.sessions[0].header, *back.sessions[0].records] == recs
    small = RotatingFile(str(tmp_path / "k.jsonl"), max_bytes=200, keep=2)
    for r in recs[:40]:
        small.write(json.dumps(r) + "\n")
    small.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("k.")) == [
        "k.jsonl", "k.jsonl.1", "k.jsonl.2"]


@pytest.mark.slow
def test_a_month_of_sessions_in_one_rotated_log(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    settings = ScanSettings(interval_ms=1000, escape=True)
    rng = random.Random(30)
    path = tmp_path / "usage.jsonl"
    f = RotatingFile(str(path), max_bytes=20_000)
    total_selects = 0
    for day in range(1, 31):
        recs = session(settings, child_plan(rng, 8, rt=0.65),
                       wall=f"2026-11-{day:02d}T09:00:00+0000")
        total_selects += sum(1 for r in recs if r["type"] == "select")
        for r in recs:
            f.write(json.dumps(r) + "\n")
    f.close()
    assert len(list(tmp_path.iterdir())) > 2  # it did rotate
    sessions = read_logs([str(path)]).sessions
    assert [s.wall[:10] for s in sessions] == [f"2026-11-{d:02d}" for d in range(1, 31)]
    out = tmp_path / "month.html"
    assert main(["report", str(path), "--out", str(out)]) == 0
    html = out.read_text()
    assert html.count("<tr>") >= 31 and "11-30 09:00" in html
    assert main(["tune", str(path), "--json"]) == 0
    capsys.readouterr()
    stats = [analyse(s.header, s.records) for s in sessions]
    assert sum(len(s.selections) for s in stats) == total_selects


def test_reaction_times_late_presses_missed_passes_and_timeouts_by_definition() -> None:
    h = {"t": 10.0, "type": "session", "settings": {"interval_ms": 1000.0, "loops": 2}}
    recs = [
        {"t": 10.0, "type": "highlight", "level": 1, "row": 0},
        {"t": 11.0, "type": "highlight", "level": 1, "row": 1},
        {"t": 11.1, "type": "switch", "switch": 1, "down": True},  # 100 ms in: late for row 0
        {"t": 11.1, "type": "highlight", "level": 2, "row": 1, "col": 0},
        {"t": 11.3, "type": "switch", "switch": 1, "down": False},
        {"t": 12.1, "type": "highlight", "level": 2, "row": 1, "col": 1},
        {"t": 13.1, "type": "highlight", "level": 2, "row": 1, "col": 0},  # pass 2: missed
        {"t": 13.8, "type": "switch", "switch": 1, "down": True},  # item 0 on pass 2
        {"t": 13.8, "type": "select", "board": "home", "row": 1, "col": 0, "label": "hi"},
        {"t": 13.8, "type": "message", "text": "hi there"},
        {"t": 13.8, "type": "highlight", "level": 1, "row": 0},
        {"t": 13.9, "type": "switch", "switch": 1, "down": False},
        {"t": 14.8, "type": "highlight", "level": 1, "row": 1},
        {"t": 15.8, "type": "highlight", "level": 1, "row": 0},
        {"t": 16.8, "type": "highlight", "level": 1, "row": 1},
        {"t": 17.8, "type": "stop"},
    ]
    s = analyse(h, recs)
    assert [round(c.rt, 3) for c in s.choices] == [0.1, 0.7]
    late, on_pass_2 = s.choices
    assert late.late and late.target.key == (1, 0, None, False)
    assert late.target_rt == pytest.approx(1.1)
    assert not on_pass_2.late and on_pass_2.target.pass_no == 1
    assert s.first_item_misses == 2
    assert s.missed_passes == 2 and s.timeouts == 1
    assert s.words == 2 and s.duration == pytest.approx(7.8)
    assert [round(p.duration or 0, 3) for p in s.presses] == [0.2, 0.1]
