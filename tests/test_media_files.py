"""Broken pictures and sounds are positioned lint warnings naming the file (issue 16.3).

Real files: pictures saved by pygame, sounds made by sox, an MP3 built from real (silent)
MPEG-1 Layer III frames that pygame's mixer decodes (sox here cannot write MP3).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pygame
import pytest

from aac.boards import media
from aac.boards.loader import load_board_file
from aac.boards.media import picture_problem, unusable
from aac.boards.sounds import sound_problem
from aac.cli import main as cli_main

SOX = shutil.which("sox")


def mp3_bytes(frames: int = 40) -> bytes:
    """MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames of silence (zero side info)."""
    return (b"\xff\xfb\x90\x44" + bytes(144 * 128000 // 44100 - 4)) * frames


def lint_warnings(folder: Path, cells: str, capfd: pytest.CaptureFixture[str]
                  ) -> tuple[list[str], str]:
    """Run ``aac lint`` on a one-row board; its warnings (file:line:col: text) and stderr."""
    (folder / "home.yaml").write_text(f"rows:\n  - [{cells}]\n", encoding="utf-8")
    media._verdicts.clear()
    assert cli_main(["lint", str(folder)]) == 0  # warnings only: lint still passes
    out, err = capfd.readouterr()
    return [line for line in out.splitlines() if ": warning: " in line], err


def png(path: Path, size: tuple[int, int] = (20, 10), alpha: bool = False) -> bytes:
    surface = pygame.Surface(size, pygame.SRCALPHA if alpha else 0)
    surface.fill((255, 0, 0, 128 if alpha else 255))
    pygame.image.save(surface, str(path))
    return path.read_bytes()


def test_good_png_with_alpha_jpeg_and_svg_lint_clean(tmp_path: Path,
                                                     capfd: pytest.CaptureFixture[str]) -> None:
    png(tmp_path / "a.png", alpha=True)
    pygame.image.save(pygame.Surface((30, 20)), str(tmp_path / "b.jpg"))
    (tmp_path / "c.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"/>')
    warnings, _ = lint_warnings(tmp_path, "{label: a, symbol: a.png}, {label: b, symbol: b.jpg}, "
                                          "{label: c, symbol: c.svg}", capfd)
    assert warnings == []


def test_broken_pictures_are_positioned_warnings_naming_the_file_and_libpng_stays_quiet(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    good = png(tmp_path / "good.png", (50, 50))
    (tmp_path / "text.png").write_text("this is a text file, not a picture\n")
    (tmp_path / "cut.png").write_bytes(good[: len(good) // 2])
    damaged = bytearray(good)
    damaged[good.index(b"IDAT") + 10] ^= 0xFF  # pixel data changed: the CRC no longer fits
    (tmp_path / "crc.png").write_bytes(bytes(damaged))
    pygame.image.save(pygame.Surface((64, 64)), str(tmp_path / "full.jpg"))
    jpeg = (tmp_path / "full.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(jpeg[: len(jpeg) // 2])
    (tmp_path / "anim.png").write_bytes(b"GIF89a" + bytes(20))
    cells = ("{label: t, symbol: text.png}, {label: c, symbol: cut.png}, "
             "{label: r, symbol: crc.png}, {label: j, symbol: cut.jpg}, "
             "{label: g, symbol: anim.png}")
    warnings, err = lint_warnings(tmp_path, cells, capfd)
    home = tmp_path / "home.yaml"

    def col(name: str) -> int:
        return f"  - [{cells}]".index(name) + 1

    placeholder = "the cell shows a placeholder"
    assert warnings == [f'{home}:2:{col(name)}: warning: symbol file "{name}" {why}; {placeholder}'
                        for name, why in (
        ("text.png", "is not a PNG, JPEG or SVG picture (its content is something else)"),
        ("cut.png", "is cut short (the file ends before the picture does)"),
        ("crc.png", "is damaged (its IDAT chunk fails its checksum)"),
        ("cut.jpg", "is cut short (the file ends before the picture does)"),
        ("anim.png", "is a GIF picture; save it as PNG, JPEG or SVG"),
    )]
    assert "libpng" not in err


def test_pixel_data_that_does_not_inflate_is_caught_with_valid_checksums() -> None:
    ihdr = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))
    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    bad = head + chunk(b"IDAT", b"not zlib at all") + chunk(b"IEND", b"")
    assert picture_problem(bad) == "is damaged (its pixel data does not decompress)"
    short = head + chunk(b"IDAT", zlib.compress(bytes(10))) + chunk(b"IEND", b"")
    assert picture_problem(short) == "is damaged (its pixel data is cut short)"
    bomb = head + chunk(b"IDAT", zlib.compress(bytes(10_000_000))) + chunk(b"IEND", b"")
    assert picture_problem(bomb) == "is damaged (more pixel data than its size says)"
    exact = head + chunk(b"IDAT", zlib.compress(bytes(4 * (1 + 4 * 3)))) + chunk(b"IEND", b"")
    assert picture_problem(exact) is None


@pytest.mark.skipif(SOX is None, reason="needs sox to make real WAV/OGG files")
def test_sounds_wav_ogg_mp3_pass_and_broken_or_unsupported_ones_say_what_to_do(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert SOX is not None
    for name in ("ok.wav", "ok.ogg"):
        subprocess.run([SOX, "-n", "-r", "22050", "-c", "1", str(tmp_path / name), "synth", "0.2",
                        "sine", "440"], check=True)
    (tmp_path / "phone.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x05hello" + mp3_bytes())
    (tmp_path / "garbage.wav").write_bytes(b"hello, this is not a wave file at all" * 10)
    wav = (tmp_path / "ok.wav").read_bytes()
    (tmp_path / "cut.wav").write_bytes(wav[: len(wav) // 2])
    (tmp_path / "voice.m4a").write_bytes(b"\x00\x00\x00\x20ftypM4A " + bytes(100))
    (tmp_path / "renamed.mp3").write_bytes(b"\x00\x00\x00\x20ftypM4A " + bytes(100))
    cells = ("{label: a, sound: ok.wav}, {label: b, sound: ok.ogg}, {label: c, sound: phone.mp3}, "
             "{label: d, sound: garbage.wav}, {label: e, sound: cut.wav}, "
             "{label: f, sound: voice.m4a}, {label: g, sound: renamed.mp3}")
    warnings, _ = lint_warnings(tmp_path, cells, capfd)
    texts = [w.split(": warning: ", 1)[1] for w in warnings]
    data_at = wav.index(b"data") + 8
    (said,) = struct.unpack("<I", wav[data_at - 4:data_at])
    assert texts == [
        'sound file "garbage.wav" is not a WAV, OGG or MP3 sound file; speech is used instead',
        f'sound file "cut.wav" is cut short: its data chunk says {said} bytes, the file '
        f"has {len(wav) // 2 - data_at}; speech is used instead",
        'sound file "voice.m4a" is M4A (AAC) audio, which the communicator does not play; convert '
        "it to MP3 or WAV (e.g. `ffmpeg -i voice.m4a voice.mp3`); speech is used instead",
        'sound file "renamed.mp3" is M4A/MP4 audio, which the communicator does not play; convert '
        "it to MP3 or WAV (e.g. `ffmpeg -i renamed.mp3 renamed.wav`); speech is used instead",
    ]
    board, _ = load_board_file(tmp_path / "home.yaml")
    assert board is not None
    assert [c.sound for c in board.rows[0] if c is not None] == [
        "ok.wav", "ok.ogg", "phone.mp3", None, None, None, None]


def test_the_mp3_the_header_check_accepts_is_one_the_mixer_plays(tmp_path: Path) -> None:
    """The header path is checked against the real decoder, not only against itself."""
    data = mp3_bytes()
    assert sound_problem("x.mp3", data) is None
    assert sound_problem("x.mp3", b"\xff\xfb\x90\x44" + b"junk" * 200) is not None
    (tmp_path / "x.mp3").write_bytes(data)
    pygame.mixer.init(22050, -16, 2, 512)
    try:
        sound = pygame.mixer.Sound(str(tmp_path / "x.mp3"))
        assert sound.get_length() > 0.9  # 40 frames of 1152 samples at 44.1 kHz
    finally:
        pygame.mixer.quit()


def test_verdicts_are_cached_per_file_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """A reload does not decode (or warn about) an unchanged file again; a changed one, yes."""
    path = tmp_path / "p.png"
    png(path)
    media._verdicts.clear()
    calls: list[int] = []
    real = media.picture_problem
    monkeypatch.setattr(media, "picture_problem", lambda data: calls.append(1) or real(data))
    assert unusable(str(path), True) is None
    assert unusable(str(path), True) is None
    assert len(calls) == 1
    path.write_text("now broken")
    assert unusable(str(path), True) == ("is not a PNG, JPEG or SVG picture (its content is "
                                         "something else)")
    assert len(calls) == 2
