"""Hostile and odd files on disk: every one is a positioned problem, never a hang or traceback.

The loader is the boundary between whatever is in a teacher's folder and the child's screen,
so folders named like boards, broken or looping symbolic links, pipes, unreadable folders and
absurdly long values must each get a clear message naming the file.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aac.boards import loader
from aac.boards.loader import MAX_TEXT_CHARS, inspect_board_set, load_board_file, load_board_set
from aac.boards.media import MAX_IMAGE_SIDE, MAX_MEDIA_BYTES, image_size
from aac.boards.yamlnodes import read_yaml, to_data12
from aac.cli import main as cli_main

REPO = Path(__file__).resolve().parent.parent


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(result: Any) -> list[tuple[str, str, str]]:
    return [(Path(p.file).name, p.severity, p.message) for p in result.problems]


def test_a_folder_named_like_a_board_is_a_warning_and_the_set_still_loads(tmp_path: Path) -> None:
    write(tmp_path, "home.yaml", "rows: [[hi]]\n")
    (tmp_path / "old.yaml").mkdir()
    result = load_board_set(tmp_path)
    assert messages(result) == [("old.yaml", "warning", "is a folder, not a board file; skipped")]
    assert result.boards is not None and set(result.boards.boards) == {"home"}


def test_broken_and_looping_symlinks_are_errors_and_links_to_them_not_also_unknown(
    tmp_path: Path,
) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: Food, link: food}, {label: x, link: loop}]]\n")
    os.symlink("gone/food.yaml", tmp_path / "food.yaml")
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    os.symlink("gone", tmp_path / ".#home.yaml")  # an editor's lock file: not a board, ignored
    result = load_board_set(tmp_path)
    assert result.boards is None
    assert messages(result) == [
        ("food.yaml", "error", 'broken symbolic link: "gone/food.yaml" does not exist'),
        ("loop.yaml", "error", "symbolic link loop: it points back to itself"),
    ]
    assert all((p.line, p.col) == (1, 1) for p in result.problems)


def test_a_set_yaml_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "home.yaml", "rows: [[hi]]\n")
    (tmp_path / "set.yaml").mkdir()
    assert messages(load_board_set(tmp_path)) == [
        ("set.yaml", "warning", "is a folder, not a board file; skipped")]


def test_pipes_are_refused_without_being_opened(tmp_path: Path) -> None:
    """A FIFO named home.yaml would block open() forever: a real process must finish."""
    folder = tmp_path / "set"
    folder.mkdir()
    os.mkfifo(folder / "home.yaml")
    os.mkfifo(tmp_path / "single.yaml")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "aac", "lint", str(folder),
                           str(tmp_path / "single.yaml")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    why = "not a regular file (a device, pipe or socket); a board must be a text file"
    assert proc.stdout.splitlines() == [
        f"{folder / 'home.yaml'}:1:1: error: {why}",
        f"{tmp_path / 'single.yaml'}:1:1: error: {why}",
        "failed: 0 boards: 2 errors, 0 warnings",
    ]


def test_unreadable_folder_and_file_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission errors (faked: the suite may run as root, who can read anything)."""
    board = write(tmp_path / "set", "home.yaml", "rows: [[hi]]\n")
    real_open, real_listdir = builtins.open, os.listdir

    def deny_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == str(board):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny_open)
    assert messages(load_board_set(tmp_path / "set")) == [
        ("home.yaml", "error", "cannot read file: Permission denied")]

    def deny_listdir(path: Any = ".") -> list[str]:
        if os.fspath(path) == str(tmp_path / "set"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", deny_listdir)
    assert messages(load_board_set(tmp_path / "set")) == [
        ("set", "error", "cannot read folder: Permission denied")]


def test_text_is_bounded_and_the_schema_agrees(tmp_path: Path) -> None:
    """A 1 MB label made the renderer use ~600 MB: labels and other text stop at 1000."""
    schema = json.loads((REPO / "aac" / "boards" / "board.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    longest = "w" * MAX_TEXT_CHARS
    too_long = longest + "w"
    cases = {
        "ok_word.yaml": (f"rows: [[{longest}]]\n", None),
        "ok_say.yaml": (f"rows: [[{{label: a, say: {longest}}}]]\n", None),
        "word.yaml": (f"rows: [[{too_long}]]\n", (1, 9, "label")),
        "say.yaml": (f"rows:\n  - [{{label: a, say: {too_long}}}]\n", (2, 22, "say")),
        "name.yaml": (f"name: {too_long}\nrows: [[a]]\n", (1, 7, "name")),
        "link.yaml": (f"rows: [[{{label: a, link: {too_long}}}]]\n", (1, 26, "link")),
    }
    for name, (text, expected) in cases.items():
        path = write(tmp_path, name, text)
        board, problems = load_board_file(path)
        node, _ = read_yaml(path.read_bytes(), str(path))
        assert node is not None
        schema_ok = validator.is_valid(to_data12(node))
        if expected is None:
            assert board is not None and problems == [], name
            assert schema_ok, name
            continue
        line, col, what = expected
        assert board is None and not schema_ok, name
        assert [(p.line, p.col, p.message) for p in problems] == [
            (line, col, f"{what} is {MAX_TEXT_CHARS + 1} characters long; at most "
                        f"{MAX_TEXT_CHARS}")], name


def test_huge_values_are_cut_short_in_messages(tmp_path: Path) -> None:
    value, key = "x" * 50_000, "k" * 1000  # YAML keys stop at 1024 characters
    path = write(tmp_path, "b.yaml", f"columns: {value}\n{key}: 1\nrows: [[a]]\n")
    _, problems = load_board_file(path)
    problems.sort(key=lambda p: (p.line, p.col))
    assert [(p.line, p.col) for p in problems] == [(1, 10), (2, 1)]
    assert all(len(p.message) < 300 for p in problems), [len(p.message) for p in problems]
    assert f'got "{"x" * 40}… (50000 characters)"' in problems[0].message
    assert f'unknown key "{"k" * 40}… (1000 characters)" in board' in problems[1].message


def test_a_misspelled_label_key_is_one_error_not_two(tmp_path: Path) -> None:
    path = write(tmp_path, "b.yaml", "rows: [[{lable: eat}, {say: hi}]]\n")
    _, problems = load_board_file(path)
    assert [(p.col, p.message) for p in problems] == [
        (10, 'unknown key "lable" in cell (did you mean "label"?)'),
        (23, "cell has no label (every cell needs `label:`, even with a symbol)"),
    ]


def test_a_byte_order_mark_and_windows_line_ends_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_bytes("\ufeffrows:\r\n  - [yes, 1:30]\r\n  - [{lable: x}]\r\n".encode())
    report = inspect_board_set(path)
    assert [(p.line, p.col, p.message) for p in report.result.problems] == [
        (3, 7, 'unknown key "lable" in cell (did you mean "label"?)')]
    assert report.boards["home"].json == {"name": "home", "locale": "en", "columns": 2, "rows": [
        [{"label": "yes"}, {"label": "1:30"}], [None]]}  # the broken cell: not understood


def test_a_board_linking_to_itself_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: again, link: home}]]\n")
    result = load_board_set(tmp_path)
    assert result.ok and result.problems == []


