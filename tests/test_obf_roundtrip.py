"""Issue 14.2 and 14.6: export writes spec-valid OBF, and YAML -> OBZ -> YAML loses nothing
(property-based over generated board sets: any script, emoji, yes/007, leading spaces,
line breaks; pictures, sounds, links, actions, colours, cues, scan patterns, ragged rows)."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from obf_build import PNG, wav_bytes

from aac.boards.loader import load_board_set
from aac.boards.problems import LoadResult
from aac.cli import main as cli
from aac.core.board import ACTIONS, WORD_CLASS_COLORS, Board, BoardSet, Cell
from aac.core.vocabulary import PATTERNS
from aac.obf import writer
from aac.obf.importer import import_file
from aac.obf.writer import export_set

REPO = Path(__file__).resolve().parent.parent
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"></svg>'
MEDIA = {"pics/a.png": PNG, "pics/b.svg": SVG, "photo.jpg": PNG, "snd/hi.wav": wav_bytes(1.2)}
TRICKY = ["yes", "No", "on", "OFF", "007", "1:30", "null", "~", "  lead", "trail ", "a\nb",
          "Ћао", "مرحبا", "水", "😀", "👍🏽 ok", "#x", "a: b", "[x]", "{y}", "- z", "'q'", '"d"',
          "=", "<<", "0o7", "1e3", ".inf", "x\ty", "\\", "%", "@", "`", "?", "!", "0?", "a?b"]
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=12))
BOARD_ID = st.text("abcxyzжшя019_- ", min_size=1, max_size=6).map(str.strip).filter(
    lambda s: s and s != "set" and not s.startswith(("-", ".")))


@st.composite
def cells(draw: Any, ids: list[str]) -> Any:
    if draw(st.integers(0, 8)) == 0:
        return None
    label = draw(TEXT)
    if draw(st.booleans()):
        return label
    cell: dict[str, Any] = {"label": label}
    for key in ("say", "cue", "letter"):
        if draw(st.integers(0, 3)) == 0:
            cell[key] = draw(st.one_of(st.just(""), TEXT))
    if draw(st.integers(0, 2)) == 0:
        cell["link"] = draw(st.sampled_from(ids))
        if draw(st.booleans()):
            cell["back_after_select"] = True
    if draw(st.integers(0, 3)) == 0:
        cell["action"] = draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3,
                                       unique=True))
    if draw(st.integers(0, 2)) == 0:
        cell["color"] = draw(st.one_of(st.sampled_from(list(WORD_CLASS_COLORS)),
                                       st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)))
    if draw(st.integers(0, 3)) == 0:
        cell["symbol"] = draw(st.sampled_from(["pics/a.png", "pics/b.svg", "photo.jpg",
                                               "pics/missing.png"]))
    if draw(st.integers(0, 4)) == 0:
        cell["sound"] = "snd/hi.wav"
    if draw(st.integers(0, 5)) == 0:
        cell["hidden"] = True
    return cell


@st.composite
def board_sets(draw: Any) -> dict[str, dict[str, Any]]:
    ids = draw(st.lists(BOARD_ID, min_size=1, max_size=4, unique=True))
    boards: dict[str, dict[str, Any]] = {}
    for bid in ids:
        rows = draw(st.lists(st.lists(cells(ids), max_size=5), min_size=1, max_size=4))
        board: dict[str, Any] = {"rows": rows}
        if draw(st.booleans()):
            board["name"] = draw(TEXT)
        if draw(st.booleans()):
            board["locale"] = draw(st.sampled_from(["en", "en_US", "sr-Latn", "ru", "pt-BR"]))
        if draw(st.booleans()):
            board["columns"] = max([len(r) for r in rows] + [1]) + draw(st.integers(0, 2))
        if draw(st.integers(0, 2)) == 0:
            board["scan"] = {"pattern": draw(st.sampled_from(PATTERNS))}
        if draw(st.integers(0, 3)) == 0:
            board["back_after_select"] = True
        boards[bid] = board
    return boards


def write_yaml_set(folder: Path, boards: dict[str, dict[str, Any]], home: str) -> None:
    """JSON is YAML: the source set is written without the code under test."""
    folder.mkdir()
    for path, data in MEDIA.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    for bid, board in boards.items():
        text = json.dumps(board, ensure_ascii=False)  # raw text, except what YAML forbids:
        text = re.sub("[\x7f-\x9f\ufffe\uffff]", lambda m: f"\\u{ord(m.group()):04x}", text)
        (folder / f"{bid}.yaml").write_text(text, encoding="utf-8")
    if home != "home":
        (folder / "set.yaml").write_text(json.dumps({"home": home}), encoding="utf-8")


def comparable(boards: BoardSet) -> dict[str, Any]:
    """Everything a board set means, with resolved paths replaced by the files' bytes."""
    def cell(c: Optional[Cell]) -> Any:
        if c is None:
            return None
        return dataclasses.replace(
            c, symbol_file=Path(c.symbol_file).read_bytes() if c.symbol_file else None,
            sound_file=Path(c.sound_file).read_bytes() if c.sound_file else None)

    return {"home": boards.home, "language": boards.language,
            "translation": boards.translation, "boards": {
        bid: dataclasses.replace(b, path=None, rows=tuple(tuple(cell(c) for c in row)
                                                          for row in b.rows))
        for bid, b in boards.boards.items()}}


