"""The session model: message bar, spelling, navigation stack and what gets spoken.

Boards are built in code so every test states exactly which cells exist; outputs are frozen
values, so each test compares the full list a selection produced, in order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aac.core.board import Board, BoardSet, Cell
from aac.core.outputs import MessageChanged, Navigate, Speak, StopSpeech, Utterance
from aac.core.session import Session

U = Utterance


def board(board_id: str, *rows: list[Optional[Cell]], **kw: object) -> Board:
    return Board(board_id, tuple(tuple(r) for r in rows), **kw)  # type: ignore[arg-type]


def board_set(*boards: Board, home: str = "home") -> BoardSet:
    return BoardSet({b.id: b for b in boards}, home=home)


def word(label: str, **kw: object) -> Cell:
    return Cell(label, **kw)  # type: ignore[arg-type]


def letter(ch: str) -> Cell:
    return Cell(ch, letter=ch)


def action(*names: str) -> Cell:
    return Cell(names[0].title(), action=names)


def link(target: str, **kw: object) -> Cell:
    return Cell(target.title(), link=target, **kw)  # type: ignore[arg-type]


def activate_all(s: Session, *cells: Cell) -> list[object]:
    out: list[object] = []
    for c in cells:
        out.extend(s.activate(c))
    return out


@pytest.fixture
def s() -> Session:
    """A home board with words, the topic "food" (returns after a word) and "toys"."""
    home = board(
        "home",
        [word("I"), word("want"), word("drink", say="I want a drink"), None],
        [link("food"), link("toys"), action("speak"), word("secret", hidden=True)],
    )
    food = board(
        "food",
        [word("apple", say="an apple"), word("more"), link("fruit")],
        [action("back"), action("home"), letter("x")],
        back_after_select=True,
    )
    toys = board("toys", [word("ball"), link("fruit"), action("back")])
    fruit = board("fruit", [word("pear"), action("back"), action("home")])
    return Session(board_set(home, food, toys, fruit))


# -- words -------------------------------------------------------------------------------


def test_word_appends_and_speaks_it(s: Session) -> None:
    assert s.select(0, 0) == [Speak((U("I"),)), MessageChanged("I")]
    assert s.select(0, 1) == [Speak((U("want"),)), MessageChanged("I want")]
    assert s.message == (U("I"), U("want"))
    assert s.message_text == "I want"
    assert s.board.id == "home" and s.depth == 1


def test_say_is_spoken_and_added_instead_of_label(s: Session) -> None:
    assert s.select(0, 2) == [Speak((U("I want a drink"),)), MessageChanged("I want a drink")]
    assert s.message == (U("I want a drink"),)


def test_labels_that_yaml_would_mangle_are_spoken_as_text() -> None:
    home = board("home", [word("yes"), word("no"), word("on"), word("off"), word("007")])
    s = Session(board_set(home))
    for col in range(5):
        s.select(0, col)
    assert s.message_text == "yes no on off 007"


# -- spelling ----------------------------------------------------------------------------


def test_letters_build_a_word_in_the_bar_without_speaking() -> None:
    s = Session(board_set(board("home", [letter("c"), letter("a"), letter("t")])))
    assert s.select(0, 0) == [MessageChanged("c")]
    assert s.select(0, 1) == [MessageChanged("ca")]
    assert s.select(0, 2) == [MessageChanged("cat")]
    assert s.spelling == "cat"
    assert s.message == ()
    assert s.message_text == "cat"


def test_space_commits_the_spelled_word_and_speaks_it() -> None:
    s = Session(board_set(board("home", [word("I")])))
    activate_all(s, word("I"), letter("s"), letter("e"), letter("e"))
    assert s.activate(action("space")) == [Speak((U("see"),))]
    assert s.spelling == ""
    assert s.message == (U("I"), U("see"))
    assert s.message_text == "I see"


def test_space_with_nothing_spelled_does_nothing() -> None:
    s = Session(board_set(board("home", [word("I")])))
    s.select(0, 0)
    assert s.activate(action("space")) == []
    assert s.message == (U("I"),)


def test_a_word_after_letters_commits_the_spelling_first(s: Session) -> None:
    activate_all(s, letter("m"), letter("a"), letter("x"))
    out = s.activate(word("is"))
    assert out == [Speak((U("is"),)), MessageChanged("max is")]
    assert s.message == (U("max"), U("is"))
    assert s.spelling == ""


def test_letters_after_words_start_a_new_word(s: Session) -> None:
    s.select(0, 0)
    assert s.activate(letter("a")) == [MessageChanged("I a")]
    assert s.message == (U("I"),)
    assert s.spelling == "a"


# -- message editing ---------------------------------------------------------------------


def test_backspace_removes_letters_then_whole_words(s: Session) -> None:
    s.select(0, 0)
    s.select(0, 1)
    activate_all(s, letter("u"), letter("p"))
    bs = action("backspace")
    assert s.activate(bs) == [MessageChanged("I want u")]
    assert s.activate(bs) == [MessageChanged("I want")]
    assert s.spelling == ""
    assert s.activate(bs) == [MessageChanged("I")]
    assert s.activate(bs) == [MessageChanged("")]
    assert s.message == ()
    assert s.activate(bs) == []


def test_backspace_removes_a_committed_spelled_word_whole() -> None:
    s = Session(board_set(board("home", [word("I")])))
    activate_all(s, letter("h"), letter("i"), action("space"))
    assert s.activate(action("backspace")) == [MessageChanged("")]
    assert s.message == () and s.spelling == ""


def test_clear_empties_message_and_spelling(s: Session) -> None:
    s.select(0, 0)
    activate_all(s, letter("o"))
    assert s.activate(action("clear")) == [MessageChanged("")]
    assert s.message == () and s.spelling == "" and s.message_text == ""
    assert s.activate(action("clear")) == []


def test_stop_silences_and_keeps_the_message(s: Session) -> None:
    s.select(0, 0)
    assert s.activate(action("stop")) == [StopSpeech()]
    assert s.message_text == "I"


def test_an_action_list_runs_in_order() -> None:
    s = Session(board_set(board("home", [word("hi")])))
    s.select(0, 0)
    out = s.activate(Cell("Say and clear", action=("speak", "clear")))
    assert out == [Speak((U("hi"),), kind="message"), MessageChanged("")]


# -- speaking the message ----------------------------------------------------------------


def test_speak_says_the_whole_message_in_order_with_recorded_parts(tmp_path: Path) -> None:
    """Clips are the loader's resolved ``sound_file`` (absolute), never joined here."""
    hello, nan, laugh = (str(tmp_path / n) for n in ("hello.wav", "nan.ogg", "laugh.wav"))
    home = board(
        "home",
        [word("hello", sound="clips/hello.wav", sound_file=hello), link("people"),
         action("speak")],
        [word("laugh", sound_file=laugh), word("and")],
    )
    people = board("people", [word("Nan", sound="../clips/nan.ogg", sound_file=nan)])
    s = Session(board_set(home, people))
    s.select(0, 0)
    s.select(1, 1)
    s.select(0, 1)
    assert s.select(0, 0) == [Speak((U("Nan", nan),)), MessageChanged("hello and Nan")]
    s.activate(action("back"))
    s.select(1, 0)
    activate_all(s, letter("o"), letter("k"))
    expected = (U("hello", hello), U("and"), U("Nan", nan), U("laugh", laugh), U("ok"))
    assert s.select(0, 2) == [Speak(expected, kind="message")]
    assert s.message == expected
    assert s.spelling == ""


