"""The compiled methods of ``@dataclass`` classes, kept on disk between starts.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and
(frozen) ``__setattr__``/``__delattr__`` as source text and compiles that text every time
the class is created. Python keeps the bytecode of modules (``__pycache__``), not of this
text: the ~60 classes made before ``aac run``'s first frame cost ~45 ms of CPU here, three
quarters of it compiling the same text as at the last start (~0.15 s at a quarter of a Pi
core). :func:`install` makes the ``dataclasses`` module compile through a cache keyed by the
exact text (same text, same code: the class's namespace is still given at run time), loaded
from ``$XDG_CACHE_HOME/aac/code`` and written back by :func:`save` when something new was
compiled. One file per command (``aac run`` and ``aac lint`` make different classes), holding
what that command's last run used, so reading it stays cheap (~1-2 ms, 300-odd texts). A
missing, damaged or foreign file only means compiling as before.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import sys
import threading
from pathlib import Path
from types import CodeType
from typing import Any, Optional

#: the file's shape; the Python version is in its name (code objects are version-specific)
FORMAT = 1
_codes: dict[str, CodeType] = {}
_used: set[str] = set()
_state: dict[str, Any] = {"new": False, "installed": False, "tag": "aac"}
_lock = threading.Lock()


def cache_path() -> Path:
    """One file per command and Python version (``aac.cache_dirs``: ``$AAC_CACHE_DIR`` wins)."""
    from .cache_dirs import cache_dir

    version = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"
    return cache_dir("code") / f"dataclasses-{_state['tag']}-{version}"


def install(command: str = "aac") -> None:
    """Compile ``@dataclass`` methods through the cache of ``command`` (a file name part)
    from now on (idempotent). Call it before the modules that define dataclasses are
    imported."""
    if _state["installed"]:
        return
    _state["installed"] = True
    _state["tag"] = "".join(c for c in command if c.isalnum() or c in "-_") or "aac"
    import atexit

    atexit.register(save)  # what a command compiled is there for its next start
    # ``dataclasses`` calls ``exec(text, globals, ns)``: a module global shadows the builtin
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    _codes.update(_read(cache_path()))


def uninstall() -> None:
    """Back to plain compiling (tests)."""
    if _state["installed"]:
        del dataclasses.exec  # type: ignore[attr-defined]
        _state["installed"] = False


def compiled_here() -> bool:
    """Whether any text was compiled (not found in the cache) since :func:`install`."""
    return bool(_state["new"])


def _exec(source: Any, globals: Optional[dict[str, Any]] = None,
          locals: Optional[dict[str, Any]] = None, **more: Any) -> None:
    if not isinstance(source, str) or more:  # not the text-only call this cache knows
        builtins.exec(source, globals, locals, **more)
        return
    code = _codes.get(source)
    if code is None:  # as ``exec(text)`` in dataclasses.py compiles it (no __future__ flags)
        code = compile(source, "<string>", "exec", dont_inherit=True)
        with _lock:
            _codes[source] = code
            _state["new"] = True
    _used.add(source)
    builtins.exec(code, vars(dataclasses) if globals is None else globals, locals)


def save() -> None:
    """Write the cache if something was compiled since it was read (atomically; a full or
    read-only disk is told once, as for every cache, and changes nothing else)."""
    with _lock:
        if not _state["new"]:
            return
        _state["new"] = False
        # what this run needed (the next one will too)
        keep = {t: _codes[t] for t in list(_used) if t in _codes}
    target = cache_path()
    try:
        data = marshal.dumps((FORMAT, sys.hexversion, keep))
    except ValueError:  # a constant marshal cannot write: keep compiling that text
        return
    from .cache_dirs import store_file

    store_file("code", target, lambda f: f.write(data), ".code-")


def _read(path: Path) -> dict[str, CodeType]:
    try:
        with open(path, "rb") as f:  # one read: marshal.load(f) reads object by object
            fmt, version, codes = marshal.loads(f.read())
    except Exception:  # missing, damaged or foreign: compile as before
        return {}
    if fmt != FORMAT or version != sys.hexversion or not isinstance(codes, dict):
        return {}
    return {t: c for t, c in codes.items() if isinstance(t, str) and isinstance(c, CodeType)}
