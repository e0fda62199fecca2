"""The carer menu shows theme names in the carer's language; the profile keeps the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac import i18n
from aac.core.events import CarerChanged, InputEvent
from aac.ui.carer import CarerGate
from aac.ui.themes import THEME_TEXTS, THEMES, theme_text

TAGS = ("sr", "sr-Latn", "ru", "be", "uk", "az", "sq", "mn")


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # catalogues compiled here


def theme_button(gate: CarerGate) -> str:
    return next(i.text for i in gate.menu_items() if i.action == "theme")


def test_every_theme_has_a_shown_name() -> None:
    assert set(THEME_TEXTS) == set(THEMES)


@pytest.mark.parametrize("tag", TAGS)
def test_every_theme_name_is_translated(tag: str) -> None:
    catalogue = i18n.translations(tag)
    untranslated = [t for t in THEME_TEXTS.values() if catalogue.gettext(t) == t]
    assert not untranslated, f"{tag}: {untranslated}"


def test_the_menu_shows_the_translated_name_and_saves_the_key() -> None:
    try:
        i18n.set_language("sr")
        gate = CarerGate((800, 480), theme="high-contrast")
        assert theme_button(gate) == "Тема: висок контраст"
        out: list[InputEvent] = []
        gate._act("theme", 0.0, out)
        assert gate.theme == "dark"  # the key, never the shown text
        assert out == [CarerChanged(0.0, "theme", "dark")]
        assert theme_button(gate) == "Тема: тамна"
        i18n.set_language("en")
        assert theme_button(gate) == "Theme: dark"
        assert theme_text("my-own") == "my-own"
    finally:
        i18n.set_language(None)
