"""A recorded voice made ready for a cell: silence trimmed, level normalised, saved as WAV.

Pure numpy on int16 mono samples, so it is tested on generated signals; the microphone
itself is ``aac.speech.microphone``.
"""

from __future__ import annotations

import wave

import numpy as np

#: a frame is "sound" when its RMS is above this share of full scale (about -40 dBFS)
SILENCE_RMS = 0.01
FRAME_S = 0.01
PAD_S = 0.05  # kept either side of the sound, so consonants are not clipped
PEAK = 0.9  # normalised peak, as a share of full scale: loud, with headroom


class NothingHeard(ValueError):
    """The recording was silence (a muted or unplugged microphone)."""


def trim_silence(pcm: np.ndarray, rate: int, threshold: float = SILENCE_RMS) -> np.ndarray:
    """``pcm`` without the silence before the first and after the last sound."""
    x = pcm.astype(np.float64) / 32768.0
    n = max(1, int(rate * FRAME_S))
    frames = len(x) // n
    if frames == 0:
        raise NothingHeard("the recording is empty")
    rms = np.sqrt(np.mean(x[:frames * n].reshape(frames, n) ** 2, axis=1))
    loud = np.nonzero(rms > threshold)[0]
    if loud.size == 0:
        raise NothingHeard("only silence was recorded: is the microphone on and unmuted?")
    pad = int(rate * PAD_S)
    start = max(0, int(loud[0]) * n - pad)
    end = min(len(pcm), (int(loud[-1]) + 1) * n + pad)
    return pcm[start:end]


def normalise(pcm: np.ndarray, peak: float = PEAK) -> np.ndarray:
    """Scaled so the loudest sample is ``peak`` of full scale (quiet voices made audible)."""
    top = int(np.max(np.abs(pcm.astype(np.int32)))) if len(pcm) else 0
    if top == 0:
        raise NothingHeard("only silence was recorded")
    gain = peak * 32767 / top
    return np.clip(np.round(pcm.astype(np.float64) * gain), -32768, 32767).astype(np.int16)


def write_wav(path: str, pcm: np.ndarray, rate: int) -> None:
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())


def prepare(pcm: np.ndarray, rate: int) -> np.ndarray:
    """Trimmed and normalised: what is saved for the cell."""
    return normalise(trim_silence(pcm, rate))
