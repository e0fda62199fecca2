"""The audio cache: bounded memory, warm restarts from disk, corrupt files ignored."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aac.speech.audio import Pcm
from aac.speech.cache import AudioCache, CacheKey, default_cache_dir


def pcm(n: int, value: int = 1000) -> Pcm:
    return Pcm(np.full(n, value, dtype=np.int16), 22050)


KEY = CacheKey("hello", "en-us", 165, 50, 1.0)


def test_every_part_of_the_key_matters(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    cache.put(KEY, pcm(10))
    for other in (
        KEY._replace(text="Hello"),
        KEY._replace(voice="en-gb"),
        KEY._replace(rate=166),
        KEY._replace(pitch=51),
        KEY._replace(volume=0.9),
    ):
        assert cache.get(other) is None
    got = cache.get(KEY)
    assert got is not None and np.array_equal(got.samples, pcm(10).samples)
    assert (cache.hits, cache.misses) == (1, 5)


def test_memory_is_bounded_and_least_recently_used_goes_first(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_bytes=3 * 200, persist=False)
    keys = [KEY._replace(text=f"w{i}") for i in range(4)]
    for k in keys[:3]:
        cache.put(k, pcm(100))  # 200 bytes each
    assert cache.peek(keys[0]) is not None  # now the most recently used
    cache.put(keys[3], pcm(100))
    assert cache.memory_bytes <= 600
    assert cache.peek(keys[1]) is None
    assert all(cache.peek(k) is not None for k in (keys[0], keys[2], keys[3]))


def test_too_big_for_memory_still_goes_to_disk(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_bytes=100)
    cache.put(KEY, pcm(1000))
    assert cache.peek(KEY) is None and cache.memory_bytes == 0
    assert cache.flush(5)
    assert cache.get(KEY) is not None


def test_a_restart_is_warm(tmp_path: Path) -> None:
    first = AudioCache(tmp_path)
    first.put(KEY, pcm(500, 1234))
    assert first.flush(5)
    fresh = AudioCache(tmp_path)
    assert fresh.peek(KEY) is None  # not in memory yet ...
    got = fresh.get(KEY)  # ... but on disk
    assert got is not None and got.rate == 22050 and int(got.samples[0]) == 1234
    assert fresh.peek(KEY) is not None  # and promoted


def test_writes_are_atomic_and_leave_no_temp_files(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    for i in range(5):
        cache.put(KEY._replace(text=str(i)), pcm(50))
    assert cache.flush(5)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 5 and all(n.endswith(".wav") and not n.startswith(".") for n in names)


@pytest.mark.parametrize("garbage", [b"", b"RIFF\x00\x00", b"not a wav at all" * 10])
def test_corrupt_file_is_ignored_and_removed(tmp_path: Path, garbage: bytes) -> None:
    cache = AudioCache(tmp_path)
    cache.put(KEY, pcm(100))
    assert cache.flush(5)
    cache.path(KEY).write_bytes(garbage)
    fresh = AudioCache(tmp_path)
    assert fresh.get(KEY) is None
    assert not cache.path(KEY).exists()
    fresh.put(KEY, pcm(100, 7))  # re-rendered
    assert fresh.flush(5)
    assert AudioCache(tmp_path).get(KEY) is not None


def test_truncated_file_is_ignored(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    cache.put(KEY, pcm(1000))
    assert cache.flush(5)
    data = cache.path(KEY).read_bytes()
    cache.path(KEY).write_bytes(data[: len(data) // 2])
    assert AudioCache(tmp_path).get(KEY) is None


def test_unwritable_directory_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = AudioCache(blocker / "sub")  # cannot be created: a file is in the way
    cache.put(KEY, pcm(10))
    assert cache.persist is False and cache.get(KEY) is not None


def test_cache_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AAC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "aac" / "speech"
    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    assert AudioCache().directory == tmp_path / "mine"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("AAC_CACHE_DIR")
    assert default_cache_dir() == Path.home() / ".cache" / "aac" / "speech"
