"""Field decoders: pure functions from AST nodes to typed, plain-language values.

Every decoder takes a node (or the text of one group) and returns ``(value, diagnostics)``:
a frozen dataclass with the decoded meaning, and a tuple of :class:`~teletype.Diagnostic`
for what could not be decoded. Nothing is guessed: a code missing from the tables of
:mod:`teletype.vocab` is returned as unknown (``known=False``, meaning ``None``) with a
diagnostic, and text that fits no known form is kept as text.

The decoders do not add their diagnostics to ``Cable.diagnostics``; ``teletype decode``
(:mod:`teletype.explain`) shows them beside the lines they concern.

==========================  =============================================================
decoder                     decodes
==========================  =============================================================
:func:`decode_dtg`          DTG -> UTC datetime (two-digit years in a pivot window)
:func:`decode_filing`       DE-line Julian day + time -> datetime in the DTG's year
:func:`decode_ri`           routing indicator -> station and its ACP 121 structure
:func:`decode_precedence`   FL2 prosign, FL5 letter or TO/INFO word -> precedence
:func:`decode_security`     FL4 line or group -> classification (composite forms too)
:func:`decode_signal`       operating signal (``ZZH``, ``ZFF4``) -> meaning
:func:`decode_caption`      caption line -> kind, restrictiveness, meaning
:func:`decode_eo`           E.O. line -> order + declassification instruction
:func:`decode_tags`         TAGS line -> typed tags
:func:`decode_references`   REF block -> references (MRN, bullet, captions, text)
:func:`decode_mrn`          MRN -> office, serial, year, reference id
:func:`reference_id`        MRN (+ year) -> ``89STATE170194``
==========================  =============================================================
"""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import date, datetime
from typing import Any, Final

from . import decode, vocab
from .diagnostics import Diagnostic, Rule, Severity, make, register
from .nodes import (
    Address,
    Caption,
    Classification,
    DateTimeGroup,
    EoLine,
    FilingTime,
    MessageNumber,
    OperatingSignal,
    Precedence,
    Reference,
    ReferenceBlock,
    RoutingIndicator,
    SecurityGroup,
    SecurityLine,
    Tag,
    TagsLine,
)
from .source import Span

__all__ = [
    "DecodedAddress",
    "DecodedCaption",
    "DecodedClassification",
    "DecodedDeclassification",
    "DecodedDtg",
    "DecodedEo",
    "DecodedFiling",
    "DecodedMrn",
    "DecodedPrecedence",
    "DecodedReference",
    "DecodedRi",
    "DecodedSecurity",
    "DecodedSignal",
    "DecodedTag",
    "Diagnostics",
    "as_json",
    "decode_address",
    "decode_caption",
    "decode_classification",
    "decode_declassification",
    "decode_dtg",
    "decode_eo",
    "decode_filing",
    "decode_mrn",
    "decode_precedence",
    "decode_reference",
    "decode_references",
    "decode_ri",
    "decode_security",
    "decode_security_group",
    "decode_signal",
    "decode_tag",
    "decode_tags",
    "parse_date",
    "reference_id",
]

Diagnostics = tuple[Diagnostic, ...]
DEFAULT_PIVOT: Final = decode.DEFAULT_PIVOT

# ------------------------------------------------------------------ diagnostic codes

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

