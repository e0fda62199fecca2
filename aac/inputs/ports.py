"""Which serial ports are there, and which device profile would pick each one.

For the technician setting a box up (``aac switch-test --ports``): the USB id to put in
``serial:auto?vid=...&pid=...`` or a profile's ``match``, and the spec to copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .profiles import DeviceProfile
from .serial_driver import port_matches


def describe_ports(ports: Iterable[Any], profiles: Sequence[DeviceProfile]) -> list[str]:
    """One line per port: path, vid:pid, description, serial number, the spec to use."""
    lines = []
    for port in ports:
        vid, pid = getattr(port, "vid", None), getattr(port, "pid", None)
        usb = f"{vid:04x}:{pid:04x}" if vid is not None and pid is not None else "-"
        desc = getattr(port, "description", "") or ""
        serial_no = getattr(port, "serial_number", None)
        matched = [p.name for p in profiles if port_matches(port, dict(p.match))]
        if matched:
            spec = f"serial:auto?profile={matched[0]}"
        elif vid is not None and pid is not None:
            spec = f"serial:auto?vid={vid:04x}&pid={pid:04x}&profile=line"
        else:
            spec = f"serial:{port.device}?profile=line"
        extra = f"  serial {serial_no}" if serial_no else ""
        lines.append(f"{port.device}  usb {usb}  {desc!r}{extra}  ->  {spec}")
    return lines or ["no serial ports found (is the box plugged in? `dmesg | tail` shows it)"]
