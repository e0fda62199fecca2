"""The process ``aac bench startup`` times: ``aac run``'s own start path (``aac.app``) with
an observer that writes the monotonic time of the first flipped frame showing the whole home
board, every picture drawn (``aac.ui.frame_marks``: a frame with a cell still waiting for
its picture does not count), to a file (CLOCK_MONOTONIC is system-wide, so the parent can
compare). Production ``aac run`` has no such hook.

``python -m aac.bench.first_frame MARKER SCREENSHOT EXIT_AFTER [BOARDS]``

With ``AAC_MODULES_FILE`` set, the names of the modules imported at that moment are written
there too (``tests/test_startup_imports.py`` checks what is kept off the path), and the run
ends there, as a closed window would, instead of at EXIT_AFTER (a slow CPU then gets all the
time it needs, a fast one none it does not).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional


def main(argv: Optional[list[str]] = None) -> int:
    marker, shot, exit_after, *rest = sys.argv[1:] if argv is None else argv
    from ..dataclass_code import install

    install("run")  # as ``aac run`` (aac.cli) does, before the start path's imports
    from ..start_gc import hold, release

    hold()  # as ``aac run`` (aac.commands.run) does
    try:
        return _start(marker, shot, exit_after, rest)
    finally:
        release()


def _start(marker: str, shot: str, exit_after: str, rest: list[str]) -> int:
    from ..app import start
    from ..run_config import build_run_config
    from ..ui import frame_marks

    config = build_run_config(boards=rest[0] if rest else None, window=(800, 480),
                              screenshot=shot, exit_after=float(exit_after))
    modules_file = os.environ.get("AAC_MODULES_FILE")

    def on_flip(flipped: float, pending: int) -> None:
        if pending:  # labels shown, a picture still coming: not yet what the child sees
            return
        frame_marks.watch(None)  # once
        if modules_file:
            Path(modules_file).write_text("\n".join(sorted(sys.modules)), encoding="utf-8")
        Path(marker).write_text(f"{flipped!r}\n", encoding="ascii")
        if modules_file:
            import pygame

            pygame.event.post(pygame.event.Event(pygame.QUIT))

    frame_marks.watch(on_flip)
    return start(config)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
