"""Cross-field checks of the text (TT310-TT316): the MRN against the FM line, the E.O.
line against the DTG, captions against each other, portion marks against the overall
classification, the time of receipt against the DTG, and page headers against the MRN."""

from __future__ import annotations

import functools
import re
from datetime import datetime, timezone

from .. import decode, vocab
from ..diagnostics import Severity
from ..nodes import (
    AddressBlock,
    Caption,
    ClassificationLine,
    FrontText,
    MessageNumber,
    PageHeader,
    ReceiptTime,
)
from .common import _LEVEL_RANK, _days_delta, _fmt_day, _portion_row
from .context import Context
from .eo import _decl_date, _eo_number_span, _eo_period, _retroactive
from .names import _name_words, names_match
from .registry import Finding, _cross

_STATE_FM = re.compile(r"^(SECSTATE|DEPT OF STATE|DEPTSTATE|SECSTATE WASH)")
_STATE_PREFIXES = frozenset({
    "AMEMBASSY", "AMEMB", "AMCONSUL", "AMCONGEN", "USMISSION", "USINT", "SECSTATE", "USEU",
    "USDEL", "RPO", "USLO", "USOFFICE", "AIT", "USNATO", "USUN", "AMERICAN",
})
_SERIES = frozenset({"TOSEC", "SECTO", "DEPTO", "TODEP", "USDEL"})


