"""Every closed set of words the core uses, defined once as a ``Literal`` type.

mypy --strict checks each use, and the tuple of names next to each type (derived with
``get_args``, so the two cannot drift) is what validators, the loader, the profile and
error messages list. ``Literal`` rather than ``Enum``: the values are the very words of the
YAML and JSON files, so reading and writing them needs no conversion.
"""

from __future__ import annotations

from typing import Literal, get_args

#: How switches drive scanning (SCANNING.md, "Other modes").
ScanMode = Literal["auto", "step", "inverse", "press-hold"]
#: The order items are offered in.
ScanPattern = Literal["row-column", "column-row", "linear"]
#: Whether scanning starts by itself or waits for a first press.
ScanStart = Literal["immediately", "on-press"]
#: Auditory scanning: what is said for each highlighted item.
PromptKind = Literal["off", "label", "cue"]
#: What one scan item is.
ItemKind = Literal["row", "column", "cell", "back"]
#: What the switch filter concluded about a press (aac.core.switch).
SwitchActionKind = Literal["down", "press", "hold", "release", "ignored"]
#: A cell's ``action:`` names (BOARD_FORMAT).
ActionName = Literal["speak", "clear", "backspace", "space", "home", "back", "stop", "repeat"]
#: What a ``Speak`` output is: one cell's word, or the whole message bar.
SpeakKind = Literal["word", "message"]

MODES: tuple[ScanMode, ...] = get_args(ScanMode)
PATTERNS: tuple[ScanPattern, ...] = get_args(ScanPattern)
STARTS: tuple[ScanStart, ...] = get_args(ScanStart)
PROMPTS: tuple[PromptKind, ...] = get_args(PromptKind)
ITEM_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
ACTIONS: tuple[ActionName, ...] = get_args(ActionName)
