"""Import pygame without setuptools' ``pkg_resources``.

``import pygame`` runs ``pygame.pkgdata``, which imports ``pkg_resources`` (about 0.15 s
here, over 0.5 s on a quarter of a core: the largest single import before the first frame)
only to find pygame's bundled default font. aac never uses that font (labels use DejaVu), and
``pkgdata`` has its own fallback when ``pkg_resources`` cannot be imported.
"""

from __future__ import annotations

import sys


def import_pygame() -> None:
    """Import pygame once, hiding ``pkg_resources`` from it (unless already loaded)."""
    if "pygame" in sys.modules:
        return
    if "pkg_resources" in sys.modules:
        import pygame  # noqa: F401
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # ImportError for it
    try:
        import pygame  # noqa: F401
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
