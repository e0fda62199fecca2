"""Pictures that never make the child wait (issue 10.5/10.8): the disk cache keyed by content
and size, a corrupt cache entry, memory bounded in bytes, linked boards prefetched after the
visible one, nothing made on the loop thread, and a symbol drawn inside its cell with its
label readable."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pygame
import pytest

from aac.boards.media import unusable
from aac.boards.picture_cache import PictureDiskCache, content_digest, decoded_before
from aac.boards.raster import rasterise
from aac.cache_dirs import cache_dir
from aac.core.board import Board, BoardSet, Cell
from aac.core.session import Session
from aac.core.view import View
from aac.ui.pictures import PENDING, Picture, Pictures
from aac.ui.render import Renderer

NS = 'xmlns="http://www.w3.org/2000/svg"'
WAIT = 10.0  # s; a bound for waits on the worker, never a sleep


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    pygame.font.init()


def square_svg(path: Path, color: str) -> Path:
    """A square of ``color``; the file name is in the content, so no two files match."""
    path.write_text(f'<svg {NS} viewBox="0 0 10 10"><rect id="{path.stem}" width="10" '
                    f'height="10" fill="{color}"/></svg>')
    return path


class Counting:
    """A decoder that counts and records its calls (file content -> call), then rasterises."""

    def __init__(self) -> None:
        self.calls: list[tuple[bytes, tuple[int, int]]] = []
        self.threads: set[str] = set()

    def __call__(self, data: bytes, box: tuple[int, int]) -> pygame.Surface:
        self.calls.append((data, box))
        self.threads.add(threading.current_thread().name)
        return rasterise(data, box)


def centre(picture: object) -> tuple[int, int, int]:
    assert isinstance(picture, Picture) and picture.surface is not None
    w, h = picture.surface.get_size()
    return tuple(picture.surface.get_at((w // 2, h // 2)))[:3]  # type: ignore[return-value]


# -- the disk cache ----------------------------------------------------------------------------
def test_a_restart_reads_the_picture_from_disk_without_decoding(tmp_path: Path) -> None:
    pic = str(square_svg(tmp_path / "a.svg", "#FF0000"))
    disk = PictureDiskCache(tmp_path / "cache")
    first = Counting()
    assert centre(Pictures(background=False, disk=disk, decode=first).get(pic, (40, 40))) == \
        (255, 0, 0)
    assert len(first.calls) == 1
    assert len(list((tmp_path / "cache").glob("*.rgba"))) == 1

    again = Counting()  # a new process: empty memory, same disk
    got = Pictures(background=False, disk=PictureDiskCache(tmp_path / "cache"),
                   decode=again).get(pic, (40, 40))
    assert again.calls == [] and centre(got) == (255, 0, 0)
    assert isinstance(got, Picture) and got.surface is not None
    assert got.surface.get_size() == (40, 40)


def test_the_cache_key_includes_the_size(tmp_path: Path) -> None:
    pic = str(square_svg(tmp_path / "a.svg", "#00FF00"))
    disk = PictureDiskCache(tmp_path / "cache")
    decode = Counting()
    pictures = Pictures(background=False, disk=disk, decode=decode)
    small, big = pictures.get(pic, (20, 20)), pictures.get(pic, (64, 30))
    assert [box for _, box in decode.calls] == [(20, 20), (64, 30)]
    assert isinstance(small, Picture) and small.surface is not None
    assert isinstance(big, Picture) and big.surface is not None
    assert (small.surface.get_size(), big.surface.get_size()) == ((20, 20), (30, 30))
    digest = content_digest(Path(pic).read_bytes())
    assert disk.path(digest, (20, 20)) != disk.path(digest, (64, 30))
    assert disk.get(digest, (20, 20))[:2] == (20, 20)  # type: ignore[index]
    assert disk.get(digest, (64, 30))[:2] == (30, 30)  # type: ignore[index]


def test_a_changed_picture_is_not_served_from_the_cache(tmp_path: Path) -> None:
    """Keyed by content: an edited file (even with the old size and mtime) is made again,
    in the running communicator (live reload) and after a restart."""
    path = square_svg(tmp_path / "a.svg", "#FF0000")
    disk = PictureDiskCache(tmp_path / "cache")
    running = Pictures(background=False, disk=disk)
    assert centre(running.get(str(path), (30, 30))) == (255, 0, 0)
    stat = path.stat()
    square_svg(path, "#0000FF")  # same length: only the colour differs
    assert path.stat().st_size == stat.st_size
    assert centre(running.get(str(path), (30, 30))) == (0, 0, 255)  # live reload
    restarted = Pictures(background=False, disk=PictureDiskCache(tmp_path / "cache"))
    assert centre(restarted.get(str(path), (30, 30))) == (0, 0, 255)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    pic = str(square_svg(tmp_path / "a.svg", "#FF0000"))
    disk = PictureDiskCache(tmp_path / "cache")
    Pictures(background=False, disk=disk).get(pic, (24, 24))
    (entry,) = (tmp_path / "cache").glob("*.rgba")
    good = entry.read_bytes()
    raw = bytearray(good)
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "flip":
        raw[-5] ^= 0xFF  # one pixel: only the CRC tells
    elif damage == "garbage":
        raw = bytearray(b"\x00" * len(raw))
    else:
        raw = bytearray()
    entry.write_bytes(bytes(raw))

    decode = Counting()
    got = Pictures(background=False, disk=PictureDiskCache(tmp_path / "cache"),
                   decode=decode).get(pic, (24, 24))
    assert centre(got) == (255, 0, 0)  # the right picture, not the damaged one
    assert len(decode.calls) == 1  # decoded again ...
    assert entry.read_bytes() == good  # ... and the entry rewritten


def test_a_broken_picture_is_a_placeholder_and_never_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text(f"<svg {NS} viewBox='0 0 10 10'><rect")  # malformed
    reports: list[str] = []
    got = Pictures(background=False, disk=PictureDiskCache(tmp_path / "cache"),
                   report=reports.append).get(str(bad), (30, 30))
    assert isinstance(got, Picture) and got.surface is None
    assert len(reports) == 1 and str(bad) in reports[0] and "placeholder" in reports[0]
    assert list((tmp_path / "cache").iterdir()) == []


def test_an_unwritable_cache_folder_leaves_memory_only(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    disk = PictureDiskCache(blocker / "cache")
    assert not disk.enabled
    pic = str(square_svg(tmp_path / "a.svg", "#FF0000"))
    assert centre(Pictures(background=False, disk=disk).get(pic, (10, 10))) == (255, 0, 0)


def test_the_loader_skips_its_test_decode_for_a_picture_drawn_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aac.boards.media as media

    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    pic = square_svg(tmp_path / "a.svg", "#FF0000")
    data = pic.read_bytes()
    assert not decoded_before(data)
    Pictures(background=False, disk=PictureDiskCache()).get(str(pic), (30, 30))
    assert decoded_before(data)
    assert cache_dir("pictures") == tmp_path / "cache" / "pictures"
    checked: list[bytes] = []
    monkeypatch.setattr(media, "_decode_problem", lambda d: checked.append(d))
    other = square_svg(tmp_path / "b.svg", "#00FF00")
    assert unusable(str(pic), is_image=True) is None
    assert unusable(str(other), is_image=True) is None
    assert checked == [other.read_bytes()]  # only the picture never drawn is test-decoded


def test_cache_folders_follow_one_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AAC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert PictureDiskCache().directory == tmp_path / "xdg" / "aac" / "pictures"
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "mine"))
    assert PictureDiskCache().directory == tmp_path / "mine" / "pictures"


# -- memory ------------------------------------------------------------------------------------
def test_memory_is_bounded_in_bytes_least_recently_drawn_dropped(tmp_path: Path) -> None:
    paths = [str(square_svg(tmp_path / f"{i}.svg", "#FF0000")) for i in range(6)]
    one = 20 * 20 * 4
    pictures = Pictures(background=False, max_bytes=3 * one)
    for p in paths[:3]:
        pictures.get(p, (20, 20))
    assert pictures.memory_bytes == 3 * one
    kept = pictures.get(paths[0], (20, 20))  # drawn again: most recent
    for p in paths[3:5]:
        pictures.get(p, (20, 20))
    assert pictures.memory_bytes <= 3 * one
    assert pictures.get(paths[0], (20, 20)) is kept  # still in memory
    decode = Counting()
    pictures.decode = decode
    pictures.get(paths[1], (20, 20))  # dropped: made again
    assert len(decode.calls) == 1


# -- order and threads -------------------------------------------------------------------------
def picture_board(tmp_path: Path, board_id: str, n: int, color: str,
                  link: str | None = None) -> Board:
    cells = []
    for i in range(n):
        f = square_svg(tmp_path / f"{board_id}{i}.svg", color)
        cells.append(Cell(f"{board_id} {i}", symbol=f.name, symbol_file=str(f),
                          link=link if i == 0 else None))
    return Board(board_id, rows=(tuple(cells),), path=str(tmp_path / f"{board_id}.yaml"))


class Gated(Counting):
    """Holds the first decode until ``gate`` is set, so the queue fills in a known order."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.started = threading.Event()

    def __call__(self, data: bytes, box: tuple[int, int]) -> pygame.Surface:
        self.started.set()
        assert self.gate.wait(WAIT)
        return super().__call__(data, box)


