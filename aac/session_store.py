"""The child's sentence survives a crash: the session is saved on change and read back at start.

``$XDG_STATE_HOME/aac/session-KEY.json`` (default ``~/.local/state/aac``), KEY being the
profile's name, else a short hash of the board set's path, so two children or two sets on one
device never restore each other's message. Writing happens on a writer thread fed with the
latest snapshot (older ones waiting are dropped: coalesced), as temp file + fsync + rename,
so the loop never waits on the disk and a power cut leaves the old file or the new one,
never half of one. The pure part (what a snapshot holds, checking it) is
``aac.core.session``.

Each file also names its board set (``"set"``: the set's resolved path), because board ids
are only unique within a set: "food" is in every language's set. When the carer changes the
set, the saver follows it (``use_set``): later snapshots name the new set and go to that
set's file (the same file when a profile names it). A file naming another set is not
restored; one without the field (older files) is, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Callable, Optional

from .core.session import Session, SnapshotError
from .failure_notice import FailureNotice
from .paths import user_dir


def state_dir() -> Path:
    return user_dir("state")


def session_path(boards: Path, profile: Optional[str] = None) -> Path:
    """Where the session of ``profile`` (or, without one, of this board set) is kept."""
    if profile:
        key = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(profile).stem)
    else:
        key = hashlib.sha256(str(Path(boards).resolve()).encode("utf-8")).hexdigest()[:12]
    return state_dir() / f"session-{key}.json"


def set_id(boards: Path) -> str:
    """What a saved session names its board set by."""
    return str(Path(boards).resolve())


def load_snapshot(path: Path) -> tuple[Optional[dict[str, Any]], Optional[str]]:
    """The saved snapshot (None when there is none), and a one-line notice when the file
    exists but cannot be used (truncated, corrupt, unreadable): it is then ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path}: saved session unreadable ({_reason(exc)}); starting fresh"
    try:
        data = json.loads(text)
    except ValueError as exc:
        return None, f"{path}: saved session is corrupt ({exc}); starting fresh"
    if not isinstance(data, dict):
        return None, f"{path}: saved session is corrupt (not a JSON object); starting fresh"
    return data, None


def restore_session(session: Session, path: Path, boards: Optional[Path] = None) -> list[str]:
    """Put the saved message and boards back into ``session``; the carer's notices.
    ``boards``: the set shown; a file saved on another set is not restored (its board ids
    would mean other boards)."""
    data, notice = load_snapshot(path)
    if data is None:
        return [notice] if notice else []
    saved_set = data.get("set")
    if boards is not None and saved_set is not None and saved_set != set_id(boards):
        return [f"{path}: saved session is of another board set ({saved_set}); "
                "starting fresh"]
    try:
        return [f"{path}: {note}" for note in session.restore(data)]
    except SnapshotError as exc:
        return [f"{path}: saved session is corrupt ({exc}); starting fresh"]


def write_atomically(path: Path, text: str) -> None:
    """Temp file in the same folder, fsync, rename over ``path``, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class SessionSaver:
    """Saves snapshots on its own thread. ``offer`` (loop thread) only swaps a reference.

    A failed write (disk full, read-only folder) is told to the carer once, through
    ``on_problem``, and the communicator carries on; the next good write is told too.
    """

    def __init__(self, path: Path, on_problem: Callable[[str], None],
                 write: Callable[[Path, str], None] = write_atomically,
                 boards: Optional[Path] = None, profile: Optional[str] = None) -> None:
        """``boards``: the set shown, named in every snapshot; ``profile``: the profile the
        file is keyed by (``session_path``), kept for ``use_set``."""
        self.path = path
        self.profile = profile
        self._set = None if boards is None else set_id(boards)
        self._write = write
        self._lock = threading.Lock()
        self._wake = threading.Event()
        #: the latest snapshot waiting for each file (a set change can leave two waiting)
        self._latest: dict[Path, dict[str, Any]] = {}
        self._written: Optional[tuple[Path, str]] = None
        self._notice = FailureNotice(on_problem)
        self._closing = False
        self.writes = 0
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="aac-session-saver", daemon=True)
        self._thread.start()

    def watch(self, session: Session) -> Callable[[], None]:
        """A cheap per-step hook for the loop: offers a snapshot only when the session's
        revision moved."""
        seen = [session.revision]

        def check() -> None:
            if session.revision != seen[0]:
                seen[0] = session.revision
                self.offer(session.snapshot())

        return check

    def use_set(self, boards: Path) -> None:
        """The carer changed the board set (loop thread): later snapshots are that set's and
        go to its file; one offered before still goes to the old set's file."""
        with self._lock:
            self.path = session_path(boards, self.profile)
            self._set = set_id(boards)

    def offer(self, snapshot: dict[str, Any]) -> None:
        with self._lock:
            self._latest[self.path] = (snapshot if self._set is None
                                       else {**snapshot, "set": self._set})
            self._idle.clear()
        self._wake.set()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every offered snapshot is on disk (tests, clean exit)."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        self._closing = True
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                waiting, self._latest = self._latest, {}
            for path, snap in waiting.items():
                self._save(path, snap)
            with self._lock:
                if not self._latest:
                    self._idle.set()
            if self._closing and not self._latest:
                return

    def _save(self, path: Path, snap: dict[str, Any]) -> None:
        text = json.dumps(snap, ensure_ascii=False, separators=(",", ":"))
        if (path, text) == self._written:
            return
        try:
            self._write(path, text)
        except OSError as exc:
            self._notice.failed(f"cannot save the message ({path}: {_reason(exc)}); "
                                "it will be lost if the communicator stops")
            return
        self._written = (path, text)
        self.writes += 1
        self._notice.worked("the message is being saved again")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
