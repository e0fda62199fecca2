"""Switch inputs: serial switch boxes, USB keyboard/joystick interfaces, GPIO, touch.

The runtime's API::

    from aac.inputs import open_inputs

    hub = open_inputs(["keyboard", "serial:auto?profile=arduino_uno", "gpio:17,27"],
                      runtime.post)
    frontend = PygameFrontend(..., inputs=hub.frontend_config)   # keymap, pointer, joysticks
    ...
    hub.close()                                                  # joins the reader threads

- Specs are URL-like names (grammar in ``aac.inputs.spec``): ``keyboard[?1=space,return&2=tab]``,
  ``mouse[?mode=switch]``, ``touch``, ``joystick[:N][?1=0&2=1]``,
  ``serial:PORT?profile=NAME&baud=N`` (``PORT`` a path, ``loop://``, or ``auto`` with
  ``vid``/``pid``/``description``), ``gpio:PIN[,PIN]``. A bad spec or unknown profile raises
  ``aac.errors.BadSettings`` before anything starts; unusable GPIO raises ``DeviceError``.
- Thread drivers (serial, gpio) call ``post(SwitchEvent(switch, down, t, source))`` with
  ``t = time.monotonic()`` taken right after the bytes were read (or the pin callback ran),
  and ``post(Status("switch disconnected: serial:/dev/ttyACM0", t))`` /
  ``Status("switch reconnected: serial:/dev/ttyACM0", t)`` for the carer (the spec's name,
  without options). Switches held at an unplug get an up event. With ``diagnostics=True``
  (switch-test) serial drivers also post ``RawBytes``, a "switch connected" status, and
  statuses carry the detail in parentheses (port found, or why it is missing); GPIO drivers
  post "switch connected: gpio:17,27 (pin library lgpio, /dev/gpiochip0)".
- ``keyboard``/``mouse``/``touch``/``joystick`` are read by the pygame front end on the main
  thread; ``hub.frontend_config`` (a ``FrontendConfig``) says which key, mouse button or
  joystick button is which switch and whether touch selects cells.
- Raw edges are not filtered here: bounce, acceptance, debounce and hold are per-user
  settings applied by the pure ``aac.core.switch`` filter, the same for every switch kind.
"""

from __future__ import annotations

from .diagnostics import RawBytes
from .profiles import DeviceProfile, load_profile
from .registry import (
    DEFAULT_INPUTS,
    FrontendConfig,
    InputHub,
    JoystickConfig,
    frontend_config,
    needs_scanning,
    open_inputs,
    parse_inputs,
    start_for_runtime,
)
from .spec import InputSpec, parse_input_spec

__all__ = [
    "DEFAULT_INPUTS",
    "DeviceProfile",
    "FrontendConfig",
    "InputHub",
    "InputSpec",
    "JoystickConfig",
    "RawBytes",
    "frontend_config",
    "load_profile",
    "needs_scanning",
    "open_inputs",
    "parse_input_spec",
    "parse_inputs",
    "start_for_runtime",
]
