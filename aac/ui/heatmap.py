"""The scan-cost overlay of ``aac preview --scan-cost``: each cell gets a badge in its
top-right corner coloured from green (quick) to red (slow) with its seconds printed, so a
teacher sees at a glance which words a switch user waits long for."""

from __future__ import annotations

from collections.abc import Mapping

import pygame

from .layout import Layout, Rect
from .theme import RGB, best_text

QUICK: RGB = (0, 170, 60)
SLOW: RGB = (220, 20, 20)


def heat_color(cost: float, lo: float, hi: float) -> RGB:
    """Green at ``lo`` to red at ``hi`` (linear in each channel: order is kept)."""
    share = 0.0 if hi <= lo else (cost - lo) / (hi - lo)
    share = min(1.0, max(0.0, share))
    return (round(QUICK[0] + (SLOW[0] - QUICK[0]) * share),
            round(QUICK[1] + (SLOW[1] - QUICK[1]) * share),
            round(QUICK[2] + (SLOW[2] - QUICK[2]) * share))


def badge_rect(cell: Rect) -> Rect:
    """Where a cell's badge goes: the top-right corner, a third of the width."""
    w = max(24, cell.w * 2 // 5)
    h = max(12, min(cell.h // 3, w // 2))
    return Rect(cell.right - w - 2, cell.y + 2, w, h)


def draw_scan_cost(surface: pygame.Surface, layout: Layout,
                   costs: Mapping[tuple[int, int], float], font_path: str | None) -> None:
    """Badges over the drawn board for every cell with a cost."""
    if not costs:
        return
    lo, hi = min(costs.values()), max(costs.values())
    fonts: dict[int, pygame.font.Font] = {}
    for pos, cost in costs.items():
        cell = layout.cells.get(pos)
        if cell is None:
            continue
        box = badge_rect(cell)
        color = heat_color(cost, lo, hi)
        surface.fill(color, box.as_tuple())
        pygame.draw.rect(surface, (0, 0, 0), box.as_tuple(), 1)
        px = max(8, box.h - 4)
        text = f"{cost:.1f} s"
        font = fonts.get(px) or fonts.setdefault(px, pygame.font.Font(font_path, px))
        while font.size(text)[0] > box.w - 4 and px > 8:
            px -= 1
            font = fonts.get(px) or fonts.setdefault(px, pygame.font.Font(font_path, px))
        img = font.render(text, True, best_text(color))
        surface.blit(img, (box.x + (box.w - img.get_width()) // 2,
                           box.y + (box.h - img.get_height()) // 2))
