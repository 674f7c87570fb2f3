"""The typed, frozen AST of a cable.

Every node carries ``raw`` (the exact text it covers) and ``span`` (offsets and line:col).
Decoded values sit beside the raw text, never instead of it. Sequences are tuples.

Top-level nodes (``Cable.nodes``) tile the input: each covers its own text up to the start
of the next one (trailing spaces, line ends and blank lines included), so joining their
``raw`` gives back the input exactly. Nodes inside a line (groups) have tight spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .facts import DEFAULT_PIVOT
from .source import Span

if TYPE_CHECKING:
    from .decode.fields import ClassifiedBy as Statement
    from .decode.fields import References, Subject, Tags


@dataclass(frozen=True, slots=True)
class Node:
    raw: str
    span: Span


# ------------------------------------------------------------------ groups (parts of lines)


@dataclass(frozen=True, slots=True)
class Group(Node):
    """A group the grammar did not give a more specific type (kept verbatim)."""


@dataclass(frozen=True, slots=True)
class RoutingIndicator(Node):
    code: str


@dataclass(frozen=True, slots=True)
class Precedence(Node):
    """A precedence prosign (``OO``), letter (``O``) or word (``IMMEDIATE``)."""

    letter: str | None
    word: str | None


@dataclass(frozen=True, slots=True)
class DateTimeGroup(Node):
    """``DDHHMMZ MON YY``, read by :func:`teletype.decode.dates.read_dtg`.

    ``value`` is the UTC instant, None when the group names no real date and time.
    ``year_written`` is the year as written (``"89"``); ``century_inferred`` says that
    two digits were placed in the hundred years from ``pivot``. ``month_span`` and
    ``year_span`` locate the month and the year as written.
    """

    day: int | None
    hour: int | None
    minute: int | None
    month: int | None
    year: int | None
    value: datetime | None
    month_span: Span | None = None
    year_written: str | None = None
    year_span: Span | None = None
    century_inferred: bool = False
    pivot: int = DEFAULT_PIVOT


@dataclass(frozen=True, slots=True)
class StationSerial(Node):
    number: str


@dataclass(frozen=True, slots=True)
class FilingTime(Node):
    """Julian day + HHMM (``1480246``)."""

    day_of_year: int | None
    hour: int | None
    minute: int | None


@dataclass(frozen=True, slots=True)
class SecurityGroup(Node):
    code: str
    level: str | None


@dataclass(frozen=True, slots=True)
class OperatingSignal(Node):
    code: str


@dataclass(frozen=True, slots=True)
class Address(Node):
    """An addressee: ``[RI/]PLAIN LANGUAGE ADDRESS [precedence] [MCN]``."""

    ri: RoutingIndicator | None
    name: str
    precedence: Precedence | None
    mcn: str | None
    #: the name was printed with ZEN/ before it (delivered by other means); ``name`` is
    #: without it, as it is without the routing indicator
    zen: bool = False


@dataclass(frozen=True, slots=True)
class MessageNumber(Node):
    """A message reference number (MRN): ``[YY] OFFICE SERIAL`` (``STATE 170194``)."""

    year: str | None
    office: str
    serial: str

    @property
    def text(self) -> str:
        head = f"{self.year} " if self.year else ""
        return f"{head}{self.office} {self.serial}"


@dataclass(frozen=True, slots=True)
class SectionMark(Node):
    """``SECTION 01 OF 02`` or ``002 OF 002``."""

    number: int | None
    total: int | None


@dataclass(frozen=True, slots=True)
class Classification(Node):
    """A classification marking; ``level`` is normalised (``UNCLAS`` -> UNCLASSIFIED)."""

    level: str
    qualifier: str | None


@dataclass(frozen=True, slots=True)
class Tag(Node):
    """A TAGS entry as :func:`teletype.decode.fields.decode_tags` reads it: ``kind``
    ``code``, ``person`` (a code that takes a name, the name in ``person``) or ``free``
    (free text, whole)."""

    code: str
    person: str | None
    kind: str = "code"


@dataclass(frozen=True, slots=True)
class Reference(Node):
    """One cited item of a REF block: a bullet letter and an MRN when one is cited."""

    bullet: str | None
    mrn: MessageNumber | None
    text: str


# ------------------------------------------------------------------ top-level nodes


@dataclass(frozen=True, slots=True)
class Line(Node):
    """Base of every top-level node."""

    @property
    def kind(self) -> str:
        return type(self).__name__


@dataclass(frozen=True, slots=True)
class WrapperLine(Line):
    """A line of the archival wrapper or free text around the cable (page headers, stamps,
    receipt times, unknown lines): :attr:`Cable.wrapper`."""


@dataclass(frozen=True, slots=True)
class HeaderLine(Line):
    """A line of the transmission header (FL1-FL10, distribution and drafting lines):
    :attr:`Cable.header` and :attr:`Cable.envelopes`."""


@dataclass(frozen=True, slots=True)
class TextLine(Line):
    """A line of the text: front matter and body, :attr:`Cable.text`."""


@dataclass(frozen=True, slots=True)
class TrailerLine(Line):
    """A line of the trailer after the text (SSN, NNNN): :attr:`Cable.trailer`."""


@dataclass(frozen=True, slots=True)
class Blank(Line):
    """Whitespace before the first node."""


@dataclass(frozen=True, slots=True)
class Unparsed(Line):
    """Text that did not fit the grammar where it stands."""

    reason: str


@dataclass(frozen=True, slots=True)
class UnknownLine(WrapperLine):
    """A line the grammar accepts only as free text at this place (wrapper, trailer)."""

    text: str


# archival wrapper


@dataclass(frozen=True, slots=True)
class PageHeader(WrapperLine):
    """``PAGE 02 ATHENS 02959 171944Z``; the parts after the page number vary by era."""

    page: int | None
    mrn: MessageNumber | None
    section: SectionMark | None
    time: str | None
    groups: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ReceiptTime(WrapperLine):
    """``TOR: 280319Z MAY 89`` (time of receipt) or ``TOT:`` (time of transmission)."""

    label: str
    dtg: DateTimeGroup | None
    rest: str


@dataclass(frozen=True, slots=True)
class Label(WrapperLine):
    """A print-system label on its own line: ``HEADER:``, ``BODY:``, ``END OF MESSAGE``."""

    name: str


@dataclass(frozen=True, slots=True)
class ReleaseStamp(WrapperLine):
    text: str


@dataclass(frozen=True, slots=True)
class ContainerRecord(WrapperLine):
    """The leading fields of a record in a container format (cables.csv: row, date,
    reference id, origin, classification, references)."""

    format: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoutingSlip(WrapperLine):
    """A printout's office distribution slip: ``@INFO: D(01) EAP(01) ...``."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class FormBanner(WrapperLine):
    """A printed form's banner: ``CLASSIFIED MESSAGE``, ``Intelligence Information Cable``."""

    text: str