for _rule in (
    Rule("TT210", "unknown-routing-indicator", _I, "Routing indicator not in the station tables",
         "The routing indicator is not in ACP 117 (2010) nor among the RIs seen in the corpus. "
         "Its structure (network, nation, relay) is still decoded, and when its first four "
         "letters are a listed relay or RI block, that is named; the station itself is left "
         "unknown.",
         "RR RUEHWEB", "RR RUEHPE", "FORMAT.md §2.4; ACP 127(G) §204.a"),
    Rule("TT211", "malformed-routing-indicator", _I, "Routing indicator of an unexpected form",
         "A routing indicator is 4-7 letters starting with R or Q (ACP 121; 5 FAH-2 H-231 says "
         "five to eight). Other forms are usually OCR damage or a merged group.",
         "DE RU3HC #0194 1480246", "DE RUEHC #0194 1480246", "FORMAT.md §2.4"),
    Rule("TT212", "unknown-precedence", _W, "Precedence not in the tables",
         "A precedence prosign, letter or word that is none of Z, O, P, R, Y, W, FLASH, NIACT "
         "IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE, NIACT, CRITIC.",
         "TO AMEMBASSY LIMA PIORITY", "TO AMEMBASSY LIMA PRIORITY",
         "ACP 127(G) §150-151; FORMAT.md §2.3"),
    Rule("TT213", "unknown-security-group", _W, "FL4 security group not in the tables",
         "The five-letter group after ZNR/ZNY is neither a classification letter repeated five "
         "times (UUUUU, EEEEE, RRRRR, CCCCC, SSSSS, TTTTT) nor a composite group with a known "
         "release letter (UUUAA).", "ZNY SSCSS ZZH", "ZNY SSSSS ZZH",
         "ACP 127(G) §124.b, §203.a; FORMAT.md §2.5"),
    Rule("TT214", "security-signal-mismatch", _I, "ZNR/ZNY does not go with the security group",
         "ACP 127(G) pairs ZNR with UUUUU (unclassified, may go over non-approved circuits) and "
         "ZNY with the classified groups. ZNY UUUUU (UNCLAS SVC) is reported from a low-"
         "authority source, so this is informational.", "ZNR SSSSS", "ZNY SSSSS",
         "ACP 127(G) §124.b, §203.a; FORMAT.md §2.5"),
    Rule("TT215", "unknown-operating-signal", _I, "Operating signal not in the tables",
         "A Z operating signal that neither ACP 127(G) nor the other sources name. Signals they "
         "name without a meaning are decoded as 'meaning unknown' without this diagnostic.",
         "ZNY CCCCC ZQQ", "ZNY CCCCC ZZH", "ACP 127(G) §135; FORMAT.md §2.7"),
    Rule("TT216", "unknown-caption", _I, "Caption not in the tables",
         "A caption or handling marker line that is not in the caption table (5 FAH-2 H-250, "
         "H-442 and the captions observed in the corpus).", "EXDISS", "EXDIS",
         "FORMAT.md §2.9"),
    Rule("TT217", "unknown-executive-order", _W, "Executive order not in the tables",
         "The E.O. line names an order other than 11652, 12065, 12356, 12958 (as amended) or "
         "13526.", "E.O. 12385: DECL: OADR", "E.O. 12356: DECL: OADR", "FORMAT.md §2.10"),
    Rule("TT218", "undecodable-declassification", _W,
         "Declassification instruction of no known form",
         "The text after the order number is none of the forms of FORMAT.md §2.10 (GDS, "
         "XGDS-n, ADS, RDS-n, XDS-n, OADR, a date, X1-X8, 25Xn, N/A, a retroactive "
         "DECLASSIFIED line). It is kept as text.", "E.O. 12958: DECL: MR",
         "E.O. 12958: DECL: 01/08/2018", "FORMAT.md §2.10"),
    Rule("TT219", "invalid-declassification-date", _W, "Declassification date is not a real date",
         "The date of a declassification instruction names a month or day that does not exist.",
         "E.O. 12958: DECL: 13/45/2019", "E.O. 12958: DECL: 01/08/2018", "FORMAT.md §2.10"),
    Rule("TT220", "incomplete-dtg", _I, "Date-time group without month or year",
         "The DTG gives day and time but no month or year (ACP 127(G) §113 makes the year "
         "optional), so it names no instant by itself.", "O 280245Z", "O 280245Z MAY 89",
         "ACP 127(G) §113; FORMAT.md App. B 3.7"),
    Rule("TT221", "filing-year-rollover", _I,
         "Filing time falls in the year before or after the DTG",
         "The DE line gives only a Julian day. A day 001 filing of a 31 Dec DTG is taken in the "
         "next year, a day 365/366 filing of a 1 Jan DTG in the year before.",
         "DE RUEHC #0001 0010002 / O 312359Z DEC 09", "DE RUEHC #0194 1480246 / O 280245Z MAY 89",
         "ACP 127(G) §115; FORMAT.md §2.11 X2"),
    Rule("TT222", "unknown-tag", _W, "TAG not in the tables",
         "A TAGS entry that no source knows (5 FAH-3, NARA, the 1974 handbook, FIPS 10-4, "
         "PlusD, cablemap's lists, TAGS lines of real cables). It is shown as unknown, with "
         "the form it has (four letters: subject or K program tag; two letters: geographic); "
         "where it has such a form the diagnostic is info only, since the sources are "
         "incomplete, and a warning otherwise.", "TAGS: PGOV, ITALY",
         "TAGS: PGOV, PE", "FORMAT.md §2.9; 1974STATE150591; docs/vocabularies.md"),
    Rule("TT223", "tag-name-missing", _I, "Person tag without a name",
         "OVIP, OREP, OTRA, OCON and OEXC 'MUST BE USED WITH THE NAME OF THE SUBJECT "
         "INDIVIDUAL', in parentheses after the tag.", "TAGS: OVIP, IS",
         "TAGS: OVIP (VANCE, CYRUS) IS", "1974STATE150591; FORMAT.md §2.9"),
    Rule("TT224", "tag-name-unexpected", _I, "Name in parentheses after a tag that takes none",
         "Only person tags (OVIP, OREP, OTRA, OCON, OEXC) carry a name; the 1974 handbook lists "
         "other parenthesised text on the TAGS line as a typing error (its own example puts "
         "the names after a geographic tag: OVIP UR (KOSYGIN, ALEKSEY N)).",
         "TAGS: PGOV (SMITH, JOHN)", "TAGS: OVIP (SMITH, JOHN)", "FORMAT.md App. B 3.10"),
    Rule("TT225", "mrn-serial-not-numeric", _I,
         "Message reference number with a non-numeric serial",
         "The serial of an MRN should be digits (OCR letters O, I, l, S are read as digits). "
         "No reference id is derived from it.", "REF: MADRID SP 0307", "REF: MADRID 0307",
         "FORMAT.md §2.6"),
):
    register(_rule)


# ------------------------------------------------------------------ JSON


def as_json(value: Any) -> Any:
    """A decoded value as JSON-ready data: dataclasses become dicts, datetimes ISO text
    (``2009-12-31T23:58:00Z``), dates ``YYYY-MM-DD``, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [as_json(v) for v in value]
    if isinstance(value, Diagnostic):
        return value.to_dict()
    return value


def _diag(code: str, message: str, span: Span | None, **kw: Any) -> Diagnostic:
    return make(code, message, span, **kw)


# ------------------------------------------------------------------ DTG and filing time


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedDtg:
    """A date-time group. ``year_written`` is the year as written (``"89"``);
    ``century_inferred`` is True when two digits were expanded with ``pivot``."""

    raw: str
    value: datetime | None
    day: int | None
    hour: int | None
    minute: int | None
    month: int | None
    year: int | None
    year_written: str | None
    century_inferred: bool
    pivot: int


_YEAR_AT_END = re.compile(r"[A-Za-z]\.?\s*['’]?([0-9OIlS]{2}|[0-9OIlS]{4})\s*$")


def decode_dtg(node: DateTimeGroup, *, pivot: int = DEFAULT_PIVOT
               ) -> tuple[DecodedDtg, Diagnostics]:
    """Decode a DTG (``280245Z MAY 89``) to a UTC datetime.

    A two-digit year is placed in the hundred years starting at ``pivot`` (default 1960:
    ``60``-``99`` are 1960-1999, ``00``-``59`` 2000-2059). ACP 127(G) §113 reads ``06``-``99``
    as 1906-1999 until 2005; cables begin in the 1960s, so the window starts there.
    """
    diags: list[Diagnostic] = []
    written: str | None = None
    match = _YEAR_AT_END.search(node.raw)
    if match is not None and node.month is not None:
        written = match.group(1)
    year = decode.expand_year(decode.fix_digits(written), pivot) if written else node.year
    inferred = written is not None and len(written) == 2
    value = decode.dtg_value(node.day, node.hour, node.minute, node.month, year)
    if value is None and None not in (node.day, node.hour, node.minute, node.month, year):
        diags.append(_diag("TT201", f"date-time group {node.raw!r} is not a real date and time",
                           node.span))
    elif node.month is None or year is None:
        missing = "month and year" if node.month is None else "year"
        diags.append(_diag("TT220", f"date-time group {node.raw!r} has no {missing}", node.span))
    return DecodedDtg(node.raw, value, node.day, node.hour, node.minute, node.month, year,
                      written, inferred, pivot), tuple(diags)


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
    1 Jan DTG to the year before (see :func:`teletype.decode.filed_datetime`). Without a DTG
    the value is None.
    """
    diags: list[Diagnostic] = []
    day, hour, minute = node.day_of_year, node.hour, node.minute
    if day is not None and hour is not None and minute is not None and not (
        1 <= day <= 366 and hour < 24 and minute < 60
    ):
        diags.append(_diag("TT202", f"filing time {node.raw!r} is not a Julian day (001-366) "
                           "and HHMM", node.span))
    value = decode.filed_datetime(day, hour, minute, dtg)
    rollover = value.year - dtg.year if value is not None and dtg is not None else 0
    if rollover and value is not None and dtg is not None:
        diags.append(_diag(
            "TT221",
            f"filing day {day:03d} read as {value:%d %b %Y}, the year "
            f"{'after' if rollover > 0 else 'before'} the DTG ({dtg:%d %b %Y})",
            node.span,
        ))
    return DecodedFiling(node.raw, day, hour, minute, value, rollover), tuple(diags)


