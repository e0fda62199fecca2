"""Reading usage logs for ``aac report``, ``aac tune`` and ``aac log``: bad lines are
reported as ``file:line: ...`` on stderr and skipped; no sessions at all is an error."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Optional

from ..therapy.analysis import SessionStats, analyse
from ..therapy.logread import LogSession, read_logs


def load(paths: Sequence[str], command: str
         ) -> Optional[tuple[list[LogSession], list[SessionStats], list[str]]]:
    """(sessions, their statistics, files read), or None after printing why not."""
    missing = [p for p in paths if not os.path.exists(p) and not os.path.exists(p + ".1")]
    if missing:
        print(f"{command}: {missing[0]}: no such log file", file=sys.stderr)
        return None
    result = read_logs(paths)
    for problem in result.problems:
        print(f"{command}: warning: {problem}", file=sys.stderr)
    if not result.sessions:
        print(f"{command}: no usage-log records in {', '.join(paths)} "
              "(docs/usage-log.md)", file=sys.stderr)
        return None
    stats = [analyse(s.header, s.records, s.source) for s in result.sessions]
    return result.sessions, stats, result.files