@dataclass(frozen=True, slots=True)
class CiteLine(HeaderLine):
    """CIA ``CITE TOKYO 30260``: the station and its message number."""

    mrn: MessageNumber | None
    text: str


@dataclass(frozen=True, slots=True)
class ClassificationMark(TextLine):
    """A classification on a line of its own (page top or bottom), no MRN."""

    classification: Classification
    rest: str


# transmission header


@dataclass(frozen=True, slots=True)
class TransmissionId(HeaderLine):
    """FL1: ``VZCZCXRO0379``."""

    channel: str | None


@dataclass(frozen=True, slots=True)
class RoutingLine(HeaderLine):
    """FL2: precedence prosign + routing indicators (may wrap)."""

    prosign: Precedence
    indicators: tuple[RoutingIndicator, ...]
    extra: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class JanapRoutingLine(HeaderLine):
    """JANAP 128 style FL2: ``RAAUZYUW RUENAAA0542 1451230-UUUU--RUENAVY RUENCGU.``"""

    code: str
    precedence: Precedence
    originator: RoutingIndicator
    ssn: StationSerial
    filing: FilingTime
    security: str
    indicators: tuple[RoutingIndicator, ...]


@dataclass(frozen=True, slots=True)
class DeLine(HeaderLine):
    """FL3: ``DE RUEHC #0284/01 0041825``."""

    originator: RoutingIndicator | None
    ssn: StationSerial | None
    section: int | None
    filing: FilingTime | None
    extra: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class SecurityLine(HeaderLine):
    """FL4: ``ZNY SSSSS ZOC STATE ZZH``."""

    signal: str
    group: SecurityGroup | None
    signals: tuple[OperatingSignal, ...]
    extra: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class DtgLine(HeaderLine):
    """FL5: ``P R 041820Z JAN 10 ZFF4``."""

    precedences: tuple[Precedence, ...]
    dtg: DateTimeGroup
    signals: tuple[OperatingSignal, ...]
    extra: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class FromLine(HeaderLine):
    """FL6: ``FM SECSTATE WASHDC``."""

    address: Address


@dataclass(frozen=True, slots=True)
class AddressBlock(HeaderLine):
    """FL7-FL9: ``TO``, ``INFO`` or ``XMT`` with one addressee per line."""

    keyword: str
    addresses: tuple[Address, ...]
    page_headers: tuple[PageHeader, ...]


