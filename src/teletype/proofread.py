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
* **The message number, three times** (TT333). The print header (``NC 2955693 STATE
  170194``), the MRN line and the station serial numbers (DE line, trailer) carry one
  number: the group that disagrees with the others is reported, the others are named as
  related locations.
* **The precedence, three times** (TT334). FL2, FL5 and the TO line's precedence word.
* **Misspelt DTG month** (TT250) and **misspelt precedence word** (TT251) where the parser
  could not read the group (``O 280245Z MYA 89`` is a TT101 for the grammar).

Every finding that can name a correction carries it as a :class:`~teletype.diagnostics.Fix`.
Edit distances are optimal-string-alignment distances (a swap of two adjacent letters is one
edit).
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from . import vocab
from .diagnostics import Fix, RelatedLocation, Severity
from .nodes import (
    Address,
    Precedence,
    RoutingLine,
    SsnLine,
    UnknownLine,
    Unparsed,
)
from .rules import Context, Finding, rule
from .source import Span

__all__ = [
    "closest",
    "edit_distance",
    "known_station_name",
    "originator_correction",
    "print_header_mrns",
    "station_name_suggestion",
]


# ---------------------------------------------------------------------------- edit distance


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap adjacent), capped:
    any distance above ``limit`` is returned as ``limit + 1``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[len(b)], limit + 1)


def _allowed(word: str) -> int:
    """Edits allowed for a word of this length: one, two from eight letters on."""
    return 2 if len(word) >= 8 else 1


def closest(word: str, candidates: Iterable[str], limit: int | None = None) -> list[str]:
    """The candidates nearest to ``word`` within ``limit`` edits (default by length), nearest
    first; an empty list when none is near or ``word`` is itself a candidate."""
    cap = _allowed(word) if limit is None else limit
    scored: list[tuple[int, str]] = []
    for cand in candidates:
        if cand == word:
            return []
        d = edit_distance(word, cand, cap)
        if d <= cap:
            scored.append((d, cand))
    if not scored:
        return []
    best = min(d for d, _ in scored)
    return sorted({c for d, c in scored if d == best})


# ---------------------------------------------------------------------------- station names


def _norm(name: str) -> str:
    """Upper case, words only, office symbols after ``/`` dropped."""
    head = re.split(r"/", name.upper(), maxsplit=1)[0]
    return " ".join(re.findall(r"[A-Z0-9.\-&']+", head)).strip(" .")


@dataclass(frozen=True, slots=True)
class _Names:
    by_name: dict[str, frozenset[str]]  # normalised name -> RIs
    words: frozenset[str]  # every word of every name
    # (number of words, position, the other words) -> names: the names one word differs in
    by_gap: dict[tuple[int, int, tuple[str, ...]], tuple[str, ...]]
    by_letters: dict[str, tuple[str, ...]]  # the name without spaces -> names


#: Names misspelt in ACP 117 (2010) that cables spell right: the right spelling is known too.
_TABLE_TYPOS = {"PRINSTINA": "PRISTINA", "VAOUNDE": "YAOUNDE"}


@functools.cache
def _names() -> _Names:
    by_name: dict[str, set[str]] = {}
    for station in vocab.table("stations"):
        for name in (station.name, *station.other_names):
            key = _norm(name)
            if key:
                by_name.setdefault(key, set()).add(station.ri)
                fixed = " ".join(_TABLE_TYPOS.get(w, w) for w in key.split())
                if fixed != key:
                    by_name.setdefault(fixed, set()).add(station.ri)
    for block in vocab.table("station_ranges"):
        key = _norm(block.name)
        if key:
            by_name.setdefault(key, set())
    words = frozenset(w for key in by_name for w in key.split())
    by_gap: dict[tuple[int, int, tuple[str, ...]], list[str]] = {}
    by_letters: dict[str, list[str]] = {}
    for key in by_name:
        parts = key.split()
        for i in range(len(parts)):
            by_gap.setdefault((len(parts), i, (*parts[:i], *parts[i + 1:])), []).append(key)
        by_letters.setdefault(key.replace(" ", ""), []).append(key)
    return _Names({k: frozenset(v) for k, v in by_name.items()}, words,
                  {k: tuple(v) for k, v in by_gap.items()},
                  {k: tuple(v) for k, v in by_letters.items()})


