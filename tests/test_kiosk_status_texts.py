"""``aac kiosk status`` is a table for a person: its marks and row names follow the carer's
language (LANGUAGE here), while paths, user and group names stay as they are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aac.kiosk import Target, install

REPO = Path(__file__).resolve().parent.parent


def status_lines(root: Path, language: str, cache: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(LANGUAGE=language, XDG_CACHE_HOME=str(cache))
    proc = subprocess.run([sys.executable, "-m", "aac", "kiosk", "status", "--user", "nosuchkid",
                           "--root", str(root)], cwd=REPO, capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.splitlines()


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    install(Target("nosuchkid", Path("/home/nosuchkid"), tmp_path), None,
            python="/opt/aac/bin/python")
    return tmp_path


@pytest.mark.slow
def test_status_rows_are_in_the_carers_language(installed: Path, tmp_path: Path) -> None:
    lines = status_lines(installed, "sr", tmp_path / "cache")
    unit = installed / "home/nosuchkid/.config/systemd/user/aac.service"
    assert lines[0].split() == ["да", "сервис-фајл", str(unit)]
    assert lines[1].split()[:2] == ["да", "укључено"]
    assert lines[2].split()[:2] == ["да", "labwc"]  # the compositor's name stays
    assert lines[3].split()[:2] == ["да", "самопокретање"]
    assert lines[4].split() == ["НЕ", "серијски", "порт", "nosuchkid", "у", "групи", "dialout"]
    # one column for the row names, whatever their length in this language
    assert len({line.index(" /") for line in lines[:4]}) == 1


@pytest.mark.slow
def test_status_in_english_is_as_it_was(installed: Path, tmp_path: Path) -> None:
    lines = status_lines(installed, "en", tmp_path / "cache")
    assert [line.split()[:2] for line in lines] == [
        ["yes", "unit"], ["yes", "enabled"], ["yes", "labwc"], ["yes", "autostart"],
        ["NO", "serial"]]
    assert lines[4].endswith("nosuchkid in group dialout")
