"""Problems found in board files: values with positions, never exceptions.

"Errors are values at boundaries": the loader collects every problem in a set at once so a
teacher fixes them in one pass, and the runtime can show them while keeping the last good set.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from ..core.board import BoardSet


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LoadResult:
    """A board set (None when any error stops it from being usable) and every problem.

    ``usable`` is what ``aac run`` starts with even when some boards have errors: every board
    that loaded, links to the others made inert (``Cell.broken_link``); None only when the
    home board itself failed. ``media_files`` are the symbol/sound paths the boards name
    (found or not), resolved once, so the watcher can reload when a picture is added.
    """

    boards: Optional[BoardSet]
    problems: list[Problem] = field(default_factory=list)
    usable: Optional[BoardSet] = None
    media_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.usable is None and self.boards is not None:
            self.usable = self.boards

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.boards is not None and not self.errors
