"""Proofreading rules: a mistyped group caught on its line, with the likely correction.

A transcriber's single typo (a dropped letter, two letters swapped, a wrong digit) rarely
breaks the syntax of a cable; it breaks the agreement between groups that carry one fact.
These rules read those agreements and name the group that most likely holds the typo:

* **FL2 against the addresses** (TT331). In the 1980s layout the TO and INFO addresses
  carry no ``RI/`` prefix, so the routing indicators of FL2 are the only link between an
  address and the station tables. Each FL2 RI belongs to an addressee, to the originator or
  to a relay; each addressee's RI is in FL2 unless the message goes through a gateway or a
  collective. An RI missing on one side and an unknown one on the other, a small edit
  apart, are one mistyped RI.
* **Spelling of plain-language addresses** (TT332). An FM, TO or INFO address that no
  station table knows but that is a small edit away from a known one, preferably the one
  its RI (FL2, the ``RI/`` prefix, the DE line for FM) names.
* **The message number and the precedence, three times each** (TT333, TT334): in
  :mod:`teletype.rules.odd_one_out`.
* **Misspelt DTG month** (TT250) and **misspelt precedence word** (TT251) where the parser
  could not read the group (``O 280245Z MYA 89`` is a TT101 for the grammar).

Every finding that can name a correction carries it as a :class:`~teletype.diagnostics.Fix`.
Edit distances are optimal-string-alignment distances (a swap of two adjacent letters is one
edit).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple

from .. import decode, facts, vocab
from ..corrections import (
    _norm,
    _station_names,
    closest,
    month_correction,
    originator_correction,
    station_name_suggestion,
)
from ..corrections import _ris_of as _ris_by_tables
from ..diagnostics import Fix, RelatedLocation, Severity
from ..nodes import (
    Address,
    RoutingIndicator,
    RoutingLine,
    UnknownLine,
    Unparsed,
)
from ..source import Span
from .addressing import _last_word_correction, _misspelt, loud_addressees
from .common import _unknown_tags
from .context import Context
from .registry import Finding, rule

# ---------------------------------------------------------------------------- the header's facts


class _Addr(NamedTuple):
    """An address of the FM, TO or INFO lines (or the DE line's originator)."""

    keyword: str  # FM, TO, INFO (DE)
    node: Address | None  # None for the DE line's originator
    name: str  # the name as written (no RI prefix, precedence or MCN)
    given: Span | None = None  # the span of the name when known (the originator's)

    def span(self, ctx: Context) -> Span:
        """The span of the name, worked out when a finding needs it (the context is not
        kept: a context that refers to itself through its facts lives until the garbage
        collector finds the cycle, and keeps its cable alive until then)."""
        if self.given is not None:
            return self.given
        assert self.node is not None  # the originator's is given
        return _name_span(ctx, self.node)


class _Ri(NamedTuple):
    code: str
    span: Span


#: An RI with its span: the node of an RI the grammar read (FL2, the DE line), or an
#: :class:`_Ri` read from a group or a line it did not
_RiAt = _Ri | RoutingIndicator


class _Routing(NamedTuple):
    """FL2 against the addresses, worked out once per cable (a named tuple: made faster
    than a frozen dataclass)."""

    fl2: tuple[_RiAt, ...]
    # FL2 RIs no addressee and not the originator claim (relays among them)
    unclaimed: tuple[_RiAt, ...]
    # the DE line's RI
    origin: _RiAt | None

    def addr(self, keyword: str, node: Address | None) -> _Addr:
        """The :class:`_Addr` of an entry of :func:`_read_missing` (made for a finding
        only)."""
        if node is not None:
            return _Addr(keyword, node, node.name)
        assert self.origin is not None  # the originator's entry
        return _Addr("DE", None, self.origin.code, self.origin.span)


#: TO/INFO addresses whose RI is not in FL2 (keyword, node, their RIs by the tables or by
#: the RI prefix when written), and the originator's when known and not in FL2 (``DE``,
#: None, its RI): see :meth:`_Routing.addr`
_Missing = tuple[tuple[str, Address | None, frozenset[str]], ...]


#: the RIs the station tables give an address name (the FM address of nearly every cable,
#: addresses without an RI prefix), looked up once per name
_ris_of = functools.lru_cache(maxsize=8192)(_ris_by_tables)
#: :func:`teletype.vocab.station`, looked up once per FL2 or originating RI (cables repeat
#: them)
_fl2_station = functools.lru_cache(maxsize=4096)(vocab.station)


def _name_span(ctx: Context, address: Address) -> Span:
    pos = address.raw.find(address.name)
    if pos < 0:
        return address.span
    start = address.span.start + pos
    return ctx.span_in(address, start, start + len(address.name.rstrip()))


def _routing(ctx: Context) -> _Routing:
    return ctx.fact(_read_routing)


def _read_routing(ctx: Context) -> _Routing:
    header = ctx.cable.header
    fl2 = _unparsed_fl2(ctx)
    if header is not None and not fl2:
        for line in header.routing:
            if isinstance(line, RoutingLine):
                fl2 += line.indicators
                if line.extra:  # groups where only an RI can stand that did not lex as one
                    fl2 += [_Ri(g.raw, g.span) for g in line.extra if _RI_LIKE.fullmatch(g.raw)]
    claimed: set[str] = set()
    if header is not None and fl2:  # (without FL2 no RI is unclaimed)
        # the RIs of the FM, TO and INFO addresses: by the RI prefix when written, else by
        # the tables
        if header.from_ is not None:
            node = header.from_.address
            claimed |= {node.ri.code} if node.ri is not None else _ris_of(node.name)
        for items in (header.to, header.info):
            for node in items:
                prefix = node.ri
                if prefix is not None:
                    claimed.add(prefix.code)
                else:
                    claimed |= _ris_of(node.name)
    origin = _originator(ctx)
    if origin is not None:
        claimed.add(origin.code)
    unclaimed = tuple([r for r in fl2 if r.code not in claimed])
    return _Routing(tuple(fl2), unclaimed, origin)


def _read_missing(ctx: Context) -> _Missing:
    """The addresses (and the originator) whose RI is not in FL2: read only when an FL2 RI
    may be a typo of one of them (see :func:`fl2_address_mismatch`)."""
    header = ctx.cable.header
    routing = ctx.fact(_read_routing)
    codes = {r.code for r in routing.fl2}
    missing: list[tuple[str, Address | None, frozenset[str]]] = []
    if header is not None:
        for keyword, items in (("TO", header.to), ("INFO", header.info)):
            for node in items:
                prefix = node.ri
                if prefix is not None:
                    if prefix.code not in codes:
                        missing.append((keyword, node, frozenset((prefix.code,))))
                    continue
                found = _ris_of(node.name)
                if found and found.isdisjoint(codes):
                    missing.append((keyword, node, found))
    origin = routing.origin
    if origin is not None and origin.code not in codes and vocab.station(origin.code):
        # the originator's RI on FL2 (the seed: OO RUEHC RUEHPE), mistyped there
        missing.append(("DE", None, frozenset((origin.code,))))
    return tuple(missing)


_RI_LIKE = re.compile(r"[A-Z]{4,8}")
_GROUP = re.compile(r"[A-Z0-9]{4,8}")
_DE_LIKE = re.compile(r"^[ \t]*DE[ \t]+([A-Z0-9]{3,10})[ \t]+#")


def _originator(ctx: Context) -> _RiAt | None:
    """The DE line's RI, also from a DE line that did not parse (``DE HUEHC #0194``)."""
    de = ctx.de
    if de is not None and de.originator is not None:
        return de.originator
    for node in ctx.unparsed:
        match = _DE_LIKE.match(node.raw)
        if match:
            start = node.span.start + match.start(1)
            return _Ri(match.group(1), ctx.span(start, start + len(match.group(1))))
    return None


_FL2_LIKE = re.compile(r"^[ \t]*([ZOPRYW])\1((?:[ \t]+[A-Z0-9]{4,8})+)[ \t]*$")


def _unparsed_fl2(ctx: Context) -> list[_RiAt]:
    """The RIs of an FL2 line right before the DE line that did not parse as one because an
    RI is mistyped (``OO UREHC RUEHPE``)."""
    nodes = ctx.cable.nodes
    de = ctx.de
    if de is None or not ctx.unparsed:
        return []  # no DE line, or no line before it that the grammar did not read
    for i, node in enumerate(nodes):
        if node is de and i > 0 and isinstance(nodes[i - 1], (UnknownLine, Unparsed)):
            before = nodes[i - 1]
            line = before.raw.split("\n", 1)[0]
            match = _FL2_LIKE.match(line)
            if match is None:
                return []
            base = before.span.start + match.start(2)
            return [_Ri(g.group(), ctx.span(base + g.start(), base + g.end()))
                    for g in _GROUP.finditer(match.group(2))]
    return []


def _where(span: Span) -> str:
    return f"{span.line}:{span.column}"


# ---------------------------------------------------------------------------- TT331


@rule("TT331", "fl2-address-mismatch", Severity.WARNING,
      "FL2 routing indicator and addressee do not match",
      description="Each routing indicator on the FL2 line belongs to an addressee (TO, "
      "INFO), to the originating station (DE line) or to a relay; each addressee's routing "
      "indicator is in FL2 unless the message goes through a gateway or a collective. In the "
      "1980s layout the addresses carry no `RI/` prefix, so the station tables link the two: "
      "an FL2 RI that no station has, a small edit from the RI of an addressee missing from "
      "FL2, is reported with the correction. Checked only when FL2 lists at least one "
      "addressee (not `OO RUEHWEB`). A warning: the tables are of 2010.",
      example_fail="OO RUEHC RUEHEP\nDE RUEHC #0194 1480246\nZNY SSSSS ZZH\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n"
      "INFO AMEMBASSY LA PAZ\nRUEHLP\nBT\n",
      example_pass="OO RUEHC RUEHPE RUEHLP\nDE RUEHC #0194 1480246\nZNY SSSSS ZZH\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n"
      "INFO AMEMBASSY LA PAZ\nBT\n",
      source="ACP 127(G) §204, Annex B FL2 (FORMAT.md §2.2, App. B 3.3); FORMAT.md §2.4; "
             "stations vocabulary (ACP 117)",
      kind="cross-field")
def fl2_address_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    routing = _routing(ctx)
    if not routing.unclaimed:
        return findings
    used: set[int] = set()
    # an RI of another station is a typo only when it is the one odd RI against the one
    # missing addressee (retransmissions list other posts' RIs in FL2, and RIs of the
    # tables are often one letter apart: RUEHC, RUEHBC)
    unknown = [ri for ri in routing.unclaimed if _fl2_station(ri.code) is None]
    if not unknown and len(routing.unclaimed) != 1:
        return findings  # no RI of no station, and none alone: no suspect whatever is missing
    missing = ctx.fact(_read_missing)
    if not missing:
        return findings
    lone = len(routing.unclaimed) == 1 and len(missing) == 1
    suspects = list(routing.unclaimed) if lone else unknown
    for keyword, node, ris in missing if suspects else ():
        for ri in suspects:
            if id(ri) in used:
                continue
            right = _one_edit_ri(ri.code, ris)
            if right is None:
                continue
            used.add(id(ri))
            a = routing.addr(keyword, node)
            station = vocab.station(right)
            other = vocab.station(ri.code)
            findings.append(Finding(
                f"FL2 routing indicator {ri.code}: "
                + (f"{other.name}, no addressee" if other else "no such station")
                + (f"; the originator (DE line at {_where(a.span(ctx))}) is {right}"
                   if a.keyword == "DE" else
                   f"; {a.keyword} {a.name} at {_where(a.span(ctx))} is {right}")
                + (f" = {station.name}" if station else "")
                + (", not in FL2" if a.keyword == "DE" else
                   " and has no routing indicator in FL2"),
                ri.span,
                hint="each addressee's routing indicator is in FL2; correct the RI (or the "
                     "address)",
                suggestion=right,
                fixes=(Fix(ri.span, right, f"replace {ri.code} with {right}", ri.code),),
                related=(RelatedLocation(a.span(ctx), f"{a.keyword} {a.name} ({right})"),),
            ))
            break
    return findings


@functools.lru_cache(maxsize=8192)  # cables repeat their FL2 RIs and addressees
def _one_edit_ri(code: str, ris: frozenset[str]) -> str | None:
    """The RI of ``ris`` one edit from an FL2 RI, if any (the nearest, then the first in
    alphabetical order)."""
    if not any(abs(len(c) - len(code)) <= 1 for c in ris):
        return None  # an RI one edit from another is as long or one letter off
    near = closest(code, sorted(ris), 1)
    return near[0] if near else None


@rule("TT335", "originator-ri-typo", Severity.WARNING,
      "Originating routing indicator is a typo of the FM station's",
      description="The DE line's routing indicator is no station of the tables but one edit "
      "(a letter changed or two letters swapped; the length of an RI is no typo, RIs of "
      "several lengths coexist) from the routing indicator of the FM address: `DE RUEHX` with "
      "`FM SECSTATE WASHDC` (RUEHC). The correction is carried as a fix. An RI of another "
      "known station is TT309.",
      example_fail="DE RUEHX #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
      example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
      source="FORMAT.md §2.2 FL3, §2.11 X6; stations vocabulary (ACP 117)",
      kind="cross-field")
def originator_ri_typo(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    header = ctx.cable.header
    ri = _originator(ctx)
    if ctx.janap is not None or ri is None or header is None or header.from_ is None:
        return findings
    if _fl2_station(ri.code) is not None:
        return findings  # another station: TT309
    name = header.from_.address.name
    right = originator_correction(ri.code, name)
    if right is None:
        return findings
    from_span = _name_span(ctx, header.from_.address)
    findings.append(Finding(
        f"originating RI {ri.code}: no such station; FM {name} is {right}",
        ri.span,
        hint="the DE line's routing indicator is the originator's station",
        suggestion=right,
        fixes=(Fix(ri.span, right, f"replace {ri.code} with {right}", ri.code),),
        related=(RelatedLocation(from_span, f"FM {name} ({right})"),),
    ))
    return findings


# ---------------------------------------------------------------------------- TT332


@functools.lru_cache(maxsize=4096)  # cables repeat their unknown addressees (DMS gateways)
def _suggestion(name: str, preferred: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`teletype.corrections.station_name_suggestion`, once per name and preferred
    names (a search among the station names: the same few names stay unknown in cable after
    cable)."""
    return tuple(station_name_suggestion(name, preferred))


def _preferred(ctx: Context, a: _Addr) -> tuple[tuple[str, ...], str | None, Span | None]:
    """Names the RIs give for an address: (names, RI, span of the RI) - the RI prefix, the DE
    line for FM, else an FL2 RI that no addressee claims."""
    prefix = a.node.ri if a.node is not None else None
    if prefix is not None:
        return _station_names(prefix.code), prefix.code, prefix.span
    if a.keyword == "FM":
        de = ctx.de
        if de is not None and de.originator is not None:
            code = de.originator.code
            return _station_names(code), code, de.originator.span
        return (), None, None
    routing = _routing(ctx)
    for ri in routing.unclaimed:
        names = _station_names(ri.code)
        if names and _suggestion(a.name, names):
            return names, ri.code, ri.span
    return (), None, None


@rule("TT332", "address-spelling", Severity.WARNING,
      "Plain-language address is misspelt",
      description="An FM, TO or INFO address that no station table knows but that is one "
      "small edit (a letter dropped, added or changed, two letters swapped; two edits in "
      "words of eight letters or more) from a known station name, in a word that no station "
      "name has: `AMEMBASY LIMA`, `SECSTATE WASHCD`. The name the routing indicator gives "
      "(the `RI/` prefix, the DE line for FM, an FL2 RI no other addressee claims) is "
      "preferred. The correction is carried as a fix.",
      example_fail="OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nZNY SSSSS ZZH\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASY LIMA IMMEDIATE 6315\nBT\n",
      example_pass="OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nZNY SSSSS ZZH\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\nBT\n",
      source="stations vocabulary (ACP 117, 2010; names observed in the corpus); "
             "FORMAT.md §2.4",
      kind="cross-field")
def address_spelling(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    header = ctx.cable.header
    if ctx.janap is not None or header is None:
        return findings
    # FM, then the TO and INFO addresses whose names may be misspelt (the others are known)
    addresses = [("FM", header.from_.address)] if header.from_ is not None else []
    addresses += [(keyword, node) for keyword, node in loud_addressees(ctx)
                  if keyword != "XMT"]
    for keyword, node in addresses:
        if not _misspelt(node.name):
            continue  # a known name, or no word of it unknown: nothing to suggest
        a = _Addr(keyword, node, node.name)
        names, ri, ri_span = _preferred(ctx, a)
        found = _suggestion(a.name, names)
        if len(found) != 1:
            continue  # known, nothing near, or ambiguous
        right = found[0]
        written = _norm(a.name)
        if a.name.strip().upper() != written:
            continue  # punctuation or office symbols: no whole-name replacement
        via = ""
        if ri and right in names:
            if a.node is not None and a.node.ri is not None:
                via = f"; its routing indicator {ri} is {right}"
            elif a.keyword == "FM":
                via = f"; the DE line's {ri} is {right}"
            else:
                via = f"; FL2 routes to {ri} = {right}"
        related = (RelatedLocation(ri_span, f"{ri} = {right}"),) if ri_span and via else ()
        findings.append(Finding(
            f"{a.keyword} {a.name}: no such station{via or f'; did you mean {right}?'}",
            a.span(ctx),
            hint="correct the spelling of the address (station names: ACP 117)",
            suggestion=right,
            fixes=(Fix(a.span(ctx), right, f"replace {a.name!r} with {right!r}", a.name),),
            related=related,
        ))
    return findings


# ---------------------------------------------------------------------------- TT250, TT251

_DTG_LIKE = re.compile(
    r"^[ \t]*(?:(?:TOR:?|[ZOPRYW])[ \t]+){0,3}([0-9]{2})[0-9OIlS]{4}[ \t]?Z[ \t]+"
    r"([A-Za-z]{2,10})[ \t]+(\d{2}|\d{4})[ \t]*$")


def _fits_filing(ctx: Context, day: int, year: str) -> Callable[[str], bool]:
    """Whether a month makes the DTG's day the DE line's Julian day (or the day before)."""
    de = ctx.de
    filing = de.filing if de is not None else None

    def fits(month: str) -> bool:
        if filing is None or filing.day_of_year is None:
            return False
        number = facts.month_number(month) or 0
        full = decode.expand_year(year) or 0
        try:
            yday = date(full, number, day).timetuple().tm_yday
        except ValueError:
            return False
        return filing.day_of_year in (yday, yday + 1)

    return fits


@rule("TT250", "misspelt-dtg-month", Severity.ERROR, "Month of a date-time group is misspelt",
      description="A line of the form of a date-time group (`O 280245Z MYA 89`) whose month "
      "the parser could not read (TT101) is a misspelt month when one month is an edit away "
      "(two letters swapped, one dropped, added or changed): the correction is given. A "
      "month group the parser read but is no month is TT230.",
      example_fail="DE RUEHC #0194 1480246\nO 280245Z MYA 89\nFM SECSTATE WASHDC\n",
      example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
      source="ACP 127(G) §113 (FORMAT.md §2.8, App. B 3.7)",
      kind="field")
def misspelt_dtg_month(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for node in ctx.unparsed:
        for offset, line in _lines(node.raw):
            match = _DTG_LIKE.match(line)
            if match is None:
                continue
            month = match.group(2)
            right = month_correction(month, _fits_filing(ctx, int(match.group(1)),
                                                         match.group(3)))
            if right is None:
                continue
            start = node.span.start + offset + match.start(2)
            span = ctx.span(start, start + len(month))
            findings.append(Finding(
                f"month {month!r} of the date-time group is misspelt; read {right}",
                span,
                hint="the month is its first three letters: JAN FEB MAR APR MAY JUN JUL AUG "
                     "SEP OCT NOV DEC",
                suggestion=right,
                fixes=(Fix(span, right, f"replace {month} with {right}", month),),
            ))
    return findings


def _lines(raw: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in raw.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


@rule("TT251", "misspelt-precedence-word", Severity.WARNING,
      "Precedence word of an address is misspelt",
      description="The last word of a TO or INFO address that no station name has and that "
      "is an edit or two from a precedence word (`IMMEDAITE`, `PRIORTY`) is a misspelt "
      "precedence word: the parser read it as part of the address name. Misspellings the "
      "parser recognises itself are TT403.",
      example_fail="O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDAITE 6315\n",
      example_pass="O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n",
      source="5 FAH-2 H-321.2 (precedence words); FORMAT.md §2.3",
      kind="field")
def misspelt_precedence_word(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for keyword, address in loud_addressees(ctx):  # the others' last words are no typos
        if keyword == "XMT":
            continue  # TO and INFO addresses
        right = _last_word_correction(address.name)
        if right is None:
            continue
        words = address.name.split()
        pos = address.raw.rfind(words[-1])
        start = address.span.start + pos
        span = ctx.span(start, start + len(words[-1]))
        findings.append(Finding(
            f"{words[-1]!r} after {keyword} {' '.join(words[:-1])} is a misspelt "
            f"precedence word; read {right}",
            span,
            hint="precedence words: FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE",
            suggestion=right,
            fixes=(Fix(span, right, f"replace {words[-1]} with {right}", words[-1]),),
        ))
    return findings


@functools.cache
def _tag_codes() -> tuple[str, ...]:
    return tuple(sorted({row.tag for row in vocab.table("tags")}))


@functools.lru_cache(maxsize=4096)  # unknown codes repeat (tags the tables lack)
def _tag_neighbours(code: str) -> tuple[str, ...]:
    """The known tags one edit from a TAGS code."""
    return tuple(closest(code, _tag_codes(), 1))


@rule("TT252", "tag-typo", Severity.WARNING, "TAG is a misspelling of a known one",
      description="A TAGS entry that no table knows but that is one edit (a letter dropped, "
      "added or changed, two letters swapped) from a known tag is most likely mistyped: the "
      "correction is given when one tag is that near (or one is the same letters swapped), "
      "the two or three candidates otherwise. An unknown code with no such neighbour is only "
      "TT222 (info when it has the shape of a tag, since the tag tables are incomplete).",
      example_fail="TAGS: SNRA, PTER\n", example_pass="TAGS: SNAR, PTER\n",
      source="5 FAH-3 H-700 (TAGS); FORMAT.md §2.9", kind="field")
def misspelt_tag(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for tag in ctx.fact(_unknown_tags):
        code = tag.code.strip().upper()
        if not 3 <= len(code) <= 8:
            continue  # a tag code has two to six letters: longer entries are free text
        near = list(_tag_neighbours(code))
        swapped = [c for c in near if sorted(c) == sorted(code)]  # two letters swapped
        if len(swapped) == 1:
            near = swapped
        if not near or (len(near) > 1 and (len(code) < 4 or len(near) > 3)):
            continue
        start = tag.span.start + tag.raw.upper().find(code)
        span = ctx.span(start, start + len(code))
        if len(near) > 1:
            findings.append(Finding(f"TAG {code!r} is in no table; one letter from "
                                    f"{' or '.join(near)}", span,
                                    hint="check the tag against the TAGS list (5 FAH-3)"))
            continue
        right = near[0]
        findings.append(Finding(
            f"TAG {code!r} is in no table; read {right}"
            + (f" ({row.title})" if (row := vocab.tag(right)) and row.title else ""),
            span,
            hint="check the tag against the TAGS list (5 FAH-3)",
            suggestion=right,
            fixes=(Fix(span, right, f"replace {code} with {right}", code),),
        ))
    return findings
