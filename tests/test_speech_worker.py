"""The synthesis worker survives being killed or hanging, and reports a missing espeak-ng."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from aac.speech.worker import SynthUnavailable, SynthWorker, WorkerError


def test_killed_worker_is_replaced_and_the_request_answered() -> None:
    w = SynthWorker()
    try:
        assert w.start()
        first = w.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        assert w._proc is not None
        w._proc.wait(timeout=5)  # it is really gone before we ask
        pcm = w.render("hello", "en-us", 165, 50, 1.0)
        assert pcm.seconds > 0.2
        assert w.restarts == 1 and w.pid not in (None, first)
    finally:
        w.close()


def test_worker_killed_while_rendering_recovers() -> None:
    w = SynthWorker("aac.speech.fakes:HangingSynth", timeout=10.0)
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            w.render("hang here", "en-us", 165, 50, 1.0)
        except BaseException as exc:  # the retry hangs too: the watchdog must end it
            errors.append(exc)

    try:
        assert w.start()
        victim = w.pid
        assert victim is not None
        t = threading.Thread(target=ask)
        t.start()
        assert w.busy.wait(5)
        w.timeout = 0.3  # the retry on the fresh child hangs too: let the watchdog end it
        os.kill(victim, signal.SIGKILL)  # dies mid-request
        t.join(15)
        assert not t.is_alive()
        assert errors and isinstance(errors[0], WorkerError)
        assert w.restarts == 2  # once for the crash, once for the hang
        assert w.render("more", "en-us", 165, 50, 1.0).seconds > 0.2
        assert w.pid != victim
    finally:
        w.close()


def test_hung_worker_is_killed_by_the_watchdog_and_restarted() -> None:
    w = SynthWorker("aac.speech.fakes:HangingSynth", timeout=0.4)
    try:
        assert w.start()
        hung = w.pid
        with pytest.raises(WorkerError, match="hung"):
            w.render("hang forever", "en-us", 165, 50, 1.0)
        assert w.restarts == 1
        assert hung is not None and w.pid != hung
        with pytest.raises(ProcessLookupError):
            os.kill(hung, 0)  # the hung child was killed and reaped, not leaked
        assert w.render("yes", "en-us", 165, 50, 1.0).seconds > 0.1
    finally:
        w.close()


def test_missing_espeak_is_reported_not_raised_at_start() -> None:
    w = SynthWorker("aac.speech.fakes:MissingEspeak")
    assert w.start() is False
    assert w.unavailable is not None and "libespeak-ng" in w.unavailable
    with pytest.raises(SynthUnavailable):
        w.render("hello", "en-us", 165, 50, 1.0)
    assert w.pid is None


def test_unknown_voice_is_an_error_for_that_request_only() -> None:
    w = SynthWorker()
    try:
        with pytest.raises(WorkerError, match="no voice"):
            w.render("hi", "zz-nothing", 165, 50, 1.0)
        assert w.render("hi", "en-us", 165, 50, 1.0).seconds > 0.1
        assert w.restarts == 0
    finally:
        w.close()
