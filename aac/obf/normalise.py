"""Small normalisations of what real OBF files contain: ids, colours, locales, names.

Each returns a clean value or None; the caller words the warning, since only it knows the
file and the button.
"""

from __future__ import annotations

import math
import re
from typing import Optional

_RGB = re.compile(r"\s*rgba?\(\s*([-\d.]+%?)\s*,\s*([-\d.]+%?)\s*,\s*([-\d.]+%?)\s*"
                  r"(?:,\s*([-\d.]+%?)\s*)?\)\s*;?\s*", re.IGNORECASE)
_HEX = re.compile(r"\s*#([0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})\s*")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_UNSAFE_NAME = re.compile(r'[/\\\x00-\x1f\x7f]')
#: CSS colour names seen in real boards
_NAMED = {"white": (255, 255, 255), "black": (0, 0, 0), "red": (255, 0, 0),
          "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0),
          "orange": (255, 165, 0), "purple": (128, 0, 128), "pink": (255, 192, 203),
          "gray": (128, 128, 128), "grey": (128, 128, 128), "brown": (165, 42, 42),
          "lightgray": (211, 211, 211), "lightgrey": (211, 211, 211)}
#: Names a board file must not take (the set file, names the loader skips).
RESERVED_STEMS = frozenset({"set"})


def norm_id(value: object) -> Optional[str]:
    """Ids as text: ``1`` and ``"1"`` are the same button; ``1.0`` is ``"1"``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_color(value: object) -> Optional[tuple[int, int, int]]:
    """``rgb()``, ``rgba()`` (blended onto white, as shown on a light board), ``#rgb``,
    ``#rrggbb(aa)`` or a CSS name -> RGB; anything else -> None."""
    if not isinstance(value, str):
        return None
    m = _RGB.fullmatch(value)
    if m:
        try:
            rgb = [_channel(v) for v in m.groups()[:3]]
            alpha = 1.0 if m.group(4) is None else _alpha(m.group(4))
        except ValueError:
            return None
        r, g, b = (round(c * alpha + 255 * (1 - alpha)) for c in rgb)
        return r, g, b
    m = _HEX.fullmatch(value)
    if m:
        digits = m.group(1)
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits)
        r, g, b = (int(digits[i:i + 2], 16) for i in (0, 2, 4))
        if len(digits) == 8:
            a = int(digits[6:8], 16) / 255
            r, g, b = (round(c * a + 255 * (1 - a)) for c in (r, g, b))
        return r, g, b
    return _NAMED.get(value.strip().lower())


def _channel(text: str) -> float:
    value = float(text[:-1]) * 2.55 if text.endswith("%") else float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return min(255.0, max(0.0, value))


def _alpha(text: str) -> float:
    value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return min(1.0, max(0.0, value))


def hex_color(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def rgb_css(rgb: tuple[int, int, int]) -> str:
    return "rgb({}, {}, {})".format(*rgb)


def norm_locale(value: object) -> Optional[str]:
    """``en_US`` -> ``en-US`` (BCP 47); None when it is not a language tag at all."""
    if not isinstance(value, str):
        return None
    tag = value.strip().replace("_", "-")
    return tag if _LOCALE.fullmatch(tag) else None


def safe_stem(text: str, fallback: str) -> str:
    """A file name stem for a board id: as given when it is safe (any script is), else with
    separators and control characters replaced; never hidden, never a reserved name."""
    stem = _UNSAFE_NAME.sub("_", text).strip()
    stem = stem.lstrip(".")
    while len(stem.encode("utf-8")) > 200:
        stem = stem[:-1]
    if not stem or stem.lower() in RESERVED_STEMS:
        stem = f"{fallback}{'_' + stem if stem else ''}"
    return stem


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name_2``, ``name_3``... whichever is not taken yet (then taken)."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate)
    return candidate
