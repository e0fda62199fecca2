"""Tell the carer once when a background write starts failing, and once when it works again.

A full disk or a read-only folder makes every write fail: a notice per write would flood the
status line, and silence after a recovery would leave a stale worry. The session saver, the
usage log and the speech, picture and symbol caches all use this one latch.
"""

from __future__ import annotations

import threading
from typing import Callable


class FailureNotice:
    """``failed(text)`` tells ``text`` only on the first failure of a run of failures;
    ``worked(text)`` tells ``text`` only when it ends one. Safe from any thread."""

    def __init__(self, tell: Callable[[str], None]) -> None:
        #: where notices go; may be re-pointed later (``aac run`` points it at the carer's line)
        self.tell = tell
        self._failing = False
        self._lock = threading.Lock()

    @property
    def failing(self) -> bool:
        return self._failing

    def failed(self, text: str) -> bool:
        """A write failed; True when this is news (``text`` was told)."""
        with self._lock:
            news, self._failing = not self._failing, True
        if news:
            self.tell(text)
        return news

    def worked(self, text: str) -> bool:
        """A write succeeded; True when it ends a failure (``text`` was told)."""
        with self._lock:
            news, self._failing = self._failing, False
        if news:
            self.tell(text)
        return news
