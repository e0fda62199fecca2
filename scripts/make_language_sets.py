#!/usr/bin/env python3
"""Generate boards/<tag>/ for every language from the English boards and a translation table.

One layout, many languages: every generated cell keeps the English cell's position, colour,
symbol, link and action; only label, say and cue change (the motor plan is the same by
construction). Keyboards are not translated but built from the language's alphabet.

    python scripts/make_language_sets.py            # write every set
    python scripts/make_language_sets.py --check    # exit 1 if a committed set is stale

Tables: boards/translations/<tag>.yaml (see boards/translations/README.md).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path
from typing import Any, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOARDS = ROOT / "boards"
TABLES = BOARDS / "translations"
ME = "scripts/make_language_sets.py"
KEYBOARD = "keyboard.yaml"
KEYBOARD_COLUMNS = 8
#: The keyboard's control keys, in the last row's last cells in every language.
CONTROLS = (
    ("Space", "space"), ("⌫ Delete", "backspace"), ("Clear", "clear"),
    ("Speak", "speak"), ("Back", "back"), ("Home", "home"),
)
CONTROL_CUES = {"space": "space", "backspace": "delete", "clear": "clear the message",
                "speak": "speak the message", "back": "go back", "home": "core words"}
CELL_ORDER = ("label", "say", "symbol", "color", "link", "back_after_select", "action",
              "letter", "sound", "cue", "hidden")
_SR_LATIN = dict(zip(
    "абвгдђежзијклљмнњопрстћуфхцчџш",
    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj",
     "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"]))


class TableError(Exception):
    """A translation table that cannot be used; the message names the file and the words."""


def english_dir() -> Path:
    """``boards/en/`` once the English set has moved there, else ``boards/``."""
    en = BOARDS / "en"
    return en if en.is_dir() else BOARDS


def read_yaml(path: Path) -> Any:
    """Everything as text (BaseLoader): `no`, `on` and `OK` stay words, never booleans."""
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


def sr_to_latin(text: str) -> str:
    """Serbian Cyrillic to Latin, letter by letter (the two scripts map one to one)."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _SR_LATIN:
            lat = _SR_LATIN[low]
            out.append(lat if ch == low else lat[0].upper() + lat[1:])
        else:
            out.append(ch)
    return "".join(out)


def load_table(tag: str) -> dict[str, Any]:
    """A table with every text resolved: ``transliterate: sr`` tables start from that one."""
    table = read_yaml(TABLES / f"{tag}.yaml")
    base = table.get("transliterate")
    if base:
        src = load_table(base)
        conv = sr_to_latin
        merged: dict[str, Any] = {
            "words": {k: conv(v) for k, v in src["words"].items()},
            "boards": {k: conv(v) for k, v in src["boards"].items()},
            "cues": {k: conv(v) for k, v in src["cues"].items()},
        }
        for part in ("words", "boards", "cues"):
            merged[part].update(table.get(part) or {})
        merged.update({k: v for k, v in table.items() if k not in ("words", "boards", "cues")})
        table = merged
    table.setdefault("language", tag)
    return table


def tags() -> list[str]:
    return sorted(p.stem for p in TABLES.glob("*.yaml"))


def alphabet(table: dict[str, Any]) -> list[str]:
    return str(table["alphabet"]).split()


def _word(table: dict[str, Any], board: str, english: str,
          missing: set[str]) -> tuple[str, Optional[str]]:
    """(label, say) for an English label: ``board/label`` first, then ``label``."""
    words = table["words"]
    entry = words.get(f"{board}/{english}", words.get(english))
    if entry is None:
        missing.add(english)
        return english, None
    label, _, say = entry.partition(" | ")
    return label.strip(), (say.strip() or None)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON escaping is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _cell(cell: dict[str, str]) -> str:
    parts = []
    for key in CELL_ORDER:
        if key in cell:
            value = cell[key]
            plain = key in ("color", "link", "action", "back_after_select", "hidden")
            parts.append(f"{key}: {value if plain else _q(value)}")
    return "{" + ", ".join(parts) + "}"


def _rows(rows: list[list[Optional[dict[str, str]]]]) -> list[str]:
    out = ["rows:"]
    for row in rows:
        for i, cell in enumerate(row):
            lead = "  - - " if i == 0 else "    - "
            out.append(lead + ("null" if cell is None else _cell(cell)))
    return out


def _header(source: str, tag: str) -> list[str]:
    return [f"# generated from {source} by {ME}; edit boards/translations/{tag}.yaml",
            "# and run the script again (the layout is the English one, cell for cell)."]


def translate_board(src: Path, tag: str, table: dict[str, Any], out_dir: Path,
                    missing: set[str]) -> str:
    data = read_yaml(src)
    bid = src.stem
    lines = _header(os.path.relpath(src, ROOT), tag)
    name = data.get("name", bid)
    lines.append(f"name: {_q(table['boards'].get(name) or _miss(missing, name))}")
    lines.append(f"locale: {tag}")
    for key in ("columns", "back_after_select"):
        if key in data:
            lines.append(f"{key}: {data[key]}")
    if "scan" in data:
        lines.append("scan: {" + ", ".join(f"{k}: {v}" for k, v in data["scan"].items()) + "}")
    rows: list[list[Optional[dict[str, str]]]] = []
    for row in data["rows"]:
        new_row: list[Optional[dict[str, str]]] = []
        for cell in row:
            if cell in (None, "", "null", "~"):
                new_row.append(None)
                continue
            if isinstance(cell, str):
                cell = {"label": cell}
            new = dict(cell)
            label, say = _word(table, bid, cell["label"], missing)
            new["label"] = label
            new.pop("say", None)
            if say:
                new["say"] = say
            if "cue" in cell:
                new["cue"] = table["cues"].get(cell["cue"]) or _miss(missing, cell["cue"])
            for key in ("symbol", "sound"):  # paths are relative to the board file
                if key in cell and _is_relative_path(cell[key]):
                    target = os.path.normpath(src.parent / cell[key])
                    new[key] = os.path.relpath(target, out_dir)
            new_row.append(new)
        rows.append(new_row)
    return "\n".join(lines + _rows(rows)) + "\n"


