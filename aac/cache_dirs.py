"""Where caches live on disk: one rule for every cache (speech, pictures, symbols).

``$AAC_CACHE_DIR/KIND`` when set (tests and benchmarks point it at a temp folder), else
``$XDG_CACHE_HOME/aac/KIND``, else ``~/.cache/aac/KIND``. A cache is only ever a speed-up:
callers fall back to memory when the folder cannot be made.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_base() -> Path:
    """``$XDG_CACHE_HOME/aac``, else ``~/.cache/aac`` (``$AAC_CACHE_DIR`` is handled by
    ``cache_dir``, because speech has always used that folder itself)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aac"


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cache (see the module docstring)."""
    if os.environ.get("AAC_CACHE_DIR"):
        return Path(os.environ["AAC_CACHE_DIR"]) / kind
    return cache_base() / kind
