"""The Builder's groundwork: drafts of top-level nodes, the tree helpers, and the
groups every line kind is made of (routing indicators, precedence, DTGs, filing times,
serials, classifications, sections, MRNs, addresses)."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from lark import Token, Tree

from . import decode, facts, ocr, slots
from . import diagnostics as diag
from .grammar import get_parser
from .nodes import (
    Address,
    AddressBlock,
    Classification,
    DateTimeGroup,
    FilingTime,
    Group,
    Line,
    MessageNumber,
    PageHeader,
    Precedence,
    RoutingIndicator,
    SectionMark,
    StationSerial,
)
from .source import LineIndex, Span

Child = Any  # Token | Tree


_T = TypeVar("_T")

#: The makers made, by class (as many as there are node classes): of the node from all its
#: fields, and from the raw text, span and fields of its draft.
_MAKERS: dict[type[Any], tuple[Callable[..., Any], Callable[[str, Span, dict[str, Any]], Any]]] \
    = {}


def maker(cls: type[_T]) -> Callable[..., _T]:
    """A function that makes a node of the frozen dataclass ``cls`` from all its fields, in
    order, by position (``cls(*values)`` with no default left out), setting each slot through
    its own descriptor: the dataclass's ``__init__`` sets a frozen node's fields with
    ``object.__setattr__`` by name, and made a fifth of the Builder's time (an Address: 0.9
    us, 0.5 us here). The class itself when that would not be the same (a ``__post_init__``,
    a field left out of ``__init__``, no slots) or for more than seven fields."""
    made = _MAKERS.get(cls)
    if made is None:
        made = _MAKERS[cls] = _makers(cls)
    return made[0]


def draft_maker(cls: type[_T]) -> Callable[[str, Span, dict[str, Any]], _T]:
    """A function of ``(raw, span, fields)`` that is ``cls(raw=raw, span=span, **fields)``
    (:meth:`FieldsDraft.node`): when ``fields`` holds every other field of the class (most
    drafts), the node of :func:`maker` without the keyword call; else the class's."""
    made = _MAKERS.get(cls)
    if made is None:
        made = _MAKERS[cls] = _makers(cls)
    return made[1]


def _makers(cls: type[_T]) -> tuple[Callable[..., _T], Callable[[str, Span, dict[str, Any]], _T]]:
    import dataclasses

    def by_class(raw: str, span: Span, fields: dict[str, Any]) -> _T:
        return cls(raw=raw, span=span, **fields)  # type: ignore[call-arg]

    found = slots.setters(cls)
    made = slots.straight(cls, found) if found is not None else None
    if made is None:
        return cls, by_class
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # a dataclass (setters)
    names = tuple(field.name for field in fields[2:])
    if [field.name for field in fields[:2]] != ["raw", "span"]:
        return made, by_class
    count = len(names)
    values_of = operator.itemgetter(*names) if count > 1 else None
    name = names[0] if count == 1 else ""

    def from_draft(raw: str, span: Span, fields: dict[str, Any]) -> _T:
        if len(fields) == count:  # every field, if none is unknown
            try:
                if values_of is not None:
                    return made(raw, span, *values_of(fields))
                return made(raw, span, fields[name]) if count else made(raw, span)
            except KeyError:
                pass
        return by_class(raw, span, fields)

    return made, from_draft


# the nodes the Builder makes most, made by their makers
_Address = maker(Address)
_AddressBlock = maker(AddressBlock)
_Classification = maker(Classification)
_FilingTime = maker(FilingTime)
_Group = maker(Group)
_MessageNumber = maker(MessageNumber)
_Precedence = maker(Precedence)
_RoutingIndicator = maker(RoutingIndicator)
_SectionMark = maker(SectionMark)
_StationSerial = maker(StationSerial)


