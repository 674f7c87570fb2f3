"""Low-level decoders for coded groups: DTG, Julian filing time, precedence, classification.

Each returns the decoded value (None when it cannot be decoded) and leaves reporting to the
caller. Calendars live here, code tables in :mod:`teletype.vocab`; the typed decoders that
return diagnostics are in :mod:`teletype.decoders`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Final

from . import vocab

MONTHS = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}

# The code tables are the CSV files of teletype.vocab (each row with its source); the maps
# below are views of them, kept for the parser, which looks letters and groups up often.
_PRECEDENCES = vocab.table("precedence")

#: Precedence prosign letter -> word: Z FLASH, O IMMEDIATE, P PRIORITY, R ROUTINE, Y ECP,
#: W FLASH OVERRIDE (ACP 127(G) §150-151; FORMAT.md §2.3).
PRECEDENCE_LETTERS: Final[Mapping[str, str]] = MappingProxyType(
    {p.code: p.word for p in _PRECEDENCES if p.letter == p.code}
)
#: Precedence letter -> rank (ROUTINE 1 ... FLASH 4, Y and W 5).
PRECEDENCE_RANK: Final[Mapping[str, int]] = MappingProxyType(
    {p.code: p.rank for p in _PRECEDENCES if p.letter == p.code}
)
#: State precedence word -> letter; words with no letter in the sources (NIACT alone,
#: CRITIC) are absent.
WORD_LETTERS: Final[Mapping[str, str]] = MappingProxyType(
    {p.code: p.letter for p in _PRECEDENCES if p.letter is not None and p.code != p.letter}
)
#: FL4 security group -> classification (ACP 127(G) §124.b, §203.a; EFTO per FORMAT.md §2.5).
SECURITY_GROUPS: Final[Mapping[str, str]] = MappingProxyType(
    {g.code: g.classification for g in vocab.table("security_groups")}
)

# OCR confusions in positions where only a digit can stand (FORMAT.md §6).
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "S": "5"})
_SPACES = re.compile(r"\s+")

DEFAULT_PIVOT = 1960  # two-digit years map into [pivot, pivot + 99]


def fix_digits(raw: str) -> str:
    """Replace letters that OCR reads for digits (O->0, I/l->1, S->5)."""
    return raw.translate(_DIGIT_FIX)


def expand_year(raw: str | None, pivot: int = DEFAULT_PIVOT) -> int | None:
    if raw is None or not raw.isdigit():
        return None
    year = int(raw)
    if len(raw) == 4:
        return year
    if len(raw) != 2:
        return None
    century = pivot - pivot % 100
    full = century + year
    return full if full >= pivot else full + 100


def month_number(raw: str | None) -> int | None:
    return MONTHS.get(raw[:3].upper()) if raw else None


def dtg_value(
    day: int | None, hour: int | None, minute: int | None, month: int | None, year: int | None
) -> datetime | None:
    """The UTC datetime of a DTG, or None when it names no real instant."""
    if None in (day, hour, minute, month, year):
        return None
    try:
        return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)  # type: ignore[arg-type]
    except ValueError:
        return None


def split_daytime(raw: str) -> tuple[int, int, int] | None:
    """``280245Z`` (after digit fixing) -> (28, 2, 45)."""
    digits = fix_digits(raw.replace(" ", "").rstrip("Zz"))
    if len(digits) != 6 or not digits.isdigit():
        return None
    return int(digits[:2]), int(digits[2:4]), int(digits[4:])


def split_julian(raw: str) -> tuple[int, int, int] | None:
    """``1480246`` -> (148, 2, 46)."""
    digits = fix_digits(raw)
    if len(digits) != 7 or not digits.isdigit():
        return None
    return int(digits[:3]), int(digits[3:5]), int(digits[5:])


def filed_datetime(
    day_of_year: int | None, hour: int | None, minute: int | None, dtg: datetime | None
) -> datetime | None:
    """The DE-line filing time as a datetime in the DTG's year.

    Handles the year boundary: a day 001 filing of a 31 Dec DTG belongs to the next year,
    a day 365/366 filing of a 1 Jan DTG to the year before. The filing time is taken in the
    year (before, of or after the DTG's) that puts it nearest the DTG; None when that is
    more than half a year away (day 366 near a year that has none).
    """
    if dtg is None or day_of_year is None or hour is None or minute is None:
        return None
    if not (1 <= day_of_year <= 366 and 0 <= hour < 24 and 0 <= minute < 60):
        return None
    candidates = []
    for year in (dtg.year - 1, dtg.year, dtg.year + 1):
        if not 1 <= year <= 9999:
            continue
        base = datetime(year, 1, 1, hour, minute, tzinfo=timezone.utc)
        try:
            value = base + timedelta(days=day_of_year - 1)
        except OverflowError:
            continue
        if value.year == year:
            candidates.append(value)
    if not candidates:
        return None
    best = min(candidates, key=lambda v: abs((v - dtg).total_seconds()))
    if abs(best - dtg) > _HALF_YEAR:
        return None
    return best


_HALF_YEAR = timedelta(days=183)


def precedence_word(letter: str | None) -> str | None:
    return PRECEDENCE_LETTERS.get(letter) if letter else None


_CLASS_LEVELS = (
    ("TOP SECRET", "TOP SECRET"),
    ("SECRET", "SECRET"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
    ("UNCLASSIFIED", "UNCLASSIFIED"),
    ("UNCLAS", "UNCLASSIFIED"),
    ("RESTRICTED", "RESTRICTED"),
)


#: OCR damage to a classification word (FOIA printouts whose classification was struck
#: through before scanning): CECRET, 3ECRET, SRECRET, CONFIDENTIAT, CO.NFIDENTIAL, C NFIDENTIAL.
_OCR_CLASS = (
    (re.compile(r"[CE35]R?ECRET|SRECRET"), "SECRET"),
    (re.compile(r"C(?:O\.?|0|\.)?NF[I1L]DENT[I1L]A[LT1I]"), "CONFIDENTIAL"),
)


#: (prefix without spaces, level), for markings compared with their spaces removed
_COMPACT_LEVELS = tuple((prefix.replace(" ", ""), level) for prefix, level in _CLASS_LEVELS)
_CLASS_KEYS = tuple(key for key, _ in _COMPACT_LEVELS)


def ocr_classification(raw: str) -> str | None:
    """The marking with an OCR-damaged classification word spelt right (spaces removed;
    for :func:`classification_level`), or None when it starts with a correctly spelt one."""
    compact = "".join(raw.upper().split())
    if compact.startswith(_CLASS_KEYS):
        return None
    for pattern, word in _OCR_CLASS:
        match = pattern.match(compact)
        if match:
            return word + compact[match.end():].lstrip("•·")
    return None


def classification_level(raw: str) -> tuple[str, str | None]:
    """Normalise a classification marking to (level, qualifier).

    ``C O N F I D E N T I A L`` -> CONFIDENTIAL; ``UNCLAS EFTO`` -> (UNCLASSIFIED, EFTO);
    ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` -> (UNCLASSIFIED, FOR OFFICIAL USE ONLY);
    ``SS E C R E T`` (an OCR-doubled letter) -> SECRET. Misspelt words (``CECRET``) are
    read after :func:`ocr_classification` has spelt them right.
    """
    head, _, tail = raw.partition("//")
    compact = "".join(head.upper().split())
    for key, level in _COMPACT_LEVELS:
        for candidate in (compact, compact[1:]):
            if candidate.startswith(key):
                rest = candidate[len(key):]
                qualifier = " ".join(x for x in (rest, tail.strip()) if x) or None
                return level, qualifier
    return " ".join(head.upper().split()), tail.strip() or None


def rollover_hint(dtg: datetime, filed: datetime) -> str:
    return f"DTG {dtg:%d %b %Y} vs filing {filed:%d %b %Y}"
