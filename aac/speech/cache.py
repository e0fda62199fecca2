"""Rendered speech, kept in memory (bounded) and on disk (so a restart is warm).

Key: ``(text, voice, rate, pitch, volume)``. Disk entries are WAV files named by a hash of
the key, written atomically (temp file + rename); an unreadable file is deleted and treated
as a miss, so a corrupt cache costs one re-render, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict, deque
from pathlib import Path
from typing import NamedTuple, Optional, Union

from ..cache_dirs import cache_base, cache_notice, cannot_write, writing_again
from .audio import Pcm, read_wav, write_wav

FORMAT = 1  # bump when the stored audio changes meaning (e.g. trimming rules)


class CacheKey(NamedTuple):
    text: str
    voice: str
    rate: int
    pitch: int
    volume: float

    def digest(self) -> str:
        raw = json.dumps([FORMAT, *self], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def default_cache_dir() -> Path:
    """``$AAC_CACHE_DIR``, else ``$XDG_CACHE_HOME/aac/speech``, else ``~/.cache/aac/speech``."""
    if os.environ.get("AAC_CACHE_DIR"):
        return Path(os.environ["AAC_CACHE_DIR"])  # speech's files sit in it directly
    return cache_base() / "speech"


class AudioCache:
    """Thread-safe LRU of ``Pcm`` bounded by ``max_bytes``, backed by ``directory``.

    ``directory=None`` uses ``default_cache_dir()``; ``persist=False`` keeps memory only.
    A folder that cannot be made or written (read-only, full) leaves memory serving; the
    carer is told once (``aac.cache_dirs.cache_notice``), and again when writes work again.
    """

    def __init__(
        self,
        directory: Union[str, Path, None] = None,
        max_bytes: int = 8 * 1024 * 1024,  # ~190 s of speech; the default set needs ~4 MB
        persist: bool = True,
    ) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.max_bytes = max_bytes
        self.persist = persist
        self.hits = 0
        self.misses = 0
        self._mem: OrderedDict[CacheKey, Pcm] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._queue: deque[tuple[CacheKey, Pcm]] = deque()
        self._unwritten = 0
        self._cond = threading.Condition()
        self._writer: Optional[threading.Thread] = None
        self.notice = cache_notice()
        if persist:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.persist = False  # read-only home: memory only
                self.notice.failed(cannot_write(self.directory, exc))

    @property
    def memory_bytes(self) -> int:
        return self._bytes

    def path(self, key: CacheKey) -> Path:
        return self.directory / f"{key.digest()}.wav"

    def peek(self, key: CacheKey) -> Optional[Pcm]:
        """Memory only: never touches the disk, safe to call from the loop thread."""
        with self._lock:
            pcm = self._mem.get(key)
            if pcm is not None:
                self._mem.move_to_end(key)
            return pcm

    def get(self, key: CacheKey) -> Optional[Pcm]:
        """Memory, then disk (which is promoted to memory)."""
        pcm = self.peek(key)
        if pcm is None and self.persist:
            pcm = self._read(key)
            if pcm is not None:
                self._remember(key, pcm)
        with self._lock:
            if pcm is None:
                self.misses += 1
            else:
                self.hits += 1
        return pcm

    def put(self, key: CacheKey, pcm: Pcm) -> None:
        """Keep ``pcm`` in memory now; write it to disk behind, so playback never waits for
        an SD card (``flush`` waits for the writes)."""
        self._remember(key, pcm)
        if not self.persist:
            return
        with self._cond:
            self._queue.append((key, pcm))
            self._unwritten += 1
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_loop, name="aac-speech-cache", daemon=True
                )
                self._writer.start()
            self._cond.notify_all()

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Wait until every ``put`` is on disk; ``False`` if ``timeout`` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._unwritten == 0, timeout)

    def _write_loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._queue))
                key, pcm = self._queue.popleft()
            try:
                self._write(key, pcm)
            except Exception:  # pragma: no cover - a cache write must never end the writer
                pass
            finally:
                with self._cond:
                    self._unwritten -= 1
                    self._cond.notify_all()

    def _remember(self, key: CacheKey, pcm: Pcm) -> None:
        with self._lock:
            old = self._mem.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            if pcm.nbytes > self.max_bytes:
                return
            self._mem[key] = pcm
            self._bytes += pcm.nbytes
            while self._bytes > self.max_bytes:
                _, dropped = self._mem.popitem(last=False)
                self._bytes -= dropped.nbytes

    def _read(self, key: CacheKey) -> Optional[Pcm]:
        path = self.path(key)
        try:
            return read_wav(path)
        except FileNotFoundError:
            return None
        except Exception:  # corrupt or truncated: drop it, render again
            try:
                path.unlink()
            except OSError:
                pass
            return None

    def _write(self, key: CacheKey, pcm: Pcm) -> None:
        path = self.path(key)
        try:
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".wav")
            try:
                with os.fdopen(fd, "wb") as f:
                    write_wav(f, pcm)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:  # disk full or read-only: the memory copy still serves
            self.notice.failed(cannot_write(self.directory, exc))
            return
        self.notice.worked(writing_again(self.directory))