class Draft:
    """A top-level node before its tiled extent is known: its offsets, the class of node
    it becomes and that node's fields (:class:`FieldsDraft`, :class:`AddressDraft`)."""

    __slots__ = ("start", "end")

    start: int
    end: int
    cls: type[Line]
    fields: dict[str, Any]

    def node(self, raw: str, span: Span) -> Line:
        """The node over its tiled extent."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return (f"{type(self).__name__}({self.start}, {self.end}, {self.cls.__name__}, "
                f"{self.fields})")


class FieldsDraft(Draft):
    """The draft of any node: its fields in a dict."""

    __slots__ = ("cls", "fields")

    def __init__(self, start: int, end: int, cls: type[Line], fields: dict[str, Any]) -> None:
        self.start = start
        self.end = end
        self.cls = cls
        self.fields = fields

    def node(self, raw: str, span: Span) -> Line:
        made = _MAKERS.get(self.cls)  # draft_maker's, without its call once a class has one
        return (made[1] if made is not None else draft_maker(self.cls))(raw, span, self.fields)


class AddressDraft(Draft):
    """The draft of an :class:`AddressBlock`, its fields in slots rather than a dict: 72
    bytes instead of 312, a line of a million ``TO TO`` holds a million drafts until they
    are tiled. 72 bytes is the size class of the AddressBlock that tiling makes of it, so
    tiling reuses each draft's memory for its node (at 88 bytes, in the Address nodes'
    size class, the freed drafts stayed resident: 97 bytes per character instead of 80)."""

    __slots__ = ("keyword", "addresses", "page_headers")
    cls = AddressBlock

    def __init__(self, start: int, end: int, keyword: str, addresses: tuple[Address, ...],
                 page_headers: tuple[PageHeader, ...]) -> None:
        self.start = start
        self.end = end
        self.keyword = keyword
        self.addresses = addresses
        self.page_headers = page_headers

    @property  # the fields are read from the slots
    def fields(self) -> dict[str, Any]:
        return {"keyword": self.keyword, "addresses": self.addresses,
                "page_headers": self.page_headers}

    @fields.setter
    def fields(self, value: dict[str, Any]) -> None:
        self.keyword = value["keyword"]
        self.addresses = value["addresses"]
        self.page_headers = value["page_headers"]

    def node(self, raw: str, span: Span) -> Line:
        return _AddressBlock(raw, span, self.keyword, self.addresses, self.page_headers)


@dataclass(slots=True)
class Reduced:
    """What a block built as the parser reduced it left in the parse tree, when its draft
    alone does not say it (``Builder.reduce_address_block``): the draft and the
    diagnostics its build reported, or (``draft`` None) the error it failed with, which
    fails its line when the line is built. ``start`` and ``end`` are the offsets of the
    block's first and last token."""

    start: int
    end: int
    draft: Draft | None
    notes: list[diag.Diagnostic]
    error: Exception | None = None


#: ``==`` of a rule's name: the name is a Token, whose own ``==`` is a Python function
_str_eq = str.__eq__


def _tokens(tree: Tree[Any]) -> Iterator[Token]:
    for child in tree.children:
        if isinstance(child, Token):
            yield child
        elif isinstance(child, Tree):
            yield from _tokens(child)


def _token_list(tree: Tree[Any]) -> list[Token]:
    """``list(_tokens(tree))``, without a generator a level."""
    out = []
    for child in tree.children:
        if isinstance(child, Token):
            out.append(child)
        elif isinstance(child, Tree):
            out += _token_list(child)
    return out


def _first_start(tree: Tree[Any]) -> int:
    """The start of the first token under ``tree`` (0 without tokens)."""
    children = tree.children
    first = children[0] if children else None
    if not isinstance(first, Token):  # (most lines start with a token of their own)
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
    children = tree.children
    if children:  # (most lines end with a token of their own)
        last = children[-1]
        if isinstance(last, Token) and last.end_pos:
            return last.end_pos
    for child in reversed(children):
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


