"""The row types of the code tables (one frozen dataclass per table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

# --------------------------------------------------------------------------- row types


#: Kinds of station (``Station.kind``); ``station`` = no kind rule applies to the name.
STATION_KINDS: Final = ("post", "collective", "agency", "military unit", "gateway", "relay",
                        "station")


@dataclass(frozen=True, slots=True)
class Station:
    """A routing indicator (RI) and the plain-language address of its station.

    ``kind`` is one of :data:`STATION_KINDS`. A ``gateway`` (the DMS MFIs ``RHMFIUU``,
    ``RHMFISS``, ``RHMFITT`` and the MCS ``RHMCSUU``) is no addressee: the real addressee
    follows the RI in the address. ``alternatives`` are the other readings of the sources,
    each ``"NAME [source]"`` (``[usage 12x]`` for names mined from cables); ``editions``
    the ACP 117 books whose Section I lists the RI (``"2014"``: change 18, effective
    12 Jan 2015; ``"2010"``: change 4, effective 7 Feb 2011).
    """

    ri: str
    name: str
    other_names: tuple[str, ...]
    source: str
    kind: str = "station"
    alternatives: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()

    @property
    def is_gateway(self) -> bool:
        return self.kind == "gateway"


@dataclass(frozen=True, slots=True)
class UnexplainedRi:
    """A routing indicator seen in corpus headers that no source explains: only what is
    observed (``seen``: ``"FL2 234"``, ``"DE 2"``, ``"address 1"``) and an example file."""

    ri: str
    seen: tuple[str, ...]
    example: str
    source: str


@dataclass(frozen=True, slots=True)
class StationRange:
    """An ACP 117 block of RIs ("RHFJAAA THRU RHFJAAZ") assigned to one station."""

    ri_first: str
    ri_last: str
    name: str
    source: str
    kind: str = "station"

    def __contains__(self, ri: object) -> bool:
        return (
            isinstance(ri, str)
            and len(ri) == len(self.ri_first)
            and self.ri_first <= ri <= self.ri_last
        )


@dataclass(frozen=True, slots=True)
class RiLetter:
    """What one letter of a routing indicator says (ACP 121 plan): ``position`` 1 is the
    network (R, Q), 2 the nation or alliance (U = United States)."""

    position: int
    letter: str
    meaning: str
    source: str


@dataclass(frozen=True, slots=True)
class Precedence:
    """A precedence prosign letter (``O``) or a precedence word (``IMMEDIATE``)."""

    code: str
    word: str
    letter: str | None
    rank: int
    source: str


@dataclass(frozen=True, slots=True)
class SecurityGroup:
    """A five-letter security warning group (``SSSSS``) of format line 4."""

    code: str
    classification: str
    operating_signal: str | None
    source: str


@dataclass(frozen=True, slots=True)
class ReleaseCode:
    """A transmission release letter of a composite group (``UUUAA``)."""

    letter: str
    meaning: str
    source: str


@dataclass(frozen=True, slots=True)
class OperatingSignal:
    """A Z operating signal; ``numeral`` keeps a suffix as in ``ZFF4`` (``"4"``)."""

    code: str
    meaning: str | None
    source: str
    numeral: str | None = None


@dataclass(frozen=True, slots=True)
class Prosign:
    """An ACP 127 prosign or indicator (``BT``, ``DE``, ``NNNN``, ``ZCZC`` ...)."""

    code: str
    kind: str
    meaning: str
    source: str


@dataclass(frozen=True, slots=True)
class Caption:
    """A caption or handling marker; ``<...>`` in ``caption`` stands for free text."""

    caption: str
    kind: str
    restrictiveness: int | None
    meaning: str | None
    source: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A TAGS entry: subject, program, geographic, organization or person tag.

    ``title`` is the reading of the most authoritative source (docs/vocabularies.md);
    ``title_era`` is set when that reading belongs to one era only (``"1974"``: the 1974
    TAGS handbook). ``era_titles`` maps an era (``"1974"``, ``"2000-2009"``) to the title
    of that era where the sources' titles differ by era (``WTO``: Warsaw Pact Organization
    in 1974, World Trade Organization in the 2000s); :meth:`title_for` picks by year.
    ``alternatives`` are other readings, each ``"TITLE [source]"``.
    """

    tag: str
    kind: str
    category: str | None
    title: str | None
    takes_name: bool
    source: str
    title_era: str | None = None
    era_titles: tuple[tuple[str, str], ...] = ()
    alternatives: tuple[str, ...] = ()

    def title_for(self, year: int | None) -> tuple[str | None, str | None]:
        """(title, era) for a cable of ``year``: the title of the era whose years hold it;
        outside every era the main title when it is of no one era, else the nearest era's.
        Without eras (or year): the main title and its era, if any."""
        if not self.era_titles or year is None:
            return self.title, self.title_era

        def distance(era: str) -> int:
            first, _, last = era.partition("-")
            low, high = int(first), int(last or first)
            return 0 if low <= year <= high else min(abs(year - low), abs(year - high))

        era, title = min(self.era_titles, key=lambda e: distance(e[0]))
        if distance(era) and self.title_era is None:
            return self.title, None
        return title, era


@dataclass(frozen=True, slots=True)
class ExecutiveOrder:
    """A classification executive order and the E.O.-line forms of its era."""

    number: str
    title: str | None
    in_force_from: date
    in_force_to: date | None
    decl_forms: tuple[str, ...]
    reason_section: str | None
    source: str

    def in_force_on(self, day: date) -> bool:
        """True if ``day`` falls in the order's period (an open end counts as in force)."""
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


@dataclass(frozen=True, slots=True)
class PortionMark:
    """A paragraph portion mark such as ``(C)`` or ``(S/NF)``."""

    mark: str
    classification: str
    source: str
