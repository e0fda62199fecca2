"""Issue 14.4: hostile packages are refused with a clear error and nothing is written: no
file outside the output folder, no output folder, no temporary folder left behind."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from obf_build import board, obz

from aac.cli import main as cli
from aac.obf.errors import ObfError
from aac.obf.importer import import_file
from aac.obf.limits import Limits


def refused(tmp_path: Path, package: Path, words: str, limits: Limits | None = None) -> None:
    out = tmp_path / "out"
    before = set(os.listdir(tmp_path))
    with pytest.raises(ObfError, match=words):
        import_file(str(package), str(out), limits=limits)
    assert set(os.listdir(tmp_path)) == before, "something was left behind"
    assert not out.exists()


def zip_with(path: Path, info: zipfile.ZipInfo, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", json.dumps({"format": "open-board-0.1",
                                                "root": "boards/home.obf",
                                                "paths": {"boards": {"home": "boards/home.obf"}}}))
        z.writestr("boards/home.obf", json.dumps(board()))
        z.writestr(info, data)
    return path


@pytest.mark.parametrize("name", ["/etc/evil.png", "C:/evil.png", "\\\\server\\evil.png"])
def test_absolute_member_names(tmp_path: Path, name: str) -> None:
    refused(tmp_path, zip_with(tmp_path / "p.obz", zipfile.ZipInfo(name), b"x"),
            "absolute path")


@pytest.mark.parametrize("name", ["../evil.png", "images/../../evil.png", "a\\..\\..\\b"])
def test_dot_dot_member_names(tmp_path: Path, name: str) -> None:
    refused(tmp_path, zip_with(tmp_path / "p.obz", zipfile.ZipInfo(name), b"x"), "'\\.\\.'")


def test_symlink_members(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("images/link.png")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    refused(tmp_path, zip_with(tmp_path / "p.obz", info, b"/etc/passwd"), "symbolic link")


def test_a_manifest_board_path_outside_the_package(tmp_path: Path) -> None:
    manifest = {"format": "open-board-0.1", "root": "boards/home.obf",
                "paths": {"boards": {"home": "boards/home.obf", "x": "boards/../../x.obf"}}}
    refused(tmp_path, obz(tmp_path / "p.obz", {"boards/home.obf": board()}, manifest),
            "outside the package")


def test_zip_bomb_compression_ratio(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("images/bomb.png")
    info.compress_type = zipfile.ZIP_DEFLATED
    refused(tmp_path, zip_with(tmp_path / "p.obz", info, b"\x00" * (4 * 1024 * 1024)),
            "zip bomb")


def test_total_unpacked_size(tmp_path: Path) -> None:
    package = obz(tmp_path / "p.obz", {"boards/home.obf": board(),
                                       "images/a.png": b"\x00" * 40_000})
    refused(tmp_path, package, "unpacks to more than", Limits(max_total_bytes=30_000))


def test_member_count(tmp_path: Path) -> None:
    members = {f"images/{i}.png": b"x" for i in range(30)}
    package = obz(tmp_path / "p.obz", {"boards/home.obf": board(), **members})
    refused(tmp_path, package, "entries; at most 20", Limits(max_members=20))


def test_json_size(tmp_path: Path) -> None:
    big = board(description_html="x" * 5000)
    refused(tmp_path, obz(tmp_path / "p.obz", {"boards/home.obf": big}),
            "refused: it is 5229 bytes; at most 4000 bytes", Limits(max_json_bytes=4000))
    path = tmp_path / "big.obf"
    path.write_text(json.dumps(big))
    refused(tmp_path, path, "refused: 5229 bytes of JSON; at most 4000",
            Limits(max_json_bytes=4000))


@pytest.mark.parametrize("levels", [40, 100_000])  # parsed, then measured; or too deep to parse
def test_json_nesting_depth(tmp_path: Path, levels: int) -> None:
    deep = json.dumps(board())[:-1] + ', "ext_x": ' + "[" * levels + "]" * levels + "}"
    path = tmp_path / "deep.obf"
    path.write_text(deep)
    refused(tmp_path, path, f"nested {levels + 1} levels deep")


def test_a_declared_size_that_lies_is_caught_while_reading(tmp_path: Path) -> None:
    package = obz(tmp_path / "p.obz", {"boards/home.obf": board(description_html="y" * 3000)})
    data = bytearray(package.read_bytes())
    # shrink the declared size of boards/home.obf in the central directory only
    with zipfile.ZipFile(package) as z:
        info = z.getinfo("boards/home.obf")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"boards/home.obf"))
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    package.write_bytes(bytes(data))
    assert info.file_size > 3000
    with pytest.raises(ObfError):
        import_file(str(package), str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_an_existing_set_is_never_overwritten_without_replace(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "home.yaml").write_text("rows: [[keep me]]\n")
    package = obz(tmp_path / "p.obz", {"boards/home.obf": board()})
    with pytest.raises(ObfError, match="not empty"):
        import_file(str(package), str(out))
    assert (out / "home.yaml").read_text() == "rows: [[keep me]]\n"


def test_a_refused_replace_keeps_the_old_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "home.yaml").write_text("rows: [[keep me]]\n")
    info = zipfile.ZipInfo("../evil")
    package = zip_with(tmp_path / "p.obz", info, b"x")
    with pytest.raises(ObfError):
        import_file(str(package), str(out), replace=True)
    assert (out / "home.yaml").read_text() == "rows: [[keep me]]\n"
    assert sorted(os.listdir(tmp_path)) == ["out", "p.obz"]


def test_the_command_says_why_without_a_traceback(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    info = zipfile.ZipInfo("/etc/evil")
    package = zip_with(tmp_path / "p.obz", info, b"x")
    assert cli(["import", str(package), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("aac import: p.obz: refused: entry '/etc/evil' has an absolute path")
    assert "Traceback" not in err


def test_a_flood_of_buttons_is_cut_to_a_full_grid(tmp_path: Path) -> None:
    buttons = [{"id": i, "label": f"b{i}"} for i in range(20_000)]
    path = tmp_path / "many.obf"
    path.write_text(json.dumps(board(buttons=buttons, order=[[0, 1]])))
    report = import_file(str(path), str(tmp_path / "out"))
    assert any("20000 buttons; only the first 4096" in w.message for w in report.warnings)
    text = (tmp_path / "out" / "home.yaml").read_text()
    assert text.count("hidden: true") == 126  # 64 rows of this 2-wide grid, 2 cells shown
    assert any("the grid is full; left out" in w.message for w in report.warnings)
