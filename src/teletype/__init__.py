"""teletype: parse, decode and validate US diplomatic telegrams and their teletype headers."""

from __future__ import annotations

from . import decode, facts, nodes, source, vocab  # decode registers the TT21x/TT22x codes
from ._version import __version__
from .api import parse, parse_bytes, parse_file
from .cable import Cable
from .diagnostics import CATALOG, Diagnostic, Severity
from .format import format  # teletype.format(cable): a canonical, lossy copy
from .record import RECORD_KEYS
from .source import Span
from .validate import validate  # also registers the TT23x/TT3xx rules


def render(cable: Cable) -> str:
    """The exact input text of a parsed cable (lossless round trip; see :func:`format`
    for a clean, canonical and lossy copy)."""
    return cable.render()


__all__ = [
    "CATALOG", "Cable", "Diagnostic", "RECORD_KEYS", "Severity", "Span", "__version__",
    "decode", "facts", "format", "nodes", "parse", "parse_bytes", "parse_file", "render", "source",
    "validate", "vocab",
]
