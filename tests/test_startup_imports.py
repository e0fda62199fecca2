"""What ``aac run`` keeps off the path to its first frame (issues 12 and 15, launch -> first
frame): machine-independent checks of the real start path in a child process, at the moment
the first whole frame (every picture of the home board drawn) is flipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import WAIT

REPO = Path(__file__).resolve().parent.parent

#: needed only after the first frame (speech, pictures of other boards) or only on a change
KEPT_OFF = ("numpy", "yaml", "jsonschema", "pkg_resources", "aac.boards.loader",
            "aac.symbols", "aac.speech.service", "aac.speech.audio", "aac.obf",
            "pygame.sndarray", "pygame.surfarray", "serial", "aac.inputs.serial_driver",
            "aac.inputs.gpio_driver",
            # only to write a cache, check an SVG, suggest a word or for the terminal
            "tempfile", "shutil", "difflib", "aac.boards.svg", "xml.parsers.expat",
            "aac.ui.terminal", "textwrap",
            # pygame's system font lookup (fc-list): labels use a known font file
            "pygame.sysfont", "subprocess")


def _first_frame_modules(tmp_path: Path, tag: str) -> set[str]:
    marker, shot, modules = (tmp_path / f"{tag}-marker", tmp_path / f"{tag}.png",
                             tmp_path / f"{tag}-modules")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               AAC_CACHE_DIR=str(tmp_path / "cache"), AAC_MODULES_FILE=str(modules),
               XDG_STATE_HOME=str(tmp_path / "state"))
    # the run ends at its first whole frame (AAC_MODULES_FILE); EXIT_AFTER only bounds it,
    # generously: under arm64 emulation 0.3 s ended the run before that frame
    proc = subprocess.run([sys.executable, "-m", "aac.bench.first_frame", str(marker),
                           str(shot), str(WAIT), "boards"], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=2 * WAIT)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert float(marker.read_text()) > 0
    return set(modules.read_text().split())


@pytest.mark.slow
def test_the_first_frame_imports_nothing_it_does_not_draw(tmp_path: Path) -> None:
    first = _first_frame_modules(tmp_path, "first")  # fills the board and picture caches
    assert "aac.boards.loader" in first  # the set was read from its YAML files
    again = _first_frame_modules(tmp_path, "again")
    assert sorted(again & set(KEPT_OFF)) == []
    assert not any(m.startswith(("numpy.", "yaml.", "jsonschema.")) for m in again)
    assert {"pygame.display", "pygame.font", "aac.ui.render"} <= again  # and it did draw
