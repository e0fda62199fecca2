"""Voice profiles (voices/*.yaml), voice resolution and ``aac voices``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aac.errors import AACError, BadSettings
from aac.speech.profiles import (
    VoiceProfile,
    list_profiles,
    load_profile,
    parse_profile,
    resolve_voice,
)

VOICES = [
    {"id": "en", "identifier": "gmw/en", "language": "en-gb", "variant": False},
    {"id": "en-us", "identifier": "gmw/en-US", "language": "en-us", "variant": False},
    {"id": "en-gb-x-rp", "identifier": "gmw/en-GB-x-rp", "language": "en-gb-x-rp",
     "variant": False},
    {"id": "de", "identifier": "gmw/de", "language": "de", "variant": False},
    {"id": "+f3", "identifier": "!v/f3", "language": "", "variant": True},
]


def test_shipped_profiles_are_valid_and_varied(repo: Path) -> None:
    profiles = {p.name: p for p in list_profiles(repo / "voices")}
    assert {"default", "girl", "boy", "slow"} <= set(profiles)
    assert profiles["girl"].pitch > profiles["default"].pitch
    assert profiles["slow"].rate < profiles["default"].rate
    assert all(p.description for p in profiles.values())


def test_full_profile_is_read() -> None:
    p = parse_profile(
        "name: ear\nvoice: en-us+f3\nrate: 140\npitch: 70\nvolume: 0.8\n"
        "prompt_voice: en-gb\nprompt_volume: 0.3\nprompt_pan: right\ninterrupt: queue\n"
    )
    assert p == VoiceProfile(
        name="ear", voice="en-us+f3", rate=140, pitch=70, volume=0.8, prompt_voice="en-gb",
        prompt_volume=0.3, prompt_pan="right", interrupt="queue",
    )
    prompt = p.prompt_profile()
    assert (prompt.engine_voice, prompt.rate, prompt.pitch) == ("en-gb", 140, 70)


def test_language_only_profile_uses_the_language_as_voice() -> None:
    assert parse_profile("language: de\n").engine_voice == "de"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("voice: en\nrate: fast\n", "f.yaml:2: key 'rate': expected words per minute"),
        ("rate: 20\n", "f.yaml:1: key 'rate': expected words per minute, a whole number from 80"),
        ("pitch: 120\n", "f.yaml:1: key 'pitch': expected a whole number from 0 to 100"),
        ("volume: 2\n", "f.yaml:1: key 'volume': expected a number from 0 to 1, got 2"),
        ("prompt_pan: up\n", "key 'prompt_pan': expected one of left, right, center, got 'up'"),
        ("interrupt: yes\n", "key 'interrupt': expected one of stop, queue, got True"),
        ("\n\nvoise: en\n", "f.yaml:3: unknown key 'voise' (did you mean 'voice'?)"),
        ("- en\n", "f.yaml: expected a mapping of voice settings"),
        ("voice: [en\n", "f.yaml:2: not valid YAML"),
        ("voice: ''\n", "key 'voice': expected a non-empty string"),
    ],
)
def test_bad_profiles_name_file_line_key_and_expectation(text: str, expected: str) -> None:
    with pytest.raises(BadSettings) as err:
        parse_profile(text, "f.yaml")
    assert expected in str(err.value)
    assert isinstance(err.value, AACError) and isinstance(err.value, ValueError)


def test_load_profile_by_name_path_or_engine_voice(tmp_path: Path) -> None:
    (tmp_path / "calm.yaml").write_text("voice: en-gb\nrate: 120\n")
    assert load_profile("calm", tmp_path).rate == 120
    assert load_profile(str(tmp_path / "calm.yaml")).name == "calm"
    assert load_profile("en-us+f3", tmp_path).engine_voice == "en-us+f3"
    assert load_profile(None, tmp_path).engine_voice == "en-us"  # built-in default
    with pytest.raises(BadSettings, match="cannot read"):
        load_profile(str(tmp_path / "nope.yaml"))


@pytest.mark.parametrize(
    ("wanted", "used", "warning"),
    [
        ("en-us", "en-us", None),
        ("en-us+f3", "en-us+f3", None),
        ("gmw/en-us", "gmw/en-us", None),
        ("en-gb", "en-gb", None),  # a language name espeak-ng accepts
        ("en-au", "en", "not on this machine; using 'en' (nearest for 'en')"),
        ("de-ch+f3", "de+f3", "using 'de+f3' (nearest for 'de')"),
        ("en-us+zz", "en-us", "variant not on this machine; using 'en-us'"),
        ("xx", "en", "no voice for language 'xx' on this machine; using 'en'"),
    ],
)
def test_missing_voice_becomes_the_nearest_for_its_language(
    wanted: str, used: str, warning: str
) -> None:
    got, warn = resolve_voice(wanted, VOICES)
    assert got == used
    if warning is None:
        assert warn is None
    else:
        assert warn is not None and warning in warn and f"'{wanted}'" in warn


def test_aac_voices_json_lists_machine_voices_and_profiles(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from aac.cli import main

    assert main(["voices", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["available"] is True and info["engine"] == "espeak-ng"
    ids = {v["id"] for v in info["voices"]}
    assert {"en", "en-us", "de"} <= ids
    assert any(v["id"] == "+f3" for v in info["variants"])
    profiles = {p["name"]: p for p in info["profiles"]}
    assert profiles["girl"]["voice"] == "en-us+f4"
    assert all(p["warning"] is None for p in profiles.values())  # all present here


def test_aac_voices_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    from aac.cli import main

    assert main(["voices"]) == 0
    out = capsys.readouterr().out
    assert "en-us" in out and "voice profiles" in out and "girl" in out
