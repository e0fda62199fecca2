"""``aac simulate`` through the real CLI: JSON events, the final message, the usage log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import write_set

from aac.cli import main

HOME = """\
rows:
  - [I, you, want]
  - [eat, drink, more]
  - [yes, no, stop]
"""


@pytest.fixture
def boards(tmp_path: Path) -> Path:
    return write_set(tmp_path, {"home.yaml": HOME,
                                "food.yaml": "rows:\n  - [apple, {label: Back, action: back}]\n"})


@pytest.fixture
def example_settings(tmp_path: Path) -> Path:
    path = tmp_path / "scan.yaml"
    path.write_text("interval_ms: 1000\nfirst_item_factor: 1.5\nloops: 3\n", encoding="utf-8")
    return path


def simulate_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_worked_example(boards: Path, example_settings: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    out = simulate_json(capsys, str(boards), "--settings", str(example_settings),
                        "--presses", "1.7:1.8,3.5:3.6", "--until", "5")
    assert out == {"events": [
        {"t": 0.0, "type": "highlight", "level": 1, "row": 0},
        {"t": 1.5, "type": "highlight", "level": 1, "row": 1},
        {"t": 1.7, "type": "highlight", "level": 2, "row": 1, "col": 0},
        {"t": 3.2, "type": "highlight", "level": 2, "row": 1, "col": 1},
        {"t": 3.5, "type": "select", "board": "home", "row": 1, "col": 1, "label": "drink"},
        {"t": 3.5, "type": "speak", "text": "drink"},
        {"t": 3.5, "type": "highlight", "level": 1, "row": 0},
        {"t": 5.0, "type": "highlight", "level": 1, "row": 1},
    ], "message": "drink"}


def test_default_until_runs_until_scanning_stops(boards: Path, example_settings: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = simulate_json(capsys, str(boards), "--settings", str(example_settings),
                        "--presses", "1.7:1.8,3.5:3.6")
    # level 1 restarted at 3.5; 3 passes of 3.5 s later it stops
    assert out["events"][-1] == {"t": 14.0, "type": "stop"}
    assert sum(e["type"] == "highlight" for e in out["events"]) == 4 + 9


def test_board_option_and_move_switch(boards: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "step.yaml"
    settings.write_text("mode: step\n", encoding="utf-8")
    out = simulate_json(capsys, str(boards), "--board", "food", "--settings", str(settings),
                        "--presses", "0.5:0.6,move@1:1.1,2:2.1")
    assert out["events"] == [
        {"t": 0.0, "type": "highlight", "level": 1, "row": 0},
        {"t": 0.5, "type": "highlight", "level": 2, "row": 0, "col": 0},
        {"t": 1.0, "type": "highlight", "level": 2, "row": 0, "col": 1},
        {"t": 2.0, "type": "select", "board": "food", "row": 0, "col": 1, "label": "Back"},
        {"t": 2.0, "type": "highlight", "level": 1, "row": 0},
    ]


def test_usage_log_has_switch_edges_and_every_event(boards: Path, example_settings: Path,
                                                    tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "usage.jsonl"
    simulate_json(capsys, str(boards), "--settings", str(example_settings),
                  "--presses", "1.7:1.8,3.5:3.6", "--until", "4", "--log", str(log))
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "session" and lines[0]["settings"]["first_item_factor"] == 1.5
    body = [(r["t"], r["type"]) for r in lines[1:]]
    assert body == [(0.0, "highlight"), (1.5, "highlight"), (1.7, "switch"), (1.7, "highlight"),
                    (1.8, "switch"), (3.2, "highlight"), (3.5, "switch"), (3.5, "select"),
                    (3.5, "speak"), (3.5, "message"), (3.5, "highlight"), (3.6, "switch")]
    assert lines[3] == {"t": 1.7, "type": "switch", "switch": 1, "down": True}
    assert lines[-3] == {"t": 3.5, "type": "message", "text": "drink"}


@pytest.mark.parametrize(
    ("presses", "message"),
    [("1.7-1.8", "expected DOWN:UP in seconds"), ("2:1", "need 0 <= DOWN < UP"),
     ("foot@1:2", "unknown switch 'foot'")],
)
def test_bad_press_spec_is_a_clear_error(boards: Path, presses: str, message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(boards), "--presses", presses, "--json"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_settings_file_names_the_key(boards: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "bad.yaml"
    settings.write_text("mode: autoo\n", encoding="utf-8")
    assert main(["simulate", str(boards), "--settings", str(settings), "--presses", "1:2"]) == 2
    err = capsys.readouterr().err
    assert (f'{settings}:1:7: error: mode must be one of auto, step, inverse, press-hold; '
            'got "autoo"') in err


def test_unknown_board_is_a_clear_error(boards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(boards), "--board", "fod", "--presses", "1:2"]) == 1
    assert "--board 'fod' is not in the set (known: food, home)" in capsys.readouterr().err
