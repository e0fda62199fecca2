"""The named themes (issue 12.1): ``default``, ``high-contrast``, ``dark``, ``large-text``.

Chosen with ``aac run --theme NAME`` or the profile's ``theme:`` (a name, a mapping of
overrides as before, or ``{name: NAME, <overrides>}``). Each is a plain :class:`Theme`, so a
profile can still change any key on top of one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import _
from .theme import DEFAULT_THEME, Theme

THEMES: dict[str, Theme] = {
    "default": DEFAULT_THEME,
    # WCAG AAA labels (>= 7:1 against every cell colour), black surround, a wide yellow frame
    # edged in black that no word-class colour resembles.
    "high-contrast": Theme(
        background=(0, 0, 0), cell_outline=(0, 0, 0), message_background=(255, 255, 255),
        message_text=(0, 0, 0), title_text=(255, 255, 255), highlight_frame=(255, 255, 0),
        highlight_edge=(0, 0, 0), highlight_width=12, outline_width=3, min_contrast=7.0,
        escape_background=(0, 0, 0), escape_text=(255, 255, 0),
    ),
    "dark": Theme(
        background=(12, 12, 16), cell_default=(58, 60, 68), cell_outline=(0, 0, 0),
        message_background=(30, 32, 38), message_text=(240, 240, 240),
        title_text=(200, 200, 210), highlight_frame=(0, 229, 255), min_contrast=4.5,
    ),
    # Bigger labels: a larger minimum and a larger share of a picture cell for the label.
    "large-text": Theme(min_label_px=18, max_label_px=96, label_share=0.5,
                        message_height=0.13, title_height=0.055),
}


#: What the carer menu shows for each theme: msgids, translated where shown (``theme_text``),
#: while the profile and ``--theme`` keep the key, so a saved profile works in any language
THEME_TEXTS: dict[str, str] = {
    "default": "default",
    "high-contrast": "high contrast",
    "dark": "dark",
    "large-text": "large text",
}


class UnknownTheme(ValueError):
    pass


def theme_named(name: str, overrides: Mapping[str, Any] | None = None,
                source: str = "theme") -> Theme:
    """The named theme with ``overrides`` (Theme keys) on top; a clear error for a bad name."""
    base = THEMES.get(name)
    if base is None:
        raise UnknownTheme(f"{source}: unknown theme {name!r}; expected one of "
                           f"{', '.join(THEMES)}")
    return Theme.from_mapping(overrides or {}, source=source, base=base)


def theme_name(theme: Theme) -> str:
    """The name of a named theme (the carer menu shows it), "default" for any other."""
    return next((name for name, t in THEMES.items() if t == theme), "default")


def theme_text(name: str) -> str:
    """The carer's name for theme ``name``, in the carer's language (an unknown key as is)."""
    text = THEME_TEXTS.get(name)
    return name if text is None else _(text)
