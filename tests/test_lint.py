"""``aac lint``: positions, exit codes, and the JSON that shows what the loader understood."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from aac.cli import main

DATA = Path(__file__).parent / "data"


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["lint", *args])
    return code, capsys.readouterr().out


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_set_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = lint(capsys, str(DATA / "boards_good"))
    assert code == 0
    assert out == "ok: 4 boards: 0 errors, 0 warnings\n"


def test_errors_and_warnings_one_line_each_then_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "boards", "home.yaml", (
        "rows:\n"
        "  - [hi, {lable: eat}, {say: eat}]\n"
        "  - []\n"
        "  - [{label: Food, link: fod}]\n"
    ))
    write(tmp_path / "boards", "food.yaml", "rows: [[apple]]\n")
    monkeypatch.chdir(tmp_path)
    code, out = lint(capsys, "boards")
    assert code == 1
    assert out.splitlines() == [
        'boards/food.yaml:1:7: warning: board "food" cannot be reached: no link leads to it '
        'from the home board "home"',  # the only link to it is misspelled
        'boards/home.yaml:2:11: error: unknown key "lable" in cell (did you mean "label"?)',
        "boards/home.yaml:2:24: error: cell has no label (every cell needs `label:`, even "
        "with a symbol)",
        "boards/home.yaml:3:5: warning: empty row: it shows as a blank line and is never "
        "scanned",
        'boards/home.yaml:4:6: error: cell "Food" links to unknown board "fod" (did you mean '
        '"food"? known: food, home)',
        "failed: 2 boards: 3 errors, 2 warnings",
    ]


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "home.yaml", "rows:\n  - [{label: cat, symbol: cat.png}]\n")
    code, out = lint(capsys, str(path))
    assert code == 0
    assert out.splitlines()[0] == (f'{path}:2:27: warning: symbol file "cat.png" not found '
                                   f"(looked for {tmp_path / 'cat.png'}); the cell shows its "
                                   "label")
    assert out.splitlines()[-1] == "ok: 1 board: 0 errors, 1 warning"


def test_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "set"
    write(folder, "home.yaml", (
        "name: Core\n"
        "rows:\n"
        "  - [yes, OFF, 1:30, 007, null]\n"
        "  - - {label: eat, say: I eat, symbol: pics/eat.png, color: verb, cue: eat, "
        "hidden: false}\n"
        "    - {label: Food, link: food, back_after_select: true}\n"
        "    - {label: ⌫, action: backspace}\n"
        "    - {label: Go, action: [speak, clear]}\n"
        "    - {label: a, letter: a, color: '#00FF00', sound: a.wav}\n"
    ))
    write(folder, "food.yaml", "rows: [[apple]]\n")
    code, out = lint(capsys, "--json", str(folder))
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"ok", "problems", "boards"}
    assert report["ok"] is True
    assert [(p["line"], p["col"], p["severity"]) for p in report["problems"]] == [
        (4, 40, "warning"), (8, 54, "warning")]  # the symbol, the sound
    assert set(report["problems"][0]) == {"file", "line", "col", "severity", "message"}
    assert report["problems"][0]["file"] == str(folder / "home.yaml")
    assert report["boards"] == {
        "food": {"name": "food", "locale": "en", "columns": 1, "rows": [[{"label": "apple"}]]},
        "home": {"name": "Core", "locale": "en", "columns": 5, "rows": [
            [{"label": "yes"}, {"label": "OFF"}, {"label": "1:30"}, {"label": "007"}, None],
            [
                {"label": "eat", "say": "I eat", "symbol": "pics/eat.png", "color": "verb",
                 "cue": "eat"},
                {"label": "Food", "link": "food", "back_after_select": True},
                {"label": "⌫", "action": "backspace"},
                {"label": "Go", "action": ["speak", "clear"]},
                {"label": "a", "letter": "a", "color": "#00FF00", "sound": "a.wav"},
            ],
        ]},
    }


def test_json_holds_every_field_the_loader_understood(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 9.1: hidden, cue, sound, cell back_after_select and the board's columns,
    locale and scan were dropped by a hand-filtered copy; the files resolved at load too."""
    folder = tmp_path / "set"
    write(folder / "pics", "cat.png", "not checked here")
    write(folder, "moo.wav", "")
    with wave.open(str(folder / "moo.wav"), "wb") as w:  # a real clip: broken ones are dropped
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000), w.writeframes(bytes(320))
    write(folder, "home.yaml", (
        "name: Start\nlocale: sr-Latn\ncolumns: 4\nscan: {pattern: linear}\n"
        "back_after_select: true\n"
        "rows:\n"
        "  - - {label: cat, symbol: pics/cat.png, sound: moo.wav, cue: kitty, hidden: true}\n"
        "    - {label: go, link: more, back_after_select: true}\n"
        "    - {label: x, symbol: gone.png}\n"
    ))
    write(folder, "more.yaml", "rows: [[{label: back, action: back}]]\n")
    code, out = lint(capsys, "--json", str(folder))
    assert code == 0
    home = json.loads(out)["boards"]["home"]
    assert home == {
        "name": "Start", "locale": "sr-Latn", "columns": 4, "scan": {"pattern": "linear"},
        "back_after_select": True,
        "rows": [[
            {"label": "cat", "symbol": "pics/cat.png", "sound": "moo.wav", "cue": "kitty",
             "hidden": True, "symbol_file": str(folder / "pics" / "cat.png"),
             "sound_file": str(folder / "moo.wav")},
            {"label": "go", "link": "more", "back_after_select": True},
            {"label": "x", "symbol": "gone.png"},  # missing: no symbol_file
        ]],
    }


