"""Build a folder or file next to its target, then rename it into place, so a failure
(or a power cut) never leaves a half-written board set or package behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ObfError


def check_target_folder(out: str, replace: bool) -> None:
    """Refuse before any work when ``out`` holds something we would destroy."""
    if os.path.islink(out):
        raise ObfError(f"{out}: is a symbolic link; give a real folder")
    if os.path.exists(out):
        if not os.path.isdir(out):
            raise ObfError(f"{out}: exists and is not a folder")
        if os.listdir(out) and not replace:
            raise ObfError(f"{out}: folder exists and is not empty; give a new folder "
                           "(or --replace to replace it)")


@contextmanager
def building_folder(out: str, replace: bool) -> Iterator[str]:
    """Yield an empty temporary folder beside ``out``; on success it becomes ``out``
    (replacing it when allowed), on any failure it is removed."""
    check_target_folder(out, replace)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.", suffix=".importing", dir=parent)
    try:
        yield tmp
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a board set is ordinary files
        if os.path.isdir(out):
            old = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.", suffix=".old",
                                   dir=parent)
            os.rmdir(old)
            os.rename(out, old)
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def building_file(out: str) -> Iterator[str]:
    """Yield a temporary file name beside ``out``; renamed to ``out`` on success."""
    if os.path.isdir(out):
        raise ObfError(f"{out}: is a folder; give a file name")
    parent = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(parent):
        raise ObfError(f"{out}: folder {parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(out)}.", suffix=".part", dir=parent)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
