"""teletype: parse, decode and validate US diplomatic telegrams and their teletype headers."""

from __future__ import annotations

from . import nodes, source, vocab
from .api import parse, parse_bytes, parse_file
from .cable import RECORD_KEYS, Cable
from .diagnostics import CATALOG, Diagnostic, Severity
from .source import Span

__version__ = "0.1.0"


def render(cable: Cable) -> str:
    """The exact input text of a parsed cable (lossless round trip)."""
    return cable.render()


__all__ = [
    "CATALOG", "Cable", "Diagnostic", "RECORD_KEYS", "Severity", "Span", "__version__",
    "nodes", "parse", "parse_bytes", "parse_file", "render", "source", "vocab",
]