def round_trip(tmp: Path, source: Path) -> tuple[BoardSet, BoardSet]:
    original = load_board_set(source)
    assert original.ok and original.boards is not None
    export_set(str(source), str(tmp / "set.obz"))
    import_file(str(tmp / "set.obz"), str(tmp / "back"))
    again = load_board_set(tmp / "back")
    assert again.ok and again.boards is not None, [str(p) for p in again.problems]
    return original.boards, again.boards


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@pytest.mark.slow
@given(sets=board_sets(), data=st.data())
def test_yaml_obz_yaml_is_lossless(tmp_path_factory: Any, sets: dict[str, dict[str, Any]],
                                   data: Any) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    home = "home" if "home" in sets else data.draw(st.sampled_from(sorted(sets)))
    write_yaml_set(tmp / "src", sets, home)
    assume(load_board_set(tmp / "src").ok)  # e.g. a generated label over the loader's bounds
    before, after = round_trip(tmp, tmp / "src")
    assert comparable(after) == comparable(before)
    any_yaml_tool_agrees(tmp / "back", after)


def any_yaml_tool_agrees(folder: Path, boards: BoardSet) -> None:
    """A plain YAML 1.1 reader (PyYAML's safe_load, as editors and scripts use) reads the
    same texts from the imported files as the board loader: ``yes`` is not True there."""
    for bid, board in boards.boards.items():
        data = yaml.safe_load((folder / f"{bid}.yaml").read_text(encoding="utf-8"))
        for row, cells in zip(data["rows"], board.rows):
            assert len(row) == len(cells)
            for raw, cell in zip(row, cells):
                if cell is None:
                    assert raw is None
                    continue
                raw = raw if isinstance(raw, dict) else {"label": raw}
                assert raw["label"] == cell.label
                for key in ("say", "cue", "letter", "link", "symbol", "sound"):
                    assert raw.get(key) == getattr(cell, key), key
        assert data.get("name", board.id) == board.name
        assert data.get("locale", "en") == board.locale


@pytest.mark.parametrize("language", ["en", "sr", "mn"])  # every default set is boards/<tag>
def test_the_default_boards_round_trip(tmp_path: Path, language: str) -> None:
    folder = REPO / "boards" / language
    if not (folder / "home.yaml").is_file():
        pytest.skip(f"no default boards/{language}")
    before, after = round_trip(tmp_path, folder)
    assert comparable(after) == comparable(before)
    assert before.language == language  # set.yaml: travels in ext_aac_set


