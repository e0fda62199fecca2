"""Which language the communicator starts in (aac.language): --language, profile, locale, en."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac.language import (
    UnknownLanguage,
    available_languages,
    best_match,
    boards_for,
    choose_language,
    from_locale,
    language_boards,
)

AVAILABLE = ["en", "sr", "sr-Latn", "ru", "be", "uk", "az", "sq", "mn"]
BOARDS = Path(__file__).resolve().parent.parent / "boards"


@pytest.mark.parametrize("locale, tag", [
    ("sr_RS@latin", "sr-Latn-RS"), ("sr_RS.UTF-8", "sr-RS"), ("az_AZ", "az-AZ"),
    ("ru_RU.UTF-8", "ru-RU"), ("C", None), ("POSIX", None), ("C.UTF-8", None), ("", None),
    ("sr_ME.UTF-8@latin", "sr-Latn-ME"), ("mn_MN.UTF-8", "mn-MN"),
])
def test_from_locale(locale: str, tag: str) -> None:
    assert from_locale(locale) == tag


@pytest.mark.parametrize("tag, found", [
    ("sr-Latn-RS", "sr-Latn"), ("ru-RU", "ru"), ("sr-RS", "sr"), ("sr-Cyrl-RS", "sr"),
    ("SR-latn", "sr-Latn"), ("sq-XK", "sq"), ("de-DE", None), ("az-Latn-AZ", "az"),
])
def test_best_match(tag: str, found: str) -> None:
    assert best_match(tag, AVAILABLE) == found


def test_flag_beats_profile_beats_locale_beats_english() -> None:
    env = {"LANG": "ru_RU.UTF-8"}
    assert choose_language("mn", "az", env, AVAILABLE) == "mn"
    assert choose_language(None, "az", env, AVAILABLE) == "az"
    assert choose_language(None, None, env, AVAILABLE) == "ru"
    assert choose_language(None, None, {}, AVAILABLE) == "en"
    assert choose_language(None, None, {"LANG": "C.UTF-8"}, AVAILABLE) == "en"


def test_locale_order_language_list_then_lc_all_then_lang() -> None:
    env = {"LANGUAGE": "de:sr_RS@latin:ru", "LC_ALL": "uk_UA.UTF-8", "LANG": "be_BY"}
    assert choose_language(None, None, env, AVAILABLE) == "sr-Latn"  # de has no set: skipped
    assert choose_language(None, None, {"LC_ALL": "uk_UA.UTF-8", "LANG": "be_BY"},
                           AVAILABLE) == "uk"
    assert choose_language(None, "xx", {"LANG": "be_BY"}, AVAILABLE) == "be"


def test_unknown_flag_is_an_error_naming_what_exists() -> None:
    with pytest.raises(UnknownLanguage, match="no board set for language 'de'.*sr-Latn"):
        choose_language("de", None, {}, AVAILABLE)


def test_the_repository_sets_are_found() -> None:
    assert set(AVAILABLE) <= set(available_languages(BOARDS))
    assert language_boards("sr-Latn-RS", BOARDS, {}) == BOARDS / "sr-Latn"
    assert language_boards(None, BOARDS, {"LANG": "mn_MN.UTF-8"}) == BOARDS / "mn"
    en = BOARDS / "en" if (BOARDS / "en").is_dir() else BOARDS
    assert language_boards(None, BOARDS, {"LANG": "C"}) == en
    assert boards_for("en", BOARDS) == en
