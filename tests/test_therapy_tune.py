"""aac tune recovers the settings a synthetic child needs (logs made by the real engine)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from synthetic_logs import child_plan, press_hold_session, session, write

from aac.cli import main
from aac.core.scan_settings import ScanSettings
from aac.therapy.analysis import analyse
from aac.therapy.tune import suggest


def stats_of(recs):
    return analyse(recs[0], recs[1:])


@pytest.mark.slow
def test_mean_rt_650_gives_interval_1000_and_slow_first_items_a_factor_of_1_5(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the child reacts in 650 ms, but needs 975 ms (1.5 x) for the first item of a row;
    # the device runs too fast (800 ms, factor 1), so some presses land late
    settings = ScanSettings(interval_ms=800, escape=True)
    recs = session(settings, child_plan(random.Random(7), 120, rt=0.65, first_rt=0.975))
    log = write(tmp_path / "usage.jsonl", recs)
    assert main(["tune", str(log), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["suggestions"]
    assert set(out["interval_ms"]) == {"value", "reason", "samples"}
    assert 950 <= out["interval_ms"]["value"] <= 1050
    assert 1.4 <= out["first_item_factor"]["value"] <= 1.6
    stats = stats_of(recs)
    assert out["interval_ms"]["samples"] == len(stats.rts(first_item=False))
    assert stats.late, "the fast scan made some presses land in the next item"
    assert "/ 0.65" in out["interval_ms"]["reason"]


def test_a_faster_child_gets_a_shorter_interval() -> None:
    settings = ScanSettings(interval_ms=1500)
    recs = session(settings, child_plan(random.Random(3), 60, rt=0.52, sd=0.05))
    value = suggest([stats_of(recs)])["interval_ms"].value
    assert value == pytest.approx(800, abs=50)


@pytest.mark.slow
def test_double_presses_raise_debounce_and_bounces_are_counted() -> None:
    settings = ScanSettings(interval_ms=1000, debounce_ms=100)
    plan = child_plan(random.Random(5), 40, hold=(0.1, 0.12), bounces=1, double_gap=0.2,
                      double_every=4)
    stats = stats_of(session(settings, plan))
    assert len(stats.double_gaps) == 10
    assert all(g == pytest.approx(0.2, abs=0.002) for g in stats.double_gaps)
    assert stats.bounces == len(plan)  # one contact bounce in every real press
    s = suggest([stats])["debounce_ms"]
    assert s.value == 250
    assert "10 double presses" in s.reason and "contact bounces" in s.reason
    # with the suggestion the same child's double presses change nothing
    fixed = stats_of(session(ScanSettings(interval_ms=1000, debounce_ms=s.value), plan))
    assert len(fixed.selections) < len(stats_of(session(settings, plan)).selections)
    assert len(fixed.choices) == len(plan)


def test_brief_brushes_give_an_acceptance_between_brush_and_press() -> None:
    settings = ScanSettings(interval_ms=1000)
    plan = child_plan(random.Random(11), 40, hold=(0.15, 0.3), brush=(0.02, 0.04),
                      brush_every=3)
    s = suggest([stats_of(session(settings, plan))])["acceptance_ms"]
    assert 50 <= s.value <= 140, s
    assert "brushes" in s.reason
    clean = suggest([stats_of(session(settings, child_plan(random.Random(11), 40)))])
    assert clean["acceptance_ms"].value == 0  # no brushes: keep


def test_press_hold_taps_and_holds_give_hold_ms() -> None:
    settings = ScanSettings(mode="press-hold", hold_ms=600)
    rng = random.Random(2)
    presses, t = [], 0.5
    for i in range(40):
        held = rng.uniform(0.7, 1.0) if i % 4 == 3 else rng.uniform(0.1, 0.25)
        presses.append((t, t + held))
        t += held + 0.6
    s = suggest([stats_of(press_hold_session(settings, presses))])
    assert "interval_ms" not in s  # no reaction times in press-hold
    assert 400 <= s["hold_ms"].value <= 550
    assert s["hold_ms"].samples == 40


def test_apply_writes_the_profile_keeps_comments_and_a_backup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert main(["profile", "new", "anna"]) == 0
    path = tmp_path / "cfg" / "aac" / "profiles" / "anna.yaml"
    before = path.read_text()
    recs = session(ScanSettings(interval_ms=1400), child_plan(random.Random(1), 60))
    log = write(tmp_path / "a.jsonl", recs)
    assert main(["tune", str(log), "--apply", "anna"]) == 0
    after = path.read_text()
    assert "interval_ms: 1000 " in after or "interval_ms: 1000\n" in after
    assert "# how long each item stays highlighted" in after  # comments kept
    backups = list(path.parent.glob("anna.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text() == before
    from aac.profile import load_profile

    assert load_profile(str(path)).scan.interval_ms == 1000


def test_apply_to_a_missing_profile_says_which_exist(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    main(["profile", "new", "anna"])
    log = write(tmp_path / "a.jsonl", session(ScanSettings(), child_plan(random.Random(1), 8)))
    capsys.readouterr()
    assert main(["tune", str(log), "--apply", "ana"]) == 1
    err = capsys.readouterr().err
    assert "no profile 'ana'" in err and "anna" in err


def test_apply_leaves_out_what_the_evidence_says_to_keep(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    profile = tmp_path / "ben.yaml"
    profile.write_text("interval_ms: 1500  # too slow\n")
    log = write(tmp_path / "a.jsonl", session(ScanSettings(interval_ms=1500),
                                              child_plan(random.Random(4), 40)))
    assert main(["tune", str(log), "--apply", str(profile)]) == 0
    text = profile.read_text()
    assert text.startswith("interval_ms: 1000  # too slow\n")
    assert "acceptance_ms" not in text and "debounce_ms" not in text  # "keep": not written