# ------------------------------------------------------------------ routing indicators


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedRi:
    """A routing indicator (ACP 121 plan, FORMAT.md §2.4).

    ``match`` says how the station was found: ``"station"`` (listed in ACP 117 or seen in
    the corpus), ``"gateway"`` (a DMS MFI or the MCS: the real addressee follows in the
    address), ``"block"`` (inside an ACP 117 ``X THRU Y`` block), ``"relay"`` (not listed,
    but its first four letters are: ``relay``/``relay_name`` name that station, the relay or
    RI block that serves it; ``station`` stays None) or ``"unknown"``.

    Structure: ``network`` (1st letter R/Q), ``nation`` (2nd), ``area`` (3rd letter; no
    source gives the area names), ``relay`` (first four letters, when listed) and
    ``tributary`` (letters after the fourth). ``kind`` is the station's kind (post,
    collective, agency, military unit, gateway, relay; see ``vocab.STATION_KINDS``);
    ``observed`` says where the corpus shows an RI that no source explains.
    """

    code: str
    station: str | None
    other_names: tuple[str, ...]
    match: str
    relay: str | None
    relay_name: str | None
    network: str | None
    nation: str | None
    area: str | None
    tributary: str
    well_formed: bool
    source: str | None
    kind: str | None = None
    observed: str | None = None

    @property
    def known(self) -> bool:
        return self.station is not None

    @property
    def is_gateway(self) -> bool:
        """A DMS MFI or MCS gateway (ACP 117 §7.a): the real addressee follows in the
        address, so the RI names no station of its own."""
        return self.kind == "gateway"


_RI_FORM = re.compile(r"[RQ][A-Z]{3,7}")


def decode_ri(ri: RoutingIndicator | str, span: Span | None = None
              ) -> tuple[DecodedRi, Diagnostics]:
    """Decode a routing indicator: ``RUEHPE`` -> AMEMBASSY LIMA, R worldwide tape relay
    network, U United States, area E, relay RUEH (RGN RELAY FACILITY BELTSVILLE MD)."""
    if isinstance(ri, RoutingIndicator):
        code, span = ri.code, ri.span
    else:
        code = ri
    code = code.strip().upper().rstrip("/")
    diags: list[Diagnostic] = []
    well_formed = bool(_RI_FORM.fullmatch(code))
    if not well_formed:
        diags.append(_diag("TT211", f"routing indicator {code!r} is not 4-8 letters starting "
                           "with R or Q", span))
    found = vocab.station(code)
    relay_row = vocab.station(code[:4]) if len(code) > 4 else None
    if found is not None and found.kind == "gateway":
        match = "gateway"
    elif found is not None:
        match = "station" if code in _listed() else "block"
    elif relay_row is not None and well_formed:
        match = "relay"
    else:
        match = "unknown"
    if found is None:
        if match == "relay" and relay_row is not None:
            message = (f"routing indicator {code} is not in the station tables; it falls under "
                       f"{relay_row.ri} ({relay_row.name})")
        else:
            message = f"routing indicator {code} is not in the station tables"
        diags.append(_diag("TT210", message, span))
    network = vocab.ri_letter(1, code[:1]) if code else None
    nation = vocab.ri_letter(2, code[1:2]) if len(code) > 1 else None
    return DecodedRi(
        code=code,
        station=found.name if found else None,
        other_names=found.other_names if found else (),
        match=match,
        relay=relay_row.ri if relay_row else None,
        relay_name=relay_row.name if relay_row else None,
        network=network.meaning if network else None,
        nation=nation.meaning if nation else None,
        area=code[2:3] or None,
        tributary=code[4:],
        well_formed=well_formed,
        source=found.source if found else (relay_row.source if relay_row else None),
        kind=found.kind if found else None,
        observed=_observed(code) if found is None else None,
    ), tuple(diags)


def _observed(code: str) -> str | None:
    """What the corpus shows of an RI no source explains ("FL2 234x, e.g. ...")."""
    seen = vocab.unexplained_ri(code)
    if seen is None:
        return None
    counts = ", ".join(f"{s.split()[0]} line {s.split()[1]}x" for s in seen.seen)
    return f"seen in cables only: {counts} (e.g. {seen.example})"


@functools.cache
def _listed() -> frozenset[str]:
    """RIs listed one by one (the rest of what vocab.station finds lies in a block)."""
    return frozenset(s.ri for s in vocab.table("stations"))


