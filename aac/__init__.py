"""aac: a switch-accessible communication runtime (speech-generating AAC device).

The pure core (``aac.core``) decides; adapters (``aac.ui``, ``aac.speech``, ``aac.inputs``)
do I/O. See ``../shared/design/ARCHITECTURE.md`` for the split.
"""

__version__ = "0.1.0"
