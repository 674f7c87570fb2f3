"""The rule catalog of the validator: field checks (TT23x-TT24x) and cross-field checks (TT3xx).

A rule is a plain function registered with :func:`rule`. It receives a :class:`Context` (the
parsed cable, the configuration and cached facts read from the cable) and yields
:class:`Finding` objects: a message that names both sides of an inconsistency, the exact
span of the offending group and a hint. The decorator also registers the rule's
catalog entry (:class:`~teletype.diagnostics.Rule`) so that it is documented in
``docs/rules.md`` and selectable by code or name.

An archive adds its own rule the same way::

    from teletype.rules import Finding, rule

    @rule("XA001", "missing-signature", "warning", "The text has no signature",
          description="Our archive requires a signature line.",
          example_fail="BT\\nUNCLAS STATE 000001\\n1. TEXT.\\n",
          example_pass="BT\\nUNCLAS STATE 000001\\n1. TEXT.\\nKIMMITT\\n",
          source="house style")
    def missing_signature(ctx):
        if ctx.cable.text and ctx.cable.text.signature is None:
            yield Finding("no signature after the last paragraph", None)

Facts come from ``../shared/docs/FORMAT.md`` (cited per rule). Where FORMAT.md marks a fact
unverified, the rule is a warning, never an error.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from . import decode, decoders, vocab
from .cable import Cable
from .diagnostics import CATALOG, Diagnostic, Fix, RelatedLocation, Rule, Severity, register
from .nodes import (
    Address,
    Caption,
    ClassificationLine,
    ClassificationMark,
    DeLine,
    DtgLine,
    EoLine,
    FrontText,
    JanapRoutingLine,
    Line,
    MessageNumber,
    Node,
    PageHeader,
    Precedence,
    ReceiptTime,
    RoutingIndicator,
    RoutingLine,
    SecurityLine,
    Separator,
    SsnLine,
    SubjectLine,
    TagsLine,
    TextBlock,
    UnknownLine,
    Unparsed,
)
from .source import LineIndex, Span

__all__ = [
    "Check", "Config", "Context", "Finding", "RULES", "RegisteredRule", "names_match", "rule",
    "unregister",
]


# ---------------------------------------------------------------------------- configuration


@dataclass(frozen=True, slots=True)
class Config:
    """Tolerances and overrides of the validator (``[tool.teletype]`` in pyproject.toml)."""

    #: TT304: the filing time may be at most this many minutes after the DTG.
    filing_delay_minutes: int = 60
    #: TT303: the filing time may be this many minutes before the DTG without an error.
    filing_early_minutes: int = 0
    #: TT311: an E.O. counts as in force this many days before and after its period.
    eo_tolerance_days: int = 180
    #: per-code severity overrides, e.g. {"TT239": Severity.INFO}
    severities: dict[str, Severity] = field(default_factory=dict)
    #: default --select / --ignore (codes, code prefixes or rule names)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()


# ---------------------------------------------------------------------------- registry


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports; the validator turns it into a Diagnostic with the rule's code."""

    message: str
    span: Span | None
    hint: str | None = None
    suggestion: str | None = None
    #: corrections as data; without them validate() makes one of ``suggestion`` at ``span``
    fixes: tuple[Fix, ...] = ()
    #: the other groups that carry the same fact
    related: tuple[RelatedLocation, ...] = ()


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class RegisteredRule:
    rule: Rule
    check: Check
    kind: str  # "field", "cross-field" or "custom"

    @property
    def code(self) -> str:
        return self.rule.code


#: Every registered rule by code, in registration order.
RULES: dict[str, RegisteredRule] = {}

_CODE = re.compile(r"[A-Z]{2,8}\d{3}")


def rule(
    code: str,
    name: str,
    severity: Severity | str,
    title: str,
    *,
    description: str,
    example_fail: str,
    example_pass: str,
    source: str,
    kind: str = "custom",
) -> Callable[[Check], Check]:
    """Register a rule function under ``code`` (and its catalog entry).

    ``example_fail`` and ``example_pass`` are cable texts: validating the first reports the
    code, validating the second does not (the tests check this for every rule).
    """
    if not _CODE.fullmatch(code):
        raise ValueError(f"rule code {code!r} must be letters then three digits (TT301)")
    level = severity if isinstance(severity, Severity) else Severity(severity)

    def decorate(check: Check) -> Check:
        entry = Rule(code, name, level, title, description, example_fail, example_pass, source)
        register(entry)
        RULES[code] = RegisteredRule(entry, check, kind)
        return check

    return decorate


def unregister(code: str) -> None:
    """Remove a rule (and its catalog entry); for archives that replace a rule."""
    RULES.pop(code, None)
    CATALOG.pop(code, None)


def _field(code: str, name: str, severity: Severity, title: str, **kw: str) -> Callable[
        [Check], Check]:
    return rule(code, name, severity, title, kind="field", **kw)


def _cross(code: str, name: str, severity: Severity, title: str, **kw: str) -> Callable[
        [Check], Check]:
    return rule(code, name, severity, title, kind="cross-field", **kw)


# ---------------------------------------------------------------------------- context


class Context:
    """A cable under validation, with facts read from it once and shared by the rules."""

    def __init__(self, cable: Cable, config: Config | None = None) -> None:
        self.cable = cable
        self.config = config or Config()
        self.text = cable.render()
        # the decoder diagnostics of E.O. lines by id(node), filled by _eo_diagnostics
        self._eo_decoded: dict[int, decoders.Diagnostics] = {}

    @functools.cached_property
    def index(self) -> LineIndex:
        """Line starts of :attr:`text`, built on first use (most cables need few spans)."""
        return LineIndex(self.text)

    # facts several rules read, computed once per cable ----------------------

    @functools.cached_property
    def _eo_lines(self) -> tuple[EoLine, ...]:
        return tuple(_find_eo_lines(self))

    @functools.cached_property
    def _portion_marks(self) -> tuple[tuple[str, int, int], ...]:
        return tuple(_find_portion_marks(self))

    # spans ---------------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

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

    @functools.cached_property
    def dtg_line(self) -> DtgLine | None:
        header = self.cable.header
        return header.dtg if header else None

    @functools.cached_property
    def dtg(self) -> datetime | None:
        return self.dtg_line.dtg.value if self.dtg_line else None

    @functools.cached_property
    def janap(self) -> JanapRoutingLine | None:
        header = self.cable.header
        if header is None:
            return None
        return next((r for r in header.routing if isinstance(r, JanapRoutingLine)), None)

    @functools.cached_property
    def fl2(self) -> RoutingLine | JanapRoutingLine | None:
        """The original message's own FL2 (relay envelopes excluded)."""
        header = self.cable.header
        return header.routing[-1] if header and header.routing else None

    @functools.cached_property
    def de(self) -> DeLine | None:
        header = self.cable.header
        return header.de if header else None

    @functools.cached_property
    def security(self) -> SecurityLine | None:
        header = self.cable.header
        return header.security if header else None

    def addresses(self) -> Iterator[tuple[str, Address]]:
        header = self.cable.header
        if header is None:
            return
        for keyword, items in (("TO", header.to), ("INFO", header.info), ("XMT", header.xmt)):
            for address in items:
                yield keyword, address

    # text facts ------------------------------------------------------------

    @functools.cached_property
    def mrn(self) -> MessageNumber | None:
        return self.cable.text.mrn if self.cable.text else None

    @functools.cached_property
    def classification(self) -> tuple[str, str | None, Span] | None:
        """The text's overall classification: (level, qualifier, span of the marking).

        The classification line, else a bare marking right after BT (NAVADMIN ``UNCLAS``).
        """
        text = self.cable.text
        if text and text.classification:
            mark = text.classification.classification
            return mark.level, mark.qualifier, mark.span
        nodes = self.cable.nodes
        for i, node in enumerate(nodes):
            if isinstance(node, Separator) and id(node) in self._header_ids:
                for after in nodes[i + 1:i + 3]:
                    if isinstance(after, ClassificationMark):
                        mark = after.classification
                        return mark.level, mark.qualifier, mark.span
                break
        return None

    @functools.cached_property
    def _header_ids(self) -> frozenset[int]:
        header = self.cable.header
        return frozenset(id(n) for n in header.lines) if header else frozenset()

    @functools.cached_property
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


# ---------------------------------------------------------------------------- helpers

