"""Under --cpu-quota the loaded lateness runs take 3x the steps, and the figures say so.

A 10 s run at 100 ms gives ~100 steps: its p99 is the worst step or two, and moved by
10-20 ms from run to run at a quarter core. The measured child learns the quota from
``AAC_BENCH_CPU_QUOTA`` (set by ``rerun_in_cgroup``).
"""

from __future__ import annotations

import argparse

import pytest

from aac.bench import cpu_quota
from aac.bench.scan import add_arguments, loaded_duration


def _args(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    add_arguments(p)
    return p.parse_args(list(argv))


def test_under_a_quota_loaded_runs_last_three_times_as_long(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setenv(cpu_quota.QUOTA_ENV, "0.25")
    seconds, why = loaded_duration(_args("--duration", "10"))
    assert seconds == 30 and "--cpu-quota" in why


def test_without_a_quota_or_with_the_flag_the_duration_is_as_asked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cpu_quota.QUOTA_ENV, raising=False)
    assert loaded_duration(_args("--duration", "10"))[0] == 10
    monkeypatch.setenv(cpu_quota.QUOTA_ENV, "0.25")
    assert loaded_duration(_args("--duration", "10", "--loaded-duration", "4"))[0] == 4


def test_the_measured_child_is_told_the_quota(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path) -> None:
    seen: dict[str, str] = {}

    class Child:
        def __init__(self, argv: list[str], **kw: object) -> None:
            env = kw["env"]
            assert isinstance(env, dict)
            seen.update(env)
            self.stdout = iter(['{"name": "x"}\n'])

        def wait(self) -> int:
            return 0

    procs = tmp_path / "cgroup.procs"
    monkeypatch.setattr(cpu_quota, "cpu_cgroup", lambda f: _yield(procs))
    monkeypatch.setattr(cpu_quota, "find_hierarchy", lambda: cpu_quota.CpuHierarchy(1, tmp_path))
    monkeypatch.setattr(cpu_quota.subprocess, "Popen", Child)
    assert cpu_quota.rerun_in_cgroup(0.25, ["bench", "scan", "--cpu-quota", "0.25"]) == 0
    assert seen[cpu_quota.QUOTA_ENV] == "0.25"


def _yield(value: object):  # type: ignore[no-untyped-def]
    from contextlib import contextmanager

    @contextmanager
    def cm():  # type: ignore[no-untyped-def]
        yield value
    return cm()
