"""``aac symbols search WORDS...`` finds pictures for a cell; ``aac symbols show REF`` draws one.

Search prints, best first, what to write after ``symbol:``; ``--json`` adds a real picture
file for each (a Mulberry symbol is copied out of its archive to the cache folder).
``show`` renders through pygame without a screen, at the size a cell would draw it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

HELP = "search the symbol libraries, or render one symbol to a PNG"
MAX_SIZE = 2048  # a cell is at most a few hundred pixels; this only stops typos like 20000


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="symbols_command", metavar="{search,show}")
    s = sub.add_parser("search", help="ranked symbols for some words (name, tags, category)")
    s.add_argument("words", nargs="+", metavar="WORD")
    s.add_argument("--library", choices=("mulberry", "openmoji"),
                   help="search only this library")
    s.add_argument("--limit", type=_positive_int, default=10, help="at most N results (10)")
    s.add_argument("--json", action="store_true",
                   help='print a list of {"library", "name", "ref", "file", "tags"}')
    w = sub.add_parser("show", help="render one symbol to a PNG file")
    w.add_argument("ref", metavar="REF", help="mulberry:NAME, openmoji:HEXCODE or a file")
    w.add_argument("--out", required=True, metavar="FILE.png")
    w.add_argument("--size", type=_positive_int, default=256, help="width and height (256)")
    p.set_defaults(_parser=p)


def main(args: argparse.Namespace) -> int:
    _safe_output()
    if args.symbols_command == "search":
        return _search(args)
    if args.symbols_command == "show":
        return _show(args)
    args._parser.print_help()
    return 2


def _search(args: argparse.Namespace) -> int:
    from aac.symbols import libraries, search

    found = search(" ".join(args.words), library=args.library, limit=args.limit)
    if args.json:
        libs = libraries()
        rows: list[dict[str, Any]] = [
            {"library": e.library, "name": e.name, "ref": e.ref,
             "file": libs[e.library].file(e.name), "tags": list(e.tags)} for e in found]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0 if found else 1
    if not found:
        print(f"no symbol matches {' '.join(args.words)!r}", file=sys.stderr)
        return 1
    width = max(len(e.ref) for e in found)
    for e in found:
        extra = f"  ({e.category}; {', '.join(e.tags)})" if e.tags else f"  ({e.category})"
        print(f"{e.ref:<{width}}  {e.title}{extra}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from aac.symbols import resolve

    if args.size > MAX_SIZE:
        print(f"aac symbols show: --size {args.size} is too big (at most {MAX_SIZE})",
              file=sys.stderr)
        return 2
    found = resolve(args.ref, os.getcwd())
    if found.file is None:
        print(f"aac symbols show: {found.problem}", file=sys.stderr)
        return 1
    try:
        render_png(found.file, args.out, args.size)
    except (OSError, ValueError) as exc:
        print(f"aac symbols show: cannot render {found.file}: {exc}", file=sys.stderr)
        return 1
    print(args.out)
    return 0


def render_png(file: str, out: str, size: int) -> None:
    """Draw ``file`` centred on a white ``size`` x ``size`` square and save it as PNG.

    Through :func:`aac.boards.raster.rasterise`, as the board screen draws it (an SVG is
    rasterised at this size, not the size it declares)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from aac.boards.media import unusable
    from aac.boards.raster import RasterError, rasterise

    why = unusable(file, is_image=True)
    if why is not None:
        raise ValueError(why)
    with open(file, "rb") as f:
        data = f.read()
    try:
        picture = rasterise(data, (size, size))
    except RasterError as exc:
        raise ValueError(str(exc)) from None
    canvas = pygame.Surface((size, size))
    canvas.fill((255, 255, 255))
    canvas.blit(picture, ((size - picture.get_width()) // 2, (size - picture.get_height()) // 2))
    pygame.image.save(canvas, out)


def _safe_output() -> None:
    """A terminal in a non-UTF-8 locale shows an emoji's name with escapes rather than crash."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value
