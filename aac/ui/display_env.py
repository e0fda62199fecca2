"""Which SDL video driver to ask for on a Linux desktop: Wayland's own where SDL has it.

Raspberry Pi OS's desktop is Wayland (labwc) with XWayland beside it. SDL 2 tries X11 before
Wayland, so left alone aac would draw through XWayland. With ``SDL_VIDEODRIVER=wayland,x11``
(SDL takes a list) it asks the compositor itself for a full-screen surface and reads touch
from the seat, and still falls back to XWayland where pygame's SDL lacks the driver or
libwayland-client is missing. A value the user set (``x11`` to force XWayland, ``dummy`` in
tests) is never changed. The window's app id / X11 class is "aac" (not "python3.11"), so a
labwc window rule can match it. Sound needs nothing here: pygame's SDL tries PulseAudio (which
PipeWire serves through pipewire-pulse) before ALSA. Call before ``pygame.display.init``.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from typing import Optional

WAYLAND_FIRST = "wayland,x11"
APP_ID = "aac"


def prefer_wayland(environ: Optional[MutableMapping[str, str]] = None) -> Optional[str]:
    """Set ``SDL_VIDEODRIVER`` to ``wayland,x11`` in a Wayland session where it is unset
    (and the window's app id to "aac"); returns the driver list set, or None."""
    env = os.environ if environ is None else environ
    env.setdefault("SDL_VIDEO_WAYLAND_WMCLASS", APP_ID)
    env.setdefault("SDL_VIDEO_X11_WMCLASS", APP_ID)
    if env.get("SDL_VIDEODRIVER") or not env.get("WAYLAND_DISPLAY"):
        return None
    env["SDL_VIDEODRIVER"] = WAYLAND_FIRST
    return WAYLAND_FIRST
