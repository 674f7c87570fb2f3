"""The line explainers: what each kind of line is, and what each group on it means."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .. import facts, vocab
from ..cable import Cable
from ..decode import (
    DecodedEo,
    DecodedPrecedence,
    DecodedRi,
    DecodedSignal,
    DecodedTag,
    decode_address,
    decode_caption,
    decode_classification,
    decode_dtg,
    decode_eo,
    decode_filing,
    decode_mrn,
    decode_precedence,
    decode_references,
    decode_ri,
    decode_security,
    decode_signal,
    decode_tags,
)
from ..diagnostics import Diagnostic
from ..nodes import (
    AccountingLine,
    AddressBlock,
    AttributeLine,
    Caption,
    ClassificationLine,
    ClassificationMark,
    ClassifiedBy,
    DashCounter,
    DateTimeGroup,
    DeLine,
    DistributionBlock,
    DraftingLine,
    DtgLine,
    EndOfMessage,
    EoLine,
    FromLine,
    FrontText,
    Group,
    JanapRoutingLine,
    Label,
    Line,
    MessageNumber,
    MrnLine,
    OperatingSignal,
    PageHeader,
    ReceiptTime,
    ReferenceBlock,
    ReleaseStamp,
    RoutingLine,
    SecurityLine,
    Separator,
    SsnLine,
    SubjectLine,
    TagsLine,
    TextBlock,
    TransmissionId,
    Unparsed,
)
from .model import Explained, ExplainedLine

# ------------------------------------------------------------------ wording helpers


def _utc(value: datetime) -> str:
    return f"{value.day} {value:%B %Y} at {value:%H:%M} UTC"


def _ri_meaning(ri: DecodedRi, role: str = "routing indicator of") -> str:
    if ri.is_gateway:
        which = "DMS gateway" if (ri.station or "").startswith("DMS") else "gateway"
        return f"{which}: the real addressee follows in the address ({ri.station})"
    if ri.station is not None:
        kind = f" ({ri.kind})" if ri.kind and ri.kind != "station" else ""
        return f"{role} {ri.station}{kind}"
    seen = f"; {ri.observed}" if ri.observed else ""
    if ri.match == "relay" and ri.relay:
        return (f"routing indicator not in the station tables (station unknown); it falls "
                f"under {ri.relay}, {ri.relay_name}{seen}")
    parts = [p for p in (ri.network, ri.nation) if p]
    structure = f" ({', '.join(parts)})" if parts else ""
    return f"routing indicator not in the station tables (station unknown){structure}{seen}"


def _ri(ri: DecodedRi, text: str | None = None, role: str = "routing indicator of") -> Explained:
    return Explained(text or ri.code, _ri_meaning(ri, role), "routing_indicator", ri.known, ri)


def _prec_meaning(p: DecodedPrecedence) -> str:
    if not p.known:
        return f"precedence {p.raw.strip()!r} (unknown)"
    return f"precedence {p.word}"


def _signal(sig: DecodedSignal) -> Explained:
    code = sig.code + (f" with numeral {sig.numeral}" if sig.numeral else "")
    if not sig.known:
        meaning = "operating signal not in the tables (meaning unknown)"
    elif sig.meaning is None:
        meaning = f"operating signal {code}: meaning unknown (no consulted source gives one)"
    else:
        meaning = f"operating signal {code}: {sig.meaning}"
        if sig.source and "[verify" in sig.source:
            meaning += " [verify against ACP 131]"
    return Explained(sig.raw, meaning, "operating_signal", sig.known, sig)


def _prosign(code: str) -> str | None:
    row = vocab.prosign(code)
    return row.meaning if row else None


def _first_line(raw: str) -> str:
    for line in raw.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def _group(group: Group | OperatingSignal, what: str = "group not decoded") -> Explained:
    return Explained(group.raw, what, "group", False)


def _dtg_text(d: DateTimeGroup) -> str:
    if d.value is None:
        return "date-time group that names no complete date and time"
    text = f"date-time group: {_utc(d.value)}"
    if d.century_inferred and d.year_written:
        text += f" (year {d.year_written} read as {d.year})"
    return text


def _mrn_explained(mrn: MessageNumber, year: int | None, pivot: int,
                   role: str = "message reference number"
                   ) -> tuple[Explained, tuple[Diagnostic, ...]]:
    decoded, diags = decode_mrn(mrn, year=year, pivot=pivot)
    parts = [f"office {decoded.office}"]
    parts.append(f"serial {decoded.number}" if decoded.number is not None
                 else f"serial {decoded.serial} (not numeric)")
    if decoded.year is not None:
        parts.append(f"year {decoded.year}")
    meaning = f"{role}: {', '.join(parts)}"
    if decoded.reference_id:
        meaning += f"; reference id {decoded.reference_id}"
    return Explained(mrn.raw, meaning, "mrn", decoded.number is not None, decoded), diags


# ------------------------------------------------------------------ line explainers

_PAGE_FURNITURE = (PageHeader, ReleaseStamp, ClassificationMark, Label, Unparsed)


class _Explainer:
    def __init__(self, cable: Cable, pivot: int) -> None:
        self.cable = cable
        self.pivot = pivot
        header = cable.header
        self.dtg: datetime | None = None
        if header is not None and header.dtg is not None:
            self.dtg = decode_dtg(header.dtg.dtg, pivot=pivot)[0].value
        self.year = self.dtg.year if self.dtg else None
        self.envelope_of: dict[int, int] = {}
        for number, envelope in enumerate(cable.envelopes, 1):
            for node in (*envelope.routing, envelope.security):
                if node is not None:
                    self.envelope_of[id(node)] = number
        self.body_seen = False

    def role(self, node: Line, name: str) -> str:
        number = self.envelope_of.get(id(node))
        return f"relay envelope {number}: {name}" if number else name

    def line(self, node: Line, role: str, summary: str, groups: Iterable[Explained] = (),
             diagnostics: Iterable[Diagnostic] = ()) -> ExplainedLine:
        unique: dict[tuple[str, str], Diagnostic] = {}
        front = self.cable.front
        notes = [d for d in front.notes if d.span is not None and
                 node.span.start <= d.span.start < node.span.end] if front else []
        for d in (*diagnostics, *notes):  # with the front-matter decoders' notes
            unique.setdefault((d.code, d.message), d)
        return ExplainedLine(node.span.line, node.kind, role, _first_line(node.raw), summary,
                             tuple(groups), tuple(unique.values()))

    # -- dispatch

    def explain(self, node: Line) -> ExplainedLine | None:
        if self.body_seen and isinstance(node, _PAGE_FURNITURE):
            return None  # repeated on every page of the body: not part of the header
        method = getattr(self, f"x_{type(node).__name__}", None)
        if method is None:
            return None
        result: ExplainedLine | None = method(node)
        return result

    # -- wrapper

    def x_ReceiptTime(self, node: ReceiptTime) -> ExplainedLine:
        label = {"TOR": "time of receipt", "TOT": "time of transmission"}.get(
            node.label.upper(), node.label)
        groups = []
        summary = label
        if node.dtg is not None:
            d, _ = decode_dtg(node.dtg, pivot=self.pivot)
            when = _utc(d.value) if d.value else "no complete date"
            groups.append(Explained(node.dtg.raw, f"{label}: {when}", "dtg", d.value is not None,
                                    d))
            summary = f"{label}: {when}"
        return self.line(node, f"{node.label.upper()} line (archival wrapper)", summary, groups)

    def x_PageHeader(self, node: PageHeader) -> ExplainedLine:
        parts = [f"page {node.page}" if node.page is not None else "page"]
        groups = []
        if node.mrn is not None:
            parts.append(node.mrn.text)
            groups.append(Explained(node.mrn.raw, "message reference number of the cable",
                                    "mrn", True))
        if node.section is not None:
            parts.append(f"section {node.section.number} of {node.section.total}")
        if node.time:
            parts.append(f"time {node.time}")
        return self.line(node, "page header (receiving office copy)", ", ".join(parts), groups)

    def x_Label(self, node: Label) -> ExplainedLine:
        return self.line(node, "print-system label", f"label {node.name}")

    def x_ReleaseStamp(self, node: ReleaseStamp) -> ExplainedLine:
        return self.line(node, "release stamp (archival wrapper)",
                         "declassification/release stamp added at release")

    def x_ClassificationMark(self, node: ClassificationMark) -> ExplainedLine:
        c, _ = decode_classification(node.classification)
        return self.line(node, "classification mark (page top or bottom)",
                         f"classification {c.level}")

    def x_FormBanner(self, node: Line) -> ExplainedLine:
        text = str(getattr(node, "text", "") or _first_line(node.raw))
        return self.line(node, "form banner (archival wrapper)", f"printed form: {text}")

    def x_CiteLine(self, node: Line) -> ExplainedLine:
        mrn = getattr(node, "mrn", None)
        if not isinstance(mrn, MessageNumber):
            return self.line(node, "CITE line (CIA)", "station and message number (not read)")
        item, diags = _mrn_explained(mrn, self.year, self.pivot, "station and message number")
        return self.line(node, "CITE line (CIA)", mrn.text, [item], diags)

    def x_Unparsed(self, node: Unparsed) -> ExplainedLine:
        return self.line(node, "not parsed", "text that does not fit the grammar here "
                         "(see teletype validate)")

    # -- header

    def x_TransmissionId(self, node: TransmissionId) -> ExplainedLine:
        text = _first_line(node.raw)
        groups = []
        m = re.match(r"(V+)?(ZCZC)?([A-Z]{3})?([0-9]+)?", text)
        if m is not None:
            if m.group(1):
                groups.append(Explained(m.group(1), "start of transmission", "prosign"))
            if m.group(2):
                groups.append(Explained("ZCZC", f"start of message: {_prosign('ZCZC')}",
                                        "prosign"))
            if m.group(3):
                groups.append(Explained(m.group(3), "channel designator (station and channel "
                                        "trigraph)", "channel"))
            if m.group(4):
                groups.append(Explained(m.group(4), f"channel serial number {int(m.group(4))}",
                                        "channel_serial"))
        return self.line(node, "transmission identification (FL1)",
                         "start of the message on the teletype channel", groups)

    def x_RoutingLine(self, node: RoutingLine) -> ExplainedLine:
        prec, diags = decode_precedence(node.prosign)
        groups = [Explained(node.prosign.raw, _prec_meaning(prec) +
                            (" (prosign: the letter doubled)" if len(node.prosign.raw) == 2
                             else ""), "precedence", prec.known, prec)]
        all_diags = list(diags)
        for indicator in node.indicators:
            ri, found = decode_ri(indicator)
            groups.append(_ri(ri, indicator.code))
            all_diags.extend(found)
        groups += [_group(g) for g in node.extra]
        count = len(node.indicators)
        summary = (f"{prec.word or 'unknown precedence'}, {count} routing indicator"
                   f"{'' if count == 1 else 's'} of the stations that deliver or relay it")
        return self.line(node, self.role(node, "routing line (FL2)"), summary, groups, all_diags)

    def x_JanapRoutingLine(self, node: JanapRoutingLine) -> ExplainedLine:
        groups = []
        diags: list[Diagnostic] = []
        code = node.code
        prec, found = decode_precedence(node.precedence)
        diags.extend(found)
        groups.append(Explained(code[:1], "position 1: " + _prec_meaning(prec), "precedence",
                                prec.known, prec))
        if len(code) >= 3:
            groups.append(Explained(code[1:3], "positions 2-3: language/media format "
                                    "(not decoded)", "format", False))
        if len(code) >= 4:
            level = facts.SECURITY_GROUPS.get(code[3] * 5)
            groups.append(Explained(code[3], f"position 4: classification {level}" if level
                                    else "position 4: classification letter (unknown)",
                                    "classification", level is not None))
        if len(code) >= 8:
            sig = vocab.operating_signal(code[4:8])
            meaning = sig.meaning if sig and sig.meaning else "meaning unknown"
            groups.append(Explained(code[4:8], f"positions 5-8: content indicator, {meaning}",
                                    "content_indicator", sig is not None))
        ri, found = decode_ri(node.originator)
        diags.extend(found)
        groups.append(_ri(ri, node.originator.code, "originating station"))
        groups.append(Explained(node.ssn.raw, f"station serial number {node.ssn.number}", "ssn"))
        filing, found = decode_filing(node.filing, self.dtg)
        diags.extend(found)
        groups.append(self._filing(node.filing.raw, filing))
        level = facts.SECURITY_GROUPS.get((node.security[:1] or "?") * 5)
        groups.append(Explained(node.security, f"classification {level}" if level else
                                "security group (unknown)", "security", level is not None))
        for indicator in node.indicators:
            decoded, found = decode_ri(indicator)
            diags.extend(found)
            groups.append(_ri(decoded, indicator.code))
        return self.line(node, "JANAP 128 routing line (FL2, AUTODIN header)",
                         f"{prec.word or 'unknown precedence'} from {ri.station or ri.code}",
                         groups, diags)

    def _filing(self, raw: str, filing: Any) -> Explained:
        if filing.value is not None:
            meaning = f"filed {_utc(filing.value)} (day {filing.day_of_year})"
            if filing.rollover:
                meaning += (f", {'the year after' if filing.rollover > 0 else 'the year before'}"
                            " the DTG's")
        elif filing.day_of_year is not None:
            meaning = (f"filing time: day {filing.day_of_year} of the year, "
                       f"{filing.hour:02d}:{filing.minute:02d} UTC (year unknown: no DTG)"
                       if self.dtg is None else
                       f"filing time {raw}: not a valid Julian day and time")
        else:
            meaning = "filing time (not decoded)"
        return Explained(raw, meaning, "filing_time", filing.value is not None, filing)

    def x_DeLine(self, node: DeLine) -> ExplainedLine:
        groups = [Explained("DE", f"prosign DE: {_prosign('DE')}", "prosign")]
        diags: list[Diagnostic] = []
        station = None
        if node.originator is not None:
            ri, found = decode_ri(node.originator)
            diags.extend(found)
            station = ri.station or ri.code
            groups.append(_ri(ri, node.originator.code, "originating station"))
        if node.ssn is not None:
            groups.append(Explained(node.ssn.raw, f"station serial number {node.ssn.number}",
                                    "ssn"))
        if node.section is not None:
            groups.append(Explained(f"/{node.section:02d}", f"section {node.section}",
                                    "section"))
        if node.filing is not None:
            filing, found = decode_filing(node.filing, self.dtg)
            diags.extend(found)
            groups.append(self._filing(node.filing.raw, filing))
        groups += [_group(g) for g in node.extra]
        return self.line(node, "originator line (FL3)",
                         f"prepared for transmission by {station or 'an unknown station'}",
                         groups, diags)

    def x_SecurityLine(self, node: SecurityLine) -> ExplainedLine:
        sec, diags = decode_security(node)
        groups = [Explained(node.signal, f"security warning: {sec.signal_meaning}"
                            if sec.signal_meaning else "security warning signal (unknown)",
                            "security_warning", sec.signal_meaning is not None)]
        if node.group is not None:
            if sec.known:
                meaning = f"security group: {sec.classification}"
                if sec.release:
                    meaning += f", transmission release code {sec.release_letter} " \
                               f"({sec.release}) [verify]"
            else:
                meaning = "security group not in the tables (classification unknown)"
            groups.append(Explained(node.group.raw, meaning, "security_group", sec.known, sec))
        signals = {id(s): d for s, d in zip(node.signals, sec.signals, strict=True)}
        ordered: list[tuple[int, Explained]] = [
            (s.span.start, _signal(signals[id(s)])) for s in node.signals
        ]
        ordered += [(g.span.start, _group(g, "group not decoded (an address designation or "
                                             "routing indicator may stand here)"))
                    for g in node.extra]
        groups += [e for _, e in sorted(ordered, key=lambda x: x[0])]
        summary = sec.classification or "classification unknown"
        return self.line(node, self.role(node, "security line (FL4)"), summary, groups, diags)

    def x_DtgLine(self, node: DtgLine) -> ExplainedLine:
        groups = []
        diags: list[Diagnostic] = []
        words = []
        for i, p in enumerate(node.precedences):
            prec, found = decode_precedence(p)
            diags.extend(found)
            who = ("action " if i == 0 else "information ") if len(node.precedences) > 1 else ""
            groups.append(Explained(p.raw, f"{who}{_prec_meaning(prec)}", "precedence",
                                    prec.known, prec))
            words.append(prec.word or "?")
        d, found = decode_dtg(node.dtg, pivot=self.pivot)
        diags.extend(found)
        groups.append(Explained(node.dtg.raw, _dtg_text(d), "dtg", d.value is not None, d))
        for sig in node.signals:
            decoded, found = decode_signal(sig)
            diags.extend(found)
            groups.append(_signal(decoded))
        groups += [_group(g) for g in node.extra]
        when = _utc(d.value) if d.value else "no complete date"
        summary = f"{' / '.join(words)}, written {when}" if words else f"written {when}"
        return self.line(node, "precedence and date-time group (FL5)", summary, groups, diags)

    def _address(self, address: Any, role: str) -> tuple[Explained, tuple[Diagnostic, ...]]:
        decoded, diags = decode_address(address)
        name = decoded.name
        parts = []
        zen = vocab.operating_signal("ZEN")
        if name.upper().startswith("ZEN/"):
            name = name[4:]
        if (getattr(address, "zen", False) or name != decoded.name) and zen is not None:
            parts.append(f"ZEN: operating signal, {zen.meaning}")
        parts.insert(0, f"{role} {name}")
        if decoded.ri is not None:
            parts.append(f"{decoded.ri.code} = " + _ri_meaning(decoded.ri))
        if decoded.precedence is not None:
            parts.append(_prec_meaning(decoded.precedence))
        if decoded.mcn:
            parts.append(f"MCN {decoded.mcn}")
        known = decoded.ri is None or decoded.ri.known
        return Explained(_first_line(address.raw), "; ".join(parts), "address", known,
                         decoded), diags

    def x_FromLine(self, node: FromLine) -> ExplainedLine:
        item, diags = self._address(node.address, "originator")
        groups = [Explained("FM", f"prosign FM: {_prosign('FM')}", "prosign"), item]
        return self.line(node, "originator (FL6)", f"from {node.address.name}", groups, diags)

    def x_AddressBlock(self, node: AddressBlock) -> ExplainedLine:
        roles = {"TO": ("action addressee", "action addressees (FL7)"),
                 "INFO": ("information addressee", "information addressees (FL8)"),
                 "XMT": ("exempted addressee", "exempted addressees (FL9)")}
        role, name = roles.get(node.keyword, ("addressee", f"{node.keyword} addressees"))
        groups = [Explained(node.keyword, f"prosign {node.keyword}: {_prosign(node.keyword)}"
                            if _prosign(node.keyword) else node.keyword, "prosign")]
        diags: list[Diagnostic] = []
        for address in node.addresses:
            item, found = self._address(address, role)
            groups.append(item)
            diags.extend(found)
        count = len(node.addresses)
        return self.line(node, name, f"{count} {role}{'' if count == 1 else 's'}", groups,
                         diags)

    def x_DistributionBlock(self, node: DistributionBlock) -> ExplainedLine:
        count = len(node.offices)
        summary = (f"office distribution ({node.keyword}): {count} office "
                   f"code{'' if count == 1 else 's'} with copy counts (office codes are not "
                   "decoded)")
        groups = []
        if node.total:
            groups.append(Explained(node.total, "total copies and distribution indicator "
                                    "(not decoded)", "distribution_total", False))
        return self.line(node, "distribution block", summary, groups)

    def x_DraftingLine(self, node: DraftingLine) -> ExplainedLine:
        return self.line(node, "drafting block", f"{node.label.lower()}: {node.text}")

    def x_DashCounter(self, node: DashCounter) -> ExplainedLine:
        return self.line(node, "relay-centre counter line",
                         "counter (from Dec 1976 also a filing time and copy count); "
                         "not decoded")

    def x_AccountingLine(self, node: AccountingLine) -> ExplainedLine:
        count = vocab.prosign(node.group_count.replace(" ", ""))
        groups = [Explained(node.symbol, "accounting symbol", "accounting_symbol"),
                  Explained(node.group_count, f"group count: {count.meaning}" if count
                            else "group count", "group_count")]
        return self.line(node, "accounting information and group count (FL10)",
                         "accounting symbol and group count", groups)

    def x_Separator(self, node: Separator) -> ExplainedLine:
        ending = any(n is node for n in self.cable.trailer)
        role = "separator after the text (FL13)" if ending else "separator before the text (FL11)"
        return self.line(node, role, "end of the text" if ending else "the text follows",
                         [Explained("BT", f"prosign BT: {_prosign('BT')}", "prosign")])

    # -- front matter

    def x_ClassificationLine(self, node: ClassificationLine) -> ExplainedLine:
        c, _ = decode_classification(node.classification)
        meaning = f"classification {c.level}"
        if c.qualifier:
            meaning += f" ({c.qualifier})"
        groups = [Explained(node.classification.raw, meaning, "classification", True, c)]
        diags: tuple[Diagnostic, ...] = ()
        if node.section is not None:
            groups.append(Explained(node.section.raw, f"section {node.section.number} of "
                                    f"{node.section.total}", "section"))
        if node.mrn is not None:
            item, diags = _mrn_explained(node.mrn, self.year, self.pivot)
            groups.append(item)
        if node.series is not None:
            groups.append(Explained(" ".join(node.series), f"{node.series[0]} series number "
                                    f"{node.series[1]}", "series"))
        summary = c.level + (f", {node.mrn.text}" if node.mrn else "")
        return self.line(node, "classification line (first line of the text)", summary,
                         groups, diags)

    def x_MrnLine(self, node: MrnLine) -> ExplainedLine:
        item, diags = _mrn_explained(node.mrn, self.year, self.pivot)
        return self.line(node, "message reference number", node.mrn.text, [item], diags)

    def x_Caption(self, node: Caption) -> ExplainedLine:
        cap, diags = decode_caption(node)
        if cap.known:
            meaning = f"{cap.kind} caption"
            if cap.meaning:
                meaning += f": {cap.meaning}"
            if cap.restrictiveness is not None:
                meaning += f" (restrictiveness {cap.restrictiveness} of 3)"
        else:
            meaning = "caption not in the tables (meaning unknown)"
        return self.line(node, "caption", meaning,
                         [Explained(node.name, meaning, "caption", cap.known, cap)], diags)

    def x_EoLine(self, node: EoLine) -> ExplainedLine:
        eo, diags = decode_eo(node, dtg=self.dtg, pivot=self.pivot)
        groups = [Explained(f"E.O. {node.order}", self._order_meaning(eo), "executive_order",
                            eo.known, eo)]
        decl = eo.declassification
        if decl.kind != "NONE":
            meaning = f"declassification: {decl.meaning}"
            if decl.classifier:
                meaning += f"; classified by {decl.classifier}"
                if decl.office:
                    meaning += f", office {decl.office}"
                meaning += " [form unverified]"
            groups.append(Explained(decl.text.rstrip(" ."), meaning, "declassification",
                                    decl.kind != "TEXT", decl))
        order = eo.order.replace("-AMENDED", " as amended") if eo.order else node.order
        summary = f"E.O. {order}; {decl.meaning}"
        return self.line(node, "executive order line", summary, groups, diags)

    @staticmethod
    def _order_meaning(eo: DecodedEo) -> str:
        if not eo.known:
            return f"executive order {eo.order_written} (not in the tables)"
        number = eo.order.replace("-AMENDED", " as amended") if eo.order else eo.order_written
        until = eo.in_force_to.isoformat() if eo.in_force_to else "no end given"
        text = f"Executive Order {number}, {eo.title} (in force {eo.in_force_from} to {until})"
        if eo.amended_from_date:
            text += "; read as amended by E.O. 13292 from the DTG (on or after 2003-03-25)"
        return text

    def x_TagsLine(self, node: TagsLine) -> ExplainedLine:
        tags, diags = decode_tags(node, self.year)
        groups = [Explained(t.raw, self._tag_meaning(t), "tag", t.known, t) for t in tags]
        groups += [_group(g) for g in node.extra]
        unknown = sum(1 for t in tags if not t.known)
        summary = f"{len(tags)} tag{'' if len(tags) == 1 else 's'}" + (
            f", {unknown} unknown" if unknown else "")
        return self.line(node, "TAGS line (Traffic Analysis by Geography and Subject)",
                         summary, groups, diags)

    @staticmethod
    def _tag_meaning(t: DecodedTag) -> str:
        if t.kind == "free":
            return "free-text tag (words, not a code)"
        if not t.known:
            text = "unknown tag (not in the TAGS tables)"
            if t.form:
                text += f"; {t.form}"
            return text
        if t.kind == "person":
            text = f"person tag {t.code}"
            if t.title:
                text += f" ({t.title})"
            text += f" for {t.person}" if t.person else ", name missing"
            return text
        text = f"{t.kind} tag"
        if t.category and t.kind in ("subject", "program"):
            text += f", {t.category}"
        text += f": {t.title}" if t.title else " (title not in the sources)"
        if t.title and t.era:
            text += f" (title of {t.era})"
        if t.also:
            text += f"; also a{'n' if t.also[0][0] in 'aeiou' else ''} {t.also[0]} tag"
        if t.person:
            text += f"; name {t.person}"
        return text

    def x_SubjectLine(self, node: SubjectLine) -> ExplainedLine:
        return self.line(node, "subject line",
                         node.decoded.text if node.decoded is not None else node.text)

    def x_ReferenceBlock(self, node: ReferenceBlock) -> ExplainedLine:
        # the items as the Builder read them (ReferenceBlock.decoded), looked up
        refs, diags = decode_references(node, pivot=self.pivot)
        groups = []
        for ref in refs:
            label = f"reference {ref.bullet}" if ref.bullet else "reference"
            if ref.kind == "cable" and ref.mrn is not None:
                parts = [f"office {ref.mrn.office}", f"serial {ref.mrn.number}"]
                parts.append(f"year {ref.mrn.year}" if ref.mrn.year else "year not given")
                if ref.year_inferred:
                    parts[-1] += " (the citing cable's: none written)"
                meaning = f"{label}: cable {ref.mrn.office} {ref.mrn.number} ({', '.join(parts)})"
                if ref.mrn.reference_id:
                    meaning += f", id {ref.mrn.reference_id}"
            elif ref.kind == "text":
                meaning = f"{label}: not a cable number; kept as text"
            else:
                meaning = f"{label}: {_REFERENCE_KINDS.get(ref.kind, ref.kind)}, not a cable"
            if ref.captions:
                meaning += f"; caption {', '.join(ref.captions)}"
            text = (f"{ref.bullet}. " if ref.bullet else "") + ref.text
            groups.append(Explained(text, meaning, "reference", ref.kind == "cable", ref))
        count = len(refs)
        cables = sum(1 for r in refs if r.kind == "cable")
        return self.line(node, "references", f"{count} reference{'' if count == 1 else 's'}, "
                         f"{cables} to cables", groups, diags)

    def x_FrontText(self, node: FrontText) -> ExplainedLine | None:
        """A front-matter line of no field the grammar knows, explained only when a
        front-matter decoder read a field there (``TABS: PGOV``, a misspelt label)."""
        front = self.cable.front
        if front is None or not any(
                d.span is not None and node.span.start <= d.span.start < node.span.end
                for d in front.notes):
            return None
        return self.line(node, "front-matter field read by the decoders", node.text)

    def x_ClassifiedBy(self, node: ClassifiedBy) -> ExplainedLine:
        statement = node.decoded
        if statement is None:
            return self.line(node, "classification authority",
                             f"{node.text} (no classification statement: no name or reason)")
        parts = [f"by {' and '.join(statement.names)}" if statement.names else "no name"]
        if statement.title:
            parts.append(f"title {statement.title}")
        if statement.reasons:
            parts.append(f"reasons {', '.join(statement.reasons)}")
        return self.line(node, "classification authority", "; ".join(parts))

    def x_TextBlock(self, node: TextBlock) -> ExplainedLine | None:
        if self.body_seen:
            return None
        self.body_seen = True
        text = self.cable.text
        blocks = len(text.blocks) if text else 0
        summary = f"body: {blocks} block{'' if blocks == 1 else 's'} of text"
        if text is not None and text.signature:
            summary += f"; signed {text.signature}"
        return self.line(node, "body (not explained)", summary)

    # -- trailer

    def x_SsnLine(self, node: SsnLine) -> ExplainedLine:
        return self.line(node, "station serial number (ending)",
                         f"station serial number {node.ssn.number} repeated",
                         [Explained(node.ssn.raw, f"station serial number {node.ssn.number}",
                                    "ssn")])

    def x_EndOfMessage(self, node: EndOfMessage) -> ExplainedLine:
        meaning = _prosign("NNNN") if node.marker.startswith("NNNN") else None
        return self.line(node, "end of message (FL16)",
                         meaning or f"{node.marker}: end-of-message residue")

    def x_AttributeLine(self, node: AttributeLine) -> ExplainedLine:
        return self.line(node, "archive attribute (AAD)", node.text)


#: the kinds of cited items other than cables (teletype.decode.fields.references)
_REFERENCE_KINDS = {
    "email": "an e-mail", "telcon": "a telephone conversation", "memo": "a memorandum",
    "report": "a report", "un-resolution": "a UN Security Council resolution",
    "publication": "a publication (FAM/FAH)",
}
