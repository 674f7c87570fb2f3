"""The cable under validation (:class:`Context`) and the facts the rules read from it.

Every fact is computed on first use and cached for the other rules; facts with several
parts are named (:class:`Addressee`, :class:`Marking`, :class:`PortionMarkAt`,
:class:`FilingFacts`, :class:`HighestPrecedence`). The text of the cable is rendered only
when a rule needs a span (line and column) or reads around a node.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Generic, NamedTuple, TypeVar, overload

from .. import decode, vocab
from .. import nodes as _nodes
from ..cable import Cable
from ..nodes import (
    Address,
    Classification,
    ClassificationMark,
    DeLine,
    DtgLine,
    EoLine,
    FilingTime,
    FrontText,
    JanapRoutingLine,
    Line,
    MessageNumber,
    Node,
    Precedence,
    RoutingLine,
    SecurityLine,
    Separator,
    SubjectLine,
    Tag,
    TagsLine,
    TextBlock,
    UnknownLine,
    Unparsed,
)
from ..source import LineIndex, Span
from .common import Rank, _is_leap, _minutes_delta, _rank, _rank_of
from .config import Config

_T = TypeVar("_T")
_A = TypeVar("_A", bound=Line)
_B = TypeVar("_B", bound=Line)


class _fact(Generic[_T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """A fact of the context, computed on first use and then kept in the instance's
    ``__dict__`` (which later reads find before this descriptor): a
    :class:`functools.cached_property` without its lock, which a Context, used by one
    thread, does not need (the lock made every first read several times slower)."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _fact[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> _fact[_T] | _T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class Addressee(NamedTuple):
    """An address of the TO, INFO or XMT lines (a tuple: ``for keyword, address in ...``)."""

    keyword: str
    address: Address


class Marking(NamedTuple):
    """The overall classification of the text (a tuple: ``level, qualifier, span``)."""

    level: str
    qualifier: str | None
    span: Span


class PortionMarkAt(NamedTuple):
    """A portion mark of a paragraph or the subject: ``mark`` without parentheses,
    ``start``/``end`` the offsets of the mark with its parentheses."""

    mark: str
    start: int
    end: int


class FilingFacts(NamedTuple):
    """The DE-line filing time read against the DTG (TT302-TT304; a named tuple: made
    faster than a frozen dataclass)."""

    filing: FilingTime
    dtg: datetime
    filed: datetime
    #: filed on the DTG's day, or on the next day within ``filing_delay_minutes``
    consistent: bool


@dataclass(frozen=True, slots=True)
class HighestPrecedence:
    """The highest precedence of FL5 and the TO/INFO lines, and where it is given."""

    rank: int
    letter: str
    #: the FL5 precedences and the TO/INFO addressees that give it
    given: tuple[Precedence | Addressee, ...]

    @property
    def where(self) -> tuple[str, ...]:
        """Where it is given: ``FL5 O at 3:1``, ``TO AMEMBASSY LIMA IMMEDIATE``."""
        return tuple(_precedence_at(at) for at in self.given)


#: A paragraph number and the portion mark after it, matched at the start of a line (of
#: the lines that have a parenthesis: see :func:`_line_marks`).
_PORTION = re.compile(
    r"[ \t]*(?:¶[ \t]*)?\d{1,2}[ \t]?[.)][ \t]*(\(([A-Za-z][A-Za-z/ \-]{0,14})\))"
)
_SUBJECT_PORTION = re.compile(
    r"(?i)[ \t]*(?:¶[ \t]*)?SUBJ(?:ECT)?[ \t]*:[ \t]*(\(([A-Za-z][A-Za-z/ \-]{0,14})\))"
)
#: the mark of a match of :data:`_PORTION` without parentheses (``match.group(2)``)
_MARK_TEXT = operator.itemgetter(2)
_MISSING: Any = object()  # a fact not computed yet


#: The line types of :mod:`teletype.nodes` without subclasses: an instance of one of them is
#: of that very type (Context.nodes_of)
_LEAF_LINES = frozenset(k for k in vars(_nodes).values() if isinstance(k, type)
                        and issubclass(k, Line) and not k.__subclasses__())
