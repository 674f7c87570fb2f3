"""The flat record of a cable: one dict of decoded fields for archive tools (docs/json.md).

:data:`RECORD_KEYS` are its keys, in order; ``schemas/record.schema.json`` describes them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import decode
from .decode import fields
from .decode.sources import Sources, cia_sender, originator_address
from .nodes import (
    Address,
    CiteLine,
    ClassificationMark,
    JanapRoutingLine,
    MessageNumber,
    RoutingLine,
)
from .source import Span

if TYPE_CHECKING:
    from .cable import Cable

RECORD_KEYS = (
    "source", "layout", "transmission_id", "precedence", "dtg", "date", "date_source",
    "originator_ri", "ssn", "filed", "security", "from", "to", "info", "excluded",
    "classification", "captions", "mrn", "mrn_source", "section", "eo", "declassify", "tags",
    "tag_persons", "tag_free_text", "subject", "references", "reference_ids", "classified_by",
    "classified_by_names", "classified_by_title", "classification_reasons", "signature",
    "signers", "summary", "reference_id", "errors", "warnings",
)


_NO_SPAN = Span(0, 0, 1, 1, 1, 1)


def _cite_station(cable: Cable) -> str | None:
    """Without an FM line, a CIA print's sending station: the office of its ``CITE STATION
    SERIAL`` line; without one, the station of its TOT line or of its FROM box."""
    lines = cable.header.lines if cable.header is not None else ()
    cite = next((n for n in lines if isinstance(n, CiteLine) and n.mrn is not None), None)
    if cite is not None and cite.mrn is not None:
        return " ".join(cite.mrn.office.split())
    return cia_sender(cable.nodes)


def is_mrn_line(address: Address, sources: Sources) -> bool:
    """Is this addressee the garbled MRN line the redundant sources read?"""
    where = sources.mrn_line
    return where is not None and where[0] <= address.span.start < where[1]


def _names(addresses: tuple[Address, ...], sources: Sources) -> list[str]:
    """The names of ``addresses`` without the garbled MRN line (:func:`is_mrn_line`)."""
    if sources.mrn_line is None:  # most cables: no address is that line
        return [a.name for a in addresses]
    return [a.name for a in addresses if not is_mrn_line(a, sources)]


def _iso(value: datetime | None) -> str | None:
    """``value.strftime("%Y-%m-%dT%H:%M:%SZ")``, formatted from its fields (several times
    faster); strftime itself for years before 1000, which it does not pad."""
    if value is None:
        return None
    if value.year < 1000:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (  # noqa: UP031 - faster than an f-string
        value.year, value.month, value.day, value.hour, value.minute, value.second)


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
    # the military (JANAP) routing line, looked for only without a DE line
    janap = next((r for r in header.routing if isinstance(r, JanapRoutingLine)), None) \
        if header and de is None else None
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
    if text and text.classification:
        classification = text.classification.classification.level
    else:  # a bare marking (NAVADMIN UNCLAS), looked for only without a classification line
        class_mark = next(
            (n for n in (text.lines if text else ()) if isinstance(n, ClassificationMark)),
            None) or next((n for n in cable.wrapper if isinstance(n, ClassificationMark)), None)
        if class_mark is not None:
            classification = class_mark.classification.level
        elif security:
            classification = security.replace(" EFTO", "")

    sources = cable.sources
    if classification is None:
        classification = sources.classification
    # a CIA print's CITE is the station and its serial, never the MRN (issue 13)
    mrn = text.mrn if text else None
    mrn_text = mrn.text if mrn else sources.mrn
    mrn_source = ("mrn line" if mrn else sources.mrn_source) if mrn_text else None
    section = None
    if text and text.classification and text.classification.section:
        mark = text.classification.section
        section = [mark.number, mark.total]
    elif mrn is None and sources.section:
        section = list(sources.section)
    date = dtg.date().isoformat() if dtg else sources.date
    date_source = ("dtg" if dtg else sources.date_source) if date else None

    eo = text.eo if text else None
    # XMT lines exclude posts from a collective: no addressees (decode.fields.xmt)
    to, to_excluded = fields.split_exclusions(_names(header.to, sources) if header else [])
    info, info_excluded = fields.split_exclusions(_names(header.info, sources) if header else [])
    excluded = [{"name": x.name, "collective": x.collective}
                for x in (*to_excluded, *info_excluded)] if to_excluded or info_excluded else []
    if header is not None and header.xmt:
        collective = next((n for n in reversed(to + info) if "COLLECTIVE" in n.upper()), None)
        excluded += [{"name": a.name, "collective": collective} for a in header.xmt]

    front = cable.front
    tags_node = text.tags if text else None
    tag_items = tags_node.decoded.items if tags_node is not None and tags_node.decoded \
        else front.tags.items if front and front.tags else ()
    tags = [i.value + (f" ({i.person})" if i.person else "") for i in tag_items
            if i.kind != "free"]
    cited = list(front.references.items) if front else []
    for block in text.references if text else ():
        if block.decoded is not None and (front is None or block.decoded is not front.references):
            cited.extend(block.decoded.items)
    cables = [c for c in cited if c.kind == "cable"]
    node = text.classified_by if text else None
    statement = (node.decoded if node is not None and node.decoded is not None
                 else front.classified_by if front else None)
    # the line's text when it holds a statement; else one found elsewhere (paragraph 1);
    # else the line as written ("Derived from DSCG 05-01")
    classified_by = node.text if node is not None and node.decoded is not None \
        else statement.text if statement is not None else node.text if node is not None \
        else None
    subject_node = text.subject if text else None
    subject = subject_node.decoded if subject_node is not None and subject_node.decoded \
        else front.subject if front else None
    # the year of the cable's transmission date: the DTG's, or one read where the DTG is
    # printed again (a damaged DTG line, a page header); never a drafting or receipt date
    year = dtg.year if dtg else int(date[:4]) if date and date_source in (
        "dtg", "page header") else None
    if mrn is not None:
        reference_id = decode.reference_id(mrn, year)
    elif mrn_text is not None:
        office, _, number = mrn_text.rpartition(" ")
        reference_id = decode.reference_id(MessageNumber("", _NO_SPAN, None, office, number), year)
    else:
        reference_id = None

    return {
        "source": cable.source,
        "layout": cable.layout._value_,  # .value, without enum.property's __get__
        "transmission_id": header.transmission_id.raw.strip() if header and
        header.transmission_id else None,
        "precedence": precedence,
        "dtg": _iso(dtg),
        "date": date,
        "date_source": date_source,
        "originator_ri": originator,
        "ssn": ssn,
        "filed": _iso(filed),
        "security": security,
        "from": originator_address(header.from_.address.name) if header and header.from_
        else _cite_station(cable),
        "to": list(to),
        "info": list(info),
        "excluded": excluded,
        "classification": classification,
        "captions": [c.name for c in text.captions] if text else [],
        "mrn": mrn_text,
        "mrn_source": mrn_source,
        "section": section,
        "eo": eo.order if eo else None,
        "declassify": eo.declassify if eo else None,
        "tags": tags,
        "tag_persons": [i.person for i in tag_items if i.person],
        "tag_free_text": [i.value for i in tag_items if i.kind == "free"],
        "subject": subject.text if subject is not None else None,
        "references": [c.text for c in cables],
        "reference_ids": [c.reference_id for c in cables if c.reference_id is not None],
        "classified_by": classified_by,
        "classified_by_names": list(statement.names) if statement else [],
        "classified_by_title": statement.title if statement else None,
        "classification_reasons": list(statement.reasons) if statement else [],
        "signature": text.signature if text else None,
        "signers": list(front.signers.names) if front else [],
        "summary": front.summary.value if front and front.summary else None,
        "reference_id": reference_id,
        # Cable.errors and .warnings, counted only when there are diagnostics (most cables
        # have none)
        "errors": cable.errors if cable.diagnostics else 0,
        "warnings": cable.warnings if cable.diagnostics else 0,
    }
