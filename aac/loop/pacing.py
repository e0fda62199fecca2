"""Frame pacing: when the loop may sleep, drawing a scan frame ahead, flipping it on time,
and reporting how late each highlight became visible.

Scan deadlines are absolute, so the loop sleeps until just before the next one (``EARLY``
s), then polls the front end until it is due: the OS timer's wake-up jitter (~0.1 ms) is
absorbed by a short poll instead of making the frame late. The poll is kept that short on
purpose: on a Pi-class core under a CPU quota every millisecond spun is budget the flip may
then lack (a 1.5 ms poll was 60 % of a quarter core's 2.5 ms per 10 ms). With a
:class:`~aac.loop.seams.PreparingFrontend` the next scan frame is drawn ``PREPARE`` s ahead
and only flipped at the instant, so drawing time is not lateness.
"""

from __future__ import annotations

from typing import Callable, Optional

from ..core.view import View
from .seams import Frontend, PreparingFrontend

#: Wake this long before a scan deadline, then poll the front end until it is due.
EARLY = 0.0003
#: With a front end that can ``prepare``: draw the next scan frame this long ahead.
PREPARE = 0.012
#: Sleep at most this long with nothing due (a posted event wakes the loop anyway).
IDLE = 0.5

FrameObserver = Callable[[View, float], None]
HighlightObserver = Callable[[float, float], None]


class FramePacer:
    """Draws views on ``frontend`` only when they change, on time, and reports the flips.

    ``on_frame(view, flipped)`` is called after every frame; ``on_highlight(scheduled,
    flipped)`` after each frame that showed a new scan item (benchmarks measure lateness).
    """

    def __init__(
        self,
        frontend: Frontend,
        on_frame: Optional[FrameObserver] = None,
        on_highlight: Optional[HighlightObserver] = None,
    ) -> None:
        self.frontend = frontend
        self.preparer: Optional[PreparingFrontend] = (
            frontend if isinstance(frontend, PreparingFrontend) else None)
        self.on_frame = on_frame
        self.on_highlight = on_highlight
        self.frames = 0
        self.last_view: Optional[View] = None
        self._prepared: Optional[tuple[float, View]] = None  # drawn off screen, for time t
        self._shown_at: Optional[float] = None  # scheduled time of a highlight not yet drawn

    @property
    def can_prepare(self) -> bool:
        return self.preparer is not None

    def timeout(self, now: float, end: Optional[float], due: Optional[float]) -> float:
        """How long the loop may sleep: until ``EARLY`` before ``due``, at most ``IDLE`` s.

        Within ``EARLY`` of a scan deadline this is 0: the loop polls until it is due.
        """
        deadline = now + IDLE
        if end is not None:
            deadline = min(deadline, end)
        if due is not None:
            if self.preparer is not None and (self._prepared is None
                                              or self._prepared[0] != due):
                deadline = min(deadline, due - PREPARE)
            if due - EARLY < deadline:
                return max(0.0, due - EARLY - now)
        return max(0.0, deadline - now)

    def highlight_scheduled(self, t: float) -> None:
        """The scan engine lit a new item for time ``t``; the next flip shows it."""
        self._shown_at = t

    def wants_prepare(self, now: float, due: float) -> bool:
        """Is it time to draw the frame due at ``due`` ahead (and not done yet)?"""
        if self.preparer is None or due - now > PREPARE + 1e-6:
            return False
        return self._prepared is None or self._prepared[0] != due

    def prepare(self, due: float, view: View) -> None:
        """Draw ``view`` off screen for time ``due`` (unless it is what is shown already)."""
        if self.preparer is not None and view != self.last_view:
            self.preparer.prepare(view)
            self._prepared = (due, view)

    def show(self, view: View) -> None:
        """Make ``view`` visible if it differs from what is: flip the prepared frame when it
        is this view, else draw it now."""
        if view == self.last_view:
            self._shown_at = None
            return
        flipped: Optional[float] = None
        if self.preparer is not None and self._prepared is not None and self._prepared[1] == view:
            flipped = self.preparer.present()
        self._prepared = None  # shown now, or overwritten by the render below
        if flipped is None:
            flipped = self.frontend.render(view)
        self.last_view = view
        self.frames += 1
        if self.on_frame is not None:
            self.on_frame(view, flipped)
        if self._shown_at is not None and self.on_highlight is not None:
            self.on_highlight(self._shown_at, flipped)
        self._shown_at = None