_ONE_DAY = timedelta(days=1)

_EO_NUMBER = re.compile(r"[0-9lI]{5}")
_CLASSIFIED_BY = re.compile(r"(?i)classified\s+by")
_REASONS = re.compile(r"(?i)[\s,:]*reasons?\b")

#: How far back on its line an E.O. line is checked for "Classified by" (a bounded look
#: back: many E.O. groups on one line must not make this quadratic).
_EO_LOOK_BACK = 200


class Context:
    """A cable under validation, with facts read from it once and shared by the rules."""

    def __init__(self, cable: Cable, config: Config | None = None) -> None:
        self.cable = cable
        self.config = config or Config()
        # the decoder diagnostics of E.O. lines by id(node), filled by eo_diagnostics
        self._eo_decoded: dict[int, decode.Diagnostics] = {}
        # facts of the rule modules, by the function that computes them (see fact())
        self._facts: dict[Callable[[Context], Any], Any] = {}
        # the header's facts that nearly every cable's rules read, read here at once (a
        # lazy fact costs a call of its descriptor on first use)
        header, text = cable.header, cable.text
        #: the DTG line (FL5) of the header
        self.dtg_line: DtgLine | None = header.dtg if header else None
        #: the DTG of :attr:`dtg_line`
        self.dtg: datetime | None = self.dtg_line.dtg.value if self.dtg_line else None
        #: the military (JANAP) routing line of the header
        self.janap: JanapRoutingLine | None = None
        if header is not None:
            for line in header.routing:
                if isinstance(line, JanapRoutingLine):
                    self.janap = line
                    break
        #: the original message's own FL2 (relay envelopes excluded)
        self.fl2: RoutingLine | JanapRoutingLine | None = \
            header.routing[-1] if header and header.routing else None
        #: the DE line (FL3)
        self.de: DeLine | None = header.de if header else None
        #: the FL4 security line of the header
        self.security: SecurityLine | None = header.security if header else None
        #: the filing time of the DE line, else of the military (JANAP) routing line
        self.filing: FilingTime | None = None
        if self.de is not None and self.de.filing is not None:
            self.filing = self.de.filing
        elif self.janap is not None:
            self.filing = self.janap.filing
        #: the message reference number of the text
        self.mrn: MessageNumber | None = text.mrn if text else None
        # the lines of the cable by their exact type, in document order, or None when a line
        # is of a type that has subclasses or is no line type of :mod:`teletype.nodes` (see
        # nodes_of; every validation reads it)
        by_type: dict[type, list[Line]] = {}
        add = by_type.setdefault
        for node in cable.nodes:
            add(type(node), []).append(node)
        self._by_type: dict[type, list[Line]] | None = \
            by_type if _LEAF_LINES.issuperset(by_type) else None

    @_fact
    def unparsed(self) -> tuple[UnknownLine | Unparsed, ...]:
        """The lines the grammar did not read (unknown or unparsed), which several rules
        read again (a DE or FL2 line with a typo, a misspelt DTG, a print header)."""
        return self.nodes_of(UnknownLine, Unparsed)

    @overload
    def nodes_of(self, kind: type[_A], /) -> tuple[_A, ...]: ...

    @overload
    def nodes_of(self, kind: type[_A], other: type[_B], /) -> tuple[_A | _B, ...]: ...

    def nodes_of(self, *kinds: type[Line]) -> tuple[Any, ...]:
        """The lines of the cable that are instances of ``kinds``, in document order: read
        from an index by type, built once (a cable has about 20 lines, and a dozen rules
        look for one or two kinds of line among them). The index answers for the line types
        of :mod:`teletype.nodes` that have no subclasses (for those, an instance is of the
        type itself); other types are looked for line by line."""
        by_type = self._by_type
        if by_type is not None:
            found: list[Line] | None = None
            for kind in kinds:  # (kind by kind: issuperset would make a set of the tuple)
                if kind not in _LEAF_LINES:
                    break
                some = by_type.get(kind)
                if some:
                    if found is not None:
                        break  # lines of two kinds: in document order, read line by line
                    found = some
            else:  # (most calls) the lines of at most one of the kinds, as indexed
                return tuple(found) if found else ()
        return tuple([n for n in self.cable.nodes if isinstance(n, kinds)])

    def _text_lines(self, kind: type[_A]) -> Sequence[_A]:
        """The text lines of a type of :mod:`teletype.nodes` without subclasses, in document
        order: its lines of the index by type (every text line of the cable is one of
        ``text.lines``, and only those are text lines), without a pass over the text's
        lines when the index answers."""
        by_type = self._by_type
        if by_type is not None:
            # (a typed local, not typing.cast: a call of a Python function, several a cable)
            lines: Sequence[_A] = by_type.get(kind, ())  # type: ignore[assignment]
            return lines
        text = self.cable.text
        return [n for n in text.lines if isinstance(n, kind)] if text else ()

    def fact(self, compute: Callable[[Context], _T]) -> _T:
        """``compute(self)``, computed once: a fact that a rule module works out and
        several of its rules read (a Context lives as long as one validation)."""
        # (a typed local, not typing.cast: a call of a Python function, several a cable)
        value: _T = self._facts.get(compute, _MISSING)  # no KeyError raised on first use
        if value is _MISSING:
            value = self._facts[compute] = compute(self)
        return value

    @_fact
    def text(self) -> str:
        """The text of the cable, rendered on first use (spans need it)."""
        return self.cable.render()

    @_fact
    def index(self) -> LineIndex:
        """Line starts of :attr:`text`, built on first use (most cables need few spans)."""
        return LineIndex(self.text)

    # spans ---------------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def span_in(self, node: Node, start: int, end: int) -> Span:
        """The span of ``start:end`` (offsets of the cable) inside ``node``, from the node's
        own span and text: unlike :meth:`span`, it needs no rendering of the cable."""
        base, raw = node.span, node.raw

        def position(offset: int) -> tuple[int, int]:
            chunk = raw[:offset - base.start]
            newlines = chunk.count("\n")
            if not newlines:
                return base.line, base.column + len(chunk)
            return base.line + newlines, len(chunk) - chunk.rfind("\n")

        line, column = position(start)
        end_line, end_column = position(end)
        return Span(start, end, line, column, end_line, end_column)

    def tight(self, node: Node) -> Span:
        """The span of a node without its leading and trailing whitespace."""
        raw = node.raw
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        return self.span(node.span.start + lead, node.span.start + max(trail, lead))

    def find(self, node: Node, pattern: str | re.Pattern[str], group: int = 0) -> Span | None:
        """The span of the first match of ``pattern`` inside a node's raw text."""
        match = re.search(pattern, node.raw)
        if match is None:
            return None
        return self.span(node.span.start + match.start(group), node.span.start + match.end(group))

    # header facts ----------------------------------------------------------

    @_fact
    def dtg_text(self) -> str:
        """The DTG as the findings name it: as written on its line."""
        return self.dtg_line.dtg.raw if self.dtg_line else ""

    @_fact
    def addressees(self) -> tuple[Addressee, ...]:
        """The addresses of the TO, INFO and XMT lines, in that order."""
        header = self.cable.header
        if header is None:
            return ()
        return tuple([Addressee(keyword, address)
                      for keyword, items in (("TO", header.to), ("INFO", header.info),
                                             ("XMT", header.xmt))
                      for address in items])

    def addresses(self) -> Iterator[Addressee]:
        """:attr:`addressees`, one by one."""
        return iter(self.addressees)

    @_fact
    def routing_lines(self) -> tuple[Line, ...]:
        """The header's lines and the routing and security lines of relay envelopes."""
        header = self.cable.header
        lines: list[Line] = list(header.lines) if header else []
        for envelope in self.cable.envelopes:
            lines.extend(envelope.routing)
            if envelope.security is not None:
                lines.append(envelope.security)
        return tuple(lines)

    @_fact
    def security_lines(self) -> tuple[SecurityLine, ...]:
        """The FL4 security lines of the header and of relay envelopes."""
        return tuple([n for n in self.routing_lines if isinstance(n, SecurityLine)])

    @_fact
    def filing_facts(self) -> FilingFacts | None:
        """The DE-line filing time read against the DTG, None when not checkable (no
        filing time or DTG, an invalid time: TT202, day 366 in no leap year: TT232)."""
        de = self.de
        filing = de.filing if de is not None else None
        dtg = self.dtg
        if filing is None or dtg is None or filing.day_of_year is None:
            return None  # military (JANAP) filing times are not checked: see TT302
        day, hour, minute = filing.day_of_year, filing.hour, filing.minute
        if hour is None or minute is None or not (1 <= day <= 366 and hour < 24 and minute < 60):
            return None  # TT202
        if day == 366 and not any(_is_leap(y) for y in (dtg.year - 1, dtg.year, dtg.year + 1)):
            return None
        if day == 366 and not _is_leap(dtg.year) and not (dtg.month == 1 and dtg.day <= 2):
            return None  # TT232
        filed = decode.filed_datetime(day, hour, minute, dtg)
        if filed is None:
            return None
        day_filed, day_dated = filed.date(), dtg.date()
        consistent = day_filed == day_dated or (
            day_filed == day_dated + _ONE_DAY
            and filed - dtg <= _minutes_delta(self.config.filing_delay_minutes))
        return FilingFacts(filing, dtg, filed, consistent)

    @_fact
    def highest_rank(self) -> int | None:
        """The rank of :attr:`highest_precedence`, without the places that give it (TT307
        reads these only when FL2 has another rank)."""
        ranks = [ranked.rank for ranked in map(_rank, self.dtg_line.precedences) if ranked] \
            if self.dtg_line is not None else []
        header = self.cable.header
        if header is not None:
            # the distinct precedences of the addresses (most addresses share one or two)
            keys = {(given_at.word if given_at.letter is None else given_at.letter) or ""
                    for items in (header.to, header.info, header.xmt) for address in items
                    if (given_at := address.precedence) is not None}
            ranks += [ranked.rank for ranked in map(_rank_of, keys) if ranked]
        return max(ranks) if ranks else None

    @_fact
    def highest_precedence(self) -> HighestPrecedence | None:
        """The highest precedence in FL5 and on TO/INFO lines, and every place it is given."""
        # (rank, where: the FL5 precedence, or the keyword and its address)
        found: list[tuple[Rank, Precedence | tuple[str, Address]]] = []
        line = self.dtg_line
        if line is not None:
            for prec in line.precedences:
                ranked = _rank(prec)
                if ranked:
                    found.append((ranked, prec))
        header = self.cable.header
        for keyword, items in (("TO", header.to), ("INFO", header.info),
                               ("XMT", header.xmt)) if header is not None else ():
            for address in items:  # the addresses of addressees, in its order
                given_at = address.precedence
                if given_at is not None:
                    # _rank(given_at), without its call for each of the addresses
                    ranked = _rank_of((given_at.word if given_at.letter is None
                                       else given_at.letter) or "")
                    if ranked:
                        found.append((ranked, (keyword, address)))
        if not found:
            return None
        top = max([ranked.rank for ranked, _at in found])
        # the letter of the first place that gives it
        letter = next(ranked.letter for ranked, _at in found if ranked.rank == top)
        return HighestPrecedence(top, letter, tuple([
            at if isinstance(at, Precedence) else Addressee(*at)
            for ranked, at in found if ranked.rank == top]))

    # text facts ------------------------------------------------------------

    @_fact
    def classification_mark(self) -> Classification | None:
        """The marking of the text's overall classification: that of the classification
        line, else a bare marking right after BT (NAVADMIN ``UNCLAS``)."""
        text = self.cable.text
        if text and text.classification:
            return text.classification.classification
        nodes = self.cable.nodes
        for i, node in enumerate(nodes):
            if isinstance(node, Separator) and id(node) in self._header_ids:
                for after in nodes[i + 1:i + 3]:
                    if isinstance(after, ClassificationMark):
                        return after.classification
                break
        return None

    @_fact
    def classification(self) -> Marking | None:
        """The text's overall classification: (level, qualifier, span of the marking)."""
        mark = self.classification_mark
        return Marking(mark.level, mark.qualifier, mark.span) if mark else None

    @_fact
    def _header_ids(self) -> frozenset[int]:
        header = self.cable.header
        return frozenset(id(n) for n in header.lines) if header else frozenset()

    @_fact
    def front(self) -> tuple[Line, ...]:
        """Front-matter lines of the text (before the first paragraph block)."""
        text = self.cable.text
        if text is None:
            return ()
        out: list[Line] = []
        for node in text.lines:
            if isinstance(node, TextBlock):
                break
            out.append(node)
        return tuple(out)

    @_fact
    def tags(self) -> tuple[Tag, ...]:
        """The entries of the TAGS lines of the text."""
        return tuple([tag for node in self._text_lines(TagsLine) for tag in node.tags])

    @_fact
    def eo_lines(self) -> tuple[EoLine, ...]:
        """E.O. lines, without citations of an order inside another sentence (``Classified
        by CDA Robert Deutsch; E.O. 12958, reasons 1.4 (b) and (d).``), which the parser
        may also read as an E.O. line."""
        eos = self._text_lines(EoLine)
        if not eos:
            return ()
        lines = self.cable.text.lines if self.cable.text else ()
        out = []
        at = 0
        for node in eos:
            # its place among the text lines, after the last one's (by identity: tuple.index
            # would call the dataclass's __eq__ on every line before it)
            while lines[at] is not node:
                at += 1
            before = self._before_on_line(lines, at)
            number = _EO_NUMBER.search(node.raw)
            after = node.raw[number.end():] if number else ""
            if _CLASSIFIED_BY.search(before) or _REASONS.match(after):
                continue
            out.append(node)
        return tuple(out)

    def _before_on_line(self, lines: tuple[Line, ...], i: int) -> str:
        """The text before ``lines[i]`` on its line, at most :data:`_EO_LOOK_BACK`
        characters: the end of the line before it when that holds them all."""
        node = lines[i]
        prev = lines[i - 1] if i > 0 else None
        if prev is not None and prev.span.end != node.span.start:
            prev = None  # not the text right before it
        if prev is not None and prev.raw.endswith("\n"):
            return ""  # at the start of its line (known without working out its column)
        need = min(node.span.column - 1, _EO_LOOK_BACK)
        if need <= 0:
            return ""
        if prev is not None and len(prev.raw) >= need:
            return prev.raw[len(prev.raw) - need:]
        return self.text[node.span.start - need:node.span.start]

    def eo_diagnostics(self, eo: EoLine) -> decode.Diagnostics:
        """The decoder diagnostics of an E.O. line of :attr:`eo_lines` (decoded once)."""
        found = self._eo_decoded.get(id(eo))
        if found is None:
            found = self._eo_decoded[id(eo)] = _eo_diagnostics(eo)
        return found

    @_fact
    def eo_codes(self) -> frozenset[str]:
        """The codes of the decoder diagnostics of all :attr:`eo_lines` (a rule of one of
        them reads the lines only when its code is among these)."""
        return frozenset([d.code for eo in self.eo_lines for d in self.eo_diagnostics(eo)])

    @_fact
    def portion_marks(self) -> tuple[PortionMarkAt, ...]:
        """Portion marks of paragraphs and of the subject (a mark never spans lines)."""
        text = self.cable.text
        if text is None:
            return ()
        out = []
        for node in text.lines:
            if isinstance(node, (TextBlock, FrontText)):
                found = _line_marks(node.raw)
            elif isinstance(node, SubjectLine):
                subject = _SUBJECT_PORTION.match(node.raw)
                found = [subject] if subject else []
            else:
                continue
            base = node.span.start
            for match in found:
                start, end = match.span(1)
                out.append(PortionMarkAt(match.group(2), base + start, base + end))
        return tuple(out)

    @_fact
    def portion_mark_texts(self) -> frozenset[str]:
        """The distinct marks of :attr:`portion_marks` (without parentheses), read without
        their places: a rule checks these first and reads the places of the few it reports."""
        text = self.cable.text
        if text is None:
            return frozenset()
        out: set[str] = set()
        for lines in (text.blocks, self._text_lines(FrontText)):  # (a set: in any order)
            for node in lines:
                if "(" in node.raw:  # a mark has parentheses: most front lines have none
                    out.update(map(_MARK_TEXT, _line_marks(node.raw)))
        for line in self._text_lines(SubjectLine):
            subject = _SUBJECT_PORTION.match(line.raw)
            if subject:
                out.add(subject.group(2))
        return frozenset(out)


