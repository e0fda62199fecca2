"""``aac bench scan`` runs end to end and prints the figures the issue names (values are
machine-dependent and not asserted: timing claims live in the bench output, not here)."""

from __future__ import annotations

import json
import math

import pytest

from aac.cli import main

NAMES = {
    f"{prefix}_{figure}"
    for prefix in ("scan", "baseline_sleep_loop")
    for figure in ("lateness_idle", "lateness_loaded", "drift", "cpu_percent")
} | {"idle_cpu_percent", "scan_lateness_floor_idle", "scan_lateness_floor_loaded"}


@pytest.mark.slow
def test_bench_scan_prints_every_named_figure_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "scan", "--duration", "1.5", "--interval-ms", "100", "--json"]) == 0
    figures = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {f["name"] for f in figures} == NAMES
    for fig in figures:
        assert {"name", "unit", "samples", "p50", "p99", "max"} <= set(fig)
        # A figure with nothing to measure prints None (no samples) or NaN (drift without two
        # steps): under arm64 emulation a short run can show fewer than two items.
        values = (fig["p50"], fig["p99"], fig["max"])
        if all(v is not None and math.isfinite(v) for v in values):
            assert fig["p50"] <= fig["p99"] <= fig["max"]
    lateness = {f["name"]: f for f in figures}["scan_lateness_idle"]
    assert lateness["unit"] == "ms" and lateness["samples"] >= 3


@pytest.mark.slow
def test_cpu_figures_say_which_display_they_were_measured_on(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "scan", "--duration", "0.3", "--interval-ms", "100",
                 "--cpu-interval-ms", "100", "--json"]) == 0
    figures = {f["name"]: f for f in map(json.loads, capsys.readouterr().out.splitlines())}
    assert figures["scan_cpu_percent"]["display"] == "dummy"  # the tests' SDL_VIDEODRIVER
    assert figures["idle_cpu_percent"]["display"] == "dummy"


@pytest.mark.skipif(__import__("shutil").which("Xvfb") is None, reason="Xvfb not installed")
def test_without_a_display_the_bench_starts_its_own_xvfb(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """SDL's dummy driver polls, X11 blocks: CPU is measured on a real X server."""
    import os

    from aac.bench.scan import real_display

    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    with real_display() as display:
        assert display == "x11 (Xvfb)"
        assert os.environ["SDL_VIDEODRIVER"] == "x11"
        import pygame

        pygame.display.init()
        try:
            assert pygame.display.get_driver() == "x11"
        finally:
            pygame.display.quit()
    assert "DISPLAY" not in os.environ and "SDL_VIDEODRIVER" not in os.environ


@pytest.mark.skipif(__import__("shutil").which("Xvfb") is None, reason="Xvfb not installed")
def test_an_xvfb_sdl_cannot_open_gives_dummy_figures_that_say_why(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Once, SDL said "x11 not available" for a just-started Xvfb and the bench died; the
    CPU figures then come from the dummy driver, and say so."""
    import os

    import aac.bench.scan as scan

    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setattr(scan, "_cannot_open_display", lambda: "x11 not available")
    with scan.real_display() as display:
        assert display.startswith("dummy (Xvfb") and "x11 not available" in display
        assert os.environ["SDL_VIDEODRIVER"] == "dummy"
    assert "DISPLAY" not in os.environ and "SDL_VIDEODRIVER" not in os.environ


@pytest.mark.slow
def test_an_x_server_that_fails_during_the_cpu_runs_gives_dummy_figures_that_say_so(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Under --cpu-quota an Xvfb that passed the check later refused SDL ("x11 not
    available") and the whole bench died; its CPU runs are then measured on dummy."""
    import os
    from contextlib import contextmanager

    import aac.bench.scan as scan

    @contextmanager
    def no_such_x_server():  # type: ignore[no-untyped-def]
        before = os.environ.get("SDL_VIDEODRIVER")
        monkeypatch.setenv("DISPLAY", ":987")  # nothing listens there
        os.environ["SDL_VIDEODRIVER"] = "x11"
        try:
            yield "x11 (Xvfb)"
        finally:
            os.environ.pop("SDL_VIDEODRIVER", None)
            if before is not None:
                os.environ["SDL_VIDEODRIVER"] = before

    monkeypatch.setattr(scan, "real_display", no_such_x_server)
    assert main(["bench", "scan", "--duration", "0.3", "--interval-ms", "100",
                 "--cpu-interval-ms", "100", "--json"]) == 0
    figures = {f["name"]: f for f in map(json.loads, capsys.readouterr().out.splitlines())}
    for name in ("scan_cpu_percent", "idle_cpu_percent"):
        assert figures[name]["display"].startswith("dummy (the X server failed")
        assert figures[name]["p50"] is not None