def _fmt_dtg(value: datetime) -> str:
    return value.strftime("%d%H%MZ %b %y").upper()


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _fmt_day(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


def _rank(prec: Precedence) -> tuple[int, str] | None:
    """(rank, letter) of a precedence node, from the vocabulary."""
    key = prec.word if prec.letter is None else prec.letter
    row = vocab.precedence(key or "")
    if row is None:
        return None
    letter = row.letter or decode.WORD_LETTERS.get(row.word) or {3: "O", 4: "Z"}.get(row.rank, "")
    return row.rank, letter


_GENERIC_NAME_WORDS = frozenset({
    "AMEMBASSY", "AMEMB", "AMCONSUL", "AMCONGEN", "USMISSION", "MISSION", "EMBASSY",
    "CONSULATE", "CONSUL", "GENERAL", "AMERICAN", "US", "USA", "THE", "OF", "AND", "FOR",
    "DC", "WASHDC", "WASHINGTON", "DEPT", "DEPARTMENT", "COLLECTIVE", "POSTS", "ALL",
    "OFFICE", "HQ",
})


def _name_words(name: str) -> list[str]:
    """Significant words of a plain-language address (office codes after // dropped)."""
    head = re.split(r"/", name.upper(), maxsplit=1)[0]
    words = re.findall(r"[A-Z0-9]+", head)
    return [w for w in words if len(w) > 2 and w not in _GENERIC_NAME_WORDS]


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _norm_name(name: str) -> str:
    head = re.split(r"/", name.upper(), maxsplit=1)[0]
    return " ".join(re.findall(r"[A-Z0-9]+", head))


def names_match(written: str, candidates: Iterable[str]) -> bool:
    """Whether a written address names the same station as one of ``candidates``.

    Exact after normalisation, else one significant word in common (``AMEMBASSY MEXICO``
    and ``AMEMBASSY MEXICO CITY``; small spelling differences allowed). An address with no
    significant word (``WASHDC``) matches anything.
    """
    names = list(candidates)
    norm = _norm_name(written)
    if any(_norm_name(c) == norm for c in names):
        return True
    words = _name_words(written)
    if not words:
        return True
    return any(_similar(a, b) for c in names for a in words for b in _name_words(c))


def _station_names(station: vocab.Station) -> list[str]:
    return [station.name, *station.other_names]


_DATE_FORMS = (
    (re.compile(r"(?<![0-9])(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?![0-9])"), "ymd"),
    (re.compile(r"(?<![0-9/])(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?![0-9])"), "mdy"),
)


def _decl_date(text: str, dtg: datetime | None) -> tuple[date | None, tuple[int, int] | None]:
    """The first date written in a DECL value: (date, (start, end)); date None when the
    written numbers are no calendar date. Two-digit years are read after the DTG's year."""
    best: tuple[int, re.Match[str], str] | None = None
    for regex, order in _DATE_FORMS:
        match = regex.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match, order)
    if best is None:
        return None, None
    _, match, order = best
    if order == "ymd":
        year, month, day = (int(g) for g in match.groups())
    else:
        month, day, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            base = dtg.year if dtg else 1990
            year += 1900
            while year < base - 20:
                year += 100
    try:
        return date(year, month, day), match.span()
    except ValueError:
        return None, match.span()


def _is_leap(year: int) -> bool:
    return calendar.isleap(year)


def _retroactive(eo: EoLine) -> bool:
    """A NARA/Cablegate retyping line (``DECLASSIFIED BY NARA 09/02/2009``,
    ``AS AMENDED; DECLASSIFIED JUNE 21, 2006``): it records a later review, not the order
    the cable was classified under (FORMAT.md §2.10, last row)."""
    return "DECLASSIFIED" in eo.raw.upper()


def _eo_period(order: str) -> tuple[date, date | None, str] | None:
    """In-force period of an order as written on an E.O. line. ``12958`` covers the
    amended order too: the line reads ``E.O. 12958`` before and after E.O. 13292."""
    row = vocab.executive_order(order)
    if row is None:
        return None
    if row.number.startswith("12958"):
        base = vocab.executive_order("12958")
        amended = vocab.executive_order("12958 AS AMENDED")
        if base is not None and amended is not None:
            return base.in_force_from, amended.in_force_to, "12958 (as amended from 2003)"
    return row.in_force_from, row.in_force_to, row.number


def _eo_forms(order: str) -> set[str]:
    row = vocab.executive_order(order)
    if row is None:
        return set()
    forms = set(row.decl_forms)
    if row.number.startswith("12958"):
        for key in ("12958", "12958 AS AMENDED"):
            other = vocab.executive_order(key)
            if other is not None:
                forms |= set(other.decl_forms)
        forms |= {f"25X{i}" for i in range(1, 10)}
    return forms


_EO_CODE = re.compile(r"(OADR|N/ ?A|NGDS|GDS|ADS|XGDS-?[1-4]|RDS-?[1-3]|XDS-?[1-4]|25X[1-9]|X[1-8])"
                      r"(?![A-Z0-9])")


def _decl_code(value: str) -> str | None:
    match = _EO_CODE.match(value.strip().upper())
    if match is None:
        return None
    code = match.group(1).replace(" ", "")
    code = re.sub(r"^(XGDS|RDS|XDS)(\d)$", r"\1-\2", code)
    return code


_LEVEL_RANK = {
    "UNCLASSIFIED": 0, "SBU": 0, "LIMITED OFFICIAL USE": 1, "RESTRICTED": 1,
    "CONFIDENTIAL": 2, "SECRET": 3, "TOP SECRET": 4,
}


def _fl4_level(code: str) -> str | None:
    decoded = vocab.decode_security_group(code)
    if decoded is None:
        return None
    return decoded[0].classification.replace(" EFTO", "")


# ---------------------------------------------------------------------------- field rules

_MONTH_OK = frozenset({
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC",
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
    "NOVEMBER", "DECEMBER",
})
_DTG_MONTH = re.compile(r"[0-9OIlS]{6}[ \t]?[Zz][ \t]+([A-Za-z]+)")


@_field("TT230", "dtg-month-name", Severity.ERROR, "DTG month is not a month name",
        description="The month of a date-time group is the first three letters of the month "
        "(`MAY`, `SEP`) or, in some printouts, the full name (`SEPTEMBER`, `SEPT`). Anything "
        "else (`DECEM` from an OCR'd `DECEM0ER`, `MAYO`) is no month; the month it stands for, "
        "when one is an edit away (or `DECEM` a cut month name), is the correction. The day, "
        "hour and minute are checked by TT201 when the cable is parsed.",
        example_fail="O 280245Z MAYO 89\nFM SECSTATE WASHDC\n",
        example_pass="O 280245Z MAY 89\nFM SECSTATE WASHDC\n",
        source="ACP 127(G) §113 ('the month expressed by the first three letters'); "
               "FORMAT.md §2.8, App. B 3.7")
def dtg_month_name(ctx: Context) -> Iterator[Finding]:
    for node in ctx.cable.nodes:
        dtg = node.dtg if isinstance(node, (DtgLine, ReceiptTime)) else None
        if dtg is None:
            continue
        match = _DTG_MONTH.match(dtg.raw)
        if match is None or match.group(1).upper() in _MONTH_OK:
            continue
        month = match.group(1)
        start = dtg.span.start + match.start(1)
        from .proofread import month_correction  # the month one edit away, if only one

        yield Finding(
            f"month {month!r} of the DTG {dtg.raw!r} is not a month name",
            ctx.span(start, start + len(month)),
            hint="write the first three letters of the month: JAN FEB MAR APR MAY JUN JUL AUG "
                 "SEP OCT NOV DEC",
            suggestion=month_correction(month),
        )


_RI_SHAPE = re.compile(r"[A-Z0-9]{3,10}")
_DE_LIKE = re.compile(r"^[ \t]*DE[ \t]+([A-Z0-9]{3,10})[ \t]+#")


def _uses(code: str, kind: str = "field") -> Callable[[Check], Check]:
    """Register ``check`` for a code whose catalog entry is registered elsewhere (the
    decoders' TT21x/TT22x), so that one check has one code."""

    def decorate(check: Check) -> Check:
        RULES[code] = RegisteredRule(CATALOG[code], check, kind)
        return check

    return decorate


_HINTS = {
    "TT211": "a routing indicator is 4-8 letters starting with R or Q (OCR may read a letter "
             "as a digit)",
    "TT213": "UUUUU, EEEEE, RRRRR, CCCCC, SSSSS or TTTTT, matching the classification of the "
             "text",
    "TT214": "ZNR goes with UUUUU, ZNY with the classified groups (ACP 127(G) §124.b)",
    "TT217": "known orders: 11652, 12065, 12356, 12958, 13526",
    "TT218": "GDS, ADS, XGDS-n, RDS-n, XDS-n, OADR, a date, X1-X8, 25Xn or N/A",
    "TT219": "write the date as MM/DD/YYYY",
    "TT222": "check the spelling against the TAGS list (5 FAH-3)",
}


