"""The one latch behind every "cannot write ... / writing again" notice (aac.failure_notice)."""

from __future__ import annotations

import threading

from aac.failure_notice import FailureNotice


def test_tells_the_first_failure_and_the_recovery_only() -> None:
    told: list[str] = []
    notice = FailureNotice(told.append)
    assert not notice.worked("fine")  # nothing was wrong: nothing to say
    assert notice.failed("full") and not notice.failed("full") and notice.failing
    assert notice.worked("again") and not notice.worked("again") and not notice.failing
    assert notice.failed("full twice")
    assert told == ["full", "again", "full twice"]


def test_many_threads_failing_at_once_tell_once() -> None:
    told: list[str] = []
    notice = FailureNotice(told.append)
    go = threading.Barrier(8)

    def fail() -> None:
        go.wait(5)
        for _ in range(100):
            notice.failed("full")

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert told == ["full"]
