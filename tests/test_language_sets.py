"""The board sets of every language (issue 11): generated from the English layout, so the
motor plan is the same everywhere; each lints clean, holds its whole alphabet, is written in
its own script and renders with the renderer's font without a missing-glyph box."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

from aac.boards.loader import load_board_set
from aac.core.board import Board, BoardSet

ROOT = Path(__file__).resolve().parent.parent
BOARDS = ROOT / "boards"
TAGS = ("sr", "sr-Latn", "ru", "be", "uk", "az", "sq", "mn")
SCRIPTS = {"sr": "CYRILLIC", "sr-Latn": "LATIN", "ru": "CYRILLIC", "be": "CYRILLIC",
           "uk": "CYRILLIC", "az": "LATIN", "sq": "LATIN", "mn": "CYRILLIC"}
#: Letters each alphabet must have (the ones that set it apart), digraphs as single keys.
MUST_HAVE = {
    "sr": "ђ ћ џ љ њ ј", "sr-Latn": "dž lj nj đ ć č š ž", "ru": "ё ъ ы щ э",
    "be": "ў і ё ы э", "uk": "ґ є і ї", "az": "ə ğ ı ç ş ö ü q x",
    "sq": "dh gj ll nj rr sh th xh zh ë ç", "mn": "ө ү ё",
}
ALPHABET_SIZE = {"sr": 30, "sr-Latn": 30, "ru": 33, "be": 32, "uk": 33, "az": 32, "sq": 36,
                 "mn": 35}
CONTROL_ACTIONS = ("space", "backspace", "clear", "speak", "back", "home")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_language_sets", ROOT / "scripts" / "make_language_sets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def english() -> BoardSet:
    en = BOARDS / "en" if (BOARDS / "en").is_dir() else BOARDS
    result = load_board_set(en)
    assert result.ok and result.boards is not None
    return result.boards


@pytest.fixture(scope="module", params=TAGS)
def tagged(request: pytest.FixtureRequest) -> tuple[str, BoardSet]:
    result = load_board_set(BOARDS / request.param)
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.boards is not None
    return request.param, result.boards


def test_committed_sets_are_what_the_generator_writes() -> None:
    """Layout drift is impossible: a hand edit of a generated board (or a table edited
    without re-running the script) fails here."""
    sets = _generator().all_sets()
    assert sorted(sets) == sorted(TAGS)
    for tag, files in sets.items():
        on_disk = {p.name for p in (BOARDS / tag).iterdir()}
        assert on_disk == set(files), tag
        for name, text in files.items():
            assert (BOARDS / tag / name).read_text(encoding="utf-8") == text, f"{tag}/{name}"


def test_generator_names_every_missing_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    gen = _generator()
    table = (gen.TABLES / "ru.yaml").read_text(encoding="utf-8")
    (tmp_path / "ru.yaml").write_text(table.replace("  want: хочу\n", ""), encoding="utf-8")
    monkeypatch.setattr(gen, "TABLES", tmp_path)
    with pytest.raises(gen.TableError, match=r"ru\.yaml: no translation for: want"):
        gen.render_set("ru", 6)


@pytest.mark.parametrize("tag", TAGS)
def test_lint_is_clean(tag: str) -> None:
    out = subprocess.run([sys.executable, "-m", "aac", "lint", str(BOARDS / tag)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    # the summary is in the set's own language (issue 11.5): no problem lines, one summary
    assert len(out.stdout.splitlines()) == 1 and out.stdout.count("0") == 2, out.stdout


def test_set_declares_language_and_draft(tagged: tuple[str, BoardSet]) -> None:
    tag, boards = tagged
    assert boards.language == tag
    assert boards.translation == "draft"
    assert all(b.locale == tag for b in boards.boards.values())
    readme = (BOARDS / tag / "README.md").read_text(encoding="utf-8")
    assert "What a native reviewer should check" in readme and "least sure" in readme


def test_english_set_declares_en(english: BoardSet) -> None:
    assert english.language == "en"


def _what_moves(cell: object) -> tuple[object, ...]:
    """Everything but the words: where the hand goes and what happens there."""
    if cell is None:
        return (None,)
    return tuple(getattr(cell, k) for k in ("color", "link", "action", "symbol", "sound",
                                            "back_after_select", "hidden"))


def test_same_motor_plan_as_english(tagged: tuple[str, BoardSet], english: BoardSet) -> None:
    tag, boards = tagged
    assert set(boards.boards) == set(english.boards)
    assert boards.home == english.home
    for bid, en_board in english.boards.items():
        if bid == "keyboard":
            continue
        board = boards[bid]
        assert (board.columns, len(board.rows)) == (en_board.columns, len(en_board.rows)), bid
        for r, (row, en_row) in enumerate(zip(board.rows, en_board.rows)):
            assert [_what_moves(c) for c in row] == [_what_moves(c) for c in en_row], \
                (tag, bid, r)


def _letters(board: Board) -> list[str]:
    return [c.letter for row in board.rows for c in row if c is not None and c.letter]


def test_keyboard_holds_the_whole_alphabet_in_order(tagged: tuple[str, BoardSet]) -> None:
    tag, boards = tagged
    letters = _letters(boards["keyboard"])
    assert len(letters) == ALPHABET_SIZE[tag]
    assert len(set(letters)) == len(letters)
    for must in MUST_HAVE[tag].split():
        assert must in letters, f"{tag}: {must!r} missing"
    table = _generator().load_table(tag)
    assert letters == str(table["alphabet"]).split()


def test_keyboard_controls_in_the_same_cells_everywhere() -> None:
    places = set()
    for tag in TAGS:
        board = load_board_set(BOARDS / tag).boards["keyboard"]  # type: ignore[index]
        cells = tuple((r, c, *cell.action) for r, row in enumerate(board.rows)
                      for c, cell in enumerate(row) if cell is not None and cell.action)
        assert sorted(a for *_, a in cells) == sorted(CONTROL_ACTIONS), tag
        places.add(cells)
    assert len(places) == 1, places


def test_labels_are_in_the_expected_script(tagged: tuple[str, BoardSet]) -> None:
    tag, boards = tagged
    want = SCRIPTS[tag]
    for board in boards.boards.values():
        for row in board.rows:
            for cell in row:
                if cell is None:
                    continue
                for text in (cell.label, cell.say or "", cell.cue or ""):
                    for ch in text:
                        if ch.isalpha() and not (text in ("TV", "ABC") and want == "LATIN"):
                            name = unicodedata.name(ch, "")
                            assert name.startswith(want), f"{tag}: {text!r} has {name}"


def _all_label_text() -> dict[str, str]:
    text: dict[str, str] = {}
    for tag in ("en", *TAGS):
        folder = BOARDS / tag if tag != "en" else (BOARDS / "en" if (BOARDS / "en").is_dir()
                                                   else BOARDS)
        boards = load_board_set(folder).boards
        assert boards is not None
        chars = set()
        for board in boards.boards.values():
            chars.update(board.name)
            for row in board.rows:
                for cell in row:
                    if cell is not None:
                        chars.update(cell.label)
        text[tag] = "".join(sorted(chars))
    return text


def test_every_label_character_has_a_glyph_in_the_renderer_font() -> None:
    """No box instead of ђ, ў, ө, ə: FreeType's metrics are None for a character the font
    has no glyph for (checked on the file the renderer loads)."""
    font = _freetype_font()
    for tag, chars in _all_label_text().items():
        printable = [ch for ch in chars if not ch.isspace()]
        metrics = font.get_metrics("".join(printable))  # type: ignore[attr-defined]
        missing = [ch for ch, m in zip(printable, metrics) if m is None]
        assert not missing, f"{tag}: no glyph for {missing} in the renderer's font"


def test_missing_glyph_check_can_fail() -> None:
    """The check above sees missing glyphs (a traditional-script Mongolian letter DejaVu
    lacks), and sees the letters our sets need."""
    font = _freetype_font()
    assert font.get_metrics("\u1820")[0] is None  # MONGOLIAN LETTER A
    assert None not in font.get_metrics("ђўөəë")


def _freetype_font() -> object:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame.freetype

    from aac.ui import render

    pygame.freetype.init()
    path = render._font_path()
    assert path is not None, "no DejaVu Sans: install fonts-dejavu-core (scripts/bootstrap.sh)"
    return pygame.freetype.Font(path, 24)


def test_sr_latn_is_the_transliteration_of_sr() -> None:
    sr = load_board_set(BOARDS / "sr").boards
    lat = load_board_set(BOARDS / "sr-Latn").boards
    assert sr is not None and lat is not None
    gen = _generator()
    for bid in sr.boards:
        if bid == "keyboard":
            continue
        for row, lrow in zip(sr[bid].rows, lat[bid].rows):
            for c, lc in zip(row, lrow):
                if c is not None and lc is not None and c.label != "АБВ":
                    assert lc.label == gen.sr_to_latin(c.label)
    assert re.fullmatch(r"[a-zčćđšž ,]+", lat["home"].rows[0][1].label)


@pytest.mark.parametrize("tag", ("en", *TAGS))
def test_set_yaml_passes_the_shipped_set_schema(tag: str) -> None:
    import json

    import jsonschema

    import aac.boards
    from aac.boards.yamlnodes import read_yaml, to_data12

    folder = BOARDS / tag if (BOARDS / tag).is_dir() else BOARDS
    schema = json.loads((Path(aac.boards.__file__).parent / "set.schema.json").read_text())
    node, problems = read_yaml((folder / "set.yaml").read_bytes(), "set.yaml")
    assert problems == [] and node is not None
    validator = jsonschema.Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors(to_data12(node))] == []
    assert list(validator.iter_errors({"language": "sr", "translation": "done"}))


@pytest.mark.parametrize("text, message", [
    ("language: Serbian!\n", 'language "Serbian!" is not a BCP 47 language tag'),
    ("translation: done\n", 'translation "done" is not one of draft, reviewed'),
    ("langauge: sr\n", 'unknown key "langauge" in set.yaml (did you mean "language"?)'),
])
def test_bad_set_yaml_names_line_and_what_was_expected(tmp_path: Path, text: str,
                                                       message: str) -> None:
    (tmp_path / "home.yaml").write_text("rows: [[hello]]\n", encoding="utf-8")
    (tmp_path / "set.yaml").write_text("home: home\n" + text, encoding="utf-8")
    result = load_board_set(tmp_path)
    assert not result.ok
    [problem] = result.errors
    assert (problem.line, problem.col) == (2, 1 if "unknown" in message else problem.col)
    assert problem.file.endswith("set.yaml") and message in problem.message