# ------------------------------------------------------------------ precedence


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedPrecedence:
    """A precedence: prosign (``OO``), letter (``O``) or word (``NIACT IMMEDIATE``)."""

    raw: str
    letter: str | None
    word: str | None
    rank: int | None
    known: bool
    source: str | None


def decode_precedence(node: Precedence | str, span: Span | None = None
                      ) -> tuple[DecodedPrecedence, Diagnostics]:
    """``OO``/``O``/``IMMEDIATE`` -> IMMEDIATE (letter O, rank 3); ``NIACT IMMEDIATE`` ->
    letter O, rank 3. Unknown -> ``known=False`` and TT212."""
    if isinstance(node, Precedence):
        raw, span = node.raw, node.span
        keys = [node.raw, node.word or "", node.letter or ""]
    else:
        raw = node
        keys = [node]
    row = next((r for r in (vocab.precedence(k) for k in keys if k.strip()) if r), None)
    if row is None:
        return (DecodedPrecedence(raw, None, None, None, False, None),
                (_diag("TT212", f"precedence {raw.strip()!r} is not in the tables", span),))
    return DecodedPrecedence(raw, row.letter, row.word, row.rank, True, row.source), ()


# ------------------------------------------------------------------ security line, signals


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedSignal:
    """An operating signal; ``meaning`` None = no source gives one (``known`` says whether
    the code is in the tables at all)."""

    raw: str
    code: str
    numeral: str | None
    meaning: str | None
    known: bool
    source: str | None


def decode_signal(node: OperatingSignal | str, span: Span | None = None
                  ) -> tuple[DecodedSignal, Diagnostics]:
    """``ZZH`` -> "from Department of State offices"; ``ZFF4`` -> ZFF with numeral 4."""
    if isinstance(node, OperatingSignal):
        raw, span = node.raw, node.span
    else:
        raw = node
    row = vocab.operating_signal(raw)
    if row is None:
        return (DecodedSignal(raw, raw.strip().upper(), None, None, False, None),
                (_diag("TT215", f"operating signal {raw.strip()!r} is not in the tables",
                       span),))
    return DecodedSignal(raw, row.code, row.numeral, row.meaning, True, row.source), ()


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedSecurity:
    """An FL4 security line or group: ``ZNY SSSSS`` -> SECRET; ``UUUAA`` -> UNCLASSIFIED,
    releasable code A (Australia)."""

    raw: str
    signal: str | None
    signal_meaning: str | None
    code: str | None
    classification: str | None
    release_letter: str | None
    release: str | None
    known: bool
    signals: tuple[DecodedSignal, ...]
    source: str | None


def decode_security_group(node: SecurityGroup | str, span: Span | None = None,
                          signal: str | None = None) -> tuple[DecodedSecurity, Diagnostics]:
    """Decode a five-letter FL4 group, plain (``SSSSS``) or composite (``UUUAA``)."""
    if isinstance(node, SecurityGroup):
        raw, span, code = node.raw, node.span, node.code
    else:
        raw, code = node, "".join(node.split()).upper()
    diags: list[Diagnostic] = []
    found = vocab.decode_security_group(code)
    sig_row = vocab.prosign(signal) if signal else None
    if found is None:
        diags.append(_diag("TT213", f"security group {raw.strip()!r} is not in the tables", span))
        return DecodedSecurity(raw, signal, sig_row.meaning if sig_row else None, code, None,
                               None, None, False, (), None), tuple(diags)
    group, release = found
    if signal and group.operating_signal and signal.upper() != group.operating_signal:
        diags.append(_diag("TT214", f"{signal} with {group.code} ({group.classification}); "
                           f"ACP 127(G) pairs {group.code} with {group.operating_signal}", span))
    return DecodedSecurity(
        raw, signal, sig_row.meaning if sig_row else None, code, group.classification,
        release.letter if release else None, release.meaning if release else None, True, (),
        group.source,
    ), tuple(diags)


def decode_security(node: SecurityLine) -> tuple[DecodedSecurity, Diagnostics]:
    """Decode a whole FL4 line: ``ZNY SSSSS ZOC STATE ZZH`` -> SECRET, signals ZOC, ZZH."""
    diags: list[Diagnostic] = []
    signals = []
    for sig in node.signals:
        decoded, found = decode_signal(sig)
        signals.append(decoded)
        diags.extend(found)
    if node.group is None:
        sig_row = vocab.prosign(node.signal)
        return DecodedSecurity(node.raw.strip(), node.signal,
                               sig_row.meaning if sig_row else None, None,
                               None, None, None, False, tuple(signals), None), tuple(diags)
    group, found = decode_security_group(node.group, signal=node.signal)
    return (dataclasses.replace(group, raw=node.raw.strip(), signals=tuple(signals)),
            found + tuple(diags))


# ------------------------------------------------------------------ classification, captions


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedClassification:
    raw: str
    level: str
    qualifier: str | None
    rank: int | None


def decode_classification(node: Classification) -> tuple[DecodedClassification, Diagnostics]:
    """``C O N F I D E N T I A L`` -> CONFIDENTIAL (rank 2 of 0-4)."""
    rank = vocab.CLASSIFICATION_RANK.get(node.level)
    return DecodedClassification(node.raw, node.level, node.qualifier, rank), ()


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedCaption:
    """A caption line; ``caption`` is the table entry it matched (``FOR <ADDRESSEE> ONLY``)."""

    text: str
    caption: str | None
    kind: str | None
    restrictiveness: int | None
    meaning: str | None
    known: bool
    source: str | None


def decode_caption(node: Caption | str, span: Span | None = None
                   ) -> tuple[DecodedCaption, Diagnostics]:
    if isinstance(node, Caption):
        text, span = node.name, node.span
    else:
        text = node
    row = vocab.caption(text)
    if row is None:
        return (DecodedCaption(text, None, None, None, None, False, None),
                (_diag("TT216", f"caption {text!r} is not in the tables", span),))
    return DecodedCaption(text, row.caption, row.kind, row.restrictiveness, row.meaning, True,
                          row.source), ()