def known_station_name(name: str) -> bool:
    """Whether a plain-language address is a station name (or another name) of the tables."""
    return _norm(name) in _names().by_name


def _station_names(ri: str) -> list[str]:
    station = vocab.station(ri)
    if station is None:
        return []
    names = [_norm(n) for n in (station.name, *station.other_names) if _norm(n)]
    return names + [" ".join(_TABLE_TYPOS.get(w, w) for w in n.split()) for n in names
                    if any(w in _TABLE_TYPOS for w in n.split())]


def _ris_of(name: str) -> frozenset[str]:
    return _names().by_name.get(_norm(name), frozenset())


def station_name_suggestion(name: str, preferred: Iterable[str] = ()) -> list[str]:
    """Known station names one small edit from ``name``: the written name differs from each
    in one word (or in the split of two words), and that written word is no word of any
    station name. ``preferred`` names (those the routing indicators give) are tried first;
    an empty list when the name is known or nothing is near."""
    norm = _norm(name)
    names = _names()
    if not norm or norm in names.by_name:
        return []
    written = norm.split()
    unknown = [i for i, w in enumerate(written) if w not in names.words]
    if not unknown:
        return []
    preferred_norm = [p for p in (_norm(p) for p in preferred) if p]
    for pool in (preferred_norm, None):
        found = _near_names(written, unknown, pool)
        if found:
            return found
    return []


def _near_names(written: list[str], unknown: list[int], pool: list[str] | None) -> list[str]:
    names = _names()
    best: dict[str, int] = {}
    joined = " ".join(written)
    candidates: Iterable[str]
    if pool is not None:
        candidates = pool
    else:  # the names that differ in one of the unknown words, or in the spaces only
        n = len(written)
        candidates = [c for i in unknown
                      for c in names.by_gap.get((n, i, (*written[:i], *written[i + 1:])), ())]
        candidates += names.by_letters.get(joined.replace(" ", ""), ())
    for cand in candidates:
        words = cand.split()
        if len(words) == len(written):
            diff = [i for i, (a, b) in enumerate(zip(written, words, strict=True)) if a != b]
            if len(diff) != 1 or diff[0] not in unknown:
                continue
            i = diff[0]
            if len(words[i]) < 4 or not words[i].isalpha() or not written[i].isalpha():
                continue  # DOE/DOI/DOJ, J2/J5: short groups and office codes differ by design
            if len(words[i]) == 4 and len(written[i]) == 4 and sorted(words[i]) != sorted(
                    written[i]):
                continue  # one letter changed in a four-letter word: CIFA is no typo of CISA
            d = edit_distance(written[i], words[i], _allowed(words[i]))
            if d <= _allowed(words[i]):
                best[cand] = d
        elif abs(len(words) - len(written)) == 1 and len(joined) >= 8:
            # a space dropped or added (SECSTATEWASHDC is too far; SAN JOSE / SANJOSE is one)
            if joined.replace(" ", "") == cand.replace(" ", ""):
                best[cand] = 1
    if not best:
        return []
    low = min(best.values())
    return sorted(c for c, d in best.items() if d == low)


# ---------------------------------------------------------------------------- the header's facts


@dataclass(frozen=True, slots=True)
class _Addr:
    keyword: str  # FM, TO, INFO
    node: Address
    name: str  # the name as written (no RI prefix, precedence or MCN)
    span: Span  # the span of the name


@dataclass(frozen=True, slots=True)
class _Ri:
    code: str
    span: Span


@dataclass(frozen=True, slots=True)
class _Routing:
    """FL2 against the addresses, worked out once per cable."""

    fl2: tuple[_Ri, ...]
    addresses: tuple[_Addr, ...]
    # address -> its RIs by the tables (by the RI prefix when written)
    ris: dict[int, frozenset[str]]
    # FL2 RIs no addressee and not the originator claim (relays among them)
    unclaimed: tuple[_Ri, ...]
    # TO/INFO addresses whose RI is not in FL2
    missing: tuple[_Addr, ...]


_CACHE: weakref.WeakKeyDictionary[Context, _Routing] = weakref.WeakKeyDictionary()


