"""Reload a board set when a teacher saves a file.

Polling (stat of a few dozen files every half second) instead of inotify: it works the same
on every filesystem (SD cards, network shares, editors that replace files on save) and costs
microseconds. The callback runs on the watcher's thread; the runtime forwards the result into
its loop, which keeps the last good set when the new one has errors.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from typing import Any, Callable, Optional, Union

from .problems import LoadResult
from .set_files import SET_FILES, board_files

#: (path, mtime_ns, size, inode) per watched file; a missing file has (path, -1, -1, -1).
Signature = tuple[tuple[str, int, int, int], ...]


class BoardWatcher:
    """Polls a set's files; on any change, reloads it and calls ``on_change(result)``.

    Pass the ``initial`` result the runtime already loaded to also watch its symbol files.

    ``check()`` runs one poll synchronously (what the thread does every ``interval``
    seconds), so callers and tests can trigger a poll without waiting for the timer.
    """

    def __init__(
        self,
        path: Union[str, os.PathLike[str]],
        on_change: Callable[[LoadResult], None],
        interval: float = 0.5,
        initial: Optional[LoadResult] = None,
    ) -> None:
        from pathlib import Path

        from ..language import resolve_set

        self.path = os.fspath(resolve_set(Path(path)))  # a folder of sets: the chosen set
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: Optional[threading.Thread] = None
        self._extra: tuple[str, ...] = ()  # symbol/sound files of the last loaded set
        self._signature: Signature = ()
        self._remember(self._snapshot(), initial)

    def start(self) -> None:
        """Start polling from now: the current files are the baseline (no initial call)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="board-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def poke(self) -> None:
        """Poll now instead of at the end of the current interval."""
        self._wake.set()

    def check(self) -> Optional[LoadResult]:
        """Poll once: reload and call ``on_change`` if any watched file changed."""
        with self._lock:
            signature = self._snapshot()
            if signature == self._signature:
                return None
            from .set_cache import load_and_keep  # the loader (YAML...) only on a change

            result = load_and_keep(self.path)
            self._remember(signature, result)
        try:
            self.on_change(result)
        except Exception:  # a broken consumer must not stop reloads
            _log().exception("board watcher callback failed")
        return result

    def _remember(self, signature: Signature, result: Optional[LoadResult]) -> None:
        """Baseline = the stats read *before* loading (a save during the load is caught by the
        next poll), plus the media files of the newly loaded set."""
        if result is not None and result.usable is not None:  # what runs, even with errors
            self._extra = tuple(_media_files(result))
        stats = {s[0]: s for s in signature}
        for media in self._extra:
            if media not in stats:
                stats[media] = _stat(media)
        wanted = set(self._files()) | set(self._extra)
        self._signature = tuple(stats[p] for p in sorted(stats) if p in wanted)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.check()
            except Exception:  # pragma: no cover - keep watching whatever happens
                _log().exception("board watcher poll failed")

    def _snapshot(self) -> Signature:
        return tuple(_stat(p) for p in sorted(set(self._files()) | set(self._extra)))

    def _files(self) -> Iterable[str]:
        if os.path.isdir(self.path):
            yield from board_files(self.path)
            for name in SET_FILES:
                yield os.path.join(self.path, name)
        else:
            yield self.path


def _stat(path: str) -> tuple[str, int, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (path, -1, -1, -1)
    return (path, st.st_mtime_ns, st.st_size, st.st_ino)


def _media_files(result: LoadResult) -> Iterable[str]:
    """Symbol and sound files the set uses, so replacing a picture also reloads."""
    return result.media_files


def _log() -> Any:
    """The module's logger (``logging`` is imported only when there is something to log)."""
    import logging

    return logging.getLogger(__name__)
