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
