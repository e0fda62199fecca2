"""Test-wide set-up: no real screen or sound card is ever needed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def default_boards() -> Path:
    return REPO / "boards" / "en"  # the English set (boards/ holds one set per language)


@pytest.fixture(autouse=True)
def _own_state_folder(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``aac run`` restores the last session from ``$XDG_STATE_HOME/aac``: each test (and
    every process it starts) gets its own folder, so no test sees another's message."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
