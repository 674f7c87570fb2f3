"""The parsed cable: top-level nodes, the layers read from them, and the flat record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import decode, decoders
from .diagnostics import Diagnostic, Severity
from .nodes import (
    AccountingLine,
    Address,
    AddressBlock,
    Caption,
    CiteLine,
    ClassificationLine,
    ClassificationMark,
    ClassifiedBy,
    DashCounter,
    DeLine,
    DistributionBlock,
    DraftingLine,
    DtgLine,
    EndOfMessage,
    Envelope,
    EoLine,
    FormBanner,
    FromLine,
    FrontText,
    Header,
    JanapRoutingLine,
    Line,
    MessageNumber,
    MilitarySet,
    MrnLine,
    PageHeader,
    ReferenceBlock,
    ReleaseStamp,
    RoutingLine,
    SecurityLine,
    Separator,
    SsnLine,
    SubjectLine,
    TagsLine,
    Text,
    TextBlock,
    TransmissionId,
)

HEADER_KINDS = (
    TransmissionId, RoutingLine, JanapRoutingLine, DeLine, SecurityLine, DtgLine, FromLine,
    AddressBlock, DistributionBlock, DraftingLine, DashCounter, AccountingLine, CiteLine,
)
TEXT_KINDS = (
    ClassificationLine, ClassificationMark, MrnLine, Caption, EoLine, TagsLine, SubjectLine,
    ReferenceBlock, ClassifiedBy, FrontText, TextBlock, MilitarySet,
)
TRAILER_KINDS = (SsnLine, EndOfMessage)

RECORD_KEYS = (
    "source", "layout", "transmission_id", "precedence", "dtg", "originator_ri", "ssn",
    "filed", "security", "from", "to", "info", "classification", "captions", "mrn",
    "section", "eo", "declassify", "tags", "subject", "references", "classified_by",
    "signature", "reference_id", "errors", "warnings",
)

LAYOUTS = ("acp127", "military", "cia", "foia", "dtg-only", "distribution", "cfpf",
           "text-only", "unknown")


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
    layout: str
    encoding: str | None = None

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


def assemble(
    source: str | None,
    nodes: list[Line],
    diagnostics: list[Diagnostic],
    encoding: str | None = None,
) -> Cable:
    header_lines: list[Line] = []
    wrapper: list[Line] = []
    text_lines: list[Line] = []
    trailer: list[Line] = []
    seen_text = False
    for node in nodes:
        if isinstance(node, HEADER_KINDS):
            # military messages put the DTG after FM/TO and the classification
            header_lines.append(node)
        elif isinstance(node, TEXT_KINDS):
            seen_text = True
            text_lines.append(node)
        elif isinstance(node, TRAILER_KINDS) or (isinstance(node, Separator) and seen_text):
            trailer.append(node)
        elif isinstance(node, Separator):
            header_lines.append(node)
        else:
            wrapper.append(node)
    envelopes, header = _split_header(header_lines)
    text = _text(text_lines) if text_lines else None
    cable = Cable(
        source=source,
        nodes=tuple(nodes),
        diagnostics=tuple(sorted(diagnostics, key=_diagnostic_order)),
        wrapper=tuple(wrapper),
        envelopes=envelopes,
        header=header,
        text=text,
        trailer=tuple(trailer),
        layout=_layout(header, text, wrapper),
        encoding=encoding,
    )
    return cable


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
    rest = [n for k, n in enumerate(lines) if k not in skip]

    def first(kind: type[Any]) -> Any:
        return next((n for n in rest if isinstance(n, kind)), None)

    # The DTG line of the message has precedence letters (printouts also carry bare
    # processing times); FM/TO/INFO are those after it when there are any (a mail
    # gateway's FM can stand before the message's own header).
    dtg_lines = [n for n in rest if isinstance(n, DtgLine)]
    dtg = next((n for n in dtg_lines if n.precedences), dtg_lines[0] if dtg_lines else None)
    after = rest[rest.index(dtg):] if dtg is not None else rest
    if not any(isinstance(n, FromLine) for n in after):
        after = rest
    # ... up to the next header: printouts repeat the header before each section (with
    # the section's own MCNs), and glued cables bring their own
    first_from = next((k for k, n in enumerate(after) if isinstance(n, FromLine)), None)
    if first_from is not None:
        end = next((first_from + 1 + k for k, n in enumerate(after[first_from + 1:])
                    if isinstance(n, FromLine) or (isinstance(n, DtgLine) and n.precedences)),
                   len(after))
        after = after[:end]

    def addresses(keyword: str) -> tuple[Address, ...]:
        return tuple(
            a for n in after if isinstance(n, AddressBlock) and n.keyword == keyword
            for a in n.addresses
        )

    header = Header(
        lines=tuple(rest),
        transmission_id=first(TransmissionId),
        routing=tuple(n for n in rest if isinstance(n, (RoutingLine, JanapRoutingLine))),
        de=first(DeLine),
        security=first(SecurityLine),
        dtg=dtg,
        from_=next((n for n in after if isinstance(n, FromLine)), None),
        to=addresses("TO"),
        info=addresses("INFO"),
        xmt=addresses("XMT"),
        distribution=tuple(n for n in rest if isinstance(n, DistributionBlock)),
    )
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
        last = text.splitlines()[-1].strip()
        match = _SIGNATURE_ALONE.match(last)
        if match and match.group(1).upper() == match.group(1):
            name = match.group(1)
            return None if name in _NOT_SIGNATURES else name
        match = _SIGNATURE_TAIL.search(last)
        if match and match.group(1) not in _NOT_SIGNATURES:
            return match.group(1)
        return None
    return None


def _text(lines: list[Line]) -> Text:
    def first(kind: type[Any]) -> Any:
        return next((n for n in lines if isinstance(n, kind)), None)

    class_line: ClassificationLine | None = first(ClassificationLine)
    mrn: MessageNumber | None = class_line.mrn if class_line else None
    if mrn is None:
        mrn_line: MrnLine | None = first(MrnLine)
        mrn = mrn_line.mrn if mrn_line else None
    blocks = [n for n in lines if isinstance(n, TextBlock)]
    signature_source: list[Line] = list(blocks) or [n for n in lines if isinstance(n, FrontText)]
    return Text(
        lines=tuple(lines),
        classification=class_line,
        mrn=mrn,
        captions=tuple(n for n in lines if isinstance(n, Caption)),
        eo=first(EoLine),
        tags=first(TagsLine),
        subject=first(SubjectLine),
        references=tuple(n for n in lines if isinstance(n, ReferenceBlock)),
        classified_by=first(ClassifiedBy),
        blocks=tuple(blocks),
        signature=_signature(signature_source),
    )


_MILITARY_SERIES = ("NAVADMIN", "ALNAV", "NAVOP", "ALNAVRESFOR", "MARADMIN", "ALMAR", "ALCOAST")


def _layout(header: Header | None, text: Text | None, wrapper: list[Line]) -> str:
    """Name the layout (docs/layouts.md): the header form first, the document form next."""
    lines = list(header.lines) if header is not None else []
    banners = [n.text.upper() for n in wrapper if isinstance(n, (FormBanner, ReleaseStamp))]
    if any(isinstance(n, CiteLine) for n in lines) or any(
            "ASSASSINATION RECORDS" in b or "INTELLIGENCE" in b or "CLASSIFIED MESSAGE" in b
            for b in banners):
        return "cia"
    mrn_lines = [n for n in (text.lines if text else ()) if isinstance(n, MrnLine)]
    if any(isinstance(n, JanapRoutingLine) for n in lines) or any(
            n.mrn.office in _MILITARY_SERIES for n in mrn_lines) or any(
            isinstance(n, MilitarySet) and n.name == "MSGID" for n in (text.lines if text else ())):
        return "military"
    if header is not None and (header.routing or header.de or header.transmission_id):
        return "acp127"
    if any("CASENO" in b.replace(" ", "") for b in banners):
        return "foia"
    if header is not None:
        if any(isinstance(n, (DashCounter, DraftingLine)) for n in lines):
            return "cfpf"
        if header.distribution:
            return "distribution"
        if header.dtg or header.from_:
            return "dtg-only"
    if text is not None:
        return "text-only"
    return "unknown"


# ---------------------------------------------------------------------- record


def _iso(value: Any) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def make_record(cable: Cable) -> dict[str, Any]:
    header, text = cable.header, cable.text
    dtg_line = header.dtg if header else None
    dtg = dtg_line.dtg.value if dtg_line else None

    precedence = None
    if dtg_line and dtg_line.precedences:
        precedence = dtg_line.precedences[0].word
    elif header and header.routing:
        first = header.routing[-1]
        precedence = (first.prosign if isinstance(first, RoutingLine) else first.precedence).word
    elif header and header.to and header.to[0].precedence:
        precedence = header.to[0].precedence.word

    originator = ssn = filed = None
    de = header.de if header else None
    janap = next((r for r in header.routing if isinstance(r, JanapRoutingLine)), None) if header \
        else None
    if de is not None:
        originator = de.originator.code if de.originator else None
        ssn = de.ssn.number if de.ssn else None
        filing = de.filing
    elif janap is not None:
        originator, ssn, filing = janap.originator.code, janap.ssn.number, janap.filing
    else:
        filing = None
    if filing is not None:
        filed = decode.filed_datetime(filing.day_of_year, filing.hour, filing.minute, dtg)

    security_line = header.security if header else None
    security = security_line.group.level if security_line and security_line.group else None

    classification = None
    class_mark = next(
        (n for n in (text.lines if text else ()) if isinstance(n, ClassificationMark)), None
    ) or next((n for n in cable.wrapper if isinstance(n, ClassificationMark)), None)
    if text and text.classification:
        classification = text.classification.classification.level
    elif class_mark is not None:
        classification = class_mark.classification.level
    elif security:
        classification = security.replace(" EFTO", "")

    mrn = text.mrn if text else None
    if mrn is None and header is not None:
        cite = next((n for n in header.lines if isinstance(n, CiteLine) and n.mrn), None)
        mrn = cite.mrn if cite else None
    section = None
    if text and text.classification and text.classification.section:
        mark = text.classification.section
        section = [mark.number, mark.total]

    eo = text.eo if text else None
    tags = [t.code + (f" ({t.person})" if t.person else "") for t in text.tags.tags] \
        if text and text.tags else []
    references = [
        r.mrn.text for block in (text.references if text else ()) for r in block.references
        if r.mrn is not None
    ]
    reference_id = decoders.reference_id(mrn, dtg.year if dtg else None) if mrn else None

    return {
        "source": cable.source,
        "layout": cable.layout,
        "transmission_id": header.transmission_id.raw.strip() if header and
        header.transmission_id else None,
        "precedence": precedence,
        "dtg": _iso(dtg),
        "originator_ri": originator,
        "ssn": ssn,
        "filed": _iso(filed),
        "security": security,
        "from": header.from_.address.name if header and header.from_ else None,
        "to": [a.name for a in header.to] if header else [],
        "info": [a.name for a in header.info] if header else [],
        "classification": classification,
        "captions": [c.name for c in text.captions] if text else [],
        "mrn": mrn.text if mrn else None,
        "section": section,
        "eo": eo.order if eo else None,
        "declassify": eo.declassify if eo else None,
        "tags": tags,
        "subject": text.subject.text if text and text.subject else None,
        "references": references,
        "classified_by": text.classified_by.text if text and text.classified_by else None,
        "signature": text.signature if text else None,
        "reference_id": reference_id,
        "errors": cable.errors,
        "warnings": cable.warnings,
    }


def page_headers(cable: Cable) -> list[PageHeader]:
    return [n for n in cable.nodes if isinstance(n, PageHeader)]
