"""Strategies for header groups and lines: routing indicators, precedence, DTGs, security
lines, TAGS, MRNs, E.O. lines and addresses (the pools come from :mod:`teletype.vocab`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "teletype.strategies needs hypothesis: pip install 'teletype-cables[test]'"
    ) from error

from .. import facts, vocab
from ..format import wrap

UTC = timezone.utc
MONTHS = facts.MONTHS

#: Classification levels :func:`cables` draws, with their FL4 line (FORMAT.md §2.5).
#: ``UNCLASSIFIED EFTO`` is the ``UNCLAS EFTO`` marking sent with ``ZNY EEEEE``.
CLASSIFICATIONS: dict[str, str | None] = {
    level: " ".join(facts.SECURITY_LINE_OF[level]) if level in facts.SECURITY_LINE_OF else None
    # LIMITED OFFICIAL USE has no FL4 group of its own: only in DTG-only headers
    for level in ("UNCLASSIFIED", "UNCLASSIFIED EFTO", "LIMITED OFFICIAL USE", "CONFIDENTIAL",
                  "SECRET", "TOP SECRET")
}
_CLASS_TEXT = {
    "UNCLASSIFIED": ("UNCLAS",),
    "UNCLASSIFIED EFTO": ("UNCLAS EFTO",),
    "LIMITED OFFICIAL USE": ("LIMITED OFFICIAL USE",),
    **{level: (level, facts.spaced(level)) for level in ("CONFIDENTIAL", "SECRET", "TOP SECRET")},
}
_PORTION_MARKS = {
    "UNCLASSIFIED": ("U", "SBU"),
    "UNCLASSIFIED EFTO": ("U", "SBU"),
    "LIMITED OFFICIAL USE": ("U", "SBU"),
    "CONFIDENTIAL": ("U", "C"),
    "SECRET": ("U", "C", "S"),
    "TOP SECRET": ("U", "C", "S", "TS"),
}

#: Layouts :func:`cables` can write: a full ACP-127 header (FL1-FL9, BT, trailer) or a
#: header that starts at the DTG line (no routing, DE, FL4 or trailer; 1960s-2003).
LAYOUTS = ("acp127", "dtg-only")

_LETTERS = "ZOPR"
_WORDS = {"Z": ("FLASH",), "O": ("IMMEDIATE", "NIACT IMMEDIATE"), "P": ("PRIORITY",),
          "R": ("ROUTINE",)}
_RANK = {letter: facts.PRECEDENCE_RANK[letter] for letter in _LETTERS}
_WORD_OF = {letter: facts.PRECEDENCE_LETTERS[letter] for letter in _LETTERS}

_SIPDIS_FROM = date(2005, 12, 1)

# invented content: subject and paragraph words, signers, drafting officers
_SUBJECT_WORDS = (
    "ARCTIC", "FISHERIES", "ENERGY", "TRADE", "TALKS", "MINISTER", "VIEWS", "ON", "THE",
    "COOPERATION", "WATER", "CLIMATE", "AGREEMENT", "DELEGATION", "VISIT", "ELECTIONS",
    "BUDGET", "HEALTH", "PORT", "SHIPPING", "CUSTOMS", "PROPOSAL", "NEW", "REGIONAL",
    "PRIORITIES", "OUTLOOK", "AND", "FOR", "OF", "IN", "WITH", "AHEAD", "MEETING",
    "PARLIAMENT", "AVIATION", "SAFETY", "SCIENCE", "WORKSHOP", "QUOTAS", "LOGISTICS",
)
_COUNTRIES = ("FINLAND", "NORWAY", "PERU", "KENYA", "CHILE", "URUGUAY", "NEW ZEALAND",
              "ICELAND", "SENEGAL", "PORTUGAL")
_TEXT_WORDS = _SUBJECT_WORDS + (
    "GOVERNMENT", "OFFICIALS", "TOLD", "POLOFF", "EMBOFF", "THAT", "WOULD", "SUPPORT",
    "EXPERTS", "NEXT", "YEAR", "SAID", "IS", "A", "TO", "BY", "AT", "WILL", "REPORT",
    "REQUEST", "DEPARTMENT", "POST", "RECOMMENDS", "TECHNICAL", "DATA", "SEASON",
)
_SIGNERS = (
    "HOLLISTER", "WHITCOMB", "LANGFORD", "PETTIBONE", "ALDRIDGE", "KASPRZAK", "OKAFOR",
    "VANDERMEER", "MCALLISTER", "BRANNIGAN", "DUCHESNE", "FAIRWEATHER", "GILCHRIST",
    "HALVORSEN", "IBARRA", "JANSSEN", "LINDQVIST", "MORIARTY", "QUINTERO", "RASMUSSEN",
    "TREMBLAY", "UNDERHILL", "WESTBROOK", "YOUNGBLOOD",
)
_TITLES = ("Pol/Econ Counselor", "Deputy Chief of Mission", "Ambassador",
           "Political Counselor", "Charge d'Affaires", "Office Director")
_FIRST = ("Martin", "Ellen", "Laura", "Daniel", "Ruth", "Samuel", "Grace", "Tomas")
_LAST = ("Ashdown", "Castagna", "Penwright", "Okafor", "Lindgren", "Barros", "Whitley")


# ------------------------------------------------------------------ pools from the vocab

_PREC_TOKEN = re.compile(r"^(?:" + "|".join(facts.PRECEDENCE_WORDS) + r")(?![A-Za-z])")
_NAME = re.compile(r"[A-Z][A-Z0-9.\-/&']*(?: [A-Z0-9][A-Z0-9.\-/&']*)*")
_ADDRESS_KEYWORDS = frozenset({"TO", "INFO", "XMT", "FM", "DE", "BT"})
_POST = re.compile(r"(?:AMEMBASSY|AMCONSUL|USMISSION) ([A-Z][A-Z.\-]*(?: [A-Z][A-Z.\-]*){0,3})")
_VALID_RI = re.compile(r"[RQ][A-IK-QS-UW-Z][A-Z]{2,5}")


def _usable_name(name: str) -> bool:
    """A plain-language address that reads back as one addressee: no precedence word, no
    address keyword, no group of digits (it would be read as an MCN)."""
    if not _NAME.fullmatch(name):
        return False
    words = name.split()
    return not any(
        _PREC_TOKEN.match(w) or w in _ADDRESS_KEYWORDS or w[0].isdigit() for w in words
    ) and not name.startswith(("REF", "SUBJ", "TAGS"))


@functools.cache
def _stations() -> tuple[vocab.Station, ...]:
    # the longest address line, INFO RI/NAME NIACT IMMEDIATE MCN, must fit 69 columns
    return tuple(
        s for s in vocab.table("stations")
        if _VALID_RI.fullmatch(s.ri) and _usable_name(s.name)
        and len(f"INFO {s.ri}/{s.name} NIACT IMMEDIATE 9999") <= 69
    )


@functools.cache
def _posts() -> tuple[tuple[vocab.Station, str], ...]:
    """Originating posts with their MRN office: (station, office)."""
    posts = []
    for s in _stations():
        m = _POST.fullmatch(s.name)
        if m:
            posts.append((s, m.group(1)))
    state = vocab.station("RUEHC")
    if state is not None:
        posts.append((vocab.Station("RUEHC", "SECSTATE WASHDC", (), state.source), "STATE"))
    return tuple(posts)


@functools.cache
def _tags() -> tuple[vocab.Tag, ...]:
    return tuple(
        t for t in vocab.table("tags")
        if re.fullmatch(r"[A-Z]{2,6}", t.tag) and t.tag not in ("BT", "NNN", "END")
    )


# ------------------------------------------------------------------ groups


def _ri_letters(position: int, fallback: str) -> str:
    """The letters of one RI position in the vocabulary's ``ri_letters`` table."""
    try:
        rows = vocab.table("ri_letters")
    except KeyError:  # an older table set
        return fallback
    letters = "".join(sorted({getattr(r, "letter", "") for r in rows
                              if getattr(r, "position", None) == position}))
    return letters or fallback


