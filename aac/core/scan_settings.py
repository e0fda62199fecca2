"""Scan settings (SCANNING.md's table), validated with errors that name the key.

Therapists write these as YAML; a typo must say which key and what was expected, never a
traceback, and never silently fall back to a default the child then struggles with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Optional

from ..errors import BadSettings
from .numbers import is_finite_number
from .switch import FilterSettings
from .vocabulary import (
    MODES,
    PATTERNS,
    PROMPTS,
    STARTS,
    PromptKind,
    ScanMode,
    ScanPattern,
    ScanStart,
)

__all__ = ["MODES", "PATTERNS", "PROMPTS", "STARTS", "ScanSettings", "pattern_for"]


#: ``aac run``'s defaults for keys a profile leaves out, where they differ from the table
#: (which ``aac simulate`` keeps, so replays of existing files stay the same). ``escape``:
#: with it off, a wrong row holds the child for ``loops`` passes (3 × 8 cells × 1 s = 24 s).
RUNTIME_DEFAULTS: Mapping[str, Any] = {"escape": True}


@dataclass(frozen=True)
class ScanSettings:
    """One profile's scanning; every field is a key of the settings file."""

    mode: ScanMode = "auto"
    pattern: ScanPattern = "row-column"
    interval_ms: float = 1000.0
    first_item_factor: float = 1.0
    loops: int = 3
    start: ScanStart = "immediately"
    acceptance_ms: float = 0.0
    debounce_ms: float = 100.0
    hold_ms: float = 600.0
    escape: bool = False
    prompt: PromptKind = "off"
    wait_for_prompt: bool = True
    escape_label: str = ""  # the escape item's word; "" = the board locale's ("back", "назад")
    bounce_ms: float = 10.0  # switch filter: edges this close are contact bounce
    release_ms: float = 0.0  # switch filter: minimum time up before the next press counts

    def __post_init__(self) -> None:
        _validate(self, "")

    @classmethod
    def from_mapping(cls, data: Any, source: str = "settings") -> ScanSettings:
        """Build from parsed YAML/JSON; raise ``BadSettings`` naming ``source`` and the key.

        Files are read by ``aac.profile``, which checks one key at a time to put the line and
        column of the bad value in the message.
        """
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise BadSettings(
                f"{source}: scan settings must be a mapping of key: value, "
                f"got {type(data).__name__}"
            )
        if "scan" in data and isinstance(data["scan"], Mapping) and len(data) == 1:
            data = data["scan"]  # allow a file that wraps the table in `scan:`
        known = [f.name for f in fields(cls)]
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise BadSettings(
                    f"{_where(source)}unknown key {key!r}"
                    f"{_suggest(str(key), known)}; known keys: {', '.join(known)}"
                )
            if key == "prompt" and value is False:
                value = "off"  # YAML 1.1 reads an unquoted `off` as false
            values[str(key)] = value
        settings = cls.__new__(cls)
        for f in fields(cls):
            object.__setattr__(settings, f.name, values.get(f.name, f.default))
        _validate(settings, source)
        _normalise(settings)
        object.__setattr__(settings, "_given", frozenset(values))
        return settings

    def with_runtime_defaults(self) -> ScanSettings:
        """These settings as ``aac run`` uses them: :data:`RUNTIME_DEFAULTS` for every key
        the file did not give (settings built in code count as giving none)."""
        given: frozenset[str] = getattr(self, "_given", frozenset())
        changes = {k: v for k, v in RUNTIME_DEFAULTS.items() if k not in given}
        return replace(self, **changes) if changes else self

    @property
    def interval(self) -> float:
        return self.interval_ms / 1000.0

    def filter_settings(self, switch: int = 1) -> FilterSettings:
        """The switch filter for ``switch``; ``hold_ms`` matters only in press-hold mode."""
        hold = self.hold_ms if (self.mode == "press-hold" and switch == 1) else None
        return FilterSettings(
            acceptance_ms=self.acceptance_ms,
            debounce_ms=self.debounce_ms,
            bounce_ms=self.bounce_ms,
            release_ms=self.release_ms,
            hold_ms=hold,
        )

    def to_mapping(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _where(source: str) -> str:
    return f"{source}: " if source else ""


def _validate(s: ScanSettings, source: str) -> None:
    def fail(msg: str) -> None:
        raise BadSettings(_where(source) + msg)

    def choice(key: str, allowed: tuple[str, ...]) -> None:  # the Literal tuples
        value = getattr(s, key)
        if value not in allowed:
            hint = _suggest(str(value), list(allowed)) if isinstance(value, str) else ""
            shown = f'"{value}"' if isinstance(value, str) else repr(value)
            fail(f"{key} must be one of {', '.join(allowed)}; got {shown}{hint}")

    choice("mode", MODES)
    choice("pattern", PATTERNS)
    choice("start", STARTS)
    choice("prompt", PROMPTS)
    if not is_finite_number(s.interval_ms) or s.interval_ms <= 0:
        fail(f"interval_ms must be a positive number of milliseconds, got {s.interval_ms!r}")
    if not is_finite_number(s.first_item_factor) or s.first_item_factor <= 0:
        fail(f"first_item_factor must be a positive number, got {s.first_item_factor!r}")
    if not isinstance(s.loops, int) or isinstance(s.loops, bool) or s.loops < 0:
        fail(f"loops must be a whole number >= 0 (0 = forever), got {s.loops!r}")
    for key in ("acceptance_ms", "debounce_ms", "bounce_ms", "release_ms"):
        value = getattr(s, key)
        if not is_finite_number(value) or value < 0:
            fail(f"{key} must be a number of milliseconds >= 0, got {value!r}")
    if not is_finite_number(s.hold_ms) or s.hold_ms <= 0:
        fail(f"hold_ms must be a positive number of milliseconds, got {s.hold_ms!r}")
    if not isinstance(s.escape_label, str) or len(s.escape_label) > 40:
        fail(f"escape_label must be a short text (at most 40 characters), "
             f"got {s.escape_label!r}")
    for key in ("escape", "wait_for_prompt"):
        if not isinstance(getattr(s, key), bool):
            fail(f"{key} must be true or false, got {getattr(s, key)!r}")


def _normalise(s: ScanSettings) -> None:
    for key in ("interval_ms", "first_item_factor", "acceptance_ms", "debounce_ms",
                "hold_ms", "bounce_ms", "release_ms"):
        object.__setattr__(s, key, float(getattr(s, key)))


def _suggest(word: str, options: list[str]) -> str:
    from .suggest import did_you_mean  # difflib only for a mistake

    return did_you_mean(word, options)


def pattern_for(settings: ScanSettings, board_pattern: Optional[str]) -> ScanPattern:
    """A board's own ``scan: {pattern: ...}`` wins over the profile's, if it is valid."""
    for pattern in PATTERNS:
        if board_pattern == pattern:
            return pattern
    return settings.pattern
