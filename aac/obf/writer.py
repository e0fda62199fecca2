"""``aac export``: a YAML board set as spec-valid OBF (docs/obf.md).

Standard fields carry everything other apps understand (labels, vocalizations, pictures and
sounds as files with type and size, links with ``path``, actions, ``rgb()`` colours, hidden
buttons, a full ``grid.order`` with nulls). What OBF has no field for goes in ``ext_aac_*``
fields, and the importer uses each one only while the standard field next to it still agrees
(so an edit made in another app wins over a stale extension).
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Optional

import yaml

from ..boards.loader import SET_FILES, load_board_set
from ..boards.problems import Problem
from ..boards.yamlnodes import read_yaml
from ..core.board import Board, BoardSet, Cell
from ..symbols import is_library_ref
from ..symbols.credits import CC_BY_SA_4, CREDITS
from . import files
from .errors import ObfError, Warn
from .normalise import norm_locale, rgb_css, unique
from .publish import building_file
from .reader import FORMAT, OBF_ACTIONS

AAC_ACTIONS = {aac: obf for obf, aac in OBF_ACTIONS.items()}
_ZIP_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class ExportReport:
    file: str
    boards: int
    pictures: int
    sounds: int
    warnings: list[Warn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the loader's warnings


def export_set(source: str, out: str) -> ExportReport:
    """Write the board set (folder) or board (file) ``source`` to ``out`` (``.obz``, or
    ``.obf`` for one board). Raises :class:`ObfError` when the set has errors."""
    result = load_board_set(source)
    if not result.ok or result.boards is None:
        raise ObfError(f"{source}: the board set has errors; fix them first (`aac lint "
                       f"{source}`)", )
    boards = result.boards
    single = out.lower().endswith(".obf")
    if single and len(boards.boards) != 1:
        raise ObfError(f"{out}: an .obf file holds one board and {source} has "
                       f"{len(boards.boards)}; export to .obz, or give one board file")
    exporter = _Exporter(boards, packaged=not single)
    try:
        with building_file(out) as tmp:
            if single:
                with open(tmp, "wb") as f:
                    f.write(to_json(exporter.board(boards.home_board)))
            else:
                exporter.write_package(tmp, _set_extras(source))
    except OSError as exc:
        raise ObfError(f"{out}: cannot write: {exc.strerror or exc}") from None
    return ExportReport(out, len(boards.boards), len(exporter.images), len(exporter.sounds),
                        exporter.warnings, list(result.problems))


class _Exporter:
    def __init__(self, boards: BoardSet, packaged: bool) -> None:
        self.set = boards
        self.packaged = packaged
        self.warnings: list[Warn] = []
        self.paths: dict[str, str] = {}
        taken: set[str] = set()
        for bid in self._order():
            slug = _ZIP_SAFE.sub("_", bid).strip("._") or "board"
            self.paths[bid] = f"boards/{unique(slug, taken)}.obf"
        self.images: dict[str, dict[str, Any]] = {}  # absolute file -> image entry
        self.sounds: dict[str, dict[str, Any]] = {}
        self.media: dict[str, str] = {}  # path in package -> absolute file
        self._names: set[str] = set()

    def _order(self) -> list[str]:
        return [self.set.home] + sorted(b for b in self.set.boards if b != self.set.home)

    def write_package(self, tmp: str, extras: dict[str, str]) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for bid in self._order():
                data = self.board(self.set[bid])
                z.writestr(self.paths[bid], to_json(data))
            for path, source in self.media.items():
                z.write(source, path)
            manifest: dict[str, Any] = {
                "format": FORMAT,
                "root": self.paths[self.set.home],
                "paths": {
                    "boards": {bid: self.paths[bid] for bid in self._order()},
                    "images": {e["id"]: e["path"] for e in self.images.values()},
                    "sounds": {e["id"]: e["path"] for e in self.sounds.values()},
                },
            }
            if extras:
                manifest["ext_aac_set"] = extras
            z.writestr("manifest.json", to_json(manifest))

    def board(self, board: Board) -> dict[str, Any]:
        width = max(1, board.columns)  # OBF needs a column even for a board of empty rows
        grid = tuple(tuple(row) + (None,) * (width - len(row)) for row in board.rows)
        buttons: list[dict[str, Any]] = []
        order: list[list[Optional[str]]] = []
        images: dict[str, dict[str, Any]] = {}
        sounds: dict[str, dict[str, Any]] = {}
        for r, row in enumerate(grid):
            order.append([])
            for c, cell in enumerate(row):
                if cell is None:
                    order[-1].append(None)
                    continue
                button = self.button(board, cell, f"{r + 1}_{c + 1}", images, sounds)
                buttons.append(button)
                order[-1].append(button["id"])
        locale = norm_locale(board.locale) or "en"
        data: dict[str, Any] = {
            "format": FORMAT,
            "id": board.id,
            "locale": locale,
            "name": board.name,
            "description_html": f"Exported from aac ({os.path.basename(board.path or '')})",
            "grid": {"rows": len(grid), "columns": width, "order": order},
            "buttons": buttons,
            "images": list(images.values()),
            "sounds": list(sounds.values()),
        }
        if locale != board.locale:
            data["ext_aac_locale"] = board.locale
        if board.scan_pattern is not None:
            data["ext_aac_scan_pattern"] = board.scan_pattern
        if board.back_after_select:
            data["ext_aac_back_after_select"] = True
        if any(len(row) < width for row in board.rows):
            data["ext_aac_row_lengths"] = [len(row) for row in board.rows]
        if board.columns != width:
            data["ext_aac_columns"] = board.columns
        return data

    def button(self, board: Board, cell: Cell, bid: str, images: dict[str, dict[str, Any]],
               sounds: dict[str, dict[str, Any]]) -> dict[str, Any]:
        b: dict[str, Any] = {"id": bid, "label": cell.label}
        if cell.say is not None:
            b["vocalization"] = cell.say
        if cell.symbol is not None:
            b["ext_aac_symbol"] = cell.symbol
        if cell.symbol_file is not None:
            image = self._media(cell.symbol_file, "image", self.images)
            licence = _library_licence(cell.symbol)
            if licence is not None:
                image["license"] = licence
            images[image["id"]] = image
            b["image_id"] = image["id"]
        rgb = cell.rgb
        if rgb is not None and cell.color is not None:
            b["background_color"] = rgb_css(rgb)
            b["ext_aac_color"] = cell.color
        if cell.link is not None:
            target: dict[str, Any] = {"id": cell.link}
            if cell.link in self.set.boards:
                target["name"] = self.set[cell.link].name
                if self.packaged:
                    target["path"] = self.paths[cell.link]
            if not self.packaged:
                self.warnings.append(Warn(board.path or board.id, f"links to board "
                                          f"{cell.link!r}, which a single .obf cannot hold "
                                          "(export the set as .obz)", bid))
            b["load_board"] = target
            if cell.back_after_select:
                b["ext_aac_back_after_select"] = True
        actions = ([f"+{cell.letter}"] if cell.letter is not None else []) + \
            [AAC_ACTIONS.get(a, f":ext_aac_{a}") for a in cell.action]
        if len(actions) == 1:
            b["action"] = actions[0]
        elif actions:
            b["actions"] = actions
        if cell.sound is not None:
            b["ext_aac_sound"] = cell.sound
        if cell.sound_file is not None:
            sound = self._media(cell.sound_file, "sound", self.sounds)
            sounds[sound["id"]] = sound
            b["sound_id"] = sound["id"]
        if cell.cue is not None:
            b["ext_aac_cue"] = cell.cue
        if cell.hidden:
            b["hidden"] = True
        return b

    def _media(self, source: str, kind: str, known: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """The image/sound entry for a file (made once, whichever boards use it)."""
        if source in known:
            return known[source]
        with open(source, "rb") as f:
            data = f.read()
        ctype = files.type_of_file(source, data) or "application/octet-stream"
        entry: dict[str, Any] = {"id": f"{kind}{len(known) + 1}", "content_type": ctype}
        if kind == "image":
            entry["width"], entry["height"] = files.picture_size(source, data)
        else:
            entry["duration"] = files.sound_seconds(source, data)
        if self.packaged:
            folder = "images" if kind == "image" else "sounds"
            base = _ZIP_SAFE.sub("_", os.path.basename(source)).strip("._") or kind
            path = f"{folder}/{unique(base, self._names)}"
            entry["path"] = path
            self.media[path] = source
        else:
            entry["data"] = files.data_uri(ctype, data)
        known[source] = entry
        return entry


def _library_licence(symbol: Optional[str]) -> Optional[dict[str, str]]:
    """OBF's ``license`` for a picture from a symbol library: CC BY-SA asks that the credit
    travels with the picture (aac.symbols.credits holds the wording)."""
    if symbol is None or not is_library_ref(symbol):
        return None
    library = symbol.split(":", 1)[0].lower()
    for credit in CREDITS:
        if credit.part == "symbols" and credit.what.lower().startswith(library):
            return {"type": "CC BY-SA 4.0", "copyright_notice_url": CC_BY_SA_4,
                    "author_name": credit.attribution, "author_url": credit.url}
    return None


def to_json(data: Any) -> bytes:
    """UTF-8 JSON, readable; texts holding lone surrogates (possible through YAML escapes)
    are written escaped, as valid JSON, rather than failing."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")


def _set_extras(source: str) -> dict[str, str]:
    """``set.yaml`` keys besides ``home`` (e.g. ``language``), for ``ext_aac_set``."""
    if not os.path.isdir(source):
        return {}
    for name in SET_FILES:
        path = os.path.join(source, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                node, _ = read_yaml(f.read(), path)
            if isinstance(node, yaml.MappingNode):
                return {k.value: v.value for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
                        and k.value != "home"}
    return {}
