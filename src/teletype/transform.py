"""Lark parse tree -> typed AST nodes.

Each top-level grammar rule becomes one or more top-level nodes (a DTG line with FM on the
same line gives a DtgLine and a FromLine). Nodes are first collected as drafts with their
own start offset; :func:`tile` then extends each to the start of the next so that the
top-level nodes cover the input exactly.
"""

from __future__ import annotations

import csv
import operator
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from lark import Token, Tree

from . import decode, facts, ocr
from .builder import (
    _SHARED_LENGTH,
    AddressDraft,
    BuilderBase,
    Draft,
    FieldsDraft,
    Reduced,
    _first_start,
    _join,
    _last_end,
    _str_eq,
    _token_list,
    _tokens,
    maker,
    share,
)
from .decode import fields
from .decode.fields.subject import printed_across
from .layout import MILITARY_SERIES
from .nodes import (
    AccountingLine,
    Blank,
    CiteLine,
    ClassificationLine,
    ClassificationMark,
    ClassifiedBy,
    ContainerRecord,
    DashCounter,
    DeLine,
    DistributionBlock,
    DraftingLine,
    DtgLine,
    FormBanner,
    FromLine,
    JanapRoutingLine,
    Label,
    Line,
    MilitarySet,
    MrnLine,
    OperatingSignal,
    PageHeader,
    Precedence,
    ReceiptTime,
    ReferenceBlock,
    ReleaseStamp,
    RoutingIndicator,
    RoutingLine,
    RoutingSlip,
    SecurityGroup,
    SecurityLine,
    StationSerial,
    SubjectLine,
    Tag,
    TagsLine,
    TransmissionId,
    UnknownLine,
)
from .source import LineIndex
from .text_lines import TextLines

__all__ = ["Builder", "BuilderBase", "Draft", "tile"]

#: the lines whose drafts the front matter fills (Builder.read_front_matter)
_FRONT_LINES = frozenset({TagsLine, SubjectLine, ReferenceBlock, ClassifiedBy})
_OperatingSignal = maker(OperatingSignal)
_SecurityGroup = maker(SecurityGroup)
_Tag = maker(Tag)

#: The name of the handler of each rule, interned: the type's attribute cache finds a name
#: by identity, and missed the one made anew for each line (the grammar's rules are few)
_METHODS: dict[str, str] = {}

_FORM_BANNER = re.compile(
    r"CLASSIFIED MESSAGE|Intelligence Information Cable|CENTRAL INTELLIGENCE AGENCY", re.I)


