"""The parsed cable: top-level nodes and the layers read from them (wrapper, envelopes,
header, text, trailer). The flat record is in :mod:`teletype.record`, the layout in
:mod:`teletype.layout`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .decode.sources import Sources, read_sources
from .diagnostics import Diagnostic, Severity
from .layout import Layout, detect_layout
from .nodes import (
    Address,
    AddressBlock,
    Caption,
    ClassificationLine,
    ClassificationMark,
    ClassifiedBy,
    DeLine,
    DistributionBlock,
    DtgLine,
    Envelope,
    EoLine,
    FromLine,
    FrontText,
    Header,
    HeaderLine,
    JanapRoutingLine,
    Line,
    MessageNumber,
    MrnLine,
    ReferenceBlock,
    RoutingLine,
    SecurityLine,
    Separator,
    SubjectLine,
    TagsLine,
    Text,
    TextBlock,
    TextLine,
    TrailerLine,
    TransmissionId,
)
from .record import RECORD_KEYS, make_record
from .slots import slot_maker

if TYPE_CHECKING:
    from .decode.fields import FrontMatter

__all__ = ["RECORD_KEYS", "Cable", "assemble"]  # RECORD_KEYS: the record's own, in teletype.record


@dataclass(frozen=True, slots=True)
class Cable:
    """A parsed cable. ``nodes`` tile the input; the other fields are views of them."""

    source: str | None
    nodes: tuple[Line, ...]
    diagnostics: tuple[Diagnostic, ...]
    wrapper: tuple[Line, ...]
    envelopes: tuple[Envelope, ...]
    header: Header | None
    text: Text | None
    trailer: tuple[Line, ...]
    layout: Layout
    encoding: str | None = None
    #: the MRN, date and classification read from other places than their own lines
    sources: Sources = Sources()
    #: the front-matter fields read once by the Builder (:meth:`Builder.read_front_matter`):
    #: tags, subject, references, classified-by, signers, summary; also for a text the
    #: grammar found no front-matter lines in (a snippet, a misspelt label)
    front: FrontMatter | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def render(self) -> str:
        """The input text, exactly (the top-level nodes tile it)."""
        return "".join(node.raw for node in self.nodes)

    def record(self) -> dict[str, Any]:
        """One flat dict for archive tools; keys are :data:`RECORD_KEYS`."""
        return make_record(self)

    def _repr_html_(self) -> str:
        """The HTML view of :mod:`teletype.view`, for Jupyter notebooks."""
        from .view import notebook_html

        return notebook_html(self)


# ---------------------------------------------------------------------- layers


# Cable, Header and Text made by their slots' setters, every field given in order (half
# the time of the dataclasses' own __init__ with a dozen keywords)
_cable = slot_maker(Cable)
_header = slot_maker(Header)
_text_of = slot_maker(Text)


def assemble(
    source: str | None,
    nodes: list[Line],
    diagnostics: list[Diagnostic],
    encoding: str | None = None,
    front: FrontMatter | None = None,
) -> Cable:
    header_lines: list[Line] = []
    wrapper: list[Line] = []
    text_lines: list[Line] = []
    trailer: list[Line] = []
    seen_text = False
    for node in nodes:
        if isinstance(node, HeaderLine):
            # military messages put the DTG after FM/TO and the classification
            header_lines.append(node)
        elif isinstance(node, TextLine):
            seen_text = True
            text_lines.append(node)
        elif isinstance(node, TrailerLine) or (isinstance(node, Separator) and seen_text):
            trailer.append(node)
        elif isinstance(node, Separator):
            header_lines.append(node)
        else:
            wrapper.append(node)
    envelopes, header = _split_header(header_lines)
    text = _text(text_lines) if text_lines else None
    sources = _sources(nodes, header, text)
    diagnostics = diagnostics + list(sources.diagnostics)
    return _cable(  # source, nodes, diagnostics, wrapper, envelopes, header, text, trailer,
        # layout, encoding, sources, front
        source, tuple(nodes), tuple(sorted(diagnostics, key=_diagnostic_order)),
        tuple(wrapper), envelopes, header, text, tuple(trailer),
        detect_layout(header, text, wrapper, drafted=sources.date_source == "drafted"),
        encoding, sources, front)


def _sources(nodes: list[Line], header: Header | None, text: Text | None) -> Sources:
    """The fields the cable's own lines lack, from the other places they are printed."""
    has_class = text is not None and (text.classification is not None or any(
        isinstance(n, ClassificationMark) for n in text.lines))
    has_class = has_class or any(isinstance(n, ClassificationMark) for n in nodes) or (
        header is not None and header.security is not None and header.security.group is not None)
    de = header.de if header is not None else None
    return read_sources(
        nodes,
        have_mrn=text is not None and text.mrn is not None,
        have_date=header is not None and header.dtg is not None,
        have_classification=has_class,
        ssn=de.ssn.number if de is not None and de.ssn is not None else None,
        from_name=header.from_.address.name if header is not None and header.from_ else None,
    )


