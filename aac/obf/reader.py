"""Reading an ``.obf`` or ``.obz`` into boards ready to write as YAML (``aac import``).

Real files break the spec in many ways (integer ids, ``#hex`` colours, missing ``format``,
buttons missing from the grid, dangling references, inline or remote pictures...): each is
normalised with a :class:`~aac.obf.errors.Warn` naming the file inside the package and the
button. Only a package that cannot be read, or is hostile, is refused (:class:`ObfError`).
"""

from __future__ import annotations

import hashlib
import math
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ..boards.loader import MAX_COLUMNS, MAX_ROWS, MAX_TEXT_CHARS, SET_KEYS
from ..core.board import ACTIONS, WORD_CLASS_COLORS
from ..core.vocabulary import PATTERNS
from ..symbols import is_library_ref, resolve
from . import files
from .errors import ObfError, Warn
from .limits import Limits
from .normalise import hex_color, norm_id, norm_locale, parse_color, safe_stem, unique
from .source import ZIP_MAGIC, Package, clean_path, parse_json

FORMAT = "open-board-0.1"
#: where pictures and sounds go as they are read: (path in the set, bytes)
Sink = Callable[[str, bytes], None]
#: OBF action -> aac action (``+text`` is spelling: ``letter``)
OBF_ACTIONS = {":speak": "speak", ":clear": "clear", ":backspace": "backspace",
               ":space": "space", ":home": "home", ":ext_aac_back": "back",
               ":ext_aac_stop": "stop"}
_SAFE_MEDIA_PATH = re.compile(r"[^\x00-\x1f\x7f\\:]+")


@dataclass
class MediaFile:
    """A picture or sound to write into the imported set."""

    path: str  # relative to the set folder, '/'-separated
    data: bytes


@dataclass
class ImportedBoard:
    id: str  # also the file name stem
    fields: dict[str, Any]  # name, locale, columns, scan, back_after_select
    rows: list[list[Optional[Any]]]  # cells: a label, a map, or None
    header: list[str]  # comments: where it came from, licence, pictures not downloaded
    member: str


@dataclass
class ImportedSet:
    boards: list[ImportedBoard]
    home: str
    media: list[MediaFile]  # empty when a sink took them
    set_extras: dict[str, str]
    warnings: list[Warn] = field(default_factory=list)


def read_source(path: str, limits: Limits, sink: Optional[Sink] = None) -> ImportedSet:
    """Read ``path`` (an ``.obf`` board or ``.obz`` package, told apart by content).

    Pictures and sounds go to ``sink(path_in_set, bytes)`` as they are found (so a big
    package is never held in memory at once); without one they are kept in ``media``."""
    shown = os.path.basename(path)
    try:
        size = os.path.getsize(path)
        if size > limits.max_total_bytes:
            raise ObfError(f"{shown}: refused: the file is {size} bytes; at most "
                           f"{limits.max_total_bytes}")
        with open(path, "rb") as f:
            data = f.read(limits.max_total_bytes + 1)
    except OSError as exc:
        raise ObfError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if data.startswith(ZIP_MAGIC):
        return _Reader(shown, limits, Package(data, shown, limits), sink).read_package()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head != b"{":
        kind = "XML" if head == b"<" else "a JSON list" if head == b"[" else "not JSON"
        raise ObfError(f"{shown}: not an Open Board Format file: expected an .obf board "
                       f"(a JSON object) or an .obz package (a zip); this is {kind}")
    return _Reader(shown, limits, None, sink).read_single(data)


