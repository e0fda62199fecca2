"""Voice profiles: ``voices/*.yaml`` files saying how the communicator sounds.

A profile names an espeak-ng voice (``voice: en-us+f3``) or just a ``language``, plus rate
(words per minute), pitch (0-100, 50 normal) and volume (0-1), the auditory-scanning prompt
voice (quieter, maybe another voice, maybe on one side for a single earphone) and what a new
selection does to speech still playing (``interrupt: stop`` or ``queue``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Callable, Optional, Union

import yaml

from ..core.suggest import closest, did_you_mean
from ..errors import BadSettings

PANS = ("left", "right", "center")
INTERRUPTS = ("stop", "queue")
RATE_RANGE = (80, 450)


@dataclass(frozen=True)
class VoiceProfile:
    name: str = "default"
    voice: Optional[str] = None  # espeak-ng voice id, e.g. en-us, en-gb-x-rp, en+f3
    language: str = "en"
    rate: int = 165
    pitch: int = 50
    volume: float = 1.0
    prompt_voice: Optional[str] = None  # default: the message voice
    prompt_rate: Optional[int] = None  # default: the message rate
    prompt_pitch: Optional[int] = None  # default: the message pitch
    prompt_volume: float = 0.5
    prompt_pan: str = "center"
    interrupt: str = "stop"
    description: str = ""

    @property
    def engine_voice(self) -> str:
        return self.voice or self.language

    def prompt_profile(self) -> VoiceProfile:
        """The profile prompts are rendered with (volume and pan are applied at playback)."""
        return replace(
            self,
            voice=self.prompt_voice or self.engine_voice,
            rate=self.prompt_rate or self.rate,
            pitch=self.prompt_pitch if self.prompt_pitch is not None else self.pitch,
        )


_KEYS = {f.name for f in fields(VoiceProfile)}


def voices_dir() -> Path:
    """``$AAC_VOICES_DIR``, else the ``voices/`` folder shipped next to the package."""
    env = os.environ.get("AAC_VOICES_DIR")
    if env:
        return Path(env)
    from ..paths import data_dir

    return data_dir("voices")


def list_profiles(directory: Optional[Path] = None) -> list[VoiceProfile]:
    """Every valid profile in ``directory`` (invalid ones raise: they are the user's files)."""
    d = directory or voices_dir()
    return [load_profile_file(p) for p in sorted(d.glob("*.yaml"))]


def load_profile(
    name: Union[str, Path, None] = None, directory: Optional[Path] = None
) -> VoiceProfile:
    """A profile by name (``voices/NAME.yaml``), by path, or an engine voice id as-is.

    ``None`` is ``default`` (built in if ``voices/default.yaml`` is missing).
    """
    d = directory or voices_dir()
    if name is None or name == "default":
        path = d / "default.yaml"
        return load_profile_file(path) if path.is_file() else VoiceProfile(voice="en-us")
    text = str(name)
    if text.endswith((".yaml", ".yml")) or os.sep in text:
        return load_profile_file(Path(text))
    path = d / f"{text}.yaml"
    if path.is_file():
        return load_profile_file(path)
    return VoiceProfile(name=text, voice=text)  # an engine voice, checked when used


def load_profile_file(path: Path) -> VoiceProfile:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadSettings(f"{path}: cannot read voice profile ({exc.strerror})") from None
    return parse_profile(source, str(path), default_name=path.stem)


def parse_profile(source: str, where: str = "<voice>", default_name: str = "voice") -> VoiceProfile:
    """Validate YAML text; every error names the file, line and key and what was expected."""
    try:
        node = yaml.compose(source)
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", exc)
        raise BadSettings(f"{where}{pos}: not valid YAML ({problem})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadSettings(f"{where}: expected a mapping of voice settings (name, voice, rate...)")
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for k, _v in node.value:
            lines[str(k.value)] = k.start_mark.line + 1

    def fail(key: str, expected: str, got: Any) -> BadSettings:
        line = f":{lines[key]}" if key in lines else ""
        return BadSettings(f"{where}{line}: key '{key}': expected {expected}, got {got!r}")

    values: dict[str, Any] = {"name": default_name}
    for key, value in data.items():
        key = str(key)
        if key not in _KEYS:
            hint = did_you_mean(key, sorted(_KEYS), quote="'")
            line = f":{lines[key]}" if key in lines else ""
            raise BadSettings(
                f"{where}{line}: unknown key '{key}'{hint}; known: {', '.join(sorted(_KEYS))}"
            )
        values[key] = _check(key, value, fail)
    return VoiceProfile(**values)


def _check(key: str, value: Any, fail: Any) -> Any:
    if key in ("name", "description", "language") or key in ("voice", "prompt_voice"):
        if value is None and key in ("voice", "prompt_voice"):
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "a non-empty string", value)
        return value.strip()
    if key in ("rate", "prompt_rate"):
        lo, hi = RATE_RANGE
        if value is None and key == "prompt_rate":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise fail(key, f"words per minute, a whole number from {lo} to {hi}", value)
        return value
    if key in ("pitch", "prompt_pitch"):
        if value is None and key == "prompt_pitch":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise fail(key, "a whole number from 0 to 100 (50 is normal)", value)
        return value
    if key in ("volume", "prompt_volume"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise fail(key, "a number from 0 to 1", value)
        return float(value)
    if key == "prompt_pan":
        if value not in PANS:
            raise fail(key, "one of " + ", ".join(PANS), value)
        return value
    if key == "interrupt":
        if value not in INTERRUPTS:
            raise fail(key, "one of " + ", ".join(INTERRUPTS), value)
        return value
    raise AssertionError(key)  # pragma: no cover


def profile_hint(name: str, directory: Optional[Path] = None) -> str:
    """``"; did you mean the voice profile 'girl'?"`` for a mistyped profile name (which
    otherwise reads as an unknown espeak-ng voice), else ``""``."""
    try:
        names = sorted(p.stem for p in (directory or voices_dir()).glob("*.yaml"))
    except OSError:
        return ""
    near = closest(name, names)
    return f"; did you mean the voice profile '{near}'?" if near else ""


def resolve_voice(wanted: str, voices: list[dict[str, Any]]) -> tuple[str, Optional[str]]:
    """The engine voice to use for ``wanted`` and a warning if it had to be replaced.

    ``voices`` is the engine's list (``id``, ``language``, ``variant``). A variant suffix
    (``+f3``) is kept when the machine has it. An unknown voice becomes the nearest voice for
    its language (``en-zz`` -> ``en``), else the first English voice.
    """
    if not voices:
        return wanted, None
    base, plus, variant = wanted.partition("+")
    base_l = base.lower()
    names = {v["id"] for v in voices if not v.get("variant")}
    names |= {v["identifier"].lower() for v in voices if not v.get("variant")}
    names |= {v["language"] for v in voices if not v.get("variant") and v["language"]}
    variants = {v["id"][1:].lower() for v in voices if v.get("variant")}
    variant_ok = not plus or variant.lower() in variants
    if base_l in names and variant_ok:
        return wanted, None
    suffix = f"+{variant}" if plus and variant_ok else ""
    chosen = base if base_l in names else _nearest(base_l, voices)
    lang = base_l.split("-")[0] or "en"
    if not any(v["language"].split("-")[0] == lang for v in voices if not v.get("variant")):
        return chosen + suffix, (
            f"voice '{wanted}': no voice for language '{lang}' on this machine; "
            f"using '{chosen + suffix}'"
        )
    reason = "variant not on this machine" if base_l in names else "not on this machine"
    used = chosen + suffix
    return used, f"voice '{wanted}': {reason}; using '{used}' (nearest for '{lang}')"


def _nearest(base: str, voices: list[dict[str, Any]]) -> str:
    real = [v for v in voices if not v.get("variant")]
    lang = base.split("-")[0]
    preferences: list[Callable[[dict[str, Any]], bool]] = [
        lambda v: bool(v["language"] == base),
        lambda v: bool(v["language"] == lang or v["id"] == lang),
        lambda v: bool(v["language"].split("-")[0] == lang),
        lambda v: bool(v["id"] == "en" or v["language"] == "en-gb"),
    ]
    for pred in preferences:
        found = [v for v in real if pred(v)]
        if found:
            near = closest(base, [v["id"] for v in found], cutoff=0)
            return near if near is not None else str(found[0]["id"])
    return str(real[0]["id"])
