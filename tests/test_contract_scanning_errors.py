"""Bad settings and bad press timelines: a clear message naming file, line and key; no
traceback; a non-zero exit (SCANNING.md settings table, issue 4 "settings are validated")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aac.cli import main
from aac.core.scan_settings import ScanSettings
from aac.errors import BadSettings


@pytest.fixture
def boards(tmp_path: Path) -> Path:
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "home.yaml").write_text("rows:\n  - [I, you]\n  - [eat, drink]\n",
                                      encoding="utf-8")
    return folder


def run_settings(boards: Path, tmp_path: Path, text: str,
                 capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(["simulate", str(boards), "--settings", str(path), "--presses", "1:2", "--json"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.err, path


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("interval_ms: -5\n", 1, "interval_ms must be a positive number of milliseconds, got -5"),
        ("loops: 2\nmode: fast\n", 2,
         'mode must be one of auto, step, inverse, press-hold; got "fast"'),
        ("pattern: spiral\n", 1, "pattern must be one of row-column, column-row, linear"),
        ("start: later\n", 1, "start must be one of immediately, on-press"),
        ("scan:\n  loops: -1\n", 2, "loops must be a whole number >= 0"),
        ("\n\nintervall_ms: 900\n", 3,
         "unknown key 'intervall_ms' (did you mean \"interval_ms\"?)"),
        ("interval_ms: .inf\n", 1, "interval_ms must be a positive number of milliseconds"),
        ("acceptance_ms: .inf\n", 1, "acceptance_ms must be a number of milliseconds >= 0"),
        ("first_item_factor: .nan\n", 1, "first_item_factor must be a positive number"),
    ],
)
def test_bad_setting_names_file_line_key_and_allowed_values(
    boards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    text: str, line: int, message: str,
) -> None:
    code, err, path = run_settings(boards, tmp_path, text, capsys)
    assert code != 0
    assert re.search(rf"{re.escape(str(path))}:{line}:\d+: error: {re.escape(message)}", err), err


def test_prompt_off_unquoted_is_the_default_not_a_boolean(
    boards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML 1.1 reads `off` as false; the documented value must still be accepted."""
    code, err, _ = run_settings(boards, tmp_path, "prompt: off\n", capsys)
    assert code == 0, err
    assert ScanSettings.from_mapping({"prompt": False}).prompt == "off"
    with pytest.raises(BadSettings, match="prompt must be one of off, label, cue"):
        ScanSettings.from_mapping({"prompt": True})


def test_constructor_rejects_infinite_times() -> None:
    with pytest.raises(BadSettings, match="hold_ms"):
        ScanSettings(hold_ms=float("inf"))


def test_missing_settings_file(boards: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", str(boards), "--settings", str(tmp_path / "nope.yaml")])
    err = capsys.readouterr().err
    assert code != 0 and "nope.yaml: error: cannot read settings" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--presses", "1.7-1.8"], "expected DOWN:UP in seconds"),
        (["--presses", "2:1"], "need 0 <= DOWN < UP"),
        (["--presses", "foot@1:2"], "unknown switch 'foot'"),
        (["--presses", "1:3,2:4"],
         "press 2 '2:4' starts before press 1 '1:3' of the same switch is released"),
        (["--until", "-1"], "--until must be a number of seconds >= 0"),
        (["--board", "fod"], "--board 'fod' is not in the set (known: home)"),
    ],
)
def test_bad_command_line_is_a_clear_error(boards: Path, capsys: pytest.CaptureFixture[str],
                                           args: list[str], message: str) -> None:
    code = main(["simulate", str(boards), *args, "--json"])
    out = capsys.readouterr()
    assert code != 0 and out.out == ""
    assert message in out.err and "Traceback" not in out.err


def test_presses_of_different_switches_may_overlap(
    boards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(boards), "--presses", "1:3,move@2:2.5", "--until", "1.5",
                 "--json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert events[-1] == {"t": 1.0, "type": "highlight", "level": 2, "row": 1, "col": 0}


def test_help_says_select_is_only_for_cells(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "select is only for cells" in text
    assert "highlight of level 2" in text


def test_a_profile_with_inputs_and_a_scan_group_replays(tmp_path: Path) -> None:
    from aac.commands.simulate import load_settings

    path = tmp_path / "profile.yaml"
    path.write_text("inputs: [keyboard]\nscan:\n  interval_ms: 1500\n", encoding="utf-8")
    assert load_settings(str(path)).interval_ms == 1500.0


def test_a_huge_settings_file_is_refused(tmp_path: Path) -> None:
    from aac.commands.simulate import load_settings

    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * 20000, encoding="utf-8")
    with pytest.raises(BadSettings, match="too big for a settings file"):
        load_settings(str(path))
