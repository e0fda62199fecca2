"""Colours, sizes and the highlight style: everything a therapist may want to change.

Kept as one frozen value (no pygame) so the layout, the pygame renderer and the terminal
front end agree, and so a theme can be loaded from YAML with a clear error for a bad key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

RGB = tuple[int, int, int]
#: ``highlight:`` values: a frame only, a frame around the cell drawn in inverted colours, or
#: the lit cell drawn larger (over its neighbours) inside the frame.
HIGHLIGHT_STYLES: tuple[str, ...] = ("frame", "inverse", "enlarged")


@dataclass(frozen=True)
class Theme:
    background: RGB = (40, 44, 52)
    cell_default: RGB = (255, 255, 255)  # a cell without a colour
    cell_outline: RGB = (0, 0, 0)
    cell_text: RGB = (0, 0, 0)
    message_background: RGB = (255, 255, 255)
    message_text: RGB = (0, 0, 0)
    title_text: RGB = (230, 230, 230)
    status_background: RGB = (120, 20, 20)
    status_text: RGB = (255, 255, 255)
    focus: RGB = (0, 120, 255)  # keyboard focus in touch mode (testing aid, subtle)
    # Scan highlight: a thick frame in a colour that contrasts with every cell colour,
    # edged in black. ``highlight: inverse`` also inverts the lit cell's colours; not the
    # default, since it turns the colour key around (green verbs would show purple).
    highlight_frame: RGB = (255, 221, 0)
    highlight_edge: RGB = (0, 0, 0)
    highlight_width: int = 8
    highlight: str = "frame"  # one of HIGHLIGHT_STYLES
    escape_background: RGB = (70, 76, 90)  # the escape buttons at the rows' ends
    escape_text: RGB = (255, 255, 255)
    stopped_background: RGB = (0, 0, 0)  # the "press to start" banner
    stopped_text: RGB = (255, 221, 0)
    pressed_darken: float = 0.65  # press feedback: colour multiplied by this, and inset
    pressed_inset: int = 4
    gap: int = 8  # space between cells
    outline_width: int = 2
    margin: int = 8
    message_height: float = 0.10  # share of the screen height
    title_height: float = 0.045
    status_height: float = 0.06
    max_label_px: int = 64  # label font size cap
    min_label_px: int = 12
    #: WCAG contrast every cell label must reach: black or white text, whichever contrasts
    #: more, on a fill lightened (or darkened) until it does, keeping its hue. 4.5 is WCAG AA
    #: (white on the question purple was 3.6:1); 0: black or white by luminance, unchanged.
    min_contrast: float = 4.5
    label_share: float = 0.35  # the most of a picture cell's height its label may take

    def cell_colors(self, bg: RGB) -> tuple[RGB, RGB]:
        """A cell's fill and label colour: black or white text, whichever contrasts more,
        and the fill moved towards white (black) until the contrast reaches ``min_contrast``."""
        return _cell_colors(bg, self.min_contrast)


    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "theme",
                     base: Theme | None = None) -> Theme:
        """Build a theme from YAML-like data on top of ``base`` (default: the default theme);
        unknown keys and bad values name the key."""
        known = {f.name: f for f in fields(cls)}
        default = base if base is not None else cls()
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key == "highlight_invert" and isinstance(value, bool):  # the old spelling
                key, value = "highlight", "inverse" if value else "frame"
            if key not in known:
                raise ValueError(f"{source}: unknown theme key {key!r}; expected one of "
                                 f"{', '.join(sorted(known))}")
            current = getattr(default, key)
            changes[key] = _coerce(key, value, current, source)
        return replace(default, **changes)


@lru_cache(maxsize=512)
def _cell_colors(bg: RGB, min_contrast: float) -> tuple[RGB, RGB]:
    """Cached: every frame asks for every cell (see ``Theme.cell_colors``)."""
    if min_contrast <= 0:
        return bg, readable_text(bg)
    fg = best_text(bg)
    toward = 255 if fg == (0, 0, 0) else 0
    step = 0.0
    fill = bg
    while contrast(fill, fg) < min_contrast and step < 1.0:
        step = min(1.0, step + 0.05)
        fill = tuple(round(c + (toward - c) * step) for c in bg)  # type: ignore[assignment]
    return fill, fg


def _coerce(key: str, value: Any, current: Any, source: str) -> Any:
    if key == "highlight":
        if value not in HIGHLIGHT_STYLES:
            raise ValueError(f"{source}: highlight: expected one of "
                             f"{', '.join(HIGHLIGHT_STYLES)}, got {value!r}")
        return value
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{source}: {key}: expected true or false, got {value!r}")
        return value
    if isinstance(current, tuple):
        return parse_rgb(value, f"{source}: {key}")
    if isinstance(current, int):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{source}: {key}: expected a whole number >= 0, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{source}: {key}: expected a number >= 0, got {value!r}")
    return float(value)


def parse_rgb(value: Any, where: str) -> RGB:
    """``"#RRGGBB"`` or ``[r, g, b]`` -> an RGB tuple."""
    if isinstance(value, str) and len(value) == 7 and value.startswith("#"):
        try:
            return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
        except ValueError:
            pass
    if (
        isinstance(value, (list, tuple))
        and len(value) == 3
        and all(isinstance(v, int) and 0 <= v <= 255 for v in value)
    ):
        return (int(value[0]), int(value[1]), int(value[2]))
    raise ValueError(f"{where}: expected a colour like \"#FFDD00\" or [255, 221, 0], "
                     f"got {value!r}")


def invert(rgb: RGB) -> RGB:
    return (255 - rgb[0], 255 - rgb[1], 255 - rgb[2])


def darken(rgb: RGB, factor: float) -> RGB:
    return (int(rgb[0] * factor), int(rgb[1] * factor), int(rgb[2] * factor))


def readable_text(bg: RGB) -> RGB:
    """Black or white, whichever reads better on ``bg`` (relative luminance)."""
    lum = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]
    return (0, 0, 0) if lum >= 140 else (255, 255, 255)


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance."""
    def chan(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * chan(rgb[0]) + 0.7152 * chan(rgb[1]) + 0.0722 * chan(rgb[2])


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio, 1 to 21 (AAA text: at least 7)."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def best_text(bg: RGB) -> RGB:
    """Black or white, whichever has the higher WCAG contrast on ``bg``."""
    black, white = (0, 0, 0), (255, 255, 255)
    return black if contrast(bg, black) >= contrast(bg, white) else white


DEFAULT_THEME = Theme()
