"""Load board files (BOARD_FORMAT.md) into frozen :mod:`aac.core.board` values.

Every problem in a set is collected at once, with ``file:line:col``, so a teacher fixes them
in one pass; nothing here raises on bad input. Scalars are read from the YAML node tree as
typed (see :mod:`aac.boards.yamlnodes`), so ``yes``, ``OFF``, ``1:30`` and ``007`` stay text.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import yaml

from ..core.board import ACTIONS, WORD_CLASS_COLORS, Board, BoardSet, Cell
from ..core.suggest import closest
from ..core.vocabulary import PATTERNS
from ..symbols import is_library_ref, resolve
from .media import unusable
from .problems import LoadResult, Problem
from .set_files import BOARD_SUFFIXES, SET_FILES, board_files
from .to_json import board_json
from .yamlnodes import (
    MAX_FILE_BYTES,
    Node,
    is_null,
    kind,
    position,
    read_yaml,
    scalar12,
    shorten,
)

# Bounds: a real board is at most ~12x12; these only stop runaway or hostile files.
MAX_ROWS = 64
MAX_COLUMNS = 64
MAX_BOARDS = 500
# A whole real set is well under 1 MB; 500 files of 1 MB would take minutes and gigabytes.
MAX_SET_BYTES = 16 * 1024 * 1024
# A sentence to say is ~100 characters; a 1 MB label made the renderer take ~600 MB.
MAX_TEXT_CHARS = 1000

BOARD_KEYS = ("id", "name", "locale", "columns", "scan", "rows", "back_after_select")
CELL_KEYS = ("label", "say", "symbol", "color", "link", "back_after_select", "action",
             "letter", "sound", "cue", "hidden")
SCAN_KEYS = ("pattern",)
SET_KEYS = ("home", "language", "translation")
TRANSLATION_STATES = ("draft", "reviewed")
SCAN_PATTERNS = PATTERNS  # defined once, in aac.core.vocabulary
SYMBOL_EXTENSIONS = (".png", ".jpg", ".jpeg", ".svg")
SOUND_EXTENSIONS = (".wav", ".ogg", ".mp3")  # what pygame's mixer plays

_HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_LOCALE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")
_TEXT_FIELDS = ("say", "letter", "cue")

PathLike = Union[str, "os.PathLike[str]"]


@dataclass
class _Link:
    """A cell's link, checked once the whole set is known."""

    target: str
    label: str
    file: str
    line: int
    col: int


@dataclass
class ParsedBoard:
    """One file as understood: a best-effort board even when it has errors (for lint)."""

    file: str
    board: Optional[Board]
    problems: list[Problem]
    links: list[_Link] = field(default_factory=list)
    id_pos: tuple[int, int] = (1, 1)
    media: list[str] = field(default_factory=list)  # symbol/sound paths named, found or not
    rows_pos: tuple[int, int] = (1, 1)  # where set-level warnings about the board point

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def json(self) -> Optional[dict[str, Any]]:
        """What ``aac lint --json`` shows for this board (see :mod:`aac.boards.to_json`)."""
        return None if self.board is None else board_json(self.board)


@dataclass
class SetReport:
    """Everything ``aac lint`` shows: the load result and each board as the loader read it."""

    result: LoadResult
    boards: dict[str, ParsedBoard]
    home: Optional[str] = None  # the home board's id, when one could be chosen


