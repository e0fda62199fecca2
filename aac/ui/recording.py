"""The "recording" mark: while a profile's usage log is on (``logging: on``), the screen
says so, so the child, family and staff always know (issue 13: logging is opt-in and
visible). A red dot with "REC" in the top-right corner, drawn over the frame last.

Wiring: the renderer calls :func:`draw_recording` after drawing a frame when the runtime
has a usage log open.
"""

from __future__ import annotations

from typing import Optional

import pygame

RED = (220, 0, 0)
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


def draw_recording(surface: pygame.Surface, font_path: Optional[str] = None) -> pygame.Rect:
    """Draw the mark in the top-right corner; return the area it covers (to update)."""
    w = surface.get_width()
    size = max(12, min(32, surface.get_height() // 24))
    if not pygame.font.get_init():
        pygame.font.init()
    text = pygame.font.Font(font_path, size).render("REC", True, WHITE)
    pad = size // 3
    box = pygame.Rect(0, 0, size + text.get_width() + 3 * pad, size + 2 * pad)
    box.topright = (w - pad, pad)
    pygame.draw.rect(surface, BLACK, box, border_radius=pad)
    centre = (box.left + pad + size // 2, box.centery)
    pygame.draw.circle(surface, RED, centre, size // 2)
    surface.blit(text, (box.left + 2 * pad + size, box.centery - text.get_height() // 2))
    return box
