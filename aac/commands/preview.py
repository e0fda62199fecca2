"""``aac preview BOARDS --out DIR``: every board to ``DIR/<board id>.png`` without a display,
drawn by the renderer the device uses; ``--scan-cost`` adds the expected seconds to reach
each cell (``aac.core.scan_cost``) as a heat map. ``--pdf BOOK.pdf`` writes the printable
communication book instead (``aac.ui.book``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "render every board to a PNG (optionally a scan-cost heat map), or a printable PDF book"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .run import window_size

    p.add_argument("boards", metavar="BOARDS", help="a board folder or file")
    p.add_argument("--out", metavar="DIR", help="write DIR/<board id>.png")
    p.add_argument("--size", metavar="WxH", type=window_size, default=(800, 480),
                   help="screen size to draw for (default 800x480)")
    p.add_argument("--theme", metavar="NAME", default="default",
                   help="default, high-contrast, dark or large-text")
    p.add_argument("--scan-cost", action="store_true",
                   help="overlay each cell's expected seconds to reach it by scanning")
    p.add_argument("--settings", metavar="FILE",
                   help="the child's profile (scan settings) for --scan-cost")
    p.add_argument("--pdf", metavar="BOOK.pdf", help="write a printable communication book")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF paper size")


def main(args: argparse.Namespace) -> int:
    if not args.out and not args.pdf:
        print("aac preview: give --out DIR and/or --pdf BOOK.pdf", file=sys.stderr)
        return 2
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..ui.themes import UnknownTheme, theme_named
    from ._boards import load_or_report

    try:
        theme = theme_named(args.theme, source="--theme")
    except UnknownTheme as exc:
        print(f"aac preview: {exc}", file=sys.stderr)
        return 2
    settings = None
    if args.scan_cost or args.settings:
        from ..core.scan_settings import ScanSettings
        settings = ScanSettings().with_runtime_defaults()
        if args.settings:
            from ..profile import BadSettings, load_profile
            try:
                settings = load_profile(args.settings).scan.with_runtime_defaults()
            except BadSettings as exc:
                print(str(exc), file=sys.stderr)
                return 1
        if settings.mode != "auto":
            print(f"aac preview: --scan-cost needs mode: auto, {args.settings} has "
                  f"mode: {settings.mode}", file=sys.stderr)
            return 2
    from ..language import resolve_set

    # a folder of sets (boards/) gives the set of the locale's language, as aac run does
    result = load_or_report(resolve_set(Path(args.boards)), "aac preview")
    if result is None:
        return 1
    boards = result.boards
    if args.out:
        for path in write_previews(boards, Path(args.out), args.size, theme,
                                   settings if args.scan_cost else None):
            print(path)
    if args.pdf:
        from ..ui.book import write_book
        pages = write_book(boards, Path(args.pdf), args.paper)
        print(f"{args.pdf}: {pages} pages")
    return 0


def write_previews(boards, out: Path, size, theme, settings):  # type: ignore[no-untyped-def]
    """Draw each board as the device would (touch mode, no status line) to ``out``."""
    import pygame

    from ..core.scan_cost import scan_costs
    from ..core.view import View
    from ..ui.heatmap import draw_scan_cost
    from ..ui.pictures import Pictures
    from ..ui.render import Renderer

    pygame.font.init()
    out.mkdir(parents=True, exist_ok=True)
    renderer = Renderer(theme=theme, pictures=Pictures(background=False))
    written = []
    for board_id, board in boards.boards.items():
        surface = pygame.Surface(size)
        layout = renderer.draw(surface, View(board))
        if settings is not None:
            draw_scan_cost(surface, layout, scan_costs(board, settings), renderer.font_path)
        path = out / f"{board_id}.png"
        pygame.image.save(surface, str(path))
        written.append(path)
    return written
