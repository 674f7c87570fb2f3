"""XMT: the exclusions of a collective addressee.

``INFO ALL NATO CAPITALS COLLECTIVE`` / ``XMT AMEMBASSY ANKARA`` addresses every post of the
collective except Ankara: the XMT line is no addressee but an exclusion from the collective
before it. ``split_exclusions(names)`` takes the addressee names of a TO or INFO section in
order and tells the exclusions apart, each tied to the collective it excludes from (None
when no collective stands before it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Exclusion:
    """``XMT <name>``: ``name`` is excluded from ``collective``."""

    raw: str
    name: str
    collective: str | None


_XMT: Final = re.compile(r"^\s*XMT\b[\s:]*(?P<name>.*?)\s*$", re.IGNORECASE)
_COLLECTIVE: Final = re.compile(r"\bCOLLECTIVE\b|\bALL\b.*\bPOSTS\b", re.IGNORECASE)
#: between the posts one XMT line names
_POSTS_SEP: Final = re.compile(r"\s*[,;]\s*|(?=\bAM(?:EMBASSY|CONSUL)\b)")


def is_exclusion(name: str) -> bool:
    """Whether an address line is an XMT exclusion rather than an addressee."""
    return _XMT.match(name) is not None


#: "XMT" anywhere, as _XMT matches it (case-insensitively): a section without it has no
#: exclusion
_XMT_WORD: Final = re.compile(r"XMT", re.IGNORECASE)


def split_exclusions(names: Sequence[str]) -> tuple[tuple[str, ...], tuple[Exclusion, ...]]:
    """The addressees and the exclusions of one address section, in order."""
    if not names or _XMT_WORD.search("\n".join(names)) is None:
        return tuple(names), ()  # no XMT line (most sections): every name is kept
    return _split(names)


def _split(names: Sequence[str]) -> tuple[tuple[str, ...], tuple[Exclusion, ...]]:
    """:func:`split_exclusions`, name by name."""
    kept: list[str] = []
    excluded: list[Exclusion] = []
    collective: str | None = None
    for name in names:
        m = _XMT.match(name)
        if m is None:
            kept.append(name)
            collective = name if _COLLECTIVE.search(name) else collective
            continue
        # one XMT line may name several posts: "XMT AMEMBASSY ANKARA AMEMBASSY ATHENS"
        parts = [p.strip() for p in _POSTS_SEP.split(m["name"]) if p.strip()]
        for part in parts or [""]:
            excluded.append(Exclusion(name, part, collective))
    return tuple(kept), tuple(excluded)
