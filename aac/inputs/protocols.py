"""Switch-box protocols as pure byte parsers: fed bytes, never ports (like pyserial's tests).

Each parser turns whatever chunk a read returned into ``Edge``s (switch, down, delay) and
counts what it had to drop, so a noisy cable or a box that boots chattering never crashes the
reader and the technician can see how much was thrown away (``aac switch-test``).

- ``line``: ASCII lines ``D1``/``U1`` ... ``D8``/``U8`` (down/up), ``\\n`` or ``\\r\\n``
  ended. A line that is anything else (wrong switch, noise, a line cut by an unplug) is
  dropped whole; a line longer than ``MAX_LINE`` is dropped without being buffered.
- ``bitmask``: every byte is the state of switches 1-8 (bit 0 = switch 1, set = pressed;
  ``active_low`` inverts). Each changed bit is one edge, so two switches in one byte are two
  edges at the same instant. A byte with bits set above ``switches`` is dropped.
- ``single-char``: one configured byte per press (``press_bytes``). If the box also sends a
  release byte (``release_bytes``) that is the up edge; otherwise the release is inferred
  ``pulse_ms`` after the press (an up edge with ``delay`` = pulse, stamped in the future and
  handed over at once so nothing waits for it). Set ``pulse_ms`` >= the scan acceptance time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol

MAX_LINE = 16
PROTOCOLS: tuple[str, ...] = ("line", "bitmask", "single-char")


@dataclass(frozen=True)
class Edge:
    """Switch ``switch`` went down/up; ``delay`` s after the read it came in (0 = then)."""

    switch: int
    down: bool
    delay: float = 0.0


@dataclass
class ParseStats:
    """What a parser dropped: bytes and whole messages (lines / bytes / chars)."""

    garbage_bytes: int = 0
    garbage_messages: int = 0
    edges: int = 0


class Parser(Protocol):
    stats: ParseStats

    def feed(self, data: bytes) -> list[Edge]:
        """Parse one chunk (any split of the stream is fine); return the edges it completed."""
        ...

    def reset(self) -> list[Edge]:
        """The port was lost: forget partial input and release every switch still held."""
        ...


@dataclass
class _Held:
    down: set[int] = field(default_factory=set)

    def release_all(self) -> list[Edge]:
        edges = [Edge(s, False) for s in sorted(self.down)]
        self.down.clear()
        return edges


class LineParser:
    """``D<n>``/``U<n>`` lines from the DIY Arduino box (devices/arduino_switch_box)."""

    def __init__(self, switches: int = 8) -> None:
        self.switches = switches
        self.stats = ParseStats()
        self._buf = bytearray()
        self._overlong = False  # inside a line already known to be garbage
        self._held = _Held()

    def feed(self, data: bytes) -> list[Edge]:
        edges: list[Edge] = []
        start = 0
        while start < len(data):
            nl = data.find(b"\n", start)
            end = len(data) if nl < 0 else nl
            self._take(data[start:end])
            if nl < 0:
                break
            self._finish_line(edges)
            start = nl + 1
        return edges

    def _take(self, chunk: bytes) -> None:
        if self._overlong:
            self.stats.garbage_bytes += len(chunk)
        elif len(self._buf) + len(chunk) > MAX_LINE:
            self.stats.garbage_bytes += len(self._buf) + len(chunk)
            self._buf.clear()
            self._overlong = True
        else:
            self._buf += chunk

    def _finish_line(self, edges: list[Edge]) -> None:
        line = bytes(self._buf).strip(b"\r ")
        self._buf.clear()
        if self._overlong:
            self._overlong = False
            self.stats.garbage_bytes += 1
            self.stats.garbage_messages += 1
            return
        edge = self._edge(line)
        if edge is None:
            if line:
                self.stats.garbage_bytes += len(line) + 1
                self.stats.garbage_messages += 1
            return
        edges.append(edge)
        self.stats.edges += 1
        (self._held.down.add if edge.down else self._held.down.discard)(edge.switch)

    def _edge(self, line: bytes) -> Optional[Edge]:
        if len(line) != 2 or line[:1] not in (b"D", b"U") or not line[1:].isdigit():
            return None
        switch = int(line[1:])
        if not 1 <= switch <= self.switches:
            return None
        return Edge(switch, line[:1] == b"D")

    def reset(self) -> list[Edge]:
        if self._buf or self._overlong:
            self.stats.garbage_bytes += len(self._buf)
            self.stats.garbage_messages += 1
        self._buf.clear()
        self._overlong = False
        return self._held.release_all()


class BitmaskParser:
    """One byte = the state of up to 8 switches; a changed bit is an edge."""

    def __init__(self, switches: int = 8, active_low: bool = False) -> None:
        if not 1 <= switches <= 8:
            raise ValueError("a bitmask byte holds 1 to 8 switches")
        self.switches = switches
        self.active_low = active_low
        self.stats = ParseStats()
        self._state = 0
        self._valid = (1 << switches) - 1

    def feed(self, data: bytes) -> list[Edge]:
        edges: list[Edge] = []
        for byte in data:
            state = (~byte & 0xFF) if self.active_low else byte
            if state & ~self._valid:
                self.stats.garbage_bytes += 1
                self.stats.garbage_messages += 1
                continue
            changed = state ^ self._state
            for bit in range(self.switches):
                if changed & (1 << bit):
                    edges.append(Edge(bit + 1, bool(state & (1 << bit))))
            self._state = state
        self.stats.edges += len(edges)
        return edges

    def reset(self) -> list[Edge]:
        edges = [Edge(b + 1, False) for b in range(self.switches) if self._state & (1 << b)]
        self._state = 0
        return edges


class SingleCharParser:
    """A configured byte per press (many commercial boxes send a letter or a key code)."""

    def __init__(
        self,
        press_bytes: dict[int, int],
        release_bytes: Optional[dict[int, int]] = None,
        pulse_ms: float = 100.0,
    ) -> None:
        self.stats = ParseStats()
        self._press = {b: s for s, b in press_bytes.items()}
        self._release = {b: s for s, b in (release_bytes or {}).items()}
        self._pulse = pulse_ms / 1000.0
        self._held = _Held()

    def feed(self, data: bytes) -> list[Edge]:
        edges: list[Edge] = []
        for byte in data:
            if byte in self._press:
                switch = self._press[byte]
                edges.append(Edge(switch, True))
                if switch in self._release.values():
                    self._held.down.add(switch)
                else:
                    edges.append(Edge(switch, False, self._pulse))
            elif byte in self._release:
                switch = self._release[byte]
                self._held.down.discard(switch)
                edges.append(Edge(switch, False))
            else:
                self.stats.garbage_bytes += 1
                self.stats.garbage_messages += 1
        self.stats.edges += len(edges)
        return edges

    def reset(self) -> list[Edge]:
        return self._held.release_all()
