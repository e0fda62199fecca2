"""A checked board set kept on disk, so an unchanged set starts without reading any YAML.

Loading a set means YAML, every check, and resolving each picture (the loader, PyYAML, the
symbol libraries and the media checks: about 0.1 s of CPU here, several times that on a
Pi-class core, all before the first frame). A set that loaded without errors is kept in
``$XDG_CACHE_HOME/aac/boards`` (``aac.cache_dirs``) with the identity (path, size, mtime,
inode) of every file the result depends on: the board files, the set's own file, every
picture and sound it names (found or not), and this program's loader code and symbol data.
At the next start, if all of them are unchanged, the set comes from the cache; any change,
any damage to the cache file, or a set with an error means the full loader runs, so a
teacher's mistake always gets its positioned message. Only sets without errors are kept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any, Optional, Union

from .problems import LoadResult
from .set_files import set_files

#: bump when what is stored changes shape
FORMAT = 1

PathLike = Union[str, "os.PathLike[str]"]
#: (path, mtime_ns, size, inode); a missing file is (path, -1, -1, -1)
Stamp = tuple[str, int, int, int]

_AAC = Path(__file__).resolve().parent.parent
#: the code and data the loader's answer depends on (an upgrade or an edit re-loads)
_CODE_DIRS = (_AAC / "boards", _AAC / "symbols", _AAC / "symbols" / "data", _AAC / "core")


def cached_load(path: PathLike) -> LoadResult:
    """The set at ``path``: from the cache when nothing it depends on changed, else loaded
    (and kept when it has no errors). Never raises on a bad or unwritable cache."""
    hit = load_cached(path)
    return hit if hit is not None else load_and_keep(path)


def load_and_keep(path: PathLike) -> LoadResult:
    """Load with the full loader (positions for every problem) and keep a clean result."""
    from .loader import load_board_set

    stamps = _stamps(path, ())  # before loading: a save during the load is not missed
    result = load_board_set(path)
    if result.ok:
        store(path, result, stamps)
    return result


def load_cached(path: PathLike) -> Optional[LoadResult]:
    """The kept result for ``path`` if every file it depends on is unchanged, else None."""
    try:
        with open(cache_file(path), "rb") as f:
            fmt, key, stamps, result = pickle.load(f)
    except Exception:  # missing, damaged or from another version: load the set again
        return None
    if fmt != FORMAT or key != _key(path) or not isinstance(result, LoadResult):
        return None
    if stamps != _stamps(path, result.media_files):
        return None
    return result


def store(path: PathLike, result: LoadResult, stamps: tuple[Stamp, ...]) -> None:
    """Keep ``result`` (atomically; a full or read-only disk only means no cache: told once,
    and the next start reads the YAML)."""
    from ..cache_dirs import store_file

    data = (FORMAT, _key(path), stamps + _stamps_of(result.media_files), result)
    try:
        store_file("boards", cache_file(path),
                   lambda f: pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL), ".set-")
    except pickle.PicklingError:
        pass


def cache_file(path: PathLike) -> Path:
    """Where the set at ``path`` is kept: one file per set, named by its absolute path."""
    from ..cache_dirs import cache_dir

    name = hashlib.sha256(os.path.abspath(os.fspath(path)).encode()).hexdigest()[:32]
    return cache_dir("boards") / f"{name}.pickle"


def _key(path: PathLike) -> tuple[Any, ...]:
    """What else the result depends on: the set's path, Python, the carer's language (the
    problems' words) and the loader's code and data."""
    from ..i18n import current_language

    return (os.path.abspath(os.fspath(path)), sys.version_info[:2], current_language(),
            _stamps_of(_code_files()))


def _stamps(path: PathLike, media: tuple[str, ...]) -> tuple[Stamp, ...]:
    return _stamps_of(set_files(path)) + _stamps_of(media)


def _stamps_of(paths: Any) -> tuple[Stamp, ...]:
    return tuple(_stamp(p) for p in paths)


def _stamp(path: str) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return (path, -1, -1, -1)
    return (path, st.st_mtime_ns, st.st_size, st.st_ino)


def _code_files() -> list[str]:
    out: list[str] = []
    for folder in _CODE_DIRS:
        try:
            out.extend(sorted(e.path for e in os.scandir(folder) if e.is_file()
                              and not e.name.endswith(".pyc")))
        except OSError:
            continue
    return out