@functools.cache
def _address_special_pattern() -> re.Pattern[str]:
    """A group of an address that lexes as PREC_WORD or MCN (at the start of the text or
    after a space). Where none does, every group is a WORD: the name is the groups as they
    stand, and no group is split."""
    lark = get_parser().lark
    kinds = "|".join(lark.get_terminal(kind).pattern.to_regexp()
                     for kind in _ADDRESS_GROUP_KINDS[:-1])
    return re.compile(f"(?<![^\\t\\f\\v ])(?:{kinds})")


#: One group of an address: kind (WORD, PREC_WORD, MCN, ADDR_RI), text, start, end.
_Piece = tuple[str, str, int, int]


def _address_pieces(text: str, start: int, pos: int = 0) -> list[_Piece]:
    """The groups of the text of an ADDR_TEXT token at ``start``, from its group at ``pos``
    on, as the tokens they lex as on their own (WORD, PREC_WORD, MCN; see the grammar) would
    have them: kind, text without the spaces after it, start and end offsets. Plain tuples:
    an address line holds several groups, and a Lark Token per group cost 40% of the
    Builder's time."""
    pieces = []
    for match in _address_group_pattern().finditer(text, pos):  # WORD matches every group
        kind = match.lastgroup or "WORD"
        piece = match.group(kind).rstrip(" \t")  # as grammar._rstrip
        pos = start + match.start()
        pieces.append((kind, piece, pos, pos + len(piece)))
    return pieces


#: What the PREC_WORD pattern matches whole, by word (bounded: the words that stand after an
#: address's name are few: PRIORITY, ROUTINE, IMMEDIATE...).
_PREC_WORDS: dict[str, bool] = {}


def _address_tail(text: str, start: int, pos: int) -> list[_Piece] | None:
    """What :func:`_address_pieces` makes of the groups of ``text`` from ``pos`` on when they
    are ``WORD``, ``DIGITS`` or ``WORD DIGITS`` (one space) with a one-word precedence and
    1-5 ASCII digits (most addresses: ``... PRIORITY 8478``), read without the pattern's
    matches; None for other groups. A word matched whole by the precedence pattern is what
    the pattern matches at its start: an alternative matching less of it stops before a
    letter."""
    tail = text[pos:]
    word, space, number = tail.partition(" ")
    if not space:
        number = word if word.isdigit() else ""
        word = "" if number else word
    elif not word or " " in number or not number.isdigit():
        return None
    if number and not (len(number) <= 5 and number.isascii()):
        return None
    pieces: list[_Piece] = []
    if word:
        known = _PREC_WORDS.get(word)
        if known is None:
            known = _prec_word_pattern().fullmatch(word) is not None and word.isalpha()
            if len(_PREC_WORDS) < 64:
                _PREC_WORDS[word] = known
        if not known:
            return None
        at = start + pos
        pieces.append(("PREC_WORD", word, at, at + len(word)))
    if number:
        at = start + pos + (len(word) + 1 if word else 0)
        pieces.append(("MCN", number, at, at + len(number)))
    return pieces


@functools.cache
def _prec_word_pattern() -> re.Pattern[str]:
    return re.compile(get_parser().lark.get_terminal("PREC_WORD").pattern.to_regexp())


def _drop_final_period(words: list[str]) -> None:
    """The period after the last word of a name (``AMEMBASSY PARIS.``) is not part of it;
    one inside an abbreviation (``D.C.``) or after a single letter (``J.``) is."""
    if words and words[-1].endswith(".") and "." not in words[-1][:-1] and len(words[-1]) > 2:
        words[-1] = words[-1][:-1]


#: At most this many distinct strings of at most _SHARED_LENGTH characters are shared per
#: text (:func:`share`).
_SHARED_ENTRIES = 4096
_SHARED_LENGTH = 24


