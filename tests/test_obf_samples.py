"""Issue 14.6: every sample in ``../shared/samples/obf`` (open-aac/obf's test files, MIT):
the OBF ones import into sets the loader accepts, with what each sample is about kept; the
others (Grid XML, Speak for Yourself, Picture4me, bare JSON) are refused in one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from obf_build import samples_dir

from aac.boards.loader import load_board_set
from aac.cli import main as cli
from aac.core.board import BoardSet, Cell
from aac.obf.importer import ImportReport, import_file

SAMPLES = samples_dir()
pytestmark = pytest.mark.skipif(SAMPLES is None, reason="../shared/samples/obf not present")

#: sample -> (boards, home board)
OBF_SAMPLES = {
    "simple.obf": (1, "inline_images"), "foreign.obf": (1, "foreign"),
    "inline_images.obf": (1, "inline_images"), "aboutme.json": (1, "aboutme"),
    "links.obz": (3, "simple"), "lots_of_stuff.obz": (5, "lots_of_stuff"),
    "path_images.obz": (2, "path_images"), "manifest_paths.zip": (5, "lots_of_stuff"),
    "pageset.obz": (81, "toppage"), "deep_simple.zip": (98, "page1"),
}
NOT_OBF = {"array.json": "a JSON list", "string.json": "not JSON", "hash.json": "buttons",
           "grid.xml": "XML", "sfy.data": "XML", "p4me_1.zip": "no manifest.json"}


def load(tmp_path: Path, name: str) -> tuple[BoardSet, ImportReport]:
    assert SAMPLES is not None
    report = import_file(str(SAMPLES / name), str(tmp_path / "out"))
    result = load_board_set(tmp_path / "out")
    assert result.ok and result.boards is not None, [str(p) for p in result.errors]
    return result.boards, report


def by_label(boards: BoardSet, bid: str) -> dict[str, Cell]:
    return {c.label: c for row in boards[bid].rows for c in row if c is not None}


def test_every_sample_is_covered() -> None:
    assert SAMPLES is not None
    present = {p.name for p in SAMPLES.iterdir()} - {"LICENSE.txt"}
    assert present == set(OBF_SAMPLES) | set(NOT_OBF)


@pytest.mark.parametrize("name", sorted(OBF_SAMPLES))
def test_obf_samples_import_and_load(tmp_path: Path, name: str) -> None:
    boards, report = load(tmp_path, name)
    count, home = OBF_SAMPLES[name]
    assert (len(boards.boards), boards.home) == (count, home)
    for w in report.warnings:  # each names a file (inside the package) and is one line
        assert w.file and "\n" not in str(w)


@pytest.mark.parametrize("name", sorted(NOT_OBF))
def test_other_formats_are_refused_in_one_line(tmp_path: Path, name: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert SAMPLES is not None
    assert cli(["import", str(SAMPLES / name), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"aac import: {name}: ") and NOT_OBF[name] in err
    assert err.count("\n") == 1 and not (tmp_path / "out").exists()


def test_links_are_rewritten_to_board_ids(tmp_path: Path) -> None:
    boards, report = load(tmp_path, "links.obz")
    assert by_label(boards, "simple")["feelings"].link == "simple2"
    assert by_label(boards, "simple")["colors"].link == "simple3"
    assert report.warnings == []


def test_lots_of_stuff(tmp_path: Path) -> None:
    boards, report = load(tmp_path, "lots_of_stuff.obz")
    root = by_label(boards, "lots_of_stuff")
    assert root["feelings"].say == "I have some feelings"
    assert root["feelings"].link == "url_images" and root["feelings"].color == "#C8C8C8"
    assert root["+less"].letter == "less"
    assert root["Clear Text"].action == ("clear",)
    assert root["No way"].hidden
    assert root["kitty"].link is None and root["kitty"].sound_file is not None  # inline mp3
    texts = [str(w) for w in report.warnings]
    assert "boards/root_board.obf: button 'b2': warning: links to a board on the web " \
           "(http://www.example.com/load_board); not downloaded, the cell is a plain word" in texts
    assert any(t.startswith("boards/root_board.obf: button 'b1': warning: image_id 'i9' "
                            "names no image") for t in texts)
    inline = by_label(boards, "inline_images")
    assert inline["kids"].symbol_file is not None and inline["cat"].color == "#80FF80"


def test_path_images_are_extracted(tmp_path: Path) -> None:
    boards, _ = load(tmp_path, "path_images.obz")
    cells = by_label(boards, "path_images")
    assert cells["happy"].symbol == "images/happy.png" and cells["happy"].link == "link"
    assert (tmp_path / "out" / "images" / "happy.png").stat().st_size == 30987
    assert cells["sad"].symbol_file is not None


def test_manifest_paths_with_mac_junk(tmp_path: Path) -> None:
    _, report = load(tmp_path, "manifest_paths.zip")
    texts = [str(w) for w in report.warnings]
    assert "manifest_paths.zip: warning: skipped 2 macOS/Windows metadata entries " \
           "(__MACOSX/, .DS_Store, ...)" in texts
    assert (tmp_path / "out" / "sounds" / "sigh.mp3").stat().st_size == 14674


def test_foreign_labels_are_kept(tmp_path: Path) -> None:
    boards, _ = load(tmp_path, "foreign.obf")
    assert {"हेर्नुहोस्", "यो", "صرخة", "水很酷哟"} <= set(by_label(boards, "foreign"))


def test_remote_pictures_are_recorded_in_the_board_file(tmp_path: Path) -> None:
    load(tmp_path, "simple.obf")
    text = (tmp_path / "out" / "inline_images.yaml").read_text(encoding="utf-8")
    assert "# picture on the web, not downloaded: button 2 'cat': https://d18vdu4p71yql0" in text