def test_word_with_sound_speaks_the_clip_at_once(tmp_path: Path) -> None:
    clip = str(tmp_path / "hi.wav")
    home = board("home", [word("hi", sound="hi.wav", sound_file=clip)])
    s = Session(board_set(home))
    assert s.select(0, 0) == [Speak((U("hi", clip),)), MessageChanged("hi")]


def test_a_sound_the_loader_could_not_find_is_spoken_instead() -> None:
    s = Session(board_set(board("home", [word("hi", sound="hi.wav")])))  # sound_file None
    assert s.select(0, 0)[0] == Speak((U("hi"),))


def test_a_link_to_a_board_that_failed_to_load_does_nothing() -> None:
    """Issue 16.1: the loader makes it inert (link None, broken_link set); speaking the
    folder's label instead would be wrong."""
    folder = Cell("Food", broken_link="food")
    s = Session(board_set(board("home", [folder, word("hi")])))
    assert s.select(0, 0) == []
    assert s.message == () and s.board.id == "home"


def test_speak_with_only_letters_commits_them_and_speaks() -> None:
    s = Session(board_set(board("home", [word("x")])))
    activate_all(s, letter("n"), letter("o"))
    assert s.activate(action("speak")) == [Speak((U("no"),), kind="message")]
    assert s.message == (U("no"),)
    assert s.message_text == "no"


