"""The on-screen recording mark, drawn on a real pygame surface (headless)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

from aac.ui.recording import RED, draw_recording  # noqa: E402


def test_the_mark_is_a_red_dot_with_rec_in_the_top_right_corner() -> None:
    surface = pygame.Surface((800, 480))
    surface.fill((255, 255, 255))
    box = draw_recording(surface)
    assert box.right <= 800 and box.top >= 0 and box.left > 600 and box.bottom < 60
    pixels = [tuple(surface.get_at((x, y)))[:3] for x in range(box.left, box.right)
              for y in range(box.top, box.bottom)]
    assert pixels.count(RED) > 50  # the dot
    assert sum(1 for p in pixels if p == (255, 255, 255)) > 10  # the white "REC" letters
    outside = [tuple(surface.get_at((x, 200)))[:3] for x in range(0, 800, 10)]
    assert set(outside) == {(255, 255, 255)}  # nothing else drawn
