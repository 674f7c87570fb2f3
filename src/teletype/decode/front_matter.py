"""Front-matter fields: the E.O. line and its declassification instruction, TAGS, MRNs
and reference ids, references, addressees.

TAGS entries and REF items are read by :mod:`.fields` (the one decoder of each field, which
the Builder calls); :func:`decode_tags` and :func:`decode_references` look the values it
read up in the tables for the rules and ``teletype decode``."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import Any, Final

from .. import vocab
from ..diagnostics import Diagnostic, Severity
from ..nodes import (
    Address,
    EoLine,
    MessageNumber,
    ReferenceBlock,
    Tag,
    TagsLine,
)
from ..source import Span
from . import fields
from ._common import Diagnostics, _diag
from .codes import DecodedPrecedence, DecodedRi, decode_precedence, decode_ri
from .dates import DEFAULT_PIVOT, WrittenDate, date_at, expand_year, fix_digits

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
_AS_AMENDED = re.compile(r"AS AMENDED\b[\s;,:]*")
_DECLASSIFIED = re.compile(r"DECLASSIFIED\b\s*(?:BY\s+([A-Z]+)\b)?\s*(?:ON\b)?\s*")
_NA = re.compile(r"N\s*/\s*A\b\s*")
_DECONTROL = re.compile(r"DECONTROL(?:LED)?\b\s*(?:ON\b)?\s*")
_GDS = re.compile(r"GDS\b\s*")
_SCHEDULE = re.compile(r"(XGDS|RDS|XDS)\s*-?\s*(\d)\b[\s,;]*")
_DECLAS = re.compile(r"DECLAS(?:SIFY)?\b\.?\s*:?\s*")
_ADS = re.compile(r"ADS\b[\s,;]*")
_EXEMPTION = re.compile(r"(?:25)?X\d")


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

    def dated(rest: str, pos: int = 0) -> tuple[WrittenDate | None, str]:
        """A date at the start of ``rest`` and the text after it."""
        found = date_at(rest, pos, pivot)
        if found is None:
            return None, rest[pos:].strip()
        if not found.valid:
            diags.append(_diag("TT219", f"declassification date {rest[pos:found.end]!r} is not "
                               "a real date", span))
        return found, rest[found.end:].strip(" ,;")

    amended = False
    m = _AS_AMENDED.match(s)
    if m:
        amended, s = True, s[m.end():]
    if not s:
        return out("NONE", "no declassification instruction")
    for _ in range(2):
        m = _DECLASSIFIED.match(s)
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
    if s == "OADR":
        return out("OADR", _FORM_MEANINGS["OADR"])
    m = _NA.match(s)
    if m:
        rest = s[m.end():]
        meaning = _FORM_MEANINGS["N/A"]
        d = _DECONTROL.match(rest)
        if d:
            found, tail = dated(rest, d.end())
            if found is not None:
                meaning += (f"; decontrol on {found.iso}" if found.iso
                            else "; decontrol date invalid")
                return out("N/A", meaning, date=found.value, date_iso=found.iso,
                           event=tail or None)
        return out("N/A", meaning, event=rest or None)
    m = _GDS.match(s)
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
    m = _SCHEDULE.match(s)
    if m:
        form, number = m.group(1), int(m.group(2))
        rest = s[m.end():]
        d = _DECLAS.match(rest)
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
    m = _ADS.match(s)
    if m:
        rest = s[m.end():]
        d = _DECLAS.match(rest)
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
        codes = tuple(_EXEMPTION.findall(s))
        if all(c.startswith("25X") for c in codes):
            return out("25X", "exempt from automatic declassification at 25 years: "
                       f"{', '.join(codes)} (E.O. 13526) [verify]", exemptions=codes)
        if not any(c.startswith("25X") for c in codes) and all(1 <= int(c[1:]) <= 8
                                                                for c in codes):
            return out("X", "exempt from declassification at 10 years, categories "
                       f"{', '.join(codes)} (E.O. 12958 X1-X8)", exemptions=codes)
    found = date_at(s, 0, pivot)
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
    that takes a person's name: OVIP, OREP, OTRA, OCON, OEXC; ``person`` holds the name),
    ``free`` (a free-text entry, ``GOI EXTERNAL``: no code) or ``unknown`` (in no table:
    ``form`` then says what its shape is, nothing more).
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
_PROGRAM_TAG = re.compile(r"K[A-Z]{3}")
_FOUR_LETTERS = re.compile(r"[A-Z]{4}")
_TWO_LETTERS = re.compile(r"[A-Z]{2}")


def _tag_form(code: str) -> str | None:
    if _PROGRAM_TAG.fullmatch(code):
        return "four letters starting with K, the form of a program tag"
    if _FOUR_LETTERS.fullmatch(code) and code[0] in _SUBJECT_LETTERS:
        return f"four letters starting with {code[0]}, the form of a subject tag"
    if _TWO_LETTERS.fullmatch(code):
        return "two letters, the form of a geographic tag"
    return None


def decode_tag(tag: Tag, year: int | None = None) -> tuple[DecodedTag, Diagnostics]:
    """``PE`` -> geographic, Peru; ``OVIP (VANCE, CYRUS)`` -> person tag with the name;
    ``XY`` -> unknown (TT222, info: it has the shape of a geographic tag). ``year`` (the
    cable's) picks the title of its era where titles differ by era (``WTO``)."""
    code = tag.code.strip().upper()
    if tag.kind == "free":  # free text between separators (GOI EXTERNAL): no code to look up
        return DecodedTag(tag.raw, code, None, "free", None, None, False, (), None,
                          None), ()
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
    """Every tag of a TAGS line, in order (``year``: the cable's, for era titles): the
    entries the Builder read with :func:`teletype.decode.fields.decode_tags`, looked up in
    the tag tables."""
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
    # the one form of a cable id: the same as a cited cable's (decode.fields.cable_id)
    return fields.cable_id(office.replace(" ", "").upper(), serial, year)


def reference_id(mrn: MessageNumber, year: int | None = None, *,
                 pivot: int = DEFAULT_PIVOT) -> str | None:
    """The Cablegate-style id of an MRN: two-digit year + office without spaces + serial
    without leading zeros (``STATE 170194`` of 1989 -> ``89STATE170194``).

    The year is the MRN's own (``08 STATE 81854``) when it has one, else ``year`` (for a
    cable's own MRN: the DTG year). None without a year or with a non-numeric serial.
    """
    own = expand_year(mrn.year, pivot) if mrn.year else None
    return _reference_id(mrn.office, mrn.serial, own if own is not None else year)


def decode_mrn(mrn: MessageNumber, *, year: int | None = None, pivot: int = DEFAULT_PIVOT
               ) -> tuple[DecodedMrn, Diagnostics]:
    """Decode an MRN; ``year`` (the DTG year) is used for the reference id when the MRN
    has none of its own."""
    own = expand_year(mrn.year, pivot) if mrn.year else None
    digits = fix_digits(mrn.serial)
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
    """One cited item of a REF block, as :func:`teletype.decode.fields.decode_references`
    reads it: ``kind`` ``cable`` (with ``mrn``), ``email``, ``telcon``, ``memo``,
    ``report``, ``un-resolution``, ``publication`` or ``text``; ``bullet`` the list letter;
    ``captions`` the parenthesised markers after it (``NOTAL``, ``EXDIS``); ``year_inferred``
    says that a cable's year is the citing cable's."""

    raw: str
    bullet: str | None
    kind: str
    mrn: DecodedMrn | None
    captions: tuple[str, ...]
    text: str
    year_inferred: bool = False


_PAREN = re.compile(r"\(([A-Z][A-Z ]{2,30})\)")


def decode_references(node: ReferenceBlock, *, pivot: int = DEFAULT_PIVOT
                      ) -> tuple[tuple[DecodedReference, ...], Diagnostics]:
    """Every item of a REF block, in order: the block the Builder read
    (``node.decoded``), else the block's text read now (without the citing cable's year)."""
    refs = node.decoded
    diags: Diagnostics = ()
    if refs is None:
        refs, diags = fields.decode_references(node.raw, pivot=pivot)
    out: list[DecodedReference] = []
    items = refs.items
    for i, item in enumerate(items):
        after = refs.raw[item.end:items[i + 1].start if i + 1 < len(items) else len(refs.raw)]
        captions = tuple(c for c in (" ".join(x.split()) for x in
                                     _PAREN.findall((item.text + " " + after).upper()))
                         if c == "NOTAL" or vocab.caption(c) is not None)
        mrn = None
        if item.kind == "cable" and item.office is not None and item.serial is not None:
            mrn = DecodedMrn(item.raw, item.office, item.serial, item.number, item.year,
                             item.year_written, item.reference_id)
        out.append(DecodedReference(item.raw, item.letter, item.kind, mrn, captions, item.text,
                                    item.year_inferred))
    return tuple(out), diags


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