def _diagnostic_order(d: Diagnostic) -> tuple[int, str]:
    return (d.span.start if d.span else -1, d.code)


def _split_header(lines: list[Line]) -> tuple[tuple[Envelope, ...], Header | None]:
    """Separate relay envelopes (routing + security lines with no DE line) from the header."""
    if not lines:
        return (), None
    # routing groups: a run of routing lines and the security line that follows them
    envelopes: list[Envelope] = []
    first_de = next((i for i, n in enumerate(lines) if isinstance(n, DeLine)), None)
    limit = first_de if first_de is not None else len(lines)
    groups: list[tuple[int, int]] = []  # (start, end) index ranges of routing groups
    i = 0
    while i < limit:
        if isinstance(lines[i], RoutingLine):
            j = i
            while j < limit and isinstance(lines[j], RoutingLine):
                j += 1
            if j < limit and isinstance(lines[j], SecurityLine):
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    # the last group is the header's own FL2 (and FL4 when there is no DE line)
    envelope_groups = groups[:-1]
    skip: set[int] = set()
    for start, end in envelope_groups:
        routing = tuple(n for n in lines[start:end] if isinstance(n, RoutingLine))
        security = next((n for n in lines[start:end] if isinstance(n, SecurityLine)), None)
        envelopes.append(Envelope(routing, security))
        skip.update(range(start, end))
    rest = [n for k, n in enumerate(lines) if k not in skip] if skip else lines

    # one pass over the lines (the kinds are apart: no node is two of them): the first of
    # each kind, the DTG lines, routing lines, distribution blocks, whether there is an FM
    transmission_id: TransmissionId | None = None
    de: DeLine | None = None
    security_line: SecurityLine | None = None
    dtg_lines: list[DtgLine] = []
    routing_lines: list[RoutingLine | JanapRoutingLine] = []
    distribution: list[DistributionBlock] = []
    has_from = False
    for n in rest:
        if isinstance(n, DtgLine):
            dtg_lines.append(n)
        elif isinstance(n, FromLine):
            has_from = True
        elif isinstance(n, (RoutingLine, JanapRoutingLine)):
            routing_lines.append(n)
        elif isinstance(n, DistributionBlock):
            distribution.append(n)
        elif isinstance(n, TransmissionId):
            if transmission_id is None:
                transmission_id = n
        elif isinstance(n, DeLine):
            if de is None:
                de = n
        elif isinstance(n, SecurityLine):
            if security_line is None:
                security_line = n

    # The DTG line of the message has precedence letters (printouts also carry bare
    # processing times); FM/TO/INFO are those after it when there are any (a mail
    # gateway's FM can stand before the message's own header).
    dtg = next((n for n in dtg_lines if n.precedences), dtg_lines[0] if dtg_lines else None)
    after = rest
    if dtg is not None and has_from:  # the lines from the DTG line on (found by identity)
        at = next(k for k, n in enumerate(rest) if n is dtg)
        after = rest[at:]
        if at and not any(isinstance(n, FromLine) for n in after):
            after = rest
    # ... up to the next header: printouts repeat the header before each section (with
    # the section's own MCNs), and glued cables bring their own
    from_ = None
    to: list[Address] = []
    info: list[Address] = []
    xmt: list[Address] = []
    for n in after:
        if isinstance(n, FromLine):
            if from_ is not None:
                break
            from_ = n
        elif from_ is not None and isinstance(n, DtgLine) and n.precedences:
            break
        elif isinstance(n, AddressBlock):
            keyword = n.keyword
            if keyword == "TO":
                to += n.addresses
            elif keyword == "INFO":
                info += n.addresses
            elif keyword == "XMT":
                xmt += n.addresses

    header = _header(  # lines, transmission_id, routing, de, security, dtg, from_, to, info,
        # xmt, distribution
        tuple(rest), transmission_id, tuple(routing_lines), de, security_line, dtg, from_,
        tuple(to), tuple(info), tuple(xmt), tuple(distribution))
    return tuple(envelopes), header


