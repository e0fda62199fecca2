"""Where caches live on disk, and who hears when one cannot be written: one rule for every
cache (speech, pictures, symbols).

``$AAC_CACHE_DIR/KIND`` when set (tests and benchmarks point it at a temp folder), else
``$XDG_CACHE_HOME/aac/KIND``, else ``~/.cache/aac/KIND``. A cache is only ever a speed-up:
callers fall back to memory (or to no cache) when the folder cannot be made or written, and
the carer is told once per cache (``cache_notice``), and once more when writing works again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from .failure_notice import FailureNotice
from .paths import user_dir


def cache_base() -> Path:
    """``$XDG_CACHE_HOME/aac``, else ``~/.cache/aac`` (``$AAC_CACHE_DIR`` is handled by
    ``cache_dir``, because speech has always used that folder itself)."""
    return user_dir("cache")


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cache (see the module docstring)."""
    if os.environ.get("AAC_CACHE_DIR"):
        return Path(os.environ["AAC_CACHE_DIR"]) / kind
    return cache_base() / kind


def _stderr(text: str) -> None:
    print(f"aac: {text}", file=sys.stderr, flush=True)


_sink: list[Callable[[str], None]] = [_stderr]


def report_problems_to(tell: Callable[[str], None]) -> None:
    """Send every cache's notices to ``tell`` (``aac run``: stderr and the status line)."""
    _sink[0] = tell


def _tell(text: str) -> None:
    _sink[0](text)


def cache_notice() -> FailureNotice:
    """A latch for one cache, telling whoever ``report_problems_to`` named (stderr until)."""
    return FailureNotice(_tell)


_shared: dict[str, FailureNotice] = {}


def notice_for(kind: str) -> FailureNotice:
    """The one latch of a cache written from module functions (symbols, the board-set
    cache): every writer of that kind shares it, so a full disk is told once."""
    if kind not in _shared:
        _shared[kind] = cache_notice()
    return _shared[kind]


def cannot_write(folder: Path, exc: OSError) -> str:
    """The carer's notice when a cache folder cannot be made or written."""
    return (f"cannot write the cache {folder} ({exc.strerror or exc}); "
            "carrying on without it")


def writing_again(folder: Path) -> str:
    return f"writing the cache {folder} again"