@dataclass(frozen=True, slots=True)
class DistributionBlock(HeaderLine):
    """``ORIGIN``/``ACTION``/``INFO`` office codes with copy counts, ``/007R`` total."""

    keyword: str
    offices: tuple[Group, ...]
    total: str | None
    extra: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class DraftingLine(HeaderLine):
    """``DRAFTED BY ...``, ``APPROVED BY ...``, ``CLEARED BY ...``."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class AccountingLine(HeaderLine):
    """FL10: accounting symbol and group count (``STATE GRNC``: groups not counted)."""

    symbol: str
    group_count: str


@dataclass(frozen=True, slots=True)
class DashCounter(HeaderLine):
    """``--------------------- 092911`` relay-centre counter line."""

    groups: tuple[str, ...]


# text: front matter


@dataclass(frozen=True, slots=True)
class ClassificationLine(TextLine):
    """First text line: classification [+ SECTION n OF m] + MRN [+ TOSEC n]."""

    classification: Classification
    section: SectionMark | None
    mrn: MessageNumber | None
    series: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class MrnLine(TextLine):
    """An MRN on a line of its own (``STATE 170194``)."""

    mrn: MessageNumber
    series: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class Caption(TextLine):
    name: str


@dataclass(frozen=True, slots=True)
class EoLine(TextLine):
    """``E.O. 12356: DECL: OADR``."""

    order: str
    declassify: str | None
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class TagsLine(TextLine):
    """A TAGS line. ``tags`` are the entries as the decoder reads them (``decoded``, the
    field read once by the Builder; None when the decoder found no field on this line)."""

    tags: tuple[Tag, ...]
    extra: tuple[Group, ...]
    decoded: Tags | None = None


@dataclass(frozen=True, slots=True)
class SubjectLine(TextLine):
    """A subject line: ``text`` as the grammar found it, ``decoded`` the subject read
    (entities decoded, WikiLeaks' `` \\`` dropped, continuation lines joined)."""

    text: str
    decoded: Subject | None = None


@dataclass(frozen=True, slots=True)
class ReferenceBlock(TextLine):
    """A REF block: ``references`` the grammar's items, ``decoded`` the typed cited items
    (kind, letter, office, serial, year, year_inferred, reference id)."""

    references: tuple[Reference, ...]
    text: str
    decoded: References | None = None


@dataclass(frozen=True, slots=True)
class ClassifiedBy(TextLine):
    """A ``Classified By`` line: ``decoded`` the statement read (names, title, reasons)."""

    text: str
    decoded: Statement | None = None


@dataclass(frozen=True, slots=True)
class MilitarySet(TextLine):
    """A USMTF set of a military message: ``MSGID/GENADMIN/CNO WASHINGTON DC/N1/JUL//``."""

    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FrontText(TextLine):
    """A line of the front matter that is no field: a passing line, an unnumbered paragraph."""

    text: str


# text: body and trailer


@dataclass(frozen=True, slots=True)
class TextBlock(TextLine):
    """Paragraph text up to the next interruption (page header, stamp, BT, ...)."""

    text: str


@dataclass(frozen=True, slots=True)
class Separator(Line):
    """``BT``."""


@dataclass(frozen=True, slots=True)
class SsnLine(TrailerLine):
    """Trailer ``#0194``."""

    ssn: StationSerial


@dataclass(frozen=True, slots=True)
class EndOfMessage(TrailerLine):
    """``NNNN`` (or ``NNN``, ``NMAFVVZCZ`` tape residue)."""

    marker: str


@dataclass(frozen=True, slots=True)
class AttributeLine(WrapperLine):
    """AAD trailer ``*** Current Handling Restrictions *** n/a``."""

    text: str


# ------------------------------------------------------------------ layers


@dataclass(frozen=True, slots=True)
class Envelope:
    """A relay envelope: routing line(s) and a security line before the original header."""

    routing: tuple[RoutingLine, ...]
    security: SecurityLine | None


@dataclass(frozen=True, slots=True)
class Header:
    """The transmission header of the original message."""

    lines: tuple[Line, ...]
    transmission_id: TransmissionId | None
    routing: tuple[RoutingLine | JanapRoutingLine, ...]
    de: DeLine | None
    security: SecurityLine | None
    dtg: DtgLine | None
    from_: FromLine | None
    to: tuple[Address, ...]
    info: tuple[Address, ...]
    xmt: tuple[Address, ...]
    distribution: tuple[DistributionBlock, ...]


@dataclass(frozen=True, slots=True)
class Text:
    """The message text: front matter fields and body blocks."""

    lines: tuple[Line, ...]
    classification: ClassificationLine | None
    mrn: MessageNumber | None
    captions: tuple[Caption, ...]
    eo: EoLine | None
    tags: TagsLine | None
    subject: SubjectLine | None
    references: tuple[ReferenceBlock, ...]
    classified_by: ClassifiedBy | None
    blocks: tuple[TextBlock, ...]
    signature: str | None