def _name_span(ctx: Context, address: Address) -> Span:
    pos = address.raw.find(address.name)
    if pos < 0:
        return address.span
    start = address.span.start + pos
    return ctx.span(start, start + len(address.name.rstrip()))


def _addresses(ctx: Context) -> list[_Addr]:
    header = ctx.cable.header
    if header is None:
        return []
    out: list[_Addr] = []
    if header.from_ is not None:
        address = header.from_.address
        out.append(_Addr("FM", address, address.name, _name_span(ctx, address)))
    for keyword, items in (("TO", header.to), ("INFO", header.info)):
        for address in items:
            out.append(_Addr(keyword, address, address.name, _name_span(ctx, address)))
    return out


def _routing(ctx: Context) -> _Routing:
    found = _CACHE.get(ctx)
    if found is not None:
        return found
    header = ctx.cable.header
    fl2: list[_Ri] = _unparsed_fl2(ctx)
    if header is not None and not fl2:
        for line in header.routing:
            if isinstance(line, RoutingLine):
                fl2 += [_Ri(ri.code, ri.span) for ri in line.indicators]
                # groups where only an RI can stand that did not lex as one (ZUEHPE)
                fl2 += [_Ri(g.raw, g.span) for g in line.extra if _RI_LIKE.fullmatch(g.raw)]
    addresses = _addresses(ctx)
    ris: dict[int, frozenset[str]] = {}
    for a in addresses:
        if a.node.ri is not None:
            ris[id(a)] = frozenset({a.node.ri.code})
        else:
            ris[id(a)] = _ris_of(a.name)
    origin = _originator(ctx)
    claimed = {ri for a in addresses for ri in ris[id(a)]} | ({origin.code} if origin else set())
    unclaimed = tuple(r for r in fl2 if r.code not in claimed)
    codes = {r.code for r in fl2}
    missing = tuple(
        a for a in addresses
        if a.keyword != "FM" and ris[id(a)] and not ris[id(a)] & codes
    )
    if origin is not None and origin.code not in codes and vocab.station(origin.code):
        # the originator's RI on FL2 (the seed: OO RUEHC RUEHPE), mistyped there
        de_addr = _Addr("DE", Address(origin.code, origin.span, None, origin.code, None, None),
                        origin.code, origin.span)
        addresses_ris = {id(de_addr): frozenset({origin.code})}
        ris.update(addresses_ris)
        missing = (*missing, de_addr)
    result = _Routing(tuple(fl2), tuple(addresses), ris, unclaimed, missing)
    _CACHE[ctx] = result
    return result


_RI_LIKE = re.compile(r"[A-Z]{4,8}")
_DE_LIKE = re.compile(r"^[ \t]*DE[ \t]+([A-Z0-9]{3,10})[ \t]+#")


def _originator(ctx: Context) -> _Ri | None:
    """The DE line's RI, also from a DE line that did not parse (``DE HUEHC #0194``)."""
    de = ctx.de
    if de is not None and de.originator is not None:
        return _Ri(de.originator.code, de.originator.span)
    for node in ctx.cable.nodes:
        if isinstance(node, (UnknownLine, Unparsed)):
            match = _DE_LIKE.match(node.raw)
            if match:
                start = node.span.start + match.start(1)
                return _Ri(match.group(1), ctx.span(start, start + len(match.group(1))))
    return None


_FL2_LIKE = re.compile(r"^[ \t]*([ZOPRYW])\1((?:[ \t]+[A-Z0-9]{4,8})+)[ \t]*$")


