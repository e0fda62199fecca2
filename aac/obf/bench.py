"""The import figure for ``aac bench boards``: a generated 120-board package (target < 2 s).

The package is made by ``aac export`` from a set shaped like the loader bench's (links,
colours, cues, actions) with a picture on every board, so the figure covers unzipping,
normalising, writing YAML and pictures, and the loader's check of the result.
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
import zlib
from typing import Any

PACKAGE_BOARDS = 120
TARGET_MS = 2000


def import_figures(repeat: int, n_boards: int = PACKAGE_BOARDS) -> list[dict[str, Any]]:
    from ..bench.boards import write_set
    from ..bench.stats import figure
    from .importer import import_file
    from .writer import export_set

    with tempfile.TemporaryDirectory(prefix="aac-bench-obz-") as tmp:
        folder = os.path.join(tmp, "set")
        os.mkdir(folder)
        write_set(folder, n_boards)
        add_pictures(folder)
        package = os.path.join(tmp, "set.obz")
        export_set(folder, package)
        size = os.path.getsize(package)
        times = []
        for i in range(max(1, repeat)):
            start = time.perf_counter()
            report = import_file(package, os.path.join(tmp, f"out{i}"))
            times.append((time.perf_counter() - start) * 1000.0)
            assert report.boards == n_boards
    return [figure(f"obz_import_{n_boards}", "ms", times, boards=n_boards,
                   package_bytes=size, target_ms=TARGET_MS)]


def add_pictures(folder: str) -> None:
    """Give the first cell of every board its own small PNG (``symbol:``)."""
    os.makedirs(os.path.join(folder, "pictures"), exist_ok=True)
    for i, name in enumerate(sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))):
        with open(os.path.join(folder, "pictures", f"p{i}.png"), "wb") as f:
            f.write(png(48, 48, (i * 37 % 256, i * 91 % 256, 200)))
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        row = lines.index("rows:") + 1
        first = "  - [{label: word 0, "  # the bench set's first cell (aac.bench.boards)
        assert lines[row].startswith(first), lines[row]
        lines[row] = first + f"symbol: pictures/p{i}.png, " + lines[row][len(first):]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain one-colour PNG, made without pygame."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                            0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
