"""The carer's status line: the message word-wrapped onto up to ``MAX_LINES`` lines, never
cut mid-word; what does not fit ends in an ellipsis (the full text is always on stderr too,
``aac.app.CarerReport``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .layout import Rect

if TYPE_CHECKING:  # drawing takes pygame objects; wrapping (also the terminal's) needs none
    import pygame

#: the status line grows to at most this many lines, so the board keeps most of the screen
MAX_LINES = 3
ELLIPSIS = "\u2026"
#: text size as a share of one line's height
TEXT_SCALE = 0.75
#: left and right padding in px
PAD = 4


def wrap_words(text: str, width: int, measure: Callable[[str], int],
               max_lines: int = MAX_LINES) -> list[str]:
    """``text`` in lines no wider than ``width`` (as ``measure`` says), breaking only
    between words; a single word wider than a line (a long path) is broken where it must.
    More than ``max_lines`` lines: the last shown ends with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while len(current) > 1 and measure(current) > width:
            cut = _longest_prefix(current, width, measure)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    shown = lines[:max_lines]
    words = shown[-1].split(" ")
    while len(words) > 1 and measure(" ".join(words) + " " + ELLIPSIS) > width:
        words.pop()
    shown[-1] = " ".join(words) + " " + ELLIPSIS
    return shown


def _longest_prefix(word: str, width: int, measure: Callable[[str], int]) -> int:
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(word[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def status_lines(text: str, width: int, font: pygame.font.Font) -> list[str]:
    """The lines ``text`` takes on a status line ``width`` px wide."""
    if not text:
        return []
    return wrap_words(text, width - 2 * PAD, lambda s: font.size(s)[0])


def draw_status(surface: pygame.Surface, rect: Rect, lines: list[str], line_h: int,
                font: pygame.font.Font, background: tuple[int, int, int],
                color: tuple[int, int, int]) -> None:
    """Fill ``rect`` and draw ``lines``, one per ``line_h`` px, clipped to ``rect``."""
    surface.fill(background, rect.as_tuple())
    clip = surface.get_clip()
    surface.set_clip(clip.clip(rect.as_tuple()))  # within a clip the caller set
    for i, line in enumerate(lines):
        img = font.render(line, True, color)
        y = rect.y + i * line_h + (line_h - img.get_height()) // 2
        surface.blit(img, (rect.x + PAD, y))
    surface.set_clip(clip)
