"""The process ``aac bench startup`` times: ``aac run``'s own start path (``aac.app``) with
an observer that writes the monotonic time of the first flipped frame to a file
(CLOCK_MONOTONIC is system-wide, so the parent can compare). Production ``aac run`` has no
such hook.

``python -m aac.bench.first_frame MARKER SCREENSHOT EXIT_AFTER [BOARDS]``
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional


def main(argv: Optional[list[str]] = None) -> int:
    marker, shot, exit_after, *rest = sys.argv[1:] if argv is None else argv
    from ..app import start
    from ..run_config import build_run_config

    config = build_run_config(boards=rest[0] if rest else None, window=(800, 480),
                              screenshot=shot, exit_after=float(exit_after))

    def write_marker(flipped: float) -> None:
        Path(marker).write_text(f"{flipped!r}\n", encoding="ascii")

    return start(config, on_first_frame=write_marker)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
