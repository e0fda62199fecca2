"""The carer's texts in the set's language: gettext with catalogues in ``aac/locale``.

``aac/locale/<tag>/LC_MESSAGES/aac.po`` are in the repository (a translator edits text, not
binaries). The ``.mo`` files gettext reads are compiled from them by ``compile_po`` - a small
port of CPython's Tools/i18n/msgfmt.py, so no build tool or extra dependency is needed - at
install (``python -m aac.i18n``) or on first use into the user's cache. The language follows
``aac.language``'s rule; ``set_language`` switches it when a set declares its own.
"""

from __future__ import annotations

import ast
import gettext
import os
import struct
from pathlib import Path
from typing import Optional

DOMAIN = "aac"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: Optional[gettext.NullTranslations] = None
_current_tag: Optional[str] = None


class PoError(ValueError):
    """A catalogue that cannot be compiled; the message names file and line."""


def parse_po(text: str, name: str = "aac.po") -> dict[str, str]:
    """msgid -> msgstr of a ``.po`` file (fuzzy and untranslated entries are left out)."""
    out: dict[str, str] = {}
    msgid: Optional[str] = None
    msgstr: Optional[str] = None
    section = ""
    fuzzy = False

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy
        if msgid is not None and msgstr is not None and (msgstr or msgid == "") and not fuzzy:
            out[msgid] = msgstr
        msgid, msgstr, fuzzy = None, None, False

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            fuzzy = True
            continue
        if not line or line.startswith("#"):
            continue
        try:
            if line.startswith("msgid "):
                if msgstr is not None:  # a new entry without a comment line before it
                    flush()
                msgid, section = ast.literal_eval(line[6:]), "id"
            elif line.startswith("msgstr "):
                msgstr, section = ast.literal_eval(line[7:]), "str"
            elif line.startswith('"'):
                if section == "id" and msgid is not None:
                    msgid += ast.literal_eval(line)
                elif section == "str" and msgstr is not None:
                    msgstr += ast.literal_eval(line)
                else:
                    raise ValueError("a string outside msgid/msgstr")
            else:
                raise ValueError(f"unexpected line {line[:40]!r}")
        except (ValueError, SyntaxError) as exc:
            raise PoError(f"{name}:{n}: {exc}") from None
    flush()
    return out


def compile_po(text: str, name: str = "aac.po") -> bytes:
    """The GNU ``.mo`` bytes of a ``.po`` text (what ``msgfmt`` writes)."""
    messages = parse_po(text, name)
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for k in keys:
        kb, vb = k.encode("utf-8"), messages[k].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    n = len(keys)
    keystart = 7 * 4 + 16 * n
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    return (header + struct.pack(f"{len(koffsets)}i", *koffsets)
            + struct.pack(f"{len(voffsets)}i", *voffsets) + ids + strs)


def catalogues() -> list[str]:
    """The tags that have a catalogue."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def mo_path(tag: str) -> Path:
    """Where the compiled catalogue is: next to the ``.po`` if compiled at install and fresh,
    else in the user's cache (compiled now if missing or older than the ``.po``)."""
    po = LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.po"
    beside = po.with_suffix(".mo")
    if beside.exists() and beside.stat().st_mtime >= po.stat().st_mtime:
        return beside
    from .paths import user_dir

    cache = user_dir("cache") / "locale"
    target = cache / tag / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not target.exists() or target.stat().st_mtime < po.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(compile_po(po.read_text(encoding="utf-8"), str(po)))
        os.replace(tmp, target)  # atomic: two starting processes never read half a file
    return target


def translations(tag: str) -> gettext.NullTranslations:
    """The catalogue of ``tag`` (nearest match), or the English texts as written."""
    from .language import best_match

    found = best_match(tag, catalogues())
    if found is None:
        return gettext.NullTranslations()
    try:
        with open(mo_path(found), "rb") as f:
            return gettext.GNUTranslations(f)
    except (OSError, PoError):
        return gettext.NullTranslations()  # a broken catalogue must not stop the device


def set_language(tag: Optional[str]) -> None:
    """Use ``tag``'s texts from now on (None: back to the environment's choice)."""
    global _current, _current_tag
    _current = translations(tag) if tag else None
    _current_tag = tag


def current_language() -> str:
    """The tag whose texts ``_`` returns."""
    if _current_tag:
        return _current_tag
    from .language import choose_language

    return choose_language(None, None, os.environ, ["en", *catalogues()])


def _(message: str) -> str:
    """``message`` in the carer's language (the English text when there is no translation)."""
    global _current
    if _current is None:
        _current = translations(current_language())
    return _current.gettext(message)


def compile_all() -> list[Path]:
    """Write every ``.mo`` next to its ``.po`` (at install time)."""
    written = []
    for tag in catalogues():
        po = LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po.read_text(encoding="utf-8"), str(po)))
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path)
