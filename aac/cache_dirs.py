"""Where caches live on disk, and who hears when one cannot be written: one rule for every
cache (speech, pictures, symbols).

``$AAC_CACHE_DIR/KIND`` when set (tests and benchmarks point it at a temp folder), else
``$XDG_CACHE_HOME/aac/KIND``, else ``~/.cache/aac/KIND``. A cache is only ever a speed-up:
callers fall back to memory (or to no cache) when the folder cannot be made or written, and
the carer is told once per cache (``cache_notice``), and once more when writing works again.
A notice told before ``aac run`` names the carer's line (e.g. the board-set cache, opened
before the runtime exists) is kept and replayed to it, not left on stderr alone.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO, Callable, Optional

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


#: notices told before anyone but stderr listened (the board-set cache is opened before the
#: runtime exists); ``report_problems_to`` replays them, so they reach the carer's line too
_early: list[str] = []
MAX_EARLY = 20  # a latch tells each cache once per failure: a handful at most


def _stderr(text: str) -> None:
    print(f"aac: {text}", file=sys.stderr, flush=True)
    if len(_early) < MAX_EARLY:
        _early.append(text)


_sink: list[Callable[[str], None]] = [_stderr]


def report_problems_to(tell: Callable[[str], None],
                       replay: Optional[Callable[[str], None]] = None) -> None:
    """Send every cache's notices to ``tell`` (``aac run``: stderr and the status line).
    The notices told before (on stderr only) go once to ``replay`` (``aac run``: the carer's
    line alone, as stderr has them), and are forgotten either way."""
    _sink[0] = tell
    early = _early[:]
    del _early[:]
    if replay is not None:
        for text in early:
            replay(text)


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


def store_file(kind: str, target: Path, write: Callable[[BinaryIO], None],
               prefix: str = ".tmp-") -> bool:
    """Write one cache file atomically (temp file + rename: a reader never sees half of it);
    a full or read-only disk is told once through ``kind``'s latch and only means no cache.
    Other exceptions of ``write`` (e.g. pickling) leave nothing behind and are raised."""
    import tempfile  # only when storing: not on the path of a cached start

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        notice_for(kind).failed(cannot_write(target.parent, exc))
        return False
    notice_for(kind).worked(writing_again(target.parent))
    return True
