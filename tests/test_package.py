"""A real package (issue 15 item 1): the wheel (not an editable install) installed in a fresh
virtual environment runs from /tmp, finding boards, voices and devices as package data.

Slow (about 40 s): builds the wheel, fetches its dependencies into a wheelhouse with
pip's ordinary client (skipped when they cannot be fetched), installs with --no-index."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload]


def test_the_wheel_runs_from_tmp_in_a_fresh_venv(tmp_path: Path) -> None:
    dist, house, env_dir = tmp_path / "dist", tmp_path / "wheelhouse", tmp_path / "venv"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO),
                 "-w", str(dist)])
    if built.returncode != 0:
        pytest.skip(f"cannot build the wheel here (setuptools from the index): "
                    f"{built.stderr.strip()[-300:]}")
    wheel = next(dist.glob("aac_communicator-*.whl"))
    fetched = run([sys.executable, "-m", "pip", "download", "-q", "-d", str(house), str(wheel)])
    if fetched.returncode != 0:
        pytest.skip(f"cannot fetch the dependencies: {fetched.stderr.strip()[-300:]}")
    # This pip installs into the fresh venv (--python): no pip of its own to bootstrap, and no
    # byte-compiling numpy and pygame ahead of use; together 20 of the test's 60 s natively,
    # several minutes under arm64 emulation (scripts/check-arm64.sh).
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    installed = run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q",
                     "--no-compile", "--no-index", "--find-links", str(house), str(wheel)])
    assert installed.returncode == 0, installed.stderr
    home = tmp_path / "home"  # the XDG variables unset: their defaults under this HOME
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "AAC_CACHE_DIR") and not k.startswith("XDG_")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", HOME=str(home))
    installed_files = _tree(env_dir)
    where = run([str(py), "-c", "import aac, aac.paths as p; print(aac.__file__); "
                 "print(p.default_boards())"], cwd="/tmp", env=env)
    module, boards = where.stdout.split()
    assert str(env_dir) in module and not module.startswith(str(REPO))  # not the checkout
    assert Path(boards, "en", "home.yaml").is_file()
    aac = str(env_dir / "bin" / "aac")
    lint = run([aac, "lint", boards], cwd="/tmp", env=env)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    started = run([aac, "run", "--terminal", "--exit-after", "1"], cwd="/tmp", env=env, input="")
    assert started.returncode == 0, started.stderr
    assert "Food" in started.stdout  # the English home board, from the package data
    voices = run([str(py), "-m", "aac", "voices"], cwd="/tmp", env=env)
    assert voices.returncode == 0 and "girl" in voices.stdout
    # the pygame front end (picture, speech and symbol caches), a profile
    # with a usage log, and recording a voice onto a shipped board: all in the XDG folders
    made = run([aac, "profile", "new", "anna"], cwd="/tmp", env=env)
    assert made.returncode == 0, made.stderr
    profile = home / ".config" / "aac" / "profiles" / "anna.yaml"
    profile.write_text(profile.read_text().replace("logging: off", "logging: on"))
    shown = run([aac, "run", "--profile", "anna", "--window", "800x480", "--exit-after", "3"],
                cwd="/tmp", env=env)
    assert shown.returncode == 0, shown.stderr
    record = run([aac, "record", boards, "home", "1", "1", "--seconds", "0.5"], cwd="/tmp",
                 env=env)  # no microphone here: it stops after making the user's copy
    assert "editing your copy in" in record.stderr and "Traceback" not in record.stderr
    assert _tree(env_dir) == installed_files  # nothing written into the installed package
    written = {p.relative_to(home).parts[:2] for p in home.rglob("*") if p.is_file()}
    assert written <= {(".config", "aac"), (".local", "share"), (".local", "state"),
                       (".cache", "aac")}, written
    assert {p.relative_to(home).parts[:3] for p in home.rglob("*") if p.is_file()
            and p.parts[len(home.parts)] == ".local"} <= {(".local", "share", "aac"),
                                                          (".local", "state", "aac")}
    assert (home / ".local" / "share" / "aac" / "boards" / "en" / "home.yaml").is_file()
    assert list((home / ".local" / "state" / "aac" / "logs" / "anna").glob("usage*.jsonl"))
    assert list((home / ".cache" / "aac" / "pictures").glob("*.rgba"))
    where_now = run([str(py), "-c", "import aac.paths as p; print(p.default_boards())"],
                    cwd="/tmp", env=env)
    assert where_now.stdout.strip() == str(home / ".local" / "share" / "aac" / "boards")


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file below ``root`` with its size and modification time (bytecode aside: the
    interpreter may cache it, which is not the communicator writing)."""
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}