def _has(diags: Iterable[Diagnostic], code: str) -> bool:
    """Whether the decoder found a diagnostic of ``code`` (rules check this before they
    work out the span to report it at)."""
    return any(d.code == code for d in diags)


def _keep(diags: Iterable[Diagnostic], code: str, span: Span | None = None) -> Iterator[Finding]:
    """The decoder diagnostics of ``code`` as findings, at ``span`` when given (the
    decoders sometimes point at the whole line), with a hint when they give none."""
    for d in diags:
        if d.code == code:
            yield Finding(d.message, span or d.span, d.hint or _HINTS.get(code), d.suggestion)


def _routing_lines(ctx: Context) -> list[Line]:
    header = ctx.cable.header
    lines: list[Line] = list(header.lines) if header else []
    for envelope in ctx.cable.envelopes:
        lines.extend(envelope.routing)
        if envelope.security is not None:
            lines.append(envelope.security)
    return lines


@_uses("TT211")
def routing_indicator_form(ctx: Context) -> Iterator[Finding]:
    """RIs of the header and of TO/INFO addressees, plus groups that stand where only an
    RI can (FL2 groups, ``X/ADDRESS`` prefixes, the group after ``DE``) but did not lex as
    one (``RUEH0PE``)."""
    for line in _routing_lines(ctx):
        nodes: list[RoutingIndicator] = []
        if isinstance(line, RoutingLine):
            nodes = list(line.indicators)
            for group in line.extra:
                code = group.raw.rstrip(".")
                if _RI_SHAPE.fullmatch(code) and sum(c.isalpha() for c in code) >= 3:
                    yield from _keep(decoders.decode_ri(code, group.span)[1], "TT211")
        elif isinstance(line, JanapRoutingLine):
            nodes = [line.originator, *line.indicators]
        elif isinstance(line, DeLine) and line.originator is not None:
            nodes = [line.originator]
        for ri in nodes:
            yield from _keep(decoders.decode_ri(ri)[1], "TT211")
    for node in ctx.cable.nodes:
        if isinstance(node, (UnknownLine, Unparsed)):
            match = _DE_LIKE.match(node.raw)
            if match:
                span = ctx.span(node.span.start + match.start(1), node.span.start + match.end(1))
                yield from _keep(decoders.decode_ri(match.group(1), span)[1], "TT211")
    for _keyword, address in ctx.addresses():
        if address.ri is not None:
            yield from _keep(decoders.decode_ri(address.ri)[1], "TT211")
            continue
        match = re.match(r"([A-Z0-9]{3,10})/(?!/)", address.raw)
        if match is None or match.group(1) == "ZEN" or match.group(1).isdigit():
            continue
        start = address.span.start
        span = ctx.span(start, start + len(match.group(1)))
        yield from _keep(decoders.decode_ri(match.group(1), span)[1], "TT211")


def _security_lines(ctx: Context) -> list[SecurityLine]:
    return [n for n in _routing_lines(ctx) if isinstance(n, SecurityLine)]


@_uses("TT213")
def security_group_known(ctx: Context) -> Iterator[Finding]:
    for line in _security_lines(ctx):
        if line.group is not None:
            yield from _keep(decoders.decode_security(line)[1], "TT213", line.group.span)


@_uses("TT214")
def security_signal(ctx: Context) -> Iterator[Finding]:
    for line in _security_lines(ctx):
        if line.group is not None:
            start = line.span.start + line.raw.index(line.signal)
            diags = decoders.decode_security(line)[1]
            if _has(diags, "TT214"):
                span = ctx.span(start, start + len(line.signal))
                yield from _keep(diags, "TT214", span)


def _eo_lines(ctx: Context) -> tuple[EoLine, ...]:
    """E.O. lines, without citations of an order inside another sentence (computed once per
    cable by :func:`_find_eo_lines`)."""
    return ctx._eo_lines


def _eo_diagnostics(ctx: Context, eo: EoLine) -> decoders.Diagnostics:
    """The decoder diagnostics of an E.O. line of :func:`_eo_lines` (decoded once)."""
    found = ctx._eo_decoded.get(id(eo))
    if found is None:
        found = ctx._eo_decoded[id(eo)] = decoders.decode_eo(eo, dtg=ctx.dtg)[1]
    return found


def _find_eo_lines(ctx: Context) -> list[EoLine]:
    """E.O. lines, without citations of an order inside another sentence (``Classified by
    CDA Robert Deutsch; E.O. 12958, reasons 1.4 (b) and (d).``), which the parser may also
    read as an E.O. line."""
    text = ctx.cable.text
    out = []
    for node in (text.lines if text else ()):
        if not isinstance(node, EoLine):
            continue
        line_start = node.span.start - node.span.column + 1
        # a bounded look back: many E.O. groups on one line must not make this quadratic
        before = ctx.text[max(line_start, node.span.start - 200):node.span.start]
        number = re.search(r"[0-9lI]{5}", node.raw)
        after = node.raw[number.end():] if number else ""
        if re.search(r"(?i)classified\s+by", before) or re.match(r"(?i)[\s,:]*reasons?\b", after):
            continue
        out.append(node)
    return out


def _eo_number_span(ctx: Context, eo: EoLine) -> Span:
    return ctx.find(eo, r"[0-9lI]{5}") or ctx.tight(eo)


def _eo_instruction_span(ctx: Context, eo: EoLine) -> Span:
    if eo.groups:
        return ctx.span(eo.groups[0].span.start, eo.groups[-1].span.end)
    return ctx.tight(eo)


_ANY_DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{2,4}")


@_uses("TT217")
def executive_order_known(ctx: Context) -> Iterator[Finding]:
    for eo in _eo_lines(ctx):
        diags = _eo_diagnostics(ctx, eo)
        if _has(diags, "TT217"):
            yield from _keep(diags, "TT217", _eo_number_span(ctx, eo))


_EVENT = re.compile(r"(?i)^(?:DECL(?:AS)?\s*:?\s*)?[A-Z]+(?:\s+[A-Z]+){2,}\.?$")


@_uses("TT218")
def declassification_known(ctx: Context) -> Iterator[Finding]:
    """Not for downgrading lines (``E.O. 12958: DNG: CO 01/26/2021``) nor declassification
    on an event (``DECL: TEN YEARS AFTER KOREAN UNIFICATION``): both are observed forms
    (FORMAT.md §4, observed_eo-line-variants.csv)."""
    for eo in _eo_lines(ctx):
        if re.search(r"(?i)\bDNG\s*:", eo.raw) or _EVENT.match((eo.declassify or "").strip()):
            continue
        diags = _eo_diagnostics(ctx, eo)
        if _has(diags, "TT218"):
            yield from _keep(diags, "TT218", _eo_instruction_span(ctx, eo))


@_uses("TT219")
def declassification_date(ctx: Context) -> Iterator[Finding]:
    for eo in _eo_lines(ctx):
        diags = _eo_diagnostics(ctx, eo)
        if _has(diags, "TT219"):
            span = ctx.find(eo, _ANY_DATE) or _eo_instruction_span(ctx, eo)
            yield from _keep(diags, "TT219", span)


@_uses("TT222")
def tag_known(ctx: Context) -> Iterator[Finding]:
    text = ctx.cable.text
    for line in (n for n in (text.lines if text else ()) if isinstance(n, TagsLine)):
        for tag in line.tags:
            diags = decoders.decode_tag(tag)[1]
            if _has(diags, "TT222"):
                end = tag.span.start + len(tag.raw.split("(")[0].rstrip())
                yield from _keep(diags, "TT222", ctx.span(tag.span.start, end))


@_field("TT231", "ssn-form", Severity.WARNING, "Station serial number is not four digits",
        description="State and military DE lines (and the `#nnnn` validation line of the "
        "trailer) carry a four-digit station serial number. ACP 127(G) §129 also allows "
        "other lengths and a letter suffix (`107A`), so this is a warning.",
        example_fail="DE RUEHC #194 1480246\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.2 FL3, §2.11 X1 (Cablegate `#0194`); ACP 127(G) §129 "
               "(FORMAT.md App. B 3.6)")