def test_imported_yaml_reads_like_hand_written(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_yaml_set(src, {"home": {"rows": [["I", "yes", "007", " x"],
                                           [{"label": "eat", "color": "verb"}]]}}, "home")
    round_trip(tmp_path, src)
    text = (tmp_path / "back" / "home.yaml").read_text(encoding="utf-8")
    assert '  - [I, "yes", "007", " x"]' in text
    assert "  - - {label: eat, color: verb}" in text


# -- spec validity (the rules of the open-aac/obf validator) ----------------------------------

RGB = re.compile(r"^\s*rgba?\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*(,\s*[01]\.?\d*)?\)\s*")


def check_board(data: dict[str, Any], z: Optional[zipfile.ZipFile]) -> None:
    assert data["format"] == "open-board-0.1" and isinstance(data["id"], str)
    assert isinstance(data["locale"], str) and data["name"]
    grid = data["grid"]
    assert len(grid["order"]) == grid["rows"] >= 1
    assert all(len(r) == grid["columns"] for r in grid["order"])
    ids = {b["id"] for b in data["buttons"]}
    assert all(isinstance(i, str) for i in ids)
    assert {i for r in grid["order"] for i in r if i is not None} == ids
    for b in data["buttons"]:
        assert isinstance(b["label"], str)
        for key in ("background_color", "border_color"):
            assert key not in b or RGB.match(b[key])
        assert b.get("hidden", False) in (True, False)
        assert "action" not in b or b["action"][0] in ":+"
        assert all(a[0] in ":+" for a in b.get("actions", []))
        assert all(k in ("id", "label", "vocalization", "image_id", "sound_id", "hidden",
                         "background_color", "border_color", "action", "actions",
                         "load_board") or k.startswith("ext_") for k in b)
        if "load_board" in b and z is not None:
            assert b["load_board"]["path"] in z.namelist()
    for image in data["images"]:
        assert isinstance(image["width"], int) and isinstance(image["height"], int)
        assert image["content_type"].startswith("image/")
        assert ("path" in image and z is not None and image["path"] in z.namelist()) or \
            image["data"].startswith(f"data:{image['content_type']};base64,")
    for sound in data["sounds"]:
        assert isinstance(sound["duration"], int) and sound["content_type"].startswith("audio/")


def test_exported_package_is_spec_valid(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_yaml_set(src, {
        "home": {"rows": [[{"label": "eat", "color": "verb", "symbol": "pics/a.png",
                            "sound": "snd/hi.wav"}, {"label": "more", "link": "food"},
                           None], [{"label": "a", "letter": "a"},
                                   {"label": "Back", "action": ["back", "stop"]}]]},
        "food": {"rows": [["apple", {"label": "pic", "symbol": "pics/b.svg"}]]}}, "home")
    export_set(str(src), str(tmp_path / "x.obz"))
    with zipfile.ZipFile(tmp_path / "x.obz") as z:
        manifest = json.loads(z.read("manifest.json"))
        assert manifest["format"] == "open-board-0.1"
        assert manifest["root"] == manifest["paths"]["boards"]["home"]
        boards = {bid: json.loads(z.read(path))
                  for bid, path in manifest["paths"]["boards"].items()}
        for bid, data in boards.items():
            assert data["id"] == bid
            check_board(data, z)
        for path in list(manifest["paths"]["images"].values()) + \
                list(manifest["paths"]["sounds"].values()):
            assert path in z.namelist()
    home = {b["label"]: b for b in boards["home"]["buttons"]}
    assert home["eat"]["background_color"] == "rgb(129, 199, 132)"
    assert home["a"]["action"] == "+a"
    assert home["Back"]["actions"] == [":ext_aac_back", ":ext_aac_stop"]
    image = boards["home"]["images"][0]
    assert (image["width"], image["height"], image["content_type"]) == (4, 3, "image/png")
    svg = boards["food"]["images"][0]
    assert (svg["width"], svg["height"], svg["content_type"]) == (20, 10, "image/svg+xml")
    assert boards["home"]["sounds"][0]["duration"] == 2  # 1.2 s, rounded up
    assert boards["home"]["grid"]["order"][1][2] is None


def test_one_board_exports_as_obf_with_inline_pictures(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    write_yaml_set(src, {"home": {"rows": [[{"label": "x", "symbol": "pics/a.png"}]]}}, "home")
    assert cli(["export", str(src), "-o", str(tmp_path / "x.obf")]) == 0
    data = json.loads((tmp_path / "x.obf").read_text(encoding="utf-8"))
    check_board(data, None)
    assert data["images"][0]["data"].startswith("data:image/png;base64,")
    (tmp_path / "two").mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "two" / name).write_text("rows: [[x]]\n")
    (tmp_path / "two" / "set.yaml").write_text("home: a\n")
    assert cli(["export", str(tmp_path / "two"), "-o", str(tmp_path / "y.obf")]) == 1
    assert "an .obf file holds one board" in capsys.readouterr().err
    assert not (tmp_path / "y.obf").exists()


def test_library_symbols_are_exported_as_files(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``mulberry:``/``openmoji:`` reference resolved by the symbols library travels as the
    picture file (other apps show it) and comes back as the reference."""
    picture = tmp_path / "want.png"
    picture.write_bytes(PNG)
    cell = Cell(label="want", symbol="mulberry:want_,_to", symbol_file=str(picture))
    boards = BoardSet({"home": Board("home", ((cell,),), path=str(tmp_path / "home.yaml"))})
    monkeypatch.setattr(writer, "load_board_set", lambda _: LoadResult(boards, []))
    export_set(str(tmp_path), str(tmp_path / "x.obz"))
    with zipfile.ZipFile(tmp_path / "x.obz") as z:
        data = json.loads(z.read("boards/home.obf"))
        image = data["images"][0]
        assert z.read(image["path"]) == PNG and image["content_type"] == "image/png"
        assert image["license"]["type"] == "CC BY-SA 4.0"  # the credit travels with it
        assert "Mulberry Symbols" in image["license"]["author_name"]
    assert data["buttons"][0]["ext_aac_symbol"] == "mulberry:want_,_to"
    import_file(str(tmp_path / "x.obz"), str(tmp_path / "back"))
    assert "symbol: \"mulberry:want_,_to\"" in (tmp_path / "back" / "home.yaml").read_text()


def test_an_edit_in_another_app_wins_over_a_stale_extension(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_yaml_set(src, {"home": {"rows": [[{"label": "x", "color": "verb"}]]}}, "home")
    export_set(str(src), str(tmp_path / "x.obz"))
    with zipfile.ZipFile(tmp_path / "x.obz") as z:
        members = {n: z.read(n) for n in z.namelist()}
    data = json.loads(members["boards/home.obf"])
    data["buttons"][0]["background_color"] = "rgb(255, 0, 0)"  # recoloured in CoughDrop
    members["boards/home.obf"] = json.dumps(data).encode()
    with zipfile.ZipFile(tmp_path / "y.obz", "w") as z:
        for name, raw in members.items():
            z.writestr(name, raw)
    import_file(str(tmp_path / "y.obz"), str(tmp_path / "back"))
    result = load_board_set(tmp_path / "back")
    assert result.boards is not None
    assert result.boards.home_board.rows[0][0].color == "#FF0000"  # type: ignore[union-attr]


def test_an_unknown_library_symbol_falls_back_to_the_packaged_picture(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    picture = tmp_path / "x.png"
    picture.write_bytes(PNG)
    cell = Cell(label="x", symbol="mulberry:no_such_symbol_here", symbol_file=str(picture))
    boards = BoardSet({"home": Board("home", ((cell,),), path=str(tmp_path / "home.yaml"))})
    monkeypatch.setattr(writer, "load_board_set", lambda _: LoadResult(boards, []))
    export_set(str(tmp_path), str(tmp_path / "x.obz"))
    report = import_file(str(tmp_path / "x.obz"), str(tmp_path / "back"))
    back = load_board_set(tmp_path / "back")
    assert back.ok and back.boards is not None
    x = back.boards.home_board.rows[0][0]
    assert x is not None and x.symbol == "images/x.png" and x.symbol_file is not None
    assert any("not in this device's symbol libraries" in w.message for w in report.warnings)