class Builder(TextLines):
    """Builds the typed nodes of a parse tree: one ``line_<rule>`` handler a line kind
    (wrapper and header here, the text in :class:`~teletype.text_lines.TextLines`)."""

    def _handle(self, tree: Tree[Any]) -> None:
        """Build a top-level line with the ``line_<rule>`` method of its rule (KeyError for
        a rule without one)."""
        name = tree.data  # the parser's own Token, the same object each time: found by identity
        method = _METHODS.get(name)
        if method is None:
            method = sys.intern("line_" + str(name))
            if len(_METHODS) < 256:
                _METHODS[name] = method
        handler: Callable[[Tree[Any]], None] | None = getattr(self, method, None)
        if handler is None:
            raise KeyError(str(name))
        handler(tree)

    # -------------------------------------------------------------- helpers

    def build(self, tree: Tree[Any]) -> list[Draft]:
        for child in tree.children:
            if isinstance(child, Tree):
                self._handle(child)
        return self.drafts

    #: Build one top-level line (a child of the parse tree's root). The line's tree is not
    #: kept as it was: the blocks of an address line are freed as they are built.
    build_line = _handle

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
        # one pass over the drafts: the first DTG with a value (the first with precedences
        # before it), the first MRN, whether the message is military (as teletype.layout
        # tells it: its REF sets cite no MRNs), and the lines the front matter fills
        first_dtg = dtg_draft = None
        mrn = None
        military = False
        filled: list[Draft] = []
        for d in drafts:
            cls = d.cls
            if cls is DtgLine:
                if d.fields["dtg"].value:
                    if first_dtg is None:
                        first_dtg = d
                    if dtg_draft is None and d.fields.get("precedences"):
                        dtg_draft = d
            elif cls is ClassificationLine or cls is MrnLine:
                if mrn is None and d.fields.get("mrn") is not None:
                    mrn = d.fields["mrn"]
                if cls is MrnLine and d.fields["mrn"].office in MILITARY_SERIES:
                    military = True
            elif cls is MilitarySet or cls is JanapRoutingLine:
                military = True
            elif cls in _FRONT_LINES:
                filled.append(d)
        dtg_draft = dtg_draft or first_dtg
        dtg = dtg_draft.fields["dtg"] if dtg_draft is not None else None
        if dtg is not None and dtg.value is not None:
            year = dtg.value.year
        elif mrn is not None and mrn.year:
            year = decode.expand_year(mrn.year, self.pivot)
        if mrn is not None:
            origin = fields.references.canonical_office(mrn.office)
        front = fields.read_front_matter(self.text, year, origin, pivot=self.pivot,
                                         references=not military, index=self.index)
        # a TAGS code the decoder corrects (run together, a letter too many) is a finding
        # of the cable, as the proofreading rules' TT252 was before the decoder read it
        self.diagnostics.extend(d for d in front.notes if d.code in ("TT601", "TT605"))

        def overlaps(draft: Draft, at: fields.Located | None) -> bool:
            return at is not None and draft.start < at.end and at.start < max(draft.end,
                                                                              draft.start + 1)

        for draft in filled:
            if draft.cls is TagsLine:
                # the located field, else (a second TAGS line) the line itself
                tags, base = front.tags, front.tags_at.start if front.tags_at else 0
                if tags is None or not overlaps(draft, front.tags_at):
                    tags, base = fields.decode_tags(self.raw(draft.start, draft.end))[0], \
                        draft.start
                draft.fields["decoded"] = tags
                draft.fields["tags"] = tuple(
                    _Tag(item.raw, self.span(base + item.start, base + item.end), item.value,
                         item.person, item.kind)
                    for item in tags.items)
            elif draft.cls is SubjectLine:
                # the subject ends where the grammar's line ends or where the decoder sees
                # the next field start (a page head, "This is an Action request", Ref(s):),
                # whichever comes first, and goes on past a stamp printed across it where
                # the decoder reads on; an empty line: the subject located after it
                subject = draft.fields.get("decoded") or \
                    fields.decode_subject(self.raw(draft.start, draft.end))[0]
                at = front.subject_at
                if front.subject is not None and at is not None and overlaps(draft, at) and (
                        not subject.text or front.subject.text and (at.end < draft.end or (
                            at.end > draft.end and printed_across(self.text, draft.end)))):
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

    def line_page_header(self, tree: Tree[Any]) -> None:
        self.drafts.append(self.page_header_draft(tree))

    def page_header_draft(self, tree: Tree[Any]) -> Draft:
        toks = _token_list(tree)
        page_tok = toks[1]
        page_digits = decode.fix_digits(str(page_tok))
        page = int(page_digits) if page_digits.isdigit() else None
        office = [t for t in toks if t.type == "OFFICE"]
        serial = next((t for t in toks if t.type == "SERIAL"), None)
        mrn = self.mrn(office + [serial]) if office and serial is not None else None
        section_tok = next((t for t in toks if t.type == "SECTION_OF"), None)
        time_tok = next((t for t in toks if t.type == "TIME_Z"), None)
        groups = tuple(self.group(t) for t in toks[2:])
        return FieldsDraft(
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
        toks = _token_list(tree)
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
        toks = _token_list(tree)
        rest = _join([str(t) for t in toks[1:]])
        self.add_tree(tree, ClassificationMark,
                      classification=self.classification(toks[0]), rest=rest)

    def line_other_line(self, tree: Tree[Any]) -> None:
        self.add_tree(tree, UnknownLine, text=str(tree.children[0]).strip())

    # -------------------------------------------------------------- header lines

    def line_transmission_id(self, tree: Tree[Any]) -> None:
        toks = _token_list(tree)
        channel = str(toks[1]) if len(toks) > 1 else None
        self.add_tree(tree, TransmissionId, channel=channel)

    def line_routing_line(self, tree: Tree[Any]) -> None:
        toks = _token_list(tree)
        prosign = self.prec_letter(toks[0])
        indicators = tuple([self.routing_indicator(t) for t in toks[1:] if t.type == "RI"])
        extra = tuple(
            self.unparsed_group(t, "routing line") for t in toks[1:] if t.type == "WORD"
        )
        self.add_tree(tree, RoutingLine, prosign=prosign, indicators=indicators, extra=extra)

    def line_janap_line(self, tree: Tree[Any]) -> None:
        toks = _token_list(tree)
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
        toks = _token_list(tree)
        by_type = {t.type: t for t in toks}
        ri = by_type.get("RI")
        ssn = by_type.get("SSN")
        section = by_type.get("SECTION_NO")
        julian = by_type.get("JULIAN")
        section_digits = decode.fix_digits(section.value.lstrip("/")) if section else ""
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
        toks = _token_list(tree)
        group = None
        signals = []
        extra = []
        for tok in toks[1:]:
            if tok.type == "SEC_GROUP":
                value: str = tok.value
                code = "".join(value.split())
                group = _SecurityGroup(value, self.tspan(tok), code,
                                       facts.SECURITY_GROUPS.get(code))
            elif tok.type == "OPSIG":
                signals.append(_OperatingSignal(tok.value, self.tspan(tok), tok.value))
            else:
                extra.append(self.group(tok))
        self.add_tree(tree, SecurityLine, signal=toks[0].value, group=group,
                      signals=tuple(signals), extra=tuple(extra))

    def line_dtg_line(self, tree: Tree[Any]) -> None:
        precedences = []
        dtg = None
        signals = []
        extra = []
        end = 0
        for child in tree.children:
            if isinstance(child, Tree):
                if _str_eq(child.data, "dtg"):
                    dtg = self.dtg(child)
                    end = _last_end(child)
                elif _str_eq(child.data, "from_line"):
                    self.line_from_line(child)
                continue
            if child.type == "PREC":
                precedences.append(self.prec_letter(child))
            elif child.type == "OPSIG":
                signals.append(_OperatingSignal(child.value, self.tspan(child), child.value))
            else:
                extra.append(self.group(child))
            end = max(end, child.end_pos or 0)
        assert dtg is not None
        start = _first_start(tree)
        self.add(start, end, DtgLine, precedences=tuple(precedences), dtg=dtg,
                 signals=tuple(signals), extra=tuple(extra))

    def line_from_line(self, tree: Tree[Any]) -> None:
        address = next(c for c in tree.children
                       if isinstance(c, Tree) and _str_eq(c.data, "address"))
        self.add(_first_start(tree), _last_end(address), FromLine, address=self.address(address))
        for child in tree.children:
            if isinstance(child, Tree) and _str_eq(child.data, "address_line"):
                self.line_address_line(child)

    def reduce_hooks(self) -> dict[str, Callable[[Tree[Any]], Any]]:
        """The rules the parser hands to the Builder as it reduces them (``reduce`` of
        :meth:`teletype.grammar.CableParser.parse`): each address block is built at once,
        so that its tokens and trees die there. A line of a million ``TO TO`` would
        otherwise hold the parse tree of every block until the parse ends."""
        return {"address_block": self.reduce_address_block}

    def reduce_address_block(self, tree: Tree[Any]) -> AddressDraft | Reduced:
        """The draft of an address block as the parser reduces it; a :class:`Reduced`
        when its build reported diagnostics or failed. Nothing is added to the Builder
        here: the parse may yet fail and be run again (recovery), and the line is built
        (or fails as a whole) when :meth:`line_address_line` takes what this returned."""
        mark = len(self.diagnostics)
        try:
            draft = self._address_block(tree)
        except Exception as error:  # noqa: BLE001 - it fails its line, as a handler would
            del self.diagnostics[mark:]
            return Reduced(_first_start(tree), _last_end(tree), None, [], error)
        if len(self.diagnostics) == mark:
            return draft
        notes = self.diagnostics[mark:]
        del self.diagnostics[mark:]
        return Reduced(draft.start, draft.end, draft, notes)

    def line_address_line(self, tree: Tree[Any]) -> None:
        # `TO X INFO Y` on one line: a block per keyword, built as the parser reduced it
        # (reduce_address_block), or here in a tree that Lark made, whose block is then
        # replaced by what the hook would have left, so that its tokens and trees die
        children = tree.children
        for i, child in enumerate(children):
            if isinstance(child, Tree):
                child = children[i] = self.reduce_address_block(child)
            if isinstance(child, Reduced):
                if child.draft is None:  # the block failed: so does its line
                    assert child.error is not None
                    raise child.error
                self.diagnostics.extend(child.notes)
                child = child.draft
            self.drafts.append(child)

    def _address_block(self, tree: Tree[Any]) -> AddressDraft:
        keyword = self.share(str(tree.children[0]).rstrip(":").upper())
        addresses = []
        pages = []
        end = 0
        for child in tree.children[1:]:
            if not isinstance(child, Tree):
                continue
            if _str_eq(child.data, "address"):
                addresses.append(self.address(child))
                end = _last_end(child)
            elif _str_eq(child.data, "address_page"):
                draft = self.page_header_draft(child)
                pages.append(PageHeader(self.raw(draft.start, draft.end),
                                        self.span(draft.start, draft.end), **draft.fields))
        return AddressDraft(_first_start(tree), end, keyword, tuple(addresses), tuple(pages))

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
        toks = _token_list(tree)
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
        toks = _token_list(tree)
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
            mark = self.classification(head)
            read = ocr.classification(str(head))
            if mark.level not in facts.CLASSIFICATION_RANK and read.ok:
                # a word the print cut short (SECRE): the level it stands for
                self.report("TT401", f"classification {str(head).strip()!r} on a CIA DTG line "
                            f"read as {read.text!r}", self.tspan(head), suggestion=read.text)
                mark = replace(mark, level=read.text)
            self.add(head.start_pos or 0, head.end_pos or 0, ClassificationMark,
                     classification=mark, rest="")
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

_START = operator.attrgetter("start")


def tile(text: str, index: LineIndex, drafts: list[Draft]) -> list[Line]:
    """Instantiate drafts so that together they cover ``text`` exactly.

    Each node runs from its own start to the start of the next node; leading whitespace
    becomes a Blank node. Drafts are sorted by start; a draft starting inside the previous
    one (never expected) is folded into it. ``drafts`` is sorted in place and emptied: each
    draft is dropped as its node is made, so that a text of a million address blocks does
    not hold every draft and every node at once.
    """
    drafts.sort(key=_START)
    kept = 0  # the drafts kept are moved to the front of the list
    for draft in drafts:
        if kept and draft.start < drafts[kept - 1].end and draft.start <= drafts[kept - 1].start:
            continue
        drafts[kept] = draft
        kept += 1
    del drafts[kept:]
    length = len(text)
    lead: Line | None = None
    if drafts and drafts[0].start > 0:
        lead = Blank(text[: drafts[0].start], index.span(0, drafts[0].start))
    elif not drafts and text:
        lead = Blank(text, index.span(0, length))
    shared: dict[str, str] = {}  # short raw texts that repeat are kept once (share)
    nodes: list[Line] = []
    end = length  # the start of the node after the draft (made last to first)
    append, span = nodes.append, index.span
    while drafts:
        draft = drafts.pop()
        start = 0 if (not drafts and lead is None) else draft.start
        # min and max, written out: the loop runs once a line
        start = start if start < length else length
        stop = end if end > start else start
        stop = stop if stop < length else length
        raw = text[start:stop]
        append(draft.node(raw if len(raw) > _SHARED_LENGTH else share(shared, raw),
                          span(start, stop)))
        end = draft.start
    if lead is not None:
        nodes.append(lead)
    nodes.reverse()
    return nodes
