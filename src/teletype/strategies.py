"""Hypothesis strategies for cables: header groups, whole consistent cables, and noise.

Use them to test your own cable tools (docs/strategies.md)::

    from hypothesis import given
    from teletype import strategies as tts

    @given(tts.cables())
    def test_my_tool(cable):
        assert my_tool(cable.text).dtg == cable.dtg

This module needs `hypothesis <https://hypothesis.readthedocs.io>`_ (installed with the
``test`` extra: ``pip install "teletype-cables[test]"``). ``import teletype`` never
imports it; import it explicitly.

Line-level strategies return strings. :func:`cables` returns :class:`GeneratedCable`, the
generated values and the text made from them; :meth:`GeneratedCable.expected_record`
gives the values in the form of :meth:`teletype.Cable.record`. The values are internally
consistent (FORMAT.md §2.11): SSN = last four digits of the MRN serial, Julian day = the
DTG's day of the year with the filing time minutes after the DTG, FL2 prosign = highest
precedence of FL5 and the TO lines, FL4 group = classification line, RI/PLAD pairs from
:mod:`teletype.vocab`, E.O. in force at the DTG (``vocab.table("executive_orders")``),
DECL date after the DTG, SIPDIS only from December 2005 and never with NODIS/EXDIS,
portion marks no higher than the classification.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "teletype.strategies needs hypothesis: pip install 'teletype-cables[test]'"
    ) from error

from . import facts, vocab
from .format import wrap

__all__ = [
    "CLASSIFICATIONS",
    "LAYOUTS",
    "GeneratedCable",
    "address_lines",
    "cables",
    "classifications",
    "dtg_values",
    "dtgs",
    "eo_lines",
    "format_dtg",
    "headers",
    "known_routing_indicators",
    "mrns",
    "noisy",
    "precedence_letters",
    "precedence_words",
    "routing_indicators",
    "security_lines",
    "stations",
    "tag_codes",
    "tags_lines",
]

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


# ------------------------------------------------------------------ whole cables


@dataclass(frozen=True)
class GeneratedCable:
    """The values of a generated cable and its text (``text``; ``header`` is the part
    before the first ``BT``, or before the text for DTG-only headers)."""

    layout: str
    transmission_id: str | None
    precedence: str
    precedence_letters: tuple[str, ...]
    dtg: datetime
    originator_ri: str | None
    ssn: str | None
    filed: datetime | None
    security: str | None
    from_: str
    to: tuple[str, ...]
    info: tuple[str, ...]
    classification: str
    captions: tuple[str, ...]
    mrn: str
    section: tuple[int, int] | None
    eo: str | None
    declassify: str | None
    tags: tuple[str, ...]
    subject: str
    references: tuple[str, ...]
    classified_by: str | None
    signature: str
    header: str = field(repr=False)
    text: str = field(repr=False)

    @property
    def reference_id(self) -> str:
        office, serial = self.mrn.rsplit(" ", 1)
        return f"{self.dtg.year % 100:02d}{office.replace(' ', '')}{serial.lstrip('0') or '0'}"

    def expected_record(self) -> dict[str, Any]:
        """The generated values as :meth:`teletype.Cable.record` gives them (every record
        key except ``source``, ``errors`` and ``warnings``)."""
        iso = "%Y-%m-%dT%H:%M:%SZ"
        return {
            "layout": self.layout,
            "transmission_id": self.transmission_id,
            "precedence": self.precedence,
            "dtg": self.dtg.strftime(iso),
            "originator_ri": self.originator_ri,
            "ssn": self.ssn,
            "filed": self.filed.strftime(iso) if self.filed else None,
            "security": self.security,
            "from": self.from_,
            "to": list(self.to),
            "info": list(self.info),
            "classification": self.classification.replace(" EFTO", ""),
            "captions": list(self.captions),
            "mrn": self.mrn,
            "section": list(self.section) if self.section else None,
            "eo": self.eo,
            "declassify": self.declassify,
            "tags": list(self.tags),
            "subject": self.subject,
            "references": list(self.references),
            "classified_by": self.classified_by,
            "signature": self.signature,
            "reference_id": self.reference_id,
        }


def _paragraph(number: int, mark: str | None, words: list[str], sign: str = "") -> list[str]:
    head = f"{sign}{number}." + (f" ({mark})" if mark else "")
    return wrap(head, words[:-1] + [words[-1] + "."], width=64)


@st.composite
def _body(draw: DrawFn, classification: str, marks: bool) -> list[str]:
    count = draw(st.integers(1, 4))
    sign = draw(st.sampled_from(("", "", "\u00b6")))  # WikiLeaks renders paragraphs as ¶1.
    lines: list[str] = []
    for number in range(1, count + 1):
        mark = draw(st.sampled_from(_PORTION_MARKS[classification])) if marks else None
        words = draw(st.lists(st.sampled_from(_TEXT_WORDS), min_size=4, max_size=40))
        lines += _paragraph(number, mark, words, sign) + [""]
    return lines


@st.composite
def cables(
    draw: DrawFn,
    layouts: Sequence[str] = LAYOUTS,
    min_dtg: datetime = datetime(1966, 1, 1),
    max_dtg: datetime = datetime(2010, 12, 31),
) -> GeneratedCable:
    """Whole, internally consistent cables (see the module docstring for the invariants).

    ``layouts``: any of :data:`LAYOUTS`. DTGs fall between ``min_dtg`` and ``max_dtg``
    (naive, UTC); before June 1972 no E.O. line is written (no order was in force).
    """
    layout = draw(st.sampled_from(tuple(layouts)))
    acp = layout == "acp127"
    dtg = draw(dtg_values(min_dtg, max_dtg))
    day = dtg.date()

    levels = [c for c, fl4 in CLASSIFICATIONS.items() if fl4 or not acp]
    classification = draw(st.sampled_from(levels))
    classified = classification not in ("UNCLASSIFIED", "UNCLASSIFIED EFTO",
                                         "LIMITED OFFICIAL USE")

    # originator, addressees and precedence
    origin, office = draw(st.sampled_from(_posts()))
    state = origin.ri == "RUEHC"
    others = [s for s in _stations() if s.ri != origin.ri]
    if state:
        to = draw(st.lists(st.sampled_from([s for s, _ in _posts() if s.ri != "RUEHC"]),
                           min_size=1, max_size=3, unique_by=lambda s: s.ri))
    else:
        secstate = next(s for s, _ in _posts() if s.ri == "RUEHC")
        to = [secstate] + draw(st.lists(st.sampled_from(others), max_size=1,
                                        unique_by=lambda s: s.ri))
        to = list({s.ri: s for s in to}.values())
    taken = {s.ri for s in to} | {origin.ri}
    info = draw(st.lists(st.sampled_from([s for s in others if s.ri not in taken]),
                         max_size=4, unique_by=lambda s: s.ri))
    action = draw(st.sampled_from(_LETTERS))
    info_letter = draw(st.none() | st.sampled_from(
        [x for x in _LETTERS if _RANK[x] <= _RANK[action]]))
    letters = (action,) + ((info_letter,) if info_letter else ())
    action_word = draw(st.sampled_from(_WORDS[action]))
    words_on_to = action != "R" or draw(st.booleans())

    # numbers
    # two digits at least: the grammar reads no one-digit serial (see tests/test_properties.py)
    serial = draw(st.integers(1 if acp else 10, 999_999 if acp else 99_999))
    mrn_serial = f"{serial:06d}" if acp else str(serial)
    mrn = f"{office} {mrn_serial}"
    ssn = f"{serial:06d}"[-4:]
    section = None
    if acp and draw(st.booleans()):
        total = draw(st.integers(1, 4))
        section = (draw(st.integers(1, total)), total)
    latest = datetime(dtg.year, dtg.month, dtg.day, 23, 59, tzinfo=UTC)
    delay = draw(st.integers(0, min(30, int((latest - dtg).total_seconds() // 60))))
    filed = dtg + timedelta(minutes=delay)
    transmission_id = None
    if acp and draw(st.booleans()):
        transmission_id = "VZCZC" + draw(st.sampled_from(("XRO", "XYZ", "XRR"))) + \
            f"{draw(st.integers(0, 9999)):04d}"

    # header text
    header: list[str] = []
    if transmission_id:
        header.append(transmission_id)
    ris = list(dict.fromkeys(s.ri for s in to + info))
    if acp:
        header += wrap(action * 2, ris)
        de_serial = f"#{ssn}" + (f"/{section[0]:02d}" if section else "")
        header.append(f"DE {origin.ri} {de_serial} {filed:%j%H%M}")
        header.append(f"{CLASSIFICATIONS[classification]}{' ZZH' if draw(st.booleans()) else ''}")
    four = dtg.year >= 2000 and draw(st.integers(0, 9)) == 0
    header.append(" ".join(letters) + " " + format_dtg(dtg, four_digit_year=four))
    header.append(f"FM {origin.name}")
    for keyword, group, word in (("TO", to, action_word if words_on_to else None),
                                 ("INFO", info, _WORD_OF[info_letter]
                                  if info_letter and info_letter != "R" else None)):
        for i, station in enumerate(group):
            mcn = draw(st.none() | st.integers(1, 9999)) if station.ri != origin.ri else None
            text = _address(station, acp, word, mcn)
            header.append(f"{keyword} {text}" if i == 0 else text)

    # text
    lines: list[str] = ["BT"] if acp else [""]
    spaced = draw(st.sampled_from(_CLASS_TEXT[classification]))
    class_line = spaced + (f" SECTION {section[0]:02d} OF {section[1]:02d}" if section else "")
    lines += [f"{class_line} {mrn}", ""]

    captions: list[str] = []
    if acp:
        pool: list[tuple[str, ...]] = [(), ("NOFORN",) if classified else ()]
        if classified:
            pool += [("EXDIS",), ("NODIS",), ("LIMDIS",)]
        if day >= _SIPDIS_FROM:
            pool += [("SIPDIS",)] + ([("NOFORN", "SIPDIS")] if classified else [])
        captions = list(draw(st.sampled_from(pool)))
    if captions:
        lines += captions + [""]

    eo = draw(_eo_for(day, classified))
    if eo is not None:
        # spellings seen in Cablegate: E.O. 12958: / EO 12958 / E. O. 12958:
        style = draw(st.sampled_from(("E.O. ", "E.O. ", "EO ", "E. O. ")))
        head, _, rest = eo.line.partition(": ")
        number = head.split()[-1]
        lines.append(f"{style}{number}{'' if style == 'EO ' else ':'} {rest}")
    tags = draw(_tags_values())
    lines += _tags_text(tags, draw(st.sampled_from((", ", " "))),
                        draw(st.sampled_from(("TAGS:", "TAGS:", "TAGS"))))
    subject_words = draw(st.lists(st.sampled_from(_SUBJECT_WORDS), min_size=2, max_size=18))
    if draw(st.booleans()):
        subject_words = [draw(st.sampled_from(_COUNTRIES)) + ":"] + subject_words
    keyword = draw(st.sampled_from(("SUBJECT:", "SUBJECT:", "SUBJ:")))
    lines += wrap(keyword, subject_words) + [""]

    references: list[str] = []
    offices = [o for _, o in _posts()]
    ref_count = draw(st.integers(0, 3))
    cited = [
        (f"{draw(st.integers(0, 99)):02d} " if draw(st.booleans()) else "")
        + f"{draw(st.sampled_from(offices))} {draw(st.integers(10, 999_999))}"
        for _ in range(ref_count)
    ]
    style = draw(st.sampled_from(("lettered", "lettered", "one-line", "unlettered")))
    if len(cited) == 1:
        lines += [f"REF: {cited[0]}", ""]
    elif cited and style == "lettered":  # A. STATE 97214 / B. HELSINKI 288
        lines += [("REF: " if i == 0 else "     ") + f"{'ABC'[i]}. {c}"
                  for i, c in enumerate(cited)] + [""]
    elif cited and style == "one-line":  # REF: A) STATE 201143  B) WELLINGTON 4102
        # whole items as the units of wrapping: an MRN never breaks over two lines
        lines += wrap("REF:", [f"{'ABC'[i]}) {c}" for i, c in enumerate(cited)],
                      indent="     ") + [""]
    elif cited:  # REF: STATE 1234, HELSINKI 288 / REF: STATE 1234 AND HELSINKI 288
        items = [c + "," for c in cited[:-1]] + cited[-1:]
        if len(cited) > 1 and draw(st.booleans()):
            items = [c + "," for c in cited[:-2]] + [cited[-2], "AND", cited[-1]]
        lines += wrap("REF:", items, indent="     ") + [""]
    references = cited

    classified_by = None
    if classified and eo is not None and eo.order in ("12958", "13526") and draw(st.booleans()):
        reason = "1.5" if day < date(2003, 3, 25) else "1.4"
        name = (f"{draw(st.sampled_from(_TITLES))} {draw(st.sampled_from(_FIRST))} "
                f"{draw(st.sampled_from('ABCDEFGHJKLMNPRST'))}. {draw(st.sampled_from(_LAST))},")
        classified_by = f"{name} Reasons {reason} (b) and (d)."
        lines += wrap("Classified By:", classified_by.split()) + [""]

    marks = acp or dtg.year >= 1975
    lines += draw(_body(classification, marks))
    signature = draw(st.sampled_from(_SIGNERS))
    lines.append(signature)
    if acp:
        lines += ["BT", f"#{ssn}", "NNNN"]

    header_text = "\n".join(header) + "\n"
    return GeneratedCable(
        layout=layout,
        transmission_id=transmission_id,
        precedence=_WORD_OF[action],
        precedence_letters=letters,
        dtg=dtg,
        originator_ri=origin.ri if acp else None,
        ssn=ssn if acp else None,
        filed=filed if acp else None,
        security=classification if acp else None,
        from_=origin.name,
        to=tuple(s.name for s in to),
        info=tuple(s.name for s in info),
        classification=classification,
        captions=tuple(captions),
        mrn=mrn,
        section=section,
        eo=eo.order if eo else None,
        declassify=eo.declassify if eo else None,
        tags=tags,
        subject=" ".join(subject_words),
        references=tuple(references),
        classified_by=" ".join(classified_by.split()) if classified_by else None,
        signature=signature,
        header=header_text,
        text=header_text + "\n".join(lines) + "\n",
    )


def headers(layouts: Sequence[str] = LAYOUTS) -> SearchStrategy[str]:
    """Whole transmission headers (FL1-FL9 or DTG-only), from :func:`cables`."""
    return cables(layouts).map(lambda c: c.header)


# ------------------------------------------------------------------ noise

_OCR_SWAPS = {"0": "O", "1": "I", "5": "S", "O": "0", "I": "1", "S": "5"}
# coded groups: DTG times, #SSNs, Julian times and serials, RIs, security groups
_CODED = re.compile(
    r"(?<![A-Za-z0-9])(?:\d{6}Z|#\d{3,4}|\d{4,7}|[RQ][A-Z]{3,6}|([A-Z])\1{4})(?![A-Za-z0-9])"
)


@st.composite
def _noise(draw: DrawFn, text: str, max_changes: int) -> str:
    ending = "\n" if text.endswith("\n") else ""
    lines = text[: len(text) - len(ending)].split("\n")
    for _ in range(draw(st.integers(1, max_changes))):
        kind = draw(st.sampled_from(("ocr", "join", "split", "page")))
        if kind == "ocr":
            body = "\n".join(lines)
            spots = [
                m.start() + i for m in _CODED.finditer(body)
                for i, ch in enumerate(m.group(0)) if ch in _OCR_SWAPS
            ]
            if spots:
                at = draw(st.sampled_from(spots))
                swap = _OCR_SWAPS[body[at]]
                if swap == "I" and draw(st.booleans()):
                    swap = "l"
                lines = (body[:at] + swap + body[at + 1:]).split("\n")
        elif kind == "join" and len(lines) > 1:
            i = draw(st.integers(0, len(lines) - 2))
            lines[i: i + 2] = [f"{lines[i]} {lines[i + 1].lstrip()}".rstrip()]
        elif kind == "split":
            spaced = [i for i, line in enumerate(lines) if " " in line.strip()]
            if spaced:
                i = draw(st.sampled_from(spaced))
                cuts = [k for k, ch in enumerate(lines[i]) if ch == " " and 0 < k]
                k = draw(st.sampled_from(cuts))
                lines[i: i + 1] = [lines[i][:k], lines[i][k + 1:]]
        elif kind == "page":
            i = draw(st.integers(0, len(lines)))
            office = draw(st.sampled_from(("STATE",) + tuple(o for _, o in _posts()[:20])))
            stamp = (f"PAGE {draw(st.integers(2, 9)):02d} {office} "
                     f"{draw(st.integers(0, 999_999)):06d} "
                     f"{draw(st.integers(1, 28)):02d}{draw(st.integers(0, 23)):02d}"
                     f"{draw(st.integers(0, 59)):02d}Z")
            lines[i:i] = [stamp]
    return "\n".join(lines) + ending


def noisy(text: str | SearchStrategy[str], *, max_changes: int = 4) -> SearchStrategy[str]:
    """The text with 1..``max_changes`` transcription accidents: OCR confusions
    (``O``/``0``, ``I``/``1``/``l``, ``S``/``5``) in coded groups (DTGs, SSNs, serials,
    RIs, security groups), re-wrapped lines (two joined, one split) and inserted page
    headers (``PAGE 02 STATE 123456 281234Z``)."""
    texts = st.just(text) if isinstance(text, str) else text
    return texts.flatmap(lambda t: _noise(t, max_changes))