def _unparsed_fl2(ctx: Context) -> list[_Ri]:
    """The RIs of an FL2 line right before the DE line that did not parse as one because an
    RI is mistyped (``OO UREHC RUEHPE``)."""
    nodes = ctx.cable.nodes
    de = ctx.de
    for i, node in enumerate(nodes):
        if node is de and i > 0 and isinstance(nodes[i - 1], (UnknownLine, Unparsed)):
            before = nodes[i - 1]
            line = before.raw.split("\n", 1)[0]
            match = _FL2_LIKE.match(line)
            if match is None:
                return []
            base = before.span.start + match.start(2)
            return [_Ri(g.group(), ctx.span(base + g.start(), base + g.end()))
                    for g in re.finditer(r"[A-Z0-9]{4,8}", match.group(2))]
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
def fl2_address_mismatch(ctx: Context) -> Iterator[Finding]:
    routing = _routing(ctx)
    if not routing.missing or not routing.unclaimed:
        return
    used: set[int] = set()
    # an RI of another station is a typo only when it is the one odd RI against the one
    # missing addressee (retransmissions list other posts' RIs in FL2, and RIs of the
    # tables are often one letter apart: RUEHC, RUEHBC)
    lone = len(routing.unclaimed) == 1 and len(routing.missing) == 1
    suspects = [ri for ri in routing.unclaimed if lone or vocab.station(ri.code) is None]
    for a in routing.missing if suspects else ():
        wanted = sorted(routing.ris[id(a)])
        for ri in suspects:
            near = closest(ri.code, wanted, 1) if id(ri) not in used else []
            if not near:
                continue
            used.add(id(ri))
            right = near[0]
            station = vocab.station(right)
            other = vocab.station(ri.code)
            yield Finding(
                f"FL2 routing indicator {ri.code}: "
                + (f"{other.name}, no addressee" if other else "no such station")
                + (f"; the originator (DE line at {_where(a.span)}) is {right}"
                   if a.keyword == "DE" else
                   f"; {a.keyword} {a.name} at {_where(a.span)} is {right}")
                + (f" = {station.name}" if station else "")
                + (", not in FL2" if a.keyword == "DE" else
                   " and has no routing indicator in FL2"),
                ri.span,
                hint="each addressee's routing indicator is in FL2; correct the RI (or the "
                     "address)",
                suggestion=right,
                fixes=(Fix(ri.span, right, f"replace {ri.code} with {right}", ri.code),),
                related=(RelatedLocation(a.span, f"{a.keyword} {a.name} ({right})"),),
            )
            break


def originator_correction(code: str, from_name: str) -> str | None:
    """The RI of the FM station one edit (same length) from a DE-line RI, if exactly one:
    ``originator_correction("RUEHX", "SECSTATE WASHDC")`` is ``RUEHC``."""
    # same length only: RUEHFRA (Paris, 2007) is no typo of RUEHFR but a newer RI
    near = [r for r in closest(code, sorted(_ris_of(from_name)), 1) if len(r) == len(code)]
    return near[0] if len(near) == 1 else None


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
def originator_ri_typo(ctx: Context) -> Iterator[Finding]:
    header = ctx.cable.header
    ri = _originator(ctx)
    if ctx.janap is not None or ri is None or header is None or header.from_ is None:
        return
    if vocab.station(ri.code) is not None:
        return  # another station: TT309
    name = header.from_.address.name
    right = originator_correction(ri.code, name)
    if right is None:
        return
    from_span = _name_span(ctx, header.from_.address)
    yield Finding(
        f"originating RI {ri.code}: no such station; FM {name} is {right}",
        ri.span,
        hint="the DE line's routing indicator is the originator's station",
        suggestion=right,
        fixes=(Fix(ri.span, right, f"replace {ri.code} with {right}", ri.code),),
        related=(RelatedLocation(from_span, f"FM {name} ({right})"),),
    )


# ---------------------------------------------------------------------------- TT332


def _preferred(ctx: Context, a: _Addr) -> tuple[list[str], str | None, Span | None]:
    """Names the RIs give for an address: (names, RI, span of the RI) - the RI prefix, the DE
    line for FM, else an FL2 RI that no addressee claims."""
    if a.node.ri is not None:
        return _station_names(a.node.ri.code), a.node.ri.code, a.node.ri.span
    if a.keyword == "FM":
        de = ctx.de
        if de is not None and de.originator is not None:
            code = de.originator.code
            return _station_names(code), code, de.originator.span
        return [], None, None
    routing = _routing(ctx)
    for ri in routing.unclaimed:
        names = _station_names(ri.code)
        if names and station_name_suggestion(a.name, names):
            return names, ri.code, ri.span
    return [], None, None


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
def address_spelling(ctx: Context) -> Iterator[Finding]:
    if ctx.janap is not None:
        return
    for a in _routing(ctx).addresses:
        names, ri, ri_span = _preferred(ctx, a)
        found = station_name_suggestion(a.name, names)
        if len(found) != 1:
            continue  # known, nothing near, or ambiguous
        right = found[0]
        written = _norm(a.name)
        if a.name.strip().upper() != written:
            continue  # punctuation or office symbols: no whole-name replacement
        via = ""
        if ri and right in names:
            if a.node.ri is not None:
                via = f"; its routing indicator {ri} is {right}"
            elif a.keyword == "FM":
                via = f"; the DE line's {ri} is {right}"
            else:
                via = f"; FL2 routes to {ri} = {right}"
        related = (RelatedLocation(ri_span, f"{ri} = {right}"),) if ri_span and via else ()
        yield Finding(
            f"{a.keyword} {a.name}: no such station{via or f'; did you mean {right}?'}",
            a.span,
            hint="correct the spelling of the address (station names: ACP 117)",
            suggestion=right,
            fixes=(Fix(a.span, right, f"replace {a.name!r} with {right!r}", a.name),),
            related=related,
        )


