"""``aac switch-test --ports``: each port with its USB id and the --input that would find it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from aac.inputs.ports import describe_ports
from aac.inputs.profiles import available, load_profile


def test_ports_are_described_with_the_spec_to_use() -> None:
    profiles = [load_profile(n) for n in available()]
    ports = [
        SimpleNamespace(device="/dev/ttyACM0", vid=0x2341, pid=0x0043,
                        description="Arduino Uno", serial_number="8573"),
        SimpleNamespace(device="/dev/ttyUSB1", vid=0x0403, pid=0x6001,
                        description="FT232R USB UART", serial_number=None),
        SimpleNamespace(device="/dev/ttyS0", vid=None, pid=None, description="n/a",
                        serial_number=None),
    ]
    acm, ftdi, builtin = describe_ports(ports, profiles)
    assert acm.startswith("/dev/ttyACM0  usb 2341:0043  'Arduino Uno'  serial 8573")
    assert acm.endswith("->  serial:auto?profile=arduino_uno")
    assert ftdi.endswith("->  serial:auto?vid=0403&pid=6001&profile=line")
    assert builtin.endswith("->  serial:/dev/ttyS0?profile=line")
    assert describe_ports([], profiles)[0].startswith("no serial ports found")


def test_ports_command_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "aac", "switch-test", "--ports"],
                          cwd=Path(__file__).resolve().parent.parent, capture_output=True,
                          text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and "Traceback" not in proc.stderr