def _line_marks(raw: str) -> list[re.Match[str]]:
    """The matches of :data:`_PORTION` at the starts of the lines of ``raw`` (a mark never
    spans lines). Only lines with a parenthesis can hold a mark, and ``str.find`` skips the
    others much faster than a regular expression tried after every line end."""
    find, rfind, match = raw.find, raw.rfind, _PORTION.match
    out = []
    paren = find("(")
    while paren >= 0:
        start = rfind("\n", 0, paren) + 1
        # a mark's line starts with blanks, a pilcrow or its paragraph's number: a line of
        # prose with a parenthesis is passed over without the pattern (isdigit holds for
        # every character \d matches)
        first = raw[start]
        if first.isdigit() or first in " \t\u00b6":
            found = match(raw, start)
            if found:
                out.append(found)
        end = find("\n", paren)
        if end < 0:
            break
        paren = find("(", end)
    return out


def _precedence_at(at: Precedence | Addressee) -> str:
    """Where a precedence is given: ``FL5 O at 3:1``, ``TO AMEMBASSY LIMA IMMEDIATE``."""
    if isinstance(at, Addressee):
        keyword, address = at
        assert address.precedence is not None
        return f"{keyword} {address.name} {address.precedence.raw}"
    return f"FL5 {at.raw} at {at.span.line}:{at.span.column}"


