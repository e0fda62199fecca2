"""SDL's Wayland driver first in a Wayland session, XWayland (x11) as the fallback (issue 17.3).

The fallback is checked with the real SDL inside pygame: a Wayland socket that is not there
and a real X server (Xvfb) must end on x11, not in an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aac.ui.display_env import WAYLAND_FIRST, prefer_wayland


def test_a_wayland_session_asks_for_wayland_then_x11() -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert prefer_wayland(env) == WAYLAND_FIRST == "wayland,x11"
    assert env["SDL_VIDEODRIVER"] == "wayland,x11"
    assert env["SDL_VIDEO_WAYLAND_WMCLASS"] == "aac"  # labwc window rules match "aac"


@pytest.mark.parametrize("env", [
    {"DISPLAY": ":0"},                                             # X11 session: SDL's default
    {},                                                            # console: nothing to prefer
    {"WAYLAND_DISPLAY": "wayland-0", "SDL_VIDEODRIVER": "x11"},    # the user's choice stays
    {"WAYLAND_DISPLAY": "wayland-0", "SDL_VIDEODRIVER": "dummy"},  # tests, benches
])
def test_otherwise_the_environment_is_left_alone(env: dict[str, str]) -> None:
    before = dict(env)
    assert prefer_wayland(env) is None
    assert {k: v for k, v in env.items() if "WMCLASS" not in k} == before


@pytest.fixture
def x_display() -> Iterator[str]:
    if not shutil.which("Xvfb"):
        pytest.skip("needs Xvfb")
    from aac.ui.xvfb import xvfb

    with xvfb((800, 480)) as number:
        assert number, "Xvfb did not start"
        yield number


def test_without_a_usable_wayland_sdl_falls_back_to_xwayland(x_display: str, tmp_path: Path
                                                             ) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(DISPLAY=x_display, WAYLAND_DISPLAY="wayland-gone", XDG_RUNTIME_DIR=str(runtime),
               SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    script = ("from aac.ui.display_env import prefer_wayland; prefer_wayland(); "
              "import os, pygame; pygame.display.init(); "
              "print(os.environ['SDL_VIDEODRIVER'], pygame.display.get_driver())")
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["wayland,x11", "x11"]


def test_aac_run_asks_for_wayland_before_it_opens_the_display(monkeypatch) -> None:
    """The start path calls prefer_wayland before SDL picks its video driver."""
    import aac.ui.display_env as display_env
    from aac.app import open_frontend
    from aac.run_config import build_run_config

    calls: list[str] = []
    monkeypatch.setattr(display_env, "prefer_wayland",
                        lambda environ=None: calls.append("asked") or None)
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    frontend = open_frontend(build_run_config(window=(320, 240), screenshot="x.png"))
    try:
        assert calls == ["asked"]
    finally:
        frontend.close()
