"""What the carer menu offers for the board set, the language and the voice.

Under a folder of sets (``boards/``, ``aac.language``) each set is one language's vocabulary:
``boards/sr`` is Serbian boards, and choosing it also makes the carer's texts Serbian and the
voice a Serbian one. So the set and the language are one choice on the menu, named in the
language's own name (a carer who does not read the current language still finds theirs).

Voices: the profiles in ``voices/`` whose voice speaks the set's language, then the engine's
own voices for it (``aac.speech.languages.fitting_voices``, from the list ``aac.voice_list``
keeps; no synthesiser is started to ask).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple, Optional

#: Each language's name in itself; unknown tags are shown as the tag.
AUTONYMS: dict[str, str] = {
    "en": "English", "sr": "Српски", "sr-Latn": "Srpski (latinica)", "ru": "Русский",
    "be": "Беларуская", "uk": "Українська", "az": "Azərbaycanca", "sq": "Shqip",
    "mn": "Монгол",
}


class SetChoice(NamedTuple):  # NamedTuples, not dataclasses: cheap to import at start
    tag: str  # the set's language tag: its folder name under the sets root
    path: Path
    name: str  # what the menu shows


class VoiceChoice(NamedTuple):
    name: str  # what ``--voice`` / the profile's ``voice:`` takes
    text: str  # what the menu shows


def set_name(tag: str) -> str:
    return f"{AUTONYMS.get(tag, tag)} ({tag})"


def set_choices(root: Optional[Path]) -> list[SetChoice]:
    """Every set under ``root`` (``boards/en``, ``boards/sr``...), by tag."""
    from .language import available_languages, boards_for

    if root is None:
        return []
    return [SetChoice(tag, boards_for(tag, root), set_name(tag))
            for tag in available_languages(root)]


def base_language(voice_or_tag: str) -> str:
    """``en-us+f4`` -> ``en``; ``sr-Latn`` -> ``sr``."""
    return voice_or_tag.split("+")[0].split("-")[0].split("_")[0].lower()


def voice_choices(language: str, voices_dir: Optional[Path] = None,
                  engine_voices: Optional[list[dict[str, Any]]] = None) -> list[VoiceChoice]:
    """The voices that speak ``language``: fitting profiles, then the engine's voices."""
    from .errors import BadSettings
    from .speech.languages import engine_voice, fitting_voices, has_voice
    from .speech.profiles import list_profiles

    want = base_language(language)
    out: list[VoiceChoice] = []
    try:
        profiles = list_profiles(voices_dir)
    except BadSettings:
        profiles = []  # a broken profile file: `aac voices` names it; the menu offers the rest
    for p in profiles:
        if base_language(p.engine_voice) == want:
            out.append(VoiceChoice(p.name, f"{p.name}: {p.description}" if p.description
                                   else p.name))
    names = {c.name for c in out}
    if engine_voices is None:
        from .voice_list import load_voice_list

        engine_voices = load_voice_list() or []
    own = engine_voice(language)
    # the language's own voice, unless the engine's list is known and lacks it (Mongolian)
    if own is not None and own not in names and (
            not engine_voices or has_voice(language, engine_voices)):
        out.append(VoiceChoice(own, f"espeak-ng {own}"))
        names.add(own)
    for v in fitting_voices(language, engine_voices):
        vid = str(v.get("id", ""))
        if vid and vid not in names:
            out.append(VoiceChoice(vid, f"espeak-ng {vid}"))
            names.add(vid)
    return out


def voice_fits(voice: Optional[str], language: Optional[str]) -> bool:
    """Whether voice ``voice`` (a profile name or engine id; None: the default) speaks
    ``language`` (None: English)."""
    from .errors import BadSettings
    from .speech.languages import engine_voice
    from .speech.profiles import load_profile

    lang = base_language(language or "en")
    if voice is None:
        return engine_voice(language) is None  # the default profile is English
    try:
        engine = load_profile(voice).engine_voice
    except BadSettings:
        return False
    return base_language(engine) == lang


def default_voice(language: Optional[str]) -> Optional[str]:
    """The voice a set's language starts with (None: the default profile)."""
    from .speech.languages import engine_voice

    return engine_voice(language)


class CarerChoices:
    """The sets offered, which one is shown, and the voice in use (the menu reads these;
    the carer applier updates them when a change took effect)."""

    def __init__(self, sets_root: Optional[Path] = None, current_set: Optional[str] = None,
                 language: Optional[str] = None, voice: Optional[str] = None,
                 voices_dir: Optional[Path] = None) -> None:
        self.sets_root = sets_root  # listed when the menu first needs it (not at start)
        self.current_set = current_set
        self.language = language  # the shown set's language
        self.voice = voice  # None: the language's own voice
        self.voices_dir = voices_dir
        self._voices: dict[str, list[VoiceChoice]] = {}
        self._sets: Optional[list[SetChoice]] = None

    @property
    def sets(self) -> list[SetChoice]:
        if self._sets is None:
            self._sets = set_choices(self.sets_root)
        return self._sets

    def voices(self) -> list[VoiceChoice]:
        """The voices for the shown language (read once per language: a few small files)."""
        lang = self.language or "en"
        if lang not in self._voices:
            self._voices[lang] = voice_choices(lang, self.voices_dir)
        return self._voices[lang]

    def voice_name(self) -> str:
        return self.voice or default_voice(self.language) or "default"

    def set_text(self) -> str:
        return set_name(self.current_set) if self.current_set else "\u2014"


def set_tag(path: Path, root: Optional[Path]) -> Optional[str]:
    """The tag of set folder ``path`` under sets folder ``root`` (None: not one of them)."""
    from .language import DEFAULT

    if root is None:
        return None
    path, root = path.resolve(), root.resolve()
    if path == root:
        return DEFAULT  # the English boards in the root itself (the layout before boards/en)
    return path.name if path.parent == root else None
