"""What ``aac run`` tells its front end about the child: touch rules, switches, press length.

One call after the front end is opened, so ``commands/run.py`` does not probe front ends
itself: the pygame window gets the touch rules and the switch translator (joysticks that are
missing are reported "waiting for it"); the terminal gets the scan settings' acceptance time,
because it sees no key releases (``aac.ui.terminal``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

from ..core.scan_settings import ScanSettings
from ..core.touch import TouchSettings
from ..inputs.registry import FrontendConfig

Report = Callable[[str], None]


def configure_frontend(
    frontend: Any,
    touch: Optional[TouchSettings],
    switches: Optional[FrontendConfig],
    scan: Optional[ScanSettings],
    on_status: Report,
) -> None:
    """Apply the child's settings to whichever front end was opened; carer messages (a
    missing joystick, the terminal's press length) go to ``on_status`` (stderr + status)."""
    from .pygame_frontend import PygameFrontend  # the terminal's modules only for it

    if not isinstance(frontend, PygameFrontend):
        from .terminal import TerminalFrontend

        if isinstance(frontend, TerminalFrontend):
            notice = frontend.use_scan_settings(scan)
            if notice:
                on_status(notice)
        return
    if touch is not None:
        frontend.use_touch(touch)
    if switches is not None:
        frontend.use_switches(switches, on_status)