def ssn_form(ctx: Context) -> Iterator[Finding]:
    serials = []
    if ctx.de is not None and ctx.de.ssn is not None:
        serials.append(("DE line", ctx.de.ssn))
    if ctx.janap is not None:
        serials.append(("routing line", ctx.janap.ssn))
    serials += [("trailer", n.ssn) for n in ctx.cable.trailer if isinstance(n, SsnLine)]
    for where, ssn in serials:
        if len(ssn.number) == 4 and ssn.number.isdigit():
            continue
        yield Finding(
            f"station serial number {ssn.raw!r} in the {where} is not four digits",
            ssn.span,
            hint="write the serial with four digits, zero-padded (#0194)",
            suggestion="#" + ssn.number.zfill(4) if ssn.number.isdigit() else None,
        )


@_field("TT232", "julian-day-for-year", Severity.ERROR,
        "Julian day 366 in a year that is not a leap year",
        description="The filing time of the DE line starts with the day of the year. Day 366 "
        "exists only in leap years; the year is the DTG's (a filing on 1 January of the next "
        "year is allowed for a DTG of 31 December). Days outside 001-366 are TT202.",
        example_fail="DE RUEHC #0194 3660246\nO 310245Z DEC 89\n",
        example_pass="DE RUEHC #0194 3660246\nO 310245Z DEC 88\n",
        source="ACP 127(G) §115 (Julian date, FORMAT.md App. B 3.6); FORMAT.md §2.2 FL3")
def julian_day_for_year(ctx: Context) -> Iterator[Finding]:
    filing = _filing(ctx)
    if filing is None or ctx.dtg is None or filing.day_of_year != 366:
        return
    year = ctx.dtg.year
    if _is_leap(year) or (ctx.dtg.month == 1 and ctx.dtg.day <= 2 and _is_leap(year - 1)):
        return
    yield Finding(
        f"filing day 366 in {filing.raw!r} does not exist in {year} (DTG "
        f"{ctx.dtg_line.dtg.raw if ctx.dtg_line else ''}), which is not a leap year",
        ctx.span(filing.span.start, filing.span.start + 3),
        hint=f"31 December {year} is day 365",
    )


def _filing(ctx: Context) -> Any:
    if ctx.de is not None and ctx.de.filing is not None:
        return ctx.de.filing
    if ctx.janap is not None:
        return ctx.janap.filing
    return None


def _decl_value_span(ctx: Context, eo: EoLine, value: str) -> Span:
    words = value.split()
    first = words[0] if words else value
    pos = eo.raw.upper().find(first.upper(), 5)
    if pos < 0:
        return ctx.tight(eo)
    return ctx.span(eo.span.start + pos, eo.span.start + pos + len(first))


@_field("TT233", "decl-form-for-order", Severity.WARNING,
        "Declassification code belongs to another executive order",
        description="Each order has its own declassification codes: E.O. 11652 GDS, ADS, "
        "XGDS-1..4 or N/A; E.O. 12065 GDS/RDS-n/XDS-n with a date, or N/A; E.O. 12356 "
        "`DECL: OADR` or a date; E.O. 12958 a date, X1-X8 (25Xn) or N/A; E.O. 13526 a date, "
        "25X1-9 or N/A. A code of another order (`E.O. 12958: DECL: OADR`, an E.O. 12356 "
        "form) is reported. Forms of no order at all are TT218, impossible dates TT219. "
        "Several forms are unverified (FORMAT.md §2.10), hence a warning.",
        example_fail="BT\nSECRET STATE 170194\nE.O. 12958: DECL: OADR\n",
        example_pass="BT\nSECRET STATE 170194\nE.O. 12356: DECL: OADR\n",
        source="FORMAT.md §2.10, App. B 3.10 (1974 TAGS handbook); "
               "observed_eo-line-variants.csv")
def decl_form_for_order(ctx: Context) -> Iterator[Finding]:
    for eo in _eo_lines(ctx):
        row = vocab.executive_order(eo.order)
        value = (eo.declassify or "").strip()
        if row is None or not value or _retroactive(eo):
            continue
        if re.search(r"\bDNG\s*:", eo.raw, re.I):
            continue  # a downgrading instruction, not a declassification code
        code = _decl_code(value)
        forms = _eo_forms(eo.order)
        if code is None or code in forms:
            continue
        number = "12958" if row.number.startswith("12958") else row.number
        owners = [r.number for r in vocab.table("executive_orders") if code in r.decl_forms]
        where = f"; it is an E.O. {'/'.join(owners)} form" if owners else ""
        if not owners:
            continue  # a code of no order: TT218
        yield Finding(
            f"declassification code {code!r} is not a form of E.O. {number}{where}",
            _decl_value_span(ctx, eo, value),
            hint=f"E.O. {number} forms: {', '.join(sorted(forms))}",
        )


_QUALIFIER_UNCLAS = ("EFTO", "E F T O", "SENSITIVE", "SBU")


@_field("TT234", "classification-marking", Severity.ERROR, "Classification marking is malformed",
        description="A classification marking is UNCLAS (or UNCLASSIFIED), LIMITED OFFICIAL "
        "USE, CONFIDENTIAL, SECRET or TOP SECRET, written whole or letter-spaced (`S E C R E "
        "T`). A doubled letter (`SS E C R E T`) is a typing or OCR error, and the qualifiers "
        "EFTO, SENSITIVE and SBU belong to unclassified text only.",
        example_fail="BT\nCONFIDENTIAL EFTO STATE 170194\n",
        example_pass="BT\nUNCLAS EFTO STATE 170194\n",
        source="ACP 127(G) §209 (FORMAT.md App. B 3.9); 5 FAH-2 H-222 and FORMAT.md §2.5 "
               "(UNCLAS EFTO, UNCLAS SENSITIVE/SBU)")
def classification_marking(ctx: Context) -> Iterator[Finding]:
    for node in ctx.cable.nodes:
        if isinstance(node, (ClassificationLine, ClassificationMark)):
            mark = node.classification
        else:
            continue
        raw = mark.raw
        compact = "".join(raw.upper().split("//")[0].split())
        if compact.startswith("SSECRET") or compact.startswith("TOPSSECRET"):
            yield Finding(
                f"classification {raw!r} has a doubled letter", mark.span,
                hint="write S E C R E T (or SECRET)",
            )
            continue
        qualifier = (mark.qualifier or "").upper()
        if mark.level != "UNCLASSIFIED" and any(
            qualifier.startswith(q.replace(" ", "")) or qualifier.startswith(q)
            for q in _QUALIFIER_UNCLAS
        ):
            yield Finding(
                f"qualifier {mark.qualifier!r} on a {mark.level} marking: it qualifies "
                "unclassified text only",
                mark.span,
                hint="EFTO (encrypt for transmission only) and SENSITIVE/SBU go with UNCLAS",
            )


@_field("TT235", "section-number", Severity.ERROR, "Section number is out of range",
        description="`SECTION n OF m` counts from 1, and n is at most m. In page headers of "
        "1990s printouts `00 OF 03` occurs (three FOIA files), so 0 is accepted there.",
        example_fail="BT\nSECRET SECTION 03 OF 02 STATE 170194\n",
        example_pass="BT\nSECRET SECTION 02 OF 02 STATE 170194\n",
        source="FORMAT.md §2.6, §2.11 X3; ACP 127(G) §208.e (FORMAT.md App. B 3.9)")
def section_number(ctx: Context) -> Iterator[Finding]:
    marks = []
    for node in ctx.cable.nodes:
        if isinstance(node, (ClassificationLine, PageHeader)) and node.section is not None:
            marks.append((node.section, 0 if isinstance(node, PageHeader) else 1))
    for mark, lowest in marks:
        n, m = mark.number, mark.total
        if n is None or m is None:
            continue
        if n < lowest or m < 1 or n > m:
            yield Finding(f"section {n} of {m} in {mark.raw!r} is out of range", mark.span,
                          hint="sections count from 1 to the total: SECTION 01 OF 02")


#: A paragraph number and the portion mark after it, at the start of a line: the pattern
#: matched at the start of a block's text, and after each line end ("\n" first, a literal
#: prefix that re searches for quickly; a multi-line ``^`` is tried at every character).
_PORTION_BODY = r"[ \t]*(?:¶[ \t]*)?\d{1,2}[ \t]?[.)][ \t]*(\(([A-Za-z][A-Za-z/ \-]{0,14})\))"
_PORTION = re.compile(_PORTION_BODY)
_PORTION_AFTER_NL = re.compile("\n" + _PORTION_BODY)
_SUBJECT_PORTION = re.compile(
    r"(?i)[ \t]*(?:¶[ \t]*)?SUBJ(?:ECT)?[ \t]*:[ \t]*(\(([A-Za-z][A-Za-z/ \-]{0,14})\))"
)
_PORTION_WORDS = re.compile(r"[A-Za-z]{2,}")