@functools.lru_cache(maxsize=8192)  # cables repeat their originators and offices
def _expected_office(name: str, mrn_office: str) -> str | None:
    """The office the MRN of a cable from ``name`` is expected to name, when ``mrn_office``
    does not match it (TT310); None when it matches or is not checked."""
    written = " ".join(name.upper().split())
    office = " ".join(mrn_office.upper().split())
    if office in _SERIES or "X" * 6 in office:
        return None  # SECTO series; redacted office
    first = written.split(" ", 1)[0] if written else ""
    from_state = bool(_STATE_FM.match(written))
    if office == "STATE" or from_state:
        if (office == "STATE") == from_state:
            return None
        expected = "STATE" if from_state else "the post's name"
    elif first in _STATE_PREFIXES:
        if names_match(office, [written]) and _name_words(office):
            return None
        expected = "the post's name"
    else:
        return None
    if expected != "STATE":
        post = re.split(r"/", written, maxsplit=1)[0].split(" ", 1)
        if len(post) == 2 and post[0] in _STATE_PREFIXES:
            expected = post[1]
    return expected


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
def mrn_office_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    header = ctx.cable.header
    mrn = ctx.mrn
    if header is None or header.from_ is None or mrn is None:
        return findings
    expected = _expected_office(header.from_.address.name, mrn.office)
    if expected is None:
        return findings
    findings.append(Finding(
        f"MRN {mrn.text} does not match FM {header.from_.address.name} (expected {expected})",
        ctx.span(mrn.span.start, mrn.span.start + len(mrn.raw) - len(mrn.serial)
                 - (1 if mrn.raw.endswith(" " + mrn.serial) else 0)),
        hint="the MRN names the originating office: STATE for SECSTATE WASHDC, the post "
             "for an embassy or consulate",
    ))
    return findings


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
def eo_out_of_era(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    text, dtg = ctx.cable.text, ctx.dtg
    if text is None or text.eo is None or dtg is None:
        return findings
    eo = text.eo
    period = _eo_period(eo.order)
    if period is None or _retroactive(eo):
        return findings
    start, end, label = period.start, period.end, period.label
    slack = _days_delta(ctx.config.eo_tolerance_days)
    day = dtg.date()
    if start - slack <= day and (end is None or day <= end + slack):
        return findings
    in_force = [
        r.number for r in vocab.table("executive_orders")
        if r.in_force_on(day) and r.number != "12958-AMENDED"
    ] + (["12958"] if any(r.number == "12958-AMENDED" and r.in_force_on(day)
                          for r in vocab.table("executive_orders")) else [])
    period_text = f"{_fmt_day(start)} - {_fmt_day(end) if end else 'today'}"
    others = f"; in force then: E.O. {', '.join(sorted(set(in_force)))}" if in_force else ""
    findings.append(Finding(
        f"E.O. {label} (in force {period_text}) was not in force at the DTG "
        f"{ctx.dtg_text}{others}",
        _eo_number_span(ctx, eo),
        hint="cite the order in force at the DTG; a later NARA review reads 'DECLASSIFIED BY "
             "NARA <date>'",
    ))
    return findings


@_cross("TT312", "decl-before-dtg", Severity.ERROR, "Declassification date is not after the DTG",
        description="A declassification date on the E.O. line lies after the date of the "
        "cable (E.O. 12958 cables give ten or 25 years). A date on or before the DTG is a "
        "typing error or belongs to another cable.",
        example_fail="O 280245Z MAY 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
        "E.O. 12356: DECL: 05/28/1979\n",
        example_pass="O 280245Z MAY 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
        "E.O. 12356: DECL: 05/28/1999\n",
        source="FORMAT.md §2.11 X9")
def decl_before_dtg(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    text, dtg = ctx.cable.text, ctx.dtg
    if text is None or text.eo is None or dtg is None:
        return findings
    eo = text.eo
    value = eo.declassify or ""
    if not value:
        return findings
    found = _decl_date(value, dtg)
    if found is None or found.value is None or found.value > dtg.date():
        return findings  # (most cables: a date after the DTG, the line not read for NARA's review)
    if _retroactive(eo):
        return findings
    # the E.O. line has no sub-span for the DECL value: find it in the line's text
    offset = eo.raw.find(value)
    start = eo.span.start + max(offset, 0) + found.start
    findings.append(Finding(
        f"declassification date {value[found.start:found.end]} ({_fmt_day(found.value)}) is "
        f"not after the DTG {ctx.dtg_text}",
        ctx.span(start, start + found.end - found.start),
        hint="the DECL date is the date the cable may be declassified, after the DTG (often "
             "ten years later)",
    ))
    return findings


#: the lines of the front matter that carry captions
_CAPTION_KINDS = (Caption, FrontText, ClassificationLine)
_SIPDIS = re.compile(r"\bSIPDIS\b")
_RESTRICTIVE = re.compile(r"\b(NODIS|EXDIS)\b")


def _restrictive_anywhere(ctx: Context) -> bool:
    """Whether a line of :data:`_CAPTION_KINDS` holds NODIS or EXDIS (plain loops: most
    cables have none, and every line is read)."""
    for kind in _CAPTION_KINDS:
        for node in ctx.nodes_of(kind):
            raw = node.raw
            if "NODIS" in raw or "EXDIS" in raw:
                return True
    return False


@_cross("TT313", "sipdis-restricted-caption", Severity.ERROR,
        "SIPDIS combined with NODIS or EXDIS",
        description="SIPDIS (SIPRNet distribution) messages may not carry other restrictive "
        "captions such as NODIS or EXDIS (05 STATE 226504). SIPDIS alone before December "
        "2005 is not reported: 61 of the 63 Cablegate cables of 2002-2005 in the corpus "
        "carry it.",
        example_fail="BT\nSECRET STATE 170194\nNODIS\nSIPDIS\n",
        example_pass="BT\nSECRET STATE 170194\nSIPDIS\n",
        source="FORMAT.md §2.9 (05STATE226504; 06STATE89712), §2.11 X10; corpus/README.md")
def sipdis_restricted_caption(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    if not _restrictive_anywhere(ctx):
        return findings  # no restrictive caption anywhere (most cables): the front is not needed
    nodes = [n for n in ctx.front if isinstance(n, _CAPTION_KINDS)]
    # the first SIPDIS and the first NODIS or EXDIS (the words are looked for before the
    # regexes look for them as words)
    sipdis = next(((node, match) for node in nodes if "SIPDIS" in node.raw
                   for match in _SIPDIS.finditer(node.raw)), None)
    if sipdis is None:
        return findings
    restrictive = next(((node, match) for node in nodes
                        if "NODIS" in node.raw or "EXDIS" in node.raw
                        for match in _RESTRICTIVE.finditer(node.raw)), None)
    if restrictive is None:
        return findings
    node, match = restrictive
    where = ctx.span(node.span.start + match.start(), node.span.start + match.end())
    node, match = sipdis
    findings.append(Finding(
        f"SIPDIS is combined with {restrictive[1].group(1)} at {where.line}:{where.column}",
        ctx.span(node.span.start + match.start(), node.span.start + match.end()),
        hint="SIPDIS messages may not carry NODIS or EXDIS; the more restrictive caption "
             "controls, so drop SIPDIS",
    ))
    return findings


@_cross("TT314", "portion-above-classification", Severity.ERROR,
        "Portion mark above the overall classification",
        description="No paragraph is classified higher than the message: a (S) paragraph "
        "needs a SECRET or TOP SECRET cable. (SBU) counts as unclassified.",
        example_fail="BT\nCONFIDENTIAL STATE 170194\n1. (S) TEXT.\n",
        example_pass="BT\nCONFIDENTIAL STATE 170194\n1. (C) TEXT.\n",
        source="5 FAH-1 H-246.2 via FORMAT.md §2.5; FORMAT.md §2.11 X12")
def portion_above_classification(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    overall_mark = ctx.classification_mark
    if overall_mark is None:
        return findings
    overall = _LEVEL_RANK.get(overall_mark.level)
    if overall is None:
        return findings
    above = {mark for mark in ctx.portion_mark_texts if _rank_above(mark, overall)}
    if not above:
        return findings  # no mark above the overall level: their places are not needed
    marking, cspan = overall_mark.raw.strip(), overall_mark.span
    for found in ctx.portion_marks:
        mark = found.mark
        if mark not in above:
            continue
        row = _portion_row(mark)
        assert row is not None  # a mark above the level is in the tables
        findings.append(Finding(
            f"portion mark ({mark}) is {row.classification}, above the overall "
            f"classification {marking!r} at {cspan.line}:{cspan.column}",
            ctx.span(found.start, found.end),
            hint="a paragraph is never classified above the message; correct the mark or the "
                 "classification line",
        ))
    return findings


def _rank_above(mark: str, overall: int) -> bool:
    """Whether a portion mark is in the tables and classified above the rank ``overall``."""
    row = _portion_row(mark)
    if row is None:
        return False
    rank = _LEVEL_RANK.get(row.classification)
    return rank is not None and rank > overall


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
def tor_before_dtg(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    dtg = ctx.dtg
    if dtg is None:
        return findings
    for node in ctx.nodes_of(ReceiptTime):
        if node.label.upper() != "TOR" or node.dtg is None:
            continue
        received = _tor_value(node, dtg)
        if received is None or received >= dtg:
            continue
        findings.append(Finding(
            f"time of receipt {node.dtg.raw} is before the DTG "
            f"{ctx.dtg_text}",
            node.dtg.span,
            hint="a message is received after it is dated; check both for a mistyped digit",
        ))
    return findings


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
def page_mrn_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    mrn = ctx.mrn
    if mrn is None:
        return findings
    pages: list[PageHeader] = list(ctx.nodes_of(PageHeader))
    for block in ctx.nodes_of(AddressBlock):  # the header lines that carry page headers
        pages.extend(block.page_headers)
    if not pages:
        return findings  # (most cables) the MRN is read only against page headers
    if not decode.fix_digits(mrn.serial).isdigit():
        return findings
    if mrn.office.upper().startswith("CITE"):
        return findings  # CIA cables: CITE and IN/OUT numbers are no State MRNs (FORMAT.md §3.7)
    for page in pages:
        if page.mrn is None or not decode.fix_digits(page.mrn.serial).isdigit():
            continue
        if not page.mrn.raw.strip() or not any(c.isdigit() for c in page.mrn.serial):
            continue  # no MRN written: a letter-spaced marking read as one (07PARIS2440)
        if page.mrn.office.upper() in ("IN", "OUT"):
            continue
        if _same_mrn(page.mrn, mrn):
            continue
        findings.append(Finding(
            f"page header MRN {page.mrn.text} does not match the MRN of the text {mrn.text} "
            f"at {mrn.span.line}:{mrn.span.column}",
            page.mrn.span,
            hint="a page of another cable, or a typing error in the page header",
        ))
    return findings
