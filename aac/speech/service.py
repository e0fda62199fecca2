"""The speech service: what ``create_speech`` returns.

The loop thread only ever enqueues: ``speak``, ``stop``, ``prompt`` and ``prerender`` put a
job on a queue and return. A speech thread renders (cache first, then the worker process)
and hands frames to the mixer; a second thread pre-renders a board set's words so the first
selection of a word is already a cache hit.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable
from typing import Any, Callable, Optional

from ..core.outputs import Speak
from .audio import Pcm, concat, to_mixer, trim_leading_silence
from .cache import AudioCache, CacheKey
from .clips import ClipError, Clips
from .messages import NO_ESPEAK, SPEECH_OFF, SPEECH_RESTARTED
from .profiles import VoiceProfile, profile_hint, resolve_voice
from .worker import SynthUnavailable, SynthWorker, WorkerError

StatusCallback = Callable[[str], None]



class Speech:
    """Non-blocking speech output (``aac.loop.SpeechOutput``) plus auditory-scan prompts
    (``PromptSpeech``, ``PromptTimingSpeech``) and pre-rendering (``PrerenderingSpeech``)."""

    #: an unknown prompt duration counts as 0 (this speech never posts ``PromptFinished``)
    posts_prompt_finished = False

    def __init__(
        self,
        profile: VoiceProfile,
        *,
        audio: bool,
        on_status: Optional[StatusCallback] = None,
        cache: Optional[AudioCache] = None,
        worker: Optional[SynthWorker] = None,
        player: Any = None,
        start_after: Optional[threading.Event] = None,
    ) -> None:
        """``start_after``: the synthesiser's process starts only once this is set (``aac
        run`` sets it at its first frame, so the worker does not compete with it for the
        CPU); requests made before then wait, none is lost."""
        self._start_after = start_after
        self.profile = profile
        self.prompt_profile = profile.prompt_profile()
        self.on_status = on_status or (lambda _msg: None)
        self.cache = cache if cache is not None else AudioCache()
        self.worker = worker if worker is not None else SynthWorker()
        self.player = player
        self.audio = audio and player is not None
        self.clips = Clips()
        self.ready = threading.Event()  # set once the synthesiser is up (or known missing)
        self.synth_ok = False
        #: called with ``(kind, perf_counter())`` when frames are handed to the mixer
        self.on_play: Optional[Callable[[str, float], None]] = None
        self._voice = profile.engine_voice
        self._prompt_voice = self.prompt_profile.engine_voice
        self._said: set[str] = set()
        self.superseded = 0  # queued jobs skipped because a newer one replaced them
        self._gen = 0
        self._jobs: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._pre: queue.SimpleQueue[Optional[tuple[int, list[tuple[str, bool]]]]]
        self._pre = queue.SimpleQueue()
        self._pre_gen = 0
        self.prerendered = threading.Event()
        self._thread = threading.Thread(target=self._run, name="aac-speech", daemon=True)
        self._pre_thread = threading.Thread(
            target=self._prerender_loop, name="aac-speech-prerender", daemon=True
        )
        self._thread.start()
        self._pre_thread.start()

    # -- the loop thread's side: all return at once ---------------------------------------------
    def speak(self, request: Speak) -> None:
        self._jobs.put(("speak", request, self._gen))

    def stop(self) -> None:
        """Silence everything now and drop speech not yet started."""
        self._gen += 1
        if self.player is not None:
            self.player.stop()

    def prompt(self, text: str) -> Optional[float]:
        """Speak an auditory-scanning prompt; its duration in s if already rendered."""
        duration = self.prompt_duration(text)
        self._jobs.put(("prompt", text, self._gen))
        return duration

    def prompt_duration(self, text: str) -> Optional[float]:
        """Seconds the prompt ``text`` lasts, if it is in memory (never touches disk)."""
        if not self.audio:
            return None
        pcm = self.cache.peek(self._key(text, prompt=True))
        return None if pcm is None else pcm.seconds

    def prerender(self, texts: Iterable[str], prompts: Iterable[str] = ()) -> None:
        """Render ``texts`` (then ``prompts``) in the background, in the order given.

        A new call replaces the rest of an earlier one (a new board set was loaded).
        """
        self._pre_gen += 1
        self.prerendered.clear()
        items = [(t, False) for t in texts] + [(t, True) for t in prompts]
        self._pre.put((self._pre_gen, items))

    def prerender_boards(self, boards: Any, current: Optional[str] = None) -> None:
        """Pre-render a ``BoardSet``: the board on screen first, then frequent words, then
        the scan cues (so ``prompt_duration`` knows them for ``wait_for_prompt``)."""
        from .prerender import board_texts

        texts, cues = board_texts(boards, current)
        self.prerender(texts, cues)

    def close(self) -> None:
        self._gen += 1
        self._pre_gen += 1
        self._jobs.put(("close",))
        self._pre.put(None)

    def join(self, timeout: Optional[float] = None) -> None:
        """Wait for the threads to finish after ``close`` (tests and ``aac speak``)."""
        self._thread.join(timeout)
        self._pre_thread.join(timeout)

    # -- rendering ---------------------------------------------------------------------------------
    def _key(self, text: str, prompt: bool = False) -> CacheKey:
        p = self.prompt_profile if prompt else self.profile
        voice = self._prompt_voice if prompt else self._voice
        return CacheKey(text, voice, p.rate, p.pitch, p.volume)

    def render(self, text: str, prompt: bool = False) -> Optional[Pcm]:
        """Cached or freshly synthesised audio for ``text`` (``None`` if it cannot be made)."""
        key = self._key(text, prompt)
        pcm = self.cache.get(key)
        if pcm is not None:
            return pcm
        if not self.synth_ok:
            return None
        restarts = self.worker.restarts
        try:
            pcm = self.worker.render(key.text, key.voice, key.rate, key.pitch, key.volume)
        except SynthUnavailable:
            return None
        except WorkerError as exc:
            self._say_once(f"speech: {exc}")
            return None
        if self.worker.restarts != restarts:  # it died; a fresh one answered: the carer knows
            self._say_once(SPEECH_RESTARTED)
        pcm = trim_leading_silence(pcm)
        self.cache.put(key, pcm)
        return pcm

    def _start_engine(self) -> None:
        try:
            self.synth_ok = self.worker.start()
        except WorkerError as exc:
            self.synth_ok = False
            self._say_once(f"{SPEECH_OFF}: {exc}")
        if not self.synth_ok and self.worker.unavailable is not None:
            self._say_once(NO_ESPEAK)
        if self.synth_ok:
            self._voice = self._check_voice(self._voice)
            self._prompt_voice = self._check_voice(self._prompt_voice)
        self.ready.set()

    def _check_voice(self, voice: str) -> str:
        chosen, warning = resolve_voice(voice, self.worker.voices)
        if warning:
            self._say_once(warning + profile_hint(voice))
        return chosen

    def _say_once(self, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self.on_status(message)

    # -- the speech thread ------------------------------------------------------------------------
    def _run(self) -> None:
        if self._start_after is not None:
            self._start_after.wait()
        self._start_engine()
        running = True
        while running:
            for job in self._next_jobs():
                if job[0] == "close":
                    running = False
                    break
                if not self.audio or job[-1] != self._gen:
                    continue  # text only, or silenced by stop() after it was asked for
                try:
                    if job[0] == "speak":
                        self._play_speak(job[1], job[2])
                    else:
                        self._play_prompt(job[1], job[2])
                except Exception as exc:  # never let one bad utterance end speech
                    self._say_once(f"speech failed: {type(exc).__name__}: {exc}")
        if self.player is not None:
            self.player.close()
        self.cache.flush(5)
        self.worker.close()

    def _next_jobs(self) -> list[tuple[Any, ...]]:
        """Everything queued, minus what a newer job would cut off the moment it starts.

        After a stall (a hung synthesiser) a burst of old selections must not be spoken one
        over the other: with ``interrupt: stop`` only the newest speech is kept, and only the
        newest prompt always (a prompt replaces the previous one).
        """
        jobs = [self._jobs.get()]
        while True:
            try:
                jobs.append(self._jobs.get_nowait())
            except queue.Empty:
                break
        kinds = ("speak", "prompt") if self.profile.interrupt == "stop" else ("prompt",)
        newest = {j[0]: i for i, j in enumerate(jobs) if j[0] in kinds}
        kept = [j for i, j in enumerate(jobs) if j[0] not in kinds or newest[j[0]] == i]
        self.superseded += len(jobs) - len(kept)
        return kept

    def _play_speak(self, request: Speak, gen: int) -> None:
        parts: list[Pcm] = []
        for part in request.parts:
            pcm: Optional[Pcm] = None
            if part.sound:
                try:
                    pcm = self.clips.load(part.sound)
                except ClipError as exc:
                    self._say_once(str(exc))
            if pcm is None and part.text.strip():
                pcm = self.render(part.text)
            if pcm is not None:
                parts.append(pcm)
        if not parts or gen != self._gen:
            return
        player = self.player
        utterance = concat(parts, player.rate)
        frames = to_mixer(utterance, player.rate, player.channels)
        player.play_message(frames, self.profile.interrupt)
        if self.on_play is not None:
            self.on_play(request.kind, time.perf_counter())

    def _play_prompt(self, text: str, gen: int) -> None:
        pcm = self.render(text, prompt=True)
        if pcm is None or gen != self._gen:
            return
        p, player = self.profile, self.player
        frames = to_mixer(pcm, player.rate, player.channels, p.prompt_volume, p.prompt_pan)
        self.player.play_prompt(frames)
        if self.on_play is not None:
            self.on_play("prompt", time.perf_counter())

    def _prerender_loop(self) -> None:
        self.ready.wait()
        while True:
            job = self._pre.get()
            if job is None:
                return
            gen, items = job
            for text, is_prompt in items:
                if gen != self._pre_gen or not self.synth_ok:
                    break
                if text.strip():
                    self.render(text, prompt=is_prompt)
            if gen == self._pre_gen:
                self.prerendered.set()
