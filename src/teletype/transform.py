"""Lark parse tree -> typed AST nodes.

Each top-level grammar rule becomes one or more top-level nodes (a DTG line with FM on the
same line gives a DtgLine and a FromLine). Nodes are first collected as drafts with their
own start offset; :func:`tile` then extends each to the start of the next so that the
top-level nodes cover the input exactly.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lark import Token, Tree

from . import decode, facts, ocr
from . import diagnostics as diag
from .decode import fields
from .grammar import get_parser
from .layout import MILITARY_SERIES
from .nodes import (
    AccountingLine,
    Address,
    AddressBlock,
    AttributeLine,
    Caption,
    CiteLine,
    Classification,
    ClassificationLine,
    ClassificationMark,
    ClassifiedBy,
    ContainerRecord,
    DashCounter,
    DateTimeGroup,
    DeLine,
    DistributionBlock,
    DraftingLine,
    DtgLine,
    EndOfMessage,
    EoLine,
    FilingTime,
    FormBanner,
    FromLine,
    FrontText,
    Group,
    JanapRoutingLine,
    Label,
    Line,
    MessageNumber,
    MilitarySet,
    MrnLine,
    OperatingSignal,
    PageHeader,
    Precedence,
    ReceiptTime,
    Reference,
    ReferenceBlock,
    ReleaseStamp,
    RoutingIndicator,
    RoutingLine,
    RoutingSlip,
    SectionMark,
    SecurityGroup,
    SecurityLine,
    Separator,
    SsnLine,
    StationSerial,
    SubjectLine,
    Tag,
    TagsLine,
    TextBlock,
    TransmissionId,
    UnknownLine,
)
from .source import LineIndex, Span

Child = Any  # Token | Tree


@dataclass(slots=True)
class Draft:
    """A top-level node before its tiled extent is known."""

    start: int
    end: int
    cls: type[Line]
    fields: dict[str, Any]


def _tokens(tree: Tree[Any]) -> Iterator[Token]:
    for child in tree.children:
        if isinstance(child, Token):
            yield child
        elif isinstance(child, Tree):
            yield from _tokens(child)


def _first_start(tree: Tree[Any]) -> int:
    """The start of the first token under ``tree`` (0 without tokens)."""
    first = _first_token(tree)
    return (first.start_pos or 0) if first is not None else 0


def _first_token(tree: Tree[Any]) -> Token | None:
    for child in tree.children:
        if isinstance(child, Token):
            return child
        if isinstance(child, Tree) and (first := _first_token(child)) is not None:
            return first
    return None


def _last_end(tree: Tree[Any]) -> int:
    """The end of the last token under ``tree`` that has one (0 if none): the tokens are
    searched from the last one back."""
    for child in reversed(tree.children):
        if isinstance(child, Token):
            if child.end_pos:
                return child.end_pos
        elif isinstance(child, Tree) and (end := _last_end(child)):
            return end
    return 0


#: The terminals a group of an address lexes as, in the order the lexer tries them
#: (by priority).
_ADDRESS_GROUP_KINDS = ("PREC_WORD", "MCN", "WORD")


@functools.cache
def _address_group_pattern() -> re.Pattern[str]:
    """One match per token: the grammar's patterns of the kinds as named alternatives, then
    what the lexer skips after a token (``%ignore``)."""
    lark = get_parser().lark
    kinds = "|".join(f"(?P<{kind}>{lark.get_terminal(kind).pattern.to_regexp()})"
                     for kind in _ADDRESS_GROUP_KINDS)
    return re.compile(f"(?:{kinds})[\\t\\f\\v ]*")


#: One group of an address: kind (WORD, PREC_WORD, MCN, ADDR_RI), text, start, end.
_Piece = tuple[str, str, int, int]


def _address_pieces(tok: Token) -> list[_Piece]:
    """The groups of an ADDR_TEXT token as the tokens they lex as on their own (WORD,
    PREC_WORD, MCN; see the grammar) would have them: kind, text without the spaces after
    it, start and end offsets. Plain tuples: an address line holds several groups, and a
    Lark Token per group cost 40% of the Builder's time."""
    start = tok.start_pos or 0
    pieces = []
    for match in _address_group_pattern().finditer(str(tok)):  # WORD matches every group
        kind = match.lastgroup or "WORD"
        piece = match.group(kind).rstrip(" \t")  # as grammar._rstrip
        pos = start + match.start()
        pieces.append((kind, piece, pos, pos + len(piece)))
    return pieces


_WS = " \t\r\n\f\v"
#: A subject longer than this draws TT405: it probably ran on into the next field.
_LONG_SUBJECT = 300


def _join(values: list[str]) -> str:
    return " ".join(" ".join(v.split()) for v in values if v.strip())


