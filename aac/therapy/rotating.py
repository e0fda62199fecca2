"""A log file that rotates by size, so a device logging every day never fills its card.

Whole lines only: a line is never split across files, and a rotation is a rename (atomic),
so a power cut leaves at most a torn last line, which :mod:`aac.therapy.logread` ignores.
``usage.jsonl`` grows to ``max_bytes``, then becomes ``usage.jsonl.1`` (older ones shift up
to ``.keep``; the oldest is deleted). The reader reads them back oldest first.

Wiring (for the runtime's ``aac.usage_log.UsageLog``): open ``RotatingFile(path)`` instead
of ``open(path, "a")``; its ``write``/``flush``/``close`` are the file's.
"""

from __future__ import annotations

import os
from typing import Optional, TextIO

DEFAULT_MAX_BYTES = 1024 * 1024  # ~ a week of heavy switch use per file
DEFAULT_KEEP = 20


class RotatingFile:
    """Append-only text file rotated when the next line would pass ``max_bytes``."""

    def __init__(self, path: str, max_bytes: int = DEFAULT_MAX_BYTES,
                 keep: int = DEFAULT_KEEP) -> None:
        if max_bytes <= 0 or keep < 1:
            raise ValueError("max_bytes must be > 0 and keep >= 1")
        self.path = path
        self.max_bytes = max_bytes
        self.keep = keep
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        self._file: Optional[TextIO] = None
        self._size = 0
        self._open()

    def _open(self) -> None:
        self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._size = self._file.tell()

    def write(self, text: str) -> int:
        """Append ``text`` (whole lines), rotating first if it would not fit."""
        data = text.encode("utf-8")
        if self._size and self._size + len(data) > self.max_bytes:
            self.rotate()
        assert self._file is not None
        self._file.write(text)
        self._size += len(data)
        return len(text)

    def rotate(self) -> None:
        """``path`` -> ``path.1``, ``.1`` -> ``.2`` … dropping what passes ``keep``."""
        if self._file is not None:
            self._file.close()
        oldest = f"{self.path}.{self.keep}"
        if os.path.exists(oldest):
            os.remove(oldest)
        for n in range(self.keep - 1, 0, -1):
            if os.path.exists(f"{self.path}.{n}"):
                os.replace(f"{self.path}.{n}", f"{self.path}.{n + 1}")
        if os.path.exists(self.path):
            os.replace(self.path, f"{self.path}.1")
        self._open()

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
