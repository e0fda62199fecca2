"""The carer's texts through gettext: every catalogue complete, compiling, and used."""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from aac import i18n

TAGS = ("sr", "sr-Latn", "ru", "be", "uk", "az", "sq", "mn")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _po(tag: str) -> str:
    return (i18n.LOCALE_DIR / tag / "LC_MESSAGES" / "aac.po").read_text(encoding="utf-8")


def _msgids(text: str) -> list[str]:
    return [m for m in re.findall(r'^msgid "(.*)"$', text, re.M) if m]


def test_a_catalogue_for_every_language() -> None:
    assert set(TAGS) <= set(i18n.catalogues())


@pytest.mark.parametrize("tag", TAGS)
def test_catalogue_is_complete_and_compiles(tag: str) -> None:
    text = _po(tag)
    reference = _msgids(_po("sr"))
    assert _msgids(text) == reference  # the same texts in every language
    messages = i18n.parse_po(text)
    missing = [m for m in reference if not messages.get(m.replace('\\"', '"'))]
    assert not missing, f"{tag}: untranslated {missing}"
    assert "#, fuzzy" not in text
    for msgid, msgstr in messages.items():
        if msgid:
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), \
                f"{tag}: {msgid!r} -> {msgstr!r} changes a placeholder"
    compiled = gettext.GNUTranslations(io.BytesIO(i18n.compile_po(text)))
    for msgid, msgstr in messages.items():
        if msgid:
            assert compiled.gettext(msgid) == msgstr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt not installed")
@pytest.mark.parametrize("tag", TAGS)
def test_gnu_msgfmt_accepts_the_catalogue(tag: str, tmp_path: Path) -> None:
    po = i18n.LOCALE_DIR / tag / "LC_MESSAGES" / "aac.po"
    out = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(po)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_untranslated_and_fuzzy_entries_are_left_out() -> None:
    text = 'msgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "B"\n\nmsgid "c"\nmsgstr "C"\n'
    assert i18n.parse_po(text) == {"c": "C"}


def test_a_broken_catalogue_names_file_and_line() -> None:
    with pytest.raises(i18n.PoError, match=r"x\.po:2:"):
        i18n.parse_po('msgid "a"\nmsgstr oops\n', "x.po")


def test_a_message_comes_out_translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        i18n.set_language("sr-Latn-RS")
        assert i18n._("no audio device: showing text only") == \
            "nema zvučnika: prikazuje se samo tekst"
        i18n.set_language("mn")
        assert i18n._("Board edit not applied: {problem}").format(problem="x") == \
            "Самбарын өөрчлөлт хэрэгжсэнгүй: x"
        i18n.set_language("en")
        assert i18n._("no audio device: showing text only") == \
            "no audio device: showing text only"
        assert i18n._("a text nobody translated") == "a text nobody translated"
    finally:
        i18n.set_language(None)


def test_language_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "az_AZ.UTF-8")
    i18n.set_language(None)
    try:
        assert i18n.current_language() == "az"
        assert i18n._("Quit") == "Çıxış"
    finally:
        i18n.set_language(None)


def test_mo_is_compiled_on_first_use_into_the_cache(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an install-time .mo the catalogue is compiled into the user's cache, and again
    when the .po is newer (a translator's edit takes effect without reinstalling)."""
    locale = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    po = locale / "aac.po"
    po.write_text(_po("ru"), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    mo = i18n.mo_path("ru")
    assert mo.is_relative_to(tmp_path / "cache") and mo.stat().st_size > 0
    assert i18n.translations("ru-RU").gettext("Quit") == "Выход"
    po.write_text(_po("ru").replace('msgstr "Выход"', 'msgstr "Выйти"'), encoding="utf-8")
    os.utime(po, (mo.stat().st_mtime + 5, mo.stat().st_mtime + 5))
    assert i18n.translations("ru").gettext("Quit") == "Выйти"
