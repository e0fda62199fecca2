"""Run-time pictures (issue 16.2/16.3): decoded off the loop thread, cached per file version
and box, a placeholder for a broken one, drawn inside the cell with the aspect kept."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pygame
import pytest

from aac.boards.raster import RasterError, rasterise
from aac.core.board import Board, Cell
from aac.core.view import View
from aac.ui.layout import Rect
from aac.ui.pictures import PENDING, Picture, Pictures, draw_picture
from aac.ui.render import Renderer

NS = 'xmlns="http://www.w3.org/2000/svg"'
WAIT = 10.0  # s; a bound for waits on the worker, never a sleep


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    pygame.font.init()


def save_png(path: Path, size: tuple[int, int], rgba: tuple[int, int, int, int]) -> None:
    surface = pygame.Surface(size, pygame.SRCALPHA)
    surface.fill(rgba)
    pygame.image.save(surface, str(path))


def bbox(surface: pygame.Surface, match: np.ndarray) -> tuple[int, int, int, int]:
    """x, y, w, h of the pixels where ``match`` (an array over x, y) is true."""
    xs, ys = np.nonzero(match)
    assert xs.size, "nothing matched"
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def test_background_decode_is_pending_then_ready_and_wakes_the_loop(tmp_path: Path) -> None:
    save_png(tmp_path / "a.png", (40, 20), (255, 0, 0, 255))
    woke = threading.Event()
    pictures = Pictures(on_ready=woke.set)
    try:
        assert pictures.get(str(tmp_path / "a.png"), (100, 100)) is PENDING
        assert woke.wait(WAIT) and pictures.wait_idle(WAIT)
        assert pictures.take_fresh() and not pictures.take_fresh()
        got = pictures.get(str(tmp_path / "a.png"), (100, 100))
        assert isinstance(got, Picture) and got.surface is not None
        assert got.surface.get_size() == (100, 50)
        assert threading.current_thread() is threading.main_thread()
        assert pictures.get(str(tmp_path / "missing.png"), (100, 100)) is None  # label only
    finally:
        pictures.close()


def test_decoded_on_the_worker_thread_not_the_callers(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import aac.ui.pictures as mod

    save_png(tmp_path / "a.png", (8, 8), (0, 0, 255, 255))
    threads: list[str] = []
    real = mod.rasterise
    monkeypatch.setattr(mod, "rasterise", lambda data, box: threads.append(
        threading.current_thread().name) or real(data, box))
    pictures = Pictures()
    try:
        pictures.get(str(tmp_path / "a.png"), (10, 10))
        assert pictures.wait_idle(WAIT)
        assert threads == ["pictures"]
    finally:
        pictures.close()


def test_a_changed_file_is_decoded_again_an_unchanged_one_is_not(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    save_png(path, (20, 10), (255, 0, 0, 255))
    pictures = Pictures(background=False)
    first = pictures.get(str(path), (40, 40))
    assert pictures.get(str(path), (40, 40)) is first  # cached
    save_png(path, (10, 20), (0, 0, 255, 255))
    os.utime(path, ns=(1, 1))  # a different version even within the mtime's resolution
    second = pictures.get(str(path), (40, 40))
    assert isinstance(second, Picture) and second.surface is not None
    assert second.surface.get_size() == (20, 40)


def test_a_broken_picture_is_reported_once_naming_the_file_and_drawn_as_a_frame(
    tmp_path: Path
) -> None:
    bad = tmp_path / "bad.png"
    bad.write_text("not a picture")
    reports: list[str] = []
    pictures = Pictures(background=False, report=reports.append)
    got = pictures.get(str(bad), (60, 60))
    pictures.get(str(bad), (80, 80))  # another size: no second report
    assert isinstance(got, Picture) and got.surface is None
    assert reports == [f"picture {bad} is not a PNG, JPEG or SVG picture (its content is "
                       "something else); a placeholder is shown"]
    canvas = pygame.Surface((100, 100))
    canvas.fill((255, 255, 255))
    draw_picture(canvas, got, Rect(10, 10, 80, 80), (0, 0, 0))
    dark = pygame.surfarray.array3d(canvas).sum(axis=2) < 100
    assert bbox(canvas, dark) == (24, 24, 53, 53)  # a frame, 2/3 of the box, centred
    assert not dark[50, 50]  # plain: an outline, nothing inside


def test_libpng_complaints_stay_off_stderr_and_the_error_is_returned(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    save_png(tmp_path / "p.png", (50, 50), (200, 10, 10, 255))
    data = bytearray((tmp_path / "p.png").read_bytes())
    data[data.index(b"IDAT") + 10] ^= 0xFF
    with pytest.raises(RasterError, match="cannot be decoded"):
        rasterise(bytes(data), (50, 50))  # straight to the decoder, past the checks
    assert "libpng" not in capfd.readouterr().err


def test_pictures_are_drawn_inside_their_cells_with_aspect_kept_above_the_label(
    tmp_path: Path
) -> None:
    (tmp_path / "wide.svg").write_text(f'<svg {NS} viewBox="0 0 200 100">'
                                       '<rect width="200" height="100" fill="#FF0000"/></svg>')
    save_png(tmp_path / "tall.png", (30, 60), (0, 0, 255, 128))  # half-transparent blue
    def cell(label: str, name: str) -> Cell:  # as the loader resolves it
        return Cell(label, symbol=name, symbol_file=str(tmp_path / name))

    board = Board("home", rows=((cell("wide", "wide.svg"), cell("tall", "tall.png"),
                                 cell("broken", "home.yaml")),),
                  path=str(tmp_path / "home.yaml"))
    (tmp_path / "home.yaml").write_text("rows: [[x]]\n")  # exists, but is not a picture
    surface = pygame.Surface((800, 480))
    renderer = Renderer(pictures=Pictures(background=False, report=lambda _m: None))
    layout = renderer.draw(surface, View(board))
    pygame.image.save(surface, str(tmp_path / "frame.png"))
    img = pygame.surfarray.array3d(pygame.image.load(str(tmp_path / "frame.png"))).astype(int)
    r, g, b = img[:, :, 0], img[:, :, 1], img[:, :, 2]

    wide = layout.cells[(0, 0)]
    x, y, w, h = bbox(surface, (r > 200) & (g < 60) & (b < 60))
    assert wide.x < x and x + w < wide.right and wide.y < y and y + h < wide.bottom
    assert abs(w / h - 2.0) < 0.05  # 2:1 kept
    label_dark = (r + g + b < 150)[wide.x:wide.right, y + h:wide.bottom]
    assert label_dark.any()  # the label is still drawn, below the picture

    tall = layout.cells[(0, 1)]
    blended = (abs(r - 127) < 12) & (abs(g - 127) < 12) & (b > 240)  # half-alpha blue on white
    x, y, w, h = bbox(surface, blended)
    assert tall.x < x and x + w < tall.right and tall.y < y and y + h < tall.bottom
    assert abs(w / h - 0.5) < 0.05  # 1:2 kept, alpha blended (not opaque blue)

    broken = layout.cells[(0, 2)]
    cell_dark = (r + g + b < 150)[broken.x + 8:broken.right - 8, broken.y + 8:broken.bottom - 8]
    assert cell_dark[:, : cell_dark.shape[1] // 2].any()  # the placeholder's frame, up top


@pytest.mark.slow
def test_the_huge_svg_board_starts_small_and_shows_its_picture(tmp_path: Path) -> None:
    """The 123-byte 16000x16000 SVG took 2.16 GB and 11.7 s; figures in README."""
    (tmp_path / "huge.svg").write_text(f'<svg {NS} width="16000" height="16000"><rect '
                                       'width="16000" height="16000" fill="red"/></svg>')
    (tmp_path / "home.yaml").write_text("rows:\n  - [{label: huge, symbol: huge.svg}, two]\n")
    shot = tmp_path / "shot.png"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    # a wrapper process, so the peak measured is this run's alone (and its children's)
    measure = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
               "sys.exit(p.returncode)")
    proc = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "aac", "run",
                           str(tmp_path), "--window", "800x480", "--exit-after", "0.5",
                           "--screenshot", str(shot)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    peak_mb = int(proc.stdout.split()[-1]) / 1024
    assert peak_mb < 150  # unbounded it was 2000+
    img = pygame.surfarray.array3d(pygame.image.load(str(shot))).astype(int)
    red = (img[:, :, 0] > 200) & (img[:, :, 1] < 60)
    x, y, w, h = bbox(pygame.Surface((1, 1)), red)
    assert x > 0 and x + w < 400 and w == h  # inside the first cell, square
