"""Import pygame with only what the first frame needs; the rest right after it.

``import pygame`` imports every submodule. Two of them cost more than everything the first
frame draws: ``pygame.pkgdata`` imports setuptools' ``pkg_resources`` (about 0.15 s here, over
0.5 s on a quarter of a core) only to find pygame's bundled default font, which aac never uses
(labels use DejaVu; ``pkgdata`` has its own fallback); and ``surfarray``/``sndarray`` import
numpy (about 0.14 s of CPU). ``sprite``, ``threads``, ``scrap`` and ``fastevent`` are never
used before the first frame either, nor ``sysfont`` (it finds system fonts with ``fc-list``;
labels use a known font file) and the ``subprocess`` module it imports. pygame imports each
of these in its own ``try`` and puts a stand-in there when the import fails, so blocking
them changes nothing else (``sysfont`` shares its ``try`` with ``font``: the real ``font`` is
put back); :func:`complete_pygame` imports them for real after the first frame (the speech
side needs ``sndarray``).
"""

from __future__ import annotations

import importlib
import sys
import warnings

#: pygame submodules the first frame does not need, imported by ``complete_pygame``
HELD_BACK = ("pygame.surfarray", "pygame.sndarray", "pygame.sprite", "pygame.threads",
             "pygame.scrap", "pygame.fastevent", "pygame.sysfont")
#: modules pygame imports only for what aac does not use (``pkg_resources``: its own font)
NOT_WANTED = ("pkg_resources",)


def import_pygame() -> None:
    """Import pygame once, without ``HELD_BACK`` and ``NOT_WANTED`` (unless already loaded)."""
    if "pygame" in sys.modules:
        return
    blocked = [name for name in HELD_BACK + NOT_WANTED if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # ImportError for it
    try:
        with warnings.catch_warnings():  # pygame warns that "sprite"/"threads" are missing
            warnings.filterwarnings("ignore", "import (sprite|threads): import of",
                                    RuntimeWarning)
            import pygame  # noqa: F401
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    font = sys.modules.get("pygame.font")
    if font is not None:  # pygame imports font and sysfont in one ``try``: with sysfont
        # held back it put a stand-in for font too; the real module goes back
        sys.modules["pygame"].font = font  # type: ignore[attr-defined]


def complete_pygame() -> None:
    """Import the submodules ``import_pygame`` held back (idempotent, any thread).

    Each replaces pygame's stand-in attribute, so ``pygame.sndarray`` works afterwards."""
    import pygame

    for name in HELD_BACK:
        module = sys.modules.get(name)
        if module is None:
            module = importlib.import_module(name)
        setattr(pygame, name.rsplit(".", 1)[1], module)
    sysfont = sys.modules["pygame.sysfont"]
    for name in ("SysFont", "get_fonts", "match_font"):  # as pygame's own import sets them
        setattr(pygame.font, name, getattr(sysfont, name))