def order_of(decode: Counting, boards: BoardSet) -> list[str]:
    """Which board each decode was for (by file content: one colour per board)."""
    by_content = {}
    for board in boards.boards.values():
        for cell in board.rows[0]:
            assert cell is not None and cell.symbol_file is not None
            by_content[Path(cell.symbol_file).read_bytes()] = board.id
    return [by_content[data] for data, _ in decode.calls]


def test_the_visible_board_is_made_first_then_the_boards_it_links_to(tmp_path: Path) -> None:
    home = picture_board(tmp_path, "home", 4, "#FF0000", link="food")
    food = picture_board(tmp_path, "food", 3, "#00FF00", link="drinks")
    drinks = picture_board(tmp_path, "drinks", 2, "#0000FF")
    boards = BoardSet({"home": home, "food": food, "drinks": drinks})
    decode = Gated()
    pictures = Pictures(decode=decode)
    renderer = Renderer(pictures=pictures)
    renderer.board_source = lambda: boards
    try:
        renderer.draw(pygame.Surface((800, 480)), View(home))
        renderer.flipped(0.0)  # on screen: now the linked boards are queued
        assert decode.started.wait(WAIT)  # the worker holds the first home picture
        decode.gate.set()
        assert pictures.wait_idle(WAIT)
        # home's four, then food's three (linked); drinks is two links away: not yet
        assert order_of(decode, boards) == ["home"] * 4 + ["food"] * 3
        renderer.draw(pygame.Surface((800, 480)), View(home))
        assert renderer.pending == 0  # every home picture is drawn now

        # food is shown: its pictures are in memory already, drinks is prefetched
        renderer.draw(pygame.Surface((800, 480)), View(food))
        assert renderer.pending == 0
        renderer.flipped(0.0)
        assert pictures.wait_idle(WAIT)
        assert order_of(decode, boards)[7:] == ["drinks"] * 2
    finally:
        pictures.close()