def test_speak_with_an_empty_message_says_nothing(s: Session) -> None:
    assert s.select(1, 2) == []


# -- navigation --------------------------------------------------------------------------


def test_link_navigates_and_pushes_the_back_stack(s: Session) -> None:
    assert s.select(1, 1) == [Navigate("toys")]
    assert s.board.id == "toys" and s.depth == 2
    assert s.select(0, 1) == [Navigate("fruit")]
    assert s.depth == 3
    assert s.select(0, 1) == [Navigate("toys")]
    assert s.select(0, 2) == [Navigate("home")]
    assert s.depth == 1
    assert s.message == ()


def test_back_and_home_do_nothing_on_the_home_board(s: Session) -> None:
    assert s.activate(action("back")) == []
    assert s.activate(action("home")) == []
    assert s.board.id == "home" and s.depth == 1


def test_home_returns_from_any_depth(s: Session) -> None:
    s.select(1, 1)
    s.select(0, 1)
    assert s.depth == 3
    assert s.select(0, 2) == [Navigate("home")]
    assert s.depth == 1 and s.board.id == "home"


def test_link_that_also_says_something_adds_the_word_then_navigates() -> None:
    home = board("home", [link("food", say="I am hungry")])
    food = board("food", [word("apple")])
    s = Session(board_set(home, food))
    assert s.select(0, 0) == [
        Speak((U("I am hungry"),)),
        Navigate("food"),
        MessageChanged("I am hungry"),
    ]
    assert s.board.id == "food"


def test_link_to_a_missing_board_does_nothing() -> None:
    s = Session(board_set(board("home", [link("nowhere")])))
    assert s.select(0, 0) == []
    assert s.board.id == "home" and s.depth == 1


# -- back_after_select ---------------------------------------------------------------------


def test_board_level_back_after_select_returns_after_a_word(s: Session) -> None:
    s.select(0, 0)
    assert s.select(1, 0) == [Navigate("food")]
    out = s.select(0, 0)
    assert out == [Speak((U("an apple"),)), Navigate("home"), MessageChanged("I an apple")]
    assert s.board.id == "home" and s.depth == 1


def test_back_after_select_does_not_return_after_a_letter_or_an_action(s: Session) -> None:
    s.select(1, 0)
    assert s.select(1, 2) == [MessageChanged("x")]  # a letter
    assert s.board.id == "food"
    s.activate(action("speak"))
    s.activate(action("clear"))
    s.activate(action("stop"))
    assert s.board.id == "food" and s.depth == 2


def test_back_after_select_follows_a_link_instead_of_returning(s: Session) -> None:
    s.select(1, 0)
    assert s.select(0, 2) == [Navigate("fruit")]
    assert s.depth == 3
    # "fruit" itself does not return after a word.
    assert s.select(0, 0) == [Speak((U("pear"),)), MessageChanged("pear")]
    assert s.board.id == "fruit"


def test_back_after_select_returns_only_one_level() -> None:
    home = board("home", [link("a")])
    a = board("a", [link("b"), word("x")], back_after_select=True)
    b = board("b", [word("y")], back_after_select=True)
    s = Session(board_set(home, a, b))
    s.select(0, 0)
    s.select(0, 0)
    assert s.select(0, 0) == [Speak((U("y"),)), Navigate("a"), MessageChanged("y")]
    assert s.select(0, 1) == [Speak((U("x"),)), Navigate("home"), MessageChanged("y x")]


