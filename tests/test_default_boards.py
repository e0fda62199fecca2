"""The default board set in ``boards/`` is usable on day one and lints clean.

These tests read the real files through the real loader, so a teacher's edit that breaks a
link, drops a core word or a way back fails here before a child meets it.
"""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path

import jsonschema
import pytest

import aac.boards
from aac.boards.loader import load_board_set
from aac.boards.problems import LoadResult
from aac.core.board import WORD_CLASS_COLORS, Board, BoardSet, Cell
from aac.core.outputs import Navigate, Speak, Utterance
from aac.core.session import Session

BOARDS = Path(__file__).resolve().parent.parent / "boards" / "en"  # the English set

# fmt: off
CORE_WORDS = (
    "I", "you", "want", "not", "like", "go", "stop", "more", "help", "yes", "no", "that", "get",
    "make", "look", "turn", "put", "eat", "drink", "open", "finished", "different", "same",
    "good", "bad", "what", "where", "who", "in", "on", "up", "down", "here", "it", "he", "she",
    "we", "can", "do", "play", "feel", "again",
)
# fmt: on
TOPICS = ("food", "feelings", "people", "places")
CHAT_PHRASES = ("hello", "goodbye", "thank you", "I need a break", "I need help", "I don't know")


@pytest.fixture(scope="module")
def result() -> LoadResult:
    return load_board_set(BOARDS)


@pytest.fixture(scope="module")
def boards(result: LoadResult) -> BoardSet:
    assert result.boards is not None, "\n".join(str(p) for p in result.errors)
    return result.boards


def is_word(cell: Cell) -> bool:
    return cell.link is None and not cell.action and cell.letter is None


def words(board: Board) -> list[Cell]:
    return [c for _, _, c in board.visible_cells() if is_word(c)]


def cells(board: Board) -> list[Cell]:
    return [c for _, _, c in board.visible_cells()]


def linked_from(board: Board) -> list[str]:
    return [c.link for c in cells(board) if c.link is not None]


def has_way_back(board: Board) -> bool:
    return any({"back", "home"} & set(c.action) for c in cells(board))


def find(board: Board, label: str) -> tuple[int, int]:
    hits = [(r, c) for r, c, cell in board.visible_cells() if cell.label == label]
    assert len(hits) == 1, f"{board.id}: expected one cell labelled {label!r}, found {hits}"
    return hits[0]


def test_the_set_lints_clean(result: LoadResult) -> None:
    """What ``aac lint boards/`` reports: no errors and no warnings."""
    assert [str(p) for p in result.problems] == []
    assert result.ok


def test_the_set_has_home_topics_chat_and_keyboard(boards: BoardSet) -> None:
    assert boards.home == "home"
    assert set(TOPICS) | {"home", "chat", "keyboard"} <= set(boards.boards)


def test_home_has_40_to_48_core_words_including_the_agreed_list(boards: BoardSet) -> None:
    labels = [c.label for c in words(boards.home_board)]
    assert 40 <= len(labels) <= 48
    assert len(set(labels)) == len(labels), "a core word appears twice"
    missing = [w for w in CORE_WORDS if w not in labels]
    assert missing == []


def test_words_yaml_1_1_would_turn_into_booleans_stay_text(boards: BoardSet) -> None:
    home = {c.label: c for c in words(boards.home_board)}
    for label in ("yes", "no", "on", "off"):
        assert home[label].spoken == label
    letters = [c.letter for c in cells(boards["keyboard"])]
    assert "y" in letters and "n" in letters


def test_every_word_has_a_word_class_colour(boards: BoardSet) -> None:
    uncoloured = [
        f"{b.id}:{c.label}"
        for b in boards.boards.values()
        if b.id != "keyboard"
        for c in words(b)
        if c.color not in WORD_CLASS_COLORS
    ]
    assert uncoloured == []


def test_core_word_classes_follow_the_key(boards: BoardSet) -> None:
    home = {c.label: c.color for c in words(boards.home_board)}
    for verb in ("want", "go", "eat", "drink", "make", "look", "play", "help", "open"):
        assert home[verb] == "verb", verb
    for describing in ("good", "bad", "same", "different", "more"):
        assert home[describing] == "describe", describing
    for question in ("what", "where", "who"):
        assert home[question] == "question", question
    for little in ("in", "on", "up", "down"):
        assert home[little] == "misc", little


def test_home_links_to_topics_quick_chat_and_keyboard(boards: BoardSet) -> None:
    links = linked_from(boards.home_board)
    for target in (*TOPICS, "chat", "keyboard"):
        assert target in links, target
    actions = {a for c in cells(boards.home_board) for a in c.action}
    assert {"speak", "clear", "backspace"} <= actions


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_boards_return_after_a_word_and_have_a_way_back(boards: BoardSet, topic: str) -> None:
    board = boards[topic]
    assert board.back_after_select
    assert 15 <= len(words(board)) <= 30
    actions = {a for c in cells(board) for a in c.action}
    assert {"back", "home"} <= actions