def test_the_linked_boards_wait_for_the_flip_and_the_first_frame_for_its_own_pictures(
        tmp_path: Path) -> None:
    """Laying out the linked boards is start-up work the first frame does not need."""
    home = picture_board(tmp_path, "home", 2, "#FF0000", link="food")
    food = picture_board(tmp_path, "food", 3, "#00FF00")
    boards = BoardSet({"home": home, "food": food})
    decode = Counting()
    pictures = Pictures(decode=decode)
    renderer = Renderer(pictures=pictures)
    renderer.board_source = lambda: boards
    try:
        renderer.draw(pygame.Surface((800, 480)), View(home))
        assert renderer.pending == 2
        assert pictures.wait_asked(WAIT)  # what the first frame waits for: its own pictures
        assert pictures.wait_idle(WAIT) and order_of(decode, boards) == ["home"] * 2
        renderer.draw(pygame.Surface((800, 480)), View(home))
        assert renderer.pending == 0
        renderer.flipped(0.0)  # shown: now food's pictures are made
        assert pictures.wait_idle(WAIT)
        assert order_of(decode, boards) == ["home"] * 2 + ["food"] * 3
    finally:
        pictures.close()


def test_a_board_shown_while_prefetching_goes_ahead_of_the_prefetches(tmp_path: Path) -> None:
    home = picture_board(tmp_path, "home", 1, "#FF0000", link="food")
    food = picture_board(tmp_path, "food", 6, "#00FF00")
    chat = picture_board(tmp_path, "chat", 3, "#0000FF")
    boards = BoardSet({"home": home, "food": food, "chat": chat})
    decode = Gated()
    pictures = Pictures(decode=decode)
    renderer = Renderer(pictures=pictures)
    renderer.board_source = lambda: boards
    try:
        renderer.draw(pygame.Surface((800, 480)), View(home))  # home, then food queued
        renderer.flipped(0.0)
        assert decode.started.wait(WAIT)
        renderer.draw(pygame.Surface((800, 480)), View(chat))  # chat shown meanwhile
        renderer.flipped(0.0)
        decode.gate.set()
        assert pictures.wait_idle(WAIT)
        assert order_of(decode, boards) == ["home"] + ["chat"] * 3 + ["food"] * 6
    finally:
        pictures.close()


