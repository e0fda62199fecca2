"""Packaging: everything is in setup.cfg, except the data folders kept at the top of the
repository (``boards/``, ``voices/``, ``devices/``), which the wheel carries inside the
package as ``aac/_data/NAME`` so an installed ``aac`` finds them through
``importlib.resources`` (``aac.paths.data_dir``). A checkout keeps using the folders where
they are."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = ("boards", "voices", "devices")
HERE = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        for name in DATA:
            target = Path(self.build_lib, "aac", "_data", name)
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(HERE / name, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithData})