def _portion_marks(ctx: Context) -> tuple[tuple[str, int, int], ...]:
    """(mark without parentheses, start, end with parentheses) of paragraph and subject
    marks (found once per cable by :func:`_find_portion_marks`)."""
    return ctx._portion_marks


def _find_portion_marks(ctx: Context) -> Iterator[tuple[str, int, int]]:
    """(mark without parentheses, start, end with parentheses) of paragraph and subject
    marks (a match never spans lines)."""
    text = ctx.cable.text
    if text is None:
        return
    for node in text.lines:
        if isinstance(node, (TextBlock, FrontText)):
            first = _PORTION.match(node.raw)
            found = [first] if first else []
            found.extend(_PORTION_AFTER_NL.finditer(node.raw))
        elif isinstance(node, SubjectLine):
            subject = _SUBJECT_PORTION.match(node.raw)
            found = [subject] if subject else []
        else:
            continue
        for match in found:
            start = node.span.start + match.start(1)
            yield match.group(2), start, start + len(match.group(1))


@functools.lru_cache(maxsize=1024)  # two rules look up each mark; few marks are distinct
def _portion_row(mark: str) -> vocab.PortionMark | None:
    """The portion mark, or the mark of its classification part when caveats follow
    (``S//NF``, ``C/NF``, ``U//FOUO``, ``SBU/REL NATO``, ``S//FGI//NF``)."""
    row = vocab.portion_mark(mark)
    if row is not None:
        return row
    head = re.split(r"/+", mark.strip(), maxsplit=1)[0]
    return vocab.portion_mark(head) if head != mark.strip() else None


def _looks_like_mark(mark: str) -> bool:
    """Short upper-case groups (`C`, `S/NF`, `SBU`), not words in parentheses (`(BEGIN TEXT)`)."""
    words = _PORTION_WORDS.findall(mark)
    return mark == mark.upper() and all(len(w) <= 4 for w in words) and len(mark) <= 12


@_field("TT236", "portion-mark", Severity.WARNING, "Unknown paragraph portion mark",
        description="A paragraph (or the subject) may start with a portion mark: (U), (SBU), "
        "(C), (S), (TS), optionally followed by caveats ((S/NF), (S//NF), (U//FOUO), (C/REL "
        "...)). A short upper-case group in parentheses whose classification part is none of "
        "them is reported; the list of marks is incomplete, so this is a warning.",
        example_fail="BT\nSECRET STATE 170194\n1. (X) TEXT.\n",
        example_pass="BT\nSECRET STATE 170194\n1. (S) TEXT.\n",
        source="5 FAH-1 H-246.2 via FORMAT.md §2.5; portion_marks vocabulary")
def portion_mark(ctx: Context) -> Iterator[Finding]:
    for mark, start, end in _portion_marks(ctx):
        if not _looks_like_mark(mark) or _portion_row(mark) is not None:
            continue
        yield Finding(f"portion mark ({mark}) is not a known classification mark",
                      ctx.span(start, end),
                      hint="(U), (SBU), (C), (S), (TS), optionally with a caveat: (S/NF)")


# ---------------------------------------------------------------------------- cross-field rules


@_cross("TT301", "ssn-mrn-mismatch", Severity.ERROR,
        "DE-line SSN differs from the MRN serial",
        description="The station serial number on the DE line is the last four digits of the "
        "message reference number (MRN) serial of the text: `DE RUEHC #0194` and "
        "`STATE 170194`. Measured on 423 Cablegate cables: 411 of 413 agree; the exceptions "
        "are real anomalies.",
        example_fail="DE RUEHC #0195 1480246\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n",
        source="FORMAT.md §2.11 X1 (measured on 423 Cablegate cables)")
def ssn_mrn_mismatch(ctx: Context) -> Iterator[Finding]:
    de, mrn = ctx.de, ctx.mrn
    if de is None or de.ssn is None or mrn is None:
        return
    ssn = de.ssn.number
    serial = decode.fix_digits(mrn.serial)
    if not (ssn.isdigit() and serial.isdigit()):
        return
    expected = serial.zfill(4)[-4:]
    if ssn.zfill(4)[-4:] == expected:
        return
    yield Finding(
        f"SSN {de.ssn.raw} does not match MRN {mrn.text} (expected #{expected})",
        de.ssn.span,
        hint="the DE-line station serial number is the last four digits of the MRN serial; "
             "correct whichever of the two was mistyped",
        suggestion=f"#{expected}",
        related=(RelatedLocation(mrn.span, f"MRN {mrn.text}"),),
    )


def _filing_facts(ctx: Context) -> tuple[Any, datetime, datetime, bool] | None:
    """(filing node, DTG, filed datetime, day consistent) or None when not checkable."""
    de = ctx.de
    filing = de.filing if de is not None else None
    dtg = ctx.dtg
    if filing is None or dtg is None or filing.day_of_year is None:
        return None  # military (JANAP) filing times are not checked: see TT302
    day, hour, minute = filing.day_of_year, filing.hour, filing.minute
    if hour is None or minute is None or not (1 <= day <= 366 and hour < 24 and minute < 60):
        return None  # TT202
    if day == 366 and not any(_is_leap(y) for y in (dtg.year - 1, dtg.year, dtg.year + 1)):
        return None
    if day == 366 and not _is_leap(dtg.year) and not (dtg.month == 1 and dtg.day <= 2):
        return None  # TT233
    filed = decode.filed_datetime(day, hour, minute, dtg)
    if filed is None:
        return None
    lag = filed - dtg
    next_day = filed.date() == dtg.date() + timedelta(days=1)
    delay = timedelta(minutes=ctx.config.filing_delay_minutes)
    consistent = filed.date() == dtg.date() or (next_day and lag <= delay)
    return filing, dtg, filed, consistent


@_cross("TT302", "julian-day-mismatch", Severity.ERROR,
        "DE-line Julian day differs from the DTG's day of the year",
        description="The filing time on the DE line (DDDHHMM) starts with the day of the year "
        "of the DTG: `DE RUEHC #0194 1480246` for `280245Z MAY 89` (28 May 1989 = day 148). A "
        "filing just after midnight may carry the next day. Measured on 423 Cablegate cables: "
        "421 agree. Military (JANAP) routing lines are not checked: in the NAVADMIN sample "
        "the filing time is often hours or a day after the DTG (retransmissions).",
        example_fail="DE RUEHC #0194 1490246\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.11 X2 (measured on 423 Cablegate cables); ACP 127(G) §115")
def julian_day_mismatch(ctx: Context) -> Iterator[Finding]:
    facts = _filing_facts(ctx)
    if facts is None or facts[3]:
        return
    filing, dtg, _filed, _ = facts
    expected = dtg.timetuple().tm_yday
    line = ctx.dtg_line
    yield Finding(
        f"filing day {filing.day_of_year:03d} ({filing.raw}) does not match DTG "
        f"{line.dtg.raw if line else _fmt_dtg(dtg)}, day {expected:03d} of {dtg.year}",
        ctx.span(filing.span.start, filing.span.start + 3),
        hint="the Julian day is the DTG's day of the year (next day only when filed after "
             "midnight)",
        suggestion=f"{expected:03d}{filing.raw[3:]}",
        fixes=(Fix(ctx.span(filing.span.start, filing.span.start + 3), f"{expected:03d}",
                   f"replace the Julian day with {expected:03d}", filing.raw[:3]),),
    )


@_cross("TT303", "filed-before-dtg", Severity.ERROR, "Filing time is before the DTG",
        description="The message is filed for transmission after it is dated: the DE-line "
        "filing time (HHMM after the Julian day) is at or after the DTG. Measured on 423 "
        "Cablegate cables: 422 agree. `filing-early-minutes` sets a tolerance.",
        example_fail="DE RUEHC #0194 1480240\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.11 X2")
def filed_before_dtg(ctx: Context) -> Iterator[Finding]:
    facts = _filing_facts(ctx)
    if facts is None or not facts[3]:
        return
    filing, dtg, filed, _ = facts
    early = dtg - filed
    if early <= timedelta(minutes=ctx.config.filing_early_minutes):
        return
    line = ctx.dtg_line
    yield Finding(
        f"filing time {filed:%H%M} ({filing.raw}) is {_minutes(early)} before the DTG "
        f"{line.dtg.raw if line else _fmt_dtg(dtg)}",
        ctx.span(filing.span.start + 3, filing.span.end),
        hint="the filing time is the DTG or a few minutes after it; check both for a "
             "mistyped digit",
    )