# ---------------------------------------------------------------------------- TT333

_NC = re.compile(r"^NC[ \t]+(\d{5,9})[ \t]+([A-Z][A-Z .]*?)[ \t]+([0-9]{2,7})[ \t]*$")


@dataclass(frozen=True, slots=True)
class _Number:
    what: str
    office: str | None
    serial: str  # digits
    span: Span  # of the serial
    office_span: Span | None


def print_header_mrns(ctx: Context) -> list[tuple[str, str, Span, Span]]:
    """MRNs of ``NC nnnnnnn OFFICE SERIAL`` print headers (State and CIA printouts of the
    1980s): (office, serial, span of the office, span of the serial)."""
    out = []
    for node in ctx.cable.nodes:
        if not isinstance(node, (UnknownLine, Unparsed)):
            continue
        line = node.raw.split("\n", 1)[0].rstrip()
        match = _NC.match(line.strip())
        if match is None:
            continue
        lead = len(line) - len(line.lstrip())
        base = node.span.start + lead
        out.append((match.group(2), match.group(3),
                    ctx.span(base + match.start(2), base + match.end(2)),
                    ctx.span(base + match.start(3), base + match.end(3))))
    return out


def _numbers(ctx: Context) -> tuple[list[_Number], _Number | None, list[_Number]]:
    """(print headers, the MRN line, station serial numbers)."""
    prints = [_Number("print header", office, serial, sspan, ospan)
              for office, serial, ospan, sspan in print_header_mrns(ctx)]
    mrn = ctx.mrn
    text: _Number | None = None
    if mrn is not None and mrn.serial.isdigit() and mrn.raw.endswith(mrn.serial):
        end = mrn.span.start + len(mrn.raw)
        text = _Number("MRN", mrn.office, mrn.serial, ctx.span(end - len(mrn.serial), end), None)
    ssns: list[_Number] = []
    de = ctx.de
    if de is not None and de.ssn is not None and de.ssn.number.isdigit():
        ssns.append(_Number("DE-line SSN", None, de.ssn.number, de.ssn.span, None))
    for node in ctx.cable.trailer:
        if isinstance(node, SsnLine) and node.ssn.number.isdigit():
            ssns.append(_Number("trailer SSN", None, node.ssn.number, node.ssn.span, None))
    return prints, text, ssns


def _spans_of(ctx: Context, serial: str, skip: tuple[Span, ...]) -> list[Span]:
    out = []
    for match in re.finditer(rf"(?<![0-9]){re.escape(serial)}(?![0-9])", ctx.text):
        if any(sp.start <= match.start() < sp.end for sp in skip):
            continue
        out.append(ctx.span(match.start(), match.end()))
    return out


def _elsewhere(ctx: Context, serial: str, skip: tuple[Span, ...]) -> int:
    """How often a serial is written outside the given spans."""
    return len(_spans_of(ctx, serial, skip))


def _last4(serial: str) -> str:
    return serial.zfill(4)[-4:]


