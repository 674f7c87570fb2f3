"""Executive orders and declassification instructions on E.O. lines: in-force periods,
declassification codes and dates, and the spans rules report them at (TT217-TT219, TT233,
TT311, TT312)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from .. import decode, vocab
from ..nodes import EoLine
from ..source import Span
from .context import Context


@dataclass(frozen=True, slots=True)
class EoPeriod:
    """When an order was in force (``end`` None: still in force) and its label."""

    start: date
    end: date | None
    label: str


class DeclDate(NamedTuple):
    """The first date written in a DECL value: ``value`` None when the written numbers
    are no calendar date; ``start``/``end`` are offsets in the value (a named tuple: made
    faster than a frozen dataclass)."""

    value: date | None
    start: int
    end: int


#: A DECL value that is one date of digits, month first or year first (nine in ten values):
#: read without the general date reader, which reads it so (at offsets 0-10, no pivot)
_PLAIN_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})|([0-9]{4})/([0-9]{2})/([0-9]{2})")


def _decl_date(text: str, dtg: datetime | None) -> DeclDate | None:
    """The first date written in a DECL value, None when there is none, read by the one
    date reader (:func:`teletype.decode.find_date`); two-digit years are read in the hundred
    years from twenty before the DTG's year."""
    plain = _PLAIN_DATE.fullmatch(text)
    if plain is not None:
        month, day, year = plain.group(1, 2, 3) if plain.group(1) else plain.group(5, 6, 4)
        try:
            return DeclDate(date(int(year), int(month), int(day)), 0, 10)
        except ValueError:
            return DeclDate(None, 0, 10)  # no calendar date (13/45/2019)
    found = decode.find_date(text, pivot=(dtg.year if dtg else 1990) - 20)
    if found is None:
        return None
    start, written = found
    return DeclDate(written.value, start, written.end)


def _retroactive(eo: EoLine) -> bool:
    """A NARA/Cablegate retyping line (``DECLASSIFIED BY NARA 09/02/2009``,
    ``AS AMENDED; DECLASSIFIED JUNE 21, 2006``): it records a later review, not the order
    the cable was classified under (FORMAT.md §2.10, last row)."""
    return "DECLASSIFIED" in eo.raw.upper()


#: :func:`teletype.vocab.executive_order`, looked up once per order as written
_executive_order = functools.lru_cache(maxsize=256)(vocab.executive_order)


@functools.lru_cache(maxsize=256)
def _eo_period(order: str) -> EoPeriod | None:
    """In-force period of an order as written on an E.O. line. ``12958`` covers the
    amended order too: the line reads ``E.O. 12958`` before and after E.O. 13292."""
    row = _executive_order(order)
    if row is None:
        return None
    if row.number.startswith("12958"):
        base = vocab.executive_order("12958")
        amended = vocab.executive_order("12958 AS AMENDED")
        if base is not None and amended is not None:
            return EoPeriod(base.in_force_from, amended.in_force_to,
                            "12958 (as amended from 2003)")
    return EoPeriod(row.in_force_from, row.in_force_to, row.number)


@functools.lru_cache(maxsize=256)
def _eo_forms(order: str) -> frozenset[str]:
    """The declassification codes of an order (of both E.O. 12958 texts for ``12958``)."""
    row = _executive_order(order)
    if row is None:
        return frozenset()
    forms = set(row.decl_forms)
    if row.number.startswith("12958"):
        for key in ("12958", "12958 AS AMENDED"):
            other = _executive_order(key)
            if other is not None:
                forms |= set(other.decl_forms)
        forms |= {f"25X{i}" for i in range(1, 10)}
    return frozenset(forms)


_EO_CODE = re.compile(r"(OADR|N/ ?A|NGDS|GDS|ADS|XGDS-?[1-4]|RDS-?[1-3]|XDS-?[1-4]|25X[1-9]|X[1-8])"
                      r"(?![A-Z0-9])")


def _decl_code(value: str) -> str | None:
    """The declassification code a DECL value starts with, normalised (``RDS-2``)."""
    match = _EO_CODE.match(value.strip().upper())
    if match is None:
        return None
    code = match.group(1).replace(" ", "")
    return _DASHLESS.sub(r"\1-\2", code)


_DASHLESS = re.compile(r"^(XGDS|RDS|XDS)(\d)$")
#: a downgrading instruction (``E.O. 12958: DNG: CO 01/26/2021``)
_DNG = re.compile(r"(?i)\bDNG\s*:")
_ORDER_NUMBER = re.compile(r"[0-9lI]{5}")


# spans: the E.O. line has no sub-span for the order number or the DECL value, so these
# search its raw text -----------------------------------------------------------------

def _eo_number_span(ctx: Context, eo: EoLine) -> Span:
    return ctx.find(eo, _ORDER_NUMBER) or ctx.tight(eo)


def _eo_instruction_span(ctx: Context, eo: EoLine) -> Span:
    if eo.groups:
        return ctx.span(eo.groups[0].span.start, eo.groups[-1].span.end)
    return ctx.tight(eo)


def _decl_value_span(ctx: Context, eo: EoLine, value: str) -> Span:
    words = value.split()
    first = words[0] if words else value
    pos = eo.raw.upper().find(first.upper(), 5)
    if pos < 0:
        return ctx.tight(eo)
    return ctx.span(eo.span.start + pos, eo.span.start + pos + len(first))
