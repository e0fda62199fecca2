"""Where the runtime writes (issue 15 item 1): four XDG folders, never the package. The
installed-wheel end of it is tests/test_package.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import aac.paths as paths
from aac.cache_dirs import cache_dir
from aac.profiles import logs_dir, profiles_dir
from aac.session_store import state_dir


def test_every_writer_follows_the_xdg_variables(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for kind in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))
    monkeypatch.delenv("AAC_CACHE_DIR", raising=False)
    assert profiles_dir() == tmp_path / "config" / "aac" / "profiles"
    assert paths.user_boards() == tmp_path / "data" / "aac" / "boards"
    assert state_dir() == tmp_path / "state" / "aac"
    assert logs_dir("anna") == tmp_path / "state" / "aac" / "logs" / "anna"
    assert cache_dir("speech") == tmp_path / "cache" / "aac" / "speech"


def test_defaults_are_under_home_and_relative_values_are_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")  # the XDG spec: ignore it
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert state_dir() == tmp_path / ".local" / "state" / "aac"
    assert paths.user_dir("data") == tmp_path / ".local" / "share" / "aac"


def test_editing_a_shipped_set_copies_it_once_to_the_user_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "site" / "aac" / "_data" / "boards"
    (shipped / "en").mkdir(parents=True)
    (shipped / "sr").mkdir()
    (shipped / "en" / "home.yaml").write_text("name: Home\nrows:\n  - [hi]\n")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(paths, "data_dir", lambda name: tmp_path / "site" / "aac" / "_data" / name)
    monkeypatch.setattr(paths, "is_package_data",
                        lambda p: Path(p).resolve().is_relative_to(tmp_path / "site"))
    mine, note = paths.editable_set(shipped / "en")
    copy = tmp_path / "data" / "aac" / "boards"
    assert mine == copy / "en" and (mine / "home.yaml").is_file() and (copy / "sr").is_dir()
    assert note is not None and str(copy) in note
    assert paths.default_boards() == copy  # aac run shows the edited copy from now on
    (mine / "home.yaml").write_text("name: Mine\nrows:\n  - [hello]\n")
    assert paths.editable_set(shipped / "en")[0] == mine  # not copied over again
    assert "Mine" in (mine / "home.yaml").read_text()
    own = tmp_path / "my-boards"
    assert paths.editable_set(own) == (own, None)  # a teacher's own set is edited in place


def test_a_voice_recorded_for_a_shipped_board_goes_into_the_users_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The carer menu's record (and aac record) share save_cell_voice: on an installed
    device it must never write into site-packages."""
    import numpy as np

    from aac.cell_voice import save_cell_voice

    shipped = tmp_path / "site" / "aac" / "_data" / "boards"
    (shipped / "en").mkdir(parents=True)
    home = shipped / "en" / "home.yaml"
    home.write_text("name: Home\nrows:\n  - [hi, bye]\n")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(paths, "data_dir", lambda name: shipped.parent / name)
    monkeypatch.setattr(paths, "is_package_data",
                        lambda p: Path(p).resolve().is_relative_to(tmp_path / "site"))
    pcm = (np.sin(np.arange(8000) / 8) * 8000).astype(np.int16)
    saved = Path(save_cell_voice(str(home), "home", 0, 1, "bye", pcm, 16000))
    copy = tmp_path / "data" / "aac" / "boards" / "en"
    assert saved == copy / "home-bye.wav" and saved.is_file()
    assert "sound: home-bye.wav" in (copy / "home.yaml").read_text()
    assert home.read_text() == "name: Home\nrows:\n  - [hi, bye]\n"  # the package untouched
    assert sorted(p.name for p in (shipped / "en").iterdir()) == ["home.yaml"]
