"""Code tables ("vocabularies") for cable headers and front matter.

The tables are CSV files shipped in ``teletype/data`` (built by ``scripts/build_vocab.py``
from ``../shared/reference``; see ``docs/vocabularies.md``). Every row carries a ``source``
citation. Where no source gives a fact the field is ``None`` ("meaning unknown").

Each table is read once, on first use, and cached. Lookups normalise case and spacing and
return a frozen dataclass or ``None``::

    >>> station("RUEHC").name
    'DEPT OF STATE WASHINGTON DC'
    >>> precedence("OO").word
    'IMMEDIATE'
    >>> operating_signal("ZFF4").numeral
    '4'
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from importlib.resources import files
from typing import Final, Literal, TypeVar, overload

__all__ = [
    "Caption",
    "ExecutiveOrder",
    "OperatingSignal",
    "PortionMark",
    "Precedence",
    "Prosign",
    "ReleaseCode",
    "RiLetter",
    "SecurityGroup",
    "STATION_KINDS",
    "Station",
    "StationRange",
    "UnexplainedRi",
    "Tag",
    "TableName",
    "caption",
    "decode_security_group",
    "executive_order",
    "operating_signal",
    "portion_mark",
    "precedence",
    "prosign",
    "release_code",
    "ri_letter",
    "security_group",
    "station",
    "table",
    "tag",
    "tags_for",
    "unexplained_ri",
]

from .rows import (
    STATION_KINDS,
    Caption,
    ExecutiveOrder,
    OperatingSignal,
    PortionMark,
    Precedence,
    Prosign,
    ReleaseCode,
    RiLetter,
    SecurityGroup,
    Station,
    StationRange,
    Tag,
    UnexplainedRi,
)

# --------------------------------------------------------------------------- loading

_R = TypeVar("_R")
Record = dict[str, str]


def _read(filename: str) -> list[Record]:
    resource = files("teletype") / "data" / filename
    text = resource.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _opt(value: str) -> str | None:
    return value if value else None


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split("|")) if value else ()


def _load(filename: str, make: Callable[[Record], _R]) -> tuple[_R, ...]:
    return tuple(make(rec) for rec in _read(filename))


@functools.cache
def _stations() -> tuple[Station, ...]:
    return _load(
        "stations.csv",
        lambda r: Station(r["ri"], r["name"], _split(r["other_names"]), r["source"],
                          r["kind"], _split(r["alternatives"]), _split(r["editions"])),
    )


@functools.cache
def _unexplained_ris() -> tuple[UnexplainedRi, ...]:
    return _load(
        "ri_unexplained.csv",
        lambda r: UnexplainedRi(r["ri"], _split(r["seen"]), r["example"], r["source"]),
    )


@functools.cache
def _station_ranges() -> tuple[StationRange, ...]:
    return _load(
        "station_ranges.csv",
        lambda r: StationRange(r["ri_first"], r["ri_last"], r["name"], r["source"], r["kind"]),
    )


@functools.cache
def _ri_letters() -> tuple[RiLetter, ...]:
    return _load(
        "ri_letters.csv",
        lambda r: RiLetter(int(r["position"]), r["letter"], r["meaning"], r["source"]),
    )


@functools.cache
def _precedences() -> tuple[Precedence, ...]:
    return _load(
        "precedence.csv",
        lambda r: Precedence(r["code"], r["word"], _opt(r["letter"]), int(r["rank"]), r["source"]),
    )


@functools.cache
def _security_groups() -> tuple[SecurityGroup, ...]:
    return _load(
        "security_groups.csv",
        lambda r: SecurityGroup(
            r["code"], r["classification"], _opt(r["operating_signal"]), r["source"]
        ),
    )


@functools.cache
def _release_codes() -> tuple[ReleaseCode, ...]:
    return _load("release_codes.csv", lambda r: ReleaseCode(r["letter"], r["meaning"], r["source"]))


@functools.cache
def _operating_signals() -> tuple[OperatingSignal, ...]:
    return _load(
        "operating_signals.csv",
        lambda r: OperatingSignal(r["code"], _opt(r["meaning"]), r["source"]),
    )


@functools.cache
def _prosigns() -> tuple[Prosign, ...]:
    return _load("prosigns.csv", lambda r: Prosign(r["code"], r["kind"], r["meaning"], r["source"]))


@functools.cache
def _captions() -> tuple[Caption, ...]:
    return _load(
        "captions.csv",
        lambda r: Caption(
            r["caption"],
            r["kind"],
            int(r["restrictiveness"]) if r["restrictiveness"] else None,
            _opt(r["meaning"]),
            r["source"],
        ),
    )


@functools.cache
def _tags() -> tuple[Tag, ...]:
    return _load(
        "tags.csv",
        lambda r: Tag(
            r["tag"],
            r["kind"],
            _opt(r["category"]),
            _opt(r["title"]),
            r["takes_name"] == "1",
            r["source"],
            _opt(r["title_era"]),
            tuple(
                (era, title)
                for era, _, title in (e.partition("=") for e in _split(r["era_titles"]))
            ),
            _split(r["alternatives"]),
        ),
    )


@functools.cache
def _executive_orders() -> tuple[ExecutiveOrder, ...]:
    return _load(
        "executive_orders.csv",
        lambda r: ExecutiveOrder(
            r["number"],
            _opt(r["title"]),
            date.fromisoformat(r["in_force_from"]),
            date.fromisoformat(r["in_force_to"]) if r["in_force_to"] else None,
            _split(r["decl_forms"]),
            _opt(r["reason_section"]),
            r["source"],
        ),
    )


@functools.cache
def _portion_marks() -> tuple[PortionMark, ...]:
    return _load(
        "portion_marks.csv",
        lambda r: PortionMark(r["mark"], r["classification"], r["source"]),
    )


# --------------------------------------------------------------------------- indexes


def _norm(text: str) -> str:
    """Upper case, accents dropped, runs of whitespace collapsed."""
    if text.isascii():  # nothing to decompose (the common case)
        return " ".join(text.upper().split())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.upper().split())


@functools.cache
def _station_index() -> dict[str, Station]:
    return {s.ri: s for s in _stations()}


@functools.cache
def _ri_letter_index() -> dict[tuple[int, str], RiLetter]:
    return {(r.position, r.letter): r for r in _ri_letters()}


@functools.cache
def _precedence_index() -> dict[str, Precedence]:
    return {p.code: p for p in _precedences()}


@functools.cache
def _security_index() -> dict[str, SecurityGroup]:
    return {g.code: g for g in _security_groups()}


@functools.cache
def _release_index() -> dict[str, ReleaseCode]:
    return {r.letter: r for r in _release_codes()}


@functools.cache
def _signal_index() -> dict[str, OperatingSignal]:
    return {s.code: s for s in _operating_signals()}


@functools.cache
def _prosign_index() -> dict[str, Prosign]:
    return {p.code: p for p in _prosigns()}


@functools.cache
def _caption_index() -> tuple[dict[str, Caption], tuple[tuple[re.Pattern[str], Caption], ...]]:
    exact: dict[str, Caption] = {}
    patterns: list[tuple[re.Pattern[str], Caption]] = []
    for cap in _captions():
        if "<" in cap.caption:
            parts = re.split(r"<[^>]*>", cap.caption)
            regex = ".+".join(re.escape(p) for p in parts)
            patterns.append((re.compile(regex), cap))
        else:
            exact[_norm(cap.caption)] = cap
    return exact, tuple(patterns)


# Kinds in the order tag() prefers them when a code has rows of several kinds (AL, BP).
_TAG_KIND_ORDER: Final = ("subject", "program", "geographic", "organization", "person")


@functools.cache
def _tag_index() -> dict[str, tuple[Tag, ...]]:
    index: dict[str, list[Tag]] = {}
    for t in _tags():
        index.setdefault(t.tag.upper(), []).append(t)
    return {
        key: tuple(sorted(rows, key=lambda t: _TAG_KIND_ORDER.index(t.kind)))
        for key, rows in index.items()
    }


@functools.cache
def _eo_index() -> dict[str, ExecutiveOrder]:
    return {e.number: e for e in _executive_orders()}


@functools.cache
def _portion_index() -> dict[str, PortionMark]:
    return {p.mark: p for p in _portion_marks()}


# --------------------------------------------------------------------------- lookups


def station(ri: str) -> Station | None:
    """Plain-language station for a routing indicator, e.g. ``RUEHPE`` -> AMEMBASSY LIMA.

    An RI inside an ACP 117 block (``RHFJAAA THRU RHFJAAZ``) gets that block's station.
    """
    key = ri.strip().upper()
    found = _station_index().get(key)
    if found is not None:
        return found
    return _station_in_block(key)


@functools.lru_cache(maxsize=4096)  # the blocks are searched one by one
def _station_in_block(key: str) -> Station | None:
    for block in _station_ranges():
        if key in block:
            return Station(key, block.name, (), f"{block.source}; {key} lies in the block",
                           block.kind)
    return None


def unexplained_ri(ri: str) -> UnexplainedRi | None:
    """What the corpus shows of an RI that no source explains (``RUEHWEB``: FL2 234x)."""
    key = ri.strip().upper()
    return next((u for u in _unexplained_ris() if u.ri == key), None)


def ri_letter(position: int, letter: str) -> RiLetter | None:
    """The meaning of a routing indicator letter: ``ri_letter(1, "R")`` (network),
    ``ri_letter(2, "U")`` (nation). Area and station letters have no table."""
    return _ri_letter_index().get((position, letter.strip().upper()))


def precedence(code_or_word: str) -> Precedence | None:
    """Precedence for a letter (``O``), a doubled FL2 letter (``OO``) or a word.

    Words: FLASH, NIACT IMMEDIATE, NIACT, IMMEDIATE, PRIORITY, ROUTINE, CRITIC.
    """
    key = _norm(code_or_word)
    if len(key) == 2 and key[0] == key[1]:
        key = key[0]
    return _precedence_index().get(key)


def security_group(code: str) -> SecurityGroup | None:
    """The classification of a five-letter FL4 group such as ``SSSSS``."""
    return _security_index().get(_norm(code).replace(" ", ""))


def release_code(letter: str) -> ReleaseCode | None:
    """The country/alliance of a transmission release letter (``A`` Australia ...)."""
    return _release_index().get(_norm(letter))


_COMPOSITE_RE: Final = re.compile(r"([A-Z])\1\1([A-Z])\2")


def decode_security_group(text: str) -> tuple[SecurityGroup, ReleaseCode | None] | None:
    """Split a plain (``SSSSS``) or composite (``UUUAA``, ``SSS BB``) FL4 group.

    The composite form repeats the classification letter three times and a release
    letter twice (FORMAT.md 2.5, unverified). Returns ``None`` when either part is unknown.
    """
    key = _norm(text).replace(" ", "")
    plain = _security_index().get(key)
    if plain is not None:
        return plain, None
    m = _COMPOSITE_RE.fullmatch(key)
    if not m:
        return None
    group = _security_index().get(m.group(1) * 5)
    release = _release_index().get(m.group(2))
    if group is None or release is None:
        return None
    return group, release


_NUMBERED_SIGNAL_RE: Final = re.compile(r"(Z[A-Z]{2})-?(\d+(?:/\d+)?)")


def operating_signal(code: str) -> OperatingSignal | None:
    """A Z operating signal; ``ZFF4``/``ZFF-4`` give ``ZFF`` with ``numeral="4"``."""
    key = _norm(code)
    found = _signal_index().get(key)
    if found is not None:
        return found
    m = _NUMBERED_SIGNAL_RE.fullmatch(key)
    if m is None:
        return None
    base = _signal_index().get(m.group(1))
    if base is None:
        return None
    return dataclasses.replace(base, numeral=m.group(2))


def prosign(code: str) -> Prosign | None:
    """An ACP 127(G) prosign or indicator (``BT``, ``DE``, ``NNNN``, ``ZNY`` ...)."""
    return _prosign_index().get(_norm(code))


def caption(text: str) -> Caption | None:
    """A caption or handling marker; trailing slashes (``STADIS////``) are ignored.

    Free-text captions match their pattern: ``FOR THE AMBASSADOR ONLY`` gives the
    ``FOR <ADDRESSEE> ONLY`` row, ``REL TO UK, CAN`` the ``REL TO <COUNTRIES>`` row.
    """
    key = _norm(text).rstrip("/ ").strip()
    exact, patterns = _caption_index()
    found = exact.get(key)
    if found is not None:
        return found
    for regex, cap in patterns:
        if regex.fullmatch(key):
            return cap
    return None


def tags_for(code: str) -> tuple[Tag, ...]:
    """Every row for a TAGS code, most specific kind first (``AL``: Albania, then the org)."""
    return _tag_index().get(code.strip().upper(), ())


def tag(code: str) -> Tag | None:
    """A TAGS code, case-insensitive. When a code is both geographic and an organization
    (``AL``, ``BP``) the geographic row wins; ``tags_for`` returns all of them."""
    rows = tags_for(code)
    return rows[0] if rows else None


_EO_RE: Final = re.compile(r"(?:E\.?\s*O\.?\s*)?(\d{5})(?:[\s-]*(AS AMENDED|AMENDED|A))?")


def executive_order(number: str | int) -> ExecutiveOrder | None:
    """An executive order by number: ``12356``, ``"E.O. 12958"``, ``"12958 as amended"``.

    ``"12958-AMENDED"`` (or ``"13292"``, the amending order) gives E.O. 12958 as amended.
    """
    key = _norm(str(number)).rstrip(":").strip()
    m = _EO_RE.fullmatch(key)
    if m is None:
        return None
    num = m.group(1)
    if num == "13292" or (num == "12958" and m.group(2)):
        num = "12958-AMENDED"
    return _eo_index().get(num)


def portion_mark(mark: str) -> PortionMark | None:
    """A portion mark with or without parentheses: ``(S)``, ``S/NF``, ``(C/REL LIBYA)``."""
    key = _norm(mark).strip("() ").replace(" /", "/").replace("/ ", "/")
    found = _portion_index().get(key)
    if found is not None:
        return found
    m = re.fullmatch(r"(.+?/REL)\b.*", key)
    if m is not None:
        return _portion_index().get(m.group(1))
    return None


# --------------------------------------------------------------------------- tables

TableName = Literal[
    "stations",
    "ri_unexplained",
    "station_ranges",
    "ri_letters",
    "precedence",
    "security_groups",
    "release_codes",
    "operating_signals",
    "prosigns",
    "captions",
    "tags",
    "executive_orders",
    "portion_marks",
]

AnyRow = (
    Station
    | UnexplainedRi
    | StationRange
    | RiLetter
    | Precedence
    | SecurityGroup
    | ReleaseCode
    | OperatingSignal
    | Prosign
    | Caption
    | Tag
    | ExecutiveOrder
    | PortionMark
)

_TABLES: Final[Mapping[str, Callable[[], tuple[AnyRow, ...]]]] = {
    "stations": _stations,
    "ri_unexplained": _unexplained_ris,
    "station_ranges": _station_ranges,
    "ri_letters": _ri_letters,
    "precedence": _precedences,
    "security_groups": _security_groups,
    "release_codes": _release_codes,
    "operating_signals": _operating_signals,
    "prosigns": _prosigns,
    "captions": _captions,
    "tags": _tags,
    "executive_orders": _executive_orders,
    "portion_marks": _portion_marks,
}


@overload
def table(name: Literal["stations"]) -> tuple[Station, ...]: ...
@overload
def table(name: Literal["ri_unexplained"]) -> tuple[UnexplainedRi, ...]: ...
@overload
def table(name: Literal["station_ranges"]) -> tuple[StationRange, ...]: ...
@overload
def table(name: Literal["ri_letters"]) -> tuple[RiLetter, ...]: ...
@overload
def table(name: Literal["precedence"]) -> tuple[Precedence, ...]: ...
@overload
def table(name: Literal["security_groups"]) -> tuple[SecurityGroup, ...]: ...
@overload
def table(name: Literal["release_codes"]) -> tuple[ReleaseCode, ...]: ...
@overload
def table(name: Literal["operating_signals"]) -> tuple[OperatingSignal, ...]: ...
@overload
def table(name: Literal["prosigns"]) -> tuple[Prosign, ...]: ...
@overload
def table(name: Literal["captions"]) -> tuple[Caption, ...]: ...
@overload
def table(name: Literal["tags"]) -> tuple[Tag, ...]: ...
@overload
def table(name: Literal["executive_orders"]) -> tuple[ExecutiveOrder, ...]: ...
@overload
def table(name: Literal["portion_marks"]) -> tuple[PortionMark, ...]: ...
@overload
def table(name: str) -> tuple[AnyRow, ...]: ...
def table(name: str) -> tuple[AnyRow, ...]:
    """Every row of a table, in file order. Raises ``KeyError`` for an unknown name."""
    try:
        loader = _TABLES[name]
    except KeyError:
        raise KeyError(f"unknown vocabulary table {name!r}; known: {sorted(_TABLES)}") from None
    return loader()