def test_topic_boards_keep_back_and_home_in_the_same_place(boards: BoardSet) -> None:
    """Motor planning: the way out is where the hand expects it on every topic board."""
    places = set()
    for topic in TOPICS:
        board = boards[topic]
        places.add((find(board, "Back")[1], find(board, "Home")[1], board.columns))
    assert len(places) == 1


def test_quick_chat_has_the_social_phrases(boards: BoardSet) -> None:
    said = {c.spoken for c in words(boards["chat"])} | {c.label for c in words(boards["chat"])}
    assert [p for p in CHAT_PHRASES if p not in said] == []
    assert has_way_back(boards["chat"])


def test_keyboard_has_a_to_z_and_the_editing_actions(boards: BoardSet) -> None:
    kb = boards["keyboard"]
    letters = sorted(c.letter for c in cells(kb) if c.letter is not None)
    assert letters == [chr(i) for i in range(ord("a"), ord("z") + 1)]
    actions = {a for c in cells(kb) for a in c.action}
    assert {"space", "backspace", "clear", "speak"} <= actions
    assert has_way_back(kb)


def test_every_link_resolves_and_every_board_is_reachable_from_home(boards: BoardSet) -> None:
    seen = {boards.home}
    todo = deque([boards.home])
    while todo:
        for target in linked_from(boards[todo.popleft()]):
            assert target in boards, f"link to unknown board {target!r}"
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(boards.boards)


def test_every_board_but_home_has_a_way_back(boards: BoardSet) -> None:
    stuck = [b.id for b in boards.boards.values() if b.id != boards.home and not has_way_back(b)]
    assert stuck == []


def test_every_label_is_readable_without_a_symbol(boards: BoardSet) -> None:
    unreadable = [
        f"{b.id}:{c.line}:{c.col}"
        for b in boards.boards.values()
        for c in cells(b)
        if not re.search(r"\w", c.label)
    ]
    assert unreadable == []


def test_every_symbol_or_sound_used_is_licensed(boards: BoardSet) -> None:
    """Every picture (each library reference, or a file's folder) is recorded in LICENSES."""
    licences = (BOARDS.parent / "LICENSES").read_text(encoding="utf-8")  # one for every set
    assert "CC0" in licences
    used = {
        Path(p).parts[0]
        for b in boards.boards.values()
        for c in cells(b)
        for p in (c.symbol, c.sound)
        if p is not None
    }
    assert [folder for folder in used if folder not in licences] == []


# -- the boards in use -----------------------------------------------------------------------


def test_a_child_says_i_want_an_apple_and_lands_back_on_core_words(boards: BoardSet) -> None:
    s = Session(boards)
    home, food = boards.home_board, boards["food"]
    s.select(*find(home, "I"))
    s.select(*find(home, "want"))
    assert s.select(*find(home, "Food")) == [Navigate("food")]
    out = s.select(*find(food, "apple"))
    assert Speak((Utterance("an apple"),)) in out and Navigate("home") in out
    assert s.board.id == "home"
    assert s.select(*find(home, "Speak")) == [
        Speak((Utterance("I"), Utterance("want"), Utterance("an apple")), kind="message")
    ]


def test_spelling_on_the_keyboard_then_speaking(boards: BoardSet) -> None:
    s = Session(boards)
    s.select(*find(boards.home_board, "ABC"))
    kb = boards["keyboard"]
    for ch in "hi":
        s.select(*find(kb, ch))
    assert s.select(*find(kb, "Space")) == [Speak((Utterance("hi"),))]
    for ch in "yo":
        s.select(*find(kb, ch))
    s.select(*find(kb, "⌫ Delete"))
    assert s.message_text == "hi y"
    assert s.select(*find(kb, "Speak")) == [
        Speak((Utterance("hi"), Utterance("y")), kind="message")
    ]
    assert s.board.id == "keyboard"
    s.select(*find(kb, "Home"))
    assert s.board.id == "home" and s.depth == 1


# -- tools teachers use on these files ---------------------------------------------------------


def test_aac_lint_reports_the_default_set_clean(capsys: pytest.CaptureFixture[str]) -> None:
    from aac.cli import main

    assert main(["lint", "--json", str(BOARDS)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["problems"] == []
    assert set(report["boards"]) == {"home", *TOPICS, "chat", "keyboard"}


@pytest.mark.parametrize("file", sorted(f for f in BOARDS.glob("*.yaml") if f.name != "set.yaml"),
                         ids=lambda p: p.name)  # set.yaml is not a board: set.schema.json
def test_each_board_file_passes_the_shipped_json_schema(file: Path) -> None:
    """An editor checking with the schema agrees with the loader on these files."""
    from aac.boards.yamlnodes import read_yaml, to_data12

    schema = json.loads((Path(aac.boards.__file__).parent / "board.schema.json").read_text())
    node, problems = read_yaml(file.read_bytes(), str(file))
    assert problems == [] and node is not None
    errors = [
        e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(to_data12(node))
    ]
    assert errors == []
