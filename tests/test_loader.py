"""The board loader against tricky files: text kept as typed, every problem positioned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aac.boards.loader import MAX_ROWS, load_board_file, load_board_set
from aac.boards.problems import Problem
from aac.boards.yamlnodes import MAX_FILE_BYTES
from aac.core.board import Cell

DATA = Path(__file__).parent / "data"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def at(text: str, line: int, needle: str, nth: int = 1) -> tuple[int, int]:
    """(line, col) of the ``nth`` ``needle`` on 1-based ``line`` of ``text``: no hand counting."""
    row = text.splitlines()[line - 1]
    col = -1
    for _ in range(nth):
        col = row.index(needle, col + 1)
    return line, col + 1


def only(problems: list[Problem], severity: str = "error") -> Problem:
    found = [p for p in problems if p.severity == severity]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def labels(board) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [[c.label if c else None for c in row] for row in board.rows]


# --- text stays text -----------------------------------------------------------------------


def test_yaml11_booleans_numbers_and_times_stay_labels_as_typed(tmp_path: Path) -> None:
    path = write(tmp_path, "home.yaml", (
        "rows:\n"
        "  - [yes, No, on, OFF, y, n, True, false]\n"
        "  - [1:30, '007', 007, 1e3, 0x1F, .inf, 3.10, 12_000]\n"
        "  - - {label: yes, say: No, cue: ON, letter: off}\n"
        "    - {label: 2024-01-02}\n"
    ))
    board, problems = load_board_file(path)
    assert problems == []
    assert board is not None
    assert labels(board)[:2] == [
        ["yes", "No", "on", "OFF", "y", "n", "True", "false"],
        ["1:30", "007", "007", "1e3", "0x1F", ".inf", "3.10", "12_000"],
    ]
    cell = board.rows[2][0]
    assert (cell.label, cell.say, cell.cue, cell.letter) == ("yes", "No", "ON", "off")
    assert board.rows[2][1].label == "2024-01-02"


def test_only_unquoted_null_and_tilde_are_empty_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "home.yaml", (
        "rows:\n"
        "  - [null, ~, Null, NULL, 'null', \"~\", nil, none]\n"
        "  -\n"
        "    - \n"
        "    - word\n"
    ))
    board, problems = load_board_file(path)
    assert problems == []
    assert board is not None
    assert labels(board) == [
        [None, None, None, None, "null", "~", "nil", "none"],
        [None, "word"],
    ]


def test_word_list_of_numbers_gives_text_labels(tmp_path: Path) -> None:
    board, problems = load_board_file(write(tmp_path, "n.yaml", "rows: [[1, 2, 007]]\n"))
    assert problems == []
    assert board is not None and labels(board) == [["1", "2", "007"]]


def test_full_cell_fields_and_positions(tmp_path: Path) -> None:
    (tmp_path / "symbols").mkdir()
    (tmp_path / "symbols" / "eat.png").write_bytes(bytes.fromhex(  # a real 1x1 PNG (16.3)
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
        "9c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082"))
    path = write(tmp_path, "core.yaml", (
        "name: Core words\n"
        "locale: en-GB\n"
        "columns: 6\n"
        "scan: {pattern: column-row}\n"
        "back_after_select: true\n"
        "rows:\n"
        "  - [I, you]\n"
        "  - - {label: eat, say: I want to eat, symbol: symbols/eat.png, color: verb}\n"
        "    - {label: Food, link: food, back_after_select: true}\n"
        "    - null\n"
        "    - {label: ⌫, action: backspace}\n"
        "    - {label: Go, action: [speak, clear], hidden: false}\n"
        "    - {label: a, letter: a, color: '#12abEF', cue: letter a, hidden: true}\n"
    ))
    board, problems = load_board_file(path)
    assert problems == []
    assert board is not None
    assert (board.id, board.name, board.locale, board.columns) == ("core", "Core words",
                                                                    "en-GB", 6)
    assert board.scan_pattern == "column-row" and board.back_after_select is True
    assert board.path == os.path.abspath(path)
    eat, food, empty, back, go, a = board.rows[1]
    assert eat == Cell(label="eat", say="I want to eat", symbol="symbols/eat.png", color="verb",
                       symbol_file=str(tmp_path / "symbols" / "eat.png"))
    assert (eat.line, eat.col) == (8, 7)
    assert food.link == "food" and food.back_after_select is True
    assert empty is None
    assert (back.label, back.action, back.col) == ("⌫", ("backspace",), 7)
    assert back.line == 11
    assert go.action == ("speak", "clear") and go.hidden is False
    assert (a.letter, a.color, a.cue, a.hidden) == ("a", "#12abEF", "letter a", True)
    assert (board.rows[0][1].line, board.rows[0][1].col) == (7, 9)


def test_block_style_cells_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "people.yaml", (
        "rows:\n"
        "  - - label: Mum\n"
        "      say: I want Mum\n"
        "    - label: Dad\n"
        "  - [a, b, c]\n"
    ))
    board, problems = load_board_file(path)
    assert problems == [] and board is not None
    assert board.name == "people" and board.locale == "en" and board.columns == 3
    assert board.rows[0][0].spoken == "I want Mum"
    assert (board.rows[0][1].line, board.rows[0][1].col) == (4, 7)


# --- syntax errors: positioned, human, no traceback ------------------------------------------


def test_tab_indentation_is_a_positioned_error(tmp_path: Path) -> None:
    board, problems = load_board_file(write(tmp_path, "t.yaml", "rows:\n\t- [a, b]\n"))
    p = only(problems)
    assert board is None
    assert (p.line, p.col) == (2, 1)
    assert p.message == "tab character used for indentation; use spaces"
    assert str(p) == f"{tmp_path / 't.yaml'}:2:1: error: tab character used for indentation; " \
                     "use spaces"


def test_tab_after_a_value_is_reported_too(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "t.yaml", "name: x\nrows:\n  - [a]\n\tx: 1\n"))
    p = only(problems)
    assert "tab" in p.message and p.line == 4


def test_unclosed_bracket_names_where_it_opened(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "b.yaml", "rows:\n  - [a, b\n  - [c]\n"))
    p = only(problems)
    assert "[ opened at 2:5 is never closed" in p.message
    assert p.line >= 2


def test_unclosed_quote(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "q.yaml", "rows:\n  - ['a, b]\n"))
    assert "quote opened at 2:6 is never closed" in only(problems).message


def test_second_colon_on_a_line(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "c.yaml", "rows:\n  - [{label: time: 1:30}]\n"))
    p = only(problems)
    assert (p.line, p.col) == (2, 18)
    assert p.message.startswith('a second ":" here; put text that contains ": " in quotes')


def test_duplicate_keys_are_errors_at_the_second_key(tmp_path: Path) -> None:
    text = "name: One\nrows:\n  - [{label: a, say: x, say: y}]\nname: Two\n"
    board, problems = load_board_file(write(tmp_path, "d.yaml", text))
    assert board is None
    msgs = {(p.line, p.col): p.message for p in problems}
    assert at(text, 3, "say", 1) == (3, 17)
    assert msgs == {
        at(text, 3, "say", 2): 'duplicate key "say" in cell (first at 3:17); only one is allowed',
        (4, 1): 'duplicate key "name" in board (first at 1:1); only one is allowed',
    }


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "m.yaml", "rows: [[a]]\n---\nrows: [[b]]\n"))
    p = only(problems)
    assert p.line == 2 and "one board" in p.message


def test_not_utf8_and_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"rows:\n  - [caf\xe9]\n")
    p = only(load_board_file(path)[1])
    assert (p.line, p.col) == (2, 9) and "UTF-8" in p.message
    path.write_bytes(b"rows:\n  - [a\x07b]\n")
    p = only(load_board_file(path)[1])
    assert (p.line, p.col) == (2, 7) and "U+0007" in p.message


def test_empty_file_and_non_map_root(tmp_path: Path) -> None:
    assert "empty" in only(load_board_file(write(tmp_path, "e.yaml", "# nothing\n"))[1]).message
    p = only(load_board_file(write(tmp_path, "l.yaml", "- [a, b]\n"))[1])
    assert "rows:" in p.message and (p.line, p.col) == (1, 1)


def test_file_size_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"rows: [[a]]\n" + b"#" * MAX_FILE_BYTES)
    p = only(load_board_file(path)[1])
    assert "too big" in p.message


def test_aliases_are_refused_so_alias_bombs_cannot_expand(tmp_path: Path) -> None:
    bomb = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "rows:\n  - &r [x]\n  - *r\n"
    _, problems = load_board_file(write(tmp_path, "alias.yaml", text))
    p = only(problems)
    assert (p.line, p.col) == (3, 5)
    assert p.message == "aliases (*r) are not allowed in board files; write the value out"
    _, problems = load_board_file(write(tmp_path, "bomb.yaml", "\n".join(bomb) + "\nrows: [[x]]\n"))
    assert len(problems) == 8 * 9 and all("aliases" in p.message for p in problems)


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "deep.yaml", "rows: " + "[" * 5000 + "\n"))
    assert any("nested too deeply" in p.message for p in problems)


# --- wrong keys, wrong types ------------------------------------------------------------------


def test_unknown_keys_suggest_the_right_one(tmp_path: Path) -> None:
    text = "nmae: Core\nrows:\n  - [{lable: eat}, {label: b, colour: verb}, {label: c, zzz: 1}]\n"
    board, problems = load_board_file(write(tmp_path, "k.yaml", text))
    assert board is None
    got = {(p.line, p.col): p.message for p in problems}
    assert got == {
        (1, 1): 'unknown key "nmae" in board (did you mean "name"?)',
        at(text, 3, "lable"): 'unknown key "lable" in cell (did you mean "label"?)',
        # no second "cell has no label" for the same typo
        at(text, 3, "colour"): 'unknown key "colour" in cell (did you mean "color"?)',
        at(text, 3, "zzz"): 'unknown key "zzz" in cell (allowed: label, say, symbol, color, '
                            "link, back_after_select, action, letter, sound, cue, hidden)",
    }


def test_wrong_types_name_key_and_expectation(tmp_path: Path) -> None:
    text = (
        "columns: six\n"
        "scan: {pattern: colum-row}\n"
        "locale: English language\n"
        "rows:\n"
        "  - - {label: [a, b]}\n"
        "    - {label: x, hidden: yes}\n"
        "    - {label: y, color: purple}\n"
        "    - {label: z, action: [speak, shout]}\n"
        "    - [nested]\n"
        "    - {label: w, back_after_select: 1}\n"
        "    - ''\n"
        "  - just a word\n"
        "  - null\n"
    )
    board, problems = load_board_file(write(tmp_path, "w.yaml", text))
    assert board is None
    got = {(p.line, p.col): p.message for p in problems}
    assert len(got) == 12
    assert got[(1, 10)] == 'columns must be a whole number from 1 to 64; got "six"'
    assert got[at(text, 2, "colum-")] == (
        'unknown scan pattern "colum-row" (did you mean "column-row"? '
        "allowed: row-column, column-row, linear)")
    assert got[at(text, 3, "English")].startswith('locale "English language" is not a language tag')
    assert got[at(text, 5, "[a")] == "label must be text; got a list"
    assert got[at(text, 6, "yes")] == 'hidden must be true or false; got "yes"'
    assert got[at(text, 7, "purple")] == (
        'unknown color "purple" (allowed: noun, verb, describe, social, question, misc or #RRGGBB)')
    assert got[at(text, 8, "shout")] == (
        'unknown action "shout" (allowed: speak, clear, backspace, space, home, back, stop, '
        'repeat)')
    assert got[at(text, 9, "[")].startswith("a cell must be a word or a map")
    assert got[at(text, 10, "1}")] == 'back_after_select must be true or false; got "1"'
    assert got[at(text, 11, "'")].startswith("a cell's label is empty")
    assert got[at(text, 12, "just")].startswith('a row must be a list of cells; got "just a word"')
    assert got[at(text, 13, "null")].startswith("a row must be a list of cells; got nothing")
    assert all(p.severity == "error" for p in problems)


def test_unquoted_hex_color_is_a_comment_and_the_message_says_so(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "h.yaml", "rows:\n  - - label: a\n"
                                                            "      color: #FF0000\n"))
    p = only(problems)
    assert p.line == 3 and "quotes" in p.message


def test_columns_bounds_and_missing_rows(tmp_path: Path) -> None:
    _, problems = load_board_file(write(tmp_path, "c.yaml", "columns: 65\nname: x\n"))
    got = {p.message for p in problems}
    assert got == {"columns must be from 1 to 64; got 65", "board has no `rows:`"}
    _, problems = load_board_file(write(tmp_path, "r.yaml", "rows: []\n"))
    assert only(problems).message == "rows is empty: a board needs at least one row"


def test_size_bounds_rows_and_cells(tmp_path: Path) -> None:
    many_rows = "rows:\n" + "  - [a]\n" * (MAX_ROWS + 1)
    p = only(load_board_file(write(tmp_path, "r.yaml", many_rows))[1])
    assert p.line == MAX_ROWS + 2 and "at most 64" in p.message
    wide = "rows:\n  - [" + ", ".join(["w"] * 70) + "]\n"
    p = only(load_board_file(write(tmp_path, "w.yaml", wide))[1])
    assert "70 cells in a row; at most 64" in p.message


# --- warnings ---------------------------------------------------------------------------------


def test_warnings_keep_the_board(tmp_path: Path) -> None:
    text = (
        "columns: 2\n"
        "rows:\n"
        "  - []\n"
        "  - [{label: cat, symbol: pics/cat.png}, {label: moo, sound: moo.wav}, c]\n"
        "  - [{label: d, back_after_select: true}]\n"
    )
    board, problems = load_board_file(write(tmp_path, "warn.yaml", text))
    assert board is not None, [str(p) for p in problems]
    assert {p.severity for p in problems} == {"warning"}
    got = {(p.line, p.col): p.message for p in problems}
    assert got[(3, 5)].startswith("empty row")
    assert got[(4, 5)].startswith("row 2 has 3 cells but columns is 2")
    assert len(got) == 5
    assert got[at(text, 4, "pics")].startswith('symbol file "pics/cat.png" not found')
    assert got[at(text, 4, "pics")].endswith("the cell shows its label")
    assert got[at(text, 4, "moo.wav")].startswith('sound file "moo.wav" not found')
    assert got[at(text, 5, "{")].startswith(
        "back_after_select has an effect only on a cell with a link")
    assert board.rows[1][0].label == "cat" and board.rows[1][0].symbol == "pics/cat.png"
    assert board.columns == 3  # widened to the longest row


# --- sets -------------------------------------------------------------------------------------


def make_set(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    write(folder, "home.yaml", "rows:\n  - [I, {label: Food, link: fod}, {label: F, "
                               "link: feelings}]\n")
    write(folder, "food.yaml", "rows: [[apple, {label: Home, link: home}]]\n")
    write(folder, "feelings.yaml", "rows: [[happy]]\n")
    write(folder, "people.yaml", "rows: [[Mum]]\n")
    return folder


def test_dangling_link_message_exactly(tmp_path: Path) -> None:
    folder = make_set(tmp_path / "boards")
    result = load_board_set(folder)
    assert result.boards is None and not result.ok
    p = only(result.problems)
    assert str(p) == (f"{folder / 'home.yaml'}:2:9: error: cell \"Food\" links to unknown "
                      'board "fod" (did you mean "food"? known: feelings, food, home, people)')


def test_problem_file_is_the_path_as_given_joined_with_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_set(tmp_path / "boards")
    monkeypatch.chdir(tmp_path)
    assert only(load_board_set("boards").problems).file == "boards/home.yaml"
    assert only(load_board_set("boards/").problems).file == "boards/home.yaml"


def test_a_good_set_loads_with_home_first(tmp_path: Path) -> None:
    folder = make_set(tmp_path / "boards")
    write(folder, "home.yaml", "rows:\n  - [I, {label: Food, link: food}]\n")
    result = load_board_set(folder)
    assert result.ok and result.problems == []
    assert result.boards is not None
    assert sorted(result.boards.boards) == ["feelings", "food", "home", "people"]
    assert result.boards.home == "home" and result.boards.root == str(folder)
    assert result.boards["food"].rows[0][1].link == "home"


def test_set_yaml_names_home_and_is_not_a_board(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "core.yaml", "rows: [[a, {label: T, link: topics}]]\n")
    write(folder, "topics.yaml", "rows: [[b]]\n")
    write(folder, "set.yaml", "home: core\n")
    result = load_board_set(folder)
    assert result.ok and result.boards is not None
    assert result.boards.home == "core" and "set" not in result.boards
    write(folder, "set.yaml", "home: cor\nhoem: x\n")
    result = load_board_set(folder)
    got = [(p.line, p.col, p.message) for p in result.problems]
    assert got == [(1, 7, 'home board "cor" is not in the set (did you mean "core"? known: '
                          "core, topics)"),
                   (2, 1, 'unknown key "hoem" in set.yaml (did you mean "home"?)')]
    assert {p.file for p in result.problems} == {str(folder / "set.yaml")}


def test_a_broken_home_board_is_reported_once(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "home.yaml", "rows: [[a\n")
    write(folder, "b.yaml", "rows: [[{label: H, link: home}]]\n")
    p = only(load_board_set(folder).problems)
    assert p.file == str(folder / "home.yaml") and "never closed" in p.message


def test_set_without_home(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "a.yaml", "rows: [[a]]\n")
    write(folder, "b.yaml", "rows: [[b]]\n")
    assert only(load_board_set(folder).problems).message.startswith("no home board")


def test_one_broken_file_is_reported_and_links_to_it_are_not_dangling(tmp_path: Path) -> None:
    folder = make_set(tmp_path / "boards")
    write(folder, "home.yaml", "rows:\n  - [I, {label: Food, link: food}]\n")
    write(folder, "food.yaml", "rows:\n\t- [apple]\n")
    result = load_board_set(folder)
    assert result.boards is None
    p = only(result.problems)
    assert p.file == str(folder / "food.yaml") and "tab" in p.message


def test_duplicate_board_ids_in_a_set(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    write(folder, "home.yaml", "rows: [[a]]\n")
    write(folder, "other.yaml", "id: home\nrows: [[b]]\n")
    p = only(load_board_set(folder).problems)
    assert (p.line, p.col) == (1, 5) and "already used by" in p.message


def test_single_file_links_to_its_siblings_are_fine(tmp_path: Path) -> None:
    folder = make_set(tmp_path / "boards")
    result = load_board_set(folder / "food.yaml")
    assert result.ok and result.boards is not None and result.boards.home == "food"
    p = only(load_board_set(folder / "home.yaml").problems)
    assert 'unknown board "fod"' in p.message


def test_missing_path_and_non_yaml_are_problems_not_exceptions(tmp_path: Path) -> None:
    p = only(load_board_set(tmp_path / "nope").problems)
    assert p.message == "no such file or folder" and (p.line, p.col) == (1, 1)
    txt = write(tmp_path, "notes.txt", "hello")
    assert "not a board file" in only(load_board_set(txt).problems).message
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no board files" in only(load_board_set(empty).problems).message


def test_fixture_set_loads_cleanly() -> None:
    result = load_board_set(DATA / "boards_good")
    assert result.problems == [] and result.boards is not None
    home = result.boards["home"]
    assert [c.label for c in home.rows[0] if c] == ["yes", "No", "on", "OFF", "1:30", "007"]


def test_default_board_set_is_clean(default_boards: Path) -> None:
    if not default_boards.is_dir():
        pytest.skip("no default boards/ yet")
    result = load_board_set(default_boards)
    assert [str(p) for p in result.problems] == []
    assert result.boards is not None and result.boards.home in result.boards
