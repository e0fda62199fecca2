"""Reading a package safely: which entries exist, their bytes, bounded JSON.

Nothing here writes files: entries are only ever read by name into memory, within
:class:`~aac.obf.limits.Limits`, and the importer writes them under names it makes itself.
Entries that could only be there to escape the output folder (absolute names, ``..``,
symbolic links) make the whole package refused: a real app never writes them.
"""

from __future__ import annotations

import io
import itertools
import json
import posixpath
import re
import stat
import zipfile
import zlib
from typing import Any

from .errors import ObfError, Warn
from .limits import Limits

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
#: Entries a Mac or Windows zipper adds; skipped (with one warning).
_JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error,
               NotImplementedError, RuntimeError, ValueError, KeyError)


def clean_path(name: str) -> str:
    """A member or manifest path as the package's own index spells it: ``/`` separators,
    no ``./``. Paths that leave the package are refused by :func:`check_member_name`."""
    name = name.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return posixpath.normpath(name) if name else name


def check_member_name(name: str, shown: str) -> None:
    """Refuse names that would point outside the folder they were unpacked into."""
    raw = name.replace("\\", "/")
    if raw.startswith("/") or _DRIVE.match(raw):
        raise ObfError(f"{shown}: refused: entry {raw!r} has an absolute path (a package "
                       "never needs one; it could overwrite files outside the output folder)")
    if ".." in raw.split("/"):
        raise ObfError(f"{shown}: refused: entry {raw!r} contains '..' (it could write "
                       "outside the output folder)")
    if "\x00" in raw:
        raise ObfError(f"{shown}: refused: entry {raw!r} contains a NUL character")


class Package:
    """The entries of an ``.obz`` (zip), read only by name and only within the limits."""

    def __init__(self, data: bytes, shown: str, limits: Limits) -> None:
        self.shown = shown
        self.limits = limits
        self.warnings: list[Warn] = []
        self._read_total = 0
        self._counted: set[str] = set()  # entries read before (boards are read twice)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS as exc:
            raise ObfError(f"{shown}: not a readable zip package ({exc})") from None
        if len(infos) > limits.max_members:
            raise ObfError(f"{shown}: refused: {len(infos)} entries; at most "
                           f"{limits.max_members} (a real package has a few hundred)")
        self.entries: dict[str, zipfile.ZipInfo] = {}
        junk = 0
        total = 0
        for info in infos:
            check_member_name(info.filename, shown)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ObfError(f"{shown}: refused: entry {info.filename!r} is a symbolic link "
                               "(it could point outside the output folder)")
            if info.is_dir():
                continue
            if _JUNK.search(info.filename):
                junk += 1
                continue
            total += info.file_size
            if total > limits.max_total_bytes:
                raise ObfError(f"{shown}: refused: unpacks to more than "
                               f"{_size(limits.max_total_bytes)} (a real package is a few MB)")
            if info.file_size > limits.ratio_floor and \
                    info.file_size > limits.max_ratio * max(1, info.compress_size):
                ratio = info.file_size // max(1, info.compress_size)
                raise ObfError(f"{shown}: refused: entry {info.filename!r} expands {ratio}:1 "
                               f"(at most {limits.max_ratio}:1); this looks like a zip bomb")
            self.entries.setdefault(clean_path(info.filename), info)
        if junk:
            self.warnings.append(Warn(shown, f"skipped {junk} macOS/Windows metadata "
                                             "entries (__MACOSX/, .DS_Store, ...)"))

    def has(self, path: str) -> bool:
        return clean_path(path) in self.entries

    def read(self, path: str, max_bytes: int) -> bytes:
        """The bytes of one entry; the declared size is not trusted (read is bounded)."""
        info = self.entries.get(clean_path(path))
        if info is None:
            raise ObfError(f"{self.shown}: no entry {path!r} in the package")
        if info.file_size > max_bytes:
            raise ObfError(f"{self.shown}/{info.filename}: refused: it is "
                           f"{_size(info.file_size)}; at most {_size(max_bytes)}")
        first = info.filename not in self._counted
        left = self.limits.max_total_bytes - self._read_total if first else info.file_size
        budget = min(max_bytes, left)
        try:
            with self._zip.open(info) as f:
                data = f.read(budget + 1)
        except _ZIP_ERRORS as exc:
            raise ObfError(f"{self.shown}/{info.filename}: cannot be read ({exc})") from None
        if len(data) > budget:
            raise ObfError(f"{self.shown}/{info.filename}: refused: unpacks to more than "
                           f"{_size(budget)} (more than the zip declares)")
        if first:
            self._read_total += len(data)
            self._counted.add(info.filename)
        return data


def parse_json(data: bytes, shown: str, limits: Limits) -> Any:
    """JSON from bytes, bounded in size and nesting; a BOM is allowed; never raises
    anything but :class:`ObfError` (with line and column for syntax errors)."""
    if len(data) > limits.max_json_bytes:
        raise ObfError(f"{shown}: refused: {_size(len(data))} of JSON; at most "
                       f"{_size(limits.max_json_bytes)}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ObfError(f"{shown}: not UTF-8 text (byte {exc.start}); OBF files are UTF-8 "
                       "JSON") from None
    try:
        data = json.loads(text)  # the C parser guards its own recursion (RecursionError)
        depth = value_depth(data)
    except json.JSONDecodeError as exc:
        raise ObfError(f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        depth = json_depth(text)
    except ValueError as exc:  # e.g. integers with thousands of digits
        raise ObfError(f"{shown}: not usable JSON ({exc})") from None
    if depth > limits.max_json_depth:
        raise ObfError(f"{shown}: refused: JSON nested {depth} levels deep; at most "
                       f"{limits.max_json_depth} (a board needs 5)")
    return data


def value_depth(data: Any) -> int:
    """How deeply parsed lists and objects nest (iteratively: no recursion limit)."""
    deepest = 0
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth + 1)
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return deepest


def json_depth(text: str) -> int:
    """How deeply lists and objects nest, found without parsing (for the message when the
    parser gave up). Brackets inside strings are skipped."""
    bare = _STRING.sub("", text) if '"' in text else text
    steps = (1 if b in "[{" else -1 for b in _BRACKETS.findall(bare))
    return max(itertools.accumulate(steps, initial=0))


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"