class Builder:
    """Turns the parse tree of one text into drafts, diagnostics collected on the way."""

    def __init__(self, text: str, index: LineIndex, year_pivot: int = decode.DEFAULT_PIVOT):
        self.text = text
        self.index = index
        self.pivot = year_pivot
        self.diagnostics: list[diag.Diagnostic] = []
        self.drafts: list[Draft] = []

    def _handle(self, tree: Tree[Any]) -> None:
        """Build a top-level line with the ``line_<rule>`` method of its rule (KeyError for
        a rule without one)."""
        name = str(tree.data)
        handler: Callable[[Tree[Any]], None] | None = getattr(self, "line_" + name, None)
        if handler is None:
            raise KeyError(name)
        handler(tree)

    # -------------------------------------------------------------- helpers

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def tspan(self, tok: Token) -> Span:
        return self.index.span(tok.start_pos or 0, tok.end_pos or 0)

    def node_span(self, tree: Tree[Any]) -> Span:
        return self.index.span(_first_start(tree), _last_end(tree))

    def raw(self, start: int, end: int) -> str:
        return self.text[start:end]

    def group(self, tok: Token) -> Group:
        return Group(str(tok), self.tspan(tok))

    def add(self, start: int, end: int, cls: type[Line], **fields: Any) -> None:
        self.drafts.append(Draft(start, end, cls, fields))

    def add_tree(self, tree: Tree[Any], cls: type[Line], **fields: Any) -> None:
        self.add(_first_start(tree), _last_end(tree), cls, **fields)

    def checkpoint(self) -> tuple[int, int]:
        """Where the drafts and diagnostics stand now, for :meth:`rollback`."""
        return len(self.drafts), len(self.diagnostics)

    def rollback(self, mark: tuple[int, int], *, drafts: int | None = None) -> None:
        """Forget what was built since ``mark`` (a failed build); ``drafts`` overrides how
        many drafts are kept (0: all of them go)."""
        del self.drafts[mark[0] if drafts is None else drafts:]
        del self.diagnostics[mark[1]:]

    def report(self, code: str, message: str, span: Span, **kw: Any) -> None:
        self.diagnostics.append(diag.make(code, message, span, **kw))

    def unparsed_group(self, tok: Token, where: str) -> Group:
        grp = self.group(tok)
        self.report("TT103", f"unrecognised group {str(tok)!r} in the {where}", grp.span)
        return grp

    # -------------------------------------------------------------- entry

    def build(self, tree: Tree[Any]) -> list[Draft]:
        for child in tree.children:
            if isinstance(child, Tree):
                self._handle(child)
        return self.drafts

    # -------------------------------------------------------------- front matter

    def read_front_matter(self, drafts: list[Draft]) -> fields.FrontMatter:
        """Read every front-matter field of the text once (:func:`fields.read_front_matter`)
        and put the values on the drafts of their lines: ``decoded`` of the TAGS line (whose
        ``tags`` become the decoder's entries), the subject line, the REF block that holds
        the located field, and the ``Classified By`` line. The fields are located in the
        whole text: a misspelt label or a statement inside paragraph 1 has no line of its
        own, and the citing cable's year (the DTG's, else its MRN's) and office (its MRN's)
        are known only here."""
        year = origin = None
        dtg_drafts = [d for d in drafts if d.cls is DtgLine and d.fields["dtg"].value]
        dtg_draft = next((d for d in dtg_drafts if d.fields.get("precedences")),
                         dtg_drafts[0] if dtg_drafts else None)
        dtg = dtg_draft.fields["dtg"] if dtg_draft is not None else None
        mrn = next((d.fields["mrn"] for d in drafts if d.cls in (ClassificationLine, MrnLine)
                    and d.fields.get("mrn") is not None), None)
        if dtg is not None and dtg.value is not None:
            year = dtg.value.year
        elif mrn is not None and mrn.year:
            year = decode.expand_year(mrn.year, self.pivot)
        if mrn is not None:
            origin = fields.references.canonical_office(mrn.office)
        # a military message (as teletype.layout tells it): its REF sets cite no MRNs
        military = any(d.cls in (MilitarySet, JanapRoutingLine) or (
            d.cls is MrnLine and d.fields["mrn"].office in MILITARY_SERIES) for d in drafts)
        front = fields.read_front_matter(self.text, year, origin, pivot=self.pivot,
                                         references=not military, index=self.index)
        # a TAGS code the decoder corrects (run together, a letter too many) is a finding
        # of the cable, as the proofreading rules' TT252 was before the decoder read it
        self.diagnostics.extend(d for d in front.notes if d.code in ("TT601", "TT605"))

        def overlaps(draft: Draft, at: fields.Located | None) -> bool:
            return at is not None and draft.start < at.end and at.start < max(draft.end,
                                                                              draft.start + 1)

        for draft in drafts:
            if draft.cls is TagsLine:
                # the located field, else (a second TAGS line) the line itself
                tags, base = front.tags, front.tags_at.start if front.tags_at else 0
                if tags is None or not overlaps(draft, front.tags_at):
                    tags, base = fields.decode_tags(self.raw(draft.start, draft.end))[0], \
                        draft.start
                draft.fields["decoded"] = tags
                draft.fields["tags"] = tuple(
                    Tag(item.raw, self.span(base + item.start, base + item.end), item.value,
                        item.person, item.kind)
                    for item in tags.items)
            elif draft.cls is SubjectLine:
                # the subject ends where the grammar's line ends or where the decoder sees
                # the next field start (a page head, "This is an Action request", Ref(s):),
                # whichever comes first; an empty line: the subject located after it
                subject = draft.fields.get("decoded") or \
                    fields.decode_subject(self.raw(draft.start, draft.end))[0]
                at = front.subject_at
                if front.subject is not None and at is not None and overlaps(draft, at) and (
                        not subject.text or front.subject.text and at.end < draft.end):
                    subject = front.subject
                draft.fields["decoded"] = subject
            elif draft.cls is ReferenceBlock and not military:
                # a second REF block (printouts repeat them) is read on its own
                draft.fields["decoded"] = front.references if overlaps(
                    draft, front.references_at) else fields.decode_references(
                    self.raw(draft.start, draft.end), year, origin, pivot=self.pivot)[0]
            elif draft.cls is ClassifiedBy:
                statement = front.classified_by
                draft.fields["decoded"] = statement if statement is not None and overlaps(
                    draft, fields.Located(statement.start, statement.end)) \
                    else fields.decode_classified_by(self.raw(draft.start, draft.end))[0]
        return front

    # -------------------------------------------------------------- groups

    def routing_indicator(self, tok: Token) -> RoutingIndicator:
        code = str(tok).rstrip("/")
        return RoutingIndicator(str(tok), self.tspan(tok), code)

    def prec_letter(self, tok: Token) -> Precedence:
        letter = str(tok)[0].upper()
        if letter == "0":  # the grammar admits 0 only where the DTG makes it the O prosign
            letter = "O"
            self.report("TT401", f"digit 0 for the precedence prosign {letter}: read as O",
                        self.tspan(tok), hint="OCR often reads O as 0", suggestion="O")
        return Precedence(str(tok), self.tspan(tok), letter, facts.precedence_word(letter))

    def prec_word(self, tok: Token) -> Precedence:
        word = " ".join(str(tok).upper().split())
        if word in facts.MISSPELT_PRECEDENCE:
            word = facts.MISSPELT_PRECEDENCE[word]
            self.report("TT403", f"{str(tok)!r} is a misspelling of {word}", self.tspan(tok),
                        suggestion=word)
        return Precedence(str(tok), self.tspan(tok), facts.WORD_LETTERS.get(word), word)

    def digits(self, tok: Token, what: str) -> str:
        """The digits of a numeric group, OCR letters fixed and reported (TT401)."""
        raw = str(tok)
        fixed = decode.fix_digits(raw)
        if fixed != raw:
            self.report("TT401", f"letter in the {what} {raw!r}: read as {fixed!r}",
                        self.tspan(tok), hint="OCR often reads 0 as O and 1 as I or l",
                        suggestion=fixed)
        return fixed

    def dtg(self, tree: Tree[Any]) -> DateTimeGroup:
        toks = list(_tokens(tree))
        time_tok = toks[0]
        month_tok = next((t for t in toks if t.type == "MONTH"), None)
        year_tok = next((t for t in toks if t.type == "YEAR"), None)
        return self.dtg_from(time_tok, month_tok, year_tok)

    def dtg_from(
        self, time_tok: Token, month_tok: Token | None, year_tok: Token | None
    ) -> DateTimeGroup:
        last = year_tok or month_tok or time_tok
        start, end = time_tok.start_pos or 0, last.end_pos or 0
        time = str(time_tok)
        read = ocr.day_time(time, "Z")
        if read.ok and read.changed and read.text != time.upper():
            self.report(
                "TT401",
                f"OCR-damaged DTG time {time!r}: read as {read.text!r}",
                self.tspan(time_tok),
                hint="check the scan: OCR often reads 0 as O, 1 as I or l and Z as 2",
                suggestion=read.text,
            )
            time = read.text
        month = self.ocr_group(month_tok, ocr.month, "DTG month")
        year = self.ocr_group(year_tok, ocr.year, "DTG year")
        node = decode.read_dtg(
            self.raw(start, end), self.span(start, end), time, month, year, pivot=self.pivot,
            month_span=self.tspan(month_tok) if month_tok is not None else None,
            year_span=self.tspan(year_tok) if year_tok is not None else None)
        # TT220 (no month or year) is for `teletype decode`: partial DTGs are common
        self.diagnostics.extend(d for d in decode.dtg_diagnostics(node) if d.code == "TT201")
        return node

    def ocr_group(self, tok: Token | None, read: Callable[[str], ocr.Fixed],
                  what: str) -> str | None:
        """A DTG group as written, or as :mod:`teletype.ocr` corrects it (reported, TT401)
        when OCR put a digit for a letter or the reverse."""
        if tok is None:
            return None
        raw = str(tok)
        fixed = read(raw)
        if not fixed.ok or not fixed.changed or fixed.text.upper() == raw.upper():
            return raw
        self.report("TT401", f"OCR-damaged {what} {raw!r}: read as {fixed.text!r}",
                    self.tspan(tok), hint="OCR confuses O/0, I/1, S/5, B/8, Z/2, G/6",
                    suggestion=fixed.text)
        return fixed.text

    def filing(self, tok: Token) -> FilingTime:
        parts = decode.split_julian(self.digits(tok, "filing time"))
        day, hour, minute = parts if parts else (None, None, None)
        node = FilingTime(str(tok), self.tspan(tok), day, hour, minute)
        self.diagnostics.extend(decode.filing_diagnostics(node))
        return node

    def ssn(self, tok: Token) -> StationSerial:
        return StationSerial(str(tok), self.tspan(tok),
                             self.digits(tok, "station serial number").lstrip("#"))

    def classification(self, tok: Token) -> Classification:
        fixed = decode.ocr_classification(str(tok))
        level, qualifier = decode.classification_level(fixed or str(tok))
        if fixed is not None:
            self.report("TT403", f"{str(tok).strip()!r} is a misspelling of {level}",
                        self.tspan(tok), suggestion=level)
        return Classification(str(tok), self.tspan(tok), level, qualifier)

    def section_mark(self, tok: Token) -> SectionMark:
        read = ocr.section(str(tok))
        if read.ok and str(tok).upper().startswith(("S", "FINAL")):
            if read.changed:
                self.report("TT401", f"OCR-damaged section count {str(tok).strip()!r}: read "
                            f"as {read.text!r}", self.tspan(tok), suggestion=read.text)
            n, _, m = read.text.removeprefix("SECTION ").partition(" OF ")
            return SectionMark(str(tok), self.tspan(tok), int(n), int(m))
        nums = [
            int(decode.fix_digits(w)) for w in str(tok).split() if decode.fix_digits(w).isdigit()
        ]
        number, total = (nums + [None, None])[:2] if nums else (None, None)
        return SectionMark(str(tok), self.tspan(tok), number, total)

    def mrn(self, children: list[Child]) -> MessageNumber:
        toks = [c for c in children if isinstance(c, Token)]
        start, end = toks[0].start_pos or 0, toks[-1].end_pos or 0
        year = next((str(t) for t in toks if t.type == "MRN_YEAR"), None)
        office = _join([str(t) for t in toks if t.type in ("OFFICE", "LINE_OFFICE")])
        serial = str(toks[-1])
        return MessageNumber(self.raw(start, end), self.span(start, end), year, office, serial)

    def address(self, tree: Tree[Any]) -> Address:
        toks = list(_tokens(tree))
        pieces: list[_Piece] = []
        for tok in toks:
            if tok.type == "ADDR_TEXT":
                pieces += _address_pieces(tok)
            else:
                pieces.append((tok.type, str(tok), tok.start_pos or 0, tok.end_pos or 0))
        ri = self.routing_indicator(toks[0]) if toks[0].type == "ADDR_RI" else None
        rest = pieces[1:] if ri else pieces
        prec = next((p for p in rest if p[0] == "PREC_WORD"), None)
        precedence = (self.prec_word(Token(prec[0], prec[1], prec[2], end_pos=prec[3]))
                      if prec is not None else None)
        mcn = None
        names = [p for p in rest if p[0] != "PREC_WORD"]
        # the period that ends an address list (`TO: ROUTINE DIRECTOR.`, `... 4050 .`) is
        # not part of the name; one inside an abbreviation (`WASHINGTON D.C.`) is
        if len(names) > 1 and names[-1][1].strip() == ".":
            names = names[:-1]
        if len(names) > 1 and names[-1][0] == "MCN":
            mcn = names[-1][1]
            names = names[:-1]
        words = [p[1].strip() for p in names]
        if words and words[-1].endswith(".") and "." not in words[-1][:-1] and len(words[-1]) > 2:
            words[-1] = words[-1][:-1]
        name = _join(words)
        zen = name.upper().startswith("ZEN/") and len(name) > 4
        return Address(self.raw(pieces[0][2], pieces[-1][3]), self.node_span(tree), ri,
                       name[4:].lstrip("/ ") if zen else name, precedence, mcn, zen)

    # -------------------------------------------------------------- wrapper lines

    def line_page_header(self, tree: Tree[Any]) -> None:
        self.drafts.append(self.page_header_draft(tree))

    def page_header_draft(self, tree: Tree[Any]) -> Draft:
        toks = list(_tokens(tree))
        page_tok = toks[1]
        page_digits = decode.fix_digits(str(page_tok))
        page = int(page_digits) if page_digits.isdigit() else None
        office = [t for t in toks if t.type == "OFFICE"]
        serial = next((t for t in toks if t.type == "SERIAL"), None)
        mrn = self.mrn(office + [serial]) if office and serial is not None else None
        section_tok = next((t for t in toks if t.type == "SECTION_OF"), None)
        time_tok = next((t for t in toks if t.type == "TIME_Z"), None)
        groups = tuple(self.group(t) for t in toks[2:])
        return Draft(
            _first_start(tree), _last_end(tree), PageHeader,
            {
                "page": page,
                "mrn": mrn,
                "section": self.section_mark(section_tok) if section_tok is not None else None,
                "time": str(time_tok) if time_tok is not None else None,
                "groups": groups,
            },
        )

    def line_tor_line(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        time_tok = next((t for t in toks if t.type == "TIME_Z"), None)
        month = next((t for t in toks if t.type == "MONTH"), None)
        year = next((t for t in toks if t.type == "YEAR"), None)
        dtg = self.dtg_from(time_tok, month, year) if time_tok is not None else None
        rest = _join([str(t) for t in toks if t.type == "WORD"])
        self.add_tree(tree, ReceiptTime, label=str(toks[0]).rstrip(":"), dtg=dtg, rest=rest)

    def line_label_line(self, tree: Tree[Any]) -> None:
        name = " ".join(str(tree.children[0]).rstrip(": \t").split()).upper()
        self.add_tree(tree, Label, name=name)

    def line_routing_slip(self, tree: Tree[Any]) -> None:
        text = str(tree.children[0])
        label, _, rest = text.partition(":")
        self.add_tree(tree, RoutingSlip, label=label.strip().lstrip("@").upper(),
                      text=rest.strip())

    def line_military_set(self, tree: Tree[Any]) -> None:
        name = str(tree.children[0]).rstrip("/")
        value = _join([str(t) for t in tree.children[1:]])
        fields = tuple(f.strip() for f in value.rstrip("/").split("/"))
        self.add_tree(tree, MilitarySet, name=name, fields=fields)

    def line_container(self, tree: Tree[Any]) -> None:
        tok = tree.children[0]
        assert isinstance(tok, Token)
        fields = tuple(next(csv.reader([str(tok).rstrip('"').rstrip(",")])))
        self.add_tree(tree, ContainerRecord, format="cables.csv", fields=fields)

    def line_stamp_line(self, tree: Tree[Any]) -> None:
        tok = tree.children[0]
        assert isinstance(tok, Token)
        text = self.raw(tok.start_pos or 0, tok.end_pos or 0).strip()  # the token has the mark
        kind = FormBanner if _FORM_BANNER.search(text) else ReleaseStamp
        self.add_tree(tree, kind, text=text)

    def line_class_mark(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        rest = _join([str(t) for t in toks[1:]])
        self.add_tree(tree, ClassificationMark,
                      classification=self.classification(toks[0]), rest=rest)

    def line_other_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, UnknownLine, text=str(tree.children[0]).strip())

    # -------------------------------------------------------------- header lines

    def line_transmission_id(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        channel = str(toks[1]) if len(toks) > 1 else None
        self.add_tree(tree, TransmissionId, channel=channel)

    def line_routing_line(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        prosign = self.prec_letter(toks[0])
        indicators = tuple(self.routing_indicator(t) for t in toks[1:] if t.type == "RI")
        extra = tuple(
            self.unparsed_group(t, "routing line") for t in toks[1:] if t.type == "WORD"
        )
        self.add_tree(tree, RoutingLine, prosign=prosign, indicators=indicators, extra=extra)

    def line_janap_line(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        code_tok, ri_ssn, julian, sec = toks[:4]
        value = str(ri_ssn)
        split = len(value.rstrip("0123456789"))
        start = ri_ssn.start_pos or 0
        originator = RoutingIndicator(value[:split], self.span(start, start + split), value[:split])
        ssn = StationSerial(value[split:], self.span(start + split, ri_ssn.end_pos or 0),
                            value[split:])
        letter = str(code_tok)[0]
        precedence = Precedence(letter, self.span(code_tok.start_pos or 0,
                                                  (code_tok.start_pos or 0) + 1),
                                letter, facts.precedence_word(letter))
        self.add_tree(
            tree, JanapRoutingLine,
            code=str(code_tok), precedence=precedence, originator=originator, ssn=ssn,
            filing=self.filing(julian), security=str(sec).strip("-"),
            indicators=tuple(self.routing_indicator(t) for t in toks[4:] if t.type == "RI"),
        )

    def line_de_line(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        by_type = {t.type: t for t in toks}
        ri = by_type.get("RI")
        ssn = by_type.get("SSN")
        section = by_type.get("SECTION_NO")
        julian = by_type.get("JULIAN")
        section_digits = decode.fix_digits(str(section).lstrip("/")) if section else ""
        extra = tuple(self.unparsed_group(t, "DE line") for t in toks if t.type == "WORD")
        self.add_tree(
            tree, DeLine,
            originator=self.routing_indicator(ri) if ri is not None else None,
            ssn=self.ssn(ssn) if ssn is not None else None,
            section=int(section_digits) if section_digits.isdigit() else None,
            filing=self.filing(julian) if julian is not None else None,
            extra=extra,
        )

    def line_security_line(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        group = None
        signals = []
        extra = []
        for tok in toks[1:]:
            if tok.type == "SEC_GROUP":
                code = "".join(str(tok).split())
                group = SecurityGroup(str(tok), self.tspan(tok), code,
                                      facts.SECURITY_GROUPS.get(code))
            elif tok.type == "OPSIG":
                signals.append(OperatingSignal(str(tok), self.tspan(tok), str(tok)))
            else:
                extra.append(self.group(tok))
        self.add_tree(tree, SecurityLine, signal=str(toks[0]), group=group,
                      signals=tuple(signals), extra=tuple(extra))

    def line_dtg_line(self, tree: Tree[Any]) -> None:
        precedences = []
        dtg = None
        signals = []
        extra = []
        end = 0
        for child in tree.children:
            if isinstance(child, Tree):
                if child.data == "dtg":
                    dtg = self.dtg(child)
                    end = _last_end(child)
                elif child.data == "from_line":
                    self.line_from_line(child)
                continue
            if child.type == "PREC":
                precedences.append(self.prec_letter(child))
            elif child.type == "OPSIG":
                signals.append(OperatingSignal(str(child), self.tspan(child), str(child)))
            else:
                extra.append(self.group(child))
            end = max(end, child.end_pos or 0)
        assert dtg is not None
        start = _first_start(tree)
        self.add(start, end, DtgLine, precedences=tuple(precedences), dtg=dtg,
                 signals=tuple(signals), extra=tuple(extra))

    def line_from_line(self, tree: Tree[Any]) -> None:
        address = next(c for c in tree.children if isinstance(c, Tree) and c.data == "address")
        self.add(_first_start(tree), _last_end(address), FromLine, address=self.address(address))
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "address_block":
                self.line_address_block(child)

    def line_address_block(self, tree: Tree[Any]) -> None:
        # `TO X INFO Y` on one line nests one address_block per keyword: walk the chain in a
        # loop (a recursion would fail on thousands of keywords in a line) and add the
        # blocks innermost first, the order the grammar reduces them in.
        chain = [tree]
        while True:
            nested = next((c for c in chain[-1].children[1:]
                           if isinstance(c, Tree) and c.data == "address_block"), None)
            if nested is None:
                break
            chain.append(nested)
        for block in reversed(chain):
            self._address_block(block)

    def _address_block(self, tree: Tree[Any]) -> None:
        keyword = str(tree.children[0]).rstrip(":").upper()
        addresses = []
        pages = []
        end = 0
        for child in tree.children[1:]:
            if not isinstance(child, Tree):
                continue
            if child.data == "address":
                addresses.append(self.address(child))
                end = _last_end(child)
            elif child.data == "address_page":
                draft = self.page_header_draft(child)
                pages.append(draft.cls(raw=self.raw(draft.start, draft.end),
                                       span=self.span(draft.start, draft.end), **draft.fields))
        self.add(_first_start(tree), end, AddressBlock, keyword=keyword,
                 addresses=tuple(addresses), page_headers=tuple(pages))

    def line_distribution(self, tree: Tree[Any]) -> None:
        toks = [c for c in tree.children if isinstance(c, Token)]
        for child in tree.children:
            if isinstance(child, Tree):  # a relay counter (and DTG line) on the same line
                self._handle(child)
        offices = tuple(self.group(t) for t in toks if t.type == "OFFICE_CODE")
        total = next((" ".join(str(t).split()) for t in toks if t.type == "DIST_TOTAL"), None)
        extra = tuple(self.group(t) for t in toks[1:] if t.type == "WORD")
        self.add(toks[0].start_pos or 0, toks[-1].end_pos or 0, DistributionBlock,
                 keyword=str(toks[0]).upper(), offices=offices, total=total, extra=extra)

    def line_drafting_line(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        label = " ".join(str(toks[0]).rstrip(":").split()).upper()
        self.add_tree(tree, DraftingLine, label=label, text=_join([str(t) for t in toks[1:]]))

    def line_accounting_line(self, tree: Tree[Any]) -> None:
        symbol, count = _tokens(tree)
        self.add_tree(tree, AccountingLine, symbol=str(symbol),
                      group_count=" ".join(str(count).split()))

    def line_dash_counter(self, tree: Tree[Any]) -> None:
        if isinstance(tree.children[0], Tree):
            self.line_relay_counter(tree.children[0])
            return
        toks = list(_tokens(tree))
        self.add_tree(tree, DashCounter, groups=tuple(str(t) for t in toks[1:]))

    def line_cite_line(self, tree: Tree[Any]) -> None:
        toks = [c for c in tree.children if isinstance(c, Token)]
        office = [t for t in toks if t.type == "OFFICE"]
        serial = next((t for t in toks if t.type == "SERIAL"), None)
        mrn = self.mrn(office + [serial]) if office and serial is not None else None
        self.add_tree(tree, CiteLine, mrn=mrn, text=_join([str(t) for t in toks[1:]]))

    def line_cia_dtg_line(self, tree: Tree[Any]) -> None:
        head = tree.children[0]
        assert isinstance(head, Token)
        if head.type == "CIA_CLASS":
            self.add(head.start_pos or 0, head.end_pos or 0, ClassificationMark,
                     classification=self.classification(head), rest="")
            start = next(_tokens(tree.children[1])).start_pos or 0
        else:
            start = head.start_pos or 0
        dtg = self.dtg(tree.children[1])
        extra = tuple(self.group(t) for t in tree.children[2:] if isinstance(t, Token))
        self.add(start, _last_end(tree), DtgLine, precedences=(), dtg=dtg, signals=(),
                 extra=((self.group(head),) if head.type == "STAFF_KW" else ()) + extra)

    def line_relay_counter(self, tree: Tree[Any]) -> None:
        tok = tree.children[0]
        assert isinstance(tok, Token)
        self.add(tok.start_pos or 0, tok.end_pos or 0, DashCounter, groups=tuple(str(tok).split()))
        for child in tree.children[1:]:
            if isinstance(child, Tree):
                self.line_dtg_line(child)

    # -------------------------------------------------------------- front matter

    def line_class_line(self, tree: Tree[Any]) -> None:
        toks = [c for c in tree.children if isinstance(c, Token)]
        section_tok = next((t for t in toks if t.type == "SECTION_OF"), None)
        mrn = None
        series = None
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "mrn":
                mrn = self.mrn(child.children)
            elif isinstance(child, Tree) and child.data == "tosec":
                a, b = child.children
                series = (str(a), str(b))
        self.add_tree(
            tree, ClassificationLine,
            classification=self.classification(toks[0]),
            section=self.section_mark(section_tok) if section_tok is not None else None,
            mrn=mrn, series=series,
        )

    def line_mrn_line(self, tree: Tree[Any]) -> None:
        toks = [c for c in tree.children if isinstance(c, Token)]
        series = None
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "tosec":
                a, b = child.children
                series = (str(a), str(b))
        self.add_tree(tree, MrnLine, mrn=self.mrn(toks), series=series)

    def line_military_number(self, tree: Tree[Any]) -> None:
        series, number = tree.children[0], tree.children[1]
        assert isinstance(series, Token) and isinstance(number, Token)
        start, end = series.start_pos or 0, number.end_pos or 0
        mrn = MessageNumber(self.raw(start, end), self.span(start, end), None, str(series),
                            str(number))
        self.add_tree(tree, MrnLine, mrn=mrn, series=None)

    def line_caption(self, tree: Tree[Any]) -> None:
        name = " ".join(str(tree.children[0]).rstrip("/").split())
        self.add_tree(tree, Caption, name=name)

    def line_eo_line(self, tree: Tree[Any]) -> None:
        toks = list(_tokens(tree))
        number = toks[1]
        order = self.digits(number, "E.O. number").rstrip(": \t")
        groups = tuple(self.group(t) for t in toks[2:])
        decl_at = next((i for i, t in enumerate(toks) if t.type == "DECL_KW"), None)
        values = toks[decl_at + 1:] if decl_at is not None else toks[2:]
        declassify = _join([str(t) for t in values]).rstrip(".,; ") or None
        self.add_tree(tree, EoLine, order=order, declassify=declassify, groups=groups)

    def line_tags_line(self, tree: Tree[Any]) -> None:
        keyword = tree.children[0]
        assert isinstance(keyword, Token)
        word = str(keyword).lstrip("¶ \t").rstrip(":;/.- \t").upper()
        if word not in ("TAGS", "TAG"):
            self.report("TT403", f"{str(keyword).strip()!r} is a misspelling of TAGS",
                        self.tspan(keyword), suggestion="TAGS:")
        tags: list[Tag] = []
        extra = []
        for tok in list(_tokens(tree))[1:]:
            if tok.type == "TAG":
                tags.append(Tag(str(tok), self.tspan(tok), str(tok).upper(), None))
            elif tok.type == "PERSON" and tags:
                prev = tags[-1]
                start = prev.span.start
                person = " ".join(str(tok)[1:-1].split())
                tags[-1] = Tag(self.raw(start, tok.end_pos or 0),
                               self.span(start, tok.end_pos or 0), prev.code, person)
            elif tok.type != "TAG_SEP":
                extra.append(self.group(tok))
        self.add_tree(tree, TagsLine, tags=tuple(tags), extra=tuple(extra))

    def _value(self, tree: Tree[Any]) -> str:
        return _join([str(t) for t in list(_tokens(tree))[1:]])

    def line_subject_line(self, tree: Tree[Any]) -> None:
        start, end = _first_start(tree), _last_end(tree)
        subject = fields.decode_subject(self.raw(start, end))[0]  # the one subject reader
        text = subject.text
        if len(text) > _LONG_SUBJECT:
            self.report("TT405", f"subject of {len(text)} characters: it may run into the "
                        "next field or paragraph", self.node_span(tree))
        self.add_tree(tree, SubjectLine, text=text, decoded=subject)

    def line_classified_by(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, ClassifiedBy, text=self._value(tree))

    def line_ref_line(self, tree: Tree[Any]) -> None:
        """Split a REF block into references: one per bullet (``A.``, ``B)``, ``(C)``);
        without bullets, one per cited MRN, the words after it belonging to it."""
        refs: list[Reference] = []
        current: dict[str, Any] | None = None

        def close() -> None:
            if current is not None:
                start, end = current["start"], current["end"]
                refs.append(Reference(self.raw(start, end), self.span(start, end),
                                      _bullet(current["bullet"]), current["mrn"],
                                      _join(current["words"])))

        def open_(start: int, bullet: Token | None = None) -> dict[str, Any]:
            close()
            return {"bullet": bullet, "mrn": None, "words": [], "start": start, "end": start}

        for child in tree.children[1:]:
            if isinstance(child, Tree) and child.data == "ref_page":
                continue  # a page header inside the block: wrapper text, kept in raw
            if isinstance(child, Tree):  # a cited MRN
                number = self.mrn(child.children)
                if current is None or (current["bullet"] is None and (
                        current["mrn"] is not None or current["words"])):
                    current = open_(number.span.start)
                current["mrn"] = current["mrn"] or number
                current["words"].append(number.raw)
                current["end"] = number.span.end
            elif child.type == "REF_BULLET":
                current = open_(child.start_pos or 0, child)
                current["end"] = child.end_pos or 0
            else:
                if current is None:
                    current = open_(child.start_pos or 0)
                current["words"].append(str(child))
                current["end"] = child.end_pos or 0
        close()
        self.add_tree(tree, ReferenceBlock, references=tuple(refs), text=self._value(tree))

    def line_front_text(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, FrontText, text=str(tree.children[0]).strip())

    # -------------------------------------------------------------- body and trailer

    def line_body_block(self, tree: Tree[Any]) -> None:
        tok = tree.children[0]
        assert isinstance(tok, Token)
        text = str(tok)
        if "ENTIRE" in text:
            base = tok.start_pos or 0
            for match in _LOST_PARENS.finditer(text):
                mark, rest = match.group(2), match.group(3)
                suggestion = f"({mark}) {rest}"
                self.report("TT402", f"portion mark without parentheses: {match.group(0)!r}; "
                            f"read as {suggestion!r}",
                            self.span(base + match.start(2), base + match.end(3)),
                            suggestion=suggestion)
        self.add_tree(tree, TextBlock, text=text.strip(_WS))

    line_body_start = line_body_block

    def line_bt_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, Separator)

    def line_ssn_line(self, tree: Tree[Any]) -> None:
        tok = tree.children[0]
        assert isinstance(tok, Token)
        self.add_tree(tree, SsnLine, ssn=self.ssn(tok))

    def line_end_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, EndOfMessage, marker=str(tree.children[0]))

    def line_attribute_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, AttributeLine, text=str(tree.children[0]).strip())


# 1. SENTIRE TEXT. -> 1. (S) ENTIRE TEXT.
_LOST_PARENS = re.compile(r"(?m)^([ \t]*¶?[ \t]*[0-9]{1,2}\.[ \t]*)(TS|S|C|U|SBU)(ENTIRE TEXT)")
_FORM_BANNER = re.compile(
    r"CLASSIFIED MESSAGE|Intelligence Information Cable|CENTRAL INTELLIGENCE AGENCY", re.I)


def _bullet(tok: Token | None) -> str | None:
    return str(tok).lstrip("¶ \t(").rstrip(".)") if tok is not None else None


def tile(text: str, index: LineIndex, drafts: list[Draft]) -> list[Line]:
    """Instantiate drafts so that together they cover ``text`` exactly.

    Each node runs from its own start to the start of the next node; leading whitespace
    becomes a Blank node. Drafts are sorted by start; a draft starting inside the previous
    one (never expected) is folded into it.
    """
    from .nodes import Blank

    drafts = sorted(drafts, key=lambda d: d.start)
    nodes: list[Line] = []
    length = len(text)
    if drafts and drafts[0].start > 0:
        nodes.append(Blank(text[: drafts[0].start], index.span(0, drafts[0].start)))
    elif not drafts and text:
        nodes.append(Blank(text, index.span(0, length)))
    kept: list[Draft] = []
    for draft in drafts:
        if kept and draft.start < kept[-1].end and draft.start <= kept[-1].start:
            continue
        kept.append(draft)
    for i, draft in enumerate(kept):
        start = 0 if (i == 0 and not nodes) else draft.start
        end = kept[i + 1].start if i + 1 < len(kept) else length
        start, end = min(start, length), min(max(end, start), length)
        nodes.append(draft.cls(raw=text[start:end], span=index.span(start, end), **draft.fields))
    return nodes