def test_nothing_is_decoded_or_read_from_disk_on_the_loop_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real window, loop and runtime: pictures are made on the "pictures" thread only,
    the first board's and the linked board's, cold (decoded) and warm (disk)."""
    from aac.loop import Runtime, SilentSpeech
    from aac.ui.pygame_frontend import PygameFrontend

    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))
    home = picture_board(tmp_path, "home", 4, "#FF0000", link="food")
    food = picture_board(tmp_path, "food", 4, "#00FF00", link="home")
    boards = BoardSet({"home": home, "food": food})
    threads: set[str] = set()
    real_get = PictureDiskCache.get

    def watched_get(self: PictureDiskCache, digest: str, box: tuple[int, int]) -> object:
        threads.add(threading.current_thread().name)
        return real_get(self, digest, box)

    monkeypatch.setattr(PictureDiskCache, "get", watched_get)
    for round_ in ("cold", "warm"):
        decode = Counting()
        frontend = PygameFrontend(size=(800, 480), fullscreen=False)
        frontend.renderer.pictures.decode = decode
        runtime = Runtime(Session(boards), frontend, SilentSpeech())
        frontend.renderer.board_source = lambda: boards
        try:
            runtime.redraw()
            assert frontend.renderer.pictures.wait_idle(WAIT)
            if round_ == "cold":
                assert len(decode.calls) == 8 and decode.threads == {"pictures"}
            else:
                assert decode.calls == []  # all from disk
        finally:
            runtime.close()
    assert threads == {"pictures"}


# -- drawing -----------------------------------------------------------------------------------
def draw_cells(tmp_path: Path, with_picture: bool) -> tuple[np.ndarray, object]:
    """One 'drink' cell with an opaque red square (a picture that would cover anything)."""
    pic = square_svg(tmp_path / "red.svg", "#FF0000")
    cell = Cell("drink", symbol="red.svg", symbol_file=str(pic) if with_picture else None)
    board = Board("home", rows=((cell, Cell("more")),), path=str(tmp_path / "home.yaml"))
    surface = pygame.Surface((800, 480))
    renderer = Renderer(pictures=Pictures(background=False))
    layout = renderer.draw(surface, View(board))
    return pygame.surfarray.array3d(surface).astype(int), layout


def test_a_symbol_is_drawn_inside_its_cell_and_its_label_stays_readable(tmp_path: Path) -> None:
    img, layout = draw_cells(tmp_path, with_picture=True)
    cell = layout.cells[(0, 0)]  # type: ignore[attr-defined]
    r, g, b = img[:, :, 0], img[:, :, 1], img[:, :, 2]
    red = (r > 200) & (g < 40) & (b < 40)
    xs, ys = np.nonzero(red)
    assert xs.size > 0
    # the picture lies inside the cell, clear of its outline
    assert cell.x < xs.min() and xs.max() < cell.right - 1
    assert cell.y < ys.min() and ys.max() < cell.bottom - 1
    assert not red[layout.cells[(0, 1)].x:, :].any()  # and nowhere else # type: ignore[attr-defined]

    # the label: dark text pixels below the picture, none of them under red
    cell_img = img[cell.x:cell.right, cell.y:cell.bottom]
    text = cell_img.sum(axis=2) < 150
    text[:, : ys.max() - cell.y + 1] = False  # below the picture
    tx, ty = np.nonzero(text)
    assert tx.size > 30, "no label drawn under the picture"
    label_rows = range(ty.min() + cell.y, ty.max() + cell.y + 1)
    assert not red[cell.x:cell.right, label_rows.start:label_rows.stop].any()
    # readable: the label is as tall as a label drawn in a third of the cell can be, and
    # dark on the light cell (contrast well above WCAG's 4.5:1)
    assert ty.max() - ty.min() + 1 >= 10
    background = img[cell.x + 6, cell.bottom - 6]
    assert background.sum() > 600


def test_while_a_picture_is_pending_the_cell_shows_its_label_and_nothing_else(
    tmp_path: Path
) -> None:
    decode = Gated()
    pic = square_svg(tmp_path / "a.svg", "#FF0000")
    pictures = Pictures(decode=decode)
    renderer = Renderer(pictures=pictures)
    board = Board("home", rows=((Cell("drink", symbol="a.svg", symbol_file=str(pic)),),))
    surface = pygame.Surface((800, 480))
    try:
        renderer.draw(surface, View(board))
        assert renderer.pending == 1
        assert pictures.get(str(pic), (10, 10)) is PENDING
        img = pygame.surfarray.array3d(surface).astype(int)
        assert not ((img[:, :, 0] > 200) & (img[:, :, 1] < 40)).any()
    finally:
        decode.gate.set()
        pictures.close()



def ink_height(img: np.ndarray) -> int:
    rows = np.nonzero((img.sum(axis=2) < 150).any(axis=0))[0]
    return int(rows.max() - rows.min() + 1) if rows.size else 0


def test_a_label_under_a_picture_keeps_its_descenders_in_a_small_cell(tmp_path: Path) -> None:
    """8 x 7 cells at 800x480 (the home board): a third of a cell is less than one line of
    the smallest label font; the label must not be clipped ("go" read "ao")."""
    pic = square_svg(tmp_path / "red.svg", "#FF0000")
    word = Cell("play", symbol="red.svg", symbol_file=str(pic))
    rows = tuple((word,) + tuple(Cell(f"w{r}{c}") for c in range(7)) for r in range(7))
    renderer = Renderer(pictures=Pictures(background=False))
    surface = pygame.Surface((800, 480))
    layout = renderer.draw(surface, View(Board("home", rows=rows)))
    cell = layout.cells[(0, 0)]
    img = pygame.surfarray.array3d(surface).astype(int)[cell.x + 3:cell.right - 3,
                                                         cell.y + 3:cell.bottom - 3]
    red_rows = np.nonzero(((img[:, :, 0] > 200) & (img[:, :, 1] < 40)).any(axis=0))[0]
    assert red_rows.size  # the picture is there
    below = img[:, red_rows.max() + 1:]
    smallest = pygame.font.Font(renderer._font_path, renderer.theme.min_label_px)
    alone = pygame.surfarray.array3d(smallest.render("play", True, (0, 0, 0), (255, 255, 255)))
    assert ink_height(below) >= ink_height(alone.astype(int))  # ascender to descender


def test_the_disk_cache_is_pruned_least_recently_used_first(tmp_path: Path) -> None:
    import os

    disk = PictureDiskCache(tmp_path / "cache")
    rgba = bytes(32 * 32 * 4)  # 4 KiB + header each
    for i in range(6):
        disk.put(f"d{i}", (32, 32), (32, 32), rgba)
        for f in (tmp_path / "cache").glob(f"d{i}*"):
            os.utime(f, ns=(i * 10**9, i * 10**9))  # written in order, one second apart
    assert disk.get("d0", (32, 32)) is not None  # used now: the most recent
    size = 4096 + 20 + 4096  # an entry and its marker, as pruning counts them
    assert disk.prune(max_bytes=3 * size) > 0
    left = {p.name.split("-")[0].split(".")[0] for p in (tmp_path / "cache").iterdir()}
    assert left == {"d0", "d4", "d5"}
    assert disk.get("d1", (32, 32)) is None and disk.get("d5", (32, 32)) is not None


def test_the_bench_observer_sees_each_flip_with_the_pictures_still_missing(
    tmp_path: Path
) -> None:
    from aac.ui import frame_marks

    seen: list[tuple[float, int]] = []
    decode = Gated()
    pictures = Pictures(decode=decode)
    renderer = Renderer(pictures=pictures)
    board = picture_board(tmp_path, "home", 2, "#FF0000")
    surface = pygame.Surface((800, 480))
    frame_marks.watch(lambda t, pending: seen.append((t, pending)))
    try:
        renderer.draw(surface, View(board))
        assert renderer.flipped(1.5) == 1.5
        decode.gate.set()
        assert pictures.wait_idle(WAIT)
        renderer.draw(surface, View(board))
        renderer.flipped(2.25)
        assert seen == [(1.5, 2), (2.25, 0)]  # two pictures still being made, then none
    finally:
        frame_marks.watch(None)
        decode.gate.set()
        pictures.close()


def test_a_resized_cell_shows_the_picture_scaled_while_its_new_size_is_made(
    tmp_path: Path
) -> None:
    """The status line appears, every cell shrinks a little: the board must not go blank
    while the pictures are made again at the new size."""
    pic = str(square_svg(tmp_path / "a.svg", "#FF0000"))
    decode = Gated()
    decode.gate.set()
    pictures = Pictures(decode=decode)
    try:
        assert pictures.get(pic, (60, 60)) is PENDING  # never made: nothing to stand in
        assert pictures.wait_idle(WAIT)
        decode.gate.clear()
        got = pictures.get(pic, (40, 30))
        assert isinstance(got, Picture) and got.stand_in and got.surface is not None
        assert got.surface.get_size() == (30, 30) and centre(got) == (255, 0, 0)
        decode.gate.set()
        assert pictures.wait_idle(WAIT)
        exact = pictures.get(pic, (40, 30))
        assert isinstance(exact, Picture) and not exact.stand_in
        assert [box for _, box in decode.calls] == [(60, 60), (40, 30)]
    finally:
        decode.gate.set()
        pictures.close()


def test_a_second_start_takes_pictures_from_disk_without_checking_them_again_and_prunes_late(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm start's picture work is a read and a digest; the folder scan waits for the
    first frame (``Pictures.shown``)."""
    import aac.ui.pictures as pictures_mod

    board = picture_board(tmp_path, "home", 3, "#FF0000")
    files = [c.symbol_file for c in board.rows[0] if c is not None and c.symbol_file]
    pruned = threading.Event()

    class Disk(PictureDiskCache):
        def prune(self, max_bytes: int = 0) -> int:
            pruned.set()
            return 0

    first = Pictures(disk=Disk(tmp_path / "cache"))
    for f in files:
        assert first.get(f, (40, 40)) is PENDING
    assert first.wait_idle(WAIT) and not pruned.is_set()  # made, but nothing shown yet
    first.shown()
    assert pruned.wait(WAIT)
    first.close()

    checked: list[str] = []
    monkeypatch.setattr(pictures_mod, "unusable", lambda path, is_image: checked.append(path))
    again = Pictures(background=False, disk=Disk(tmp_path / "cache"))
    found = [again.get(f, (40, 40)) for f in files]
    assert all(isinstance(p, Picture) and p.surface is not None for p in found)
    assert checked == []  # the same bytes passed every check when they were stored
    square_svg(Path(files[0]), "#00FF00")  # new bytes: checked again
    assert isinstance(again.get(files[0], (40, 40)), Picture)
    assert checked == [files[0]]