class _Ctx:
    """Where problems go while one file is read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, node: Optional[Node], message: str) -> None:
        self._add(node, "error", message)

    def warning(self, node: Optional[Node], message: str) -> None:
        self._add(node, "warning", message)

    def _add(self, node: Optional[Node], severity: str, message: str) -> None:
        line, col = position(node) if node is not None else (1, 1)
        self.problems.append(Problem(self.file, line, col, severity, message))


# --- public API ----------------------------------------------------------------------------


def load_board_file(path: PathLike) -> tuple[Optional[Board], list[Problem]]:
    """One board file; the board is None when the file has any error.

    Links are not checked here (that needs the whole set: see :func:`load_board_set`).
    """
    parsed = parse_board_file(path)
    return (None if parsed.has_errors else parsed.board), parsed.problems


def load_board_set(path: PathLike) -> LoadResult:
    """A folder of ``*.yaml`` boards (plus optional ``set.yaml``) or a single board file.

    ``result.boards`` is None when there is any error; ``result.problems`` lists them all;
    ``result.usable`` is what can still run (every board that loaded, broken links inert).
    """
    return inspect_board_set(path).result


def parse_board_file(path: PathLike, board_id: Optional[str] = None) -> ParsedBoard:
    """Read one file; never raises. ``board_id`` defaults to the file name's stem."""
    file = os.fspath(path)
    ctx = _Ctx(file)
    default_id = board_id or _stem(file)
    try:
        with open(file, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        ctx.error(None, f"cannot read file: {exc.strerror or exc}")
        return ParsedBoard(file, None, ctx.problems)
    node, problems = read_yaml(data, file)
    ctx.problems.extend(problems)
    if node is None:
        return ParsedBoard(file, None, ctx.problems)
    try:
        return _BoardReader(ctx, os.path.dirname(file)).read(node, default_id)
    except Exception as exc:  # pragma: no cover - a bug here must not crash lint or the runtime
        ctx.error(None, f"internal error while reading this board ({type(exc).__name__}: "
                        f"{exc}); please report it")
        return ParsedBoard(file, None, ctx.problems)


def inspect_board_set(path: PathLike) -> SetReport:
    """Load a set and keep, per board, what the loader understood (even with errors)."""
    shown = os.fspath(path)
    problems: list[Problem] = []
    meta: dict[str, str] = {}  # set.yaml's language and translation state
    if os.path.isdir(shown):
        files, home, skipped = _set_files(shown, problems, meta)
        sibling_ids: set[str] = set()
    elif os.path.isfile(shown):
        if not shown.lower().endswith(BOARD_SUFFIXES):
            problems.append(Problem(shown, 1, 1, "error", "not a board file: expected a "
                                    ".yaml file or a folder of them"))
            return SetReport(LoadResult(None, problems), {})
        files, home, skipped = [shown], None, set()
        sibling_ids = _sibling_ids(shown)
    else:
        reason = _not_a_file(shown) or "no such file or folder"
        problems.append(Problem(shown, 1, 1, "error", reason))
        return SetReport(LoadResult(None, problems), {})

    boards: dict[str, ParsedBoard] = {}
    unreadable: set[str] = set(skipped)  # entries that are not files (already reported)
    for file in files:
        parsed = parse_board_file(file)
        problems.extend(parsed.problems)
        if parsed.board is None:
            unreadable.add(_stem(file))
            continue
        bid = parsed.board.id
        if bid in boards:
            line, col = parsed.id_pos
            problems.append(Problem(file, line, col, "error", f'board id "{bid}" is already '
                                    f"used by {boards[bid].file}"))
            continue
        boards[bid] = parsed

    loaded = {bid for bid, pb in boards.items() if not pb.has_errors}  # before link errors
    # Files that failed to parse still name a board: links to them are not "unknown".
    known = set(boards) | sibling_ids | unreadable
    for parsed in boards.values():
        for link in parsed.links:
            if link.target not in known:
                problems.append(Problem(link.file, link.line, link.col, "error",
                                        _dangling(link, known)))
                parsed.problems.append(problems[-1])

    home_id = _pick_home(shown, home, boards, unreadable, problems)
    problems.sort(key=lambda p: (p.file, p.line, p.col))
    root = shown if os.path.isdir(shown) else os.path.dirname(shown)
    usable: Optional[BoardSet] = None
    if home_id is not None and home_id in loaded:
        usable = _usable({bid: pb.board for bid, pb in boards.items() if bid in loaded},
                         home_id, root)
        usable = dataclasses.replace(usable, **meta)
    board_set: Optional[BoardSet] = None
    if home_id is not None and not any(p.severity == "error" for p in problems):
        board_set = BoardSet({bid: pb.board for bid, pb in boards.items()
                              if pb.board is not None}, home=home_id, root=root, **meta)
    media = tuple(dict.fromkeys(m for pb in boards.values() for m in pb.media))
    return SetReport(LoadResult(board_set, problems, usable, media), boards, home_id)


def _usable(good: dict[str, Optional[Board]], home: str, root: str) -> BoardSet:
    """Every board that loaded, with links to any other board made inert (``broken_link``),
    so one typo in a rarely used board never takes the child's voice away."""
    boards = {bid: b for bid, b in good.items() if b is not None}

    def inert(cell: Optional[Cell]) -> Optional[Cell]:
        if cell is None or cell.link is None or cell.link in boards:
            return cell
        return dataclasses.replace(cell, link=None, broken_link=cell.link)

    fixed = {bid: dataclasses.replace(b, rows=tuple(tuple(inert(c) for c in row)
                                                    for row in b.rows))
             for bid, b in boards.items()}
    return BoardSet(fixed, home=home, root=root)


# --- the set -------------------------------------------------------------------------------


_Home = tuple[str, str, int, int]  # id, the set file that names it, line, col


def _set_files(
    folder: str, problems: list[Problem], meta: Optional[dict[str, str]] = None
) -> tuple[list[str], Optional[_Home], set[str]]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        problems.append(Problem(folder, 1, 1, "error",
                                f"cannot read folder: {exc.strerror or exc}"))
        return [], None, set()
    files = board_files(folder)
    odd = _not_board_files(folder, names, problems)
    if not files and not odd:
        problems.append(Problem(folder, 1, 1, "error", "no board files (*.yaml) in this folder"))
    if len(files) > MAX_BOARDS:
        problems.append(Problem(folder, 1, 1, "error", f"{len(files)} boards; at most "
                                f"{MAX_BOARDS} in one set (only the first are read)"))
        files = files[:MAX_BOARDS]
    total = 0
    for i, file in enumerate(files):
        try:
            total += os.path.getsize(file)
        except OSError:
            continue  # reported when the file is read
        if total > MAX_SET_BYTES:
            limit = MAX_SET_BYTES
            shown = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
            problems.append(Problem(folder, 1, 1, "error", f"board files add up to more than "
                                    f"{shown}; only the first {i} are read (a whole set is "
                                    "usually under 1 MB)"))
            files = files[:i]
            break
    home: Optional[_Home] = None
    for name in SET_FILES:
        set_path = os.path.join(folder, name)
        if os.path.isfile(set_path):
            home = _read_set_file(set_path, problems, meta)
            break
    return files, home, odd


def _not_board_files(folder: str, names: list[str], problems: list[Problem]) -> set[str]:
    """Entries named like boards that are not files a teacher can have meant to skip silently.

    A broken or looping symbolic link or a device is an error (never opened: a FIFO would
    block); a folder called ``x.yaml`` is a warning. Returns their ids, so links to them are
    not also reported as unknown boards. Hidden names (editor lock files) are left alone.
    """
    ids: set[str] = set()
    for name in names:
        if not name.lower().endswith(BOARD_SUFFIXES) or name.startswith("."):
            continue
        path = os.path.join(folder, name)
        reason = _not_a_file(path)
        if reason is None:
            continue
        severity = "warning" if os.path.isdir(path) else "error"
        problems.append(Problem(path, 1, 1, severity, reason))
        if name.lower() not in SET_FILES and severity == "error":
            ids.add(_stem(name))
    return ids


def _not_a_file(path: str) -> Optional[str]:
    """Why ``path`` cannot be read as a board file, or None when it is a regular file."""
    if os.path.isfile(path):
        return None
    if os.path.isdir(path):
        return "is a folder, not a board file; skipped"
    if os.path.islink(path):
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symbolic link loop: it points back to itself"
            target = os.readlink(path)
            return f'broken symbolic link: "{target}" does not exist'
    if os.path.lexists(path):
        return "not a regular file (a device, pipe or socket); a board must be a text file"
    return None


def _read_set_file(file: str, problems: list[Problem],
                   meta: Optional[dict[str, str]] = None) -> Optional[_Home]:
    """``set.yaml`` (or ``set.yml``): ``home: ID`` (which board is shown first), with where
    it was written, so a message names the file the teacher actually has; ``language: TAG``
    and ``translation: draft|reviewed`` go into ``meta``."""
    ctx = _Ctx(file)
    meta = {} if meta is None else meta
    try:
        with open(file, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.append(Problem(file, 1, 1, "error", f"cannot read file: {exc.strerror}"))
        return None
    node, read_problems = read_yaml(data, file)
    problems.extend(read_problems)
    home: Optional[_Home] = None
    name = os.path.basename(file)
    if node is not None:
        if not isinstance(node, yaml.MappingNode):
            ctx.error(node, f"{name} is a map like `home: core`; got {kind(node)}")
        else:
            for key, value in _mapping(ctx, node, SET_KEYS, name):
                text = _text(ctx, value, key)
                if text is None:
                    continue
                if key == "home":
                    home = (text, file, *position(value))
                elif key == "language" and _LOCALE.fullmatch(text):
                    meta["language"] = text.replace("_", "-")
                elif key == "language":
                    ctx.error(value, f'language "{text}" is not a BCP 47 language tag '
                                     "like sr, sr-Latn or en")
                elif text in TRANSLATION_STATES:
                    meta["translation"] = text
                else:
                    ctx.error(value, f'translation "{text}" is not one of '
                                     + ", ".join(TRANSLATION_STATES))
    problems.extend(ctx.problems)
    return home


def _pick_home(shown: str, home: Optional[_Home],
               boards: dict[str, ParsedBoard], unreadable: set[str],
               problems: list[Problem]) -> Optional[str]:
    """``home:`` from set.yaml, else the board called "home", else the only board."""
    if not os.path.isdir(shown):  # a single file is a set of one board
        return next(iter(boards), None)
    present = set(boards) | unreadable  # a broken home board is already reported
    if home is not None:
        home_id, set_file, line, col = home
        if home_id not in present and present:
            problems.append(Problem(set_file, line, col, "error",
                                    f'home board "{home_id}" is not in the set'
                                    + _suggest(home_id, present)))
            return None
        return home_id
    if "home" in present:
        return "home"
    if len(present) == 1:
        return next(iter(present))
    if present:
        problems.append(Problem(shown, 1, 1, "error", "no home board: add home.yaml, or "
                                "set.yaml with `home: ID`" + _suggest("home", present)))
    return None


def _sibling_ids(file: str) -> set[str]:
    """Boards next to a single linted file: its links to them are not dangling."""
    return {_stem(f) for f in board_files(os.path.dirname(file) or ".")}


def _stem(file: str) -> str:
    return os.path.splitext(os.path.basename(file))[0]


def _dangling(link: _Link, known: Iterable[str]) -> str:
    names = sorted(known)
    hint = _hint(link.target, names)
    return (f'cell "{link.label}" links to unknown board "{link.target}" '
            f"({hint}known: {_listing(names)})")


def _listing(names: Sequence[str], limit: int = 12) -> str:
    if not names:
        return "none"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown}, ... ({len(names) - limit} more)"


def _suggest(word: str, choices: Iterable[str]) -> str:
    names = sorted(choices)
    return f" ({_hint(word, names)}known: {_listing(names)})"


def _hint(word: str, choices: Sequence[str]) -> str:
    """``'did you mean "x"? '`` before a list of what is allowed, else ``""``."""
    near = closest(word, choices)
    return f'did you mean "{near}"? ' if near is not None else ""


# --- one board -----------------------------------------------------------------------------


def _mapping(ctx: _Ctx, node: yaml.MappingNode, allowed: Sequence[str],
             where: str) -> list[tuple[str, Node]]:
    """Key/value pairs of a map; unknown and duplicate keys are errors (and skipped)."""
    seen: dict[str, Node] = {}
    out: list[tuple[str, Node]] = []
    for key_node, value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            ctx.error(key_node, f"a key in {where} must be a word; got {kind(key_node)}")
            continue
        key = key_node.value
        if key in seen:
            line, col = position(seen[key])
            ctx.error(key_node, f'duplicate key "{key}" in {where} (first at {line}:{col}); '
                                "only one is allowed")
            continue
        seen[key] = key_node
        if key not in allowed:
            near = closest(key, allowed)
            hint = f'did you mean "{near}"?' if near else f"allowed: {', '.join(allowed)}"
            ctx.error(key_node, f'unknown key "{shorten(key)}" in {where} ({hint})')
            continue
        out.append((key, value))
    return out


def _text(ctx: _Ctx, node: Node, what: str, allow_empty: bool = False) -> Optional[str]:
    """A scalar's text exactly as typed, or None (with an error) for anything else."""
    if not isinstance(node, yaml.ScalarNode):
        ctx.error(node, f"{what} must be text; got {kind(node)}")
        return None
    if is_null(node):
        ctx.error(node, f"{what} is empty; write a value or remove the key")
        return None
    if node.value == "" and not allow_empty:
        ctx.error(node, f"{what} is empty")
        return None
    if len(node.value) > MAX_TEXT_CHARS:
        ctx.error(node, f"{what} is {len(node.value)} characters long; at most "
                        f"{MAX_TEXT_CHARS}")
        return None
    return str(node.value)


def _bool(ctx: _Ctx, node: Node, what: str) -> Optional[bool]:
    value = scalar12(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, bool):
        return value
    ctx.error(node, f"{what} must be true or false; got {kind(node)}")
    return None


class _BoardReader:
    """Walks one board's node tree; the structure (board > rows > row > cell) bounds depth.

    The tree has no shared nodes: files with aliases are refused before (see yamlnodes)."""

    def __init__(self, ctx: _Ctx, folder: str) -> None:
        self.ctx = ctx
        self.folder = folder
        self.links: list[_Link] = []
        self.media: list[str] = []
        self.row_nodes: list[Node] = []

    def read(self, root: Node, default_id: str) -> ParsedBoard:
        ctx = self.ctx
        if not isinstance(root, yaml.MappingNode):
            hint = " (put the list under `rows:`)" if isinstance(root, yaml.SequenceNode) else ""
            ctx.error(root, f"a board is a map with at least `rows:`; got {kind(root)}{hint}")
            return ParsedBoard(ctx.file, None, ctx.problems)
        fields: dict[str, Any] = {}
        id_pos = (1, 1)
        rows: list[tuple[Optional[Cell], ...]] = []
        rows_node: Optional[Node] = None
        for key, value in _mapping(ctx, root, BOARD_KEYS, "board"):
            if key == "rows":
                rows_node = value
                rows = self._rows(value)
            elif key == "columns":
                fields["columns"] = self._columns(value)
            elif key == "scan":
                fields["scan_pattern"] = self._scan(value)
            elif key == "back_after_select":
                fields["back_after_select"] = _bool(ctx, value, "back_after_select")
            elif key == "locale":
                locale = _text(ctx, value, "locale")
                if locale is not None and not _LOCALE.fullmatch(locale):
                    ctx.error(value, f'locale "{locale}" is not a language tag like en, '
                                     "en-GB or pt-BR")
                    locale = None
                fields["locale"] = locale
            else:  # id, name
                fields[key] = _text(ctx, value, key)
                if key == "id":
                    id_pos = position(value)
        if rows_node is None:
            ctx.error(root, "board has no `rows:`")
        board_id = fields.get("id") or default_id
        columns = fields.get("columns") or 0
        for r, (row, row_node) in enumerate(zip(rows, self.row_nodes)):
            if columns and len(row) > columns:
                ctx.warning(row_node, f"row {r + 1} has {len(row)} cells but columns is "
                                      f"{columns}; the board is {len(row)} wide")
        board = Board(
            id=board_id,
            rows=tuple(rows),
            name=fields.get("name") or "",
            locale=fields.get("locale") or "en",
            columns=columns,
            scan_pattern=fields.get("scan_pattern"),
            back_after_select=bool(fields.get("back_after_select")),
            path=os.path.abspath(ctx.file),  # clips and symbols resolve wherever cwd is
        )
        rows_pos = position(rows_node) if rows_node is not None else (1, 1)
        return ParsedBoard(ctx.file, board, ctx.problems, self.links, id_pos, self.media,
                           rows_pos)

    def _columns(self, node: Node) -> Optional[int]:
        value = scalar12(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, int):
            self.ctx.error(node, f"columns must be a whole number from 1 to {MAX_COLUMNS}; "
                                 f"got {kind(node)}")
            return None
        if not 1 <= value <= MAX_COLUMNS:
            self.ctx.error(node, f"columns must be from 1 to {MAX_COLUMNS}; got {value}")
            return None
        return value

    def _scan(self, node: Node) -> Optional[str]:
        if not isinstance(node, yaml.MappingNode):
            self.ctx.error(node, f"scan must be a map like {{pattern: linear}}; got {kind(node)}")
            return None
        pattern: Optional[str] = None
        pairs = _mapping(self.ctx, node, SCAN_KEYS, "scan")
        for _, value in pairs:
            pattern = _text(self.ctx, value, "scan pattern")
            if pattern is not None and pattern not in SCAN_PATTERNS:
                self.ctx.error(value, f'unknown scan pattern "{pattern}" '
                                      f"({_allowed(pattern, SCAN_PATTERNS)})")
                pattern = None
        if not pairs and not node.value:
            self.ctx.error(node, "scan needs a pattern: " + ", ".join(SCAN_PATTERNS))
        return pattern

    def _rows(self, node: Node) -> list[tuple[Optional[Cell], ...]]:
        ctx = self.ctx
        if not isinstance(node, yaml.SequenceNode):
            ctx.error(node, f"rows must be a list of rows; got {kind(node)}")
            return []
        if not node.value:
            ctx.error(node, "rows is empty: a board needs at least one row")
        if len(node.value) > MAX_ROWS:
            ctx.error(node.value[MAX_ROWS], f"{len(node.value)} rows; at most {MAX_ROWS}")
        rows: list[tuple[Optional[Cell], ...]] = []
        self.row_nodes = list(node.value[:MAX_ROWS])
        for row_node in self.row_nodes:
            if not isinstance(row_node, yaml.SequenceNode):
                example = " (a row is a list, e.g. [I, want, more])"
                ctx.error(row_node, f"a row must be a list of cells; got {kind(row_node)}"
                                    + example)
                rows.append(())
                continue
            if not row_node.value:
                ctx.warning(row_node, "empty row: it shows as a blank line and is never scanned")
            if len(row_node.value) > MAX_COLUMNS:
                ctx.error(row_node.value[MAX_COLUMNS],
                          f"{len(row_node.value)} cells in a row; at most {MAX_COLUMNS}")
            rows.append(tuple(self._cell(c) for c in row_node.value[:MAX_COLUMNS]))
        return rows

    def _cell(self, node: Node) -> Optional[Cell]:
        ctx = self.ctx
        line, col = position(node)
        if isinstance(node, yaml.ScalarNode):
            if is_null(node):
                return None
            if node.value == "":
                ctx.error(node, 'a cell\'s label is empty; write null for an empty cell')
                return None
            if _text(ctx, node, "label") is None:  # too long
                return None
            return Cell(label=node.value, line=line, col=col)
        if isinstance(node, yaml.SequenceNode):
            ctx.error(node, "a cell must be a word or a map like {label: eat}; got a list "
                            "(a row inside a row?)")
            return None
        assert isinstance(node, yaml.MappingNode)  # composing yields only these three kinds
        values: dict[str, Any] = {}
        for key, value in _mapping(ctx, node, CELL_KEYS, "cell"):
            if key in ("hidden", "back_after_select"):
                values[key] = _bool(ctx, value, key)
            elif key == "action":
                values[key] = self._action(value)
            elif key == "color":
                values[key] = self._color(value)
            elif key in ("symbol", "sound"):
                values[key], values[f"{key}_file"] = self._file(value, key)
            else:  # label, link and the free-text fields
                values[key] = _text(ctx, value, key, allow_empty=key in _TEXT_FIELDS)
        label = values.get("label")
        if label is None:
            if "label" not in values and not _misspelled(node, "label", CELL_KEYS):
                ctx.error(node, "cell has no label (every cell needs `label:`, even with a "
                                "symbol)")
            return None
        if values.get("link") is not None:
            self.links.append(_Link(values["link"], label, ctx.file, line, col))
        elif values.get("back_after_select"):
            ctx.warning(node, "back_after_select has an effect only on a cell with a link "
                              "(or on the whole board)")
        cell = Cell(
            label=label,
            say=values.get("say"),
            link=values.get("link"),
            action=values.get("action") or (),
            letter=values.get("letter"),
            symbol=values.get("symbol"),
            color=values.get("color"),
            sound=values.get("sound"),
            cue=values.get("cue"),
            hidden=bool(values.get("hidden")),
            back_after_select=bool(values.get("back_after_select")),
            symbol_file=values.get("symbol_file"),
            sound_file=values.get("sound_file"),
            line=line,
            col=col,
        )
        return cell

    def _action(self, node: Node) -> Optional[tuple[str, ...]]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.SequenceNode) and not items:
            self.ctx.error(node, "action list is empty; allowed: " + ", ".join(ACTIONS))
            return None
        names: list[str] = []
        for item in items:
            name = _text(self.ctx, item, "action")
            if name is None:
                return None
            if name not in ACTIONS:
                self.ctx.error(item, f'unknown action "{name}" ({_allowed(name, ACTIONS)})')
                return None
            names.append(name)
        return tuple(names)

    def _color(self, node: Node) -> Optional[str]:
        if is_null(node):
            self.ctx.error(node, 'color is empty (an unquoted # starts a comment: write '
                                 '"#RRGGBB" in quotes)')
            return None
        color = _text(self.ctx, node, "color")
        if color is None or color in WORD_CLASS_COLORS or _HEX_COLOR.fullmatch(color):
            return color
        classes = tuple(WORD_CLASS_COLORS)
        self.ctx.error(node, f'unknown color "{color}" ({_allowed(color, classes)} '
                             "or #RRGGBB)")
        return None

    def _file(self, node: Node, key: str) -> tuple[Optional[str], Optional[str]]:
        """A symbol/sound path as written, and the absolute path of the file when it exists
        and is safe to open (the only place board-relative paths are resolved).

        A missing file is only a warning: the path is kept (and watched, so adding the picture
        while the board runs reloads it)."""
        rel = _text(self.ctx, node, key)
        if rel is None:
            return None, None
        if key == "symbol" and is_library_ref(rel):  # mulberry:NAME, openmoji:HEXCODE
            found = resolve(rel, self.folder)
            if found.problem is not None:
                report = self.ctx.error if found.severity == "error" else self.ctx.warning
                report(node, found.problem)
            return rel, found.file
        full = os.path.abspath(os.path.join(self.folder, rel))
        exts = SYMBOL_EXTENSIONS if key == "symbol" else SOUND_EXTENSIONS
        shows = "the cell shows its label" if key == "symbol" else "speech is used instead"
        why = unusable(full, is_image=key == "symbol")
        if why is not None:  # a sound is dropped; a picture stays, drawn as a placeholder
            broken = "the cell shows a placeholder" if key == "symbol" else shows
            self.ctx.warning(node, f'{key} file "{rel}" {why}; {broken}')
            if key != "symbol":
                return None, None
            self.media.append(full)  # watched: fixing the picture reloads the board
            return rel, full  # the renderer re-checks it (cached) and never decodes it
        self.media.append(full)
        if not os.path.isfile(full):  # kept: the picture may be added while the board runs
            self.ctx.warning(node, f'{key} file "{rel}" not found (looked for {full}); {shows}')
            return rel, None
        if not rel.lower().endswith(exts):
            self.ctx.warning(node, f'{key} file "{rel}" is not one of '
                                   f"{', '.join(e[1:].upper() for e in exts)}")
        return rel, full


def _misspelled(node: yaml.MappingNode, key: str, allowed: Sequence[str]) -> bool:
    """True when an unknown key of ``node`` is a near miss for ``key`` (already reported)."""
    for key_node, _ in node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if isinstance(name, str) and name not in allowed and \
                closest(name, allowed) == key:
            return True
    return False


def _allowed(word: str, choices: Sequence[str]) -> str:
    return f"{_hint(word, choices)}allowed: {', '.join(choices)}"
