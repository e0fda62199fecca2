"""Scan settings: defaults from SCANNING.md, and errors that name the key and the choices."""

from __future__ import annotations

from typing import Any

import pytest

from aac.core.scan_settings import ScanSettings
from aac.errors import AACError, BadSettings


def test_defaults_are_the_table_of_scanning_md() -> None:
    s = ScanSettings.from_mapping({}, source="scan.yaml")
    assert (s.mode, s.pattern, s.interval_ms, s.first_item_factor, s.loops, s.start) == (
        "auto", "row-column", 1000.0, 1.0, 3, "immediately")
    assert (s.acceptance_ms, s.debounce_ms, s.hold_ms, s.escape, s.prompt,
            s.wait_for_prompt) == (0.0, 100.0, 600.0, False, "off", True)


def test_values_are_read_and_a_scan_wrapper_is_allowed() -> None:
    s = ScanSettings.from_mapping({"scan": {"interval_ms": 1500, "mode": "step"}})
    assert s.interval == 1.5 and s.mode == "step"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"interval_ms": -5},
         "scan.yaml: interval_ms must be a positive number of milliseconds, got -5"),
        ({"mode": "autoo"},
         'scan.yaml: mode must be one of auto, step, inverse, press-hold; got "autoo" '
         '(did you mean "auto"?)'),
        ({"pattern": "rows"}, "pattern must be one of row-column, column-row, linear"),
        ({"loops": 1.5}, "loops must be a whole number >= 0"),
        ({"loops": -1}, "loops must be a whole number >= 0"),
        ({"debounce_ms": "fast"}, "debounce_ms must be a number of milliseconds >= 0"),
        ({"escape": "yes please"}, "escape must be true or false"),
        ({"start": "onpress"}, '(did you mean "on-press"?)'),
        ({"prompt": "labels"}, '(did you mean "label"?)'),
        ({"intervall_ms": 800}, "unknown key 'intervall_ms' (did you mean \"interval_ms\"?)"),
        ([1, 2], "scan settings must be a mapping"),
    ],
)
def test_bad_settings_say_which_key_and_what_was_expected(data: Any, message: str) -> None:
    with pytest.raises(BadSettings) as info:
        ScanSettings.from_mapping(data, source="scan.yaml")
    assert message in str(info.value)
    assert str(info.value).startswith("scan.yaml: ")
    assert isinstance(info.value, (AACError, ValueError))


def test_constructor_validates_too() -> None:
    with pytest.raises(BadSettings, match="first_item_factor"):
        ScanSettings(first_item_factor=0)


def test_filter_settings_carry_hold_only_in_press_hold_mode() -> None:
    assert ScanSettings().filter_settings(1).hold_ms is None
    ph = ScanSettings(mode="press-hold", hold_ms=450, acceptance_ms=50)
    assert ph.filter_settings(1).hold_ms == 450 and ph.filter_settings(2).hold_ms is None
    assert ph.filter_settings(1).acceptance_ms == 50
