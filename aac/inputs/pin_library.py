"""Which library drives the Raspberry Pi's GPIO header, and what to install when none can.

gpiozero tries lgpio, RPi.GPIO, pigpio, then its own native driver, and says only "Unable to
load any default pin factory" when all fail. We try the same libraries in the same order
(``CANDIDATES``), keep each one's reason, and install the first that works as gpiozero's
process-wide ``Device.pin_factory``, exactly where gpiozero would have put it, so every
Button shares one factory and gpiozero closes it at exit. Only lgpio drives a Pi 5's header
(its GPIO sits on the RP1 chip, which the native driver does not know), so when the
library is missing on a Pi the message names the package to install. ``GPIOZERO_PIN_FACTORY``
still wins: then gpiozero picks, and we only name what it picked.
"""

from __future__ import annotations

import glob
import importlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Callable, Optional

ENV = "GPIOZERO_PIN_FACTORY"
INSTALL_LGPIO = ("install the lgpio package: on Raspberry Pi OS `sudo apt install "
                 "python3-lgpio`, then run `sh scripts/bootstrap.sh` again (it makes it "
                 "visible to .venv); in any other venv `pip install lgpio`")
GPIO_GROUP = ("add the user to the gpio group (`sudo usermod -aG gpio $USER`, then log in "
              "again)")


@dataclass(frozen=True)
class PinLibrary:
    """One pin library gpiozero can use: its name for people, its gpiozero factory class."""

    name: str
    module: str
    factory: str


CANDIDATES: tuple[PinLibrary, ...] = (  # gpiozero 2's own order of preference
    PinLibrary("lgpio", "gpiozero.pins.lgpio", "LGPIOFactory"),
    PinLibrary("RPi.GPIO", "gpiozero.pins.rpigpio", "RPiGPIOFactory"),
    PinLibrary("pigpio", "gpiozero.pins.pigpio", "PiGPIOFactory"),
    PinLibrary("native", "gpiozero.pins.native", "NativeFactory"),
)
NAMES = {lib.factory: lib.name for lib in CANDIDATES} | {"MockFactory": "mock"}

Loader = Callable[[PinLibrary], Any]
Revision = Callable[[], Optional[int]]


class NoPinLibrary(Exception):
    """No pin library could drive the header; ``str()`` says why and what to do."""

    def __init__(self, reasons: Mapping[str, BaseException], revision: Optional[int]) -> None:
        self.reasons = dict(reasons)
        self.revision = revision
        super().__init__(explain(self.reasons, revision))


def load(lib: PinLibrary) -> Any:
    """A new factory of ``lib`` (raises whatever importing or opening the chip raises)."""
    module = importlib.import_module(lib.module)
    return getattr(module, lib.factory)()


def pi_revision() -> Optional[int]:
    """The board's revision code as gpiozero reads it, or None when this is not a Pi."""
    try:
        from gpiozero.pins import local

        return int(local.get_pi_revision())
    except Exception:  # no /proc/device-tree revision and no "Revision" line: not a Pi
        return None


def ensure_pin_factory(loader: Optional[Loader] = None, revision: Optional[Revision] = None
                       ) -> Any:
    """gpiozero's process-wide pin factory, made now if there is none yet (``loader`` and
    ``revision`` default to ``load`` and ``pi_revision``, looked up at call time).

    Raises ``NoPinLibrary`` naming each library's reason and, on a Pi, what to install."""
    from gpiozero import Device

    loader = loader or load
    revision = revision or pi_revision
    if Device.pin_factory is not None:
        return Device.pin_factory
    if os.environ.get(ENV):
        try:
            Device.ensure_pin_factory()
        except Exception as exc:  # the user's choice failed: say so in their terms
            chosen = f"{os.environ[ENV].lower()} (chosen by {ENV})"
            raise NoPinLibrary({chosen: exc}, revision()) from None
        return Device.pin_factory
    reasons: dict[str, BaseException] = {}
    for lib in CANDIDATES:
        try:
            Device.pin_factory = loader(lib)
            return Device.pin_factory
        except Exception as exc:  # gpiozero and the libraries raise many kinds
            reasons[lib.name] = exc
    raise NoPinLibrary(reasons, revision())


def describe(factory: Any) -> str:
    """``lgpio, /dev/gpiochip4``: the library behind ``factory`` and, for lgpio, its chip."""
    name = NAMES.get(type(factory).__name__, type(factory).__name__)
    chip = getattr(factory, "chip", None)
    if name == "lgpio" and isinstance(chip, int):
        return f"{name}, /dev/gpiochip{chip}"
    if name == "native":
        return "native (gpiozero's own; Pi 4 and older only)"
    return name


def explain(reasons: Mapping[str, BaseException], revision: Optional[int],
            chips: Optional[Sequence[str]] = None,
            usable: Callable[[str], bool] = lambda path: os.access(path, os.R_OK | os.W_OK),
            ) -> str:
    """Why no pin library works, in words for whoever wires the switch, and what to do.

    ``reasons`` maps a library's name (first word) to what it raised; ``revision`` is the
    Pi's revision code (None: not a Pi); ``chips`` the /dev/gpiochip* devices."""
    if chips is None:
        chips = sorted(glob.glob("/dev/gpiochip*"))
    tried = "; ".join(f"{name}: {_reason(exc)}" for name, exc in reasons.items())
    if revision is None:  # GPIO chips of another board (a laptop has some) are no header
        other = f"; its GPIO chips ({', '.join(chips)}) are no Pi header" if chips else ""
        return (f"no GPIO header found (not a Raspberry Pi{other}); use a USB switch "
                "interface instead, e.g. serial:auto?vid=...")
    board = f"this Raspberry Pi {_model(revision)}"
    if any(name.split()[0] == "lgpio" and isinstance(exc, ImportError)
           for name, exc in reasons.items()):
        return f"no pin library can drive {board}'s GPIO: {INSTALL_LGPIO} (tried {tried})"
    locked = [c for c in chips if not usable(c)]
    if locked:
        return f"no permission to use {', '.join(locked)}: {GPIO_GROUP} (tried {tried})"
    return f"no pin library can drive {board}'s GPIO (tried {tried})"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        return "not installed"
    return str(exc) or type(exc).__name__


def _model(revision: int) -> str:
    try:
        from gpiozero.pins.pi import PiBoardInfo

        return f"{PiBoardInfo.from_revision(revision).model}"
    except Exception:  # a revision gpiozero does not know: name it by its code
        return f"(revision {revision:x})"