#: An E.O. instruction that is one date of digits, month or year first (``DECL: 12/21/2015``,
#: ``DECL: 2016/02/19``: nine E.O. lines in ten)
_DECL_DATE = re.compile(
    r"DECL: (?:([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})|([0-9]{4})/([0-9]{1,2})/([0-9]{1,2}))")
_DIGIT = re.compile(r"[0-9]")
#: :func:`teletype.vocab.executive_order`, looked up once per order as written
_order_row = functools.lru_cache(maxsize=256)(vocab.executive_order)

#: decoder diagnostics of E.O. lines by (instruction, order), for instructions without a
#: digit (``DECL: OADR``, ``N/A``: codes that cables repeat; an instruction with a date is
#: nearly one of its own per cable, so it is not kept): all of them are at the line's span,
#: the rest depends on these two
_EO_SEEN: dict[tuple[str, str], decode.Diagnostics] = {}
_EO_SEEN_MAX = 4096


def _real_date(plain: re.Match[str]) -> bool:
    """Whether a match of :data:`_DECL_DATE` is a calendar date."""
    month, day, year = plain.group(1, 2, 3) if plain.group(1) else plain.group(5, 6, 4)
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _eo_diagnostics(eo: EoLine) -> decode.Diagnostics:
    """What :func:`teletype.decode.decode_eo` reports on an E.O. line (its diagnostics do not
    depend on the DTG): nothing for a real date of a known order (the decoder reads it as
    that date, TT219 only when there is none, and TT217 only for an unknown order), else
    what the decoder reports, decoded once per instruction and order when the instruction
    holds no digit."""
    instruction = ""
    if eo.groups:
        base = eo.span.start
        instruction = eo.raw[eo.groups[0].span.start - base:eo.groups[-1].span.end - base]
    plain = _DECL_DATE.fullmatch(instruction)
    if plain is not None and _order_row(eo.order) is not None and _real_date(plain):
        return ()
    if _DIGIT.search(instruction):
        return decode.decode_eo(eo)[1]
    key = (instruction, eo.order)
    found = _EO_SEEN.get(key)
    if found is None:
        found = decode.decode_eo(eo)[1]
        if len(_EO_SEEN) < _EO_SEEN_MAX:
            _EO_SEEN[key] = found
        return found
    if not found:
        return found  # most E.O. lines: nothing to report
    return tuple(replace(d, span=eo.span) for d in found)
