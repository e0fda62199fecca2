"""Serial switch boxes through real ports: pty pairs (a box's USB serial) and pyserial loop://.

Unplugging is closing the pty's master end (reads on the port then fail, as with a pulled
USB cable); re-plugging is a new pty that the injected port lister reports with the box's
USB id. Every wait is on a queue with a timeout, never a sleep.
"""

from __future__ import annotations

import os
import queue
import time
import tty
from types import SimpleNamespace
from typing import Any, Callable, Optional

import pytest
from helpers import WAIT

from aac.core.events import Status, SwitchEvent
from aac.core.switch import FilterSettings, SwitchFilter
from aac.inputs import RawBytes, open_inputs

FAST = (0.01, 0.05)  # back-off for tests: retry quickly


class Pty:
    """A pty pair standing in for a USB serial switch box; ``path`` is what the driver opens."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)  # bytes pass untouched even before the driver configures the port
        self.path = os.ttyname(slave)
        os.close(slave)

    def write(self, data: bytes) -> float:
        t = time.monotonic()
        os.write(self.master, data)
        return t

    def unplug(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


@pytest.fixture
def ptys() -> Any:
    made: list[Pty] = []

    def make() -> Pty:
        made.append(Pty())
        return made[-1]

    yield make
    for p in made:
        p.unplug()


class Inbox:
    """What the loop would receive through ``Runtime.post``."""

    def __init__(self) -> None:
        self.q: queue.Queue[object] = queue.Queue()

    def post(self, event: object) -> None:
        self.q.put(event)

    def next(self, want: Callable[[object], bool] = lambda e: True) -> object:
        """The next event ``want`` accepts (others are skipped); fails after WAIT seconds."""
        end = time.monotonic() + WAIT
        while True:
            try:
                event = self.q.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError("no matching event within the timeout") from None
            if want(event):
                return event

    def switches(self, n: int) -> list[SwitchEvent]:
        return [self.next(lambda e: isinstance(e, SwitchEvent)) for _ in range(n)]  # type: ignore[misc]

    def status(self, prefix: str) -> Status:
        return self.next(lambda e: isinstance(e, Status) and e.text.startswith(prefix))  # type: ignore[return-value]

    def raw(self) -> RawBytes:
        return self.next(lambda e: isinstance(e, RawBytes))  # type: ignore[return-value]

    def empty_of_switches(self) -> bool:
        while not self.q.empty():
            if isinstance(self.q.get_nowait(), SwitchEvent):
                return False
        return True


def edges(events: list[SwitchEvent]) -> list[tuple[int, bool]]:
    return [(e.switch, e.down) for e in events]


def lister_for(current: dict[str, Optional[str]]) -> Callable[[], list[SimpleNamespace]]:
    """A fake ``comports()``: the Arduino box (2341:0043) is at ``current['path']`` if any."""

    def comports() -> list[SimpleNamespace]:
        ports = [SimpleNamespace(device="/dev/ttyS0", vid=None, pid=None,
                                 description="n/a", serial_number=None)]
        if current["path"]:
            ports.append(SimpleNamespace(device=current["path"], vid=0x2341, pid=0x0043,
                                         description="Arduino Uno", serial_number="A1"))
        return ports

    return comports


def test_line_box_on_a_pty_stamps_events_where_read(ptys: Any) -> None:
    box, inbox = ptys(), Inbox()
    with open_inputs([f"serial:{box.path}?profile=line"], inbox.post) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        before = box.write(b"D1\n")
        down = inbox.switches(1)[0]
        after = time.monotonic()
        assert down == SwitchEvent(1, True, down.t, f"serial:{box.path}")
        assert before <= down.t <= after
        box.write(b"U1\nD2\nU2\n")
        assert edges(inbox.switches(3)) == [(1, False), (2, True), (2, False)]
    assert not any(d._thread.is_alive() for d in hub.drivers)


def test_bitmask_box_two_switches_in_one_byte_share_their_time(ptys: Any) -> None:
    box, inbox = ptys(), Inbox()
    with open_inputs([f"serial:{box.path}?profile=bitmask"], inbox.post) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        box.write(b"\x03")
        both = inbox.switches(2)
        assert edges(both) == [(1, True), (2, True)]
        assert both[0].t == both[1].t
        box.write(b"\x01\x00")
        assert edges(inbox.switches(2)) == [(2, False), (1, False)]


def test_single_char_box_infers_the_release(ptys: Any) -> None:
    box, inbox = ptys(), Inbox()
    with open_inputs([f"serial:{box.path}?profile=single_char"], inbox.post) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        box.write(b"2")
        down, up = inbox.switches(2)
        assert (down.switch, down.down, up.switch, up.down) == (2, True, 2, False)
        assert up.t - down.t == pytest.approx(hub.drivers[0].profile.pulse_ms / 1000)


@pytest.mark.parametrize(
    ("profile", "data", "expected"),
    [
        ("line", b"D1\nU1\n", [(1, True), (1, False)]),
        ("bitmask", b"\x02\x00", [(2, True), (2, False)]),
        ("single_char", b"1", [(1, True), (1, False)]),
    ],
)
def test_every_protocol_through_loop_url(
    profile: str, data: bytes, expected: list[tuple[int, bool]]
) -> None:
    inbox = Inbox()
    with open_inputs([f"serial:loop://?profile={profile}"], inbox.post) as hub:
        driver = hub.drivers[0]
        assert driver.connected.wait(WAIT)
        driver.port.write(data)
        assert edges(inbox.switches(len(expected))) == expected
        assert driver.baud == 9600


def test_partial_lines_across_reads(ptys: Any) -> None:
    box, inbox = ptys(), Inbox()
    with open_inputs([f"serial:{box.path}"], inbox.post, diagnostics=True) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        box.write(b"D")
        assert inbox.raw().data == b"D"  # the driver has read half a line
        box.write(b"1\nU")
        assert inbox.raw().data == b"1\nU"
        assert edges(inbox.switches(1)) == [(1, True)]
        box.write(b"1\n")
        assert edges(inbox.switches(1)) == [(1, False)]


def test_garbage_is_counted_and_dropped_and_the_reader_goes_on(ptys: Any) -> None:
    box, inbox = ptys(), Inbox()
    with open_inputs([f"serial:{box.path}?profile=line"], inbox.post, diagnostics=True) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        noise = bytes(b for b in range(256) if b != ord("\n")) * 8  # one 2040-byte line
        box.write(b"\xff\x00D9\nXX\n" + noise + b"\nD1\n")
        assert edges(inbox.switches(1)) == [(1, True)]
        stats = hub.stats()[f"serial:{box.path}"]
        assert stats.garbage_messages == 3
        assert stats.garbage_bytes == 5 + 3 + len(noise) + 1
        box.write(b"U1\n")
        assert edges(inbox.switches(1)) == [(1, False)]
        assert hub.drivers[0]._thread.is_alive()


def test_unplug_then_replug_elsewhere_resumes_without_restart(ptys: Any) -> None:
    first, inbox = ptys(), Inbox()
    where: dict[str, Optional[str]] = {"path": first.path}
    with open_inputs(["serial:auto?vid=2341&pid=0043"], inbox.post,
                     lister=lister_for(where), backoff=FAST) as hub:
        driver = hub.drivers[0]
        assert driver.connected.wait(WAIT)
        assert driver.device == first.path
        first.write(b"D1\n")
        assert edges(inbox.switches(1)) == [(1, True)]

        where["path"] = None
        first.unplug()  # pulled while switch 1 is held
        assert edges(inbox.switches(1)) == [(1, False)]  # so it is not "held" forever
        gone = inbox.status("switch disconnected")
        assert gone.text == "switch disconnected: serial:auto"  # what the carer sees

        second = ptys()  # plugged back in: a new /dev/pts/N
        where["path"] = second.path
        back = inbox.status("switch reconnected")
        assert back.text == "switch reconnected: serial:auto"
        assert driver.device == second.path
        assert driver.connected.wait(WAIT)
        second.write(b"D2\nU2\n")
        assert edges(inbox.switches(2)) == [(2, True), (2, False)]
        assert driver.connects == 2


def test_box_missing_at_start_is_reported_then_found(ptys: Any) -> None:
    inbox = Inbox()
    where: dict[str, Optional[str]] = {"path": None}
    with open_inputs(["serial:auto?profile=arduino_uno"], inbox.post, diagnostics=True,
                     lister=lister_for(where), backoff=FAST) as hub:
        missing = inbox.status("switch disconnected")
        assert "not found" in missing.text and "vid=2341" in missing.text  # for the tester
        box = ptys()
        where["path"] = box.path
        inbox.status("switch reconnected")
        assert hub.drivers[0].connected.wait(WAIT)
        box.write(b"D1\n")
        assert edges(inbox.switches(1)) == [(1, True)]


def test_a_port_path_that_vanished_is_found_again_by_usb_id(ptys: Any) -> None:
    first, inbox = ptys(), Inbox()
    where: dict[str, Optional[str]] = {"path": first.path}
    spec = f"serial:{first.path}?profile=arduino_uno"
    with open_inputs([spec], inbox.post, lister=lister_for(where), backoff=FAST) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        where["path"] = None
        first.unplug()
        inbox.status(f"switch disconnected: serial:{first.path}")
        second = ptys()
        where["path"] = second.path
        inbox.status("switch reconnected")
        second.write(b"D3\n")
        assert edges(inbox.switches(1)) == [(3, True)]


def test_bounce_burst_in_one_read_collapses_to_one_press(ptys: Any) -> None:
    box, inbox = ptys(), Inbox()
    with open_inputs([f"serial:{box.path}"], inbox.post) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        box.write(b"D1\nU1\nD1\nU1\nD1\n")  # a bouncing contact: 5 edges within microseconds
        raw = inbox.switches(5)
        f = SwitchFilter(FilterSettings(bounce_ms=10, debounce_ms=100), switch=1)
        actions = [a for e in raw for a in f.feed(e)]
        box.write(b"U1\n")
        up = inbox.switches(1)[0]
        actions += f.feed(up) + f.advance(up.t + 0.011)
        kinds = [a.kind for a in actions]
        assert kinds == ["down", "press", "release"]
        assert actions[-1].bounces == 2  # two extra contacts merged into the press
        assert actions[-1].duration == pytest.approx(up.t - raw[0].t)


def test_close_stops_a_reader_that_is_waiting_for_a_missing_box() -> None:
    inbox = Inbox()
    hub = open_inputs(["serial:/dev/nonexistent-aac-box"], inbox.post, backoff=(5.0, 5.0))
    assert "nonexistent" in inbox.status("switch disconnected").text
    started = time.monotonic()
    hub.close(timeout=2.0)
    assert not hub.drivers[0]._thread.is_alive()
    assert time.monotonic() - started < 1.0  # woke from its 5 s back-off at once


def test_port_matching_by_usb_id_description_and_serial_number() -> None:
    from aac.inputs.serial_driver import find_port, port_matches

    uno = SimpleNamespace(device="/dev/ttyACM3", vid=0x2341, pid=0x43, description="Arduino Uno",
                          product=None, serial_number="8573")
    ch340 = SimpleNamespace(device="/dev/ttyUSB0", vid=0x1A86, pid=0x7523,
                            description="USB2.0-Serial", product=None, serial_number=None)
    ports = [ch340, uno]
    assert find_port({"vid": "2341", "pid": "0043"}, lambda: ports) == "/dev/ttyACM3"
    assert find_port({"vid": "0x1a86"}, lambda: ports) == "/dev/ttyUSB0"
    assert find_port({"description": "arduino"}, lambda: ports) == "/dev/ttyACM3"
    assert find_port({"serial_number": "8573"}, lambda: ports) == "/dev/ttyACM3"
    assert find_port({"vid": "2341", "serial_number": "0000"}, lambda: ports) is None
    assert not port_matches(uno, {})  # no criteria never matches "any port"
    no_usb = SimpleNamespace(device="/dev/ttyS0", vid=None, pid=None, description="n/a")
    assert not port_matches(no_usb, {"vid": "2341"})


def test_serial_auto_by_description_on_a_pty(ptys: Any) -> None:
    box, inbox = ptys(), Inbox()
    where: dict[str, Optional[str]] = {"path": box.path}
    with open_inputs(["serial:auto?description=Arduino&profile=bitmask"], inbox.post,
                     lister=lister_for(where), backoff=FAST) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        assert hub.drivers[0].device == box.path
        box.write(b"\x01")
        assert edges(inbox.switches(1)) == [(1, True)]


def test_a_box_is_read_by_one_driver_only(ptys: Any) -> None:
    box, first, second = ptys(), Inbox(), Inbox()
    with open_inputs([f"serial:{box.path}"], first.post, diagnostics=True) as hub:
        assert hub.drivers[0].connected.wait(WAIT)
        with open_inputs([f"serial:{box.path}"], second.post, diagnostics=True,
                         backoff=(5.0, 5.0)):
            refused = second.status("switch disconnected")
            assert "lock" in refused.text  # says why: another program has the port
            box.write(b"D1\nU1\n")
            assert edges(first.switches(2)) == [(1, True), (1, False)]


def test_baud_from_the_spec_overrides_the_profile() -> None:
    inbox = Inbox()
    with open_inputs(["serial:loop://?profile=line&baud=115200"], inbox.post) as hub:
        driver = hub.drivers[0]
        assert driver.connected.wait(WAIT)
        assert driver.port.baudrate == 115200 and driver.profile.baud == 9600


def test_a_box_that_fails_right_after_opening_is_retried_with_growing_back_off() -> None:
    import threading

    import serial

    opens: list[float] = []
    enough = threading.Event()

    class Broken:
        in_waiting = 0

        def read(self, n: int) -> bytes:
            raise serial.SerialException("device reports readiness to read but returned no data")

        def close(self) -> None:
            pass

    def opener(device: str, **kwargs: Any) -> Broken:
        opens.append(time.monotonic())
        if len(opens) == 5:
            enough.set()
        return Broken()

    inbox = Inbox()
    with open_inputs(["serial:/dev/ttyBROKEN"], inbox.post, opener=opener,
                     backoff=(0.01, 0.04)):
        assert enough.wait(WAIT)
    gaps = [b - a for a, b in zip(opens, opens[1:])]
    assert [g >= want for g, want in zip(gaps, [0.02, 0.04, 0.04, 0.04])] == [True] * 4
    texts = []
    while not inbox.q.empty():
        event = inbox.q.get_nowait()
        if isinstance(event, Status):
            texts.append(event.text)
    assert texts[:2] == ["switch disconnected: serial:/dev/ttyBROKEN",
                         "switch reconnected: serial:/dev/ttyBROKEN"]
