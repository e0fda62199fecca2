"""A child's profile file: scan settings, switches and voice, with positioned errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac.errors import BadSettings
from aac.profile import load_profile


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "anna.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_words_yaml_1_1_would_turn_into_booleans_stay_words(tmp_path: Path) -> None:
    path = write(tmp_path, "prompt: off\nstart: on-press\nescape: yes\nwait_for_prompt: off\n")
    scan = load_profile(path).scan
    assert (scan.prompt, scan.start, scan.escape, scan.wait_for_prompt) == (
        "off", "on-press", True, False)


def test_scan_keys_inputs_and_voice_together(tmp_path: Path) -> None:
    path = write(tmp_path, "interval_ms: 1500\nloops: 0\ninputs: [keyboard, 'gpio:17']\n"
                           "voice: girl\n")
    profile = load_profile(path)
    assert profile.scan.interval_ms == 1500.0 and profile.scan.loops == 0
    assert profile.inputs == ("keyboard", "gpio:17") and profile.voice == "girl"


def test_empty_file_is_the_defaults(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, "\n# nothing yet\n"))
    assert profile.scan.interval_ms == 1000.0 and profile.inputs == () and profile.voice is None


def test_scan_wrapper_is_accepted(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, "scan:\n  mode: step\n")).scan.mode == "step"


@pytest.mark.parametrize(("text", "where", "words"), [
    ("interval_ms: 1500\nmode: autoo\n", "2:7", 'mode must be one of auto, step, inverse, '
                                               'press-hold; got "autoo" (did you mean "auto"?)'),
    ("interval_ms: -5\n", "1:14", "interval_ms must be a positive number"),
    ("loops: 2\nintervall_ms: 3\n", "2:1", 'unknown key \'intervall_ms\' (did you mean '
                                           '"interval_ms"?)'),
    ("inputs: ['serial:']\n", "1:10", "serial needs a port"),
    ("loops: 1\nloops: 2\n", "2:1", "duplicate key 'loops'"),
    ("- a\n", "1:1", "settings must be a mapping"),
    ("escape: maybe\n", "1:9", "escape must be true or false"),
])
def test_errors_name_file_line_column_and_what_was_expected(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(BadSettings) as info:
        load_profile(path)
    assert str(info.value).startswith(f"{path}:{where}: error: ")
    assert words in str(info.value)


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadSettings, match="cannot read settings"):
        load_profile(str(tmp_path / "missing.yaml"))


def test_run_takes_the_voice_from_the_profile_unless_given(tmp_path: Path) -> None:
    from aac.run_config import build_run_config

    path = write(tmp_path, "voice: boy\ninputs: [keyboard]\n")
    config = build_run_config(settings=path)
    assert config.scan is not None and config.scan.mode == "auto"
    assert config.voice == "boy" and [s.kind for s in config.inputs] == ["keyboard"]
    assert build_run_config(settings=path, voice="girl").voice == "girl"


def test_a_single_input_may_be_written_without_a_list(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, "inputs: 'gpio:17'\n")).inputs == ("gpio:17",)


@pytest.mark.parametrize("text", ["inputs: [1, {a: b}]\n", "inputs: []\n", "inputs: {a: 1}\n"])
def test_inputs_that_are_not_specs_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(BadSettings, match="inputs must be a list of input specs"):
        load_profile(write(tmp_path, text))


# -- every problem at once, and values that load but look like slips (issue 16.6) -----------


def test_every_error_is_reported_in_one_run_each_positioned(tmp_path: Path) -> None:
    path = write(tmp_path, "mode: autoo\nloops: -1\ninputs: ['serial:', keyboard]\n"
                           "theme: {highlight_width: -3}\nintervall_ms: 3\n")
    with pytest.raises(BadSettings) as info:
        load_profile(path)
    lines = str(info.value).splitlines()
    assert [line.split(": error: ")[0] for line in lines] == [
        f"{path}:1:7", f"{path}:2:8", f"{path}:3:10", f"{path}:4:9", f"{path}:5:1"]
    assert "did you mean \"auto\"" in lines[0] and "highlight_width" in lines[3]


@pytest.mark.parametrize(("text", "where", "words"), [
    ("interval_ms: 50\n", "1:14", "interval_ms: 50 looks too short"),
    ("interval_ms: 60000\n", "1:14", "interval_ms: 60000 looks too long"),
    ("mode: press-hold\nhold_ms: 20\n", "2:10", "hold_ms: 20 looks too short"),
    ("interval_ms: 800\ndebounce_ms: 900\n", "2:14", "debounce_ms (900) is longer than "
                                                     "interval_ms (800)"),
    ("debounce_ms: 1500\n", "1:14", "longer than interval_ms (1000)"),  # the default
    ("bounce_ms: 400\n", "1:12", "bounce_ms: 400 looks too long"),
])
def test_implausible_values_load_with_a_positioned_warning(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    path = write(tmp_path, text)
    profile = load_profile(path)  # still loads
    assert [str(w) for w in profile.warnings if words in w.message] != []
    (warning,) = [w for w in profile.warnings if words in w.message]
    assert str(warning).startswith(f"{path}:{where}: warning: ")


def test_plausible_settings_have_no_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, "interval_ms: 1500\ndebounce_ms: 300\nhold_ms: 600\n"
                           "acceptance_ms: 100\n")
    assert load_profile(path).warnings == ()


def test_lint_settings_prints_errors_and_warnings_and_sets_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from aac.cli import main

    path = write(tmp_path, "interval_ms: 50\n")
    assert main(["lint", "--settings", path]) == 0  # a warning alone: exit 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:1:14: warning: interval_ms: 50 looks too short (how long each item stays "
        "highlighted); usually 250 or more",
        "ok: 0 boards, 1 settings file: 0 errors, 1 warning"]
    path = write(tmp_path, "interval_ms: 50\nmode: autoo\n")
    assert main(["lint", "--settings", path]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "failed: 0 boards, 1 settings file: 1 error, 1 warning")