class _Reader:
    def __init__(self, shown: str, limits: Limits, package: Optional[Package],
                 sink: Optional[Sink]) -> None:
        self.shown = shown
        self.limits = limits
        self.package = package
        self.warnings: list[Warn] = list(package.warnings) if package else []
        self.by_path: dict[str, str] = {}
        self.by_obf_id: dict[str, str] = {}
        self.files: dict[str, str] = {}  # path in the set -> sha256 of what was written
        self.kept: list[MediaFile] = []
        self.sink: Sink = sink or (lambda path, data: self.kept.append(MediaFile(path, data)))
        self.by_digest: dict[tuple[str, str], str] = {}  # (folder, sha256) -> path
        self.manifest_images: dict[str, str] = {}
        self.manifest_sounds: dict[str, str] = {}

    def warn(self, file: str, message: str, button: Optional[str] = None) -> None:
        self.warnings.append(Warn(file, message, button))

    # -- sources --------------------------------------------------------------------------

    def read_single(self, data: bytes) -> ImportedSet:
        board = parse_json(data, self.shown, self.limits)
        if not _looks_like_board(board):
            raise ObfError(f"{self.shown}: not an OBF board: expected a JSON object with "
                           "buttons and a grid")
        bid = self._claim(self.shown, board, None)
        imported = self._board(self.shown, board, bid)
        return ImportedSet([imported], bid, self.kept, {}, self.warnings)

    def read_package(self) -> ImportedSet:
        pkg = self.package
        assert pkg is not None
        manifest, boards = self._manifest(pkg)
        if len(boards) > self.limits.max_boards:
            raise ObfError(f"{self.shown}: refused: {len(boards)} boards; at most "
                           f"{self.limits.max_boards} in one set")
        loaded: list[tuple[str, str]] = []  # (entry, aac id), once every id is known
        for member, key in boards:
            try:
                data = parse_json(pkg.read(member, self.limits.max_json_bytes),
                                  f"{self.shown}/{member}", self.limits)
            except ObfError as exc:
                if clean_path(member) == manifest.get("root"):
                    raise
                self.warn(member, f"board skipped: {exc}")
                continue
            if not _looks_like_board(data):
                if clean_path(member) == manifest.get("root"):
                    raise ObfError(f"{self.shown}/{member}: the home board is not an OBF "
                                   "board (a JSON object with buttons and a grid)")
                self.warn(member, "board skipped: not an OBF board (a JSON object with "
                                  "buttons and a grid)")
                continue
            loaded.append((member, self._claim(member, data, key)))
            del data  # read again below: only one board's JSON is held at a time
        root = manifest.get("root")
        home = self.by_path.get(root) if isinstance(root, str) else None
        if home is None:
            raise ObfError(f"{self.shown}: manifest.json: root {root!r} is not a board in "
                           "the package")
        out = [self._board(member, parse_json(pkg.read(member, self.limits.max_json_bytes),
                                              f"{self.shown}/{member}", self.limits), bid)
               for member, bid in loaded]
        extras = self._set_extras(manifest)
        return ImportedSet(out, home, self.kept, extras, self.warnings)

    def _manifest(self, pkg: Package) -> tuple[dict[str, Any], list[tuple[str, Optional[str]]]]:
        """The manifest (root cleaned) and the boards to read: (entry, manifest key)."""
        if not pkg.has("manifest.json"):
            found = sorted(p for p in pkg.entries if p.lower().endswith(".obf"))
            if not found:
                raise ObfError(f"{self.shown}: no manifest.json and no .obf boards: not an "
                               "OBZ package")
            root = next((p for p in found if posixpath.basename(p).lower() in
                         ("root.obf", "home.obf", "index.obf")), found[0])
            self.warn(self.shown, f"no manifest.json; read the {len(found)} .obf entries, "
                                  f"with {root} as the home board")
            return {"root": root}, [(p, None) for p in found]
        manifest = parse_json(pkg.read("manifest.json", self.limits.max_json_bytes),
                              f"{self.shown}/manifest.json", self.limits)
        if not isinstance(manifest, dict):
            raise ObfError(f"{self.shown}/manifest.json: expected a JSON object")
        if not str(manifest.get("format", "")).startswith("open-board-"):
            self.warn("manifest.json", f"format is {manifest.get('format')!r}, expected "
                                       f"{FORMAT!r}; read as {FORMAT}")
        paths = _dict(manifest.get("paths"))
        listed = _dict(paths.get("boards"))
        for kind, target in (("images", self.manifest_images), ("sounds", self.manifest_sounds)):
            entries = paths.get(kind)
            if isinstance(entries, dict):
                target.update({k: clean_path(v) for k, v in entries.items()
                               if isinstance(v, str)})
        boards: list[tuple[str, Optional[str]]] = []
        seen: set[str] = set()
        for key, member in listed.items():
            if not isinstance(member, str):
                self.warn("manifest.json", f"paths.boards.{key} is not a path; skipped")
                continue
            member = clean_path(member)
            if ".." in member.split("/") or member.startswith("/"):
                raise ObfError(f"{self.shown}/manifest.json: refused: board path {member!r} "
                               "points outside the package")
            if member in seen:
                continue
            if not pkg.has(member):
                self.warn("manifest.json", f"board {key!r}: {member} is not in the package; "
                                           "links to it become plain words")
                continue
            seen.add(member)
            boards.append((member, key))
        raw_root = manifest.get("root")
        home = clean_path(raw_root) if isinstance(raw_root, str) else None
        if home is not None and home not in seen and pkg.has(home):
            boards.insert(0, (home, None))  # a root the manifest forgot to list
            self.warn("manifest.json", f"root {home} is not listed in paths.boards; read "
                                       "anyway")
        if not boards:
            raise ObfError(f"{self.shown}/manifest.json: no boards listed in paths.boards")
        return {**manifest, "root": home}, boards

    def _set_extras(self, manifest: dict[str, Any]) -> dict[str, str]:
        """``ext_aac_set``: set.yaml keys besides ``home`` (e.g. ``language``), kept when
        this version's loader knows them."""
        raw = manifest.get("ext_aac_set")
        extras: dict[str, str] = {}
        if isinstance(raw, dict):
            for key, value in raw.items():
                if key in SET_KEYS and key != "home" and isinstance(value, str):
                    extras[key] = value
                elif key != "home":
                    self.warn("manifest.json", f"ext_aac_set.{key} is not a set.yaml key "
                                               "this version knows; left out")
        return extras

    def _claim(self, member: str, data: dict[str, Any], key: Optional[str]) -> str:
        """Give a board its aac id (its file name) and remember every name links may use."""
        obf_id = norm_id(data.get("id"))
        if obf_id is None:
            self.warn(member, "board has no id; named after its file")
        raw = obf_id or key or posixpath.splitext(posixpath.basename(member))[0]
        bid = unique(safe_stem(raw, "board"), set(self.by_path.values()))
        self.by_path[clean_path(member)] = bid
        for name in (obf_id, key):
            if name is not None:
                self.by_obf_id.setdefault(name, bid)
        return bid

    # -- one board --------------------------------------------------------------------------

    def _board(self, member: str, data: dict[str, Any], bid: str) -> ImportedBoard:
        fmt = data.get("format")
        if not isinstance(fmt, str) or not fmt.startswith("open-board-"):
            self.warn(member, f"no format {FORMAT!r} (got {fmt!r}); read as {FORMAT}")
        header = [f"Imported by `aac import` from {self.shown}"
                  + (f" ({member})" if member != self.shown else "")]
        header.extend(_licence(data.get("license")))
        fields: dict[str, Any] = {}
        name = data.get("name")
        if isinstance(name, str) and name:
            fields["name"] = self._text(member, None, "name", name)
        fields["locale"] = self._locale(member, data)
        buttons = self._buttons(member, data.get("buttons"))
        images = self._index(member, data.get("images"), "images")
        sounds = self._index(member, data.get("sounds"), "sounds")
        grid = self._grid(member, data, buttons)
        rows: list[list[Optional[Any]]] = []
        for grid_row in grid:
            rows.append([None if b is None else
                         self._cell(member, b, images, sounds, header) for b in grid_row])
        lengths = data.get("ext_aac_row_lengths")
        if isinstance(lengths, list) and len(lengths) == len(rows) and all(
                isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= len(r)
                and all(c is None for c in r[n:]) for n, r in zip(lengths, rows)):
            rows = [r[:n] for n, r in zip(lengths, rows)]
        columns = max([len(r) for r in grid] + [1])
        kept = data.get("ext_aac_columns")
        if isinstance(kept, int) and not isinstance(kept, bool) and \
                max([len(r) for r in rows] + [0]) <= kept < columns:
            columns = kept  # 0: a board of empty rows (OBF needs at least one column)
        if columns:
            fields["columns"] = columns
        pattern = data.get("ext_aac_scan_pattern")
        if pattern in PATTERNS:
            fields["scan"] = {"pattern": pattern}
        if data.get("ext_aac_back_after_select") is True:
            fields["back_after_select"] = True
        return ImportedBoard(bid, fields, rows, header, member)

    def _locale(self, member: str, data: dict[str, Any]) -> str:
        raw = data.get("locale")
        locale = norm_locale(raw)
        kept = data.get("ext_aac_locale")
        if locale is not None and isinstance(kept, str) and norm_locale(kept) == locale:
            return kept  # as the teacher wrote it (e.g. en_US), OBF got the BCP 47 form
        if raw is None:
            self.warn(member, "no locale; assumed en")
            return "en"
        if locale is None:
            self.warn(member, f"locale {raw!r} is not a language tag; assumed en")
            return "en"
        if locale != raw:
            self.warn(member, f"locale {raw!r} written as {locale!r} (BCP 47)")
        return locale

    def _buttons(self, member: str, raw: object) -> dict[str, dict[str, Any]]:
        if not isinstance(raw, list):
            self.warn(member, "buttons is missing or not a list; the board is empty")
            return {}
        buttons: dict[str, dict[str, Any]] = {}
        if len(raw) > MAX_ROWS * MAX_COLUMNS:
            self.warn(member, f"{len(raw)} buttons; only the first {MAX_ROWS * MAX_COLUMNS} "
                              "(a full 64x64 grid) are read")
            raw = raw[:MAX_ROWS * MAX_COLUMNS]
        for i, button in enumerate(raw):
            if not isinstance(button, dict):
                self.warn(member, f"buttons[{i}] is not an object; skipped")
                continue
            bid = norm_id(button.get("id"))
            if bid is None:
                bid = f"#{i}"
                self.warn(member, f"buttons[{i}] has no id; it can only be placed by order",
                          bid)
            if bid in buttons:
                self.warn(member, "a second button with this id; the first is used", bid)
                continue
            buttons[bid] = {**button, "_id": bid}
        return buttons

    def _index(self, member: str, raw: object, kind: str) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        if raw is None:
            return out
        if not isinstance(raw, list):
            self.warn(member, f"{kind} is not a list; ignored")
            return out
        for item in raw:
            if isinstance(item, dict) and norm_id(item.get("id")) is not None:
                out.setdefault(str(norm_id(item.get("id"))), item)
        return out

    def _grid(self, member: str, data: dict[str, Any],
              buttons: dict[str, dict[str, Any]]) -> list[list[Optional[dict[str, Any]]]]:
        """The grid of buttons; nothing dropped: buttons missing from ``grid.order`` are
        kept as hidden cells (OBF does not show them either)."""
        grid = data.get("grid")
        order = grid.get("order") if isinstance(grid, dict) else None
        if not isinstance(order, list) or not order:
            n = len(buttons)
            cols = max(1, min(MAX_COLUMNS, math.ceil(math.sqrt(n)) if n else 1))
            self.warn(member, "no grid.order; buttons laid out in their order, "
                              f"{cols} per row")
            ids: list[Optional[str]] = list(buttons)
            order = [ids[i:i + cols] for i in range(0, max(n, 1), cols)]
            grid = {}
        declared_cols = grid.get("columns") if isinstance(grid, dict) else None
        width = max((len(r) for r in order if isinstance(r, list)), default=0)
        if isinstance(declared_cols, int) and not isinstance(declared_cols, bool):
            width = max(width, declared_cols)
        width = max(1, width)
        if width > MAX_COLUMNS or len(order) > MAX_ROWS:
            self.warn(member, f"grid is {len(order)}x{width}; only the first {MAX_ROWS} rows "
                              f"and {MAX_COLUMNS} columns are kept")
            width = min(width, MAX_COLUMNS)
        rows: list[list[Optional[dict[str, Any]]]] = []
        placed: set[str] = set()
        for r, raw_row in enumerate(order[:MAX_ROWS]):
            if not isinstance(raw_row, list):
                self.warn(member, f"grid.order[{r}] is not a list; an empty row")
                raw_row = []
            row: list[Optional[dict[str, Any]]] = []
            for slot in raw_row[:width]:
                key = norm_id(slot)
                if key is None:
                    row.append(None)
                elif key in buttons:
                    row.append(buttons[key])
                    placed.add(key)
                else:
                    self.warn(member, "grid.order names this button but there is no such "
                                      "button; an empty cell", key)
                    row.append(None)
            rows.append(row + [None] * (width - len(row)))
        free = _FreeSlots(rows, width)
        for key, button in buttons.items():
            if key in placed:
                continue
            spot = free.next()
            if spot is None:
                self.warn(member, "not in grid.order and the grid is full; left out", key)
                continue
            r, c = spot
            rows[r][c] = {**button, "hidden": True}
            self.warn(member, f"not in grid.order; kept as a hidden cell (row {r + 1}, column "
                              f"{c + 1})", key)
        return rows

    def _text(self, member: str, button: Optional[str], what: str, value: object) -> str:
        text = value if isinstance(value, str) else str(value)
        if not isinstance(value, str):
            self.warn(member, f"{what} {value!r} is not text; written as {text!r}", button)
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
            self.warn(member, f"{what} has broken UTF-16 (lone surrogates); replaced with �",
                      button)
        if len(text) > MAX_TEXT_CHARS:
            self.warn(member, f"{what} is {len(text)} characters; cut to {MAX_TEXT_CHARS}",
                      button)
            text = text[:MAX_TEXT_CHARS]
        return text

    def _cell(self, member: str, b: dict[str, Any], images: dict[str, dict[str, Any]],
              sounds: dict[str, dict[str, Any]], header: list[str]) -> Any:
        key = b["_id"]
        cell: dict[str, Any] = {"label": self._label(member, b, images)}
        if b.get("vocalization") is not None:
            cell["say"] = self._text(member, key, "vocalization", b["vocalization"])
        symbol = self._picture(member, key, b, images, header)
        if symbol is not None:
            cell["symbol"] = symbol
        color = self._color(member, key, b)
        if color is not None:
            cell["color"] = color
        link = self._link(member, key, b.get("load_board"))
        if link is not None:
            cell["link"] = link
            if b.get("ext_aac_back_after_select") is True:
                cell["back_after_select"] = True
        actions, letter = self._actions(member, key, b)
        if actions:
            cell["action"] = actions[0] if len(actions) == 1 else actions
        if letter is not None:
            cell["letter"] = letter
        sound = self._sound(member, key, b, sounds)
        if sound is not None:
            cell["sound"] = sound
        if isinstance(b.get("ext_aac_cue"), str):
            cell["cue"] = self._text(member, key, "ext_aac_cue", b["ext_aac_cue"])
        if b.get("hidden") is True:
            cell["hidden"] = True
        elif b.get("hidden") not in (None, False):
            self.warn(member, f"hidden is {b.get('hidden')!r}, not true/false; shown", key)
        return cell["label"] if list(cell) == ["label"] else cell

    def _label(self, member: str, b: dict[str, Any], images: dict[str, dict[str, Any]]) -> str:
        key = b["_id"]
        label = b.get("label")
        if label is not None and label != "":
            return self._text(member, key, "label", label)
        fallback = b.get("vocalization")
        if not isinstance(fallback, str) or not fallback.strip():
            image = images.get(str(norm_id(b.get("image_id"))), {})
            symbol = _dict(image.get("symbol"))
            where = image.get("path") or symbol.get("filename")
            fallback = f"button {key}"
            if isinstance(where, str) and where.strip():
                fallback = posixpath.splitext(posixpath.basename(where))[0] or fallback
        self.warn(member, f"no label; labelled {fallback!r}", key)
        return self._text(member, key, "label", fallback)

    def _color(self, member: str, key: str, b: dict[str, Any]) -> Optional[str]:
        raw = b.get("background_color")
        if raw is None:
            return None
        rgb = parse_color(raw)
        if rgb is None:
            self.warn(member, f"background_color {raw!r} is not a colour; the theme's is used",
                      key)
            return None
        kept = b.get("ext_aac_color")
        if isinstance(kept, str):
            if kept in WORD_CLASS_COLORS and parse_color(WORD_CLASS_COLORS[kept]) == rgb:
                return kept
            if parse_color(kept) == rgb and re.fullmatch(r"#[0-9A-Fa-f]{6}", kept):
                return kept
        return hex_color(rgb)

    def _link(self, member: str, key: str, raw: object) -> Optional[str]:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.warn(member, "load_board is not an object; the cell is a plain word", key)
            return None
        path = raw.get("path")
        if isinstance(path, str) and clean_path(path) in self.by_path:
            return self.by_path[clean_path(path)]
        for name in (norm_id(raw.get("id")), norm_id(raw.get("key"))):
            if name is not None and name in self.by_obf_id:
                return self.by_obf_id[name]
        target = raw.get("path") or raw.get("id") or raw.get("url") or raw.get("data_url")
        if raw.get("url") or raw.get("data_url"):
            self.warn(member, f"links to a board on the web ({target}); not downloaded, the "
                              "cell is a plain word", key)
        else:
            self.warn(member, f"links to board {target!r}, which is not in the package; the "
                              "cell is a plain word", key)
        return None

    def _actions(self, member: str, key: str,
                 b: dict[str, Any]) -> tuple[list[str], Optional[str]]:
        raw: list[object] = []
        if b.get("action") is not None:
            raw.append(b["action"])
        if isinstance(b.get("actions"), list):
            raw.extend(a.get("action") if isinstance(a, dict) else a for a in b["actions"])
        actions: list[str] = []
        letter: Optional[str] = None
        for action in raw:
            if isinstance(action, str) and action.startswith("+"):
                letter = (letter or "") + self._text(member, key, "action", action[1:])
            elif isinstance(action, str) and _aac_action(action) is not None:
                name = _aac_action(action)
                if name is not None and name not in actions:
                    actions.append(name)
            else:
                self.warn(member, f"action {action!r} has no equivalent in aac; left out",
                          key)
        assert all(a in ACTIONS for a in actions)
        return actions, letter

    # -- pictures and sounds ----------------------------------------------------------------

    def _picture(self, member: str, key: str, b: dict[str, Any],
                 images: dict[str, dict[str, Any]], header: list[str]) -> Optional[str]:
        image_id = norm_id(b.get("image_id"))
        kept = b.get("ext_aac_symbol")
        if image_id is None:  # exported with a missing picture: keep the name the teacher gave
            return kept if isinstance(kept, str) and _keepable(kept) else None
        image = images.get(image_id)
        if image is None and image_id in self.manifest_images:
            image = {"id": image_id, "path": self.manifest_images[image_id]}
        if image is None:
            self.warn(member, f"image_id {image_id!r} names no image; the cell shows its "
                              "label", key)
            return None
        if isinstance(kept, str) and is_library_ref(kept):
            if _library_has(kept):
                return kept  # a symbol library reference (mulberry:..., openmoji:...)
            self.warn(member, f"symbol {kept!r} is not in this device's symbol libraries; "
                              "the picture in the package is used", key)
        found = self._media(member, key, image, "image", self.manifest_images)
        if found is None:
            url = image.get("url")
            if isinstance(url, str) and url:
                header.append(f"picture on the web, not downloaded: button {key} "
                              f"{b.get('label')!r}: {url}")
            return None
        data, ctype, source = found
        if ctype not in files.SHOWN_TYPES:
            self.warn(member, f"image {image_id!r} is {ctype}; aac shows PNG, JPEG and SVG, "
                              "so the cell shows its label", key)
            return None
        return self._store(data, ctype, source, "images", kept)

    def _sound(self, member: str, key: str, b: dict[str, Any],
               sounds: dict[str, dict[str, Any]]) -> Optional[str]:
        sound_id = norm_id(b.get("sound_id"))
        if sound_id is None:
            kept = b.get("ext_aac_sound")
            return kept if isinstance(kept, str) and _safe_media_path(kept) else None
        sound = sounds.get(sound_id)
        if sound is None and sound_id in self.manifest_sounds:
            sound = {"id": sound_id, "path": self.manifest_sounds[sound_id]}
        if sound is None:
            self.warn(member, f"sound_id {sound_id!r} names no sound; speech is used", key)
            return None
        found = self._media(member, key, sound, "sound", self.manifest_sounds)
        if found is None:
            return None
        data, ctype, source = found
        if ctype not in files.PLAYED_TYPES:
            self.warn(member, f"sound {sound_id!r} is {ctype}; aac plays WAV, OGG and MP3, "
                              "so speech is used", key)
            return None
        return self._store(data, ctype, source, "sounds", b.get("ext_aac_sound"))

    def _clashes(self, path: str) -> bool:
        """True when ``path`` is a folder of a file already placed, or inside one."""
        return any(p.startswith(path + "/") or path.startswith(p + "/") for p in self.files)

    def _media(self, member: str, key: str, item: dict[str, Any], kind: str,
               manifest: dict[str, str]) -> Optional[tuple[bytes, str, str]]:
        """(bytes, real MIME type, a name hint) from ``path``, ``data`` or the manifest; a
        remote ``url`` is recorded by the caller, never downloaded."""
        item_id = norm_id(item.get("id"))
        data: Optional[bytes] = None
        source = f"{kind}-{item_id}"
        declared = files.canonical_type(item.get("content_type"))
        path = item.get("path")
        if not isinstance(path, str) and item_id in manifest:
            path = manifest[item_id]
        if isinstance(path, str) and path:
            path = clean_path(path)
            if self.package is not None and self.package.has(path):
                data = self.package.read(path, self.limits.max_media_bytes)
                source = path
            else:
                self.warn(member, f"{kind} {item_id!r}: {path} is not in the package", key)
        if data is None and isinstance(item.get("data"), str):
            try:
                declared_data, data = files.decode_data_uri(item["data"],
                                                            self.limits.max_media_bytes)
                declared = declared or declared_data
            except ValueError as exc:
                self.warn(member, f"{kind} {item_id!r}: inline data unusable ({exc})", key)
        if data is None:
            if isinstance(item.get("url"), str) and item["url"]:
                self.warn(member, f"{kind} {item_id!r} is only on the web ({item['url']}); "
                                  "not downloaded", key)
            elif isinstance(item.get("symbol"), dict):
                self.warn(member, f"{kind} {item_id!r} is a symbol from the "
                                  f"{item['symbol'].get('set')!r} library, not included in "
                                  "the package", key)
            elif not isinstance(path, str):
                self.warn(member, f"{kind} {item_id!r} has no path, data or url", key)
            return None
        real = files.type_of_file(source, data)
        if real is None:
            self.warn(member, f"{kind} {item_id!r}: not a picture or sound format aac knows",
                      key)
            return None
        if declared is None:
            self.warn(member, f"{kind} {item_id!r} has no content_type; it is {real}", key)
        elif declared != real:
            self.warn(member, f"{kind} {item_id!r} says {item.get('content_type')!r} but is "
                              f"{real}", key)
        return data, real, source

    def _store(self, data: bytes, ctype: str, source: str, folder: str,
               wanted: object) -> str:
        """Where this picture/sound goes in the set (written once, however often used):
        the path the board had before export when it is safe, else ``folder/name.ext``."""
        digest = hashlib.sha256(data).hexdigest()
        if isinstance(wanted, str) and _safe_media_path(wanted) and \
                self.files.get(wanted, digest) == digest and not self._clashes(wanted):
            path = wanted
        elif (folder, digest) in self.by_digest:
            return self.by_digest[(folder, digest)]
        else:
            stem = safe_stem(posixpath.splitext(posixpath.basename(source))[0], folder)
            ext = files.TYPE_EXTENSIONS.get(ctype, ".bin")
            path = f"{folder}/{stem}{ext}"
            n = 1
            while path in self.files or self._clashes(path):
                n += 1
                path = f"{folder}/{stem}_{n}{ext}"
        if path not in self.files:
            self.sink(path, data)
        self.files[path] = digest
        self.by_digest.setdefault((folder, digest), path)
        return path