def test_cell_level_back_after_select_applies_only_through_that_link() -> None:
    home = board("home", [link("toys", back_after_select=True), link("toys")])
    toys = board("toys", [word("ball")])
    s = Session(board_set(home, toys))
    s.select(0, 0)
    assert s.select(0, 0) == [Speak((U("ball"),)), Navigate("home"), MessageChanged("ball")]
    s.select(0, 1)
    assert s.select(0, 0) == [Speak((U("ball"),)), MessageChanged("ball ball")]
    assert s.board.id == "toys"


def test_back_after_select_on_the_home_board_never_leaves_it() -> None:
    s = Session(board_set(board("home", [word("hi")], back_after_select=True)))
    assert s.select(0, 0) == [Speak((U("hi"),)), MessageChanged("hi")]
    assert s.depth == 1


# -- empty and hidden cells ----------------------------------------------------------------


@pytest.mark.parametrize("row,col", [(0, 3), (1, 3), (5, 0), (0, 9), (-1, 0), (0, -1)])
def test_empty_hidden_or_outside_cells_do_nothing(s: Session, row: int, col: int) -> None:
    s.select(0, 0)
    assert s.select(row, col) == []
    assert s.message_text == "I" and s.board.id == "home" and s.depth == 1


# -- reloading -----------------------------------------------------------------------------


def test_reload_keeps_the_current_board_when_it_still_exists(s: Session) -> None:
    s.select(0, 0)
    s.select(1, 1)
    new_toys = board("toys", [word("kite"), action("back")])
    new = board_set(s.boards["home"], new_toys)
    assert s.replace_boards(new) == []
    assert s.board is new_toys
    assert s.message_text == "I"
    assert s.select(0, 1) == [Navigate("home")]


def test_reload_falls_back_to_home_when_the_current_board_is_gone(s: Session) -> None:
    s.select(1, 1)
    s.select(0, 1)
    assert s.board.id == "fruit"
    new = board_set(s.boards["home"], s.boards["toys"])
    assert s.replace_boards(new) == [Navigate("toys")]
    assert s.depth == 2
    assert s.replace_boards(board_set(s.boards["home"])) == [Navigate("home")]
    assert s.depth == 1 and s.board.id == "home"


def test_reload_drops_missing_boards_from_the_middle_of_the_stack(s: Session) -> None:
    s.select(1, 1)
    s.select(0, 1)
    new = board_set(s.boards["home"], s.boards["fruit"])
    assert s.replace_boards(new) == []
    assert s.board.id == "fruit" and s.depth == 2
    assert s.activate(action("back")) == [Navigate("home")]


def test_reload_with_a_new_home_board_puts_it_at_the_bottom() -> None:
    old = board_set(board("home", [link("toys")]), board("toys", [word("ball")]))
    s = Session(old)
    s.select(0, 0)
    start = board("start", [word("hi")])
    assert s.replace_boards(board_set(start, old["toys"], home="start")) == []
    assert s.board.id == "toys"
    assert s.activate(action("home")) == [Navigate("start")]
    assert s.depth == 1


def test_reload_applies_a_changed_board_level_back_after_select() -> None:
    """A teacher's edit takes effect at once, even on the board the child is using."""
    home = board("home", [link("food")])
    food_returning = board("food", [word("apple")], back_after_select=True)
    s = Session(board_set(home, food_returning))
    s.select(0, 0)
    s.replace_boards(board_set(home, board("food", [word("apple")])))
    assert s.select(0, 0) == [Speak((U("apple"),)), MessageChanged("apple")]
    assert s.board.id == "food"
    s.replace_boards(board_set(home, food_returning))
    assert s.select(0, 0) == [Speak((U("apple"),)), Navigate("home"), MessageChanged("apple apple")]


# -- invariants ----------------------------------------------------------------------------