@_cross("TT304", "filing-delay", Severity.WARNING, "Filing time is long after the DTG",
        description="The DE-line filing time is normally minutes after the DTG (at most 24 "
        "minutes on 423 Cablegate cables). A larger gap than `filing-delay-minutes` "
        "(default 60) is reported.",
        example_fail="DE RUEHC #0194 1480546\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.11 X2; measured on ../shared/corpus (0-24 minutes)")
def filing_delay(ctx: Context) -> Iterator[Finding]:
    facts = _filing_facts(ctx)
    if facts is None or not facts[3]:
        return
    filing, dtg, filed, _ = facts
    lag = filed - dtg
    limit = ctx.config.filing_delay_minutes
    if lag <= timedelta(minutes=limit):
        return
    line = ctx.dtg_line
    yield Finding(
        f"filing time {filed:%H%M} ({filing.raw}) is {_minutes(lag)} after the DTG "
        f"{line.dtg.raw if line else _fmt_dtg(dtg)} (more than {limit})",
        ctx.span(filing.span.start + 3, filing.span.end),
        hint="check the hour of the filing time and of the DTG for a mistyped digit",
    )


@_cross("TT305", "section-mismatch", Severity.ERROR,
        "DE-line section differs from SECTION n OF m",
        description="A message sent in sections carries the section number on the DE line "
        "(`#0284/01`) and in the text (`SECTION 01 OF 02`); the two agree.",
        example_fail="DE RUEHC #0194/02 1480246\nO 280245Z MAY 89\nBT\n"
        "SECRET SECTION 01 OF 02 STATE 170194\n",
        example_pass="DE RUEHC #0194/01 1480246\nO 280245Z MAY 89\nBT\n"
        "SECRET SECTION 01 OF 02 STATE 170194\n",
        source="FORMAT.md §2.6, §2.11 X3 (10STATE284)")
def section_mismatch(ctx: Context) -> Iterator[Finding]:
    de, text = ctx.de, ctx.cable.text
    if de is None or de.section is None or text is None or text.classification is None:
        return
    mark = text.classification.section
    if mark is None or mark.number is None:
        return
    if de.section == mark.number:
        return
    span = None
    if de.ssn is not None:
        end = de.ssn.span.end
        match = re.match(r"/[0-9OIl]{1,3}", ctx.text[end:end + 5])
        if match:
            span = ctx.span(end, end + match.end())
    yield Finding(
        f"DE-line section /{de.section:02d} does not match {mark.raw.strip()} of the text",
        span or ctx.tight(de),
        hint="the /nn after the station serial number is the section number of the text",
        suggestion=f"/{mark.number:02d}",
    )


@_cross("TT306", "security-classification-mismatch", Severity.ERROR,
        "FL4 security group differs from the classification of the text",
        description="The FL4 security group repeats the first letter of the classification "
        "that opens the text: UUUUU (or EEEEE, unclassified EFTO) with UNCLAS, CCCCC with "
        "CONFIDENTIAL, SSSSS with SECRET, TTTTT with TOP SECRET. Measured on 417 Cablegate "
        "cables: 416 agree. Limited Official Use is not checked (no source gives its group).",
        example_fail="ZNY CCCCC ZZH\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n",
        example_pass="ZNY SSSSS ZZH\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n",
        source="ACP 127(G) §203.a, §209 (FORMAT.md App. B 3.4); FORMAT.md §2.5, §2.11 X4")
def security_classification_mismatch(ctx: Context) -> Iterator[Finding]:
    line = ctx.security
    found = ctx.classification
    if line is None or line.group is None or found is None:
        return
    fl4 = _fl4_level(line.group.code)
    level, qualifier, span = found
    if fl4 is None or level not in _LEVEL_RANK or level == "LIMITED OFFICIAL USE":
        return
    if fl4 == level:
        return
    marking = ctx.text[span.start:span.end].strip()
    expected = {"UNCLASSIFIED": "UUUUU", "CONFIDENTIAL": "CCCCC", "SECRET": "SSSSS",
                "TOP SECRET": "TTTTT", "RESTRICTED": "RRRRR"}.get(level)
    yield Finding(
        f"FL4 group {line.group.raw} ({fl4}) does not match the classification of the text, "
        f"{marking!r} at {span.line}:{span.column}"
        + (f" (expected {expected})" if expected else ""),
        line.group.span,
        hint="the FL4 group and the classification line say the same level; correct "
             "whichever was mistyped",
        suggestion=expected,
    )


def _highest(ctx: Context) -> tuple[int, str, list[str]] | None:
    """(rank, letter, where) of the highest precedence in FL5 and on TO/INFO lines."""
    best: tuple[int, str] | None = None
    where: list[str] = []
    found: list[tuple[int, str, str]] = []
    line = ctx.dtg_line
    if line is not None:
        for prec in line.precedences:
            ranked = _rank(prec)
            if ranked:
                found.append((*ranked, f"FL5 {prec.raw} at {prec.span.line}:{prec.span.column}"))
    for keyword, address in ctx.addresses():
        if address.precedence is not None:
            ranked = _rank(address.precedence)
            if ranked:
                found.append((*ranked, f"{keyword} {address.name} {address.precedence.raw}"))
    for rank, letter, _text in found:
        if best is None or rank > best[0]:
            best = (rank, letter)
    if best is None:
        return None
    where = [text for rank, _letter, text in found if rank == best[0]]
    return best[0], best[1], where


@_cross("TT307", "precedence-mismatch", Severity.ERROR,
        "FL2 precedence differs from the highest precedence of the message",
        description="The precedence prosign of the FL2 routing line is the highest precedence "
        "of the message: the FL5 precedence letters and the precedence words on the TO/INFO "
        "lines (a dual-precedence `P R` gives `PP`). Measured on 423 Cablegate cables: 423 "
        "agree. Relay envelopes are not checked.",
        example_fail="RR RUEHC RUEHPE\nDE RUEHC #0194 1480246\nO 280245Z MAY 89\n"
        "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n",
        example_pass="OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nO 280245Z MAY 89\n"
        "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n",
        source="5 FAH-2 H-321.2-1b; ACP 127(G) §151-152 (FORMAT.md §2.3, App. B 3.3); "
               "FORMAT.md §2.11 X5")
def precedence_mismatch(ctx: Context) -> Iterator[Finding]:
    fl2 = ctx.fl2
    if fl2 is None:
        return
    prec = fl2.prosign if isinstance(fl2, RoutingLine) else fl2.precedence
    mine = _rank(prec)
    highest = _highest(ctx)
    if mine is None or highest is None or mine[0] == highest[0]:
        return
    rank, letter, where = highest
    word = vocab.precedence(letter)
    name = word.word if word else letter
    expected = letter * 2 if isinstance(fl2, RoutingLine) else letter
    yield Finding(
        f"FL2 precedence {prec.raw} ({prec.word}) does not match the highest precedence of "
        f"the message, {name} ({'; '.join(where)}); expected {expected}",
        prec.span,
        hint="the FL2 prosign is the highest precedence given in FL5 and on the TO/INFO "
             "lines",
        suggestion=expected,
    )


def _shared_station(station: vocab.Station, address: str) -> bool:
    """Stations known to deliver for other addressees: Washington DC stations serve several
    agencies (RUEHC for DEPT OF LABOR, RUEKJCS for DIA WASHDC), and an embassy's station
    delivers to the consulates of its country (RUEHTC/AMCONSUL AMSTERDAM); the RI is that
    of "the station responsible for delivery" (ACP 127(G) Annex B FL7)."""
    names = " ".join(_station_names(station)).upper()
    if re.search(r"\bWASH(?:INGTON|DC)\b", names):
        return True
    first = address.upper().split(" ", 1)[0]
    return first in ("AMCONSUL", "AMCONGEN", "CONGEN") and station.name.startswith("AMEMBASSY")


