"""Changing a teacher's or carer's YAML file in place: the carer menu saving the child's
profile, ``aac record`` setting a cell's ``sound:``.

ruamel.yaml's round-trip mode keeps comments, key order, flow or block style and quoting of
everything not changed (PyYAML drops comments, so a teacher's notes would vanish on the first
save). Writes are atomic: a temporary file in the same folder, flushed to disk, then renamed
over the old one, whose previous contents are kept as ``FILE.bak``; a power cut mid-save leaves
either the old file or the new one, never half of each.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from typing import Any


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a teacher's long lines
    return y


def atomic_write(path: str, text: str, backup: bool = True) -> None:
    """Replace ``path`` with ``text`` atomically; the old file is kept as ``path.bak``."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".aac-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if backup and os.path.exists(path):
            shutil.copy2(path, path + ".bak")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _load(path: str) -> tuple[Any, Any]:
    """The data and a dumper set to the file's own indentation (guessed from the file)."""
    from ruamel.yaml.util import load_yaml_guess_indent

    with open(path, encoding="utf-8") as f:
        text = f.read()
    _data, indent, offset = load_yaml_guess_indent(text)
    y = _yaml()
    if indent is not None:
        y.indent(mapping=indent, sequence=indent, offset=offset or 0)
    return y.load(text), y


def _dump(data: Any, y: Any = None) -> str:
    buf = io.StringIO()
    (y or _yaml()).dump(data, buf)
    return buf.getvalue()


def set_profile_keys(path: str, updates: Mapping[str, Any], remove: Iterable[str] = ()) -> None:
    """Set top-level keys of a profile (created if missing) and drop the ``remove`` ones
    (e.g. a ``voice:`` that does not speak the newly chosen language), keeping the rest."""
    from ruamel.yaml.comments import CommentedMap

    data: Any = CommentedMap()
    y = None
    if os.path.exists(path):
        loaded, y = _load(path)
        if loaded is not None:
            data = loaded
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the profile is not a mapping of settings; not changed")
    for key, value in updates.items():
        data[key] = value
    for key in remove:
        data.pop(key, None)
    atomic_write(path, _dump(data, y))


def set_cell_sound(board_file: str, row: int, col: int, sound: str) -> None:
    """Set ``sound:`` of the cell at (row, col) (0-based) in a board file.

    Only that cell's text changes: ruamel.yaml finds the cell and where it is, and the edit is
    made in the text (a re-dump would reflow the ``  - - {...}`` rows boards are written in).
    """
    with open(board_file, encoding="utf-8") as f:
        text = f.read()
    data = _yaml().load(text)
    try:
        cell = data["rows"][row][col]
    except (KeyError, IndexError, TypeError):
        raise ValueError(f"{board_file}: no cell at row {row + 1}, column {col + 1}") from None
    lines = text.splitlines(keepends=True)
    value = _scalar(sound)
    if isinstance(cell, str) and cell.strip():  # the short form ``[hi, bye]``: a mapping now
        line, c = data["rows"][row].lc.item(col)
        end = _scalar_end(lines[line], c)
        if data["rows"][row].fa.flow_style() and lines[line][c] not in "'\"":
            # in ``[...]`` a plain scalar also ends at ]
            end = min(end, c + len(lines[line][c:end].split("]")[0].rstrip()))
        lines[line] = (lines[line][:c] + "{label: " + lines[line][c:end] + f", sound: {value}}}"
                       + lines[line][end:])
    elif not isinstance(cell, dict):
        raise ValueError(f"{board_file}: row {row + 1}, column {col + 1} is empty; "
                         "give the cell a label first")
    elif "sound" in cell:
        line, c = cell.lc.value("sound")
        end = _scalar_end(lines[line], c)
        lines[line] = lines[line][:c] + value + lines[line][end:]
    elif cell.fa.flow_style():
        line, c = _closing_brace(lines, cell.lc.line, cell.lc.col)
        lines[line] = lines[line][:c] + f", sound: {value}" + lines[line][c:]
    else:
        keys = list(cell)
        last_line = max(cell.lc.key(k)[0] for k in keys)
        if not isinstance(cell[keys[-1]], (str, int, float, bool)) or last_line + 1 > len(lines):
            raise ValueError(f"{board_file}: row {row + 1}, column {col + 1}: add "
                             f"sound: {value} by hand (the cell's last key is not one line)")
        indent = cell.lc.key(keys[0])[1]
        nl = "\r\n" if lines[last_line].endswith("\r\n") else "\n"
        if not lines[last_line].endswith("\n"):
            lines[last_line] += nl
        lines.insert(last_line + 1, " " * indent + f"sound: {value}" + nl)
    new = "".join(lines)
    check = _yaml().load(new)["rows"][row][col]
    if check.get("sound") != sound:  # never write a file the edit did not get right
        raise ValueError(f"{board_file}: could not set sound: for row {row + 1}, column "
                         f"{col + 1}; add sound: {value} by hand")
    atomic_write(board_file, new)


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when safe, else double-quoted."""
    import json
    import re

    return text if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*", text) else json.dumps(text)


def _scalar_end(line: str, start: int) -> int:
    """Where the scalar starting at ``start`` ends (a quoted one, or up to , } # or the end)."""
    if line[start:start + 1] in ("'", '"'):
        q = line[start]
        i = start + 1
        while i < len(line):
            if line[i] == "\\" and q == '"':
                i += 2
                continue
            if line[i] == q:
                if q == "'" and line[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return len(line.rstrip("\r\n"))
    end = start
    while end < len(line) and line[end] not in ",}#\r\n":
        end += 1
    while end > start and line[end - 1] == " ":
        end -= 1
    return end


def _closing_brace(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """The position of the ``}`` closing the flow mapping whose ``{`` is at (line, col)."""
    depth, quote = 0, ""
    r, c = line, col
    while r < len(lines):
        text = lines[r]
        while c < len(text):
            ch = text[c]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in ("'", '"'):
                quote = ch
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
                if depth == 0:
                    return r, c
            c += 1
        r, c = r + 1, 0
    raise ValueError("unbalanced flow mapping")
