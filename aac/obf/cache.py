"""``aac run FILE.obz``: run a package directly, imported once into the cache folder.

The import is keyed by the package's content, so running the same file again starts at
once, and a changed file (same name) is imported afresh and its old copy removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path
from typing import Union

from .errors import ObfError

OBF_SUFFIXES = (".obf", ".obz")
#: bumped when the importer writes boards differently, so old cached imports are redone
IMPORT_VERSION = "1"


def cache_root() -> Path:
    """Packages run with ``aac run FILE.obz``: the ``obz`` cache (``aac.cache_dirs``)."""
    from ..cache_dirs import cache_dir

    return cache_dir("obz")


def is_obf(path: Union[str, os.PathLike[str]]) -> bool:
    return os.fspath(path).lower().endswith(OBF_SUFFIXES)


def ensure_imported(path: Union[str, os.PathLike[str]]) -> Path:
    """The board folder for an ``.obf``/``.obz`` (imported into the cache when needed);
    raises :class:`ObfError` when it cannot be imported (nothing is left in the cache)."""
    from .importer import import_file

    source = os.fspath(path)
    digest = hashlib.sha256(IMPORT_VERSION.encode())
    try:
        with open(source, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ObfError(f"{source}: cannot read: {exc.strerror or exc}") from None
    stem = Path(source).stem[:60] or "package"
    folder = cache_root() / f"{stem}-{digest.hexdigest()[:16]}"
    if folder.is_dir():  # complete: imports are renamed into place only when done
        return folder
    report = import_file(source, str(folder), replace=True)
    for old in folder.parent.glob(f"{stem}-*"):
        if old != folder and old.is_dir() and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    for line in report.warnings[:10]:
        print(f"{source}: {line}", file=sys.stderr)
    if len(report.warnings) > 10:
        print(f"{source}: ... {len(report.warnings) - 10} more warnings (`aac import` lists "
              "them)", file=sys.stderr)
    return folder


def for_run(path: Path) -> Path:
    """What ``aac run BOARDS`` loads: ``path`` itself, or for an ``.obf``/``.obz`` file the
    imported copy; a package that cannot be imported is a ``RunConfigError`` (exit 1)."""
    if not is_obf(path) or not path.is_file():
        return path
    from ..run_config import RunConfigError

    try:
        return ensure_imported(path)
    except ObfError as exc:
        raise RunConfigError(f"aac run: {exc}", 1) from None
