"""The printable communication book (issue 12.7): one landscape page per board with its
cells as vector rectangles in their colours, labels in DejaVu (Latin and Cyrillic), the
pictures rasterised at print resolution by the same decoder the screen uses
(``aac.boards.raster``), a footer naming the board and where its links lead, and a credits
page. The low-tech backup for when the battery dies.

fpdf2 rather than reportlab: pure Python (nothing to compile on a Pi), small, and it embeds
and subsets TrueType fonts for Unicode text, which is all a book of boards needs.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Optional

import pygame
from fpdf import FPDF

from ..core.board import Board, BoardSet, Cell

#: print resolution of the pictures
DPI = 200
_MM_PER_INCH = 25.4
MARGIN = 10.0  # mm
TITLE_H = 10.0
FOOTER_H = 10.0
GAP = 2.0
_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def write_book(boards: BoardSet, out: Path, paper: str = "a4") -> int:
    """Write the book; return its page count. Home board first, then the rest by id."""
    pdf = FPDF(orientation="landscape", unit="mm", format=paper.upper())
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", _FONT)
    pdf.add_font("DejaVu", "B", _BOLD)
    pdf.set_title("Communication book")
    pdf.set_creator("aac preview --pdf")
    order = [boards.home] + sorted(b for b in boards.boards if b != boards.home)
    for board_id in order:
        _board_page(pdf, boards, boards[board_id])
    _credits_page(pdf)
    pdf.output(str(out))
    return int(pdf.page)


def _board_page(pdf: FPDF, boards: BoardSet, board: Board) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(pdf.epw, TITLE_H, board.name or board.id)
    top = MARGIN + TITLE_H
    grid_h = pdf.h - MARGIN - FOOTER_H - top
    rows, cols = len(board.rows), board.columns
    if rows and cols:
        cw = (pdf.epw - GAP * (cols - 1)) / cols
        ch = (grid_h - GAP * (rows - 1)) / rows
        cap = _board_size(pdf, board, cw, ch)
        for r, c, cell in board.visible_cells():
            _cell(pdf, cell, MARGIN + c * (cw + GAP), top + r * (ch + GAP), cw, ch, cap)
    _footer(pdf, boards, board)


def _label_box(cell: Cell, w: float, h: float) -> tuple[float, float, float]:
    """(padding, label width, label height budget) in mm, as on screen: a picture cell's
    label gets the bottom 30 %."""
    if cell.link:
        h -= min(4.0, h * 0.12)
    pad = min(w, h) * 0.05
    return pad, w - 2 * pad, (h - 2 * pad) * (0.3 if cell.symbol_file else 1)


def _board_size(pdf: FPDF, board: Board, w: float, h: float) -> float:
    """One label size for the page (the low quartile of the fits), as on screen."""
    sizes = sorted(_fit_label(pdf, cell.label, *_label_box(cell, w, h)[1:])[0]
                   for _r, _c, cell in board.visible_cells() if cell.label)
    return sizes[len(sizes) // 4] if sizes else 28.0


def _cell(pdf: FPDF, cell: Cell, x: float, y: float, w: float, h: float, cap: float) -> None:
    fill = cell.rgb or (255, 255, 255)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.4)
    pdf.set_fill_color(*fill)
    if cell.link:  # a folder tab, as on screen
        tab = min(4.0, h * 0.12)
        pdf.rect(x, y, w * 0.45, tab + 0.5, style="DF")
        y, h = y + tab, h - tab
    pdf.rect(x, y, w, h, style="DF")
    pad = min(w, h) * 0.05
    inner_w, inner_h = w - 2 * pad, h - 2 * pad
    size, lines = _fit_label(pdf, cell.label, inner_w, inner_h * (0.3 if cell.symbol_file else 1),
                             cap)
    line_h = size * 0.3528 * 1.2  # pt -> mm, with leading
    label_h = line_h * len(lines)
    if cell.symbol_file:
        pic_h = inner_h - label_h - 1
        if pic_h > 3:
            _picture(pdf, cell.symbol_file, x + pad, y + pad, inner_w, pic_h)
        ty = y + h - pad - label_h
    else:
        ty = y + (h - label_h) / 2
    text = (0, 0, 0) if _lum(fill) >= 0.18 else (255, 255, 255)
    pdf.set_text_color(*text)
    pdf.set_font("DejaVu", "B", size)
    for i, line in enumerate(lines):
        pdf.set_xy(x + pad, ty + i * line_h)
        pdf.cell(inner_w, line_h, line, align="C")


def _lum(rgb: tuple[int, int, int]) -> float:
    from .theme import luminance
    return luminance(rgb)


def _fit_label(pdf: FPDF, label: str, w: float, h: float, cap: float = 28.0
               ) -> tuple[float, list[str]]:
    """The largest size (pt, 7 to ``cap``) at which the word-wrapped label fits w x h mm."""
    size = cap
    while True:
        pdf.set_font("DejaVu", "B", size)
        lines = _wrap(pdf, label, w)
        if (size <= 7 or (len(lines) * size * 0.3528 * 1.2 <= h
                          and all(pdf.get_string_width(s) <= w for s in lines))):
            return size, lines
        size -= 1


def _wrap(pdf: FPDF, text: str, w: float) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split() or [""]
        line = words[0]
        for word in words[1:]:
            if pdf.get_string_width(f"{line} {word}") <= w:
                line = f"{line} {word}"
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _picture(pdf: FPDF, file: str, x: float, y: float, w: float, h: float) -> None:
    """The picture at print resolution, centred in the box; a broken one is left out."""
    from ..boards.raster import RasterError, rasterise

    px = (max(1, round(w / _MM_PER_INCH * DPI)), max(1, round(h / _MM_PER_INCH * DPI)))
    try:
        surface = rasterise(Path(file).read_bytes(), px)
    except (OSError, RasterError, pygame.error):
        return
    buf = io.BytesIO()
    pygame.image.save(surface, buf, "x.png")
    sw, sh = surface.get_size()
    dw, dh = sw / DPI * _MM_PER_INCH, sh / DPI * _MM_PER_INCH
    pdf.image(io.BytesIO(buf.getvalue()), x + (w - dw) / 2, y + (h - dh) / 2, dw, dh)


def link_targets(boards: BoardSet, board: Board) -> list[str]:
    """"Label → board name" for each link cell, in reading order."""
    out: list[str] = []
    for _r, _c, cell in board.visible_cells():
        if cell.link and cell.link in boards:
            target = boards[cell.link]
            out.append(f"{cell.label} \u2192 {target.name or target.id}")
    return out


def _footer(pdf: FPDF, boards: BoardSet, board: Board) -> None:
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 9)
    links = link_targets(boards, board)
    text = f"Board: {board.name or board.id} ({board.id})"
    if links:
        text += "   Links: " + "; ".join(links)
    pdf.set_xy(MARGIN, pdf.h - MARGIN - FOOTER_H + 2)
    pdf.multi_cell(pdf.epw, 4, text)


def _credits_page(pdf: FPDF, text: Optional[str] = None) -> None:
    from ..symbols.credits import credits_text

    pdf.add_page()
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(pdf.epw, TITLE_H, "Credits", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(pdf.epw, 5, text if text is not None else credits_text())