def test_json_with_errors_still_shows_understood_boards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "set"
    write(folder, "home.yaml", "rows:\n  - [a, {label: b, color: purpel}, {label: c, "
                               "link: nowhere}]\n")
    write(folder, "broken.yaml", "rows:\n\t- [x]\n")
    code, out = lint(capsys, "--json", str(folder))
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert [(Path(p["file"]).name, p["line"], p["col"]) for p in report["problems"]] == [
        ("broken.yaml", 2, 1), ("home.yaml", 2, 27), ("home.yaml", 2, 36)]
    assert report["problems"][0]["message"] == "tab character used for indentation; use spaces"
    assert report["boards"] == {"home": {"name": "home", "locale": "en", "columns": 3, "rows": [
        [{"label": "a"}, {"label": "b"}, {"label": "c", "link": "nowhere"}]]}}


def test_several_paths_merge_and_report_the_same_id_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "a", "home.yaml", "rows: [[from a]]\n")
    write(tmp_path / "b", "home.yaml", "rows: [[from b, {label: More, link: extra}]]\n")
    write(tmp_path / "b", "extra.yaml", "rows: [[more, {label: Back, action: back}]]\n")
    code, out = lint(capsys, "--json", str(tmp_path / "a"), str(tmp_path / "b"))
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    assert sorted(report["boards"]) == ["extra", "home"]
    assert report["boards"]["home"]["rows"] == [[{"label": "from a"}]]
    (problem,) = report["problems"]
    assert problem["severity"] == "warning"
    assert problem["file"] == str(tmp_path / "b" / "home.yaml")
    assert f"also in {tmp_path / 'a' / 'home.yaml'}" in problem["message"]


def test_missing_path_and_not_yaml_are_errors_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path, "notes.txt", "hi")
    code, out = lint(capsys, str(tmp_path / "nope"), str(notes))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'nope'}:1:1: error: no such file or folder",
        f"{notes}:1:1: error: not a board file: expected a .yaml file or a folder of them",
        "failed: 0 boards: 2 errors, 0 warnings",
    ]


def test_real_process_malformed_board_no_traceback(tmp_path: Path) -> None:
    """The installed entry point, as a teacher runs it: exit 1, positioned, no traceback."""
    bad = write(tmp_path, "home.yaml", "rows:\n  - [a, b\n  - {label: : }\n\t\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run([sys.executable, "-m", "aac", "lint", str(bad)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout.startswith(f"{bad}:")
    assert proc.stdout.splitlines()[-1] == "failed: 0 boards: 1 error, 0 warnings"


def test_default_board_set_lints_clean(default_boards: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    if not default_boards.is_dir():
        pytest.skip("no default boards/ yet")
    code, out = lint(capsys, str(default_boards))
    assert code == 0, out
    assert out.startswith("ok: ") and out.endswith(" 0 errors, 0 warnings\n")
