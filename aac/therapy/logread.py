"""Read usage logs crash-safely, across size-rotated files, split into sessions.

The device may lose power mid-write, so a torn last line (no newline, or not JSON) is
ignored silently; a bad line elsewhere is skipped and reported with file:line, never a
traceback. ``usage.jsonl`` rotated by size is read oldest first: ``usage.jsonl.3``,
``.2``, ``.1``, then ``usage.jsonl`` (see :mod:`aac.therapy.rotating`). A session starts
at each ``session`` record; records before any ``session`` line (e.g. the start of a file
whose header rotated away) continue the previous session, or form one without settings.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


@dataclass
class LogSession:
    """One run of the communicator: its ``session`` header and the records after it."""

    source: str  # file (and line) the session began in
    header: Record
    records: list[Record] = field(default_factory=list)

    @property
    def settings(self) -> dict[str, Any]:
        s = self.header.get("settings")
        return dict(s) if isinstance(s, dict) else {}

    @property
    def wall(self) -> str:
        return str(self.header.get("wall", ""))

    @property
    def start(self) -> float:
        t = self.header.get("t")
        if isinstance(t, (int, float)):
            return float(t)
        return float(self.records[0]["t"]) if self.records else 0.0


@dataclass
class ReadResult:
    sessions: list[LogSession]
    problems: list[str]  # "file:line: why" for each skipped line (not the torn last one)
    files: list[str]


def rotated_files(path: str) -> list[str]:
    """``path`` and its rotated siblings (``path.1`` … ``path.N``), oldest first. A folder
    gives every ``*.jsonl`` log in it (with its rotations), by name."""
    if os.path.isdir(path):
        bases = sorted(p for p in glob.glob(os.path.join(path, "*.jsonl")))
        return [f for b in bases for f in rotated_files(b)]
    numbered = []
    for p in glob.glob(glob.escape(path) + ".*"):
        m = re.fullmatch(re.escape(path) + r"\.(\d+)", p)
        if m:
            numbered.append((int(m.group(1)), p))
    out = [p for _, p in sorted(numbered, reverse=True)]
    if os.path.exists(path) or not out:
        out.append(path)
    return out


def parse_lines(text: str, name: str) -> tuple[list[tuple[int, Record]], list[str]]:
    """(line number, record) for each good line; problems for bad ones. The last line is
    dropped without a word when torn (no final newline and not a JSON object)."""
    lines = text.split("\n")
    torn_ok = not text.endswith("\n")
    good: list[tuple[int, Record]] = []
    problems: list[str] = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        last = i == len(lines)
        try:
            rec = json.loads(line)
        except ValueError:
            rec = None
        if not isinstance(rec, dict) or not isinstance(rec.get("t"), (int, float)) \
                or not isinstance(rec.get("type"), str):
            if not (last and torn_ok):
                problems.append(f"{name}:{i}: not a usage-log record (expected a JSON object "
                                'with "t" and "type"), skipped')
            continue
        good.append((i, rec))
    return good, problems


def read_logs(paths: Sequence[str]) -> ReadResult:
    """Every session in ``paths`` (each with its rotations), in the order given."""
    files: list[str] = []
    for p in paths:
        files.extend(f for f in rotated_files(p) if f not in files)
    sessions: list[LogSession] = []
    problems: list[str] = []
    for f in files:
        try:
            with open(f, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError as exc:
            problems.append(f"{f}: cannot read: {exc.strerror or exc}")
            continue
        good, bad = parse_lines(text, f)
        problems.extend(bad)
        _split(good, f, sessions)
    return ReadResult(sessions, problems, files)


def _split(good: Iterable[tuple[int, Record]], name: str, sessions: list[LogSession]) -> None:
    for line, rec in good:
        if rec["type"] == "session":
            sessions.append(LogSession(f"{name}:{line}", rec))
        elif sessions:
            sessions[-1].records.append(rec)
        else:
            sessions.append(LogSession(f"{name}:{line}", {"t": rec["t"], "type": "session"},
                                       [rec]))


def records_of(session: LogSession) -> list[Record]:
    """The session's records, header first (what :mod:`aac.therapy.analysis` reads)."""
    return [session.header, *session.records]


