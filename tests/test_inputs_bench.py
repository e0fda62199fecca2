"""``aac bench input`` runs end to end and reports its figures (numbers are for the notes)."""

from __future__ import annotations

import argparse

from aac.bench import input as bench_input


def test_bench_input_measures_every_press() -> None:
    args = argparse.Namespace(samples=5, screen_samples=3, gap_ms=0.0)
    figures = {f["name"]: f for f in bench_input.run(args)}
    print(figures)  # shown if an assertion fails
    assert set(figures) == {"serial_byte_to_event", "serial_byte_to_stamp", "press_to_screen"}
    assert figures["serial_byte_to_event"]["samples"] == 5
    assert figures["serial_byte_to_event"]["missed"] == 0
    assert figures["press_to_screen"]["samples"] == 3
    assert figures["press_to_screen"]["missed"] == 0
    for fig in figures.values():
        assert 0 < fig["p50"] <= fig["p99"] <= fig["max"]
    # the stamp is taken inside the driver, before the event reaches the loop's queue
    assert figures["serial_byte_to_stamp"]["p50"] <= figures["serial_byte_to_event"]["max"]
