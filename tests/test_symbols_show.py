"""``aac symbols show`` renders a symbol at the asked size, as the board screen draws it."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from aac.cli import main


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "cache"))


def drawn_fraction(png: Path, size: int) -> float:
    img = pygame.image.load(str(png))
    assert img.get_size() == (size, size)
    white = img.map_rgb((255, 255, 255))
    drawn = sum(img.get_at_mapped((x, y)) != white for x in range(0, size, 2)
                for y in range(0, size, 2))
    return drawn / ((size // 2) ** 2)


@pytest.mark.parametrize("ref, size", [("mulberry:want_,_to", 96), ("openmoji:1F34E", 150)])
def test_show_writes_a_png_of_the_asked_size_with_the_picture(
        tmp_path: Path, ref: str, size: int, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.png"
    assert main(["symbols", "show", ref, "--out", str(out), "--size", str(size)]) == 0
    assert 0.05 < drawn_fraction(out, size) < 0.95


def test_mulberry_orange_is_orange_not_black(tmp_path: Path) -> None:
    out = tmp_path / "orange.png"
    assert main(["symbols", "show", "mulberry:orange", "--out", str(out), "--size", "64"]) == 0
    r, g, b, _ = pygame.image.load(str(out)).get_at((32, 40))
    assert r > 200 and 100 < g < 200 and b < 80


def test_show_an_unknown_reference_says_why(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["symbols", "show", "mulberry:drnk_,_to", "--out", str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert "mulberry:drink_,_to" in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_a_broken_picture_or_a_huge_size_is_a_message_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.svg").write_bytes(b"<html>not a picture</html>")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    for name in ("broken.svg", "broken.png"):
        assert main(["symbols", "show", name, "--out", "x.png"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("aac symbols show: ") and name in err and "Traceback" not in err
    assert main(["symbols", "show", "openmoji:1F34E", "--out", "x.png", "--size", "99999"]) == 2
    assert "too big" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("name", ["cat.png", "cat.jpg"])
def test_show_scales_a_plain_picture_file(tmp_path: Path, name: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = pygame.Surface((40, 20))
    src.fill((200, 30, 30))
    pygame.image.save(src, str(tmp_path / name))
    assert main(["symbols", "show", name, "--out", "x.png", "--size", "80"]) == 0
    img = pygame.image.load(str(tmp_path / "x.png"))
    assert img.get_size() == (80, 80)
    assert img.get_at((40, 40))[:3] != (255, 255, 255)  # the picture, 80x40, in the middle
    assert img.get_at((40, 5))[:3] == (255, 255, 255)  # aspect kept: white above it
