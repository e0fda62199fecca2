"""The words on the carer's status line for board problems (one place for them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..boards.problems import Problem

#: "not applied": a reload failed, the last good set stays; "partial": started with every
#: board that loaded; "fallback": the home board failed, the built-in board is shown;
#: "set refused": the set the carer chose has errors, the shown set stays.
ProblemKind = Literal["not applied", "partial", "fallback", "set refused"]

_LEAD: dict[str, str] = {  # msgids: translated when shown (board_problem_text)
    "not applied": "Board edit not applied",
    "partial": "Some boards could not load and are off",
    "fallback": "Home board could not load; showing the emergency board",
    "set refused": "That board set could not load; the boards shown stay",
}


def board_problem_text(problems: Sequence[Problem], kind: ProblemKind) -> str:
    """``Lead: first error (and N more)``; empty when there is no error."""
    from ..i18n import _

    errors = [p for p in problems if p.severity == "error"]
    if not errors and kind == "partial":
        return ""
    first = str(errors[0]) if errors else _("the board set could not be loaded")
    more = (_(" (and {n} more; all on stderr)").format(n=len(errors) - 1)
            if len(errors) > 1 else "")
    return f"{_(_LEAD[kind])}: {first}{more}"
