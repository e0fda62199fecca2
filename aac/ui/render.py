"""Draw a ``View`` onto any pygame surface: message bar, title, cells, highlight, status.

Separate from the window so tests can render onto an off-screen surface and check pixels.
Fonts, wrapped labels and scaled symbols are cached: a redraw after a press must take a
couple of milliseconds, not re-rasterise every label.

A frame is two layers: the board (``_draw_base``: everything but the scan highlight) and what
lies over it (``_draw_top``: highlight, "press to start", recording mark, status line). A scan
step changes only the highlight, so ``draw_changes`` keeps the board layer on a surface of
its own and redraws just the old and the new highlight's areas: on a Pi-class core a whole
frame costs several milliseconds, a step a fraction of one, whatever the board's size.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Optional

import pygame

from ..bounded import BoundedDict
from ..core.board import Board, BoardSet, Cell
from ..core.view import View
from . import frame_marks
from .cell_shape import draw_folder_tab, link_body
from .fit_cache import identity, load_fits, save_fits
from .layout import Layout, Rect, bounding, compute_layout, status_line_height
from .pictures import PENDING, Picture, Pictures, draw_picture
from .prefetch import neighbour_pictures
from .recording import draw_recording
from .status_line import TEXT_SCALE, draw_status, status_lines
from .theme import DEFAULT_THEME, RGB, Theme, darken, invert
from .touch_feedback import draw_hold_fill

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)


def _font_path() -> Optional[str]:
    for path in _FONT_CANDIDATES:
        if os.path.exists(path):
            return path
    return None  # pygame's bundled default font (freesansbold)


class Renderer:
    """Stateless drawing of views, with caches keyed by what was drawn."""

    def __init__(self, theme: Theme = DEFAULT_THEME, pictures: Optional[Pictures] = None) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.theme = theme
        self._font_path = _font_path()
        # bounded (aac.bounded): boards visited and edited all day must not grow them
        self._fonts: dict[int, pygame.font.Font] = BoundedDict(64)
        self._labels: dict[tuple[str, int, int, RGB, int], pygame.Surface] = BoundedDict(512)
        self._fits: dict[tuple[str, int, int], int] = BoundedDict(4096)
        # what earlier starts measured (aac.ui.fit_cache): the first frame measures no label
        self._fit_ident = identity(self._font_path,
                                   (theme.min_label_px, theme.max_label_px, _FLOOR_PX))
        for key, px in load_fits(self._fit_ident).items():
            self._fits[key] = px
        self._fits_new = 0
        self._fits_saving = threading.Lock()
        self._line_heights: dict[int, int] = BoundedDict(64)
        self._board_px: dict[tuple[object, ...], int] = BoundedDict(64)
        self._last_board_px: Optional[tuple[Board, tuple[int, int, int], int]] = None
        self._boxes: dict[tuple[Cell, Rect, int], CellBoxes] = {}  # per cell, size and cap
        #: decodes inline unless given a background one (the window's, off the loop thread)
        self.pictures = pictures if pictures is not None else Pictures(background=False)
        self._layout_key: Optional[tuple[object, ...]] = None
        self._status_key: Optional[tuple[str, tuple[int, int]]] = None
        self._status_wrapped: list[str] = []
        self.layout: Optional[Layout] = None
        #: the running board set (``aac run`` sets it): linked boards' pictures are prefetched
        self.board_source: Optional[Callable[[], BoardSet]] = None
        self._prefetched_for: Optional[Board] = None
        self._prefetch_due: Optional[tuple[View, tuple[int, int]]] = None
        #: cells of the last drawn view whose picture was still being made
        self.pending = 0
        # ``draw_changes``: the board layer, what it shows, and where the top layer differs
        self._base: Optional[pygame.Surface] = None
        self._base_key: Optional[tuple[object, ...]] = None
        self._lit_area: list[pygame.Rect] = []
        self._rec_box: Optional[pygame.Rect] = None  # where the recording mark was drawn
        self._base_view: Optional[View] = None
        #: board-layer cells drawn while their picture was being made: (position, rect)
        self._waiting: list[tuple[tuple[int, int], Rect]] = []

    # -- geometry ---------------------------------------------------------------------------
    def layout_for(self, view: View, size: tuple[int, int]) -> Layout:
        along = view.scan.escape_along if view.scan is not None else None
        lines = len(self._status_lines(view.status, size))
        key = (view.board, size, lines, along)
        if key != self._layout_key or self.layout is None:
            self.layout = self.board_layout(view.board, view, size)
            self._layout_key = key
        return self.layout

    def board_layout(self, board: Board, view: View, size: tuple[int, int]) -> Layout:
        """``board`` laid out as it would be shown in ``view``'s place (not cached: the
        prefetch of linked boards asks for boards that are not on screen)."""
        along = view.scan.escape_along if view.scan is not None else None
        lines = len(self._status_lines(view.status, size))
        return compute_layout(board, size[0], size[1], self.theme, status=lines > 0,
                              escape_along=along, status_lines=lines)

    def _status_lines(self, text: str, size: tuple[int, int]) -> list[str]:
        """The carer's message word-wrapped for this screen (``aac.ui.status_line``)."""
        key = (text, size)
        if self._status_key != key:
            line_h = status_line_height(size[1], self.theme)
            font = self._font(max(8, int(line_h * TEXT_SCALE)))
            self._status_wrapped = status_lines(text, size[0], font)
            self._status_key = key
        return self._status_wrapped

    # -- drawing ----------------------------------------------------------------------------
    def draw(
        self, surface: pygame.Surface, view: View, focus: Optional[tuple[int, int]] = None
    ) -> Layout:
        """Draw the whole frame. (The next ``draw_changes`` starts from a whole frame too.)"""
        layout = self.layout_for(view, surface.get_size())
        self._draw_base(surface, view, layout, focus if view.highlight is None else None)
        self._draw_top(surface, view, layout)
        self._base_key = None
        return layout

    def draw_changes(
        self, surface: pygame.Surface, view: View, focus: Optional[tuple[int, int]] = None
    ) -> Optional[list[pygame.Rect]]:
        """Bring ``surface``, which shows the view this method drew last, to ``view``: when
        only the highlight moved, restore the board under the old one from the board layer
        and draw the new one; returns the areas changed (for ``display.update``). Anything
        else changed: the whole frame is drawn, and None returned. Nothing else may draw on
        ``surface`` in between (``invalidate`` when something did)."""
        size = surface.get_size()
        layout = self.layout_for(view, size)
        shown_focus = focus if view.highlight is None else None
        key = (replace(view, highlight=None), shown_focus, size)
        if key != self._base_key or self._base is None:
            if self._base is None or self._base.get_size() != size:
                self._base = pygame.Surface(size, 0, surface)  # once per size, not per frame
            self._draw_base(self._base, view, layout, shown_focus)
            self._base_view = view
            surface.blit(self._base, (0, 0))
            self._draw_top(surface, view, layout)
            self._base_key = key
            self._lit_area = self._lit_rects(layout, view)
            return None
        new = self._lit_rects(layout, view)
        changed = self._lit_area + new
        for rect in changed:
            surface.set_clip(rect)
            surface.blit(self._base, rect, rect)
            self._draw_top(surface, view, layout, rect)
        surface.set_clip(None)
        self._lit_area = new
        return changed

    def refresh_pictures(self, surface: pygame.Surface) -> Optional[list[pygame.Rect]]:
        """Pictures were made: redraw, on the board layer and on ``surface``, the cells that
        were waiting for theirs; the areas changed (none when the pictures were for other
        boards), or None when there is no board layer to update (draw the whole frame)."""
        view, layout = self._base_view, self.layout
        if self._base_key is None or self._base is None or view is None or layout is None:
            return None
        cap = self._board_label_px(view.board, layout)
        waiting, changed = self._waiting, []
        self._waiting = []
        for pos, rect in waiting:
            cell = view.board.cell(*pos)
            if cell is None:
                continue
            before = self.pending
            self._draw_cell(self._base, view.board, cell, rect, lit=False,
                            pressed=view.pressed == pos, cap=cap)
            if self.pending > before:  # still being made (or scaled from another size)
                self._waiting.append((pos, rect))
                continue
            if view.progress is not None and view.pressed == pos:
                draw_hold_fill(self._base, rect, view.progress, self.theme)
            changed.append(pygame.Rect(rect.as_tuple()))
        self.pending = len(self._waiting)
        for area in changed:
            surface.set_clip(area)
            surface.blit(self._base, area, area)
            self._draw_top(surface, view, layout, area)
        surface.set_clip(None)
        return changed

    def invalidate(self) -> None:
        """The board layer is out of date (a picture arrived) or the surface was drawn on by
        someone else: the next ``draw_changes`` draws the whole frame."""
        self._base_key = None

    def _draw_base(self, surface: pygame.Surface, view: View, layout: Layout,
                   focus: Optional[tuple[int, int]]) -> None:
        """The board layer: everything but what ``_draw_top`` draws over it."""
        t = self.theme
        surface.fill(t.background)
        self._draw_message(surface, layout.message, view.message)
        self._draw_text_left(surface, layout.title, view.board.name, t.title_text, 0.8)
        cap = self._board_label_px(view.board, layout)
        self.pending = 0
        self._waiting = []
        for (r, c), rect in layout.cells.items():
            cell = view.board.cell(r, c)
            if cell is None:
                continue
            before = self.pending
            self._draw_cell(surface, view.board, cell, rect, lit=False,
                            pressed=view.pressed == (r, c), cap=cap)
            if self.pending > before:
                self._waiting.append(((r, c), rect))
        if view.progress is not None and view.pressed in layout.cells:
            draw_hold_fill(surface, layout.cells[view.pressed], view.progress, t)
        if self.board_source is not None and view.board is not self._prefetched_for:
            self._prefetched_for = view.board  # after this board's own requests: they go first
            self._prefetch_due = (view, surface.get_size())  # queued once it is on screen
        if view.scan is not None and layout.escape:
            self._draw_escape_buttons(surface, layout, view.scan.escape_label)
        if focus is not None and focus in layout.cells:
            pygame.draw.rect(surface, t.focus, layout.cells[focus].inflate(3).as_tuple(), 3)

    def _draw_top(self, surface: pygame.Surface, view: View, layout: Layout,
                  area: Optional[pygame.Rect] = None) -> None:
        """What lies over the board layer. ``area``: the part being redrawn (the surface is
        clipped to it); parts that do not meet it are skipped, they are on screen already."""
        t = self.theme
        if view.highlight is not None:
            self._draw_lit(surface, layout, view)
        if view.scan is not None and view.scan.stopped:
            band = self._stopped_band(layout)
            if area is None or area.colliderect(band.as_tuple()):
                self._draw_press_to_start(surface, band, view.scan.stopped_label)
        if view.recording and (area is None or self._rec_box is None
                               or area.colliderect(self._rec_box)):
            # over everything: the family always sees that a log is on
            self._rec_box = draw_recording(surface)
        if layout.status is not None and (area is None
                                          or area.colliderect(layout.status.as_tuple())):
            line_h = status_line_height(layout.height, t)
            wrapped = self._status_lines(view.status, (layout.width, layout.height))
            font = self._font(max(8, int(line_h * TEXT_SCALE)))
            draw_status(surface, layout.status, wrapped, line_h, font, t.status_background,
                        t.status_text)

    def _draw_lit(self, surface: pygame.Surface, layout: Layout, view: View) -> None:
        """The highlight: lit cells drawn inverted (``inverse`` theme), then its frame."""
        hl = view.highlight
        assert hl is not None
        if self.theme.highlight == "inverse":
            pending, cap = self.pending, self._board_label_px(view.board, layout)
            for pos in sorted(hl.cells):
                cell = view.board.cell(*pos)
                if cell is not None and pos in layout.cells:
                    self._draw_cell(surface, view.board, cell, layout.cells[pos], lit=True,
                                    pressed=view.pressed == pos, cap=cap)
            if view.progress is not None and view.pressed in hl.cells \
                    and view.pressed in layout.cells:
                draw_hold_fill(surface, layout.cells[view.pressed], view.progress, self.theme)
            self.pending = pending  # counted once, on the board layer
        if not self._draw_escape_highlight(surface, layout, view):
            self._draw_highlight(surface, layout, view)

    def _lit_rects(self, layout: Layout, view: View) -> list[pygame.Rect]:
        """Everything ``_draw_lit`` can change, with a pixel to spare: the frames, and with
        the ``inverse`` theme the lit cells outside them (the escape item's row)."""
        hl = view.highlight
        if hl is None:
            return []
        escape = self._escape_lit(layout, view)
        frames = [escape] if escape is not None else self._highlight_frames(layout, view)
        rects = [pygame.Rect(self._frame_outer(f).inflate(1).as_tuple()) for f in frames]
        if self.theme.highlight == "inverse":
            for pos in hl.cells:
                if pos in layout.cells:
                    cell = pygame.Rect(layout.cells[pos].inflate(1).as_tuple())
                    if not any(r.contains(cell) for r in rects):
                        rects.append(cell)
        return rects

    def _draw_cell(
        self, surface: pygame.Surface, board: Board, cell: Cell, rect: Rect, lit: bool,
        pressed: bool, cap: int,
    ) -> None:
        t = self.theme
        bg = cell.rgb or t.cell_default
        if lit and t.highlight == "inverse":
            bg = invert(bg)
        bg, fg = t.cell_colors(bg)
        boxes = self.cell_boxes(cell, rect, cap)
        # the picture keeps its unpressed size: a press must not ask for a new decode
        found = (self.pictures.get(cell.symbol_file, (boxes.picture.w, boxes.picture.h))
                 if cell.symbol_file and boxes.picture is not None else None)
        if found is PENDING or (isinstance(found, Picture) and found.stand_in):
            self.pending += 1
        if pressed:
            bg, fg = t.cell_colors(darken(bg, t.pressed_darken))
        body = link_body(rect) if cell.link else rect
        if pressed:
            body = body.inflate(-t.pressed_inset)
        if cell.link:
            draw_folder_tab(surface, rect, body, bg, t.cell_outline, t.outline_width)
        surface.fill(bg, body.as_tuple())
        pygame.draw.rect(surface, t.cell_outline, body.as_tuple(), t.outline_width)
        if found is not None and boxes.picture is not None:
            # a picture, one being decoded, or a broken one's placeholder
            draw_picture(surface, found, boxes.picture, fg)
        if boxes.label is not None:
            text = self._render_lines(boxes.lines, boxes.label_px, fg)
            surface.blit(text, (boxes.label.x + (boxes.label.w - text.get_width()) // 2,
                                boxes.label.y))

    def cell_boxes(self, cell: Cell, rect: Rect, cap: int) -> CellBoxes:
        """Where a cell's picture and label go: the label at the board's size (``cap``),
        smaller only if it must be, word-wrapped; the picture takes all the room left above
        it. The one place this is computed: drawing, prefetching and tests ask here."""
        key = (cell, rect, cap)
        boxes = self._boxes.get(key)
        if boxes is None:
            if len(self._boxes) > 4096:  # many resizes or boards: start again
                self._boxes.clear()
            boxes = self._boxes[key] = self._cell_boxes(cell, rect, cap)
        return boxes

    def _cell_boxes(self, cell: Cell, rect: Rect, cap: int) -> CellBoxes:
        inner = self._inner(link_body(rect) if cell.link else rect)
        has_picture = bool(cell.symbol_file)
        if not cell.label:
            return CellBoxes(inner if has_picture else None, None, 0, ())
        px = min(cap, self._fit(cell.label, inner.w, self._label_budget(cell, inner)))
        font = self._font(px)
        lines = tuple(_wrap(font, cell.label, inner.w))
        label_h = len(lines) * self._line_height_at(px)
        if not has_picture:
            y = inner.y + max(0, (inner.h - label_h) // 2)
            return CellBoxes(None, Rect(inner.x, y, inner.w, label_h), px, lines)
        label = Rect(inner.x, inner.bottom - label_h, inner.w, label_h)
        pic_h = inner.h - label_h - _PICTURE_GAP
        picture = Rect(inner.x, inner.y, inner.w, pic_h) if pic_h > 4 and inner.w > 4 else None
        return CellBoxes(picture, label, px, lines)

    def _label_budget(self, cell: Cell, inner: Rect) -> int:
        """The most height a label may take: all of a text cell; under a picture a share
        (``label_share``) so the picture stays the larger part, but at least one line at the
        smallest size (a small cell must not cut "go" to "ao")."""
        if not cell.symbol_file:
            return inner.h
        one_line = self._line_height_at(self.theme.min_label_px)
        return max(1, min(inner.h, max(int(inner.h * self.theme.label_share), one_line)))

    def _highlight_frames(self, layout: Layout, view: View) -> list[Rect]:
        """Where the highlight's frames go: one around a row or column, or the lit cell
        (drawn larger with the ``enlarged`` theme)."""
        assert view.highlight is not None
        lit = [p for p in sorted(view.highlight.cells) if p in layout.cells]
        if len(lit) > 1:  # a row or column (level 1, or the "back" item): one frame
            box = bounding(layout.cells[p] for p in lit)
            return [box] if box is not None else []
        if lit and self.theme.highlight == "enlarged":
            return [self._enlarged_rect(layout, lit[0])]
        return [layout.cells[p] for p in lit]

    def _frame_outer(self, rect: Rect) -> Rect:
        """The outer edge of a highlight frame around ``rect``: it sits in the gap."""
        return rect.inflate(min(self.theme.gap // 2, self.theme.highlight_width))

    def _draw_highlight(self, surface: pygame.Surface, layout: Layout, view: View) -> None:
        """A thick frame around the highlighted cell, or one around a whole row or column."""
        assert view.highlight is not None
        t = self.theme
        frames = self._highlight_frames(layout, view)
        if not frames:
            return
        lit = [p for p in view.highlight.cells if p in layout.cells]
        if t.highlight == "enlarged" and len(lit) == 1:
            self._draw_enlarged(surface, layout, view, lit[0], frames[0])
        w = t.highlight_width
        for rect in frames:
            self._frame(surface, rect)
        if view.highlight.label:
            tag = self._font(max(t.min_label_px, frames[0].h // 4)).render(
                view.highlight.label, True, t.highlight_edge, t.highlight_frame)
            surface.blit(tag, (frames[0].right - tag.get_width() - w,
                               frames[0].y + w))

    def _enlarged_rect(self, layout: Layout, pos: tuple[int, int]) -> Rect:
        """The lit cell a fifth larger, moved to stay on screen."""
        rect = layout.cells[pos]
        grow = max(rect.w, rect.h) // 10 + self.theme.gap
        big = rect.inflate(grow)
        x = min(max(big.x, 0), max(0, layout.width - big.w))
        y = min(max(big.y, 0), max(0, layout.height - big.h))
        return Rect(x, y, big.w, big.h)

    def _draw_enlarged(self, surface: pygame.Surface, layout: Layout, view: View,
                       pos: tuple[int, int], big: Rect) -> None:
        """The lit cell ``pos`` drawn again at ``big``, over its neighbours."""
        rect = layout.cells[pos]
        cell = view.board.cell(*pos)
        if cell is not None:
            layout_cap = self._board_label_px(view.board, layout)
            scaled = max(1, round(layout_cap * big.h / max(1, rect.h)))
            pending = self.pending
            self._draw_cell(surface, view.board, cell, big, lit=True, pressed=False, cap=scaled)
            self.pending = pending  # counted once, on the board layer

    def _draw_escape_buttons(self, surface: pygame.Surface, layout: Layout, label: str) -> None:
        """The escape item's own button at the end of each row (or under each column)."""
        t = self.theme
        for rect in layout.escape.values():
            surface.fill(t.escape_background, rect.as_tuple())
            pygame.draw.rect(surface, t.cell_outline, rect.as_tuple(), t.outline_width)
            inner = self._inner(rect)
            if label and inner.h > 0:
                text = self._label(label, inner.w, inner.h, t.escape_text, t.max_label_px)
                tw, th = text.get_size()
                surface.blit(text, (inner.x + (inner.w - tw) // 2, inner.y + (inner.h - th) // 2))

    def _escape_lit(self, layout: Layout, view: View) -> Optional[Rect]:
        """The escape button to frame when the escape item is lit; None if there is none."""
        hl = view.highlight
        if hl is None or not hl.back or view.scan is None or not layout.escape:
            return None
        along_rows = view.scan.escape_along == "row"
        index = {r if along_rows else c for r, c in hl.cells}
        if len(index) != 1 or (key := index.pop()) not in layout.escape:
            return None
        return layout.escape[key]

    def _draw_escape_highlight(self, surface: pygame.Surface, layout: Layout, view: View) -> bool:
        """Frame the escape button when the escape item is lit; False if there is none."""
        button = self._escape_lit(layout, view)
        if button is None:
            return False
        self._frame(surface, button)
        return True

    def _frame(self, surface: pygame.Surface, rect: Rect) -> None:
        t = self.theme
        w = t.highlight_width
        outer = self._frame_outer(rect)
        pygame.draw.rect(surface, t.highlight_frame, outer.as_tuple(), w)
        pygame.draw.rect(surface, t.highlight_edge, outer.as_tuple(), 2)
        pygame.draw.rect(surface, t.highlight_edge, outer.inflate(-w).as_tuple(), 2)

    def _stopped_band(self, layout: Layout) -> Rect:
        """Where "press to start" goes: a band across the middle of the board."""
        g = layout.grid
        h = max(self.theme.min_label_px * 2, g.h // 5)
        return Rect(g.x, g.y + (g.h - h) // 2, g.w, h)

    def _draw_press_to_start(self, surface: pygame.Surface, band: Rect, label: str) -> None:
        """Scanning waits for a press: a banner across the middle of the board says so."""
        t = self.theme
        surface.fill(t.stopped_background, band.as_tuple())
        pygame.draw.rect(surface, t.stopped_text, band.as_tuple(), 3)
        if label:
            text = self._label(label, band.w - 24, band.h - 8, t.stopped_text, t.max_label_px)
            tw, th = text.get_size()
            surface.blit(text, (band.x + (band.w - tw) // 2, band.y + (band.h - th) // 2))

    def _draw_message(self, surface: pygame.Surface, rect: Rect, text: str) -> None:
        t = self.theme
        surface.fill(t.message_background, rect.as_tuple())
        pygame.draw.rect(surface, t.cell_outline, rect.as_tuple(), t.outline_width)
        if not text:
            return
        font = self._font(max(t.min_label_px, int(rect.h * 0.6)))
        shown = text
        # Show the end of a long message: the newest word is what the listener needs.
        while shown and font.size(shown)[0] > rect.w - 24:
            shown = shown[1:]
        if shown != text:
            shown = "\u2026" + shown[1:]
        img = font.render(shown, True, t.message_text)
        surface.blit(img, (rect.x + 12, rect.y + (rect.h - img.get_height()) // 2))

    def _draw_text_left(
        self, surface: pygame.Surface, rect: Rect, text: str, color: RGB, scale: float
    ) -> None:
        if not text or rect.h <= 0:
            return
        font = self._font(max(8, int(rect.h * scale)))
        img = font.render(text, True, color)
        area = pygame.Rect(0, 0, min(img.get_width(), rect.w), img.get_height())
        surface.blit(img, (rect.x + 4, rect.y + (rect.h - img.get_height()) // 2), area)

    # -- caches -----------------------------------------------------------------------------
    def _font(self, px: int) -> pygame.font.Font:
        font = self._fonts.get(px)
        if font is None:
            font = pygame.font.Font(self._font_path, px)
            self._fonts[px] = font
        return font

    def _board_label_px(self, board: Board, layout: Layout) -> int:
        """One label size for the whole board: the largest at which most labels fit their
        cell (a low quartile of the fits), so words look alike; only labels too long for it
        get smaller (after wrapping)."""
        size = (layout.width, layout.height, 0 if layout.status is None else layout.status.h)
        last = self._last_board_px  # the same board again (every cell of a frame asks):
        if last is not None and last[0] is board and last[1] == size:  # no deep hash of it
            return last[2]
        key = (board, *size)
        px = self._board_px.get(key)
        if px is None:
            sizes = []
            for (r, c), rect in layout.cells.items():
                cell = board.cell(r, c)
                if cell is None or not cell.label:
                    continue
                inner = self._inner(link_body(rect) if cell.link else rect)
                sizes.append(self._fit(cell.label, inner.w, self._label_budget(cell, inner)))
            sizes.sort()
            px = sizes[len(sizes) // 4] if sizes else self.theme.max_label_px
            if sizes and sizes[0] >= _SAME_SIZE * px:  # all nearly fit: all alike
                px = sizes[0]
            self._board_px[key] = px
        self._last_board_px = (board, size, px)
        return px

    def board_label_px(self, board: Board, layout: Layout) -> int:
        """The label size drawn on ``board`` laid out as ``layout`` (see ``_board_label_px``)."""
        return self._board_label_px(board, layout)

    def _inner(self, rect: Rect) -> Rect:
        """The part of a cell text and pictures may use: clear of the outline, with air."""
        pad = self.theme.outline_width + max(2, min(rect.w, rect.h) // 20)
        px = py = pad
        return Rect(rect.x + px, rect.y + py, max(1, rect.w - 2 * px), max(1, rect.h - 2 * py))

    def _fit(self, text: str, w: int, h: int) -> int:
        """The largest font size at which ``text``, word-wrapped, fits a w x h box. Below the
        theme's minimum only when nothing else fits: a label is never cut."""
        key = (text, w, h)
        size = self._fits.get(key)
        if size is not None:
            return size
        t = self.theme
        lo = t.min_label_px if self._fits_at(text, t.min_label_px, w, h) else _FLOOR_PX
        hi = max(lo, min(t.max_label_px, h))
        while lo < hi:  # binary search: the largest size that fits
            mid = (lo + hi + 1) // 2
            if self._fits_at(text, mid, w, h):
                lo = mid
            else:
                hi = mid - 1
        self._fits[key] = lo
        self._fits_new += 1
        return lo

    def save_fits(self) -> None:
        """Keep the label sizes measured since the last save for the next start (any thread;
        returns once they are written, by this call or one under way; ``aac.ui.fit_cache``)."""
        with self._fits_saving:
            if self._fits_new:
                self._fits_new = 0
                save_fits(self._fit_ident, dict(self._fits))

    def _fits_at(self, text: str, px: int, w: int, h: int) -> bool:
        font = self._font(px)
        lines = _wrap(font, text, w)
        widest = max(font.size(line)[0] for line in lines)
        return self._line_height_at(px) * len(lines) <= h and widest <= w

    def _line_height_at(self, px: int) -> int:
        """``_line_height`` of the label font at ``px``, measured once per size."""
        height = self._line_heights.get(px)
        if height is None:
            height = self._line_heights[px] = _line_height(self._font(px))
        return height

    def _render_lines(self, lines: tuple[str, ...], px: int, color: RGB) -> pygame.Surface:
        """Wrapped label lines, centred, each line a full line high (descenders kept)."""
        key = ("\n".join(lines), px, -1, color, px)
        img = self._labels.get(key)
        if img is not None:
            return img
        font = self._font(px)
        line_h = self._line_height_at(px)
        rendered = [font.render(line, True, color) for line in lines]
        img = pygame.Surface((max(1, max(r.get_width() for r in rendered)),
                              max(1, line_h * (len(rendered) - 1) + rendered[-1].get_height())),
                             pygame.SRCALPHA)
        for i, r in enumerate(rendered):
            img.blit(r, ((img.get_width() - r.get_width()) // 2, i * line_h))
        self._labels[key] = img
        return img

    def _label(self, text: str, w: int, h: int, color: RGB, cap: int) -> pygame.Surface:
        """The label word-wrapped at the board's size, or smaller if it must be."""
        px = min(cap, self._fit(text, w, h))
        return self._render_lines(tuple(_wrap(self._font(px), text, w)), px, color)

    def picture_box(self, board: Board, layout: Layout, cell: Cell, rect: Rect
                    ) -> Optional[tuple[int, int]]:
        """The box a cell's picture is fitted to, or None if too small. Drawing and the
        prefetch of linked boards ask for the same size (both via ``cell_boxes``)."""
        if cell.symbol_file is None:
            return None
        box = self.cell_boxes(cell, rect, self._board_label_px(board, layout)).picture
        return None if box is None else (box.w, box.h)

    @property
    def font_path(self) -> Optional[str]:
        """The label font's file (None: pygame's own), for overlays drawn in the same face."""
        return self._font_path

    def inner(self, rect: Rect) -> Rect:
        """The part of a cell text and pictures may use (see ``_inner``)."""
        return self._inner(rect)

    def flipped(self, t: float) -> float:
        """The front end flipped the last drawn frame at ``t``; returns ``t``.

        ``aac bench symbols`` learns when the first frame, and the first with every picture
        drawn, were shown (``frame_marks``).
        """
        frame_marks.flipped(t, self.pending)
        self.pictures.shown()
        if self._prefetch_due is not None and self.board_source is not None:
            view, size = self._prefetch_due  # laying out the linked boards waits for the flip
            self._prefetch_due = None
            self.pictures.prefetch(neighbour_pictures(self, view, size, self.board_source()))
        return t


#: space between a picture and its label
_PICTURE_GAP = 2
#: when every label fits at this share of the common size, all take the smallest fit
_SAME_SIZE = 0.8
#: the smallest label size at all, for a label too long for the theme's minimum
_FLOOR_PX = 6


@dataclass(frozen=True)
class CellBoxes:
    """A cell's picture box (None: no picture, or no room) and its label's lines and box."""

    picture: Optional[Rect]
    label: Optional[Rect]
    label_px: int
    lines: tuple[str, ...]


def _line_height(font: pygame.font.Font) -> int:
    """One label line: the tallest of the line spacing, the font's height and a rendered
    line with accents and descenders (pygame renders some sizes a pixel taller than
    ``get_height``; a shorter line cut the "p" of "play")."""
    return max(font.get_linesize(), font.get_height(), font.size("\u00c5gjpy|")[1])


def _wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap; explicit newlines in a label are kept."""
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            lines.append("")
            continue
        line = words[0]
        for word in words[1:]:
            trial = f"{line} {word}"
            if font.size(trial)[0] <= width:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines
