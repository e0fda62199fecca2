"""Speech built after the first frame (``aac.speech.deferred``): nothing said before it is
ready is lost or reordered, ``stop`` drops what waits, and closing early closes it."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any, Optional

from aac.core.outputs import Speak, Utterance
from aac.loop.seams import PrerenderingSpeech, PromptSpeech, PromptTimingSpeech
from aac.speech.deferred import DeferredSpeech

TIMEOUT = 10.0


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def speak(self, request: Speak) -> None:
        self.calls.append(("speak", request.parts[0].text))

    def prompt(self, text: str) -> Optional[float]:
        self.calls.append(("prompt", text))
        return 0.5

    def prompt_duration(self, text: str) -> Optional[float]:
        return 0.5

    def prerender_boards(self, boards: Any, current: Optional[str] = None) -> None:
        self.calls.append(("prerender", boards))

    def stop(self) -> None:
        self.calls.append(("stop", None))

    def close(self) -> None:
        self.calls.append(("close", None))


def say(text: str) -> Speak:
    return Speak((Utterance(text),))


def test_requests_before_the_build_arrive_in_order_after_it() -> None:
    inner, gate = Recorder(), threading.Event()

    def build() -> Recorder:
        assert gate.wait(TIMEOUT)
        return inner

    speech = DeferredSpeech(build)
    assert isinstance(speech, (PromptSpeech, PromptTimingSpeech, PrerenderingSpeech))
    speech.speak(say("I"))
    speech.prerender_boards("boards")
    assert speech.prompt("food") is None and speech.prompt_duration("food") is None
    speech.start()
    speech.speak(say("want"))
    gate.set()
    assert speech.built.wait(TIMEOUT)
    speech.speak(say("more"))
    assert inner.calls == [("speak", "I"), ("prerender", "boards"), ("prompt", "food"),
                           ("speak", "want"), ("speak", "more")]
    assert speech.prompt_duration("food") == 0.5


def test_stop_drops_what_waits_and_close_before_the_build_closes_it_after() -> None:
    inner, gate = Recorder(), threading.Event()
    speech = DeferredSpeech(lambda: gate.wait(TIMEOUT) and inner)
    speech.speak(say("oops"))
    speech.stop()
    speech.start()
    speech.close()
    gate.set()
    speech.join(TIMEOUT)
    assert inner.calls == [("close", None)]


def test_a_failed_build_leaves_a_silent_speech_and_says_why(capsys: Any) -> None:
    def build() -> Recorder:
        raise OSError("no audio")

    speech = DeferredSpeech(build)
    speech.start()
    assert speech.built.wait(TIMEOUT)
    speech.speak(say("hello"))  # accepted, silently
    speech.close()
    assert "speech could not start (OSError: no audio)" in capsys.readouterr().err


def test_import_pygame_holds_numpy_back_until_complete_pygame() -> None:
    code = ("import sys\n"
            "from aac.pygame_import import import_pygame, complete_pygame\n"
            "import_pygame()\n"
            "import pygame\n"
            "assert 'numpy' not in sys.modules and 'pkg_resources' not in sys.modules\n"
            "assert pygame.display and pygame.font and pygame.mixer\n"
            "complete_pygame()\n"
            "import numpy as np\n"
            "pygame.mixer.pre_init(22050, -16, 2)\n"
            "print(pygame.sndarray.make_sound and pygame.surfarray.array2d and 'ok')\n")
    proc = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", code],
                          capture_output=True, text=True, timeout=60,
                          env={"PYGAME_HIDE_SUPPORT_PROMPT": "1", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
