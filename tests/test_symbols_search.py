"""``aac symbols search``: the picture a teacher means comes first, the same way every time."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aac.cli import main
from aac.symbols import search


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))


def refs(query: str, **kw: object) -> list[str]:
    return [e.ref for e in search(query, **kw)]  # type: ignore[arg-type]


def test_drink_gives_the_verb_first_then_the_noun() -> None:
    assert refs("drink")[:2] == ["mulberry:drink_,_to", "mulberry:drink"]


def test_want_gives_the_verb() -> None:
    assert refs("want")[0] == "mulberry:want_,_to"
    assert refs("to want")[0] == "mulberry:want_,_to"


def test_happy_gives_a_happy_face_or_person() -> None:
    first = search("happy")[0]
    assert "happy" in first.title and "Feelings" in first.category
    # OpenMoji's faces come by tag, the central ones (happy as an early tag) first.
    faces = [e.ref for e in search("happy", library="openmoji", limit=3)]
    assert "openmoji:1F600" in faces or "openmoji:1F601" in faces


def test_exact_name_beats_prefix_beats_tag_and_stems_do_not_overmatch() -> None:
    found = refs("apple", limit=20)
    assert found[0] == "mulberry:apple"
    assert found.index("mulberry:apple_juice") < found.index("openmoji:1F34E")
    assert not any("saddle" in r for r in refs("sad", limit=50))


def test_ties_are_deterministic_and_library_and_limit_are_kept() -> None:
    assert refs("cat", limit=30) == refs("cat", limit=30)
    assert all(r.startswith("openmoji:") for r in refs("cat", library="openmoji"))
    assert len(refs("cat", limit=3)) == 3
    assert refs("zzzqqq") == [] and refs("  ") == []


def test_json_lists_library_name_ref_file_tags_best_first(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["symbols", "search", "drink", "--json", "--limit", "4"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 4
    assert rows[0] == {"library": "mulberry", "name": "drink_,_to", "ref": "mulberry:drink_,_to",
                       "file": rows[0]["file"], "tags": rows[0]["tags"]}
    for row in rows:
        assert set(row) == {"library", "name", "ref", "file", "tags"}
        assert row["ref"] == f"{row['library']}:{row['name']}"
        assert os.path.isfile(row["file"]) and isinstance(row["tags"], list)


def test_human_output_and_no_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["symbols", "search", "red", "apple", "--library", "openmoji"]) == 0
    assert capsys.readouterr().out.startswith("openmoji:1F34E")
    assert main(["symbols", "search", "zzzqqq"]) == 1
    assert "no symbol matches" in capsys.readouterr().err


def test_without_openmoji_installed_search_offers_only_what_has_pictures(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from aac.symbols import libraries

    monkeypatch.setattr(libraries()["openmoji"], "svg_dir", None)
    assert refs("apple", limit=50) and all(r.startswith("mulberry:") for r in refs("apple",
                                                                                   limit=50))


def test_non_utf8_terminal_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = dict(os.environ, PYTHONIOENCODING="ascii", AAC_CACHE_DIR=str(tmp_path))
    for argv in (["symbols", "search", "japanese", "here", "--library", "openmoji"], ["credits"]):
        done = subprocess.run([sys.executable, "-m", "aac", *argv], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "\\xa9 Steve Lee" in done.stdout