def _is_relative_path(value: str) -> bool:
    """A file path to re-anchor; a library reference (``mulberry:eat_,_to``) stays as is."""
    return not os.path.isabs(value) and not re.match(r"[A-Za-z][\w-]*:", value)


def _control_symbols() -> dict[str, str]:
    """The English keyboard's pictures by action, so control keys look the same everywhere."""
    data = read_yaml(english_dir() / KEYBOARD)
    out = {}
    for row in data["rows"]:
        for cell in row:
            if isinstance(cell, dict) and cell.get("action") and cell.get("symbol"):
                if _is_relative_path(cell["symbol"]):
                    continue  # a file next to the English board: not shared by path
                out[cell["action"]] = cell["symbol"]
    return out


def _miss(missing: set[str], english: str) -> str:
    missing.add(english)
    return english


def keyboard(tag: str, table: dict[str, Any], rows_needed: int, missing: set[str]) -> str:
    """Every letter in alphabet order, then the control keys in the last row's last cells."""
    letters = alphabet(table)
    cells: list[Optional[dict[str, str]]] = [{"label": a, "letter": a} for a in letters]
    total = rows_needed * KEYBOARD_COLUMNS
    cells += [None] * (total - len(CONTROLS) - len(cells))
    symbols = _control_symbols()
    for english, action in CONTROLS:
        label, _ = _word(table, "keyboard", english, missing)
        cue = table["cues"].get(CONTROL_CUES[action]) or _miss(missing, CONTROL_CUES[action])
        cell = {"label": label, "action": action, "cue": cue}
        if action in symbols:
            cell["symbol"] = symbols[action]
        cells.append(cell)
    rows = [cells[i:i + KEYBOARD_COLUMNS] for i in range(0, total, KEYBOARD_COLUMNS)]
    lines = [f"# generated from the {table.get('name', tag)} alphabet by {ME};",
             f"# edit `alphabet:` in boards/translations/{tag}.yaml and run the script again.",
             "# Letters in alphabet order (digraph letters are single keys); the control keys",
             "# sit in the same cells in every language.",
             f"name: {_q(table['boards'].get('Spelling') or _miss(missing, 'Spelling'))}",
             f"locale: {tag}", f"columns: {KEYBOARD_COLUMNS}"]
    return "\n".join(lines + _rows(rows)) + "\n"


def readme(tag: str, table: dict[str, Any]) -> str:
    lines = [f"# {table.get('name', tag)} board set (`{tag}`): draft translation", "",
             f"Generated by `{ME}` from the English boards and "
             f"`boards/translations/{tag}.yaml`;",
             "edit that table (never these files) and run the script again. Every cell is",
             "where the English cell is (same colour, picture, link and action).", "",
             "## What a native reviewer should check", ""]
    lines += [f"- {item}" for item in table.get("review", [])]
    lines += ["", "## Words we were least sure of", ""]
    lines += [f"- {item}" for item in table.get("unsure", [])]
    voice = table.get("voice_note")
    if voice:
        lines += ["", "## Voice", "", voice]
    lines += ["", "When the review is done, set `translation: reviewed` in the table.", ""]
    return "\n".join(lines)


def render_set(tag: str, rows_needed: int) -> dict[str, str]:
    """File name -> text of the whole generated set (nothing is written)."""
    table = load_table(tag)
    out_dir = BOARDS / tag
    src_dir = english_dir()
    missing: set[str] = set()
    files: dict[str, str] = {}
    for src in sorted(src_dir.glob("*.yaml")):
        if src.name in ("set.yaml", KEYBOARD):
            continue
        files[src.name] = translate_board(src, tag, table, out_dir, missing)
    files[KEYBOARD] = keyboard(tag, table, rows_needed, missing)
    files["set.yaml"] = "\n".join(_header(os.path.relpath(TABLES / f"{tag}.yaml", ROOT), tag) + [
        "home: home", f"language: {tag}",
        f"translation: {table.get('translation', 'draft')}"]) + "\n"
    files["README.md"] = readme(tag, table)
    if missing:
        raise TableError(f"boards/translations/{tag}.yaml: no translation for: "
                         + ", ".join(sorted(missing)))
    return files


def keyboard_rows() -> int:
    """Enough rows for the longest alphabet plus the controls, the same in every language."""
    longest = max(len(alphabet(load_table(t))) for t in tags())
    return math.ceil((longest + len(CONTROLS)) / KEYBOARD_COLUMNS)


def all_sets() -> dict[str, dict[str, str]]:
    rows = keyboard_rows()
    return {tag: render_set(tag, rows) for tag in tags()}


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report stale or missing files")
    args = ap.parse_args(argv)
    try:
        sets = all_sets()
    except (TableError, KeyError, OSError, yaml.YAMLError) as exc:
        print(f"make_language_sets: {exc}", file=sys.stderr)
        return 2
    stale = []
    for tag, files in sets.items():
        folder = BOARDS / tag
        for name, text in files.items():
            path = folder / name
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old == text:
                continue
            stale.append(str(path.relative_to(ROOT)))
            if not args.check:
                folder.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "written"
    print(f"{len(sets)} sets; {len(stale)} files {verb}" + "".join(f"\n  {s}" for s in stale))
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
