"""The message bar (issue 16.10): touching it speaks, ``clear_after_speak``, ``action: repeat``."""

from __future__ import annotations

from aac.core.board import ACTIONS, Board, BoardSet, Cell
from aac.core.outputs import MessageChanged, Speak, Utterance
from aac.core.session import Session

U = Utterance
HOME = Board("home", ((Cell("I"), Cell("want"), Cell("Speak", action=("speak",)),
                       Cell("Again", action=("repeat",)), Cell("h", letter="h")),))


def session(**kw: bool) -> Session:
    return Session(BoardSet({"home": HOME}), **kw)


def test_touching_the_message_bar_speaks_the_whole_message() -> None:
    s = session()
    s.select(0, 0)
    s.select(0, 1)
    assert s.message_touched() == [Speak((U("I"), U("want")), kind="message")]
    assert s.message_text == "I want"  # kept by default


def test_touching_an_empty_message_bar_says_nothing() -> None:
    assert session().message_touched() == []


def test_the_bar_speaks_a_word_still_being_spelled() -> None:
    s = session()
    s.select(0, 4)
    assert s.message_touched() == [Speak((U("h"),), kind="message")]


def test_clear_after_speak_empties_the_bar_after_speaking() -> None:
    s = session(clear_after_speak=True)
    s.select(0, 0)
    assert s.message_touched() == [Speak((U("I"),), kind="message"), MessageChanged("")]
    s.select(0, 1)
    assert s.select(0, 2) == [Speak((U("want"),), kind="message"), MessageChanged("")]


def test_repeat_says_the_last_utterance_again() -> None:
    assert "repeat" in ACTIONS
    s = session()
    assert s.select(0, 3) == []  # nothing said yet
    s.select(0, 0)
    assert s.select(0, 3) == [Speak((U("I"),))]
    s.select(0, 1)
    s.select(0, 2)
    assert s.select(0, 3) == [Speak((U("I"), U("want")), kind="message")]
    assert s.message_text == "I want"  # repeating adds nothing to the message


def test_repeat_after_clear_after_speak_still_has_the_sentence() -> None:
    s = session(clear_after_speak=True)
    s.select(0, 0)
    s.message_touched()
    assert s.select(0, 3) == [Speak((U("I"),), kind="message")]
