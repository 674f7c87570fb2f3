"""Whether a written address names a station: :func:`names_match` and its helpers (TT308,
TT309, TT310)."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from .. import vocab

_GENERIC_NAME_WORDS = frozenset({
    "AMEMBASSY", "AMEMB", "AMCONSUL", "AMCONGEN", "USMISSION", "MISSION", "EMBASSY",
    "CONSULATE", "CONSUL", "GENERAL", "AMERICAN", "US", "USA", "THE", "OF", "AND", "FOR",
    "DC", "WASHDC", "WASHINGTON", "DEPT", "DEPARTMENT", "COLLECTIVE", "POSTS", "ALL",
    "OFFICE", "HQ",
})


_WORD = re.compile(r"[A-Z0-9]+")


def _name_words(name: str) -> list[str]:
    """Significant words of a plain-language address (office codes after // dropped)."""
    words = _WORD.findall(name.upper().partition("/")[0])
    return [w for w in words if len(w) > 2 and w not in _GENERIC_NAME_WORDS]


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _norm_name(name: str) -> str:
    return " ".join(_WORD.findall(name.upper().partition("/")[0]))


def names_match(written: str, candidates: Iterable[str]) -> bool:
    """Whether a written address names the same station as one of ``candidates``.

    Exact after normalisation, else one significant word in common (``AMEMBASSY MEXICO``
    and ``AMEMBASSY MEXICO CITY``; small spelling differences allowed). An address with no
    significant word (``WASHDC``) matches anything.
    """
    return _names_match(written, tuple(candidates))


@functools.lru_cache(maxsize=8192)  # cables repeat their addressees
def _names_match(written: str, names: tuple[str, ...]) -> bool:
    norm = _norm_name(written)
    if any(_norm_name(c) == norm for c in names):
        return True
    words = _name_words(written)
    if not words:
        return True
    return any(_similar(a, b) for c in names for a in words for b in _name_words(c))


def _station_names(station: vocab.Station) -> list[str]:
    return [station.name, *station.other_names]


def _shared_station(station: vocab.Station, address: str) -> bool:
    """Stations known to deliver for other addressees: Washington DC stations serve several
    agencies (RUEHC for DEPT OF LABOR, RUEKJCS for DIA WASHDC), and an embassy's station
    delivers to the consulates of its country (RUEHTC/AMCONSUL AMSTERDAM); the RI is that
    of "the station responsible for delivery" (ACP 127(G) Annex B FL7)."""
    names = " ".join(_station_names(station)).upper()
    if re.search(r"\bWASH(?:INGTON|DC)\b", names):
        return True
    first = address.upper().split(" ", 1)[0]
    return first in ("AMCONSUL", "AMCONGEN", "CONGEN") and station.name.startswith("AMEMBASSY")
