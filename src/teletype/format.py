"""Canonical formatting: a clean copy of a cable in the standard ACP-127/State layout.

:func:`format` writes a cable again from its *decoded* values, one field per line, with
normalised spacing. It is **lossy by design**: the archival wrapper (page headers, ``TOR:``,
release stamps, print-system labels), distribution and drafting blocks, relay counters,
unrecognised groups, unparsed lines, blank-line layout and original line wrapping are not
written. Use :func:`teletype.render` for the exact input text (lossless).

What it writes, in this order (each part only when the cable has it)::

    VZCZCXRO4127                          FL1
    OO RUEAIIB                            relay envelope(s): routing + security line
    ZNY SSSSS ZOC STATE ZZH
    PP RUEHC RUEHCP ...                   FL2, wrapped at 69 columns
    DE RUEHHE #0312/01 2681437            FL3
    ZNY CCCCC ZZH                         FL4
    P R 251432Z SEP 09                    FL5
    FM AMEMBASSY HELSINKI                 FL6
    TO RUEHC/SECSTATE WASHDC PRIORITY 5318   FL7-FL9, one addressee per line
    STATE GRNC                            FL10
    BT
    C O N F I D E N T I A L SECTION 01 OF 02 HELSINKI 000312
    SIPDIS                                captions, one per line
    E.O. 12958: DECL: 09/25/2019
    TAGS: PREL, SENV, FI
    SUBJECT: ...                          wrapped at 69 columns
    REF: A. STATE 97214
         B. HELSINKI 288
    Classified By: ...
    1. (C) ...                            body blocks as they are (signature included)
    BT
    #0312
    NNNN

A parse of the formatted text decodes to the same record fields as the original for the
header and front-matter fields (precedence, DTG, originator, SSN, filing time, security,
FM/TO/INFO, classification, captions, MRN, section, E.O., TAGS, subject, references,
classified by, signature), provided the original's values themselves fit the layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from . import facts
from .cable import Cable
from .nodes import (
    AccountingLine,
    Address,
    Caption,
    CiteLine,
    ClassificationLine,
    ClassifiedBy,
    DateTimeGroup,
    DeLine,
    DtgLine,
    FilingTime,
    FrontText,
    Group,
    JanapRoutingLine,
    Line,
    MessageNumber,
    Node,
    ReferenceBlock,
    RoutingLine,
    SecurityLine,
    SsnLine,
    TextBlock,
)
from .record import is_mrn_line

__all__ = ["WIDTH", "continuations", "format", "format_address", "format_dtg", "wrap"]

#: Maximum line length of the formatted copy (ACP 127 §138.f).
WIDTH = 69

# The classification words as State writes them on the first text line (letter-spaced for
# the classified levels, UNCLAS for unclassified).
_CLASS_WORDS = {
    "UNCLASSIFIED": "UNCLAS",
    "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
    **{level: facts.spaced(level) for level in ("CONFIDENTIAL", "SECRET", "TOP SECRET")},
}
_SPACED_QUALIFIERS = frozenset(facts.CLASSIFICATION_QUALIFIERS)

# A wrapped value's next line must not look like the start of another field, a paragraph
# or a trailer line (mirrors the grammar's continuation-newline lookahead).
_NOT_CONTINUATION = re.compile(
    r"(?i:E\.? ?O\.? ?\d|EO \d|TAGS?\b|SUBJ|REF|CLASSIFIED BY|PAGE[ \t]+\d|BT$|NNNN|SUMMARY"
    r"|BEGIN|END\b|\d{1,2}[ \t]?[\.\)](?:[ \t]|\()|¶|\*\*\*|-{5}|Declassified)"
)
_DECL_KEYWORD = re.compile(r"(?i)(DECL|DNG|DECLAS)\s*:")
_REF_KEYWORD = re.compile(r"(?i)^(?:¶\s*)?(?:REFTELS?|REFS?)\s*:?")
_BULLET = re.compile(r"¶?([A-Za-z])[.)]")


def _squash(text: str) -> str:
    return " ".join(text.split())


def wrap(first: str, words: Sequence[str], *, indent: str = "", width: int = WIDTH) -> list[str]:
    """Greedy wrap of ``words`` after ``first`` (a line prefix such as ``"SUBJECT:"``).

    Continuation lines start with ``indent``. A continuation line that would read as the
    start of another field is joined back onto the line before it (which then runs long).
    """
    lines: list[str] = []
    line = first
    for word in words:
        candidate = f"{line} {word}" if line else word
        if len(candidate) > width and line.strip() and line != first:
            lines.append(line)
            line = indent + word
        else:
            line = candidate
    lines.append(line)
    return continuations(lines)


def continuations(lines: Sequence[str]) -> list[str]:
    """Join each line after the first that would not read as a continuation (a keyword,
    a paragraph number, a page header ...) onto the line before it."""
    merged: list[str] = list(lines[:1])
    for cont in lines[1:]:
        if _NOT_CONTINUATION.match(cont.strip()):
            merged[-1] = f"{merged[-1]} {cont.strip()}"
        else:
            merged.append(cont)
    return merged


def format_dtg(dtg: DateTimeGroup) -> str:
    """``DDHHMMZ MON YY`` from the decoded values (the year keeps its written width);
    the raw group with normalised spacing when it does not decode."""
    if dtg.value is None:
        return _squash(dtg.raw)
    year_raw = dtg.raw.split()[-1] if len(dtg.raw.split()) >= 3 else ""
    year = f"{dtg.value.year:04d}" if len(year_raw) == 4 else f"{dtg.value.year % 100:02d}"
    value = dtg.value
    month = facts.month_abbreviation(value.month)
    return f"{value.day:02d}{value.hour:02d}{value.minute:02d}Z {month} {year}"


def format_address(address: Address) -> str:
    """``[RI/]PLAIN LANGUAGE ADDRESS [PRECEDENCE] [MCN]``."""
    name = f"ZEN/{address.name}" if address.zen else address.name
    parts = [f"{address.ri.code}/{name}" if address.ri else name]
    if address.precedence is not None:
        parts.append(_squash(address.precedence.word or address.precedence.raw))
    if address.mcn:
        parts.append(address.mcn)
    return " ".join(p for p in parts if p)


def _in_order(*groups: Iterable[Node]) -> list[Node]:
    return sorted((g for group in groups for g in group), key=lambda g: g.span.start)


def _routing(line: RoutingLine) -> list[str]:
    prosign = (line.prosign.letter or line.prosign.raw[:1]) * 2
    return wrap(prosign, [ri.code for ri in line.indicators])


def _janap(line: JanapRoutingLine) -> str:
    ris = " ".join(ri.code for ri in line.indicators)
    return (f"{line.code} {line.originator.code}{line.ssn.number} {_julian(line.filing)}"
            f"-{line.security}--{ris}.")


def _julian(filing: FilingTime) -> str:
    if filing.day_of_year is None or filing.hour is None or filing.minute is None:
        return _squash(filing.raw)
    return f"{filing.day_of_year:03d}{filing.hour:02d}{filing.minute:02d}"


def _de(line: DeLine) -> str:
    parts = ["DE"]
    if line.originator is not None:
        parts.append(line.originator.code)
    if line.ssn is not None:
        serial = f"#{line.ssn.number}"
        if line.section is not None:
            serial += f"/{line.section:02d}"
        parts.append(serial)
    if line.filing is not None:
        parts.append(_julian(line.filing))
    return " ".join(parts)


def _security(line: SecurityLine) -> str:
    parts = [line.signal]
    if line.group is not None:
        parts.append(line.group.code)
    parts += [_squash(g.raw) for g in _in_order(line.signals, line.extra)]
    return " ".join(parts)


def _dtg_line(line: DtgLine) -> str:
    parts = [p.letter or _squash(p.raw) for p in line.precedences]
    parts.append(format_dtg(line.dtg))
    parts += [_squash(g.raw) for g in _in_order(line.signals, line.extra)]
    return " ".join(parts)


def _addresses(keyword: str, addresses: Sequence[Address]) -> list[str]:
    if not addresses:
        return []
    out = [f"{keyword} {format_address(addresses[0])}"]
    out += [format_address(a) for a in addresses[1:]]
    return out


def _mrn(mrn: MessageNumber) -> str:
    return _squash(mrn.text)


def _class_line(line: ClassificationLine, mrn: MessageNumber | None) -> str:
    level = line.classification.level
    parts = [_CLASS_WORDS.get(level, level)]
    qualifier = line.classification.qualifier
    if qualifier:
        if qualifier in _SPACED_QUALIFIERS:
            parts.append(qualifier)
        else:
            parts[-1] += f"//{qualifier}"
    if line.section is not None and line.section.number is not None \
            and line.section.total is not None:
        parts.append(f"SECTION {line.section.number:02d} OF {line.section.total:02d}")
    if mrn is not None:
        parts.append(_mrn(mrn))
        if line.series is not None:
            parts.append(f"{line.series[0]} {line.series[1]}")
    return " ".join(parts)


def _eo(groups: Sequence[Group], order: str) -> str:
    words = []
    for group in groups:
        raw = _squash(group.raw)
        words.append(_DECL_KEYWORD.sub(lambda m: m.group(1).upper() + ":", raw))
    return " ".join([f"E.O. {order}:"] + words)


def _bullet_groups(words: Sequence[str]) -> list[list[str]]:
    """Split a line of lettered items (``A. ... B. ... C. ...``) before each next letter."""
    groups: list[list[str]] = [[]]
    expected: str | None = None
    for word in words:
        match = _BULLET.fullmatch(word)
        letter = match.group(1).upper() if match else None
        if letter is not None and expected is None and not groups[-1]:
            expected = chr(ord(letter) + 1)
        elif letter is not None and letter == expected:
            groups.append([])
            expected = chr(ord(letter) + 1)
        groups[-1].append(word)
    return groups


def _references(block: ReferenceBlock) -> list[str]:
    """``REF:`` and the block's lines as they were broken, spacing normalised,
    continuation lines indented; a line too long for 69 columns is broken before each
    lettered item (``A. STATE 97214`` / ``B. HELSINKI 288``), never inside one."""
    # the block as the decoder read it: it can run on over lines the grammar left apart
    source = block.decoded.raw if block.decoded is not None and block.decoded.raw else block.raw
    raw = [line.strip() for line in source.strip().splitlines() if line.strip()]
    if not raw:
        return ["REF:"]
    raw[0] = _REF_KEYWORD.sub("", raw[0], count=1)
    lines: list[str] = []
    for line in raw:
        words = line.split()
        if len(" ".join(words)) + 5 > WIDTH:
            parts = [" ".join(group) for group in _bullet_groups(words) if group]
        else:
            parts = [" ".join(words)] if words else []
        for part in parts or [""]:
            lines.append(f"REF: {part}".rstrip() if not lines else f"     {part}")
    return continuations([line for line in lines if line.strip()])


def _body(lines: Sequence[Line]) -> list[str]:
    """Body blocks and free front-matter lines as they are, line ends normalised.

    Two blocks are separated by a blank line when the original had one after the first;
    a block that a page header or stamp split (no blank line) is joined up again.
    """
    out: list[str] = []
    blank_after = False
    for node in lines:
        if not isinstance(node, (TextBlock, FrontText)):
            continue
        text = "\n".join(line.rstrip() for line in node.text.strip().splitlines())
        if not text:
            continue
        out.append(("\n" if out and blank_after else "") + text)
        tail = node.raw[len(node.raw.rstrip()):]
        blank_after = tail.count("\n") >= 2
    return out


#: The label a CIA registry number is written with, by the record's ``mrn_source``.
_REGISTRY_LABEL = {"mhfno": "MHFNO:", "registry line": "MHFNO:", "tdcs": "REPORT NO."}


def format(cable: Cable) -> str:
    """The cable in the standard ACP-127/State layout, written from its decoded values.

    Lossy by design (see the module docstring); :func:`teletype.render` is the lossless
    counterpart. Never raises on a parsed cable.
    """
    out: list[str] = []
    header = cable.header
    record = cable.record()
    if header is not None and header.transmission_id is not None:
        out.append(_squash(header.transmission_id.raw))
    for envelope in cable.envelopes:
        for routing in envelope.routing:
            out += _routing(routing)
        if envelope.security is not None:
            out.append(_security(envelope.security))
    ssn: str | None = None
    if header is not None:
        for line in header.routing:
            if isinstance(line, RoutingLine):
                out += _routing(line)
            else:
                out.append(_janap(line))
                ssn = ssn or line.ssn.number
        if header.de is not None:
            out.append(_de(header.de))
            if header.de.ssn is not None:
                ssn = header.de.ssn.number
        if header.security is not None:
            out.append(_security(header.security))
        if header.dtg is not None:
            out.append(_dtg_line(header.dtg))
        if header.from_ is not None:
            out.append(f"FM {format_address(header.from_.address)}")
    if (header is None or header.from_ is None) and record["from"] and not any(
            isinstance(n, CiteLine) for n in (header.lines if header is not None else ())):
        # a sender read elsewhere (a CIA print's TOT line or FROM box) as a FROM box
        out.append(f"FROM: {record['from']}")
    registry = _REGISTRY_LABEL.get(record["mrn_source"] or "")
    if registry is not None:
        # a CIA print's registry number, labelled, where the print has it: in the header
        out.append(f"{registry} {record['mrn']}")
    if header is not None:
        # a CIA print's CITE line names the sending station (the record's `from`)
        out += [" ".join(n.raw.split()) for n in header.lines if isinstance(n, CiteLine)]
        # an addressee that is a garbled MRN line (the record leaves it out) is not copied
        out += _addresses("TO", [a for a in header.to if not is_mrn_line(a, cable.sources)])
        out += _addresses("INFO", [a for a in header.info
                                   if not is_mrn_line(a, cable.sources)])
        out += _addresses("XMT", header.xmt)
        out += [f"{n.symbol} {n.group_count}" for n in header.lines
                if isinstance(n, AccountingLine)]
    has_header = bool(out)
    if has_header:
        out.append("BT")
    text = cable.text
    if text is not None and text.classification is not None:
        out += [_class_line(text.classification, text.mrn), ""]
    elif record["classification"] or record["mrn"]:
        # classification from a bare mark or FL4, MRN from an MRN line or a CITE line
        level = record["classification"]
        words = [_CLASS_WORDS.get(level, level)] if level else []
        section = record["section"]
        if section and None not in section:
            words.append(f"SECTION {section[0]:02d} OF {section[1]:02d}")
        mrn = [_squash(record["mrn"])] if record["mrn"] and registry is None else []
        out += [" ".join(words + mrn), ""] if words or mrn else []
    if text is not None:
        for caption in text.captions:
            out.append(_caption(caption))
        if text.captions:
            out.append("")
        front: list[str] = []
        if text.eo is not None:
            front.append(_eo(text.eo.groups, text.eo.order))
        # the fields as the Builder read them (Cable.front), also where no line of their
        # own holds them (a misspelt label, a statement inside paragraph 1)
        found = cable.front
        if text.tags is not None:
            tags = [t.code + (f" ({t.person})" if t.person else "") for t in text.tags.tags]
            front += wrap("TAGS:", [t + "," for t in tags[:-1]] + tags[-1:])
        elif record["tags"] or record["tag_free_text"]:
            tags = record["tags"] + record["tag_free_text"]
            front += wrap("TAGS:", [t + "," for t in tags[:-1]] + tags[-1:])
        if text.subject is not None:
            subject = text.subject.decoded.text if text.subject.decoded else text.subject.text
            front += wrap("SUBJECT:", subject.split())
        elif record["subject"]:
            front += wrap("SUBJECT:", record["subject"].split())
        out += front
        written: list[object] = []
        for block in text.references:
            if block.decoded is not None and any(block.decoded is w for w in written):
                continue  # one REF block the grammar found as two lines
            written.append(block.decoded)
            out += [""] + _references(block)
        if not text.references and record["references"]:
            out += [""] + wrap("REF:", "; ".join(record["references"]).split())
        if text.classified_by is not None:
            out += [""] + _classified_by(text.classified_by)
        elif found is not None and found.classified_by is not None:
            out += [""] + wrap("Classified By:", found.classified_by.text.split())
        body = _body(text.lines)
        if out and out[-1] != "":
            out.append("")  # also keeps a last front-matter value apart from BT
        out += body
    elif cable.front is not None:
        # no text layer (an OCR page, a fragment): the fields the Builder found in it
        if record["tags"] or record["tag_free_text"]:
            tags = record["tags"] + record["tag_free_text"]
            out += wrap("TAGS:", [t + "," for t in tags[:-1]] + tags[-1:])
        if record["subject"]:
            out += wrap("SUBJECT:", record["subject"].split())
        if record["references"]:
            out += [""] + wrap("REF:", "; ".join(record["references"]).split())
        if cable.front.classified_by is not None:
            out += [""] + wrap("Classified By:", cable.front.classified_by.text.split())
    if has_header or any(isinstance(n, SsnLine) for n in cable.trailer):
        trailer_ssn = next((n.ssn.number for n in cable.trailer if isinstance(n, SsnLine)), None)
        ssn = ssn or trailer_ssn
        out.append("BT")
        if ssn:
            out.append(f"#{ssn}")
        out.append("NNNN")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _caption(caption: Caption) -> str:
    return caption.name


def _classified_by(node: ClassifiedBy) -> list[str]:
    return wrap("Classified By:", node.text.split())

