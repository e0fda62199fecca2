"""The loop's parts alone (issue 9.4, 9.8): typed seams, frame pacing, output routing."""

from __future__ import annotations

import threading

from aac.core.board import Board, BoardSet, Cell
from aac.core.outputs import Speak, StopSpeech, Utterance
from aac.core.session import Session
from aac.core.view import View
from aac.loop import (
    EARLY,
    IDLE,
    PREPARE,
    FramePacer,
    OutputRouter,
    PreparingFrontend,
    PrerenderingSpeech,
    PromptSpeech,
    PromptTimingSpeech,
    Runtime,
    ScreenshotFrontend,
    SilentSpeech,
    SpeechHandoff,
    SpeechOutput,
    prompt_hook,
)
from aac.testing import FakeClock, FakeFrontend, FakePreparingFrontend, FakeRecords, FakeSpeech

BOARD = Board("home", ((Cell("a"), Cell("b")),))
VIEW = View(BOARD)


def test_the_shipped_fakes_implement_every_optional_protocol() -> None:
    speech = FakeSpeech()
    for proto in (SpeechOutput, PromptSpeech, PromptTimingSpeech, PrerenderingSpeech):
        assert isinstance(speech, proto), proto
    fe = FakePreparingFrontend(FakeClock())
    assert isinstance(fe, PreparingFrontend) and isinstance(fe, ScreenshotFrontend)
    assert not isinstance(FakeFrontend(FakeClock()), PreparingFrontend)
    assert not isinstance(SilentSpeech(), PromptTimingSpeech)


def test_the_real_speech_service_declares_its_capabilities() -> None:
    from aac.speech.service import Speech

    for name in ("prompt", "prompt_duration", "prerender_boards", "posts_prompt_finished"):
        assert hasattr(Speech, name), name


def test_capabilities_are_decided_once_when_the_loop_is_built() -> None:
    clock = FakeClock()
    plain = Runtime(Session(BoardSet({"home": BOARD})), FakeFrontend(clock), FakeSpeech(),
                    clock=clock)
    drawing = Runtime(Session(BoardSet({"home": BOARD})), FakePreparingFrontend(clock),
                      FakeSpeech(), clock=clock)
    assert not plain.pacer.can_prepare and drawing.pacer.can_prepare


def test_pacer_sleeps_until_early_before_a_deadline_and_idles_otherwise() -> None:
    pacer = FramePacer(FakeFrontend(FakeClock()))
    assert pacer.timeout(10.0, None, None) == IDLE
    assert abs(pacer.timeout(10.0, 10.2, None) - 0.2) < 1e-9
    assert abs(pacer.timeout(10.0, None, 10.1) - (0.1 - EARLY)) < 1e-9
    assert pacer.timeout(10.0999, None, 10.1) == 0.0  # within EARLY: poll
    ahead = FramePacer(FakePreparingFrontend(FakeClock()))
    assert abs(ahead.timeout(10.0, None, 10.1) - (0.1 - PREPARE)) < 1e-9  # wake to prepare


def test_pacer_draws_only_changes_and_flips_a_prepared_frame_at_its_instant() -> None:
    clock = FakeClock(5.0)
    fe = FakePreparingFrontend(clock)
    frames: list[tuple[View, float]] = []
    lateness: list[tuple[float, float]] = []
    pacer = FramePacer(fe, lambda v, t: frames.append((v, t)),
                       lambda s, f: lateness.append((s, f)))
    pacer.show(VIEW)
    pacer.show(VIEW)  # unchanged: nothing drawn
    assert fe.calls == ["render"] and pacer.frames == 1
    lit = View(BOARD, message="x")
    assert pacer.wants_prepare(5.0, 5.0 + PREPARE / 2)
    pacer.prepare(5.0 + PREPARE / 2, lit)
    assert not pacer.wants_prepare(5.0, 5.0 + PREPARE / 2)  # once per deadline
    clock.set(5.0 + PREPARE / 2)
    pacer.highlight_scheduled(5.0 + PREPARE / 2)
    pacer.show(lit)
    assert fe.calls == ["render", "prepare", "present"]
    assert lateness == [(5.0 + PREPARE / 2, 5.0 + PREPARE / 2)]
    assert [v for v, _ in frames] == [VIEW, lit]


def test_router_sends_speech_to_the_voice_and_records_to_every_observer() -> None:
    speech, a, b = FakeSpeech(), FakeRecords(), FakeRecords()
    router = OutputRouter(speech, handoff=False, observers=[a, b])
    router.speech_output(Speak((Utterance("hi"),)))
    router.speech_output(StopSpeech())
    router.record({"t": 1.0, "type": "x"})
    router.close()
    assert speech.said == ["hi"] and speech.stops == 1 and speech.closed
    assert a.records == b.records == [{"t": 1.0, "type": "x"}] and a.closed and b.closed


def test_handoff_calls_speech_on_its_own_thread_in_order() -> None:
    speech = FakeSpeech()
    threads: list[int] = []
    original = speech.speak

    def speak(request: Speak) -> None:
        threads.append(threading.get_ident())
        original(request)

    speech.speak = speak  # type: ignore[method-assign]
    handoff = SpeechHandoff(speech)
    handoff.speak(Speak((Utterance("one"),)))
    handoff.prompt("two")
    handoff.speak(Speak((Utterance("three"),)))
    handoff.close()
    assert speech.said == ["one", "three"] and speech.prompts == ["two"]
    assert threads and threading.get_ident() not in threads


def test_prompt_hook_counts_unknown_as_zero_unless_the_speech_posts_finished() -> None:
    assert prompt_hook(SilentSpeech()) is None
    hook = prompt_hook(FakeSpeech(durations={"yes": 0.4}))
    assert hook is not None and hook("yes") == 0.4 and hook("no") == 0.0
    posting = prompt_hook(FakeSpeech(posts_prompt_finished=True))
    assert posting is not None and posting("no") is None
