"""The commands of issue 14 through real processes: ``aac import``, ``aac export`` (names
and flags are contracts), ``aac run FILE.obz`` (imported once into the cache), and the
import figure of ``aac bench boards``."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from obf_build import board, obz

from aac.obf.bench import import_figures

REPO = Path(__file__).resolve().parent.parent


def aac(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aac", *args], cwd=REPO, text=True,
                          capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def package(tmp_path: Path) -> Path:
    home = board(buttons=[{"id": 1, "label": "yes"},
                          {"id": 2, "label": "more", "load_board": {"path": "boards/b.obf"}}])
    return obz(tmp_path / "p.obz", {"boards/home.obf": home, "boards/b.obf": board("b")})


@pytest.mark.slow
def test_import_then_export(tmp_path: Path) -> None:
    done = aac("import", str(package(tmp_path)), "-o", str(tmp_path / "set"))
    assert done.returncode == 0, done.stderr
    assert "imported 2 boards into" in done.stdout and "(home: home)" in done.stdout
    assert (tmp_path / "set" / "home.yaml").is_file()
    done = aac("export", str(tmp_path / "set"), "-o", str(tmp_path / "again.obz"))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "again.obz") as z:
        assert {"manifest.json", "boards/home.obf", "boards/b.obf"} <= set(z.namelist())
    done = aac("export", str(tmp_path / "set"), "-o", str(tmp_path / "x.zip"))
    assert done.returncode == 2 and ".obz" in done.stderr


def test_export_refuses_a_set_with_errors_naming_the_place(tmp_path: Path) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "home.yaml").write_text("rows:\n  - [{label: x, link: nowhere}]\n")
    done = aac("export", str(tmp_path / "set"), "-o", str(tmp_path / "x.obz"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert 'home.yaml:2:6: error: cell "x" links to unknown board' in done.stderr
    assert not (tmp_path / "x.obz").exists()


@pytest.mark.slow
def test_run_a_package_directly(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    source = package(tmp_path)
    done = aac("run", str(source), "--terminal", "--exit-after", "0.3", env=env)
    assert done.returncode == 0, done.stderr
    assert "yes" in done.stdout and "more" in done.stdout
    imported = list((tmp_path / "cache" / "aac" / "obz").iterdir())
    assert len(imported) == 1 and (imported[0] / "home.yaml").is_file()
    stamp = (imported[0] / "home.yaml").stat().st_mtime_ns
    done = aac("run", str(source), "--terminal", "--exit-after", "0.3", env=env)
    assert done.returncode == 0
    assert (imported[0] / "home.yaml").stat().st_mtime_ns == stamp  # reused, not redone


def test_run_refuses_a_bad_package_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.obz"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    done = aac("run", str(bad), "--terminal", "--exit-after", "0.3",
               env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("aac run: bad.obz: not a readable zip package")


def test_bench_import_figure() -> None:
    (fig,) = import_figures(1, n_boards=6)
    assert fig["name"] == "obz_import_6" and fig["unit"] == "ms" and fig["target_ms"] == 2000
    assert fig["samples"] == 1 and fig["p50"] > 0 and fig["package_bytes"] > 0
