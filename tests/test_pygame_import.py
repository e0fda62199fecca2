"""``aac.pygame_import``: pygame without what the first frame does not need, and whole after
``complete_pygame`` (a fresh interpreter: the test process has pygame already)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import WAIT

REPO = Path(__file__).resolve().parent.parent

_CHECK = """
import sys
from aac.pygame_import import complete_pygame, import_pygame
import_pygame()
import pygame
held = [m for m in ("pygame.sysfont", "subprocess", "numpy", "pkg_resources") if m in sys.modules]
pygame.font.init()
font_ok = pygame.font is sys.modules["pygame.font"] and pygame.font.Font(None, 12).size("a")
complete_pygame()
print(held, bool(font_ok), pygame.font.SysFont is pygame.sysfont.SysFont,
      callable(pygame.font.match_font), "numpy" in sys.modules)
"""


def test_held_back_until_completed_and_font_works_throughout() -> None:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    proc = subprocess.run([sys.executable, "-c", _CHECK], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=WAIT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["[]", "True", "True", "True", "True"]
    assert "Warning" not in proc.stderr
