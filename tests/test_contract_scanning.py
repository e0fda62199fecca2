"""SCANNING.md's rules pinned through ``aac simulate --json``, one scenario per rule.

Every expected timeline here was derived by hand from SCANNING.md (not from the engine's
output), so a change of semantics shows up as a failing scenario naming the rule.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import hl

from aac.cli import main

BOARDS = {
    # 3x3, no empty cells
    "b3": {"home": "rows:\n  - [I, you, want]\n  - [eat, drink, more]\n  - [yes, no, stop]\n"},
    # empty row 1, empty column 2, a hidden cell at (2,0)
    "sparse": {"home": "columns: 4\nrows:\n  - [null, a, null, null]\n"
                       "  - [null, null, null, null]\n"
                       "  - [{label: h, hidden: true}, b, null, b2]\n"
                       "  - [c, null, null, null]\n"},
    "links": {"home": "rows:\n  - [{label: Food, link: food}, more]\n  - [yes, no]\n",
              "food": "rows:\n  - [apple, banana]\n"},
    "hidden": {"home": "rows:\n  - [{label: x, hidden: true}, null]\n"},
    "act": {"home": "rows:\n  - [I, want, {label: Speak, action: speak}]\n"},
}

Event = dict[str, Any]


def sel(t: float, row: int, col: int, label: str, board: str = "home") -> Event:
    return {"t": t, "type": "select", "board": board, "row": row, "col": col, "label": label}


def say(t: float, text: str) -> Event:
    return {"t": t, "type": "speak", "text": text}


def nav(t: float, board: str) -> Event:
    return {"t": t, "type": "navigate", "board": board}


def stop(t: float) -> Event:
    return {"t": t, "type": "stop"}


# name: (board set, settings YAML, presses, extra args, expected events, final message)
SCENARIOS: dict[str, tuple[str, str, str, list[str], list[Event], str]] = {
    # The worked example; the default --until runs on until level 1 stops (3.5 + 3 x 3.5 s).
    "worked_example": (
        "b3", "interval_ms: 1000\nfirst_item_factor: 1.5\nloops: 3\n", "1.7:1.8,3.5:3.6", [],
        [hl(0, 1, 0), hl(1.5, 1, 1), hl(1.7, 2, 1, 0), hl(3.2, 2, 1, 1),
         sel(3.5, 1, 1, "drink"), say(3.5, "drink"), hl(3.5, 1, 0), hl(5.0, 1, 1),
         hl(6.0, 1, 2), hl(7.0, 1, 0), hl(8.5, 1, 1), hl(9.5, 1, 2), hl(10.5, 1, 0),
         hl(12.0, 1, 1), hl(13.0, 1, 2), stop(14.0)], "drink"),
    # loops: level 2 falls back to level 1 at that moment; level 1 stops; a press restarts
    # level 1 at its time and selects nothing.
    "loops_fallback_stop_restart": (
        "b3", "interval_ms: 1000\nloops: 2\n", "0.5:0.6,13.0:13.1,14.2:14.3", ["--until", "15.1"],
        [hl(0, 1, 0), hl(0.5, 2, 0, 0), hl(1.5, 2, 0, 1), hl(2.5, 2, 0, 2), hl(3.5, 2, 0, 0),
         hl(4.5, 2, 0, 1), hl(5.5, 2, 0, 2), hl(6.5, 1, 0), hl(7.5, 1, 1), hl(8.5, 1, 2),
         hl(9.5, 1, 0), hl(10.5, 1, 1), hl(11.5, 1, 2), stop(12.5), hl(13.0, 1, 0),
         hl(14.0, 1, 1), hl(14.2, 2, 1, 0)], ""),
    "press_at_fallback_belongs_to_level_1": (
        "b3", "interval_ms: 1000\nloops: 2\n", "0.5:0.6,6.5:6.6", ["--until", "7.0"],
        [hl(0, 1, 0), hl(0.5, 2, 0, 0), hl(1.5, 2, 0, 1), hl(2.5, 2, 0, 2), hl(3.5, 2, 0, 0),
         hl(4.5, 2, 0, 1), hl(5.5, 2, 0, 2), hl(6.5, 1, 0), hl(6.5, 2, 0, 0)], ""),
    "start_on_press": (
        "b3", "interval_ms: 1000\nstart: on-press\n", "2.0:2.1,3.2:3.3", ["--until", "4.0"],
        [hl(2.0, 1, 0), hl(3.0, 1, 1), hl(3.2, 2, 1, 0)], ""),
    "start_on_press_waits_for_acceptance": (
        "b3", "start: on-press\nacceptance_ms: 300\n", "2.0:2.1,2.5:3.0,3.5:3.6",
        ["--until", "4.0"], [hl(2.8, 1, 0), hl(3.8, 1, 1)], ""),
    "acceptance_short_hold_ignored": (
        "b3", "interval_ms: 1000\nacceptance_ms: 300\n", "1.0:1.2,1.4:1.8", ["--until", "2.5"],
        [hl(0, 1, 0), hl(1.0, 1, 1), hl(1.7, 2, 1, 0)], ""),
    "acceptance_time_is_down_plus_acceptance": (
        "b3", "interval_ms: 1000\nacceptance_ms: 300\n", "0.8:1.5", ["--until", "1.5"],
        [hl(0, 1, 0), hl(1.0, 1, 1), hl(1.1, 2, 1, 0)], ""),
    # held exactly acceptance_ms counts (0.052 + 0.05 is not 0.102 in floats)
    "held_exactly_acceptance": (
        "b3", "acceptance_ms: 50\n", "0.052:0.102", ["--until", "0.5"],
        [hl(0, 1, 0), hl(0.102, 2, 0, 0)], ""),
    # accepted on a boundary by the acceptance timer: logged exactly like a press edge there
    "acceptance_lands_on_a_boundary": (
        "b3", "interval_ms: 1000\nacceptance_ms: 300\n", "0.7:1.2", ["--until", "1.5"],
        [hl(0, 1, 0), hl(1.0, 1, 1), hl(1.0, 2, 1, 0)], ""),
    # 101 x 0.2 s is 20.200000000000003 in floats: still "at 20.2", so within --until 20.2
    "until_includes_an_event_at_its_millisecond": (
        "b3", "interval_ms: 200\nloops: 0\n", "", ["--until", "20.2"],
        [hl(round(0.2 * k, 1), 1, k % 3) for k in range(102)], ""),
    "debounce": (
        "b3", "interval_ms: 1000\n", "1.7:1.75,1.78:1.79,1.85:1.9", ["--until", "2.0"],
        [hl(0, 1, 0), hl(1.0, 1, 1), hl(1.7, 2, 1, 0), sel(1.85, 1, 0, "eat"),
         say(1.85, "eat"), hl(1.85, 1, 0)], "eat"),
    "escape_item": (
        "b3", "interval_ms: 1000\nescape: true\n", "1.5:1.6,4.7:4.8", ["--until", "5.0"],
        [hl(0, 1, 0), hl(1.0, 1, 1), hl(1.5, 2, 1, 0), hl(2.5, 2, 1, 1), hl(3.5, 2, 1, 2),
         hl(4.5, 2, 1, back=True), hl(4.7, 1, 0)], ""),
    "column_row": (
        "b3", "interval_ms: 1000\npattern: column-row\n", "1.2:1.3,2.5:2.6", ["--until", "3.0"],
        [hl(0, 1, col=0), hl(1.0, 1, col=1), hl(1.2, 2, 0, 1), hl(2.2, 2, 1, 1),
         sel(2.5, 1, 1, "drink"), say(2.5, "drink"), hl(2.5, 1, col=0)], "drink"),
    "linear_stops_and_restarts": (
        "b3", "interval_ms: 1000\npattern: linear\nloops: 1\n", "4.3:4.4,14.0:14.1",
        ["--until", "14.5"],
        [hl(0, 1, 0, 0), hl(1, 1, 0, 1), hl(2, 1, 0, 2), hl(3, 1, 1, 0), hl(4, 1, 1, 1),
         sel(4.3, 1, 1, "drink"), say(4.3, "drink"), hl(4.3, 1, 0, 0), hl(5.3, 1, 0, 1),
         hl(6.3, 1, 0, 2), hl(7.3, 1, 1, 0), hl(8.3, 1, 1, 1), hl(9.3, 1, 1, 2),
         hl(10.3, 1, 2, 0), hl(11.3, 1, 2, 1), hl(12.3, 1, 2, 2), stop(13.3),
         hl(14.0, 1, 0, 0)], "drink"),
    "empty_and_hidden_skipped_row_column": (
        "sparse", "interval_ms: 1000\n", "1.5:1.6,2.6:2.7", ["--until", "3.0"],
        [hl(0, 1, 0), hl(1, 1, 2), hl(1.5, 2, 2, 1), hl(2.5, 2, 2, 3), sel(2.6, 2, 3, "b2"),
         say(2.6, "b2"), hl(2.6, 1, 0)], "b2"),
    "empty_and_hidden_skipped_column_row": (
        "sparse", "interval_ms: 1000\npattern: column-row\n", "1.1:1.2,2.2:2.3",
        ["--until", "2.5"],
        [hl(0, 1, col=0), hl(1, 1, col=1), hl(1.1, 2, 0, 1), hl(2.1, 2, 2, 1),
         sel(2.2, 2, 1, "b"), say(2.2, "b"), hl(2.2, 1, col=0)], "b"),
    "empty_and_hidden_skipped_linear": (
        "sparse", "interval_ms: 1000\npattern: linear\n", "3.5:3.6", ["--until", "3.6"],
        [hl(0, 1, 0, 1), hl(1, 1, 2, 1), hl(2, 1, 2, 3), hl(3, 1, 3, 0), sel(3.5, 3, 0, "c"),
         say(3.5, "c"), hl(3.5, 1, 0, 1)], "c"),
    "press_on_boundary_belongs_to_new_item": (
        "b3", "interval_ms: 1000\nfirst_item_factor: 1.5\n", "1.5:1.6,3.0:3.1",
        ["--until", "3.2"],
        [hl(0, 1, 0), hl(1.5, 1, 1), hl(1.5, 2, 1, 0), hl(3.0, 2, 1, 1), sel(3.0, 1, 1, "drink"),
         say(3.0, "drink"), hl(3.0, 1, 0)], "drink"),
    "press_on_pass_boundary": (
        "b3", "interval_ms: 1000\nfirst_item_factor: 1.5\n", "3.5:3.6", ["--until", "3.6"],
        [hl(0, 1, 0), hl(1.5, 1, 1), hl(2.5, 1, 2), hl(3.5, 1, 0), hl(3.5, 2, 0, 0)], ""),
    "step": (
        "b3", "mode: step\n", "move@1:1.1,move@2:2.1,move@3:3.1,move@4:4.1,5:5.1,move@6:6.1,7:7.1",
        ["--until", "20"],
        [hl(0, 1, 0), hl(1, 1, 1), hl(2, 1, 2), hl(3, 1, 0), hl(4, 1, 1), hl(5, 2, 1, 0),
         hl(6, 2, 1, 1), sel(7, 1, 1, "drink"), say(7, "drink"), hl(7, 1, 0)], "drink"),
    "inverse": (
        "b3", "mode: inverse\ninterval_ms: 1000\nacceptance_ms: 100\n",
        "2.0:3.5,5.0:5.4,6.0:6.05,7.0:9.5", ["--until", "10"],
        [hl(0, 1, 0), hl(3.0, 1, 1), hl(3.5, 2, 1, 0), sel(5.4, 1, 0, "eat"), say(5.4, "eat"),
         hl(5.4, 1, 0), hl(8.0, 1, 1), hl(9.0, 1, 2), hl(9.5, 2, 2, 0)], "eat"),
    # A release just before the next item is due: the item showing at the up time is
    # chosen, and the next item is never shown (the release is only settled after the
    # bounce window, which ends after that item's time).
    "inverse_release_just_before_next_item": (
        "b3", "mode: inverse\ninterval_ms: 1000\n", "2.0:2.995", ["--until", "4"],
        [hl(0, 1, 0), hl(2.995, 2, 0, 0)], ""),
    # ... but contact that comes back within the bounce window is the same hold going on
    "inverse_bounce_is_not_a_release": (
        "b3", "mode: inverse\ninterval_ms: 1000\n", "2.0:2.995,2.997:3.5", ["--until", "4"],
        [hl(0, 1, 0), hl(3.0, 1, 1), hl(3.5, 2, 1, 0)], ""),
    # nothing to scan: presses and holds do nothing (and never crash the engine)
    "nothing_to_scan_inverse": ("hidden", "mode: inverse\n", "1:1.5,2:4", [], [], ""),
    "nothing_to_scan_press_hold": ("hidden", "mode: press-hold\n", "1:1.5,2:4", [], [], ""),
    "nothing_to_scan_auto": ("hidden", "loops: 0\n", "1:1.5,2:4", [], [], ""),
    "press_hold": (
        "b3", "mode: press-hold\n", "1.0:1.2,2.0:2.8,3.0:3.1,4.0:5.0", ["--until", "6"],
        [hl(0, 1, 0), hl(1.2, 1, 1), hl(2.6, 2, 1, 0), hl(3.1, 2, 1, 1), sel(4.6, 1, 1, "drink"),
         say(4.6, "drink"), hl(4.6, 1, 0)], "drink"),
    "link_navigates_and_rescans_new_board": (
        "links", "interval_ms: 1000\n", "0.5:0.6,1.0:1.1,1.5:1.6,2.6:2.7", ["--until", "2.7"],
        [hl(0, 1, 0), hl(0.5, 2, 0, 0), sel(1.0, 0, 0, "Food"), nav(1.0, "food"), hl(1.0, 1, 0),
         hl(1.5, 2, 0, 0), hl(2.5, 2, 0, 1), sel(2.6, 0, 1, "banana", board="food"),
         say(2.6, "banana"), hl(2.6, 1, 0)], "banana"),
    "speak_action_speaks_whole_message": (
        "act", "interval_ms: 1000\npattern: linear\n", "0.5:0.6,1.7:1.8,4.0:4.1",
        ["--until", "4.1"],
        [hl(0, 1, 0, 0), sel(0.5, 0, 0, "I"), say(0.5, "I"), hl(0.5, 1, 0, 0), hl(1.5, 1, 0, 1),
         sel(1.7, 0, 1, "want"), say(1.7, "want"), hl(1.7, 1, 0, 0), hl(2.7, 1, 0, 1),
         hl(3.7, 1, 0, 2), sel(4.0, 0, 2, "Speak"), say(4.0, "I want"), hl(4.0, 1, 0, 0)],
        "I want"),
    "board_option": (
        "links", "interval_ms: 1000\n", "0.5:0.6,0.7:0.8", ["--until", "1.0", "--board", "food"],
        [hl(0, 1, 0), hl(0.5, 2, 0, 0), sel(0.7, 0, 0, "apple", board="food"), say(0.7, "apple"),
         hl(0.7, 1, 0)], "apple"),
    # a profile file for `aac run` may list its switches: simulate replays it all the same
    "profile_with_inputs_and_prompt_off": (
        "b3", "inputs: [keyboard]\nprompt: off\ninterval_ms: 500\n", "0.6:0.7", ["--until", "1.1"],
        [hl(0, 1, 0), hl(0.5, 1, 1), hl(0.6, 2, 1, 0), hl(1.1, 2, 1, 1)], ""),
}


def make_set(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    for board_id, text in BOARDS[name].items():
        (folder / f"{board_id}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board_set, settings_text, presses, extra, expected, message = SCENARIOS[name]
    settings = tmp_path / "settings.yaml"
    settings.write_text(settings_text, encoding="utf-8")
    folder = make_set(tmp_path, board_set)
    code = main(["simulate", str(folder), "--settings", str(settings), "--presses", presses,
                 *extra, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    result = json.loads(out.out)
    assert result["events"] == expected
    assert result["message"] == message


def test_until_cuts_events_after_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_set(tmp_path, "b3")
    assert main(["simulate", str(folder), "--until", "2.5", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert events == [hl(0, 1, 0), hl(1, 1, 1), hl(2, 1, 2)]


def test_log_records_switch_edges_in_time_order(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_set(tmp_path, "b3")
    log = tmp_path / "usage.jsonl"
    assert main(["simulate", str(folder), "--presses", "0.5:0.52,0.56:0.58", "--until", "1",
                 "--log", str(log)]) == 0
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "session" and lines[0]["clock"] == "simulated"
    assert lines[0]["settings"]["debounce_ms"] == 100.0
    # the second press is ignored by debounce, but its raw edges are in the log
    assert [(r["t"], r["type"], r.get("down")) for r in lines[1:]] == [
        (0.0, "highlight", None), (0.5, "switch", True), (0.5, "highlight", None),
        (0.52, "switch", False), (0.56, "switch", True), (0.58, "switch", False)]
    assert lines[3]["level"] == 2 and lines[3]["row"] == 0 and lines[3]["col"] == 0
