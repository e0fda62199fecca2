"""Read a YAML file into a node tree *without* letting PyYAML turn text into values.

A YAML 1.1 constructor turns ``yes`` into True, ``1:30`` into 90 and ``007`` into 7, which
would change what a child says. So we only *compose* (safe loading, nothing is constructed),
keep each scalar's text as typed, and turn every syntax error into a positioned, human
:class:`~aac.boards.problems.Problem` instead of an exception.
"""

from __future__ import annotations

import math
import re
from typing import Any, Optional, Union

import yaml

from .problems import Problem

#: Bigger files are refused before parsing: a board is a few KiB.
MAX_FILE_BYTES = 1024 * 1024

# libyaml composes ~15x faster than pure Python and bounds nesting itself (1000 levels).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Node = yaml.Node

_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
# Characters YAML forbids in a stream (YAML 1.2, 5.1), found before the parser sees them
# so the message can name the character and the place.
_NOT_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def is_plain(node: Node) -> bool:
    """True for an unquoted scalar (PyYAML says ``None``, libyaml says ``''``)."""
    return isinstance(node, yaml.ScalarNode) and not node.style


def is_null(node: Node) -> bool:
    """Only an unquoted ``null``/``~`` (or nothing at all) means "nothing"."""
    return is_plain(node) and node.value in _NULL_WORDS


def position(node: Node) -> tuple[int, int]:
    """1-based (line, column) of where ``node`` starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def kind(node: Node) -> str:
    """How a person would call what they wrote, for messages."""
    if isinstance(node, yaml.MappingNode):
        return "a map"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    return f'"{shorten(node.value)}"'


def shorten(text: str, limit: int = 40) -> str:
    """Text quoted in a message, cut so a hostile 1 MB value cannot flood the terminal."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def read_yaml(data: bytes, file: str) -> tuple[Optional[Node], list[Problem]]:
    """Compose ``data`` (a file's bytes) into one node tree, or explain why not.

    Never raises: every failure becomes an error :class:`Problem` with a 1-based position.
    """
    if len(data) > MAX_FILE_BYTES:
        return None, [_err(file, 1, 1, f"file is too big ({len(data)} bytes; at most "
                                       f"{MAX_FILE_BYTES}): a board file is a few KiB")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        return None, [_err(file, line, col, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                           "save the file as UTF-8")]
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, col = _char_position(text, bad.start())
        return None, [_err(file, line, col, f"character U+{ord(bad.group()):04X} is not "
                                           "allowed in a YAML file; delete it")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, file)]
    except yaml.YAMLError as exc:  # e.g. ReaderError: no mark, maybe a position
        line, col = _char_position(text, int(getattr(exc, "position", 0) or 0))
        return None, [_err(file, line, col, f"YAML error: {exc}")]
    except RecursionError:
        return None, [_err(file, 1, 1, "lists or maps are nested too deeply")]
    if node is None:
        return None, [_err(file, 1, 1, "file is empty: a board needs at least `rows:`")]
    aliases = _aliases(text, file) if "*" in text else []
    return (None, aliases) if aliases else (node, [])


def _aliases(text: str, file: str) -> list[Problem]:
    """Aliases (``*name``) are refused: they are how "billion laughs" files blow up, and a
    board never needs them. Composing shares the aliased node, so find them in the events."""
    found = []
    for ev in yaml.parse(text, Loader=_Loader):
        if isinstance(ev, yaml.AliasEvent):
            mark = ev.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            found.append(_err(file, line, col, f"aliases (*{ev.anchor}) are not allowed in "
                                               "board files; write the value out"))
    return found


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """Turn PyYAML/libyaml wording into what a teacher can act on."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    here = _char_at(text, mark)
    ctx_mark = exc.context_mark
    opened = f"{ctx_mark.line + 1}:{ctx_mark.column + 1}" if ctx_mark is not None else "?"
    if here == "\t" or "tab" in problem:
        return _err(file, line, col, "tab character used for indentation; use spaces")
    if "exceeded maximum nesting depth" in problem:
        return _err(file, line, col, "lists or maps are nested too deeply")
    if "quoted scalar" in context:
        return _err(file, line, col, f"a quote opened at {opened} is never closed")
    if here == ":" and ("flow" in context or "mapping values" in problem):
        return _err(file, line, col, 'a second ":" here; put text that contains ": " '
                                     'in quotes, e.g. "time: 1:30"')
    if "flow sequence" in context and ("','" in problem or "']'" in problem):
        return _err(file, line, col, f"a [ opened at {opened} is never closed with ]")
    if "flow mapping" in context and ("','" in problem or "'}'" in problem):
        return _err(file, line, col, f"a {{ opened at {opened} is never closed with }}")
    if "mapping values are not allowed" in problem:
        return _err(file, line, col, 'a second ":" on this line; put text that contains ": " '
                                     'in quotes, e.g. "time: 1:30"')
    if "single document" in context:
        return _err(file, line, col, "a board file holds one board: remove the second `---`")
    if "alias" in context or "alias" in problem:
        return _err(file, line, col, "aliases (*name) are not allowed in board files")
    detail = "; ".join(p for p in (context, problem) if p)
    return _err(file, line, col, f"YAML syntax error: {detail}")


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return str(lines[mark.line][mark.column])
    return ""


def _char_position(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, index) + 1
    col = len(data[line_start:index].decode("utf-8", "replace"))
    return data.count(b"\n", 0, index) + 1, col + 1


def _err(file: str, line: int, col: int, message: str) -> Problem:
    return Problem(file, max(1, line), max(1, col), "error", message)


# --- YAML 1.2 core schema typing -----------------------------------------------------------
# Editors (YAML language servers) type scalars by YAML 1.2: only true/false are booleans and
# `yes`, `on`, `1:30` stay text. We use the same rules for the few typed keys (columns, hidden,
# back_after_select) so the JSON Schema and the loader agree on what a value is.

_INT12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT12 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF12 = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN12 = re.compile(r"\.(nan|NaN|NAN)")
_TRUE12 = frozenset({"true", "True", "TRUE"})
_FALSE12 = frozenset({"false", "False", "FALSE"})

Scalar12 = Union[str, int, float, bool, None]


def scalar12(node: yaml.ScalarNode) -> Scalar12:
    """The value a YAML 1.2 (core schema) reader gives this scalar."""
    text = str(node.value)
    if node.style:
        return text
    if text in _NULL_WORDS:
        return None
    if text in _TRUE12:
        return True
    if text in _FALSE12:
        return False
    if _INT12.fullmatch(text):
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text)
    if _FLOAT12.fullmatch(text):
        return float(text)
    if _INF12.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN12.fullmatch(text):
        return math.nan
    return text


def to_data12(node: Node) -> Any:
    """The JSON-like data an editor sees (for checking files against the JSON Schema).

    Keys are kept as text; duplicate keys raise ``ValueError`` (YAML forbids them).
    """
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key, value in node.value:
            name = str(scalar12(key)) if isinstance(key, yaml.ScalarNode) else repr(key)
            if name in out:
                raise ValueError(f"duplicate key {name!r}")
            out[name] = to_data12(value)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [to_data12(item) for item in node.value]
    assert isinstance(node, yaml.ScalarNode)
    return scalar12(node)