@rule("TT333", "message-number-odd-one-out", Severity.WARNING,
      "One of the groups that carry the message number disagrees",
      description="The print header of State and CIA printouts (`NC 2955693 STATE "
      "170194`), the MRN line of the text (`STATE 170194`) and the station serial numbers "
      "(the DE line's `#0194`, the trailer's `#0194`, the last four digits of the MRN "
      "serial) carry one number. When one of them disagrees with the others it is reported "
      "with the others' value as its correction and the others as related locations; a "
      "print header that disagrees with the MRN line alone is reported against the MRN "
      "line. A trailer SSN that disagrees with the DE line and the MRN is reported too; an "
      "MRN line and a DE-line SSN that disagree with no print header to decide are TT301.",
      example_fail="NC 2955693 STATE 107194\nOO RUEHC RUEHPE\nDE RUEHC #0194 1480246\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\nBT\nSECRET STATE 170194\n",
      example_pass="NC 2955693 STATE 170194\nOO RUEHC RUEHPE\nDE RUEHC #0194 1480246\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\nBT\nSECRET STATE 170194\n",
      source="FORMAT.md §2.1 (print headers), §2.6, §2.11 X1",
      kind="cross-field")
def message_number_odd_one_out(ctx: Context) -> Iterator[Finding]:
    prints, text, ssns = _numbers(ctx)
    if text is None:
        return
    rel_text = RelatedLocation(text.span, f"MRN {text.office} {text.serial}")
    rel_ssn = tuple(RelatedLocation(s.span, f"{s.what} #{s.serial}") for s in ssns)
    serial = text.serial.lstrip("0")
    for p in prints:
        if p.office and text.office and " ".join(p.office.split()) != " ".join(
                text.office.upper().split()) and p.office_span is not None:
            yield Finding(
                f"print header office {p.office} does not match the MRN {text.office} "
                f"{text.serial} at {_where(text.span)}",
                p.office_span,
                hint="the print header repeats the MRN of the text",
                suggestion=text.office,
                fixes=(Fix(p.office_span, text.office, f"replace {p.office} with "
                           f"{text.office}", p.office),),
                related=(rel_text,),
            )
        if p.serial.lstrip("0") == serial:
            continue
        agree_text = [s for s in ssns if _last4(s.serial) == _last4(text.serial)]
        agree_print = [s for s in ssns if _last4(s.serial) == _last4(p.serial)]
        if agree_print == agree_text:
            # the SSNs cannot tell: the serial written elsewhere (a page head, the
            # printout's control block) decides
            seen_print = _elsewhere(ctx, p.serial, (p.span, text.span))
            seen_text = _elsewhere(ctx, text.serial, (p.span, text.span))
            if seen_print > seen_text:
                agree_text = []
                agree_print = [_Number("serial written", None, p.serial, span, None)
                               for span in _spans_of(ctx, p.serial, (p.span, text.span))]
        if agree_print and not agree_text:
            # the MRN line is the odd one out
            fixed = p.serial.zfill(len(text.serial)) if len(p.serial) < len(text.serial) \
                else p.serial
            yield Finding(
                f"MRN serial {text.serial} disagrees with the print header "
                f"({p.serial} at {_where(p.span)}) and the "
                + " and ".join(f"{s.what} #{s.serial}" if s.what.endswith("SSN")
                               else f"{s.what} at {_where(s.span)}" for s in agree_print),
                text.span,
                hint="the MRN line, the print header and the station serial number carry one "
                     "number; the MRN line is the one that differs",
                suggestion=fixed,
                fixes=(Fix(text.span, fixed, f"replace {text.serial} with {fixed}",
                           text.serial),),
                related=(RelatedLocation(p.span, f"print header {p.serial}"),
                         *(RelatedLocation(s.span, f"{s.what} {s.serial}")
                           for s in agree_print)),
            )
            continue
        fixed = text.serial.lstrip("0").zfill(len(p.serial)) if len(text.serial.lstrip(
            "0")) <= len(p.serial) else text.serial
        others = f"the MRN {text.office} {text.serial} at {_where(text.span)}"
        if agree_text:
            others += " and the " + " and ".join(f"{s.what} #{s.serial}" for s in agree_text)
        yield Finding(
            f"print header MRN serial {p.serial} disagrees with {others}",
            p.span,
            hint="the print header repeats the MRN of the text",
            suggestion=fixed,
            fixes=(Fix(p.span, fixed, f"replace {p.serial} with {fixed}", p.serial),),
            related=(rel_text, *(r for r, s in zip(rel_ssn, ssns, strict=True)
                                 if s in agree_text)),
        )
    # no print header disagreeing: a trailer SSN against the DE line and the MRN (an MRN
    # against a DE line is TT301, which names both)
    if any(p.serial.lstrip("0") != serial for p in prints) or len(ssns) < 2:
        return
    if ssns[0].what == "DE-line SSN" and _last4(ssns[0].serial) == _last4(text.serial):
        for s in ssns[1:]:
            if _last4(s.serial) == _last4(text.serial):
                continue
            fixed = _last4(text.serial)
            yield Finding(
                f"{s.what} #{s.serial} disagrees with the MRN {text.office} {text.serial} and "
                f"the {ssns[0].what} #{ssns[0].serial}",
                s.span,
                hint="the trailer repeats the station serial number of the DE line",
                suggestion=f"#{fixed}",
                fixes=(Fix(s.span, f"#{fixed}", f"replace #{s.serial} with #{fixed}",
                           ctx.text[s.span.start:s.span.end]),),
                related=(rel_text, rel_ssn[0]),
            )


