"""Which language the communicator starts in (aac.language): --language, profile, locale, en."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "aac", "run", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_run_with_an_unknown_language_says_which_exist(tmp_path: Path) -> None:
    out = _run(["--language", "de", "--terminal", "--exit-after", "0.1"], tmp_path)
    assert out.returncode == 2
    assert "no board set for language 'de'" in out.stderr and "mn" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_run_mongolian_shows_its_home_and_tells_the_carer_once(tmp_path: Path) -> None:
    shot = tmp_path / "mn.png"
    out = _run(["--language", "mn", "--window", "800x480", "--exit-after", "1",
                "--screenshot", str(shot)], tmp_path)
    assert out.returncode == 0, out.stderr
    assert shot.stat().st_size > 1000
    if shutil.which("espeak-ng") and "mn" not in subprocess.run(
            ["espeak-ng", "--voices=mn"], capture_output=True, text=True).stdout:
        assert out.stderr.count("(mn)") == 1, out.stderr  # translated, and said once
        assert "Traceback" not in out.stderr


def test_a_profile_language_picks_its_set_and_the_flag_overrides_it(tmp_path) -> None:
    from aac.paths import default_boards
    from aac.run_config import build_run_config

    profile = tmp_path / "ana.yaml"
    profile.write_text("language: sr\nvoice: default\n", encoding="utf-8")
    config = build_run_config(settings=str(profile))
    assert config.boards == default_boards() / "sr"
    assert build_run_config(settings=str(profile), language="ru").boards == default_boards() / "ru"


def test_a_bad_profile_language_is_a_positioned_error(tmp_path) -> None:
    from aac.profile import check_profile

    profile = tmp_path / "ana.yaml"
    profile.write_text("voice: default\nlanguage: [sr]\n", encoding="utf-8")
    _, problems = check_profile(str(profile))
    assert [(p.line, p.severity) for p in problems] == [(2, "error")]
    assert "language tag" in problems[0].message