# ------------------------------------------------------------------ E.O. line


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedDeclassification:
    """A declassification instruction of an E.O. line.

    ``kind`` is one of ``GDS``, ``ADS``, ``XGDS``, ``RDS``, ``XDS``, ``OADR``, ``DATE``,
    ``X`` (E.O. 12958 exemptions X1-X8), ``25X`` (E.O. 13526 exemptions), ``N/A``,
    ``DECLASSIFIED`` (a retroactive release line), ``TEXT`` (no known form: kept as text)
    and ``NONE`` (no instruction on the line). ``date`` is the date it names, ``date_iso``
    the same in ISO form (``1999-05`` when only month and year are given); ``number`` the
    category of XGDS-n, RDS-n, XDS-n; ``exemptions`` the X/25X codes; ``event`` a
    declassification event in words (ADS, XGDS); ``classifier`` and ``office`` the
    ``(NAME) OFFICE`` tail of E.O. 12065 lines; ``by`` who declassified (``NARA``).
    """

    kind: str
    text: str
    meaning: str
    date: date | None
    date_iso: str | None
    number: int | None
    exemptions: tuple[str, ...]
    event: str | None
    classifier: str | None
    office: str | None
    by: str | None
    amended: bool


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedEo:
    """An E.O. line. ``order`` is the table key (``12958-AMENDED``) of the order as
    written (``order_written``); ``amended_from_date`` is True when E.O. 12958 is read as
    amended by E.O. 13292 because the cable's DTG is on or after 25 Mar 2003 (the line reads
    the same before and after)."""

    raw: str
    order_written: str
    order: str | None
    title: str | None
    in_force_from: date | None
    in_force_to: date | None
    amended_from_date: bool
    known: bool
    declassification: DecodedDeclassification


_MONTH_NAMES: Final = (
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER",
    "OCTOBER", "NOVEMBER", "DECEMBER",
)


def _month(word: str) -> int | None:
    """``JUN``, ``JUNE``, ``SEPT`` -> month number; None for other words."""
    word = word.upper().rstrip(".")
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(_MONTH_NAMES, 1) if name.startswith(word)), None)


