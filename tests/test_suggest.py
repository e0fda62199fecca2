"""The one did-you-mean helper every message about a mistyped word uses."""

from __future__ import annotations

from pathlib import Path

from aac.core.suggest import closest, did_you_mean

REPO = Path(__file__).resolve().parent.parent


def test_nearest_word_or_nothing() -> None:
    assert closest("fod", ["food", "home"]) == "food"
    assert closest("zzz", ["food", "home"]) is None
    assert did_you_mean("lable", ["label", "say"]) == ' (did you mean "label"?)'
    assert did_you_mean("voise", ["voice"], quote="'") == " (did you mean 'voice'?)"
    assert did_you_mean("qqqq", ["label"]) == ""


def test_no_other_module_computes_its_own_suggestion() -> None:
    users = [p.relative_to(REPO).as_posix() for p in (REPO / "aac").rglob("*.py")
             if "get_close_matches" in p.read_text("utf-8")]
    assert users == ["aac/core/suggest.py"]
