"""The words the carer sees when speech cannot work: defined once, used by ``aac run``,
``aac speak``, ``aac voices`` and the speech service alike (tests compare against these)."""

from __future__ import annotations

#: what is missing when espeak-ng cannot be loaded
ESPEAK_MISSING = "espeak-ng not found"
#: the consequence, after each reason
SPEECH_OFF = "speech is off"
TEXT_ONLY = "showing text only"

NO_AUDIO = f"no audio device: {TEXT_ONLY}"
NO_ESPEAK = f"{ESPEAK_MISSING}: {SPEECH_OFF}"
#: the synthesiser's process died (killed, crashed) and a fresh one said the words
SPEECH_RESTARTED = "the speech engine stopped and was restarted; nothing was lost"


def speech_unavailable(reason: object) -> str:
    """Speech could not even be imported (a broken install)."""
    return f"speech unavailable ({reason}): {TEXT_ONLY}"
