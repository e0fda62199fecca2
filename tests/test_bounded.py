"""Every cache a device fills all day has a bound (docs/performance.md, "Memory")."""

from __future__ import annotations

from pathlib import Path

import pytest

from aac.bounded import BoundedDict


def test_the_oldest_entry_goes_when_full_and_a_hit_costs_no_reordering() -> None:
    d: BoundedDict[str, int] = BoundedDict(3)
    for i, key in enumerate("abcd"):
        d[key] = i
    assert list(d) == ["b", "c", "d"] and d.evicted == 1
    d["b"] = 9  # replacing an entry evicts nothing
    assert list(d) == ["b", "c", "d"] and d["b"] == 9 and d.evicted == 1
    with pytest.raises(ValueError):
        BoundedDict(0)


def test_renderer_label_cache_stays_bounded_over_many_words(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    pygame = pytest.importorskip("pygame")
    from aac.ui.render import Renderer

    pygame.font.init()
    renderer = Renderer()
    for i in range(700):  # far more words than any board set shows at once
        renderer._render_lines((f"word {i}",), 20, (0, 0, 0))
        renderer._fit(f"word {i}", 120, 60)
    assert len(renderer._labels) <= 512 and len(renderer._fits) <= 4096


def test_pictures_forget_the_stand_in_of_a_file_no_longer_kept(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    pytest.importorskip("pygame")
    from aac.ui.pictures import Pictures

    pictures = Pictures(background=False, max_bytes=4 * 40 * 40 * 4)  # four 40x40 pictures
    for i in range(30):
        svg = tmp_path / f"p{i}.svg"
        svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                       f'<rect id="p{i}" width="10" height="10" fill="#00FF00"/></svg>')
        pictures.get(str(svg), (40, 40))
    assert len(pictures._done) <= 4 and len(pictures._latest) <= len(pictures._done)
