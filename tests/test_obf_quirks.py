"""Issue 14.3: real files break the spec; each quirk is normalised with a warning that names
the file inside the package and the button, and the result loads with the real loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from obf_build import PNG, board, obz, wav_bytes

from aac.boards.loader import load_board_set
from aac.core.board import BoardSet, Cell
from aac.obf.files import data_uri
from aac.obf.importer import ImportReport, import_file


def imported(tmp_path: Path, source: Path) -> tuple[BoardSet, ImportReport]:
    out = tmp_path / "out"
    report = import_file(str(source), str(out))
    result = load_board_set(out)
    assert result.ok and result.boards is not None, [str(p) for p in result.problems]
    return result.boards, report


def single(tmp_path: Path, data: Any, raw: bytes = b"") -> tuple[BoardSet, ImportReport]:
    path = tmp_path / "b.obf"
    path.write_bytes(raw or json.dumps(data, ensure_ascii=False).encode())
    return imported(tmp_path, path)


def warned(report: ImportReport, file: str, button: Any, words: str) -> None:
    hits = [w for w in report.warnings if w.file == file and w.button == button
            and words in w.message]
    assert hits, f"no warning {words!r} for {file} button {button}: " + \
        "\n".join(map(str, report.warnings))


def cells(boards: BoardSet, bid: str) -> dict[str, Cell]:
    return {c.label: c for _, _, c in boards[bid].visible_cells()}


def test_integer_ids_in_buttons_grid_and_images(tmp_path: Path) -> None:
    data = board(7, buttons=[{"id": 1, "label": "one", "image_id": 5},
                             {"id": "2", "label": "two"}],
                 order=[["1", 2]], images=[{"id": "5", "data": data_uri("image/png", PNG),
                                            "content_type": "image/png"}])
    boards, report = single(tmp_path, data)
    assert boards.home == "7"
    one = boards["7"].rows[0][0]
    assert one is not None and one.label == "one" and one.symbol_file is not None
    assert boards["7"].rows[0][1] is not None and boards["7"].rows[0][1].label == "two"


@pytest.mark.parametrize("given, expected", [
    ("rgb(255, 0, 0)", "#FF0000"),
    (" rgb( 200, 200, 200) ", "#C8C8C8"),
    ("rgba(0, 255, 0, 0.5)", "#80FF80"),  # blended onto white
    ("#ffff32", "#FFFF32"),
    ("#444", "#444444"),
    ("white", "#FFFFFF"),
])
def test_colours_become_hex(tmp_path: Path, given: str, expected: str) -> None:
    boards, _ = single(tmp_path, board(buttons=[{"id": "a", "label": "x",
                                                 "background_color": given}]))
    assert cells(boards, "home")["x"].color == expected


def test_a_colour_that_is_not_one_is_dropped_with_a_warning(tmp_path: Path) -> None:
    boards, report = single(tmp_path, board(buttons=[{"id": "a", "label": "x",
                                                      "background_color": "fuchsia-ish"}]))
    assert cells(boards, "home")["x"].color is None
    warned(report, "b.obf", "a", "not a colour")


def test_missing_format_and_locale_and_en_US(tmp_path: Path) -> None:
    boards, report = single(tmp_path, board(format=None, locale=None))
    assert boards.home_board.locale == "en"
    warned(report, "b.obf", None, "no format")
    warned(report, "b.obf", None, "no locale")
    (tmp_path / "out").rename(tmp_path / "first")
    boards, report = single(tmp_path, board(locale="en_US"))
    assert boards.home_board.locale == "en-US"
    warned(report, "b.obf", None, "'en-US'")


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(board()).encode()
    boards, _ = single(tmp_path, None, raw)
    assert cells(boards, "home")["hello"]


def test_buttons_missing_from_the_grid_are_kept_hidden_and_unknown_grid_ids_are_empty(
        tmp_path: Path) -> None:
    data = board(buttons=[{"id": "a", "label": "shown"}, {"id": "b", "label": "orphan"}],
                 order=[["a", "ghost", None]])
    boards, report = single(tmp_path, data)
    row = boards.home_board.rows[0]
    assert row[0] is not None and row[0].label == "shown"
    assert row[1] is not None and row[1].label == "orphan" and row[1].hidden
    assert row[2] is None
    warned(report, "b.obf", "b", "not in grid.order")
    warned(report, "b.obf", "ghost", "no such button")


def test_dangling_image_sound_and_board_references(tmp_path: Path) -> None:
    data = board(buttons=[{"id": "a", "label": "x", "image_id": "nope", "sound_id": "gone",
                           "load_board": {"id": "elsewhere", "path": "boards/else.obf"}}])
    boards, report = single(tmp_path, data)
    x = cells(boards, "home")["x"]
    assert x.symbol is None and x.sound is None and x.link is None
    warned(report, "b.obf", "a", "names no image")
    warned(report, "b.obf", "a", "names no sound")
    warned(report, "b.obf", "a", "not in the package")


def test_paths_in_a_package_that_point_at_nothing(tmp_path: Path) -> None:
    data = board(buttons=[{"id": "a", "label": "x", "image_id": "i", "sound_id": "s"}],
                 images=[{"id": "i", "path": "images/none.png", "content_type": "image/png"}],
                 sounds=[{"id": "s", "path": "sounds/none.wav", "content_type": "audio/wav"}])
    boards, report = imported(tmp_path, obz(tmp_path / "p.obz", {"boards/home.obf": data}))
    warned(report, "boards/home.obf", "a", "images/none.png is not in the package")
    warned(report, "boards/home.obf", "a", "sounds/none.wav is not in the package")


def test_mac_and_windows_junk_entries_are_skipped(tmp_path: Path) -> None:
    package = obz(tmp_path / "p.obz", {"boards/home.obf": board(),
                                       "__MACOSX/boards/._home.obf": b"\x00\x05junk",
                                       "images/.DS_Store": b"junk"})
    boards, report = imported(tmp_path, package)
    assert list(boards.boards) == ["home"]
    warned(report, "p.obz", None, "skipped 2 macOS/Windows metadata entries")


def test_wrong_and_missing_mime_types_are_corrected_from_the_bytes(tmp_path: Path) -> None:
    data = board(buttons=[{"id": "a", "label": "x", "image_id": "i"},
                          {"id": "b", "label": "y", "image_id": "j", "sound_id": "s"}],
                 images=[{"id": "i", "path": "images/a.png", "content_type": "image/gif"},
                         {"id": "j", "path": "images/b"}],
                 sounds=[{"id": "s", "path": "sounds/s", "content_type": "audio/mp3"}])
    package = obz(tmp_path / "p.obz", {"boards/home.obf": data, "images/a.png": PNG,
                                       "images/b": PNG, "sounds/s": wav_bytes()})
    boards, report = imported(tmp_path, package)
    x, y = cells(boards, "home")["x"], cells(boards, "home")["y"]
    assert x.symbol_file and y.symbol_file and y.symbol_file.endswith(".png")
    assert y.sound_file and y.sound_file.endswith(".wav")
    warned(report, "boards/home.obf", "a", "says 'image/gif' but is image/png")
    warned(report, "boards/home.obf", "b", "has no content_type; it is image/png")
    warned(report, "boards/home.obf", "b", "says 'audio/mp3' but is audio/wav")


def test_dot_slash_in_manifest_and_board_paths(tmp_path: Path) -> None:
    home = board(buttons=[{"id": "a", "label": "go", "image_id": "i",
                           "load_board": {"path": "./boards/two.obf"}}],
                 images=[{"id": "i", "path": "./images/a.png", "content_type": "image/png"}])
    manifest = {"format": "open-board-0.1", "root": "./boards/home.obf",
                "paths": {"boards": {"home": "./boards/home.obf", "two": "./boards/two.obf"}}}
    package = obz(tmp_path / "p.obz", {"boards/home.obf": home, "images/a.png": PNG,
                                       "boards/two.obf": board("two")}, manifest)
    boards, _ = imported(tmp_path, package)
    go = cells(boards, "home")["go"]
    assert go.link == "two" and go.symbol_file is not None


def test_inline_data_images_are_written_as_files(tmp_path: Path) -> None:
    data = board(buttons=[{"id": "a", "label": "x", "image_id": "i"}],
                 images=[{"id": "i", "data": data_uri("image/png", PNG), "width": 4,
                          "height": 3, "content_type": "image/png"}])
    boards, _ = single(tmp_path, data)
    x = cells(boards, "home")["x"]
    assert x.symbol_file is not None and Path(x.symbol_file).read_bytes() == PNG


def test_remote_images_are_recorded_not_downloaded(tmp_path: Path) -> None:
    url = "https://example.org/pics/happy.png"
    data = board(buttons=[{"id": "a", "label": "x", "image_id": "i"}],
                 images=[{"id": "i", "url": url, "content_type": "image/png"}])
    boards, report = single(tmp_path, data)
    assert cells(boards, "home")["x"].symbol is None
    warned(report, "b.obf", "a", "only on the web")
    assert url in (tmp_path / "out" / "home.yaml").read_text(encoding="utf-8")


def test_actions_spelling_and_unknown_actions(tmp_path: Path) -> None:
    data = board(buttons=[{"id": "a", "label": "Clear", "action": ":clear"},
                          {"id": "b", "label": "s", "action": "+s"},
                          {"id": "c", "label": "both", "actions": [":space", ":speak"]},
                          {"id": "d", "label": "odd", "action": ":hide"}])
    boards, report = single(tmp_path, data)
    c = cells(boards, "home")
    assert c["Clear"].action == ("clear",) and c["s"].letter == "s"
    assert c["both"].action == ("space", "speak") and c["odd"].action == ()
    warned(report, "b.obf", "d", "no equivalent")


def test_labels_are_kept_exactly(tmp_path: Path) -> None:
    labels = ["yes", "No", "on", "007", "1:30", "null", "~", "  leading", "two\nlines",
              "Ћирилица", "水很酷哟", "😀 emoji", "#hash", "a: b", "[x]", "tab\there", "'q'"]
    data = board(buttons=[{"id": str(i), "label": t} for i, t in enumerate(labels)],
                 order=[[str(i) for i in range(len(labels))]])
    boards, _ = single(tmp_path, data)
    row = boards.home_board.rows[0]
    assert [c.label for c in row if c is not None] == labels


def test_vocalization_becomes_say_and_links_are_rewritten_to_board_ids(tmp_path: Path) -> None:
    home = board("root-id", buttons=[{"id": "a", "label": "kids", "vocalization": "children",
                                      "load_board": {"id": "other id"}}])
    package = obz(tmp_path / "p.obz", {"boards/r.obf": home,
                                       "boards/o.obf": board("other id")})
    boards, _ = imported(tmp_path, package)
    kids = cells(boards, "root-id")["kids"]
    assert kids.say == "children" and kids.link == "other id"
    assert boards.home == "root-id"


def test_kept_picture_paths_that_would_clash_get_their_own_names(tmp_path: Path) -> None:
    other = PNG + b"\x00"  # different bytes, same format
    data = board(buttons=[{"id": "a", "label": "x", "image_id": "i", "ext_aac_symbol": "pics"},
                          {"id": "b", "label": "y", "image_id": "j",
                           "ext_aac_symbol": "pics/a.png"}],
                 images=[{"id": "i", "data": data_uri("image/png", PNG)},
                         {"id": "j", "data": data_uri("image/png", other)}])
    boards, _ = single(tmp_path, data)
    x, y = cells(boards, "home")["x"], cells(boards, "home")["y"]
    assert x.symbol_file and y.symbol_file and x.symbol_file != y.symbol_file
    assert Path(y.symbol_file).read_bytes() == other


def test_lone_surrogates_export_as_escaped_json_and_come_back_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The board loader refuses them, but a board built in code may hold one."""
    from aac.boards.problems import LoadResult
    from aac.core.board import Board
    from aac.obf import writer

    boards = BoardSet({"home": Board("home", ((Cell(label="\ud800x"),),))})
    monkeypatch.setattr(writer, "load_board_set", lambda _: LoadResult(boards, []))
    writer.export_set(str(tmp_path), str(tmp_path / "x.obz"))
    back, report = imported(tmp_path, tmp_path / "x.obz")
    assert cells(back, "home")["\ufffdx"]
    warned(report, "boards/home.obf", "1_1", "lone surrogates")


def test_set_keys_this_version_does_not_know_are_left_out_with_a_warning(
        tmp_path: Path) -> None:
    manifest = {"format": "open-board-0.1", "root": "boards/start.obf",
                "paths": {"boards": {"start": "boards/start.obf"}},
                "ext_aac_set": {"home": "start", "no_such_key": "x"}}
    package = obz(tmp_path / "p.obz", {"boards/start.obf": board("start")}, manifest)
    boards, report = imported(tmp_path, package)
    assert boards.home == "start"
    assert (tmp_path / "out" / "set.yaml").read_text().splitlines()[1:] == ['home: start']
    warned(report, "manifest.json", None, "ext_aac_set.no_such_key is not a set.yaml key")
