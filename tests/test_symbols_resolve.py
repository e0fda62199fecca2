"""``symbol:`` references: library names resolve to files; a typo is a positioned error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aac.boards.loader import load_board_set
from aac.symbols import is_library_ref, resolve


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))


def test_library_references_resolve_to_existing_pictures(tmp_path: Path) -> None:
    for ref in ("mulberry:want_,_to", "openmoji:1F34E", "openmoji:1f34e"):
        file, problem, suggestions = resolve(ref, tmp_path)
        assert problem is None and suggestions == ()
        assert file is not None and os.path.isabs(file) and os.path.isfile(file)
        assert file.endswith(".svg")


@pytest.mark.parametrize("ref, first", [
    ("mulberry:drnk_,_to", "mulberry:drink_,_to"),
    ("mulberry:want", "mulberry:want_,_to"),  # the verb marker forgotten
    ("mulberry:Want_,_to", "mulberry:want_,_to"),  # wrong case
    ("mulbery:want_,_to", "mulberry:want_,_to"),  # library misspelt
    ("openmoji:apple", "openmoji:1F34F"),  # a word instead of a code
])
def test_an_unknown_name_is_an_error_with_close_names(tmp_path: Path, ref: str,
                                                      first: str) -> None:
    found = resolve(ref, tmp_path)
    assert found.file is None and found.severity == "error"
    assert found.suggestions[0] == first
    assert found.problem is not None and first in found.problem


def test_openmoji_suggestions_say_what_the_code_shows(tmp_path: Path) -> None:
    problem = resolve("openmoji:apple", tmp_path).problem
    assert problem is not None and "openmoji:1F34E (red apple)" in problem


def test_a_missing_plain_file_is_a_warning(tmp_path: Path) -> None:
    file, problem, _ = resolve("pics/cat.png", tmp_path)
    found = resolve("pics/cat.png", tmp_path)
    assert file is None and found.severity == "warning"
    assert problem is not None and "not found" in problem and str(tmp_path) in problem


def test_a_plain_file_resolves_to_its_absolute_path(tmp_path: Path) -> None:
    (tmp_path / "pics").mkdir()
    import pygame

    pygame.image.save(pygame.Surface((8, 8)), str(tmp_path / "pics" / "cat.png"))
    assert tuple(resolve("pics/cat.png", tmp_path)) == (str(tmp_path / "pics" / "cat.png"),
                                                        None, ())
    (tmp_path / "folder.png").mkdir()
    assert resolve("folder.png", tmp_path).problem == \
        'symbol file "folder.png" is not a regular file; the cell shows its label'


def test_what_counts_as_a_library_reference() -> None:
    assert is_library_ref("mulberry:want_,_to") and is_library_ref("mulbery:x")
    assert not is_library_ref("pics/cat.png")
    assert not is_library_ref("C:\\pics\\cat.png")  # a drive letter is one letter
    assert not is_library_ref("pics/a:b.png")


def test_lint_reports_a_typo_at_its_position_and_accepts_good_references(
        tmp_path: Path) -> None:
    (tmp_path / "home.yaml").write_text(
        "rows:\n"
        '  - - {label: want, symbol: "mulberry:want_,_to"}\n'
        '    - {label: apple, symbol: "openmoji:1F34E"}\n'
        '    - {label: drink, symbol: "mulberry:drnk_,_to"}\n', encoding="utf-8")
    result = load_board_set(tmp_path)
    assert [(p.line, p.col, p.severity) for p in result.problems] == [(4, 30, "error")]
    assert "did you mean mulberry:drink_,_to" in result.problems[0].message
    (tmp_path / "home.yaml").write_text(
        'rows:\n  - - {label: want, symbol: "mulberry:want_,_to"}\n', encoding="utf-8")
    result = load_board_set(tmp_path)
    assert result.problems == [] and result.boards is not None
    assert result.boards["home"].rows[0][0].symbol == "mulberry:want_,_to"
