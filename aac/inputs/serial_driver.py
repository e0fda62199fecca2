"""Serial switch boxes: a reader thread per box, with re-plug detection and back-off.

The thread blocks in ``read(1)`` (select on the port, so no busy-spinning), stamps
``time.monotonic()`` the moment bytes arrive, drains what else is waiting, and hands the
chunk to the box's pure parser. Time-stamping here, not in the loop, is what lets a busy
loop still judge a press against the highlight the child saw.

When the port fails (cable pulled: reads raise) the carer is told "switch disconnected",
held switches are released, and the thread retries with exponential back-off, finding the
box again by path or by USB vendor:product id / description (it may come back as another
``/dev/ttyACM*``). Nothing the box sends can stop the thread: the parsers drop and count it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any, Callable, Optional

import serial
import serial.tools.list_ports

from ..core.events import Status, SwitchEvent
from .diagnostics import RawBytes
from .profiles import DeviceProfile
from .protocols import ParseStats
from .spec import InputSpec, serial_baud

Post = Callable[[object], None]
Lister = Callable[[], Iterable[Any]]
Opener = Callable[..., Any]

MATCH_KEYS: tuple[str, ...] = ("vid", "pid", "description", "serial_number")
STABLE = 5.0  # s a connection must last before a later drop retries at the shortest back-off


def match_criteria(spec: InputSpec, profile: DeviceProfile) -> dict[str, str]:
    """USB identity to look for: the profile's ``match``, overridden by the spec's options."""
    crit = dict(profile.match)
    crit.update({k: v for k, v in spec.options.items() if k in MATCH_KEYS})
    return crit


def port_matches(port: Any, crit: dict[str, str]) -> bool:
    """Does a ``ListPortInfo``-like object have this vid/pid/description/serial number?"""
    if not crit:
        return False
    for key in ("vid", "pid"):
        if key in crit:
            have = getattr(port, key, None)
            if have is None or int(have) != int(crit[key].lower().removeprefix("0x"), 16):
                return False
    if "description" in crit:
        text = f"{getattr(port, 'description', '') or ''} {getattr(port, 'product', '') or ''}"
        if crit["description"].lower() not in text.lower():
            return False
    wanted_serial = crit.get("serial_number")
    return wanted_serial is None or getattr(port, "serial_number", None) == wanted_serial


def find_port(crit: dict[str, str], lister: Lister) -> Optional[str]:
    """The device path of the first listed port matching ``crit``, if any."""
    for port in lister():
        if port_matches(port, crit):
            return str(port.device)
    return None


class SerialDriver:
    """Reads one switch box. ``post`` gets SwitchEvent and Status (and RawBytes if asked)."""

    def __init__(
        self,
        spec: InputSpec,
        profile: DeviceProfile,
        post: Post,
        *,
        lister: Optional[Lister] = None,
        opener: Optional[Opener] = None,
        backoff: tuple[float, float] = (0.25, 4.0),
        read_timeout: float = 0.1,
        diagnostics: bool = False,
    ) -> None:
        self.spec = spec
        self.profile = profile
        self.source = spec.name
        self.baud = serial_baud(spec) or profile.baud
        self.criteria = match_criteria(spec, profile)
        self._post = post
        self._lister: Lister = lister or serial.tools.list_ports.comports
        self._opener: Opener = opener or serial.serial_for_url
        self._backoff = backoff
        self._read_timeout = read_timeout
        self._diagnostics = diagnostics
        self._parser = profile.parser()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.connected = threading.Event()
        self.port: Any = None  # the open port object while connected (tests write to loop://)
        self.device: Optional[str] = None  # the path or URL opened last
        self.connects = 0

    @property
    def stats(self) -> ParseStats:
        return self._parser.stats

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name=f"aac-{self.source}", daemon=True
        )
        self._thread.start()

    def close(self, timeout: float = 1.0) -> None:
        """Stop the reader promptly: wake it from its read and join it."""
        self._stop.set()
        port = self.port
        if port is not None:
            try:
                port.cancel_read()
            except Exception:  # best effort, the read times out anyway
                pass
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the thread ---------------------------------------------------------------------------
    def _run(self) -> None:
        shortest, longest = self._backoff
        delay = shortest
        told_down = False
        while not self._stop.is_set():
            port, why = self._open()
            if port is None:
                if not told_down:
                    self._status("switch disconnected", why)
                    told_down = True
                self._stop.wait(delay)
                delay = min(delay * 2, longest)
                continue
            opened = time.monotonic()
            edges_before = self._parser.stats.edges
            self.port = port
            self.connects += 1
            if told_down:
                self._status("switch reconnected", self.device)
                told_down = False
            elif self._diagnostics:  # the tester shows which port it found; the carer needn't
                self._status("switch connected", self.device)
            self.connected.set()
            detail = self.device
            try:
                self._read(port)
            except (serial.SerialException, OSError, TypeError, ValueError):
                pass  # unplugged (EIO / EOF) or closed under us; handled below
            except Exception as exc:  # a bug must not silently end the child's switch:
                detail = f"driver error {type(exc).__name__}: {_short(exc)}"  # report, retry
            finally:
                self.connected.clear()
                self.port = None
                _quietly_close(port)
                self._deliver_edges(self._parser.reset(), time.monotonic())
            if not self._stop.is_set():
                self._status("switch disconnected", detail)
                told_down = True
                # a box that fails right after opening must not make us spin: back off,
                # longer each time, unless it had been working (for a while, or at least
                # one real press came through: a child knocking the cable out twice must
                # not wait seconds for the second reconnect)
                worked = (time.monotonic() - opened > STABLE
                          or self._parser.stats.edges > edges_before)
                delay = shortest if worked else min(delay * 2, longest)
                self._stop.wait(delay)

    def _open(self) -> tuple[Any, str]:
        candidates: list[str] = []
        target = self.spec.target
        if target != "auto":
            candidates.append(target)
        if self.criteria and (target == "auto" or "://" not in target):
            try:
                found = find_port(self.criteria, self._lister)
            except Exception:  # a flaky USB listing must not kill the thread
                found = None
            if found and found not in candidates:
                candidates.append(found)
        if not candidates:
            return None, "not found: " + _describe(self.criteria)
        error = "not found"
        for device in candidates:
            try:
                # exclusive: a second reader of the same box would steal half its bytes
                port = self._opener(device, baudrate=self.baud, timeout=self._read_timeout,
                                    exclusive=True)
            except Exception as exc:  # SerialException, EACCES, a URL handler's own errors
                error = _short(exc)
                continue
            self.device = device
            return port, ""
        return None, error

    def _read(self, port: Any) -> None:
        while not self._stop.is_set():
            data = port.read(1)
            if not data:
                continue
            t = time.monotonic()
            waiting = port.in_waiting
            if waiting:
                data += port.read(waiting)
            self._deliver(bytes(data), t)

    def _deliver(self, data: bytes, t: float) -> None:
        edges = self._parser.feed(data)
        if self._diagnostics:
            self._post(RawBytes(self.source, data, t, self._parser.stats.garbage_bytes))
        self._deliver_edges(edges, t)

    def _deliver_edges(self, edges: Sequence[Any], t: float) -> None:
        for edge in edges:
            self._post(SwitchEvent(edge.switch, edge.down, t + edge.delay, self.source))

    def _status(self, what: str, detail: Optional[str]) -> None:
        """``what: source`` for the carer; the tester (diagnostics) also gets the detail."""
        text = f"{what}: {self.source}"
        if self._diagnostics and detail:
            text += f" ({detail})"
        self._post(Status(text, time.monotonic()))


def _quietly_close(port: Any) -> None:
    try:
        port.close()
    except Exception:  # the device is already gone
        pass


def _describe(crit: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in crit.items()) or "no port"


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."
