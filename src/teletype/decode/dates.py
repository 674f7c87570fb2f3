"""Calendars: date-time groups, Julian filing times, two-digit years, written dates.

Every date of a cable is read here: the Builder reads DTGs and filing times with these
functions, the rules and ``teletype decode`` read the decoded values from the nodes.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta, timezone
from typing import Final

from .. import facts
from ..nodes import (
    DateTimeGroup,
    FilingTime,
)
from ..slots import slot_maker
from ..source import Span
from ._common import Diagnostics, _diag

# OCR confusions in positions where only a digit can stand (FORMAT.md §6).
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "S": "5"})
_SPACES = re.compile(r"\s+")

DEFAULT_PIVOT = facts.DEFAULT_PIVOT
#: DateTimeGroup made by its slots' setters, every field given in order
_date_time_group = slot_maker(DateTimeGroup)


def fix_digits(raw: str) -> str:
    """Replace letters that OCR reads for digits (O->0, I/l->1, S->5)."""
    if raw.isdigit():  # digits only (most groups): no letter to replace
        return raw
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
    year = dtg.year
    if 1 < year < 9999:  # the DTG's year: nearest when within 182 days (the other years'
        # candidates, a year of 365 or 366 days apart, are then at least 183 days away)
        value = datetime(year, 1, 1, hour, minute, tzinfo=timezone.utc) + \
            timedelta(days=day_of_year - 1)
        if value.year == year and abs(value - dtg) <= _NEAR:
            return value
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
_NEAR = timedelta(days=182)




def rollover_hint(dtg: datetime, filed: datetime) -> str:
    return f"DTG {dtg:%d %b %Y} vs filing {filed:%d %b %Y}"


# ------------------------------------------------------------------ DTG and filing time


def read_dtg(raw: str, span: Span, time: str, month: str | None = None,
             year: str | None = None, *, pivot: int = DEFAULT_PIVOT,
             month_span: Span | None = None, year_span: Span | None = None) -> DateTimeGroup:
    """Read a date-time group from its groups as written (``280245Z``, ``MAY``, ``89``).

    A two-digit year is placed in the hundred years starting at ``pivot`` (default 1960:
    ``60``-``99`` are 1960-1999, ``00``-``59`` 2000-2059). ACP 127(G) §113 reads ``06``-``99``
    as 1906-1999 until 2005; cables begin in the 1960s, so the window starts there. OCR
    letters in the digits (``28O245Z``) are read as the digits they stand for.
    """
    day = hour = minute = None
    parts = split_daytime(time)
    if parts:
        day, hour, minute = parts
    month_no = facts.month_number(month)
    year_no = expand_year(fix_digits(year), pivot) if year else None
    return _date_time_group(  # raw, span, day, hour, minute, month, year, value, month_span,
        # year_written, year_span, century_inferred, pivot
        raw, span, day, hour, minute, month_no, year_no,
        dtg_value(day, hour, minute, month_no, year_no),
        month_span, year, year_span, year is not None and len(year) == 2, pivot)


def decode_dtg(node: DateTimeGroup, *, pivot: int | None = None
               ) -> tuple[DateTimeGroup, Diagnostics]:
    """The DTG with its year read in the window from ``pivot`` (the node's own when None),
    and what is wrong with it: TT201 (no real date and time), TT220 (no month or year)."""
    if pivot is not None and pivot != node.pivot and node.year_written:
        year = expand_year(fix_digits(node.year_written), pivot)
        node = dataclasses.replace(
            node, year=year, pivot=pivot,
            value=dtg_value(node.day, node.hour, node.minute, node.month, year))
    return node, dtg_diagnostics(node)


def dtg_diagnostics(node: DateTimeGroup) -> Diagnostics:
    """TT201 when the DTG names no real instant; TT220 when it has no month or year."""
    if node.value is None and None not in (node.day, node.hour, node.minute, node.month,
                                           node.year):
        return (_diag("TT201", f"date-time group {node.raw!r} is not a real date and time",
                      node.span,
                      hint="DDHHMMZ MON YY: day 01-31 valid for the month, hour 00-23, "
                           "minute 00-59"),)
    if node.month is None or node.year is None:
        missing = "month and year" if node.month is None else "year"
        return (_diag("TT220", f"date-time group {node.raw!r} has no {missing}", node.span),)
    return ()


def filing_diagnostics(node: FilingTime) -> Diagnostics:
    """TT202 when a filing time is not a Julian day (001-366) and HHMM."""
    day, hour, minute = node.day_of_year, node.hour, node.minute
    if day is not None and hour is not None and minute is not None and not (
        1 <= day <= 366 and hour < 24 and minute < 60
    ):
        return (_diag("TT202", f"filing time {node.raw!r} is not a Julian day (001-366) "
                      "and HHMM", node.span,
                      hint="DDDHHMM: the day of the year, then hour and minute UTC"),)
    return ()


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedFiling:
    """A DE-line filing time. ``rollover`` is the filing year minus the DTG year (-1, 0, 1)."""

    raw: str
    day_of_year: int | None
    hour: int | None
    minute: int | None
    value: datetime | None
    rollover: int


def decode_filing(node: FilingTime, dtg: datetime | None) -> tuple[DecodedFiling, Diagnostics]:
    """Place a Julian filing time (``1480246``: day 148, 02:46 UTC) in the DTG's year.

    A day 001 filing of a 31 Dec DTG belongs to the next year, a day 365/366 filing of a
    1 Jan DTG to the year before (see :func:`teletype.filed_datetime`). Without a DTG
    the value is None.
    """
    diags = list(filing_diagnostics(node))
    day, hour, minute = node.day_of_year, node.hour, node.minute
    value = filed_datetime(day, hour, minute, dtg)
    rollover = value.year - dtg.year if value is not None and dtg is not None else 0
    if rollover and value is not None and dtg is not None:
        diags.append(_diag(
            "TT221",
            f"filing day {day:03d} read as {value:%d %b %Y}, the year "
            f"{'after' if rollover > 0 else 'before'} the DTG ({dtg:%d %b %Y})",
            node.span,
        ))
    return DecodedFiling(node.raw, day, hour, minute, value, rollover), tuple(diags)


_D = r"[0-9OIl]"
_DATE_FORMS: Final = (
    ("ymd", re.compile(rf"\(?({_D}{{4}})[/.-]({_D}{{1,2}})[/.-]({_D}{{1,2}})\)?")),
    ("mdy", re.compile(rf"\(?({_D}{{1,2}})[/.-]({_D}{{1,2}})[/.-]({_D}{{4}}|{_D}{{2}})\)?")),
    ("Mdy", re.compile(r"([A-Z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")),
    ("dMy", re.compile(r"(\d{1,2})\s+([A-Z]{3,9})\.?,?\s+(\d{4}|\d{2})")),
    ("My", re.compile(r"([A-Z]{3,9})\.?,?\s+(\d{4})")),
)


@dataclasses.dataclass(frozen=True, slots=True)
class WrittenDate:
    value: date | None
    iso: str | None
    end: int
    valid: bool


def find_date(text: str, *, pivot: int = DEFAULT_PIVOT) -> tuple[int, WrittenDate] | None:
    """The first date written anywhere in ``text`` (any form of :func:`parse_date`) and
    where it starts, or None. Two-digit years are read in the window from ``pivot``."""
    upper = text.upper()
    for pos, char in enumerate(upper):
        if char.isalnum() and (pos == 0 or not upper[pos - 1].isalnum()):
            found = date_at(upper, pos, pivot)
            if found is not None:
                return pos, found
    return None


def date_at(text: str, pos: int, pivot: int) -> WrittenDate | None:
    """A date starting at ``pos`` of ``text`` (upper case), or None."""
    for form, regex in _DATE_FORMS:
        m = regex.match(text, pos)
        if m is None:
            continue
        end = m.end()
        if end < len(text) and text[end].isalnum():
            continue
        groups = [fix_digits(g) if form in ("ymd", "mdy") else g for g in m.groups()]
        if form == "ymd":
            y, mo, d = int(groups[0]), int(groups[1]), int(groups[2])
        elif form == "mdy":
            mo, d = int(groups[0]), int(groups[1])
            y = expand_year(groups[2], pivot) or 0
        elif form == "Mdy":
            month = facts.month_of_word(groups[0])
            if month is None:
                continue
            mo, d, y = month, int(groups[1]), int(groups[2])
        elif form == "dMy":
            month = facts.month_of_word(groups[1])
            if month is None:
                continue
            d, mo, y = int(groups[0]), month, expand_year(groups[2], pivot) or 0
        else:
            month = facts.month_of_word(groups[0])
            if month is None:
                continue
            return WrittenDate(None, f"{int(groups[1]):04d}-{month:02d}", end, True)
        try:
            value = date(y, mo, d)
        except ValueError:
            return WrittenDate(None, None, end, False)
        return WrittenDate(value, value.isoformat(), end, True)
    return None


def parse_date(text: str, *, pivot: int = DEFAULT_PIVOT) -> tuple[date | None, str | None]:
    """A declassification date in any of the written forms, as (date, ISO text).

    ``01/08/2018``, ``3/7/2019``, ``11/27/26`` (two-digit year in the pivot window),
    ``2019/11/20``, ``2019-02-12``, ``12-31-74``, ``JUNE 21, 2006``, ``19 NOVEMBER 1977``;
    ``MAY 1999`` gives (None, ``"1999-05"``). (None, None) when the text is no date.
    """
    norm = " ".join(text.upper().split())
    found = date_at(norm, 0, pivot)
    if found is None or found.end != len(norm.rstrip(" .,;")):
        return None, None
    return found.value, found.iso