_SIGNATURE_ALONE = re.compile(r"^[=\-]?([A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)?)\.?$")
_SIGNATURE_TAIL = re.compile(r"[.!?\"')]\s+[=\-]?([A-Z][A-Z'\-]{2,})\.?$")
_NOT_SIGNATURES = frozenset({
    "END", "BT", "NNNN", "NNN", "UNCLAS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET",
    "TOP SECRET", "SIPDIS", "NOFORN", "SUMMARY", "END SUMMARY", "COMMENT", "END COMMENT",
    "LIMITED OFFICIAL USE", "TEXT", "END TEXT", "NODIS", "EXDIS",
})


def _signature(blocks: list[Line]) -> str | None:
    """The signer's surname: the last body line when it is a name on its own, or a name
    written after the last sentence (``... DISCUSSED. KIMMITT``)."""
    for block in reversed(blocks):
        text = block.text.strip() if isinstance(block, (TextBlock, FrontText)) else ""
        if not text:
            continue
        lines = _last_lines(text)
        last = lines[-1].strip()
        match = _SIGNATURE_ALONE.match(last)
        if match and len(lines) > 1 and lines[-2].rstrip().endswith(":"):
            return None  # the value of a label (DESIRED DISTRIBUTION: EAP), not a signer
        if match and match.group(1).upper() == match.group(1):
            name = match.group(1)
            return None if name in _NOT_SIGNATURES else name
        match = _SIGNATURE_TAIL.search(last)
        if match and match.group(1) not in _NOT_SIGNATURES:
            return match.group(1)
        return None
    return None


def _last_lines(text: str) -> list[str]:
    """``text.splitlines()``, or the tail of it that ends with its last two whole lines (a
    text block can be pages long; only its last lines are read)."""
    size = 512
    while size < len(text):
        lines = text[-size:].splitlines()
        if len(lines) >= 3:
            return lines
        size *= 4
    return text.splitlines()


#: Labels of a header field, never the office of an MRN line (``INFO. 22329``: the end of
#: a CIA report's ``DATE OF INFO.`` box with a number beside it).
_FIELD_LABELS = frozenset({"INFO", "TO", "FM", "FROM", "CITE", "REF", "REFS", "PAGE", "DATE",
                           "TOR", "TOT", "ACTION", "DISTR", "SUBJECT", "SUBJ", "NO"})


def _office_word(mrn: MessageNumber) -> bool:
    """Can the first word of an MRN line's office be an office (no field label)?"""
    words = mrn.office.split()
    return not words or words[0].rstrip(".:").upper() not in _FIELD_LABELS


def _text(lines: list[Line]) -> Text:
    # one pass over the lines (the kinds are apart: no node is two of them)
    class_line: ClassificationLine | None = None
    eo: EoLine | None = None
    tags: TagsLine | None = None
    subject: SubjectLine | None = None
    classified_by: ClassifiedBy | None = None
    mrn_lines: list[MrnLine] = []
    blocks: list[TextBlock] = []
    front_texts: list[FrontText] = []
    captions: list[Caption] = []
    references: list[ReferenceBlock] = []
    for n in lines:
        if isinstance(n, FrontText):
            front_texts.append(n)
        elif isinstance(n, TextBlock):
            blocks.append(n)
        elif isinstance(n, Caption):
            captions.append(n)
        elif isinstance(n, ReferenceBlock):
            references.append(n)
        elif isinstance(n, MrnLine):
            mrn_lines.append(n)
        elif isinstance(n, ClassificationLine):
            if class_line is None:
                class_line = n
        elif isinstance(n, EoLine):
            if eo is None:
                eo = n
        elif isinstance(n, TagsLine):
            if tags is None:
                tags = n
        elif isinstance(n, SubjectLine):
            if subject is None:
                subject = n
        elif isinstance(n, ClassifiedBy):
            if classified_by is None:
                classified_by = n
    mrn: MessageNumber | None = class_line.mrn if class_line else None
    if mrn is None:
        mrn_line = next((n for n in mrn_lines if _office_word(n.mrn)), None)
        mrn = mrn_line.mrn if mrn_line else None
    signature_source: list[Line] = list(blocks) or list(front_texts)
    return _text_of(  # lines, classification, mrn, captions, eo, tags, subject, references,
        # classified_by, blocks, signature
        tuple(lines), class_line, mrn, tuple(captions), eo, tags, subject, tuple(references),
        classified_by, tuple(blocks), _signature(signature_source))
