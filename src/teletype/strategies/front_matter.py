"""Hypothesis strategies for the front-matter forms: REF blocks and TAGS fields, each with
the values they were made from (for property tests of :mod:`teletype.decode.fields`).

Like :mod:`teletype.strategies` this module needs hypothesis (the ``test`` extra) and is
never imported by ``import teletype``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import DrawFn
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "teletype.strategies needs hypothesis: pip install 'teletype-cables[test]'"
    ) from error

from .. import vocab

__all__ = ["GeneratedRefs", "GeneratedTags", "OFFICES", "ref_blocks", "tags_fields"]

#: Offices as written in REF blocks -> their Cablegate form.
OFFICES: dict[str, str] = {
    "STATE": "STATE", "SECSTATE": "STATE", "TBILISI": "TBILISI", "MANAGUA": "MANAGUA",
    "LA PAZ": "LAPAZ", "THE HAGUE": "THEHAGUE", "BUENOS AIRES": "BUENOSAIRES",
    "SAO PAULO": "SAOPAULO", "RIO DE JANEIRO": "RIODEJANEIRO", "KUALA LUMPUR": "KUALALUMPUR",
    "ABU DHABI": "ABUDHABI", "PORT AU PRINCE": "PORTAUPRINCE", "BERLIN": "BERLIN",
    "Paris": "PARIS", "Tripoli": "TRIPOLI", "USUN NEW YORK": "USUNNEWYORK", "CAIRO": "CAIRO",
}


@dataclass(frozen=True)
class GeneratedRefs:
    """A REF block and what it cites: ``ids`` in order, ``letters`` of the items, ``year``
    the citing cable's year (used for items written without one)."""

    text: str
    year: int
    ids: tuple[str, ...]
    letters: tuple[str, ...]


def _year_form(year: int, form: str) -> tuple[str, str]:
    """(prefix, suffix) of a cited cable's year written in one of the forms."""
    yy = f"{year % 100:02d}"
    return {
        "none": ("", ""), "yy": (f"{yy} ", ""), "yyyy": (f"{year} ", ""),
        "quote": (f"'{yy} ", ""), "paren": (f"({yy}) ", ""), "suffix": ("", f"-{yy}"),
    }[form]


@st.composite
def _ref_item(draw: DrawFn, letter: str, citing: int) -> tuple[str, str]:
    office = draw(st.sampled_from(sorted(OFFICES)))
    serial = draw(st.integers(1, 999_999))
    padded = draw(st.booleans())
    form = draw(st.sampled_from(("none", "yy", "yyyy", "quote", "paren", "suffix")))
    year = citing if form == "none" else draw(st.integers(citing - 12, citing))
    prefix, suffix = _year_form(year, form)
    marker = draw(st.sampled_from(("{}.", "{})", "({})", "\u00b6{}.")))
    written = f"{serial:06d}" if padded else str(serial)
    text = f"{marker.format(letter)} {prefix}{office} {written}{suffix}"
    return text, f"{year % 100:02d}{OFFICES[office]}{serial}"


@st.composite
def ref_blocks(draw: DrawFn) -> GeneratedRefs:
    """``REF: A. 07 TBILISI 1605  B. STATE 071143-06 ...``: lettered items, years in any of
    the written forms or none, serials with or without leading zeros, items separated by
    new lines, two spaces or semicolons."""
    citing = draw(st.integers(1990, 2010))
    count = draw(st.integers(1, 6))
    letters = tuple("ABCDEFGHIJKL"[:count])
    items = [draw(_ref_item(letter, citing)) for letter in letters]
    separator = draw(st.sampled_from(("\n", "  ", "; ", " \n     ")))
    label = draw(st.sampled_from(("REF:", "REFS:", "REF", "Ref:")))
    text = f"{label} " + separator.join(t for t, _ in items) + "\n"
    return GeneratedRefs(text, citing, tuple(i for _, i in items), letters)


@dataclass(frozen=True)
class GeneratedTags:
    """A TAGS field and its tags: ``codes`` (person-tag codes included), ``persons`` and
    ``free_text`` in order, without repeats."""

    text: str
    codes: tuple[str, ...]
    persons: tuple[str, ...]
    free_text: tuple[str, ...]


@functools.cache
def _codes() -> tuple[str, ...]:
    return tuple(t.tag for t in vocab.table("tags")
                 if re.fullmatch(r"[A-Z]{2}|[A-Z]{4}", t.tag) and not t.takes_name
                 and t.kind in ("subject", "program", "geographic"))


_FREE_WORDS = ("HUMAN", "RIGHTS", "ECONOMIC", "AFFAIRS", "GLOBAL", "DEFENSE", "NATIONAL",
               "ELECTIONS", "FREEDOM", "DOMESTIC", "POLITICS", "COUNTRY", "CLEARANCE")
_NAMES = ("STEINBERG", "JAMES", "CLINTON", "HILLARY", "BIDEN", "JOSEPH", "ZOELLICK", "ROBERT")


@functools.cache
def _free_words() -> tuple[str, ...]:
    return tuple(w for w in _FREE_WORDS if vocab.tag(w) is None)


@st.composite
def tags_fields(draw: DrawFn) -> GeneratedTags:
    """``TAGS: PREL, OVIP (STEINBERG, JAMES), HUMAN RIGHTS, FR``: table codes, person tags
    and (between commas) multi-word free-text tags, upper or lower case."""
    kinds = draw(st.lists(st.sampled_from(("code", "code", "code", "person", "free")),
                          min_size=1, max_size=8))
    comma = draw(st.booleans()) or "free" in kinds
    parts: list[str] = []
    codes: list[str] = []
    persons: list[str] = []
    free: list[str] = []
    for kind in kinds:
        if kind == "code":
            code = draw(st.sampled_from(_codes()))
            parts.append(code)
            if code not in codes:
                codes.append(code)
        elif kind == "person":
            last, first = draw(st.sampled_from(_NAMES)), draw(st.sampled_from(_NAMES))
            parts.append(f"OVIP ({last}, {first})")
            if "OVIP" not in codes:
                codes.append("OVIP")
            if f"{last}, {first}" not in persons:
                persons.append(f"{last}, {first}")
        else:
            words = draw(st.lists(st.sampled_from(_free_words()), min_size=2, max_size=3))
            parts.append(" ".join(words))
            if " ".join(words) not in free:
                free.append(" ".join(words))
    label = draw(st.sampled_from(("TAGS:", "TAGS", "TAG:", "Tags:")))
    text = f"{label} " + (", " if comma else " ").join(parts)
    if draw(st.booleans()):
        text = text.lower()
    return GeneratedTags(text, tuple(codes), tuple(persons), tuple(free))
