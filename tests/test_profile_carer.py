"""The profile's ``carer:`` section: read into the lock's settings, every mistake an error at
its line and column, slips (a short hold, a two-letter sequence) warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac.core.carer_lock import LockSettings
from aac.errors import BadSettings
from aac.profile import check_profile, load_profile
from aac.run_config import build_run_config

BOARDS = Path(__file__).resolve().parent.parent / "boards"


def write(tmp_path: Path, text: str) -> str:
    p = tmp_path / "child.yaml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_carer_section_sets_corner_hold_confirm_and_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "volume: 80\ncarer:\n  corner: bottom-right\n  hold_s: 4\n"
                           "  confirm_s: 6.5\n  keys: mama\n  key_window_s: 4\n")
    prof = load_profile(path)
    assert prof.carer == LockSettings(where="bottom-right", hold_s=4.0, confirm_s=6.5,
                                      keys=("m", "a", "m", "a"), key_window_s=4.0)
    assert prof.warnings == ()
    config = build_run_config(settings=path, boards=str(BOARDS / "en"))
    assert config.carer_lock == prof.carer


def test_bad_carer_values_are_positioned_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "carer:\n  corner: top-middle\n  hold_s: -1\n  keys: 'c a'\n"
                           "  colour: red\n")
    _prof, problems = check_profile(path)
    errors = [(p.line, p.col, p.message) for p in problems if p.severity == "error"]
    assert [(line, col) for line, col, _m in errors] == [(2, 11), (3, 11), (4, 9), (5, 3)]
    assert "top-left, top-right, bottom-left, bottom-right" in errors[0][2]
    assert "seconds above 0" in errors[1][2]
    assert "letters a-z or digits" in errors[2][2]
    assert "unknown carer key 'colour'" in errors[3][2]
    with pytest.raises(BadSettings, match=r"child.yaml:2:11: error"):
        load_profile(path)
    _prof, problems = check_profile(write(tmp_path, "carer: top-left\n"))
    assert problems[0].severity == "error" and "carer must be a mapping" in problems[0].message


def test_implausible_carer_values_are_warnings_that_still_load(tmp_path: Path) -> None:
    path = write(tmp_path, "carer:\n  hold_s: 0.5\n  confirm_s: 90\n  keys: ab\n")
    prof = load_profile(path)
    assert prof.carer is not None and prof.carer.hold_s == 0.5
    lines = {(w.line, w.message.split(":")[1].strip()) for w in prof.warnings}
    assert lines == {(2, "hold_s"), (3, "confirm_s"), (4, "keys")}
    assert all(w.severity == "warning" for w in prof.warnings)
