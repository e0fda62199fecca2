"""One base class for every error the package raises on purpose.

Like gpiozero, each error also inherits the matching builtin, so callers can catch either
``AACError`` or e.g. ``ValueError`` without knowing our hierarchy.
"""

from __future__ import annotations


class AACError(Exception):
    """Base of all aac errors."""


class BadBoard(AACError, ValueError):
    """A board file could not be understood (positions are in the message)."""


class BadSettings(AACError, ValueError):
    """Scan, voice or device settings are invalid (the message names the key)."""


class DeviceError(AACError, OSError):
    """A switch interface or audio device could not be used."""
