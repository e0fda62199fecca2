"""Hold-to-select feedback: the pressed cell fills from the bottom as the hold completes.

Drawn over the cell the renderer has already drawn, so a child sees how much longer to keep
the finger still (Grid 3 and TD Snap show the same kind of fill).
"""

from __future__ import annotations

import pygame

from .layout import Rect
from .theme import Theme


def draw_hold_fill(surface: pygame.Surface, rect: Rect, progress: float, theme: Theme) -> None:
    """A translucent band over the bottom ``progress`` of ``rect``, with an outline."""
    p = min(1.0, max(0.0, progress))
    h = round(rect.h * p)
    if h > 0:
        band = pygame.Surface((rect.w, h), pygame.SRCALPHA)
        r, g, b = theme.highlight_frame
        band.fill((r, g, b, 140))
        surface.blit(band, (rect.x, rect.bottom - h))
    pygame.draw.rect(surface, theme.highlight_frame, rect.as_tuple(), 3)
