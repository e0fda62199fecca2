"""``python -m aac`` is the same as the ``aac`` command."""

import sys

from .cli import main

sys.exit(main())
