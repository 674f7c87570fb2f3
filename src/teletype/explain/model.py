"""What :func:`teletype.explain.explain` returns: explained lines and groups."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..diagnostics import Diagnostic


@dataclasses.dataclass(frozen=True, slots=True)
class Explained:
    """One group of a line: ``text`` as written, its ``meaning`` in words, ``known`` False
    when a code is not in the tables, ``field`` what kind of group it is, ``value`` the
    decoded dataclass (see :mod:`teletype.decode`) or None."""

    text: str
    meaning: str
    field: str
    known: bool = True
    value: Any = None


@dataclasses.dataclass(frozen=True, slots=True)
class ExplainedLine:
    """One line of the cable: its 1-based ``line`` number, node ``kind``, ``role`` in the
    format (``routing line (FL2)``), the ``text`` of its first line, a one-line ``summary``,
    the explained ``groups`` and the decoders' ``diagnostics``."""

    line: int
    kind: str
    role: str
    text: str
    summary: str
    groups: tuple[Explained, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
