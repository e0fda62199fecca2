"""Which espeak-ng voice speaks a board set's language: the one place for that mapping.

Debian 12's espeak-ng 1.51 has voices for every language of our sets except Mongolian. A
set with no voice still runs: text and pictures, recorded ``sound:`` clips are played, and
the carer is told once (``ClipsOnlySpeech``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

#: Board-set language -> espeak-ng voice id; None: no voice in the espeak-ng we support.
#: (sr-Latn: espeak-ng's `sr` reads both scripts.)
VOICES: dict[str, Optional[str]] = {
    "en": None,  # English keeps the voice profile (voices/default.yaml)
    "sr": "sr",
    "sr-Latn": "sr",
    "ru": "ru",
    "be": "be",
    "uk": "uk",
    "az": "az",
    "sq": "sq",
    "mn": "mn",  # no Mongolian in espeak-ng 1.51; used if a later espeak-ng has one
}


def no_voice_notice(language: str) -> str:
    """The carer's one-time notice when a set's language has no voice."""
    from ..i18n import _

    return _("no voice for this language ({language}): showing text only; "
             "recorded sounds still play").format(language=language)


def engine_voice(language: Optional[str]) -> Optional[str]:
    """The espeak-ng voice id for a set's language (None: the voice profile's own)."""
    if not language:
        return None
    base = language.split("-")[0]
    return VOICES.get(language, VOICES.get(base, base))


def has_voice(language: Optional[str], engine_voices: Iterable[dict[str, Any]]) -> bool:
    """Whether this machine's espeak-ng can speak ``language`` (English always can)."""
    wanted = engine_voice(language)
    if wanted is None:
        return True
    for v in engine_voices:
        if v.get("variant"):
            continue
        if wanted.lower() in (str(v.get("id", "")).lower(), str(v.get("language", "")).lower()):
            return True
    return False


def fitting_voices(language: str, engine_voices: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The engine voices that speak ``language`` (``aac voices --language``)."""
    wanted = (engine_voice(language) or language).lower()
    base = wanted.split("-")[0]
    return [v for v in engine_voices if not v.get("variant")
            and str(v.get("language", "")).lower().split("-")[0] == base]


class ClipsOnlySpeech:
    """Speech for a language with no voice: plays recorded clips, never synthesises text
    (espeak-ng would read the words with a foreign voice), and prompts are silent."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def speak(self, request: Any) -> None:
        from dataclasses import replace

        from ..core.outputs import Utterance

        parts = tuple(Utterance("", p.sound) for p in request.parts if p.sound)
        if parts:
            self._inner.speak(replace(request, parts=parts))

    def prompt(self, text: str) -> Optional[float]:
        return None

    def prompt_duration(self, text: str) -> Optional[float]:
        return None

    def prerender(self, texts: Iterable[str], prompts: Iterable[str] = ()) -> None:
        pass

    def prerender_boards(self, boards: Any, current: Optional[str] = None) -> None:
        pass

    def __getattr__(self, name: str) -> Any:  # stop, close, join, ...
        return getattr(self._inner, name)


def machine_voices() -> list[dict[str, Any]]:
    """The engine's voices as ``aac run`` sees them ([] when espeak-ng cannot start: the
    speech service reports that itself). Asking means starting a synthesiser process
    (0.2 s here, most of a second on a Pi-class core, on the path to the first frame), so
    the answer is kept on disk until espeak-ng's voice data changes (``aac.voice_list``)."""
    from ..voice_list import load_voice_list, store_voice_list
    from .worker import SynthWorker

    cached = load_voice_list()
    if cached is not None:
        return cached
    worker = SynthWorker()
    try:
        worker.start()
        store_voice_list(list(worker.voices))
        return list(worker.voices)
    except Exception:  # noqa: BLE001 - any failure here only means "unknown"
        return []
    finally:
        worker.close()


def speech_for_set(language: Optional[str], voice: Optional[str], on_status: Any,
                   make: Any) -> Any:
    """Start speech for a set: ``voice`` (the carer's --voice) wins; else the language's
    voice; a language this machine cannot speak gets ClipsOnlySpeech and one notice."""
    if voice or not language or engine_voice(language) is None:
        return make(voice, on_status)
    wanted = engine_voice(language)
    voices = machine_voices()
    if voices and not has_voice(language, voices):
        on_status(no_voice_notice(language))
        return ClipsOnlySpeech(make(None, on_status))
    return make(wanted, on_status)
