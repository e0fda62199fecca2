"""espeak-ng through pyttsx3's ctypes binding, rendering to memory (runs in the worker).

pyttsx3's engine API writes a WAV, prints to stdout, sleeps in its loop and plays with a
blocking external player; we only use its binding to libespeak-ng in synchronous mode, which
renders a word here in about a millisecond straight into our buffer.
"""

from __future__ import annotations

import ctypes
from typing import Any

#: espeak-ng's own pitch is 0-100 (50 normal); its volume 0-200 (100 normal)
DEFAULT_RATE = 22050


class EspeakSynth:
    """One libespeak-ng instance. Not thread-safe: the worker owns it alone."""

    def __init__(self) -> None:
        from pyttsx3.drivers import _espeak  # type: ignore[import-untyped]  # raises if no espeak-ng

        self._e = _espeak
        self.rate = int(_espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 60))
        if self.rate <= 0:
            raise RuntimeError("could not initialise espeak-ng")
        self._chunks: list[bytes] = []
        _espeak.SetSynthCallback(self._on_synth)

    def _on_synth(self, wav: Any, numsamples: int, events: Any) -> int:
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0

    def render(self, text: str, voice: str, rate: int, pitch: int, volume: float) -> bytes:
        """Little-endian int16 mono samples at ``self.rate`` for ``text``."""
        e = self._e
        if e.SetVoiceByName(voice.encode("utf-8")) != e.EE_OK:
            raise ValueError(f"espeak-ng has no voice {voice!r}")
        e.SetParameter(e.RATE, int(rate), 0)
        e.SetParameter(e.PITCH, int(pitch), 0)
        e.SetParameter(e.VOLUME, int(round(volume * 100)), 0)
        self._chunks = []
        e.Synth(text.encode("utf-8"), flags=e.CHARS_UTF8)
        data = b"".join(self._chunks)
        self._chunks = []
        return data

    def voices(self) -> list[dict[str, Any]]:
        """Every voice and variant espeak-ng has on this machine."""
        e = self._e
        out: list[dict[str, Any]] = []
        for v in e.ListVoices(None):
            ident = v.identifier.decode("utf-8", "replace")
            lang = (v.languages or b"")[1:].decode("utf-8", "replace").lower()
            out.append(
                {
                    "id": ident.rsplit("/", 1)[-1].lower(),
                    "identifier": ident,
                    "name": v.name.decode("utf-8", "replace"),
                    "language": lang,
                    "gender": {1: "male", 2: "female"}.get(v.gender),
                    "variant": False,
                }
            )
        spec = e.VOICE()
        spec.languages = b"variant"
        for v in e.ListVoices(ctypes.pointer(spec)):
            ident = v.identifier.decode("utf-8", "replace")
            out.append(
                {
                    "id": "+" + ident.rsplit("/", 1)[-1],
                    "identifier": ident,
                    "name": v.name.decode("utf-8", "replace"),
                    "language": "",
                    "gender": {1: "male", 2: "female"}.get(v.gender),
                    "variant": True,
                }
            )
        return out