@pytest.mark.parametrize("as_json", [True, False])
def test_lint_on_a_terminal_that_is_not_utf8_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: ⌫, link: nope}]]\n")
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    monkeypatch.setattr(sys, "stdout", out)
    code = cli_main(["lint", *(["--json"] if as_json else []), str(tmp_path)])
    out.flush()
    text = raw.getvalue().decode("ascii")
    assert code == 1
    if as_json:
        report = json.loads(text)  # escaped, but the same data
        assert report["boards"]["home"]["rows"] == [[{"label": "⌫", "link": "nope"}]]
    else:
        assert 'cell "\\u232b" links to unknown board "nope"' in text


# --- symbol and sound files the runtime must never open ------------------------------------


def png_header(width: int, height: int) -> bytes:
    """Just the signature and IHDR: all the loader reads (a real bomb adds a tiny IDAT)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + crc


def test_image_size_of_real_png_and_jpeg_files(tmp_path: Path) -> None:
    pygame = pytest.importorskip("pygame")
    for name, size in (("a.png", (37, 21)), ("b.jpg", (64, 48)), ("c.jpeg", (5, 300))):
        pygame.image.save(pygame.Surface(size), str(tmp_path / name))
        assert image_size(str(tmp_path / name)) == size, name
    (tmp_path / "d.svg").write_text("<svg width='10' height='10'/>", encoding="utf-8")
    assert image_size(str(tmp_path / "d.svg")) is None
    jpeg = b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", 2 + 3000) + b"x" * 3000  # big EXIF
    jpeg += b"\xff\xc2" + struct.pack(">HBHH", 17, 8, 9000, 12000)  # progressive frame
    (tmp_path / "e.jpg").write_bytes(jpeg)
    assert image_size(str(tmp_path / "e.jpg")) == (12000, 9000)
    (tmp_path / "f.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00")  # cut short
    assert image_size(str(tmp_path / "f.jpg")) is None


def test_a_picture_too_big_to_decode_is_a_warning_and_a_placeholder(tmp_path: Path) -> None:
    """A 250 KB PNG of 16000x16000 pixels took 1.3 GB to decode: never hand it to pygame.

    (Issue 16.2: the cell keeps the path so the runtime draws a placeholder, not the label
    alone; the runtime re-checks before decoding.)
    """
    pygame = pytest.importorskip("pygame")
    (tmp_path / "bomb.png").write_bytes(png_header(16000, 16000))
    pygame.image.save(pygame.Surface((MAX_IMAGE_SIDE, 30)), str(tmp_path / "ok.png"))
    path = write(tmp_path, "home.yaml", "rows: [[{label: boom, symbol: bomb.png}, "
                                        "{label: fine, symbol: ok.png}]]\n")
    report = inspect_board_set(path)
    assert [(p.col, p.severity, p.message) for p in report.result.problems] == [
        (31, "warning", 'symbol file "bomb.png" is 16000x16000 pixels; at most 4096x4096 '
                        "(save it smaller); the cell shows a placeholder")]
    assert report.result.boards is not None
    boom, fine = report.result.boards.boards["home"].rows[0]
    assert boom is not None and boom.symbol == "bomb.png"
    assert fine is not None and fine.symbol == "ok.png"
    assert report.boards["home"].json == {"name": "home", "locale": "en", "columns": 2, "rows": [
        [{"label": "boom", "symbol": "bomb.png", "symbol_file": str(tmp_path / "bomb.png")},
         {"label": "fine", "symbol": "ok.png", "symbol_file": str(tmp_path / "ok.png")}]]}


def test_devices_pipes_and_huge_media_files_are_dropped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.wav")
    (tmp_path / "pics").mkdir()
    with open(tmp_path / "huge.wav", "wb") as f:  # sparse: no real disk used
        f.truncate(MAX_MEDIA_BYTES + 1)
    path = write(tmp_path, "home.yaml", (
        "rows:\n"
        "  - [{label: a, sound: pipe.wav}, {label: b, symbol: /dev/zero}]\n"
        "  - [{label: c, symbol: pics}, {label: d, sound: huge.wav}]\n"
    ))
    board, problems = load_board_file(path)
    assert board is not None
    # sounds are dropped (speech instead); pictures stay, drawn as a placeholder (16.2)
    assert all(c is not None and c.sound is None for row in board.rows for c in row)
    assert [c.symbol for row in board.rows for c in row if c is not None and c.symbol] == [
        "/dev/zero", "pics"]
    assert sorted((p.line, p.message) for p in problems) == [
        (2, 'sound file "pipe.wav" is not a regular file; speech is used instead'),
        (2, 'symbol file "/dev/zero" is not a regular file; the cell shows a placeholder'),
        (3, f'sound file "huge.wav" is {MAX_MEDIA_BYTES + 1} bytes; at most 20 MB (a picture '
            "or clip for a cell is far smaller); speech is used instead"),
        (3, 'symbol file "pics" is not a regular file; the cell shows a placeholder'),
    ]


def test_a_set_too_big_in_total_is_refused_before_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_SET_BYTES", 120)  # 16 MB of real files would be slow
    for name in ("a", "b", "c"):
        write(tmp_path, f"{name}.yaml", "rows: [[" + "w" * 40 + "]]\n")  # 51 bytes each
    write(tmp_path, "set.yaml", "home: a\n")  # not a board: not counted
    report = inspect_board_set(tmp_path)
    assert [(p.file, p.message) for p in report.result.problems] == [
        (str(tmp_path), "board files add up to more than 120 bytes; only the first 2 are read "
                        "(a whole set is usually under 1 MB)")]
    assert sorted(report.boards) == ["a", "b"]
    assert report.result.boards is None
