"""Which pin library drives the GPIO header, and what to install when none can (issue 17.1).

Missing libraries are simulated the way Python sees them (``sys.modules[name] = None`` makes
``import name`` fail) or with a loader that raises what the real ones raise; pins are
gpiozero's MockFactory pins.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gpiozero import Device
from gpiozero.pins.mock import MockFactory

from aac.core.events import Status
from aac.errors import DeviceError
from aac.inputs import open_inputs, pin_library
from aac.inputs.pin_library import (
    CANDIDATES,
    NoPinLibrary,
    PinLibrary,
    describe,
    ensure_pin_factory,
    explain,
)

REPO = Path(__file__).resolve().parent.parent
PI5 = 0xD04170  # Raspberry Pi 5 Model B, 4 GB
PI4 = 0xC03111


@pytest.fixture(autouse=True)
def no_global_factory(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts as a fresh process would: no pin factory chosen, no env override."""
    monkeypatch.delenv(pin_library.ENV, raising=False)
    before = Device.pin_factory
    Device.pin_factory = None
    yield
    if Device.pin_factory is not None and Device.pin_factory is not before:
        Device.pin_factory.close()
    Device.pin_factory = before


def missing(name: str) -> ImportError:
    return ModuleNotFoundError(f"No module named '{name}'", name=name)


def test_lgpio_missing_on_a_pi_5_names_the_package_to_install() -> None:
    reasons = {"lgpio": missing("lgpio"), "RPi.GPIO": missing("RPi"),
               "pigpio": missing("pigpio"), "native": RuntimeError("unknown SoC BCM2712")}
    text = explain(reasons, PI5, chips=["/dev/gpiochip0", "/dev/gpiochip4"])
    assert "this Raspberry Pi 5B's GPIO" in text
    assert "sudo apt install python3-lgpio" in text and "pip install lgpio" in text
    assert "lgpio: not installed" in text and "native: unknown SoC BCM2712" in text
    assert "\n" not in text


def test_not_a_pi_says_so_and_points_to_usb_switches() -> None:
    text = explain({"lgpio": missing("lgpio")}, None, chips=[])
    assert text.startswith("no GPIO header found (not a Raspberry Pi)")
    assert "serial:auto" in text and "python3-lgpio" not in text


def test_gpio_chips_of_another_board_are_no_header() -> None:
    text = explain({"lgpio": Exception("unable to locate Pi revision")}, None,
                   chips=["/dev/gpiochip0"])
    assert text.startswith("no GPIO header found (not a Raspberry Pi; its GPIO chips "
                           "(/dev/gpiochip0) are no Pi header)")


def test_a_chip_the_user_may_not_open_names_the_gpio_group() -> None:
    reasons = {"lgpio": Exception("can not open gpiochip"), "native": PermissionError(13, "x")}
    text = explain(reasons, PI4, chips=["/dev/gpiochip0"], usable=lambda path: False)
    assert "no permission to use /dev/gpiochip0" in text and "gpio group" in text
    assert "lgpio: can not open gpiochip" in text


def test_first_library_that_works_becomes_gpiozeros_factory() -> None:
    tried: list[str] = []
    mock = MockFactory()

    def loader(lib: PinLibrary) -> Any:
        tried.append(lib.name)
        if lib.name == "lgpio":
            raise missing("lgpio")
        return mock

    assert ensure_pin_factory(loader, lambda: PI4) is mock
    assert tried == ["lgpio", "RPi.GPIO"]  # gpiozero's order; stops at the first that works
    assert Device.pin_factory is mock
    assert ensure_pin_factory(loader) is mock and tried == ["lgpio", "RPi.GPIO"]  # made once


def test_none_usable_raises_with_every_reason() -> None:
    def loader(lib: PinLibrary) -> Any:
        raise missing(lib.name) if lib.name != "native" else OSError("no /dev/gpiomem")

    with pytest.raises(NoPinLibrary) as caught:
        ensure_pin_factory(loader, lambda: PI5)
    assert set(caught.value.reasons) == {lib.name for lib in CANDIDATES}
    assert "python3-lgpio" in str(caught.value)
    assert Device.pin_factory is None


def test_really_missing_lgpio_module_is_reported_as_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "lgpio", None)  # `import lgpio` now fails
    monkeypatch.delitem(sys.modules, "gpiozero.pins.lgpio", raising=False)
    with pytest.raises(ImportError):
        pin_library.load(CANDIDATES[0])


def test_a_factory_chosen_by_environment_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pin_library.ENV, "mock")
    factory = ensure_pin_factory(revision=lambda: None)
    assert isinstance(factory, MockFactory) and describe(factory) == "mock"


def test_describe_names_lgpio_and_its_chip() -> None:
    class LGPIOFactory:  # the name is what counts; real ones need /dev/gpiochip*
        chip = 4

    class NativeFactory:
        pass

    assert describe(LGPIOFactory()) == "lgpio, /dev/gpiochip4"
    assert describe(NativeFactory()).startswith("native (gpiozero's own; Pi 4 and older")


def test_switch_test_diagnostics_name_the_library_in_use() -> None:
    got: list[object] = []
    with open_inputs(["gpio:17,27"], got.append, pin_factory=MockFactory(), diagnostics=True):
        pass
    assert [e.text for e in got if isinstance(e, Status)] == [
        "switch connected: gpio:17,27 (pin library mock)"
    ]


def test_the_runtime_gets_no_status_for_a_working_pin() -> None:
    got: list[object] = []
    with open_inputs(["gpio:17"], got.append, pin_factory=MockFactory()):
        pass
    assert got == []


def test_driver_without_a_pin_library_is_one_clear_device_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pin_library, "load", lambda lib: (_ for _ in ()).throw(missing(lib.name)))
    monkeypatch.setattr(pin_library, "pi_revision", lambda: PI5)
    with pytest.raises(DeviceError) as caught:
        open_inputs(["gpio:17"], lambda event: None)
    assert str(caught.value).startswith("gpio:17: cannot use GPIO pin(s) 17: no pin library")
    assert "python3-lgpio" in str(caught.value)


PI5_WITHOUT_LGPIO = textwrap.dedent(f"""
    import sys
    for name in ("lgpio", "RPi", "pigpio"):
        sys.modules[name] = None  # none of the libraries is installed
    from gpiozero.pins import local
    local.get_pi_revision = lambda: {PI5}  # /proc says: a Raspberry Pi 5
    from aac.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def run_switch_test(script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, "switch-test", *args, "--exit-after", "0.2"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", **env},
    )


def test_switch_test_on_a_pi_5_without_lgpio_says_what_to_install() -> None:
    proc = run_switch_test(PI5_WITHOUT_LGPIO, "--input", "gpio:17,27")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "gpio:17,27: cannot use GPIO pin(s) 17,27: no pin library can drive this " \
           "Raspberry Pi 5B's GPIO" in proc.stderr
    assert "sudo apt install python3-lgpio" in proc.stderr
    assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr


def test_switch_test_names_the_pin_library_in_use() -> None:
    script = "import sys; from aac.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = run_switch_test(script, "--input", "gpio:17", GPIOZERO_PIN_FACTORY="mock")
    assert proc.returncode == 0, proc.stderr
    assert "switch connected: gpio:17 (pin library mock)" in proc.stdout
