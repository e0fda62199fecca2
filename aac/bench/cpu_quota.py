"""``aac bench KIND --cpu-quota F``: measure as on a Raspberry-Pi-class core.

The bench runs again as a child process placed (before it starts: ``preexec_fn``) in a new
CPU cgroup limited to F of one core - CFS quota ``F * 10 ms`` per 10 ms period, cgroup v2
``cpu.max`` or v1 ``cpu.cfs_quota_us``/``cpu.cfs_period_us`` - so everything it starts
(``aac run``, the speech worker, the scan bench's busy processes) shares that budget. The
tree is also pinned to one CPU: a quarter of *one* core. Left on two CPUs, the busy processes
ran in parallel and the kernel handed the whole 2.5 ms quota to one CPU's run queue per period
(its bandwidth slice is 5 ms), so the loop, waking on the other CPU, lost whole periods at
random (late steps clustered at 10, 20, 30 ms) - a two-core artefact no Pi core shows. The
cgroup is ``aac-bench-PID`` under the cpu hierarchy's root, removed afterwards. Making one
needs root and a cpu controller; otherwise :class:`QuotaUnavailable` says which is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

PERIOD_US = 10_000
#: set in the measured child: the fraction of a core it runs in (benches may adapt to it)
QUOTA_ENV = "AAC_BENCH_CPU_QUOTA"
CGROUP_ROOT = Path("/sys/fs/cgroup")


class QuotaUnavailable(Exception):
    """No CPU cgroup can be made here; ``str`` says why and what would fix it."""


@dataclass(frozen=True)
class CpuHierarchy:
    version: int  # 1 or 2
    base: Path  # where ``aac-bench-PID`` is made


def find_hierarchy(root: Path = CGROUP_ROOT) -> CpuHierarchy:
    """The cgroup v2 tree when it has the cpu controller, else v1's cpu hierarchy."""
    v2 = root / "cgroup.controllers"
    if v2.exists():
        if "cpu" not in v2.read_text().split():
            raise QuotaUnavailable(f"cgroup v2 at {root} has no cpu controller "
                                   f"(controllers: {v2.read_text().strip() or 'none'})")
        return CpuHierarchy(2, root)
    for name in ("cpu", "cpu,cpuacct", "cpuacct,cpu"):
        if (root / name / "cpu.cfs_quota_us").exists():
            return CpuHierarchy(1, root / name)
    raise QuotaUnavailable(f"no CPU cgroup at {root} (neither cgroup v2 with the cpu "
                           "controller nor cgroup v1's cpu hierarchy is mounted)")


def quota_lines(fraction: float) -> tuple[int, int]:
    """(quota, period) in microseconds: 0.25 -> (2500, 10000)."""
    if not 0.01 <= fraction <= 64:
        raise ValueError(f"--cpu-quota {fraction}: expected a fraction of one core, 0.01..64")
    return round(fraction * PERIOD_US), PERIOD_US


@contextmanager
def cpu_cgroup(fraction: float, root: Path = CGROUP_ROOT) -> Iterator[Path]:
    """A fresh cgroup limited to ``fraction`` of a core; its ``cgroup.procs`` file."""
    if os.geteuid() != 0:
        raise QuotaUnavailable("--cpu-quota makes a CPU cgroup, which needs root "
                               "(run the bench with sudo)")
    hierarchy = find_hierarchy(root)
    quota, period = quota_lines(fraction)
    if hierarchy.version == 2:
        _enable_cpu_v2(hierarchy.base)
    group = hierarchy.base / f"aac-bench-{os.getpid()}"
    try:
        group.mkdir()
    except OSError as exc:
        raise QuotaUnavailable(f"cannot make {group}: {exc.strerror or exc}") from None
    try:
        if hierarchy.version == 2:
            (group / "cpu.max").write_text(f"{quota} {period}\n")
        else:
            (group / "cpu.cfs_period_us").write_text(f"{period}\n")
            (group / "cpu.cfs_quota_us").write_text(f"{quota}\n")
        yield group / "cgroup.procs"
    finally:
        _remove(group, hierarchy.base / "cgroup.procs")


def _enable_cpu_v2(base: Path) -> None:
    control = base / "cgroup.subtree_control"
    if "cpu" in control.read_text().split():
        return
    try:
        control.write_text("+cpu\n")
    except OSError as exc:
        raise QuotaUnavailable(f"cannot enable the cpu controller in {control}: "
                               f"{exc.strerror or exc}") from None


def _remove(group: Path, parent_procs: Path) -> None:
    """Move anything still inside back to the parent, then remove the group."""
    for _ in range(50):
        try:
            pids = (group / "cgroup.procs").read_text().split()
        except OSError:
            return
        for pid in pids:
            try:
                parent_procs.write_text(f"{pid}\n")
            except OSError:
                pass
        try:
            group.rmdir()
            return
        except OSError:
            time.sleep(0.02)  # a process still leaving


def without_quota_flag(argv: Sequence[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--cpu-quota":
            skip = True
        elif not arg.startswith("--cpu-quota="):
            out.append(arg)
    return out


def one_core() -> int:
    """The CPU the measured tree is pinned to: the highest one this process may use."""
    return max(os.sched_getaffinity(0))


def enter_budget(procs: Path, cpu: int) -> None:
    """In the child before exec: join the cgroup and the one CPU; all it starts inherits both."""
    procs.write_text(f"{os.getpid()}\n")
    os.sched_setaffinity(0, {cpu})


def rerun_in_cgroup(fraction: float, argv: Optional[Sequence[str]] = None) -> int:
    """Run ``aac ARGV`` (without ``--cpu-quota``) inside the cgroup; pass its output on,
    adding ``cpu_quota``, ``cgroup`` and ``cpu`` (the one CPU it ran on) to each JSON figure."""
    args = without_quota_flag(sys.argv[1:] if argv is None else argv)
    try:
        with cpu_cgroup(fraction) as procs:
            version = find_hierarchy().version
            cpu = one_core()
            child = subprocess.Popen([sys.executable, "-m", "aac", *args],
                                     preexec_fn=lambda: enter_budget(procs, cpu),
                                     env={**os.environ, QUOTA_ENV: str(fraction)},
                                     stdout=subprocess.PIPE, text=True)
            assert child.stdout is not None
            for line in child.stdout:
                sys.stdout.write(_annotate(line, fraction, version, cpu))
                sys.stdout.flush()
            return child.wait()
    except QuotaUnavailable as exc:
        print(f"aac bench: cannot limit the CPU: {exc}", file=sys.stderr)
        return 2


#: targets issue 15 sets for a quarter of a core where they differ from full speed's
QUARTER_CORE_TARGETS = {"startup_first_frame": ("target_ms", 1000)}


def _annotate(line: str, fraction: float, version: int, cpu: int) -> str:
    try:
        fig = json.loads(line)
    except ValueError:
        return line
    if not isinstance(fig, dict):
        return line
    fig["cpu_quota"] = fraction
    if fraction <= 0.25 and fig.get("name") in QUARTER_CORE_TARGETS:
        key, value = QUARTER_CORE_TARGETS[fig["name"]]
        fig[key] = value
    fig["cgroup"] = f"v{version}"
    fig["cpu"] = cpu
    return json.dumps(fig) + "\n"
