"""The real-time loop: inputs -> core -> screen and speech.

Three parts, each readable and testable alone:

- :mod:`.runtime` - event intake: :class:`Runtime` waits for input, hands it to the core.
- :mod:`.pacing` - frame pacing: how long to sleep, drawing a scan frame ahead, flipping it
  at its instant, reporting lateness.
- :mod:`.routing` - output routing: speech (through a hand-off thread while scanning) and
  usage records to observers such as the usage log.

:mod:`.seams` declares what the loop needs from a front end and from speech as Protocols.
"""

from .carer import ProblemKind, board_problem_text
from .pacing import EARLY, IDLE, PREPARE, FramePacer
from .routing import OutputRouter, SpeechHandoff, prompt_hook
from .runtime import Runtime
from .seams import (
    BoardsReloaded,
    Frontend,
    PreparingFrontend,
    PrerenderingSpeech,
    PromptFinished,
    PromptSpeech,
    PromptTimingSpeech,
    Record,
    RecordObserver,
    ScreenshotFrontend,
    SilentSpeech,
    SpeechOutput,
)

__all__ = [
    "EARLY", "IDLE", "PREPARE", "BoardsReloaded", "FramePacer", "Frontend", "OutputRouter",
    "PreparingFrontend", "PrerenderingSpeech", "ProblemKind", "PromptFinished", "PromptSpeech",
    "PromptTimingSpeech", "Record", "RecordObserver", "Runtime", "ScreenshotFrontend",
    "SilentSpeech", "SpeechHandoff", "SpeechOutput", "board_problem_text", "prompt_hook",
]