# ---------------------------------------------------------------------------- TT334


def _prec_rank(prec: Precedence) -> tuple[int, str] | None:
    row = vocab.precedence((prec.letter or prec.word or "").strip())
    if row is None:
        return None
    letter = prec.letter or row.letter
    if letter is None:
        return None
    return row.rank, letter


_WORD_OF_LETTER = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}


@rule("TT334", "precedence-odd-one-out", Severity.WARNING,
      "FL5 precedence or TO-line precedence word disagrees with the other two",
      description="FL2 (`OO`), FL5 (`O 280245Z MAY 89`, the action precedence) and the "
      "precedence word of the TO addresses (`IMMEDIATE`) carry one fact. When FL2 and one of "
      "the others agree and the third differs, the third is reported with its correction "
      "and the two others as related locations. A different FL2 is TT307. Checked when every "
      "TO address with a word has the same one; NIACT IMMEDIATE counts as IMMEDIATE.",
      example_fail="OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nP 280245Z MAY 89\n"
      "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n",
      example_pass="OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nO 280245Z MAY 89\n"
      "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n",
      source="5 FAH-2 H-321.2; ACP 127(G) §151-152 (FORMAT.md §2.3, App. B 3.3); "
             "FORMAT.md §2.11 X5",
      kind="cross-field")
def precedence_odd_one_out(ctx: Context) -> Iterator[Finding]:
    fl2 = ctx.fl2
    line = ctx.dtg_line
    header = ctx.cable.header
    if not isinstance(fl2, RoutingLine) or line is None or header is None:
        return
    if not line.precedences or not header.to:
        return
    two = _prec_rank(fl2.prosign)
    five = _prec_rank(line.precedences[0])
    words = [a.precedence for a in header.to if a.precedence is not None]
    ranks = {r for r in (_prec_rank(w) for w in words) if r is not None}
    if two is None or five is None or len(ranks) != 1 or len(ranks) != len(
            {_prec_rank(w) for w in words}):
        return
    word_rank = ranks.pop()
    if five[0] == two[0] == word_rank[0] or two[0] not in (five[0], word_rank[0]):
        return
    rel_fl2 = RelatedLocation(fl2.prosign.span, f"FL2 {fl2.prosign.raw}")
    if five[0] != two[0]:
        prec = line.precedences[0]
        yield Finding(
            f"FL5 precedence {prec.raw} ({prec.word}) disagrees with FL2 {fl2.prosign.raw} and "
            f"the TO line's {words[0].raw}",
            prec.span,
            hint="the first FL5 letter is the action precedence, the TO addressees'",
            suggestion=two[1],
            fixes=(Fix(prec.span, two[1], f"replace {prec.raw} with {two[1]}", prec.raw),),
            related=(rel_fl2, *(RelatedLocation(w.span, f"TO {w.raw}") for w in words)),
        )
        return
    right = _WORD_OF_LETTER.get(two[1])
    for w in words:
        if right is None or (w.word or "").upper() == right or "NIACT" in w.raw.upper():
            continue
        yield Finding(
            f"TO precedence {w.raw} disagrees with FL2 {fl2.prosign.raw} and FL5 "
            f"{line.precedences[0].raw}",
            w.span,
            hint="the TO line's precedence word is the action precedence of FL2 and FL5",
            suggestion=right,
            fixes=(Fix(w.span, right, f"replace {w.raw} with {right}", w.raw),),
            related=(rel_fl2, RelatedLocation(line.precedences[0].span,
                                              f"FL5 {line.precedences[0].raw}")),
        )


