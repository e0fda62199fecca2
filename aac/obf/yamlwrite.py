"""Writing board YAML that reads back exactly (BOARD_FORMAT.md, "Labels stay text").

A teacher edits these files, so rows look like the hand-written ones (``- [I, want, more]``,
one cell map per line otherwise) and words are left unquoted when that is safe. A text is
written plain only when every YAML reader takes it back as that same text: not a YAML 1.1
value (``yes``, ``007``, ``1:30``, ``null``, ``~``), not a YAML 1.2 value, no characters that
mean something in flow style, no leading or trailing space. Anything else is double-quoted,
with escapes for line breaks, tabs and other characters YAML would fold or refuse; emoji and
every script stay readable. (libyaml's emitter escapes emoji; PyYAML's is ~5x slower.)
"""

from __future__ import annotations

import functools
import re
from typing import Any, Optional

import yaml

from ..boards.yamlnodes import scalar12

_RESOLVER: Any = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# A plain scalar may not start with an indicator, nor contain flow indicators, ":", "?"
# (pure-Python PyYAML ends a plain scalar there in flow style) or " #".
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW = re.compile(r"[,\[\]{}:?]| #")
_FOLDED = frozenset("\n\r\t\x85\u2028\u2029\ufeff")


@functools.lru_cache(maxsize=4096)  # keys and common words repeat on every board
def scalar(text: str) -> str:
    """``text`` as a YAML scalar (plain when safe, else double-quoted) in any context."""
    if _plain_ok(text):
        return text
    out = ['"']
    for c in text:
        if c == "\\" or c == '"':
            out.append("\\" + c)
        elif c.isprintable() and c not in _FOLDED:
            out.append(c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x100:
            out.append(f"\\x{ord(c):02X}")
        elif ord(c) < 0x10000:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(f"\\U{ord(c):08X}")
    out.append('"')
    return "".join(out)


def _plain_ok(text: str) -> bool:
    if not text or text[0] in _PLAIN_START or text != text.strip(" ") or _FLOW.search(text):
        return False
    if not text.isprintable() or any(c in _FOLDED for c in text):
        return False
    if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != _STR_TAG:
        return False
    return scalar12(yaml.ScalarNode(_STR_TAG, text)) == text


def dump_flow(value: Any) -> str:
    """One value on one line in flow style (a cell map, a row of words, a scalar)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return scalar(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {dump_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dump_flow(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to a board file")


def comment(text: str) -> str:
    """A ``# comment`` line that cannot end early: line breaks and other characters YAML
    might read as one become ``?``."""
    safe = "".join(c if c.isprintable() else "?" for c in text)
    return f"# {safe}".rstrip()


def board_yaml(fields: dict[str, Any], rows: list[list[Optional[Any]]],
               header: list[str]) -> str:
    """A board file: header comments, the board's keys, then ``rows:`` one row per entry."""
    lines = [comment(h) for h in header]
    for key, value in fields.items():
        lines.append(f"{key}: {dump_flow(value)}")
    lines.append("rows:")
    for row in rows:
        if not row:
            lines.append("  - []")
        elif all(c is None or isinstance(c, str) for c in row):
            lines.append(f"  - {dump_flow(row)}")
        else:
            lines.append(f"  - - {dump_flow(row[0])}")
            lines.extend(f"    - {dump_flow(c)}" for c in row[1:])
    return "\n".join(lines) + "\n"
