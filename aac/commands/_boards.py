"""Loading a board set for a command that refuses a broken set (``aac simulate``: replaying
a therapist's timeline on a partial set would give misleading figures): every problem
printed with its position, then either the set or None. ``aac run`` starts anyway
(``aac.app``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional, Union


def load_or_report(path: Union[str, os.PathLike[str]], prog: str) -> Optional[Any]:
    """The LoadResult, or None after printing why the set cannot be used.

    Warnings (a missing picture) are printed too but do not stop the command.
    """
    from ..boards.loader import load_board_set
    from ..language import resolve_set

    if not os.path.exists(path):
        from ..i18n import _

        print(f"{prog}: {path}: {_('no such board file or folder')}", file=sys.stderr)
        return None
    path = resolve_set(Path(path))  # a folder of sets: the set of the chosen language
    result = load_board_set(path)
    for problem in result.problems:
        print(str(problem), file=sys.stderr)
    if not result.ok:
        from ..carer_texts import error_count
        from ..i18n import _

        note = _("{errors}; fix them and start again").format(
            errors=error_count(len(result.errors)))
        print(f"{prog}: {path}: {note} "
              + _("(`aac lint {path}` shows what was understood)").format(path=path),
              file=sys.stderr)
        return None
    return result