class _FreeSlots:
    """Empty cells in reading order, then new rows (up to the loader's bound): where
    buttons missing from ``grid.order`` go. One pass, whatever the number of buttons."""

    def __init__(self, rows: list[list[Optional[dict[str, Any]]]], width: int) -> None:
        self.rows = rows
        self.width = width
        self.r = self.c = 0

    def next(self) -> Optional[tuple[int, int]]:
        while True:
            if self.r == len(self.rows):
                if len(self.rows) >= MAX_ROWS:
                    return None
                self.rows.append([None] * self.width)
            if self.c >= len(self.rows[self.r]):
                self.r, self.c = self.r + 1, 0
                continue
            self.c += 1
            if self.rows[self.r][self.c - 1] is None:
                return self.r, self.c - 1


def _aac_action(action: str) -> Optional[str]:
    """``:clear`` -> ``clear``; aac's own actions travel as ``:ext_aac_NAME``."""
    action = action.strip()
    if action in OBF_ACTIONS:
        return OBF_ACTIONS[action]
    name = action[len(":ext_aac_"):] if action.startswith(":ext_aac_") else None
    return name if name in ACTIONS else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _looks_like_board(data: object) -> bool:
    return isinstance(data, dict) and any(k in data for k in ("buttons", "grid", "format"))


def _keepable(symbol: str) -> bool:
    if is_library_ref(symbol):
        return _library_has(symbol)
    return _safe_media_path(symbol)


def _library_has(ref: str) -> bool:
    """The libraries know this name (its picture may still be missing: only a warning)."""
    return resolve(ref, ".").severity != "error"


def _safe_media_path(path: str) -> bool:
    """A relative path inside the set, as a teacher would write it (no ``..``, no hidden
    or absolute parts), that is not a board file."""
    parts = path.split("/")
    return bool(_SAFE_MEDIA_PATH.fullmatch(path)) and not path.startswith("/") and all(
        p and p not in (".", "..") and not p.startswith(".") for p in parts) and \
        not path.lower().endswith((".yaml", ".yml")) and len(path) < 400


def _licence(raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return []
    parts = [str(raw.get(k)) for k in ("type", "author_name", "author_url", "source_url")
             if isinstance(raw.get(k), str) and raw.get(k)]
    return [f"licence: {', '.join(parts)}"] if parts else []
