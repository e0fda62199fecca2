"""What can go wrong with a package: a refusal (``ObfError``) or a warning (``Warn``).

A refusal stops the import with nothing written; a warning names the file inside the package
and the button, so a teacher can find it in the other app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


class ObfError(Exception):
    """The package or board cannot be used; the message says why, for a person."""


@dataclass(frozen=True)
class Warn:
    """Something normalised or left out while importing or exporting."""

    file: str  # the file inside the package (or the .obf / board file itself)
    message: str
    button: Optional[str] = None  # the button id, when it is about one button

    def __str__(self) -> str:
        where = f"{self.file}: button {self.button!r}" if self.button is not None else self.file
        return f"{where}: warning: {self.message}"
