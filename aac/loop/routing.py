"""Output routing: the core's decisions go to speech and to record observers (the usage
log), never blocking the loop.

While scanning, speech is called through :class:`SpeechHandoff` on its own thread, so even
a speech adapter that blocks cannot hold up a scan tick (a late tick is a wrong selection).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from typing import Callable, Optional, Union

from ..core.outputs import Output, Speak, StopSpeech, Utterance
from .seams import PromptSpeech, PromptTimingSpeech, Record, RecordObserver, SpeechOutput


class SpeechHandoff:
    """Calls ``speech`` from its own thread, in order; every method returns at once."""

    def __init__(self, speech: SpeechOutput) -> None:
        self.inner = speech
        self._prompts: Optional[PromptSpeech] = (
            speech if isinstance(speech, PromptSpeech) else None)
        self._calls: queue.SimpleQueue[Optional[Callable[[], object]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="aac-speech-handoff",
                                        daemon=True)
        self._thread.start()

    def speak(self, request: Speak) -> None:
        self._calls.put(lambda: self.inner.speak(request))

    def prompt(self, text: str) -> Optional[float]:
        """Hand the prompt over (spoken in the normal voice by plain speech); never known."""
        prompts = self._prompts
        if prompts is not None:
            self._calls.put(lambda: prompts.prompt(text))
        else:
            request = Speak((Utterance(text),))  # plain speech: the normal voice
            self._calls.put(lambda: self.inner.speak(request))
        return None

    def stop(self) -> None:
        self._calls.put(self.inner.stop)

    def close(self, timeout: float = 2.0) -> None:
        """Finish the calls already handed over (at most ``timeout`` s), then close."""
        self._calls.put(None)
        self._thread.join(timeout)
        self.inner.close()

    def _run(self) -> None:
        while True:
            call = self._calls.get()
            if call is None:
                return
            call()


class OutputRouter:
    """Speech requests to the voice, records to every observer."""

    def __init__(self, speech: SpeechOutput, handoff: bool,
                 observers: Iterable[RecordObserver] = ()) -> None:
        self.speech = speech
        self.voice: Union[SpeechOutput, SpeechHandoff] = (
            SpeechHandoff(speech) if handoff else speech)
        self.observers: list[RecordObserver] = list(observers)

    def record(self, record: Record) -> None:
        """Give ``record`` to every observer (the usage log, or a test)."""
        for observer in self.observers:
            observer.write(record)

    def speech_output(self, out: Output) -> None:
        """Carry out a speech output of the core (other kinds are not speech: ignored)."""
        if isinstance(out, Speak):
            self.voice.speak(out)
        elif isinstance(out, StopSpeech):
            self.voice.stop()

    def prompt(self, text: str) -> None:
        if isinstance(self.voice, SpeechHandoff):
            self.voice.prompt(text)
        else:
            self.voice.speak(Speak((Utterance(text),)))  # plain speech: the normal voice

    def close(self) -> None:
        for observer in self.observers:
            observer.close()
        self.voice.close()


def prompt_hook(speech: SpeechOutput) -> Optional[Callable[[str], Optional[float]]]:
    """The scan engine's prompt-duration hook: the speech side's estimate, 0 when unknown
    unless the speech side posts ``PromptFinished`` itself (see ``PromptTimingSpeech``)."""
    if not isinstance(speech, PromptTimingSpeech):
        return None
    duration = speech.prompt_duration
    if speech.posts_prompt_finished:
        return duration

    def known_or_zero(text: str) -> Optional[float]:
        value = duration(text)
        return 0.0 if value is None else float(value)

    return known_or_zero