_D = r"[0-9OIl]"
_DATE_FORMS: Final = (
    ("ymd", re.compile(rf"\(?({_D}{{4}})[/.-]({_D}{{1,2}})[/.-]({_D}{{1,2}})\)?")),
    ("mdy", re.compile(rf"\(?({_D}{{1,2}})[/.-]({_D}{{1,2}})[/.-]({_D}{{4}}|{_D}{{2}})\)?")),
    ("Mdy", re.compile(r"([A-Z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")),
    ("dMy", re.compile(r"(\d{1,2})\s+([A-Z]{3,9})\.?,?\s+(\d{4}|\d{2})")),
    ("My", re.compile(r"([A-Z]{3,9})\.?,?\s+(\d{4})")),
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Date:
    value: date | None
    iso: str | None
    end: int
    valid: bool


def _date_at(text: str, pos: int, pivot: int) -> _Date | None:
    """A date starting at ``pos`` of ``text`` (upper case), or None."""
    for form, regex in _DATE_FORMS:
        m = regex.match(text, pos)
        if m is None:
            continue
        end = m.end()
        if end < len(text) and text[end].isalnum():
            continue
        groups = [decode.fix_digits(g) if form in ("ymd", "mdy") else g for g in m.groups()]
        if form == "ymd":
            y, mo, d = int(groups[0]), int(groups[1]), int(groups[2])
        elif form == "mdy":
            mo, d = int(groups[0]), int(groups[1])
            y = decode.expand_year(groups[2], pivot) or 0
        elif form == "Mdy":
            month = _month(groups[0])
            if month is None:
                continue
            mo, d, y = month, int(groups[1]), int(groups[2])
        elif form == "dMy":
            month = _month(groups[1])
            if month is None:
                continue
            d, mo, y = int(groups[0]), month, decode.expand_year(groups[2], pivot) or 0
        else:
            month = _month(groups[0])
            if month is None:
                continue
            return _Date(None, f"{int(groups[1]):04d}-{month:02d}", end, True)
        try:
            value = date(y, mo, d)
        except ValueError:
            return _Date(None, None, end, False)
        return _Date(value, value.isoformat(), end, True)
    return None


def parse_date(text: str, *, pivot: int = DEFAULT_PIVOT) -> tuple[date | None, str | None]:
    """A declassification date in any of the written forms, as (date, ISO text).

    ``01/08/2018``, ``3/7/2019``, ``11/27/26`` (two-digit year in the pivot window),
    ``2019/11/20``, ``2019-02-12``, ``12-31-74``, ``JUNE 21, 2006``, ``19 NOVEMBER 1977``;
    ``MAY 1999`` gives (None, ``"1999-05"``). (None, None) when the text is no date.
    """
    norm = " ".join(text.upper().split())
    found = _date_at(norm, 0, pivot)
    if found is None or found.end != len(norm.rstrip(" .,;")):
        return None, None
    return found.value, found.iso


_FORM_MEANINGS: Final = {
    "GDS": "General Declassification Schedule",
    "ADS": "Accelerated Declassification Schedule",
    "OADR": "originating agency's determination required",
    "N/A": "not applicable (the cable is unclassified or LIMITED OFFICIAL USE)",
}
#: Stripped from the end of an instruction (str.rstrip: a regex ``[...]+$`` is quadratic on a
#: long run of these characters followed by something else).
_TRAILING_JUNK = " .,;:\\\"'_=-"
_KEYWORD = re.compile(r"(?:DECL(?:AS(?:SIFY)?)?|DECLASSIFY)\b\.?(?:\s+ON\b)?\s*:?\s*")
_CLASSIFIER = re.compile(r"\(([^()]+)\)\s*([A-Z][A-Z0-9/-]*)?$")
_EXEMPTIONS = re.compile(r"((?:25)?X\d)((?:\s*(?:(?:[,;/&]|AND)\s*)?(?:25)?X\d)*)")


def decode_declassification(
    text: str | None, *, pivot: int = DEFAULT_PIVOT, span: Span | None = None
) -> tuple[DecodedDeclassification, Diagnostics]:
    """Decode the instruction of an E.O. line (the text after the order number).

    Forms (FORMAT.md §2.10 and App. B 3.10): ``GDS`` [date] [``(NAME) OFFICE``];
    ``XGDS-n`` / ``XGDSn`` [``DECLAS`` date or event]; ``ADS`` [``DECLAS`` date or event];
    ``RDS-n``/``XDS-n`` date; ``OADR``; a date; ``X1, X5``; ``25X1``; ``N/A`` [``DECONTROL``
    date]; ``DECLASSIFIED BY NARA 09/02/2009``; ``AS AMENDED; DECLASSIFIED JUNE 21, 2006``.
    Anything else is kept as text (kind ``TEXT``, TT218).
    """
    raw = " ".join((text or "").split())
    s = raw.upper().rstrip(_TRAILING_JUNK)  # raw holds no whitespace but single spaces
    diags: list[Diagnostic] = []

    def out(kind: str, meaning: str, **kw: Any) -> tuple[DecodedDeclassification, Diagnostics]:
        fields: dict[str, Any] = {
            "date": None, "date_iso": None, "number": None, "exemptions": (), "event": None,
            "classifier": None, "office": None, "by": None, "amended": amended,
        }
        fields.update(kw)
        return DecodedDeclassification(kind, raw, meaning, **fields), tuple(diags)

    def dated(rest: str, pos: int = 0) -> tuple[_Date | None, str]:
        """A date at the start of ``rest`` and the text after it."""
        found = _date_at(rest, pos, pivot)
        if found is None:
            return None, rest[pos:].strip()
        if not found.valid:
            diags.append(_diag("TT219", f"declassification date {rest[pos:found.end]!r} is not "
                               "a real date", span))
        return found, rest[found.end:].strip(" ,;")

    amended = False
    m = re.match(r"AS AMENDED\b[\s;,:]*", s)
    if m:
        amended, s = True, s[m.end():]
    if not s:
        return out("NONE", "no declassification instruction")
    for _ in range(2):
        m = re.match(r"DECLASSIFIED\b\s*(?:BY\s+([A-Z]+)\b)?\s*(?:ON\b)?\s*", s)
        if m:
            found, rest = dated(s, m.end())
            by = m.group(1)
            when = f" on {found.iso}" if found and found.iso else ""
            who = f" by {by}" if by else ""
            meaning = f"declassified{who}{when} (a release marking added later, not the " \
                      "original instruction)"
            return out("DECLASSIFIED", meaning, date=found.value if found else None,
                       date_iso=found.iso if found else None, by=by, event=rest or None)
        m = _KEYWORD.match(s)
        if not m:
            break
        s = s[m.end():]
    if re.fullmatch(r"OADR", s):
        return out("OADR", _FORM_MEANINGS["OADR"])
    m = re.match(r"N\s*/\s*A\b\s*", s)
    if m:
        rest = s[m.end():]
        meaning = _FORM_MEANINGS["N/A"]
        d = re.match(r"DECONTROL(?:LED)?\b\s*(?:ON\b)?\s*", rest)
        if d:
            found, tail = dated(rest, d.end())
            if found is not None:
                meaning += (f"; decontrol on {found.iso}" if found.iso
                            else "; decontrol date invalid")
                return out("N/A", meaning, date=found.value, date_iso=found.iso,
                           event=tail or None)
        return out("N/A", meaning, event=rest or None)
    m = re.match(r"GDS\b\s*", s)
    if m:
        found, rest = dated(s, m.end())
        classifier = office = None
        c = _CLASSIFIER.search(rest)
        if c:
            classifier, office = " ".join(c.group(1).split()), c.group(2)
            rest = rest[: c.start()].strip()
        meaning = _FORM_MEANINGS["GDS"]
        if found is not None and found.iso:
            meaning += f", date {found.iso}"
        return out("GDS", meaning, date=found.value if found else None,
                   date_iso=found.iso if found else None, classifier=classifier, office=office,
                   event=rest or None)
    m = re.match(r"(XGDS|RDS|XDS)\s*-?\s*(\d)\b[\s,;]*", s)
    if m:
        form, number = m.group(1), int(m.group(2))
        rest = s[m.end():]
        d = re.match(r"DECLAS(?:SIFY)?\b\.?\s*:?\s*", rest)
        found, tail = dated(rest, d.end() if d else 0)
        classifier = office = None
        c = _CLASSIFIER.search(tail)
        if c:
            classifier, office = " ".join(c.group(1).split()), c.group(2)
            tail = tail[: c.start()].strip()
        if form == "XGDS":
            meaning = f"exempt from the General Declassification Schedule, category {number} " \
                      f"(E.O. 11652 §5(B)({number}))"
        else:
            meaning = f"E.O. 12065 schedule {form}-{number} (the sources give no gloss)"
        if found is not None and found.iso:
            meaning += f"; declassify on {found.iso}"
        elif tail:
            meaning += f"; declassify on the event: {tail.lower()}"
        return out(form, meaning, number=number, date=found.value if found else None,
                   date_iso=found.iso if found else None, event=tail or None,
                   classifier=classifier, office=office)
    m = re.match(r"ADS\b[\s,;]*", s)
    if m:
        rest = s[m.end():]
        d = re.match(r"DECLAS(?:SIFY)?\b\.?\s*:?\s*", rest)
        found, tail = dated(rest, d.end() if d else 0)
        meaning = _FORM_MEANINGS["ADS"]
        if found is not None and found.iso:
            meaning += f"; declassify on {found.iso}"
        elif tail:
            meaning += f"; declassify on the event: {tail.lower()}"
        return out("ADS", meaning, date=found.value if found else None,
                   date_iso=found.iso if found else None, event=tail or None)
    m = _EXEMPTIONS.fullmatch(s)
    if m:
        codes = tuple(re.findall(r"(?:25)?X\d", s))
        if all(c.startswith("25X") for c in codes):
            return out("25X", "exempt from automatic declassification at 25 years: "
                       f"{', '.join(codes)} (E.O. 13526) [verify]", exemptions=codes)
        if not any(c.startswith("25X") for c in codes) and all(1 <= int(c[1:]) <= 8
                                                                for c in codes):
            return out("X", "exempt from declassification at 10 years, categories "
                       f"{', '.join(codes)} (E.O. 12958 X1-X8)", exemptions=codes)
    found = _date_at(s, 0, pivot)
    if found is not None and found.end == len(s):
        if not found.valid:
            diags.append(_diag("TT219", f"declassification date {s!r} is not a real date", span))
            return out("DATE", "declassify on a date that does not exist")
        return out("DATE", f"declassify on {found.iso}", date=found.value, date_iso=found.iso)
    diags.append(_diag("TT218", f"declassification instruction {raw!r} is of no known form; "
                       "kept as text", span))
    return out("TEXT", "not a known declassification form; kept as written")


def decode_eo(
    node: EoLine, *, dtg: datetime | None = None, pivot: int = DEFAULT_PIVOT
) -> tuple[DecodedEo, Diagnostics]:
    """Decode an E.O. line: ``E.O. 12356: DECL: OADR`` -> E.O. 12356 (1982-1995),
    OADR "originating agency's determination required".

    ``dtg``, the cable's DTG, tells E.O. 12958 from E.O. 12958 as amended (25 Mar 2003).
    """
    diags: list[Diagnostic] = []
    instruction = ""
    if node.groups:
        start = node.groups[0].span.start - node.span.start
        end = node.groups[-1].span.end - node.span.start
        instruction = node.raw[start:end]
    decl, found = decode_declassification(instruction, pivot=pivot, span=node.span)
    diags.extend(found)
    written = node.order
    key = f"{written} as amended" if decl.amended else written
    order = vocab.executive_order(key)
    by_date = False
    if order is not None and order.number == "12958" and dtg is not None:
        amended = vocab.executive_order("12958-AMENDED")
        if amended is not None and dtg.date() >= amended.in_force_from:
            order, by_date = amended, True
    if order is None:
        diags.append(_diag("TT217", f"executive order {written!r} is not in the tables",
                           node.span))
    return DecodedEo(
        node.raw.strip(), written, order.number if order else None,
        order.title if order else None, order.in_force_from if order else None,
        order.in_force_to if order else None, by_date, order is not None, decl,
    ), tuple(diags)


# ------------------------------------------------------------------ TAGS


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedTag:
    """A TAGS entry.

    ``kind``: ``subject``, ``program``, ``geographic``, ``organization``, ``person`` (a tag
    that takes a person's name: OVIP, OREP, OTRA, OCON, OEXC; ``person`` holds the name) or
    ``unknown`` (in no table: ``form`` then says what its shape is, nothing more).
    ``also`` lists other kinds the same code has (``AL``: Albania and an organization).
    """

    raw: str
    code: str
    person: str | None
    kind: str
    category: str | None
    title: str | None
    known: bool
    also: tuple[str, ...]
    form: str | None
    source: str | None
    era: str | None = None


_SUBJECT_LETTERS: Final = "ABCEKLMOPST"


def _tag_form(code: str) -> str | None:
    if re.fullmatch(r"K[A-Z]{3}", code):
        return "four letters starting with K, the form of a program tag"
    if re.fullmatch(r"[A-Z]{4}", code) and code[0] in _SUBJECT_LETTERS:
        return f"four letters starting with {code[0]}, the form of a subject tag"
    if re.fullmatch(r"[A-Z]{2}", code):
        return "two letters, the form of a geographic tag"
    return None


def decode_tag(tag: Tag, year: int | None = None) -> tuple[DecodedTag, Diagnostics]:
    """``PE`` -> geographic, Peru; ``OVIP (VANCE, CYRUS)`` -> person tag with the name;
    ``XY`` -> unknown (TT222, info: it has the shape of a geographic tag). ``year`` (the
    cable's) picks the title of its era where titles differ by era (``WTO``)."""
    code = tag.code.strip().upper()
    rows = vocab.tags_for(code)
    diags: list[Diagnostic] = []
    if not rows:
        form = _tag_form(code)
        # a code of a valid shape may be a real tag the sources do not list: info only
        diags.append(_diag("TT222", f"TAG {code!r} is not in the tables"
                           + (f" ({form})" if form else ""), tag.span,
                           severity=Severity.INFO if form else None))
        if tag.person:
            diags.append(_diag("TT224", f"name {tag.person!r} after tag {code}", tag.span))
        return DecodedTag(tag.raw, code, tag.person, "unknown", None, None, False, (), form,
                          None), tuple(diags)
    row = rows[0]
    kind = "person" if row.takes_name else row.kind
    if row.takes_name and not tag.person:
        diags.append(_diag("TT223", f"person tag {code} without a name", tag.span))
    if tag.person and not row.takes_name:
        diags.append(_diag("TT224", f"name {tag.person!r} after tag {code}, which takes none",
                           tag.span))
    title, era = row.title_for(year)
    return DecodedTag(tag.raw, code, tag.person, kind, row.category, title, True,
                      tuple(r.kind for r in rows[1:]), None, row.source, era), tuple(diags)


def decode_tags(node: TagsLine, year: int | None = None
                ) -> tuple[tuple[DecodedTag, ...], Diagnostics]:
    """Every tag of a TAGS line, in order (``year``: the cable's, for era titles)."""
    out: list[DecodedTag] = []
    diags: list[Diagnostic] = []
    for tag in node.tags:
        decoded, found = decode_tag(tag, year)
        out.append(decoded)
        diags.extend(found)
    return tuple(out), tuple(diags)


# ------------------------------------------------------------------ MRN and references


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedMrn:
    """A message reference number: ``08 STATE 81854`` -> office STATE, serial 81854, year
    2008, reference id ``08STATE81854``. ``number`` is the serial without leading zeros
    (None when it is not numeric)."""

    raw: str
    office: str
    serial: str
    number: int | None
    year: int | None
    year_written: str | None
    reference_id: str | None


def _reference_id(office: str, serial: str, year: int | None) -> str | None:
    digits = decode.fix_digits(serial)
    if year is None or not digits.isdigit():
        return None
    return f"{year % 100:02d}{office.replace(' ', '').upper()}{digits.lstrip('0') or '0'}"


def reference_id(mrn: MessageNumber, year: int | None = None, *,
                 pivot: int = DEFAULT_PIVOT) -> str | None:
    """The Cablegate-style id of an MRN: two-digit year + office without spaces + serial
    without leading zeros (``STATE 170194`` of 1989 -> ``89STATE170194``).

    The year is the MRN's own (``08 STATE 81854``) when it has one, else ``year`` (for a
    cable's own MRN: the DTG year). None without a year or with a non-numeric serial.
    """
    own = decode.expand_year(mrn.year, pivot) if mrn.year else None
    return _reference_id(mrn.office, mrn.serial, own if own is not None else year)


def decode_mrn(mrn: MessageNumber, *, year: int | None = None, pivot: int = DEFAULT_PIVOT
               ) -> tuple[DecodedMrn, Diagnostics]:
    """Decode an MRN; ``year`` (the DTG year) is used for the reference id when the MRN
    has none of its own."""
    own = decode.expand_year(mrn.year, pivot) if mrn.year else None
    digits = decode.fix_digits(mrn.serial)
    diags: tuple[Diagnostic, ...] = ()
    if not digits.isdigit():
        diags = (_diag("TT225", f"MRN {mrn.text!r}: serial {mrn.serial!r} is not numeric",
                       mrn.span),)
    return DecodedMrn(
        mrn.raw, " ".join(mrn.office.split()), mrn.serial,
        int(digits) if digits.isdigit() else None, own, mrn.year,
        _reference_id(mrn.office, mrn.serial, own if own is not None else year),
    ), diags


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedReference:
    """One item of a REF block: ``kind`` ``cable`` (an MRN is cited) or ``text`` (an
    e-mail, a memo, a document number: kept as text). ``captions`` are the parenthesised
    markers after it (``NOTAL``, ``EXDIS``)."""

    raw: str
    bullet: str | None
    kind: str
    mrn: DecodedMrn | None
    captions: tuple[str, ...]
    text: str


_PAREN = re.compile(r"\(([A-Z][A-Z ]{2,30})\)")
_MRN_TEXT = re.compile(
    r"(?:([0-9]{2})\s+)?([A-Z][A-Z.'-]*(?:\s+[A-Z][A-Z.'-]*){0,3})\s+([0-9OIl]{1,7})"
)


def decode_reference(ref: Reference, *, pivot: int = DEFAULT_PIVOT
                     ) -> tuple[DecodedReference, Diagnostics]:
    """Decode one cited item. A cited MRN without a year gets no reference id (the year
    of a cited cable is not known from the citing one)."""
    text = " ".join(ref.text.split())
    diags: list[Diagnostic] = []
    mrn: DecodedMrn | None = None
    if ref.mrn is not None and " ".join(ref.mrn.raw.split()) in text:
        mrn, found = decode_mrn(ref.mrn, pivot=pivot)
        diags.extend(found)
    else:
        # The parser's MRN is missing or belongs to another item: read one written as the
        # item's only content ("TEHRAN 263", "08 UNVIE 663 (NOTAL)").
        bare = _PAREN.sub("", text).strip(" .,:;\\")
        m = _MRN_TEXT.fullmatch(bare.upper())
        if m is not None:
            year = decode.expand_year(m.group(1), pivot) if m.group(1) else None
            digits = decode.fix_digits(m.group(3))
            mrn = DecodedMrn(bare, " ".join(m.group(2).split()), m.group(3), int(digits),
                             year, m.group(1), _reference_id(m.group(2), m.group(3), year))
    captions = tuple(c for c in (" ".join(x.split()) for x in _PAREN.findall(text.upper()))
                     if c == "NOTAL" or vocab.caption(c) is not None)
    kind = "cable" if mrn is not None and mrn.number is not None else "text"
    return DecodedReference(ref.raw, ref.bullet, kind, mrn, captions, text), tuple(diags)


def decode_references(node: ReferenceBlock, *, pivot: int = DEFAULT_PIVOT
                      ) -> tuple[tuple[DecodedReference, ...], Diagnostics]:
    """Every item of a REF block, in order (an empty item, such as a bare bullet, is
    skipped)."""
    out: list[DecodedReference] = []
    diags: list[Diagnostic] = []
    for ref in node.references:
        if not ref.text.strip() and ref.mrn is None:
            continue
        decoded, found = decode_reference(ref, pivot=pivot)
        out.append(decoded)
        diags.extend(found)
    return tuple(out), tuple(diags)


# ------------------------------------------------------------------ addresses


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedAddress:
    """A FM/TO/INFO addressee. ``ri_matches_name`` says whether the plain-language address
    is the station's name in the tables (None when there is no RI or no station)."""

    raw: str
    name: str
    ri: DecodedRi | None
    precedence: DecodedPrecedence | None
    mcn: str | None
    ri_matches_name: bool | None


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.upper().split()) == " ".join(b.upper().split())


def decode_address(node: Address) -> tuple[DecodedAddress, Diagnostics]:
    diags: list[Diagnostic] = []
    ri = prec = None
    if node.ri is not None:
        ri, found = decode_ri(node.ri)
        diags.extend(found)
    if node.precedence is not None:
        prec, found = decode_precedence(node.precedence)
        diags.extend(found)
    matches = None
    if ri is not None and ri.station is not None:
        name = node.name.split("//")[0]
        matches = any(_same_name(name, n) for n in (ri.station, *ri.other_names))
    return DecodedAddress(node.raw, node.name, ri, prec, node.mcn, matches), tuple(diags)
