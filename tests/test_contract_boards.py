"""Issue 3's contract for `aac lint` and board errors, checked through real processes.

The `--json` shape is written down once as a JSON Schema (exact keys, no extras) and every
report must match it: the default set, a tricky set and a broken one. Then `aac run` on a
broken set must exit with positioned errors and no traceback, like `aac lint`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent
# Issue 9.1 added (after the first seven, in the model's order) every other field the loader
# holds; fields at their default are omitted, as before.
CELL_FIELDS = ["label", "say", "link", "action", "letter", "symbol", "color", "sound", "cue",
               "hidden", "back_after_select", "symbol_file", "sound_file", "broken_link"]

LINT_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["ok", "problems", "boards"],
    "additionalProperties": False,
    "properties": {
        "ok": {"type": "boolean"},
        "problems": {"type": "array", "items": {
            "type": "object",
            "required": ["file", "line", "col", "severity", "message"],
            "additionalProperties": False,
            "properties": {
                "file": {"type": "string", "minLength": 1},
                "line": {"type": "integer", "minimum": 1},
                "col": {"type": "integer", "minimum": 1},
                "severity": {"enum": ["error", "warning"]},
                "message": {"type": "string", "minLength": 1},
            },
        }},
        "boards": {"type": "object", "additionalProperties": {
            "type": "object",
            "required": ["name", "rows"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "locale": {"type": "string", "minLength": 1},
                "columns": {"type": "integer", "minimum": 0},
                "scan": {"type": "object", "required": ["pattern"],
                         "additionalProperties": False,
                         "properties": {"pattern": {"type": "string"}}},
                "back_after_select": {"const": True},
                "rows": {"type": "array", "items": {"type": "array", "items": {"anyOf": [
                    {"type": "null"},
                    {"type": "object", "required": ["label"], "additionalProperties": False,
                     "properties": {
                         "label": {"type": "string", "minLength": 1},
                         "say": {"type": "string"},
                         "link": {"type": "string", "minLength": 1},
                         "action": {"anyOf": [{"type": "string"},
                                              {"type": "array", "items": {"type": "string"}}]},
                         "letter": {"type": "string"},
                         "symbol": {"type": "string", "minLength": 1},
                         "color": {"type": "string", "minLength": 1},
                         "sound": {"type": "string", "minLength": 1},
                         "cue": {"type": "string"},
                         "hidden": {"const": True},
                         "back_after_select": {"const": True},
                         "symbol_file": {"type": "string", "minLength": 1},
                         "sound_file": {"type": "string", "minLength": 1},
                         "broken_link": {"type": "string", "minLength": 1},
                     }},
                ]}}},
            },
        }},
    },
}


def aac(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SDL_VIDEODRIVER": "dummy",
           "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run([sys.executable, "-m", "aac", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=timeout, stdin=subprocess.DEVNULL)


def lint_json(*paths: str, cwd: Path = REPO) -> tuple[int, dict[str, Any]]:
    proc = aac("lint", "--json", *paths, cwd=cwd)
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    jsonschema.validate(report, LINT_JSON_SCHEMA)
    for board in report["boards"].values():
        for row in board["rows"]:
            for cell in row:
                if cell is not None:  # fields in the documented order, absent ones omitted
                    assert list(cell) == [k for k in CELL_FIELDS if k in cell], cell
    assert proc.returncode == (0 if report["ok"] else 1)
    assert report["ok"] == (not any(p["severity"] == "error" for p in report["problems"]))
    return proc.returncode, report


def test_default_boards_json_is_clean_and_complete() -> None:
    code, report = lint_json("boards")
    assert code == 0 and report["problems"] == []
    assert {"home", "food", "feelings", "people", "places", "chat", "keyboard"} <= set(
        report["boards"])
    words = {c["label"] for row in report["boards"]["home"]["rows"] for c in row if c}
    assert {"I", "you", "want", "not", "yes", "no", "on", "off", "stop", "help"} <= words


def test_tricky_scalars_come_back_exactly_as_typed(tmp_path: Path) -> None:
    (tmp_path / "home.yaml").write_text(
        "name: 007\n"
        "rows:\n"
        "  - [yes, No, on, OFF, 1:30, 007, ~, null, true, 0x1F, 1e3, y]\n"
        "  - [{label: 'null', say: NO, letter: 0}, {label: Go, action: [speak, clear]}]\n"
        "  - []\n",
        encoding="utf-8")
    code, report = lint_json(str(tmp_path))
    assert code == 0
    assert [(p["line"], p["severity"]) for p in report["problems"]] == [(5, "warning")]
    home = report["boards"]["home"]
    assert home["name"] == "007"
    labels = [c["label"] if c else None for c in home["rows"][0]]
    assert labels == ["yes", "No", "on", "OFF", "1:30", "007", None, None, "true", "0x1F",
                      "1e3", "y"]
    assert home["rows"][1] == [{"label": "null", "say": "NO", "letter": "0"},
                               {"label": "Go", "action": ["speak", "clear"]}]
    assert home["rows"][2] == []


@pytest.mark.parametrize("text, line, col, words", [
    ("rows:\n\t- [a]\n", 2, 1, "tab"),
    ("rows: [[a]]\nrows: [[b]]\n", 2, 1, 'duplicate key "rows"'),
    ("rows: [[{label: a, link: fod}]]\n", 1, 9, 'unknown board "fod"'),
    ("rows: [[{label: a, hidden: yes}]]\n", 1, 28, "true or false"),
    ("rows:\n  - [a, b\n", 3, 1, "never closed"),
    ("columns: six\nrows: [[a]]\n", 1, 10, "whole number"),
    ("rows:\n  -\n", 2, 4, "a row must be a list"),
])
def test_malformed_boards_are_positioned_errors(tmp_path: Path, text: str, line: int, col: int,
                                                words: str) -> None:
    (tmp_path / "home.yaml").write_text(text, encoding="utf-8")
    code, report = lint_json(str(tmp_path))
    assert code == 1
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert [(p["file"], p["line"], p["col"]) for p in errors] == [
        (str(tmp_path / "home.yaml"), line, col)], errors
    assert words in errors[0]["message"]


def test_aac_run_on_a_broken_set_lists_the_errors_and_no_traceback(tmp_path: Path) -> None:
    """Issue 16.1 changed this: aac run no longer exits on a broken set; with the home
    board unusable it shows the emergency board and lists every error."""
    (tmp_path / "home.yaml").write_text("rows:\n  - [a, {label: b, colr: red}]\n",
                                        encoding="utf-8")
    (tmp_path / "set.yaml").write_text("home: start\n", encoding="utf-8")
    proc = aac("run", str(tmp_path), "--window", "320x240", "--exit-after", "2",
               "--terminal")
    assert proc.returncode == 0
    assert "emergency board" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert f'{tmp_path / "home.yaml"}:2:20: error: unknown key "colr" in cell' in out
    assert f'{tmp_path / "set.yaml"}:1:7: error: home board "start" is not in the set' in out


def test_python_dash_m_aac_lists_the_commands() -> None:
    proc = aac("--help")
    assert proc.returncode == 0
    assert "run" in proc.stdout and "lint" in proc.stdout
