"""``aac bench speech``: selection -> first non-silent sample handed to the audio device.

The mixer is opened on SDL's ``disk`` driver writing into a FIFO that a reader thread drains,
so the clock stops when SDL has really handed the sound to its "device" (after our queueing,
rendering, the mixer's buffer and SDL's own pacing), not when ``play()`` was called.

SDL's disk driver writes one mixer buffer (256 frames) every ``io_delay`` = 11 ms but through
a 4 KiB stdio buffer, so the FIFO receives four buffers at once every 44 ms - and glibc sends
a full block only when the *next* buffer is written. The tap finds the first loud frame in a
block and back-dates the arrival by the buffers written after it, plus that one (``io_delay``
each); selections are made at random phases, as a child's would be.

Figures: ``speech_first_audio_cached`` (words pre-rendered, in the memory cache),
``speech_first_audio_uncached`` (words never rendered: worker round trip + synthesis),
``speech_prerender_default_boards`` (every cell of ``boards/`` from an empty cache), and
``speech_leading_silence_trimmed`` (what espeak-ng puts before a word, which we cut).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Optional

FALLBACK_WORDS = [
    "apple",
    "banana",
    "cookie",
    "drink",
    "eat",
    "finished",
    "go",
    "help",
    "I",
    "juice",
    "kite",
    "look",
    "more",
    "no",
    "open",
    "play",
    "quiet",
    "run",
    "stop",
    "turn",
    "up",
    "very",
    "want",
    "yes",
    "you",
    "zebra",
    "again",
    "bath",
    "car",
    "dog",
    "egg",
    "fish",
    "good",
    "hot",
    "in",
    "jump",
]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--samples", type=int, default=30, help="distinct words per figure")
    p.add_argument("--boards", default=None,
                   help="board set to pre-render (default: the boards/ set aac run uses)")
    p.add_argument("--voice", default=None, help="voice profile (default: default)")
    p.add_argument(
        "--busy", type=int, default=0, metavar="N", help="keep N other processes spinning"
    )


class DeviceTap:
    """Reads what SDL's disk driver writes (stereo int16) and stamps the first loud frame."""

    def __init__(self, fifo: str, threshold: int, buffer_frames: int, io_delay: float) -> None:
        self.fifo = fifo
        self.threshold = threshold
        self.buffer_frames = buffer_frames
        self.io_delay = io_delay
        self.blocks: list[tuple[float, int]] = []
        self.armed_at: Optional[float] = None
        self.result: Optional[float] = None
        self.heard = threading.Event()
        self.silent_chunks = 0
        self.quiet = threading.Event()
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, name="bench-tap", daemon=True)

    def arm(self, t0: float) -> None:
        with self._lock:
            self.armed_at, self.result = t0, None
            self.heard.clear()

    def _read(self) -> None:
        import numpy as np

        fd = os.open(self.fifo, os.O_RDONLY)  # blocks until SDL opens it for writing
        try:
            while True:
                data = os.read(fd, 4096)
                now = time.perf_counter()
                if not data:
                    return
                if len(self.blocks) < 64:
                    self.blocks.append((now, len(data)))
                frames = np.frombuffer(data[: len(data) // 4 * 4], dtype="<i2").reshape(-1, 2)
                loud = np.flatnonzero((np.abs(frames.astype(np.int32)) > self.threshold).any(1))
                with self._lock:
                    if loud.size:
                        self.silent_chunks = 0
                        self.quiet.clear()
                        if self.armed_at is not None and self.result is None:
                            # stdio flushes a full block only on the next write: +1 buffer
                            after = (len(frames) - 1 - int(loud[0])) // self.buffer_frames + 1
                            self.result = now - after * self.io_delay - self.armed_at
                            self.armed_at = None
                            self.heard.set()
                    else:
                        self.silent_chunks += 1
                        if self.silent_chunks >= 3:
                            self.quiet.set()
        finally:
            os.close(fd)


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    hogs = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(args.busy)]
    try:
        figures = _measure(args)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    for fig in figures:
        fig["busy_processes"] = args.busy
    return figures


def _measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    import numpy as np

    from aac.bench.stats import figure, single
    from aac.core.outputs import Speak, Utterance
    from aac.speech.audio import SILENCE, first_sound
    from aac.speech.cache import AudioCache

    boards, texts, cues = _board_texts(args.boards)  # before anything is started
    words = _distinct_words(texts, 2 * args.samples)
    tmp = Path(tempfile.mkdtemp(prefix="aac-bench-speech-"))
    fifo = str(tmp / "device.fifo")
    os.mkfifo(fifo)
    os.environ["SDL_AUDIODRIVER"] = "disk"
    os.environ["SDL_DISKAUDIOFILE"] = fifo
    from aac.speech.player import MIXER_BUFFER, MIXER_RATE

    io_delay = (MIXER_BUFFER * 1000 // MIXER_RATE) / 1000  # SDL's integer ms per buffer
    tap = DeviceTap(fifo, SILENCE, MIXER_BUFFER, io_delay)
    tap.thread.start()

    from aac.speech import create_speech

    statuses: list[str] = []
    speech = create_speech(args.voice, on_status=statuses.append, cache_dir=tmp / "cache")
    if not speech.ready.wait(30) or not speech.synth_ok or not speech.audio:
        raise SystemExit(f"aac bench speech: speech is not available: {'; '.join(statuses)}")
    cached_words, fresh_words = words[: args.samples], words[args.samples : 2 * args.samples]

    rng = random.Random(6)
    to_mixer: list[float] = []
    speech.on_play = lambda _kind, t: to_mixer.append(t)

    def first_audio(text: str) -> float:
        speech.stop()
        tap.quiet.wait(2)
        threading.Event().wait(rng.uniform(0, 0.05))  # a random phase against the device
        t0 = time.perf_counter()
        tap.arm(t0)
        speech.speak(Speak((Utterance(text),)))  # what the loop does on a selection
        if not tap.heard.wait(5):
            raise SystemExit(f"aac bench speech: no audio reached the device for {text!r}")
        assert tap.result is not None
        handed.append((to_mixer[-1] - t0) * 1000 if to_mixer else float("nan"))
        return tap.result * 1000

    handed: list[float] = []

    first_audio("ready")  # warm the mixer and the device path
    handed.clear()
    uncached = [first_audio(w) for w in fresh_words]
    handed_uncached, handed[:] = list(handed), []
    renders = speech.worker.renders
    speech.prerender(cached_words)
    speech.prerendered.wait(60)
    cached = [first_audio(w) for w in cached_words]
    assert speech.worker.renders == renders + len(cached_words)  # cached run: no synthesis

    raw = [speech.worker.render(w, speech._voice, 165, 50, 1.0) for w in fresh_words]
    lead = [1000 * first_sound(p.samples) / p.rate for p in raw]

    gaps = np.diff([t for t, _ in tap.blocks]) * 1000 if len(tap.blocks) > 2 else [0.0]
    device = {
        "device": "SDL disk driver -> FIFO",
        "buffer_frames": MIXER_BUFFER,
        "block_ms": round(float(np.median(gaps)), 2),
    }
    figures = [
        figure("speech_first_audio_cached", "ms", cached, target_p50=40, target_p99=70, **device),
        figure(
            "speech_first_audio_uncached",
            "ms",
            uncached,
            target_p50=100,
            target_p99=200,
            **device,
        ),
        figure("speech_to_mixer_cached", "ms", handed, note="speak() -> Channel.play returned"),
        figure("speech_to_mixer_uncached", "ms", handed_uncached),
    ]
    if boards is not None:
        speech.cache = AudioCache(tmp / "cache-boards")
        t0 = time.perf_counter()
        speech.prerender(texts, cues)
        speech.prerendered.wait(600)
        took = (time.perf_counter() - t0) * 1000
        figures.append(
            single("speech_prerender_default_boards", "ms", took, texts=len(texts), cues=len(cues))
        )
    figures.append(
        figure("speech_leading_silence_trimmed", "ms", lead, mean=round(float(np.mean(lead)), 3))
    )
    speech.close()
    speech.join(10)
    import pygame

    pygame.mixer.quit()
    tap.thread.join(5)
    shutil.rmtree(tmp, ignore_errors=True)
    return figures


def _board_texts(path: Optional[str]) -> tuple[Any, list[str], list[str]]:
    """The board set's speech; the default is the set ``aac run`` shows, wherever the bench
    is started from. A set that cannot be loaded stops the bench with the reason, because
    a silently missing pre-render figure reads like a passing one."""
    from aac.boards.loader import load_board_set
    from aac.language import resolve_set
    from aac.paths import default_boards
    from aac.speech.prerender import board_texts

    where = resolve_set(Path(path) if path else default_boards())
    try:
        result = load_board_set(where)
    except Exception as exc:
        raise SystemExit(f"aac bench speech: cannot load board set {where}: {exc}") from None
    if result.boards is None:
        problems = "; ".join(str(p) for p in getattr(result, "problems", ())[:3])
        raise SystemExit(f"aac bench speech: board set {where} has errors: {problems}")
    texts, cues = board_texts(result.boards)
    return result.boards, texts, cues


def _distinct_words(texts: list[str], n: int) -> list[str]:
    """``n`` different short texts: single words of the boards, then fallback words, then
    two-word pairs of those - every figure gets the samples asked for, never fewer."""
    words = list(dict.fromkeys([t for t in texts if " " not in t] + FALLBACK_WORDS))
    pairs = (f"{a} {b}" for a in FALLBACK_WORDS for b in FALLBACK_WORDS if a != b)
    while len(words) < n:
        pair = next(pairs)
        if pair not in words:
            words.append(pair)
    return words[:n]