def share(shared: dict[str, str], value: str) -> str:
    """``value``, or the equal short string kept in ``shared`` before: text that repeats
    (hostile text: ``TO TO TO ...``, a million times; blank lines) keeps one copy of each
    short string rather than one per node. Bounded, so that distinct values cost nothing
    more."""
    if len(value) > _SHARED_LENGTH:
        return value
    found = shared.get(value)
    if found is not None:
        return found
    if len(shared) < _SHARED_ENTRIES:
        shared[value] = value
    return value


#: What a classification marking reads as (``ocr_classification``, ``classification_level``),
#: by the marking as written: the grammar's classification words are few (15 in the 1,129
#: files of ../shared/corpus), spaced or not; the first _MARKINGS_KEPT are kept.
_MARKINGS: dict[str, tuple[str | None, str, str | None]] = {}
_MARKINGS_KEPT = 256

_WS = " \t\r\n\f\v"
#: A subject longer than this draws TT405: it probably ran on into the next field.
_LONG_SUBJECT = 300


def _join(values: list[str]) -> str:
    """The words of ``values`` one space apart (a blank value adds none): each value's words
    joined, the values' joined, written as one split of the values joined."""
    return " ".join(" ".join(values).split())


class BuilderBase:
    """Turns tokens of the parse tree into typed groups and drafts of top-level nodes;
    the line handlers are in :class:`teletype.transform.Builder` and
    :class:`teletype.text_lines.TextLines`."""

    """Turns the parse tree of one text into drafts, diagnostics collected on the way."""

    def __init__(self, text: str, index: LineIndex, year_pivot: int = decode.DEFAULT_PIVOT):
        self.text = text
        self.index = index
        self.pivot = year_pivot
        self.diagnostics: list[diag.Diagnostic] = []
        self.drafts: list[Draft] = []
        self._shared: dict[str, str] = {}

    def share(self, value: str) -> str:
        """``value``, or an equal short string this text already made (:func:`share`)."""
        return share(self._shared, value)

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def tspan(self, tok: Token) -> Span:
        return self.index.span(tok.start_pos or 0, tok.end_pos or 0)

    def node_span(self, tree: Tree[Any]) -> Span:
        return self.index.span(_first_start(tree), _last_end(tree))

    def raw(self, start: int, end: int) -> str:
        return self.text[start:end]

    def group(self, tok: Token) -> Group:
        return _Group(tok.value, self.index.span(tok.start_pos or 0, tok.end_pos or 0))

    def add(self, start: int, end: int, cls: type[Line], **fields: Any) -> None:
        self.drafts.append(FieldsDraft(start, end, cls, fields))

    def add_tree(self, tree: Tree[Any], cls: type[Line], **fields: Any) -> None:
        self.drafts.append(FieldsDraft(_first_start(tree), _last_end(tree), cls, fields))

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

    def routing_indicator(self, tok: Token) -> RoutingIndicator:
        raw = tok.value
        return _RoutingIndicator(raw, self.index.span(tok.start_pos or 0, tok.end_pos or 0),
                                 raw.rstrip("/"))

    def prec_letter(self, tok: Token) -> Precedence:
        raw: str = tok.value
        letter = raw[0].upper()
        if letter == "0":  # the grammar admits 0 only where the DTG makes it the O prosign
            letter = "O"
            self.report("TT401", f"digit 0 for the precedence prosign {letter}: read as O",
                        self.tspan(tok), hint="OCR often reads O as 0", suggestion="O")
        return _Precedence(raw, self.index.span(tok.start_pos or 0, tok.end_pos or 0), letter,
                           facts.precedence_word(letter))

    def prec_group(self, raw: str, start: int, end: int) -> Precedence:
        """A precedence word (PREC_WORD) written as ``raw`` at ``start:end``."""
        letter = facts.WORD_LETTERS.get(raw)
        if letter is not None:  # spelt right (most): the word as it stands
            return _Precedence(raw, self.index.span(start, end), letter, raw)
        word = " ".join(raw.upper().split())
        span = self.span(start, end)
        if word in facts.MISSPELT_PRECEDENCE:
            word = facts.MISSPELT_PRECEDENCE[word]
            self.report("TT403", f"{raw!r} is a misspelling of {word}", span, suggestion=word)
        return _Precedence(raw, span, facts.WORD_LETTERS.get(word), word)

    def digits(self, tok: Token, what: str) -> str:
        """The digits of a numeric group, OCR letters fixed and reported (TT401)."""
        raw: str = tok.value
        fixed = decode.fix_digits(raw)
        if fixed != raw:
            self.report("TT401", f"letter in the {what} {raw!r}: read as {fixed!r}",
                        self.tspan(tok), hint="OCR often reads 0 as O and 1 as I or l",
                        suggestion=fixed)
        return fixed

    def dtg(self, tree: Tree[Any]) -> DateTimeGroup:
        toks = _token_list(tree)
        month_tok = year_tok = None
        for tok in toks:  # the first of each
            if tok.type == "MONTH":
                if month_tok is None:
                    month_tok = tok
            elif tok.type == "YEAR" and year_tok is None:
                year_tok = tok
        return self.dtg_from(toks[0], month_tok, year_tok)

    def dtg_from(
        self, time_tok: Token, month_tok: Token | None, year_tok: Token | None
    ) -> DateTimeGroup:
        last = year_tok or month_tok or time_tok
        start, end = time_tok.start_pos or 0, last.end_pos or 0
        time: str = time_tok.value
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
            self.text[start:end], self.index.span(start, end), time, month, year,
            pivot=self.pivot,
            month_span=self.tspan(month_tok) if month_tok is not None else None,
            year_span=self.tspan(year_tok) if year_tok is not None else None)
        # TT220 (no month or year) is for `teletype decode`: partial DTGs are common; a DTG
        # with a value, month and year has no diagnostic at all
        if node.value is None or node.month is None or node.year is None:
            self.diagnostics.extend(d for d in decode.dtg_diagnostics(node) if d.code == "TT201")
        return node

    def ocr_group(self, tok: Token | None, read: Callable[[str], ocr.Fixed],
                  what: str) -> str | None:
        """A DTG group as written, or as :mod:`teletype.ocr` corrects it (reported, TT401)
        when OCR put a digit for a letter or the reverse."""
        if tok is None:
            return None
        raw: str = tok.value
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
        node = _FilingTime(tok.value, self.tspan(tok), day, hour, minute)
        self.diagnostics.extend(decode.filing_diagnostics(node))
        return node

    def ssn(self, tok: Token) -> StationSerial:
        return _StationSerial(tok.value, self.tspan(tok),
                             self.digits(tok, "station serial number").lstrip("#"))

    def classification(self, tok: Token) -> Classification:
        raw: str = tok.value
        read = _MARKINGS.get(raw)
        if read is None:
            fixed = decode.ocr_classification(raw)
            read = fixed, *decode.classification_level(fixed or raw)
            if len(_MARKINGS) < _MARKINGS_KEPT:
                _MARKINGS[raw] = read
        fixed, level, qualifier = read
        if fixed is not None:
            self.report("TT403", f"{str(tok).strip()!r} is a misspelling of {level}",
                        self.tspan(tok), suggestion=level)
        return _Classification(raw, self.tspan(tok), level, qualifier)

    def section_mark(self, tok: Token) -> SectionMark:
        read = ocr.section(str(tok))
        if read.ok and str(tok).upper().startswith(("S", "FINAL")):
            if read.changed:
                self.report("TT401", f"OCR-damaged section count {str(tok).strip()!r}: read "
                            f"as {read.text!r}", self.tspan(tok), suggestion=read.text)
            n, _, m = read.text.removeprefix("SECTION ").partition(" OF ")
            return _SectionMark(str(tok), self.tspan(tok), int(n), int(m))
        nums = [
            int(decode.fix_digits(w)) for w in str(tok).split() if decode.fix_digits(w).isdigit()
        ]
        number, total = (nums + [None, None])[:2] if nums else (None, None)
        return _SectionMark(str(tok), self.tspan(tok), number, total)

    def mrn(self, children: list[Child]) -> MessageNumber:
        toks = [c for c in children if isinstance(c, Token)]
        start, end = toks[0].start_pos or 0, toks[-1].end_pos or 0
        year = next((t.value for t in toks if t.type == "MRN_YEAR"), None)
        office = _join([t.value for t in toks if t.type in ("OFFICE", "LINE_OFFICE")])
        return _MessageNumber(self.text[start:end], self.index.span(start, end), year, office,
                              toks[-1].value)

    def address(self, tree: Tree[Any]) -> Address:
        toks: list[Token] = tree.children  # type: ignore[assignment]  # tokens only
        first = toks[0]
        ri = self.routing_indicator(first) if first.type == "ADDR_RI" else None
        last = toks[-1]
        start = first.start_pos or 0
        end = last.end_pos or 0
        names: list[tuple[str, str]]  # kind and text of each group of the name
        precedence = None
        if len(toks) == (2 if ri is not None else 1) and last.type == "ADDR_TEXT":
            # one text (most addresses): its groups up to the first that lexes as PREC_WORD
            # or MCN are WORDs, taken as they stand; only the rest is split piece by piece
            text = last.value
            special = _address_special_pattern().search(text)
            if special is None:  # a plain name (so is every address of `TO TO TO ...`)
                words = text.split()
                if len(words) > 1 and words[-1] == ".":
                    words.pop()
                _drop_final_period(words)
                raw = self.share(self.raw(start, end))  # the text, not the parser's copy
                name = " ".join(words)
                return self._address(raw, start, end, ri,
                                     raw if name == raw else self.share(name), None, None)
            at = special.start()
            names = [("WORD", word) for word in text[:at].split()]
            pieces = _address_tail(text, last.start_pos or 0, at) or \
                _address_pieces(text, last.start_pos or 0, at)
            clean = True  # every group of the name is a WORD or MCN: no spaces in it
        else:
            pieces = []
            for tok in toks[1:] if ri is not None else toks:
                if tok.type == "ADDR_TEXT":
                    pieces += _address_pieces(tok.value, tok.start_pos or 0)
                else:
                    pieces.append((tok.type, tok.value, tok.start_pos or 0, tok.end_pos or 0))
            names = []
            clean = False
        for kind, piece, piece_start, piece_end in pieces:
            if kind != "PREC_WORD":
                names.append((kind, piece))
            elif precedence is None:
                precedence = self.prec_group(piece, piece_start, piece_end)
        mcn = None
        # the period that ends an address list (`TO: ROUTINE DIRECTOR.`, `... 4050 .`) is
        # not part of the name; one inside an abbreviation (`WASHINGTON D.C.`) is
        if len(names) > 1 and names[-1][1].strip() == ".":
            names.pop()
        if len(names) > 1 and names[-1][0] == "MCN":
            mcn = names.pop()[1]
        words = [name for _, name in names] if clean else [name.strip() for _, name in names]
        _drop_final_period(words)
        return self._address(self.share(self.text[start:end]), start, end, ri,
                             self.share(" ".join(words) if clean else _join(words)),
                             precedence, mcn)

    def _address(self, raw: str, start: int, end: int, ri: RoutingIndicator | None, name: str,
                 precedence: Precedence | None, mcn: str | None) -> Address:
        # only Z and z upper-case to a text that starts with Z: most names are not looked at
        zen = name[:1] in ("Z", "z") and name.upper().startswith("ZEN/") and len(name) > 4
        return _Address(raw, self.index.span(start, end), ri,
                       name[4:].lstrip("/ ") if zen else name, precedence, mcn, zen)

    # -------------------------------------------------------------- wrapper lines