@_cross("TT308", "routing-indicator-address-mismatch", Severity.WARNING,
        "Routing indicator does not belong to the address",
        description="On TO/INFO lines each `RI/ADDRESS` pairs a routing indicator with the "
        "plain-language address of its station (ACP 117; the routing-indicator vocabulary). "
        "Unknown RIs are not checked. The RI is that of the station responsible for "
        "delivery, so Washington DC stations (shared by several agencies) and embassy "
        "stations before consulates are not checked either. RIs are reassigned over the "
        "years and the table is of 2010, so this is a warning. Not applied to military "
        "(JANAP) routing lines, where RUENAAA stands for CNO although the table names it "
        "otherwise.",
        example_fail="FM SECSTATE WASHDC\nTO RUEHFR/AMEMBASSY LIMA IMMEDIATE 6315\n",
        example_pass="FM SECSTATE WASHDC\nTO RUEHPE/AMEMBASSY LIMA IMMEDIATE 6315\n",
        source="ACP 127(G) §204.a, §215.a (FORMAT.md App. B 3.5); FORMAT.md §2.4, §2.11 X6; "
               "corpus/README.md (RUENAAA)")
def routing_indicator_address_mismatch(ctx: Context) -> Iterator[Finding]:
    if ctx.janap is not None:
        return
    for keyword, address in ctx.addresses():
        if address.ri is None:
            continue
        station = vocab.station(address.ri.code)
        if station is None or names_match(address.name, _station_names(station)):
            continue
        if _shared_station(station, address.name):
            continue
        ri = address.ri
        yield Finding(
            f"routing indicator {ri.code} ({station.name}) does not match the {keyword} "
            f"address {address.name}",
            ctx.span(ri.span.start, ri.span.start + len(ri.code)),
            hint="check the RI against the ACP 117 table, or the address for a typing error",
        )


@_cross("TT309", "originator-mismatch", Severity.WARNING,
        "Originating RI does not belong to the FM address",
        description="The originating station routing indicator on the DE line (FL3) is the "
        "station of the originator named on the FM line (FL6): `DE RUEHC` with `FM SECSTATE "
        "WASHDC`. A warning, for the same reasons as TT308; not applied to military routing "
        "lines.",
        example_fail="DE RUEHPE #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
        source="FORMAT.md §2.11 X6 (SECSTATE WASHDC <-> RUEHC)")
def originator_mismatch(ctx: Context) -> Iterator[Finding]:
    header = ctx.cable.header
    de = ctx.de
    if ctx.janap is not None or header is None or header.from_ is None or de is None:
        return
    if de.originator is None:
        return
    station = vocab.station(de.originator.code)
    written = header.from_.address.name
    if station is None or names_match(written, _station_names(station)):
        return
    from .proofread import originator_correction  # a typo of the FM station's RI?

    right = originator_correction(de.originator.code, written)
    yield Finding(
        f"originating RI {de.originator.code} ({station.name}) does not match FM {written}"
        + (f" ({right})" if right else ""),
        de.originator.span,
        hint="the DE-line RI is the originator's station; check it and the FM line",
        suggestion=right,
    )


_STATE_FM = re.compile(r"^(SECSTATE|DEPT OF STATE|DEPTSTATE|SECSTATE WASH)")
_STATE_PREFIXES = frozenset({
    "AMEMBASSY", "AMEMB", "AMCONSUL", "AMCONGEN", "USMISSION", "USINT", "SECSTATE", "USEU",
    "USDEL", "RPO", "USLO", "USOFFICE", "AIT", "USNATO", "USUN", "AMERICAN",
})
_SERIES = frozenset({"TOSEC", "SECTO", "DEPTO", "TODEP", "USDEL"})


@_cross("TT310", "mrn-office-mismatch", Severity.ERROR,
        "MRN office does not match the FM address",
        description="The office of the message reference number is the originator: `STATE "
        "170194` comes from `FM SECSTATE WASHDC`, `HELSINKI 000312` from `FM AMEMBASSY "
        "HELSINKI`. Checked for State originators (AMEMBASSY, AMCONSUL, USMISSION, SECSTATE "
        "...); military message series (`NAVADMIN 131/05`) are not checked.",
        example_fail="O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\nBT\n"
        "SECRET LIMA 170194\n",
        example_pass="O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\nBT\n"
        "SECRET STATE 170194\n",
        source="FORMAT.md §2.6, §2.11 X7 (STATE <-> SECSTATE WASHDC; Cablegate ids)")
def mrn_office_mismatch(ctx: Context) -> Iterator[Finding]:
    header = ctx.cable.header
    mrn = ctx.mrn
    if header is None or header.from_ is None or mrn is None:
        return
    written = " ".join(header.from_.address.name.upper().split())
    office = " ".join(mrn.office.upper().split())
    if office in _SERIES or "X" * 6 in office:
        return  # SECTO series; redacted office
    first = written.split(" ", 1)[0] if written else ""
    from_state = bool(_STATE_FM.match(written))
    if office == "STATE" or from_state:
        if (office == "STATE") == from_state:
            return
        expected = "STATE" if from_state else "the post's name"
    elif first in _STATE_PREFIXES:
        if names_match(office, [written]) and _name_words(office):
            return
        expected = "the post's name"
    else:
        return
    if expected != "STATE":
        post = re.split(r"/", written, maxsplit=1)[0].split(" ", 1)
        if len(post) == 2 and post[0] in _STATE_PREFIXES:
            expected = post[1]
    yield Finding(
        f"MRN {mrn.text} does not match FM {header.from_.address.name} (expected {expected})",
        ctx.span(mrn.span.start, mrn.span.start + len(mrn.raw) - len(mrn.serial)
                 - (1 if mrn.raw.endswith(" " + mrn.serial) else 0)),
        hint="the MRN names the originating office: STATE for SECSTATE WASHDC, the post "
             "for an embassy or consulate",
    )


@_cross("TT311", "eo-out-of-era", Severity.ERROR,
        "Executive order was not in force at the DTG",
        description="The E.O. line cites the order in force when the cable was classified: "
        "11652 from Jun 1972, 12065 from Dec 1978, 12356 from Aug 1982, 12958 from Apr 1995 "
        "(amended 2003, until Jun 2010), 13526 from Dec 2009. Orders overlap in transitions "
        "(12356 and 12958 in 1995), and `eo-tolerance-days` (default 180) widens every "
        "period, since several boundary days are unverified. Retroactive NARA lines (`E.O. "
        "12958: DECL: DECLASSIFIED BY NARA 09/02/2009` on a 1966 cable) are accepted.",
        example_fail="O 280245Z MAY 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
        "E.O. 12958: DECL: 05/28/1999\n",
        example_pass="O 280245Z MAY 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
        "E.O. 12356: DECL: OADR\n",
        source="FORMAT.md §2.10, §2.11 X8; executive_orders vocabulary")
def eo_out_of_era(ctx: Context) -> Iterator[Finding]:
    text, dtg = ctx.cable.text, ctx.dtg
    if text is None or text.eo is None or dtg is None:
        return
    eo = text.eo
    period = _eo_period(eo.order)
    if period is None or _retroactive(eo):
        return
    start, end, label = period
    slack = timedelta(days=ctx.config.eo_tolerance_days)
    day = dtg.date()
    if start - slack <= day and (end is None or day <= end + slack):
        return
    in_force = [
        r.number for r in vocab.table("executive_orders")
        if r.in_force_on(day) and r.number != "12958-AMENDED"
    ] + (["12958"] if any(r.number == "12958-AMENDED" and r.in_force_on(day)
                          for r in vocab.table("executive_orders")) else [])
    period_text = f"{_fmt_day(start)} - {_fmt_day(end) if end else 'today'}"
    others = f"; in force then: E.O. {', '.join(sorted(set(in_force)))}" if in_force else ""
    line = ctx.dtg_line
    yield Finding(
        f"E.O. {label} (in force {period_text}) was not in force at the DTG "
        f"{line.dtg.raw if line else _fmt_dtg(dtg)}{others}",
        _eo_number_span(ctx, eo),
        hint="cite the order in force at the DTG; a later NARA review reads 'DECLASSIFIED BY "
             "NARA <date>'",
    )


@_cross("TT312", "decl-before-dtg", Severity.ERROR, "Declassification date is not after the DTG",
        description="A declassification date on the E.O. line lies after the date of the "
        "cable (E.O. 12958 cables give ten or 25 years). A date on or before the DTG is a "
        "typing error or belongs to another cable.",
        example_fail="O 280245Z MAY 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
        "E.O. 12356: DECL: 05/28/1979\n",
        example_pass="O 280245Z MAY 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
        "E.O. 12356: DECL: 05/28/1999\n",
        source="FORMAT.md §2.11 X9")
