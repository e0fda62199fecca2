"""Switch-box protocols as pure parsers: any split of the byte stream, garbage, bounds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aac.inputs.protocols import MAX_LINE, BitmaskParser, Edge, LineParser, SingleCharParser


def feed_all(parser: object, chunks: list[bytes]) -> list[Edge]:
    out: list[Edge] = []
    for chunk in chunks:
        out.extend(parser.feed(chunk))  # type: ignore[attr-defined]
    return out


def test_line_protocol_downs_and_ups() -> None:
    p = LineParser()
    assert p.feed(b"D1\nU1\r\nD8\n") == [Edge(1, True), Edge(1, False), Edge(8, True)]
    assert p.stats.garbage_bytes == 0 and p.stats.edges == 3


def test_line_split_across_reads_waits_for_the_newline() -> None:
    p = LineParser()
    assert p.feed(b"D") == []
    assert p.feed(b"2") == []
    assert p.feed(b"\nU") == [Edge(2, True)]
    assert p.feed(b"2\n") == [Edge(2, False)]


def test_interleaved_garbage_is_counted_and_dropped() -> None:
    p = LineParser()
    edges = p.feed(b"\xff\x00D9\nXX\nD1\n")
    assert edges == [Edge(1, True)]
    assert p.stats.garbage_messages == 2
    assert p.stats.garbage_bytes == len(b"\xff\x00D9\n") + len(b"XX\n")


def test_a_very_long_garbage_line_is_bounded_and_the_next_line_works() -> None:
    p = LineParser()
    noise = b"Z" * 100_000
    assert p.feed(noise[:50_000]) == []
    assert len(p._buf) <= MAX_LINE  # never buffers more than a line's worth
    assert p.feed(noise[50_000:] + b"D1\n") == []  # D1 is the tail of the long line
    assert p.feed(b"D2\n") == [Edge(2, True)]  # the next line is read normally
    assert p.stats.garbage_bytes == 100_000 + 3
    assert p.stats.garbage_messages == 1


def test_up_is_reported_even_without_a_down_parser_does_not_filter() -> None:
    assert LineParser().feed(b"U3\n") == [Edge(3, False)]


def test_switch_number_beyond_the_box_is_garbage() -> None:
    p = LineParser(switches=2)
    assert p.feed(b"D3\nD2\n") == [Edge(2, True)]
    assert p.stats.garbage_messages == 1


def test_reset_releases_held_switches_and_drops_a_cut_line() -> None:
    p = LineParser()
    p.feed(b"D1\nD2\nU2\nD")
    assert p.reset() == [Edge(1, False)]
    assert p.stats.garbage_messages == 1
    assert p.feed(b"1\n") == []  # "1" alone after the reset is a garbage line
    assert p.reset() == []


@given(st.lists(st.sampled_from([b"D1\n", b"U1\n", b"D2\n", b"U2\n", b"junk\n", b"\xff\n"]),
                max_size=30), st.data())
def test_line_any_split_gives_the_same_edges(lines: list[bytes], data: st.DataObject) -> None:
    stream = b"".join(lines)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)])]
    whole, split = LineParser(), LineParser()
    assert feed_all(split, chunks) == whole.feed(stream)
    assert split.stats == whole.stats


def test_bitmask_changed_bits_are_edges_two_switches_at_once() -> None:
    p = BitmaskParser()
    assert p.feed(b"\x03") == [Edge(1, True), Edge(2, True)]  # both in one byte
    assert p.feed(b"\x03") == []  # no change, no edge
    assert p.feed(b"\x02\x00") == [Edge(1, False), Edge(2, False)]
    assert p.feed(b"\x80") == [Edge(8, True)]


def test_bitmask_active_low_and_out_of_range_bits() -> None:
    p = BitmaskParser(switches=2, active_low=True)
    assert p.feed(b"\xfe") == [Edge(1, True)]
    assert p.feed(b"\x00") == []  # bits 3-8 "pressed" on a 2-switch box: garbage
    assert p.stats.garbage_bytes == 1
    assert p.reset() == [Edge(1, False)]


def test_single_char_press_only_infers_release_after_pulse() -> None:
    p = SingleCharParser({1: ord("a"), 2: ord("b")}, pulse_ms=80)
    assert p.feed(b"a?b") == [
        Edge(1, True), Edge(1, False, 0.08), Edge(2, True), Edge(2, False, 0.08)
    ]
    assert p.stats.garbage_bytes == 1
    assert p.reset() == []


def test_single_char_with_release_bytes_reports_real_releases() -> None:
    p = SingleCharParser({1: ord("a")}, {1: ord("A")})
    assert p.feed(b"a") == [Edge(1, True)]
    assert p.reset() == [Edge(1, False)]  # unplugged while held
    assert p.feed(b"aA") == [Edge(1, True), Edge(1, False)]
