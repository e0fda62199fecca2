"""``aac bench scan`` runs end to end and prints the figures the issue names (values are
machine-dependent and not asserted: timing claims live in the bench output, not here)."""

from __future__ import annotations

import json

import pytest

from aac.cli import main

NAMES = {
    f"{prefix}_{figure}"
    for prefix in ("scan", "baseline_sleep_loop")
    for figure in ("lateness_idle", "lateness_loaded", "drift", "cpu_percent")
}


@pytest.mark.slow
def test_bench_scan_prints_every_named_figure_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "scan", "--duration", "0.6", "--interval-ms", "100", "--json"]) == 0
    figures = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {f["name"] for f in figures} == NAMES
    for fig in figures:
        assert {"name", "unit", "samples", "p50", "p99", "max"} <= set(fig)
        assert fig["p50"] <= fig["p99"] <= fig["max"]
    lateness = {f["name"]: f for f in figures}["scan_lateness_idle"]
    assert lateness["unit"] == "ms" and lateness["samples"] >= 3