# ---------------------------------------------------------------------------- TT250, TT251

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_NAMES = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST",
                "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", "SEPT")
_DTG_LIKE = re.compile(
    r"^[ \t]*(?:(?:TOR:?|[ZOPRYW])[ \t]+){0,3}([0-9]{2})[0-9OIlS]{4}[ \t]?Z[ \t]+"
    r"([A-Za-z]{2,10})[ \t]+(\d{2}|\d{4})[ \t]*$")


def month_correction(word: str, fits: Callable[[str], bool] | None = None) -> str | None:
    """The month a misspelt month group stands for (``MYA`` -> ``MAY``), else None. Of
    several months as near (``MA``: MAR, MAY) the one ``fits`` accepts, if only one."""
    up = word.upper()
    if up in _MONTHS or up in _MONTH_NAMES:
        return None
    if len(up) <= 4:
        same_letters = [m for m in _MONTHS if sorted(m) == sorted(up)]
        if len(same_letters) == 1:
            return same_letters[0]
        near = closest(up, _MONTHS, 1)
    else:
        cut = {m[:3] for m in _MONTH_NAMES if m.startswith(up)}  # DECEM, cut off by OCR
        near = sorted(cut) if cut else [m for m in closest(up, _MONTH_NAMES, 2)]
    if len(near) > 1 and fits is not None:
        near = [m for m in near if fits(m)]
    return near[0] if len(near) == 1 else None


def _fits_filing(ctx: Context, day: int, year: str) -> Callable[[str], bool]:
    """Whether a month makes the DTG's day the DE line's Julian day (or the day before)."""
    de = ctx.de
    filing = de.filing if de is not None else None

    def fits(month: str) -> bool:
        if filing is None or filing.day_of_year is None:
            return False
        number = _MONTHS.index(month[:3]) + 1
        full = int(year) if len(year) == 4 else 1900 + int(year) + (100 if int(year) < 50 else 0)
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
def misspelt_dtg_month(ctx: Context) -> Iterator[Finding]:
    for node in ctx.cable.nodes:
        if not isinstance(node, (UnknownLine, Unparsed)):
            continue
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
            yield Finding(
                f"month {month!r} of the date-time group is misspelt; read {right}",
                span,
                hint="the month is its first three letters: JAN FEB MAR APR MAY JUN JUL AUG "
                     "SEP OCT NOV DEC",
                suggestion=right,
                fixes=(Fix(span, right, f"replace {month} with {right}", month),),
            )


def _lines(raw: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in raw.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


_PRECEDENCE_WORDS = ("IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH", "NIACT")


def precedence_word_correction(word: str) -> str | None:
    """The precedence word a misspelt one stands for (``IMMEDAITE``), else None."""
    up = word.upper()
    if len(up) < 4 or up in _PRECEDENCE_WORDS or up in _names().words:
        return None
    near = closest(up, _PRECEDENCE_WORDS, 2 if len(up) >= 7 else 1)
    return near[0] if len(near) == 1 else None


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
def misspelt_precedence_word(ctx: Context) -> Iterator[Finding]:
    header = ctx.cable.header
    if header is None:
        return
    for keyword, items in (("TO", header.to), ("INFO", header.info)):
        for address in items:
            words = address.name.split()
            if len(words) < 2:
                continue
            right = precedence_word_correction(words[-1])
            if right is None:
                continue
            pos = address.raw.rfind(words[-1])
            start = address.span.start + pos
            span = ctx.span(start, start + len(words[-1]))
            yield Finding(
                f"{words[-1]!r} after {keyword} {' '.join(words[:-1])} is a misspelt "
                f"precedence word; read {right}",
                span,
                hint="precedence words: FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE",
                suggestion=right,
                fixes=(Fix(span, right, f"replace {words[-1]} with {right}", words[-1]),),
            )
