"""``aac bench ... --cpu-quota`` (issue 15 item 4): the cgroup arithmetic, the clear refusal,
and - as root with a cpu hierarchy - a real run whose process tree is inside the limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aac.bench.cpu_quota import (
    QuotaUnavailable,
    cpu_cgroup,
    enter_budget,
    find_hierarchy,
    one_core,
    quota_lines,
    without_quota_flag,
)

REPO = Path(__file__).resolve().parent.parent


def test_a_quarter_core_is_2500_us_per_10_ms() -> None:
    assert quota_lines(0.25) == (2500, 10000)
    with pytest.raises(ValueError):
        quota_lines(0)


def test_the_child_runs_without_the_flag() -> None:
    assert without_quota_flag(["bench", "scan", "--cpu-quota", "0.25", "--json"]) == \
        ["bench", "scan", "--json"]
    assert without_quota_flag(["bench", "scan", "--cpu-quota=0.5"]) == ["bench", "scan"]


def test_v2_without_the_cpu_controller_says_so(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("memory pids\n")
    with pytest.raises(QuotaUnavailable, match="no cpu controller"):
        find_hierarchy(tmp_path)


def test_nothing_mounted_says_so(tmp_path: Path) -> None:
    with pytest.raises(QuotaUnavailable, match="no CPU cgroup"):
        find_hierarchy(tmp_path)


def test_v1_and_v2_are_found(tmp_path: Path) -> None:
    (tmp_path / "cpu,cpuacct").mkdir()
    (tmp_path / "cpu,cpuacct" / "cpu.cfs_quota_us").write_text("-1\n")
    assert find_hierarchy(tmp_path).version == 1
    (tmp_path / "cgroup.controllers").write_text("cpu memory\n")
    assert find_hierarchy(tmp_path).version == 2


def test_not_root_is_a_clear_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(QuotaUnavailable, match="needs root"), cpu_cgroup(0.25):
        pass


def _can_make_cgroups() -> bool:
    try:
        find_hierarchy()
    except QuotaUnavailable:
        return False
    return os.geteuid() == 0


@pytest.mark.skipif(not _can_make_cgroups(), reason="needs root and a CPU cgroup hierarchy")
def test_the_measured_process_runs_inside_a_limited_cgroup_that_is_removed_after() -> None:
    hierarchy = find_hierarchy()
    with cpu_cgroup(0.25) as procs:
        group = procs.parent
        quota = (group / ("cpu.max" if hierarchy.version == 2 else "cpu.cfs_quota_us"))
        assert quota.read_text().split()[0] == "2500"
        cpu = one_core()
        child = subprocess.run(
            [sys.executable, "-c",
             "import os; print(open('/proc/self/cgroup').read(), os.sched_getaffinity(0))"],
            preexec_fn=lambda: enter_budget(procs, cpu), capture_output=True, text=True,
            timeout=30)
        assert group.name in child.stdout
        assert child.stdout.rstrip().endswith(f"{{{cpu}}}")  # a quarter of *one* core
    assert not group.exists()


@pytest.mark.slow
@pytest.mark.skipif(not _can_make_cgroups(), reason="needs root and a CPU cgroup hierarchy")
def test_bench_with_cpu_quota_marks_its_figures(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "aac", "bench", "boards", "--json",
                           "--cpu-quota", "0.5"], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    figs = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert figs and all(f["cpu_quota"] == 0.5 and f["cgroup"] in ("v1", "v2") for f in figs)
    assert all(f["cpu"] in os.sched_getaffinity(0) for f in figs)


def test_a_quarter_core_figure_carries_the_issues_quarter_core_target() -> None:
    from aac.bench.cpu_quota import _annotate

    line = json.dumps({"name": "startup_first_frame", "target_ms": 500, "p99": 700.0})
    quarter = json.loads(_annotate(line, 0.25, 1, 0))
    assert quarter["target_ms"] == 1000 and quarter["cpu_quota"] == 0.25
    assert json.loads(_annotate(line, 0.5, 1, 0))["target_ms"] == 500  # not a Pi-class budget
    other = json.loads(_annotate(json.dumps({"name": "press_to_screen",
                                             "target_p99_ms": 50.0}), 0.25, 1, 0))
    assert other["target_p99_ms"] == 50.0  # the same target at a quarter core
