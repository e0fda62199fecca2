"""``aac.start_gc``: the collector off from the start of ``aac run`` to its first frame, then
what was made frozen and the collector on again; never turned on when it was not ours."""

from __future__ import annotations

import gc

from aac import start_gc


def test_held_until_released_then_frozen_and_on() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        start_gc.hold()
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]  # start-up objects
        start_gc.release()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(made)
        start_gc.release()  # again (every frame until the first counts): nothing more
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    try:
        start_gc.hold()
        start_gc.release()
        assert not gc.isenabled()
    finally:
        gc.enable()
