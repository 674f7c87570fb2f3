"""Field checks of the header: the DTG month (TT230), routing indicators (TT211), FL4
security groups and signals (TT213, TT214), station serial numbers (TT231) and the Julian
day of the filing time (TT232).

TT211, TT213 and TT214 are the decoders' codes: the checks here report what the decoders
find, at the exact group.
"""

from __future__ import annotations

import functools
import re

from .. import decode, facts
from ..corrections import month_correction
from ..diagnostics import Severity
from ..nodes import (
    DeLine,
    DtgLine,
    JanapRoutingLine,
    ReceiptTime,
    RoutingIndicator,
    RoutingLine,
    SsnLine,
)
from .addressing import _ill_formed, loud_addressees
from .common import _has, _is_leap, _keep
from .context import Context
from .registry import Finding, _field, _uses


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
def dtg_month_name(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for node in ctx.nodes_of(DtgLine, ReceiptTime):
        dtg = node.dtg
        if dtg is None:
            continue
        where = dtg.month_span
        if where is None:
            continue
        month = dtg.raw[where.start - dtg.span.start:where.end - dtg.span.start]
        if month.upper() in facts.MONTH_WORDS:
            continue
        findings.append(Finding(
            f"month {month!r} of the DTG {dtg.raw!r} is not a month name",
            where,
            hint="write the first three letters of the month: JAN FEB MAR APR MAY JUN JUL AUG "
                 "SEP OCT NOV DEC",
            suggestion=month_correction(month),
        ))
    return findings


_RI_SHAPE = re.compile(r"[A-Z0-9]{3,10}")
_DE_LIKE = re.compile(r"^[ \t]*DE[ \t]+([A-Z0-9]{3,10})[ \t]+#")


@_uses("TT211")
def routing_indicator_form(ctx: Context) -> list[Finding]:
    """RIs of the header and of TO/INFO addressees, plus groups that stand where only an
    RI can (FL2 groups, ``X/ADDRESS`` prefixes, the group after ``DE``) but did not lex as
    one (``RUEH0PE``)."""
    findings: list[Finding] = []
    for line in ctx.routing_lines:
        nodes: tuple[RoutingIndicator, ...]
        if isinstance(line, RoutingLine):
            nodes = line.indicators
            for group in line.extra:
                code = group.raw.rstrip(".")
                if _RI_SHAPE.fullmatch(code) and sum(c.isalpha() for c in code) >= 3 and \
                        _ill_formed(code):
                    findings.extend(_keep(decode.decode_ri(code, group.span)[1], "TT211"))
        elif isinstance(line, JanapRoutingLine):
            nodes = (line.originator, *line.indicators)
        elif isinstance(line, DeLine) and line.originator is not None:
            nodes = (line.originator,)
        else:
            continue
        for ri in nodes:
            if _ill_formed(ri.code):
                findings.extend(_keep(decode.decode_ri(ri)[1], "TT211"))
    for node in ctx.unparsed:
        match = _DE_LIKE.match(node.raw)
        if match and _ill_formed(match.group(1)):
            span = ctx.span(node.span.start + match.start(1), node.span.start + match.end(1))
            findings.extend(_keep(decode.decode_ri(match.group(1), span)[1], "TT211"))
    for _keyword, address in loud_addressees(ctx):  # the others' RIs are well formed
        prefix = address.ri
        if prefix is not None:
            if _ill_formed(prefix.code):
                findings.extend(_keep(decode.decode_ri(prefix)[1], "TT211"))
            continue
        match = _RI_PREFIX.match(address.raw)
        if match is None or match.group(1) == "ZEN" or match.group(1).isdigit():
            continue
        if not _ill_formed(match.group(1)):
            continue
        start = address.span.start
        span = ctx.span(start, start + len(match.group(1)))
        findings.extend(_keep(decode.decode_ri(match.group(1), span)[1], "TT211"))
    return findings


_RI_PREFIX = re.compile(r"([A-Z0-9]{3,10})/(?!/)")


@functools.lru_cache(maxsize=1024)
def _security_codes(group: str, signal: str | None) -> frozenset[str]:
    """The codes of what :func:`teletype.decode.decode_security` reports on an FL4 group
    after a signal (the group's own diagnostics; its signals give TT215 only)."""
    return frozenset(d.code for d in decode.decode_security_group(group, signal=signal)[1])


@_uses("TT213")
def security_group_known(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for line in ctx.security_lines:
        if line.group is not None and "TT213" in _security_codes(line.group.code, line.signal):
            findings.extend(_keep(decode.decode_security(line)[1], "TT213", line.group.span))
    return findings


@_uses("TT214")
def security_signal(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for line in ctx.security_lines:
        if line.group is not None:
            if "TT214" not in _security_codes(line.group.code, line.signal):
                continue
            start = line.span.start + line.raw.index(line.signal)
            diags = decode.decode_security(line)[1]
            if _has(diags, "TT214"):
                span = ctx.span(start, start + len(line.signal))
                findings.extend(_keep(diags, "TT214", span))
    return findings


@_field("TT231", "ssn-form", Severity.WARNING, "Station serial number is not four digits",
        description="State and military DE lines (and the `#nnnn` validation line of the "
        "trailer) carry a four-digit station serial number. ACP 127(G) §129 also allows "
        "other lengths and a letter suffix (`107A`), so this is a warning.",
        example_fail="DE RUEHC #194 1480246\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.2 FL3, §2.11 X1 (Cablegate `#0194`); ACP 127(G) §129 "
               "(FORMAT.md App. B 3.6)")
def ssn_form(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    serials = []
    if ctx.de is not None and ctx.de.ssn is not None:
        serials.append(("DE line", ctx.de.ssn))
    if ctx.janap is not None:
        serials.append(("routing line", ctx.janap.ssn))
    serials += [("trailer", n.ssn) for n in ctx.cable.trailer if isinstance(n, SsnLine)]
    for where, ssn in serials:
        if len(ssn.number) == 4 and ssn.number.isdigit():
            continue
        findings.append(Finding(
            f"station serial number {ssn.raw!r} in the {where} is not four digits",
            ssn.span,
            hint="write the serial with four digits, zero-padded (#0194)",
            suggestion="#" + ssn.number.zfill(4) if ssn.number.isdigit() else None,
        ))
    return findings


@_field("TT232", "julian-day-for-year", Severity.ERROR,
        "Julian day 366 in a year that is not a leap year",
        description="The filing time of the DE line starts with the day of the year. Day 366 "
        "exists only in leap years; the year is the DTG's (a filing on 1 January of the next "
        "year is allowed for a DTG of 31 December). Days outside 001-366 are TT202.",
        example_fail="DE RUEHC #0194 3660246\nO 310245Z DEC 89\n",
        example_pass="DE RUEHC #0194 3660246\nO 310245Z DEC 88\n",
        source="ACP 127(G) §115 (Julian date, FORMAT.md App. B 3.6); FORMAT.md §2.2 FL3")
def julian_day_for_year(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    filing = ctx.filing
    if filing is None or ctx.dtg is None or filing.day_of_year != 366:
        return findings
    year = ctx.dtg.year
    if _is_leap(year) or (ctx.dtg.month == 1 and ctx.dtg.day <= 2 and _is_leap(year - 1)):
        return findings
    findings.append(Finding(
        f"filing day 366 in {filing.raw!r} does not exist in {year} (DTG "
        f"{ctx.dtg_line.dtg.raw if ctx.dtg_line else ''}), which is not a leap year",
        ctx.span(filing.span.start, filing.span.start + 3),
        hint=f"31 December {year} is day 365",
    ))
    return findings