def routing_indicators() -> SearchStrategy[str]:
    """Routing indicators with valid letters (FORMAT.md §2.4): 4-7 letters, first ``R``
    (tape relay) or ``Q`` (theatre), second a nation or alliance letter of the
    vocabulary's ``ri_letters`` table (``U`` United States, ``X`` NATO ...; without the
    table any letter but J, R and V, as in cable2graph), e.g. ``RUEHC``, ``QXKMAB``."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return st.builds(
        lambda a, b, rest: a + b + rest,
        st.sampled_from(_ri_letters(1, "RQ")),
        st.sampled_from(_ri_letters(2, "".join(c for c in letters if c not in "JRV"))),
        st.text(alphabet=letters, min_size=2, max_size=5),
    )


def known_routing_indicators() -> SearchStrategy[str]:
    """Routing indicators of real stations in :mod:`teletype.vocab` (``RUEHPE`` ...)."""
    return stations().map(lambda s: s.ri)


def stations() -> SearchStrategy[vocab.Station]:
    """RI/PLAD pairs from :mod:`teletype.vocab` whose plain-language address can stand in
    an address line (``RUEHPE`` / ``AMEMBASSY LIMA``): no precedence word, address
    keyword or digit group in the name, and short enough for a 69-column line."""
    return st.sampled_from(_stations())


def precedence_letters(*, rare: bool = False) -> SearchStrategy[str]:
    """``Z O P R`` (``Y W`` too with ``rare=True``)."""
    return st.sampled_from(_LETTERS + ("YW" if rare else ""))


def precedence_words() -> SearchStrategy[str]:
    """State precedence words of TO/INFO lines: FLASH, NIACT IMMEDIATE, IMMEDIATE, ..."""
    return st.sampled_from(("FLASH", "NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "ROUTINE"))


def dtg_values(
    min_value: datetime = datetime(1966, 1, 1), max_value: datetime = datetime(2010, 12, 31)
) -> SearchStrategy[datetime]:
    """UTC datetimes to the minute (real dates only) between the bounds (naive, UTC)."""
    return st.datetimes(min_value=min_value, max_value=max_value).map(
        lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
    )


def format_dtg(value: datetime, *, four_digit_year: bool = False) -> str:
    """``DDHHMMZ MON YY``: ``datetime(1989, 5, 28, 2, 45)`` -> ``280245Z MAY 89``."""
    year = f"{value.year:04d}" if four_digit_year else f"{value.year % 100:02d}"
    return f"{value:%d%H%M}Z {MONTHS[value.month - 1]} {year}"


def dtgs(
    min_value: datetime = datetime(1966, 1, 1), max_value: datetime = datetime(2010, 12, 31)
) -> SearchStrategy[str]:
    """Date-time groups on valid dates (``280245Z MAY 89``)."""
    return dtg_values(min_value, max_value).map(format_dtg)


def classifications() -> SearchStrategy[str]:
    """The levels of :data:`CLASSIFICATIONS`."""
    return st.sampled_from(tuple(CLASSIFICATIONS))


def security_lines(classification: str | None = None) -> SearchStrategy[str]:
    """FL4 lines: ``ZNY CCCCC``, ``ZNR UUUUU ZZH`` (for one classification if given)."""
    levels = [classification] if classification else [
        c for c, line in CLASSIFICATIONS.items() if line]
    return st.builds(
        lambda level, zzh: f"{CLASSIFICATIONS[level]}{' ZZH' if zzh else ''}",
        st.sampled_from(levels), st.booleans(),
    )


def tag_codes() -> SearchStrategy[str]:
    """TAGS codes from :mod:`teletype.vocab` (subject, program, geographic, organization)."""
    return st.sampled_from(_tags()).map(lambda t: t.tag)


@st.composite
def _tags_values(draw: DrawFn) -> tuple[str, ...]:
    subject = [t.tag for t in _tags() if t.kind in ("subject", "program")]
    geo = [t.tag for t in _tags() if t.kind == "geographic"]
    first = draw(st.lists(st.sampled_from(subject), min_size=1, max_size=4, unique=True))
    more = draw(st.lists(st.sampled_from(geo), min_size=0, max_size=3, unique=True))
    return tuple(first + more)


def _tags_text(tags: Sequence[str], separator: str, keyword: str = "TAGS:") -> list[str]:
    words = [t + separator.strip() for t in tags[:-1]] + list(tags[-1:])
    return wrap(keyword, words)


def tags_lines() -> SearchStrategy[str]:
    """``TAGS: PREL, EFIS, FI``: subject/program tags first, then geographic tags, from
    :mod:`teletype.vocab`; comma or space separated, wrapped at 69 columns."""
    return st.builds(lambda tags, sep: "\n".join(_tags_text(tags, sep)),
                     _tags_values(), st.sampled_from((", ", " ")))


def mrns(office: str | None = None, *, cited: bool = False) -> SearchStrategy[str]:
    """Message reference numbers: ``HELSINKI 000312`` (text form, six digits) or, with
    ``cited=True``, the REF form without leading zeros and with an optional year
    (``08 STATE 123407``, ``STATE 97214``)."""
    offices = st.just(office) if office else st.sampled_from([o for _, o in _posts()])
    serial = st.integers(10, 999_999)
    if not cited:
        return st.builds(lambda o, n: f"{o} {n:06d}", offices, serial)
    return st.builds(lambda y, o, n: (f"{y:02d} " if y is not None else "") + f"{o} {n}",
                     st.none() | st.integers(0, 99), offices, serial)


# ------------------------------------------------------------------ E.O. lines


@dataclass(frozen=True)
class _Eo:
    line: str
    order: str
    declassify: str


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _orders_on(day: date) -> list[vocab.ExecutiveOrder]:
    return [e for e in vocab.table("executive_orders") if e.in_force_on(day)]


@st.composite
def _eo_for(draw: DrawFn, day: date, classified: bool) -> _Eo | None:
    orders = _orders_on(day)
    if not orders:
        return None
    order = draw(st.sampled_from(orders))
    number = order.number.split("-")[0]  # 12958-AMENDED is written E.O. 12958
    if not classified:
        return _Eo(f"E.O. {number}: N/A", number, "N/A")
    later = _years_later(day, draw(st.integers(1, 10)))
    if number == "11652":
        value = draw(st.sampled_from(
            [f for f in order.decl_forms if f == "GDS" or f.startswith("XGDS")]))
        return _Eo(f"E.O. {number}: {value}", number, value)
    if number == "12065":
        form = draw(st.sampled_from(
            [f for f in order.decl_forms if f in ("GDS",) or f[:3] in ("RDS", "XDS")]))
        value = f"{form} {later.month}/{later.day}/{later.year % 100:02d}"
        return _Eo(f"E.O. {number}: {value}", number, value)
    if number == "12356" and "OADR" in order.decl_forms and draw(st.booleans()):
        return _Eo(f"E.O. {number}: DECL: OADR", number, "OADR")
    value = f"{later:%m/%d/%Y}"
    return _Eo(f"E.O. {number}: DECL: {value}", number, value)


def eo_lines(on: date | None = None, *, classified: bool = True) -> SearchStrategy[str]:
    """E.O. lines in the form of the order in force on ``on`` (any era when None):
    ``E.O. 11652: GDS``, ``E.O. 12065: RDS-2 7/14/99``, ``E.O. 12356: DECL: OADR``,
    ``E.O. 12958: DECL: 09/25/2019``, ``E.O. 13526: DECL: ...``; ``N/A`` when unclassified.
    Raises ``ValueError`` for a day on which no order was in force (before June 1972).
    """
    if on is not None and not _orders_on(on):
        raise ValueError(f"no executive order was in force on {on}")
    days = st.just(on) if on else st.dates(date(1972, 6, 1), date(2012, 12, 31))
    return days.flatmap(lambda day: _eo_for(day, classified)).map(
        lambda eo: eo.line if eo is not None else "")


# ------------------------------------------------------------------ addresses


def _address(station: vocab.Station, with_ri: bool, word: str | None, mcn: int | None) -> str:
    parts = [f"{station.ri}/{station.name}" if with_ri else station.name]
    if word:
        parts.append(word)
    if mcn is not None:
        parts.append(f"{mcn:04d}")
    return " ".join(parts)


@st.composite
def address_lines(draw: DrawFn, keyword: str = "TO", *, with_ri: bool = True) -> str:
    """An address block: ``TO RUEHC/SECSTATE WASHDC PRIORITY 5318`` and one more
    addressee per line (``RI/PLAD [PRECEDENCE] [MCN]``, RI/PLAD pairs from the vocab)."""
    chosen = draw(st.lists(stations(), min_size=1, max_size=4, unique_by=lambda s: s.ri))
    lines = []
    for i, station in enumerate(chosen):
        word = draw(st.none() | precedence_words())
        mcn = draw(st.none() | st.integers(1, 9999))
        text = _address(station, with_ri, word, mcn)
        lines.append(f"{keyword} {text}" if i == 0 else text)
    return "\n".join(lines)
