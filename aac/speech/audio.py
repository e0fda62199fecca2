"""PCM helpers: mono int16 speech at the synthesiser's rate, and the mixer's format.

Kept free of pygame so the cache, the worker and ``aac speak --out`` share one representation.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import numpy as np

#: a sample whose magnitude is below this (of 32767) counts as silence (about -50 dBFS)
SILENCE = 100


@dataclass(frozen=True)
class Pcm:
    """Mono 16-bit speech: ``samples`` (int16) at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / float(self.rate) if self.rate else 0.0

    @property
    def nbytes(self) -> int:
        return int(self.samples.nbytes)

    @classmethod
    def from_bytes(cls, data: bytes, rate: int) -> Pcm:
        return cls(np.frombuffer(data, dtype="<i2").astype(np.int16), rate)


def first_sound(samples: np.ndarray, threshold: int = SILENCE) -> int:
    """Index of the first frame louder than ``threshold`` (``len`` if all silent)."""
    loud = np.asarray(np.abs(samples.astype(np.int32)) > threshold)
    if loud.ndim > 1:
        loud = np.asarray(loud.any(axis=1))
    hits = np.flatnonzero(loud)
    return int(hits[0]) if hits.size else len(samples)


def trim_leading_silence(pcm: Pcm, keep_ms: float = 5.0) -> Pcm:
    """Drop the silence espeak-ng puts before a word, so first audio comes sooner.

    A few ms are kept so the onset is not clicked off.
    """
    start = max(0, first_sound(pcm.samples) - int(pcm.rate * keep_ms / 1000))
    return Pcm(pcm.samples[start:], pcm.rate)


def concat(parts: list[Pcm], rate: int) -> Pcm:
    """Join parts (resampled to ``rate``) into one utterance, in order."""
    arrays = [resample(p, rate).samples for p in parts if len(p.samples)]
    if not arrays:
        return Pcm(np.zeros(0, dtype=np.int16), rate)
    return Pcm(np.concatenate(arrays), rate)


def resample(pcm: Pcm, rate: int) -> Pcm:
    """Linear-interpolation resampling; good enough for speech and costs microseconds."""
    if pcm.rate == rate or not len(pcm.samples):
        return Pcm(pcm.samples, rate)
    n = int(round(len(pcm.samples) * rate / pcm.rate))
    x = np.linspace(0, len(pcm.samples) - 1, n)
    out = np.interp(x, np.arange(len(pcm.samples)), pcm.samples.astype(np.float64))
    return Pcm(np.clip(np.round(out), -32768, 32767).astype(np.int16), rate)


def to_mixer(
    pcm: Pcm, rate: int, channels: int, volume: float = 1.0, pan: str = "center"
) -> np.ndarray:
    """Frames for the mixer: resampled, scaled by ``volume``, optionally on one side only.

    Volume and pan are baked into the samples so a channel's own settings never leak from
    one sound to the next.
    """
    mono = resample(pcm, rate).samples.astype(np.float32) * float(volume)
    mono = np.clip(mono, -32768, 32767).astype(np.int16)
    if channels == 1:
        return np.asarray(mono)
    frames = np.zeros((len(mono), channels), dtype=np.int16)
    if pan in ("center", "both"):
        frames[:] = mono[:, None]
    elif pan == "left":
        frames[:, 0] = mono
    else:  # right
        frames[:, 1] = mono
    return np.ascontiguousarray(frames)


def from_mixer(frames: np.ndarray, rate: int) -> Pcm:
    """Mono PCM from mixer frames (e.g. a recorded clip loaded by pygame)."""
    arr = np.asarray(frames)
    if arr.ndim > 1:
        arr = arr.astype(np.int32).mean(axis=1)
    if arr.dtype.kind == "f":
        arr = arr * 32767.0
    return Pcm(np.clip(arr, -32768, 32767).astype(np.int16), rate)


def write_wav(target: Union[str, Path, io.BufferedIOBase], pcm: Pcm) -> None:
    with wave.open(target if not isinstance(target, Path) else str(target), "wb") as w:  # type: ignore[arg-type]
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(pcm.rate)
        w.writeframes(pcm.samples.astype("<i2").tobytes())


def read_wav(source: Union[str, Path, io.BufferedIOBase]) -> Pcm:
    """Read a 16-bit WAV (mono or stereo) as mono PCM. Raises ``wave.Error``/``EOFError``."""
    with wave.open(source if not isinstance(source, Path) else str(source), "rb") as w:  # type: ignore[arg-type]
        if w.getsampwidth() != 2:
            raise wave.Error(f"expected 16-bit samples, got {8 * w.getsampwidth()}-bit")
        channels, rate, n = w.getnchannels(), w.getframerate(), w.getnframes()
        data = w.readframes(n)
    if len(data) != n * channels * 2:
        raise EOFError(f"WAV data truncated: {len(data)} of {n * channels * 2} bytes")
    samples = np.frombuffer(data, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).astype(np.int32).mean(axis=1).astype(np.int16)
    return Pcm(samples.astype(np.int16), rate)