def _fuzz_set() -> BoardSet:
    """Every kind of cell, links in a cycle and to a missing board, ragged rows."""
    every = [
        word("w"),
        word("s", say="said", sound="s.wav"),
        letter("l"),
        None,
        word("h", hidden=True),
        link("a", back_after_select=True),
        link("b", say="to b"),
        link("missing"),
    ]
    actions = [
        Cell(a, action=(a,))
        for a in ("speak", "clear", "backspace", "space", "home", "back", "stop")
    ]
    actions.append(Cell("multi", action=("space", "backspace", "speak")))
    return board_set(
        board("home", every, actions, path="/boards/home.yaml"),
        board("a", actions, every[:3], [link("home")], back_after_select=True),
        board("b", [link("a"), word("x")], every, actions[4:]),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 9)), max_size=60))
def test_any_selection_sequence_keeps_the_session_consistent(
    presses: list[tuple[int, int]],
) -> None:
    s = Session(_fuzz_set())
    for row, col in presses:
        before = s.message_text
        out = s.select(row, col)
        assert s.depth >= 1
        assert s.board.id in s.boards
        words = [u.text for u in s.message] + ([s.spelling] if s.spelling else [])
        assert s.message_text == " ".join(words)
        changes = [o for o in out if isinstance(o, MessageChanged)]
        if s.message_text != before:
            assert changes == [MessageChanged(s.message_text)]
        else:
            assert changes == []
        navs = [o for o in out if isinstance(o, Navigate)]
        if navs:
            assert navs[-1] == Navigate(s.board.id)
        for o in out:
            if isinstance(o, Speak) and o.kind == "message":
                assert o.parts == s.message


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 9)), max_size=20),
    st.sets(st.sampled_from(["a", "b"])),
)
def test_reload_to_any_subset_lands_on_a_board_that_exists(
    presses: list[tuple[int, int]], kept: set[str]
) -> None:
    full = _fuzz_set()
    s = Session(full)
    for row, col in presses:
        s.select(row, col)
    shown = s.board.id
    message = s.message_text
    out = s.replace_boards(BoardSet({k: full[k] for k in {"home"} | kept}))
    assert s.board.id in s.boards
    assert s.message_text == message
    if shown in s.boards:
        assert s.board.id == shown and out == []
    else:
        assert out == [Navigate(s.board.id)]
    while s.depth > 1:
        s.activate(action("back"))
    assert s.board.id == "home"


# -- bounds and cycles (found by the hostile-input audit) ---------------------------------

def test_links_in_a_circle_return_to_the_board_instead_of_stacking_it(s: Session) -> None:
    s.activate(link("toys"))
    s.activate(link("fruit"))
    assert s.depth == 3
    assert s.activate(link("toys")) == [Navigate("toys")]  # back down the stack to toys
    assert s.depth == 2
    for _ in range(1000):  # home -> toys -> home ... never grows
        s.activate(link("home"))
        s.activate(link("toys"))
    assert s.depth == 2 and s.board.id == "toys"
    assert s.activate(link("toys")) == []  # a link to the board shown changes nothing
    s.activate(action("back"))
    assert s.board.id == "home" and s.depth == 1


def test_say_on_an_action_or_link_cell_is_spoken_then_the_action_runs(s: Session) -> None:
    out = s.activate(Cell("Bye", say="goodbye", action=("home",)))
    assert Speak((Utterance("goodbye"),)) in out and s.message_text == "goodbye"
    out = s.activate(Cell("Food", say="I want food", link="food"))
    assert out[0] == Speak((Utterance("I want food"),)) and Navigate("food") in out


def test_the_message_keeps_only_its_newest_words_past_its_bound(s: Session) -> None:
    from aac.core.session import MAX_MESSAGE_WORDS, MAX_SPELLING

    for i in range(MAX_MESSAGE_WORDS + 5):
        s.activate(word(f"w{i}"))
    assert len(s.message) == MAX_MESSAGE_WORDS
    assert s.message[0].text == "w5" and s.message[-1].text == f"w{MAX_MESSAGE_WORDS + 4}"
    for _ in range(MAX_SPELLING + 10):
        s.activate(letter("a"))
    assert s.spelling == "a" * MAX_SPELLING
