"""What the carer menu offers: the sets under a sets folder (one per language, named in
itself), the voices that speak the shown language, and whether a voice fits a language."""

from __future__ import annotations

from pathlib import Path

from aac.carer_choices import (
    CarerChoices,
    set_choices,
    set_tag,
    voice_choices,
    voice_fits,
)

BOARDS = Path(__file__).resolve().parent.parent / "boards"
ENGINE = [{"id": "sr", "language": "sr"}, {"id": "en-us", "language": "en-us"},
          {"id": "en-gb-x-rp", "language": "en-gb-x-rp"},
          {"id": "en-us+f4", "language": "en-us", "variant": True}]


def test_every_language_set_is_offered_by_its_own_name() -> None:
    sets = {s.tag: s for s in set_choices(BOARDS)}
    assert sorted(sets) == ["az", "be", "en", "mn", "ru", "sq", "sr", "sr-Latn", "uk"]
    assert sets["sr"].name == "Српски (sr)" and sets["sr"].path == BOARDS / "sr"
    assert set_choices(None) == []
    assert set_tag(BOARDS / "sr", BOARDS) == "sr" and set_tag(BOARDS, BOARDS) == "en"
    assert set_tag(BOARDS / "sr", None) is None
    assert set_tag(BOARDS / "sr" / "home.yaml", BOARDS) is None


def test_voices_are_those_that_speak_the_language() -> None:
    en = [v.name for v in voice_choices("en", engine_voices=ENGINE)]
    assert en[:5] == ["boy", "default", "earphone", "girl", "slow"]
    assert "en-us" in en and "sr" not in en and "en-us+f4" not in en  # variants are profiles'
    sr = [v.name for v in voice_choices("sr-Latn", engine_voices=ENGINE)]
    assert sr == ["sr"]  # no English profile reads Serbian
    assert voice_choices("mn", engine_voices=ENGINE) == []  # espeak-ng 1.51: no Mongolian
    assert [v.name for v in voice_choices("mn", engine_voices=[])] == ["mn"]  # list unknown


def test_voice_fits_its_language_only() -> None:
    assert voice_fits("girl", "en") and voice_fits(None, "en") and voice_fits(None, None)
    assert not voice_fits("girl", "sr") and not voice_fits(None, "sr")
    assert voice_fits("sr", "sr-Latn") and not voice_fits("sr", "en")


def test_choices_show_the_voice_in_use_or_the_languages_own() -> None:
    c = CarerChoices(BOARDS, "sr", "sr", None)
    assert c.voice_name() == "sr" and c.set_text() == "Српски (sr)"
    assert CarerChoices(BOARDS, "en", "en", None).voice_name() == "default"
