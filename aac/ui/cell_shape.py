"""A link cell looks like a folder: a tab on its top-left edge, as on peer AAC devices, so a
child and a teacher tell "opens a board" from "says a word" without reading.

Plain geometry plus one drawing function; the cell's body (what the label and picture use)
is the cell minus the tab's height.
"""

from __future__ import annotations

import pygame

from .layout import Rect

#: the tab's height as a share of the cell's height, and its width as a share of the width
TAB_HEIGHT = 0.12
TAB_WIDTH = 0.45


def tab_height(rect: Rect) -> int:
    return max(4, round(rect.h * TAB_HEIGHT))


def link_body(rect: Rect) -> Rect:
    """The folder's body: the cell without the tab strip on top."""
    th = tab_height(rect)
    return Rect(rect.x, rect.y + th, rect.w, max(1, rect.h - th))


def link_tab(rect: Rect) -> Rect:
    """The tab: on the top-left, over the body's top edge."""
    th = tab_height(rect)
    return Rect(rect.x, rect.y, max(8, round(rect.w * TAB_WIDTH)), th + 1)


def draw_folder_tab(surface: pygame.Surface, rect: Rect, body: Rect,
                    fill: tuple[int, int, int], outline: tuple[int, int, int], width: int) -> None:
    """The tab in the cell's colour, outlined; drawn before the body so the body's top
    outline runs under it only beyond the tab."""
    tab = link_tab(rect)
    tab = Rect(body.x, tab.y + (body.y - link_body(rect).y), min(tab.w, body.w),
               tab.h)
    radius = max(2, tab.h // 2)
    pygame.draw.rect(surface, fill, tab.as_tuple(), border_top_left_radius=radius,
                     border_top_right_radius=radius)
    pygame.draw.rect(surface, outline, tab.as_tuple(), max(1, width // 2),
                     border_top_left_radius=radius,
                     border_top_right_radius=radius)
