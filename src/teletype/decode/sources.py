"""Redundant sources of the MRN, the date, the classification and the sender (issue 13).

An OCR'd printout often loses the line a field has its home in: the MRN line garbled or
glued to its classification, the DTG line with ``0`` for the precedence ``O`` or a stray
period. The same facts are often printed elsewhere: the page header repeats the office,
serial and DTG; a printout banner, a footer or a ``Heading:`` line names the MRN; the DE
line's SSN with the FM office is the MRN of a cable that lost its MRN line; a TOR line or a
drafting form's date gives the date. :func:`read_sources` reads those, in that order of
trust, only for a field its own line did not give, and says where each value came from.

Every value comes with diagnostics: TT401 (with the corrected text as the suggestion) for
each line read through the OCR confusion model, TT404 (info) naming the source. No year is
guessed: a date without a printed year is not taken.

The sender: :func:`originator_address` is the FM line's plain-language address without an
office symbol; :func:`cia_sender` the station of a CIA print that has no FM or CITE line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .. import diagnostics as diag
from .. import ocr
from ..nodes import (
    AddressBlock,
    CiteLine,
    DeLine,
    DraftingLine,
    FromLine,
    Line,
    PageHeader,
    ReceiptTime,
    SubjectLine,
    TextBlock,
)
from ..source import LineIndex, Span
from .dates import DEFAULT_PIVOT, expand_year, parse_date

__all__ = ["Sources", "cia_sender", "originator_address", "read_sources"]

#: Nodes whose lines are read for an MRN line only when the line carries a classification or
#: a section count: an addressee (``KIEV 2328``) and a subject line have the bare shape too.
_GUARDED = (AddressBlock, SubjectLine)
#: Nodes whose lines never hold the MRN line.
_NEVER = (CiteLine, PageHeader, ReceiptTime, FromLine, DeLine, DraftingLine)
#: FM addressee prefixes before the post name (AMEMBASSY BERN -> BERN).
_POST_PREFIX = re.compile(r"^(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|US MISSION|USDEL)\s+")
_SLASH_DATE = re.compile(r"(?<![0-9/])[0-9OIlS]{1,2}/[0-9OIlS]{1,2}/[0-9OIlS]{2,4}(?![0-9/])")
_DRAFTER = re.compile(r"^[A-Z][A-Z0-9/\-]*:[A-Z][A-Za-z.\- ]+(?::[A-Z]{2,4})?$")
_DISTR = re.compile(r"(?:DATE\s+|^\s*)[D0][I1l]STR?\b\.?[\s\"':,.]*"
                    r"(?P<date>[0-9]{1,2}\s+[A-Za-z]{3,9},?\s+[0-9]{4})(?![0-9])")
_DRAFTING = re.compile(r"DRAFT(?:ED|ER|ING)|DRAFTED BY|APPROVED BY", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sources:
    """What the redundant sources gave: each value with the name of its source (None when
    the field's own line gave it or nothing did)."""

    mrn: str | None = None
    mrn_source: str | None = None
    date: str | None = None
    date_source: str | None = None
    classification: str | None = None
    section: tuple[int, int] | None = None
    #: the offsets of the MRN line read here: an addressee there is the MRN line, no
    #: addressee (the grammar took a garbled MRN line for one more INFO address)
    mrn_line: tuple[int, int] | None = None
    diagnostics: tuple[diag.Diagnostic, ...] = field(default=())


#: What the sources give a cable whose own lines give every field.
_NOTHING = Sources()


@dataclass(slots=True)
class _Lines:
    """The lines of the nodes with their offsets."""

    nodes: list[Line]
    index: LineIndex | None = None

    def each(self, nodes: list[Line] | None = None) -> Iterator[tuple[Line, int, str]]:
        for node in self.nodes if nodes is None else nodes:
            at = node.span.start
            for piece in node.raw.splitlines(keepends=True):
                yield node, at, piece.rstrip("\r\n")
                at += len(piece)

    def span(self, start: int, end: int) -> Span:
        if self.index is None:
            self.index = LineIndex("".join(n.raw for n in self.nodes))
        return self.index.span(start, end)


def _front(nodes: list[Line]) -> list[Line]:
    """The nodes that are no paragraph of the body: a printout may put the header after
    the text, so the front matter is not simply what comes before the first paragraph."""
    return [n for n in nodes if not isinstance(n, TextBlock)]


def _corrected(line: str, repairs: tuple[ocr.Repair, ...]) -> str:
    out, at = [], 0
    for r in sorted(repairs, key=lambda r: r.offset):
        if r.offset < at:
            continue
        out.append(line[at:r.offset])
        out.append(r.replacement)
        at = r.offset + len(r.found)
    out.append(line[at:])
    return " ".join("".join(out).split())


def _year(raw: str, pivot: int) -> int | None:
    return expand_year(raw, pivot) if raw.isdigit() and len(raw) in (2, 4) else None


def _differs(mrn: str, office: str, number: int) -> bool:
    """Does an MRN name another office and another serial than ``office`` ``number``?"""
    own_office, _, serial = mrn.rpartition(" ")
    return own_office != office and (not serial.isdigit() or int(serial) != number)


def _iso(year: int | None, month: int | None, day: int) -> str | None:
    if year is None or month is None:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def read_sources(nodes: list[Line], *, have_mrn: bool, have_date: bool,
                 have_classification: bool, ssn: str | None = None,
                 from_name: str | None = None, pivot: int = DEFAULT_PIVOT) -> Sources:
    """Read the fields their own lines did not give from the other places they are printed
    (module docstring)."""
    if have_mrn and have_date and have_classification:
        return _NOTHING  # (most cables: frozen, so one for all)
    lines = _Lines(nodes)
    found: dict[str, object] = {}
    diagnostics: list[diag.Diagnostic] = []

    def repaired(at: int, line: str, what: str, repairs: tuple[ocr.Repair, ...]) -> None:
        if repairs:
            fixed = _corrected(line, repairs)
            diagnostics.append(diag.make(
                "TT401", f"OCR-damaged {what} read as {fixed!r}", lines.span(at, at + len(line)),
                suggestion=fixed))

    def said(at: int, line: str, message: str) -> None:
        diagnostics.append(diag.make("TT404", message, lines.span(at, at + len(line))))

    front = _front(nodes)
    if not have_mrn or not have_classification:
        for node, at, line in lines.each(front):
            if isinstance(node, _NEVER) or not line.strip():
                continue
            read = ocr.mrn_line(line)
            if read is None:
                continue
            if isinstance(node, _GUARDED) and read.classification is None and \
                    read.section is None and not read.unreadable_prefix:
                continue
            found["mrn_line"] = (at, at + len(line))
            if not have_mrn:
                found.update(mrn=read.mrn, mrn_source="mrn line", section=read.section)
                repaired(at, line, "MRN line", read.repairs)
                if not read.repairs:
                    said(at, line, f"MRN {read.mrn} read from a line the grammar did not take "
                                   "as the MRN line")
            if not have_classification and read.classification:
                found["classification"] = read.classification
                if have_mrn:
                    repaired(at, line, "MRN line", read.repairs)
            break
    if not have_classification and "classification" not in found:
        # a classification banner: the word alone on its line, or with one short group after
        # it (CONrIDENTIAL PTP0372, 3ECRET, CONFIDENTIAL DECLASSIFIED); never UNCLASSIFIED,
        # which on a release is the declassification marking
        for _node, at, line in lines.each():
            words = line.split()
            if not 1 <= len(words) <= 2 or (len(words) == 2 and len(words[1]) > 12):
                continue
            read_word = ocr.classification(words[0])
            if not read_word.ok or read_word.text == "UNCLASSIFIED":
                continue
            found["classification"] = read_word.text
            where = line.index(words[0])
            repaired(at, line, "classification banner", tuple(
                ocr.Repair(where + r.offset, r.found, r.replacement) for r in read_word.repairs))
            said(at, line, f"classification {read_word.text} taken from a banner line: none "
                           "in the front matter")
            break
    if not have_mrn and "mrn" not in found:
        # a CIA print's own registry number (MHFNO, the line under the classified DTG line,
        # a report's TDCS number); its CITE names only the station and the station's serial
        for _node, at, line in lines.each(front):
            registry = ocr.registry_number(line)
            if registry is not None:
                found.update(mrn=registry.text, mrn_source=registry.kind)
                repaired(at, line, "registry number", registry.repairs)
                said(at, line, f"MRN {registry.text}: the CIA registry number ({registry.kind})")
                break
    if not have_mrn and "mrn" not in found:
        for _node, at, line in lines.each():
            mention = ocr.mrn_mention(line)
            if mention is None or mention.mrn is None:
                continue
            found.update(mrn=mention.mrn, mrn_source=mention.kind)
            said(at, line, f"MRN {mention.mrn} taken from the {mention.kind} line "
                           f"({mention.office_raw} {mention.serial}): no MRN line")
            break
    if not have_mrn and ssn and from_name:
        post = _POST_PREFIX.sub("", from_name.upper()).strip()
        office = "STATE" if post.startswith("SECSTATE") else post
        number = ssn.lstrip("#").split("/")[0]
        de = next((n for n in nodes if isinstance(n, DeLine)), None)
        # not for STATE: its serials run to six digits, of which the SSN holds four
        if office != "STATE" and ocr.is_known_office(office) and number.isdigit() and \
                de is not None and (
                "mrn" not in found or _differs(str(found["mrn"]), office, int(number))):
            # the DE line and FM are machine-made: where a damaged MRN line names another
            # office and serial (a text pasted under another cable's header), they win
            mrn = f"{office} {int(number)}"
            if "mrn" in found:
                said(de.span.start, de.raw.rstrip("\r\n"),
                     f"the MRN line read as {found['mrn']} disagrees with the FM office and "
                     f"the DE line's SSN: {mrn} taken")
            else:
                said(de.span.start, de.raw.rstrip("\r\n"),
                     f"MRN {mrn} made of the FM office and the DE line's SSN: no MRN line")
            found.update(mrn=mrn, mrn_source="de line", section=None, mrn_line=None)
    if not have_date:
        _read_date(lines, front, found, pivot, repaired, said)
    return Sources(
        mrn=found.get("mrn"),  # type: ignore[arg-type]
        mrn_source=found.get("mrn_source"),  # type: ignore[arg-type]
        date=found.get("date"),  # type: ignore[arg-type]
        date_source=found.get("date_source"),  # type: ignore[arg-type]
        classification=found.get("classification"),  # type: ignore[arg-type]
        section=found.get("section"),  # type: ignore[arg-type]
        mrn_line=found.get("mrn_line"),  # type: ignore[arg-type]
        diagnostics=tuple(diagnostics),
    )


_Repaired = Callable[[int, str, str, tuple[ocr.Repair, ...]], None]
_Said = Callable[[int, str, str], None]


def _read_date(lines: _Lines, front: list[Line], found: dict[str, object], pivot: int,
               repaired: _Repaired, said: _Said) -> None:
    """The date from, in order: a DTG line the grammar could not read, a CIA classified DTG
    line, a page header's DTG, a TOR/TOT line, a drafting form's MM/DD/YY date."""
    # a DTG line (or CIA classified DTG line) among the front lines
    for node, at, line in lines.each(front):
        if isinstance(node, (PageHeader, ReceiptTime)):
            continue
        read = ocr.dtg_line(line)
        if read is None or _receipt(line, read.start) or "TOTAL COPIES" in line.upper():
            continue
        iso = _iso(_year(read.year, pivot), ocr.MONTHS.get(read.month),
                   int(read.day_time[:2]))
        if iso is None:
            continue
        found.update(date=iso, date_source="dtg")
        repaired(at, line, "DTG line", read.repairs)
        said(at, line, f"date {iso} read from a DTG line the grammar did not take")
        return
    for node, at, line in lines.each():
        kind: str | None = None
        if isinstance(node, PageHeader) or line.lstrip().upper().startswith("PAGE"):
            mention = ocr.mrn_mention(line)
            if mention and mention.day_time and mention.month and mention.year:
                iso = _iso(_year(mention.year, pivot), ocr.MONTHS.get(mention.month),
                           int(mention.day_time[:2]))
                if iso:
                    found.update(date=iso, date_source="page header")
                    said(at, line, f"date {iso} taken from the page header's DTG: no DTG line")
                    return
            continue
        head = line.lstrip().upper()
        # a receipt line: TOR: ..., or a POEMS printout's 140300L MAR 00 EAS (TOTAL COPIES:012)
        if head.startswith(("TOR", "TOT")) or "TOTAL COPIES" in head:
            kind = head[:3].lower() if head.startswith(("TOR", "TOT")) else "tor"
            read = ocr.dtg_line(line, zones="ZL")
            if read is not None:
                iso = _iso(_year(read.year, pivot), ocr.MONTHS.get(read.month),
                           int(read.day_time[:2]))
                if iso:
                    found.update(date=iso, date_source=kind)
                    said(at, line, f"date {iso} taken from the {kind.upper()} line: no DTG")
                    return
    # a CIA information report's distribution date: DATE DISTR. 28 APRIL 1963, DIST 8
    # NOVEMBER 1967 (OCR'd 01ST); a written date with its year, never a partial one
    for _node, at, line in lines.each(front):
        found_distr = _DISTR.search(line)
        if found_distr is None:
            continue
        value, iso = parse_date(found_distr.group("date"), pivot=pivot)
        if value is not None and iso:
            found.update(date=iso, date_source="distr")
            said(at, line, f"date {iso} taken from the report's distribution date: no DTG")
            return
    # a drafting form: DRAFTED BY ... MM/DD/YY, or the date line under the drafter's
    # OFFICE:NAME:INITIALS line (EUR/RPM:RSIMMONS:RFS / 11/15/96 72189 SERPM 3142)
    previous = ""
    for node, at, line in lines.each(front):
        stripped = line.strip()
        if isinstance(node, DraftingLine) or _DRAFTING.search(line) or (
                _DRAFTER.match(previous) and _SLASH_DATE.match(stripped)):
            for match in _SLASH_DATE.finditer(line):
                fixed = ocr.slash_date(match.group())
                if not fixed.ok:
                    continue
                mo, day, yr = fixed.text.split("/")
                iso = _iso(_year(yr, pivot), int(mo), int(day))
                if iso:
                    found.update(date=iso, date_source="drafted")
                    repaired(at, line, "drafting date", tuple(
                        ocr.Repair(match.start() + r.offset, r.found, r.replacement)
                        for r in fixed.repairs))
                    said(at, line, f"date {iso} taken from the drafting date: no DTG")
                    return
        if stripped:
            previous = stripped


def _receipt(line: str, start: int) -> bool:
    """A receipt or page-header time, not a DTG line: ``TOR:``, ``PAGE 01 ...``."""
    head = line[:start].strip().upper()
    return head.startswith(("TOR", "TOT", "PAGE", "DATE", "RECEIVED"))


# ------------------------------------------------------------------ the sender

#: An outgoing CIA cable's time of transmission with its station and serial
#: (``TOT: 131946Z SEP 96 DIRECTOR 941533``).
_TOT = re.compile(r"^[ \t]*TOT\W+\S+[ \t]+\S+[ \t]+\S+[ \t]+"
                  r"(?P<station>[A-Z][A-Z \t]*?)[ \t]+\d{4,7}\b")
#: The FROM box of a CIA message form (``FROM: DIRECTOR``, OCR'd ``. FROM « MEXICO CITY``,
#: ``; FROM, 2 MEXICO CITY``): the label alone at the line start, a stray digit after it.
_FROM_BOX = re.compile(r"^[^A-Za-z0-9]*FROM[ \t]*[:,.\u00ab][ \t]*(?:\d[ \t]+)?"
                       r"(?P<station>[A-Z][A-Z \t]*)")
#: The name CIA headquarters sends and receives cables under.
_HEADQUARTERS = "DIRECTOR"


def _station(words: str) -> str | None:
    """The longest start of ``words`` (up to three words) that names headquarters or a known
    post."""
    parts = words.split()
    for size in (3, 2, 1):
        name = " ".join(parts[:size])
        if len(parts) >= size and (name == _HEADQUARTERS or ocr.is_known_office(name)):
            return name
    return None


def cia_sender(nodes: Iterable[Line]) -> str | None:
    """The station of a CIA print's TOT line (an outgoing cable), else of its message form's
    FROM box, when that names headquarters or a known post; None otherwise (a FROM box
    naming a desk, ``FROM: LIMITED DISSEM CE/EXO``, is no station)."""
    nodes = list(nodes)
    for node in nodes:
        if isinstance(node, ReceiptTime) and (found := _TOT.match(node.raw)):
            station = _station(found["station"])
            if station is not None:
                return station
    for node in nodes:
        for line in node.raw.splitlines():
            found = _FROM_BOX.match(line)
            if found is not None and (station := _station(found["station"])) is not None:
                return station
    return None


#: An office symbol after the originator's plain-language address (``CNO WASHINGTON
#: DC//N1//``, OCR'd ``/N1//``): the office inside the command, no part of the address.
_OFFICE_SYMBOL = re.compile(r"[ \t]*/{1,2}[^/\s][^\n]*?//[ \t]*$")


def originator_address(name: str) -> str:
    """The originator's plain-language address (FL6) without an office symbol; the FM node
    keeps the symbol as written."""
    return _OFFICE_SYMBOL.sub("", name) or name
