"""The pure core: board model, scan engine, switch filtering, session, clocks.

Nothing in this package may import pygame, pyttsx3, pyserial or gpiozero, so it is testable
on a fake clock and reusable by other front ends. ``tests/test_core_purity.py`` checks this.
"""
