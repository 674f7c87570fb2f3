"""Small helpers the rule modules share: formatting of dates and durations, precedence
ranks, classification levels, portion marks, and findings from decoder diagnostics."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .. import facts, vocab
from ..diagnostics import Diagnostic
from ..nodes import Precedence, Tag
from ..source import Span
from .registry import Finding

if TYPE_CHECKING:
    from .context import Context


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


@functools.lru_cache(maxsize=64)  # the few tolerances of configurations
def _minutes_delta(minutes: int) -> timedelta:
    """``timedelta(minutes=minutes)``, made once per tolerance of the config (rules compare
    with one on nearly every cable)."""
    return timedelta(minutes=minutes)


@functools.lru_cache(maxsize=64)  # the few tolerances of configurations
def _days_delta(days: int) -> timedelta:
    """``timedelta(days=days)``, made once per tolerance of the config."""
    return timedelta(days=days)


def _fmt_day(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


@dataclass(frozen=True, slots=True)
class Rank:
    """The rank of a precedence (higher is more urgent) and its prosign letter."""

    rank: int
    letter: str


def _rank(prec: Precedence) -> Rank | None:
    """The rank and letter of a precedence node, from the vocabulary."""
    key = prec.word if prec.letter is None else prec.letter
    return _rank_of(key or "")


@functools.lru_cache(maxsize=256)
def _rank_of(key: str) -> Rank | None:
    row = vocab.precedence(key)
    if row is None:
        return None
    letter = row.letter or facts.WORD_LETTERS.get(row.word) or {3: "O", 4: "Z"}.get(row.rank, "")
    return Rank(row.rank, letter)


def _is_leap(year: int) -> bool:
    return calendar.isleap(year)


_LEVEL_RANK = facts.CLASSIFICATION_RANK


@functools.lru_cache(maxsize=1024)  # few FL4 groups are distinct
def _fl4_level(code: str) -> str | None:
    decoded = vocab.decode_security_group(code)
    if decoded is None:
        return None
    return decoded[0].classification.replace(" EFTO", "")


@functools.lru_cache(maxsize=1024)  # two rules look up each mark; few marks are distinct
def _portion_row(mark: str) -> vocab.PortionMark | None:
    """The portion mark, or the mark of its classification part when caveats follow
    (``S//NF``, ``C/NF``, ``U//FOUO``, ``SBU/REL NATO``, ``S//FGI//NF``)."""
    row = vocab.portion_mark(mark)
    if row is not None:
        return row
    head = re.split(r"/+", mark.strip(), maxsplit=1)[0]
    return vocab.portion_mark(head) if head != mark.strip() else None


@functools.lru_cache(maxsize=4096)
def _known_tag(code: str) -> bool:
    """Whether a TAGS code is in the tables (as :func:`teletype.decode.decode_tag` looks
    it up: stripped, upper case)."""
    return bool(vocab.tags_for(code))


def _unknown_tags(ctx: Context) -> tuple[Tag, ...]:
    """The entries of the TAGS lines that are in no table (TT222 and TT252 read them;
    ``ctx.fact(_unknown_tags)``: looked up once per cable)."""
    return tuple([tag for tag in ctx.tags if not _known_tag(tag.code)])


_HINTS = {
    "TT211": "a routing indicator is 4-8 letters starting with R or Q (OCR may read a letter "
             "as a digit)",
    "TT213": "UUUUU, EEEEE, RRRRR, CCCCC, SSSSS or TTTTT, matching the classification of the "
             "text",
    "TT214": "ZNR goes with UUUUU, ZNY with the classified groups (ACP 127(G) §124.b)",
    "TT217": "known orders: 11652, 12065, 12356, 12958, 13526",
    "TT218": "GDS, ADS, XGDS-n, RDS-n, XDS-n, OADR, a date, X1-X8, 25Xn or N/A",
    "TT219": "write the date as MM/DD/YYYY",
    "TT222": "check the spelling against the TAGS list (5 FAH-3)",
}


def _has(diags: Iterable[Diagnostic], code: str) -> bool:
    """Whether the decoder found a diagnostic of ``code`` (rules check this before they
    work out the span to report it at)."""
    return any(d.code == code for d in diags)


def _keep(diags: Iterable[Diagnostic], code: str, span: Span | None = None) -> Iterator[Finding]:
    """The decoder diagnostics of ``code`` as findings, at ``span`` when given (the
    decoders sometimes point at the whole line), with a hint when they give none."""
    for d in diags:
        if d.code == code:
            yield Finding(d.message, span or d.span, d.hint or _HINTS.get(code), d.suggestion)