def decl_before_dtg(ctx: Context) -> Iterator[Finding]:
    text, dtg = ctx.cable.text, ctx.dtg
    if text is None or text.eo is None or dtg is None:
        return
    eo = text.eo
    value = eo.declassify or ""
    if not value or _retroactive(eo):
        return
    when, where = _decl_date(value, dtg)
    if when is None or where is None or when > dtg.date():
        return
    offset = eo.raw.find(value)
    start = eo.span.start + max(offset, 0) + where[0]
    line = ctx.dtg_line
    yield Finding(
        f"declassification date {value[where[0]:where[1]]} ({_fmt_day(when)}) is not after "
        f"the DTG {line.dtg.raw if line else _fmt_dtg(dtg)}",
        ctx.span(start, start + where[1] - where[0]),
        hint="the DECL date is the date the cable may be declassified, after the DTG (often "
             "ten years later)",
    )


_SIPDIS = re.compile(r"\bSIPDIS\b")
_RESTRICTIVE = re.compile(r"\b(NODIS|EXDIS)\b")


@_cross("TT313", "sipdis-restricted-caption", Severity.ERROR,
        "SIPDIS combined with NODIS or EXDIS",
        description="SIPDIS (SIPRNet distribution) messages may not carry other restrictive "
        "captions such as NODIS or EXDIS (05 STATE 226504). SIPDIS alone before December "
        "2005 is not reported: 61 of the 63 Cablegate cables of 2002-2005 in the corpus "
        "carry it.",
        example_fail="BT\nSECRET STATE 170194\nNODIS\nSIPDIS\n",
        example_pass="BT\nSECRET STATE 170194\nSIPDIS\n",
        source="FORMAT.md §2.9 (05STATE226504; 06STATE89712), §2.11 X10; corpus/README.md")
def sipdis_restricted_caption(ctx: Context) -> Iterator[Finding]:
    sipdis: list[tuple[int, int]] = []
    restrictive: list[tuple[str, int, int]] = []
    for node in ctx.front:
        if not isinstance(node, (Caption, FrontText, ClassificationLine)):
            continue
        for match in _SIPDIS.finditer(node.raw):
            sipdis.append((node.span.start + match.start(), node.span.start + match.end()))
        for match in _RESTRICTIVE.finditer(node.raw):
            restrictive.append((match.group(1), node.span.start + match.start(),
                                node.span.start + match.end()))
    if not sipdis or not restrictive:
        return
    name, start, end = restrictive[0]
    where = ctx.span(start, end)
    yield Finding(
        f"SIPDIS is combined with {name} at {where.line}:{where.column}",
        ctx.span(*sipdis[0]),
        hint="SIPDIS messages may not carry NODIS or EXDIS; the more restrictive caption "
             "controls, so drop SIPDIS",
    )


@_cross("TT314", "portion-above-classification", Severity.ERROR,
        "Portion mark above the overall classification",
        description="No paragraph is classified higher than the message: a (S) paragraph "
        "needs a SECRET or TOP SECRET cable. (SBU) counts as unclassified.",
        example_fail="BT\nCONFIDENTIAL STATE 170194\n1. (S) TEXT.\n",
        example_pass="BT\nCONFIDENTIAL STATE 170194\n1. (C) TEXT.\n",
        source="5 FAH-1 H-246.2 via FORMAT.md §2.5; FORMAT.md §2.11 X12")
def portion_above_classification(ctx: Context) -> Iterator[Finding]:
    found = ctx.classification
    if found is None:
        return
    level, _qualifier, cspan = found
    overall = _LEVEL_RANK.get(level)
    if overall is None:
        return
    marking = ctx.text[cspan.start:cspan.end].strip()
    for mark, start, end in _portion_marks(ctx):
        row = _portion_row(mark)
        if row is None:
            continue
        rank = _LEVEL_RANK.get(row.classification)
        if rank is None or rank <= overall:
            continue
        yield Finding(
            f"portion mark ({mark}) is {row.classification}, above the overall "
            f"classification {marking!r} at {cspan.line}:{cspan.column}",
            ctx.span(start, end),
            hint="a paragraph is never classified above the message; correct the mark or the "
                 "classification line",
        )


def _tor_value(tor: ReceiptTime, dtg: datetime) -> datetime | None:
    group = tor.dtg
    if group is None:
        return None
    if group.value is not None:
        return group.value
    if None in (group.day, group.hour, group.minute):
        return None
    month = group.month or dtg.month
    candidates = []
    for year in (dtg.year - 1, dtg.year, dtg.year + 1):
        try:
            candidates.append(datetime(year, month, group.day, group.hour, group.minute,  # type: ignore[arg-type]
                                       tzinfo=timezone.utc))
        except ValueError:
            continue
    return min(candidates, key=lambda v: abs(v - dtg)) if candidates else None


@_cross("TT315", "tor-before-dtg", Severity.ERROR, "Time of receipt is before the DTG",
        description="A receiving office's `TOR:` (time of receipt) cannot precede the DTG of "
        "the message it received.",
        example_fail="TOR: 280219Z MAY 89\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
        example_pass="TOR: 280319Z MAY 89\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
        source="FORMAT.md §2.1, §2.11 X13 (the brief's 1989 example)")
def tor_before_dtg(ctx: Context) -> Iterator[Finding]:
    dtg = ctx.dtg
    if dtg is None:
        return
    for node in ctx.cable.nodes:
        if not isinstance(node, ReceiptTime) or node.label.upper() != "TOR" or node.dtg is None:
            continue
        received = _tor_value(node, dtg)
        if received is None or received >= dtg:
            continue
        line = ctx.dtg_line
        yield Finding(
            f"time of receipt {node.dtg.raw} is before the DTG "
            f"{line.dtg.raw if line else _fmt_dtg(dtg)}",
            node.dtg.span,
            hint="a message is received after it is dated; check both for a mistyped digit",
        )


#: 1970s-1990s printouts cut the office of a page head to six characters, spaces included
#: (`PAGE 01 CANBER 00649` for CANBERRA 000649, `PORT A` for PORT AU PRINCE, `USUN N`).
_PAGE_OFFICE_WIDTH = 6


def _same_mrn(page: MessageNumber, text: MessageNumber) -> bool:
    serial_a = decode.fix_digits(page.serial).lstrip("0")
    serial_b = decode.fix_digits(text.serial).lstrip("0")
    if serial_a != serial_b:
        return False
    office_a = re.sub(r"[^A-Z]", "", page.office.upper())
    office_b = re.sub(r"[^A-Z]", "", text.office.upper())
    if office_a == office_b:
        return True
    cut = " ".join(page.office.upper().split())
    return len(cut) == _PAGE_OFFICE_WIDTH and " ".join(text.office.upper().split()).startswith(cut)


@_cross("TT316", "page-mrn-mismatch", Severity.ERROR,
        "Page header carries another MRN than the text",
        description="Page headers of printed cables repeat the message reference number "
        "(`PAGE 02 STATE 170194`); it is the MRN of the text. Another MRN means a page of "
        "another cable was filed with this one, or a typing error. Printouts cut the office "
        "to six characters (`PAGE 01 CANBER 00649` for CANBERRA 000649); that is no mismatch.",
        example_fail="BT\nSECRET STATE 170194\n1. (S) TEXT.\nPAGE 02 STATE 170195\n2. (S) MORE.\n",
        example_pass="BT\nSECRET STATE 170194\n1. (S) TEXT.\nPAGE 02 STATE 170194\n2. (S) MORE.\n",
        source="FORMAT.md §2.6, §2.11 X13 (1970s page heads)")
def page_mrn_mismatch(ctx: Context) -> Iterator[Finding]:
    mrn = ctx.mrn
    if mrn is None or not decode.fix_digits(mrn.serial).isdigit():
        return
    pages: list[PageHeader] = [n for n in ctx.cable.nodes if isinstance(n, PageHeader)]
    header = ctx.cable.header
    if header is not None:
        for line in header.lines:
            pages.extend(getattr(line, "page_headers", ()))
    if mrn.office.upper().startswith("CITE"):
        return  # CIA cables: CITE and IN/OUT numbers are no State MRNs (FORMAT.md §3.7)
    for page in pages:
        if page.mrn is None or not decode.fix_digits(page.mrn.serial).isdigit():
            continue
        if not page.mrn.raw.strip() or not any(c.isdigit() for c in page.mrn.serial):
            continue  # no MRN written: a letter-spaced marking read as one (07PARIS2440)
        if page.mrn.office.upper() in ("IN", "OUT"):
            continue
        if _same_mrn(page.mrn, mrn):
            continue
        yield Finding(
            f"page header MRN {page.mrn.text} does not match the MRN of the text {mrn.text} "
            f"at {mrn.span.line}:{mrn.span.column}",
            page.mrn.span,
            hint="a page of another cable, or a typing error in the page header",
        )
