"""Issue 12.7: the printable book: one page per board plus credits, the paper size asked
for, labels (Latin and Cyrillic) extractable as text, and a footer naming links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aac.boards.loader import load_board_set
from aac.paths import default_boards as _root


def default_boards():  # type: ignore[no-untyped-def]
    """The English default set (``boards/`` is a folder of sets)."""
    return _root() / "en"


pytestmark = [pytest.mark.slow,  # real processes
              pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo")
                                 is None, reason="poppler-utils (bootstrap test) not installed")]
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def book(boards: Path, out: Path, *extra: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "aac", "preview", str(boards), "--pdf",
                           str(out), *extra], capture_output=True, text=True, env=ENV,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("paper,size", [("a4", "841.89 x 595.28"), ("letter", "792 x 612")])
def test_book_has_a_page_per_board_and_credits_on_the_paper_asked_for(
    tmp_path: Path, paper: str, size: str
) -> None:
    out = tmp_path / "book.pdf"
    book(default_boards(), out, "--paper", paper)
    boards = load_board_set(default_boards()).boards
    assert boards is not None
    meta = info(out)
    assert int(meta["Pages"]) == len(boards.boards) + 1
    assert meta["Page size"].strip().startswith(size)
    home = text(out, 1)
    assert boards.home_board.name in home
    for word in ("want", "finished", "Places"):
        assert word in home
    assert "Food \u2192 Food and drink" in " ".join(home.split())  # where the links lead
    assert "Credits" in text(out, len(boards.boards) + 1)


def test_cyrillic_labels_are_real_text(tmp_path: Path) -> None:
    sr = _root() / "sr"
    if not sr.exists():
        pytest.skip("no Serbian board set")
    out = tmp_path / "sr.pdf"
    book(sr, out)
    boards = load_board_set(sr).boards
    assert boards is not None
    first = next(label for _r, _c, cell in boards.home_board.visible_cells()
                 if (label := cell.label) and any("\u0400" <= ch <= "\u04ff" for ch in label))
    assert first in text(out, 1)
