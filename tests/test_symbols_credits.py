"""``aac credits``: every shipped library with its licence and the credit it asks for."""

from __future__ import annotations

import json

import pytest

from aac.cli import main
from aac.symbols import credits_text


def test_credits_name_each_library_licence_and_attribution(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["credits"]) == 0
    out = capsys.readouterr().out
    assert out == credits_text()  # the carer's screen shows the same text
    assert "Mulberry Symbols, © Steve Lee, CC BY-SA 4.0" in out
    assert "All emojis designed by OpenMoji" in out
    assert "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)" in out
    assert "eSpeak NG" in out and out.count("GPL-3.0-or-later") >= 2


def test_credits_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["credits", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["part"] for r in rows} >= {"symbols", "speech", "program"}
    assert all(set(r) == {"what", "license", "attribution", "url", "part"} for r in rows)
