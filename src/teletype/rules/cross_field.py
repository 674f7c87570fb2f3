"""Cross-field checks (TT3xx): a fact written twice, in two places of the cable, agrees
with itself (the DE line with the MRN and the DTG, FL4 with the classification line, FL2
with the precedences, RIs with addresses, the E.O. line with the DTG ...)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from .. import decode, vocab
from ..diagnostics import Severity
from ..nodes import (
    Caption,
    ClassificationLine,
    FrontText,
    MessageNumber,
    PageHeader,
    ReceiptTime,
    RoutingLine,
)
from .common import _LEVEL_RANK, _fl4_level, _fmt_day, _fmt_dtg, _minutes, _portion_row, _rank
from .context import Context
from .eo import _decl_date, _eo_number_span, _eo_period, _retroactive
from .names import _name_words, _shared_station, _station_names, names_match
from .registry import Finding, _cross


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
    )


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
    facts = ctx.filing_facts
    if facts is None or facts.consistent:
        return
    filing, dtg = facts.filing, facts.dtg
    expected = dtg.timetuple().tm_yday
    line = ctx.dtg_line
    yield Finding(
        f"filing day {filing.day_of_year:03d} ({filing.raw}) does not match DTG "
        f"{line.dtg.raw if line else _fmt_dtg(dtg)}, day {expected:03d} of {dtg.year}",
        ctx.span(filing.span.start, filing.span.start + 3),
        hint="the Julian day is the DTG's day of the year (next day only when filed after "
             "midnight)",
        suggestion=f"{expected:03d}{filing.raw[3:]}",
    )


@_cross("TT303", "filed-before-dtg", Severity.ERROR, "Filing time is before the DTG",
        description="The message is filed for transmission after it is dated: the DE-line "
        "filing time (HHMM after the Julian day) is at or after the DTG. Measured on 423 "
        "Cablegate cables: 422 agree. `filing-early-minutes` sets a tolerance.",
        example_fail="DE RUEHC #0194 1480240\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.11 X2")
def filed_before_dtg(ctx: Context) -> Iterator[Finding]:
    facts = ctx.filing_facts
    if facts is None or not facts.consistent:
        return
    filing, dtg, filed = facts.filing, facts.dtg, facts.filed
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
    facts = ctx.filing_facts
    if facts is None or not facts.consistent:
        return
    filing, dtg, filed = facts.filing, facts.dtg, facts.filed
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
        # the DE line has no sub-span for the section: read it after the SSN
        end = de.ssn.span.end
        after = de.raw[end - de.span.start:end - de.span.start + 5]
        if len(after) < 5 and not de.raw.endswith("\n"):
            after = ctx.text[end:end + 5]
        match = re.match(r"/[0-9OIl]{1,3}", after)
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
    mark = ctx.classification_mark
    if line is None or line.group is None or mark is None:
        return
    fl4 = _fl4_level(line.group.code)
    level, span = mark.level, mark.span
    if fl4 is None or level not in _LEVEL_RANK or level == "LIMITED OFFICIAL USE":
        return
    if fl4 == level:
        return
    marking = mark.raw.strip()
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
    highest = ctx.highest_precedence
    if mine is None or highest is None or mine.rank == highest.rank:
        return
    letter, where = highest.letter, highest.where
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
    for keyword, address in ctx.addressees:
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
    yield Finding(
        f"originating RI {de.originator.code} ({station.name}) does not match FM {written}",
        de.originator.span,
        hint="the DE-line RI is the originator's station; check it and the FM line",
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
    start, end, label = period.start, period.end, period.label
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
    found = _decl_date(value, dtg)
    if found is None or found.value is None or found.value > dtg.date():
        return
    # the E.O. line has no sub-span for the DECL value: find it in the line's text
    offset = eo.raw.find(value)
    start = eo.span.start + max(offset, 0) + found.start
    line = ctx.dtg_line
    yield Finding(
        f"declassification date {value[found.start:found.end]} ({_fmt_day(found.value)}) is "
        f"not after the DTG {line.dtg.raw if line else _fmt_dtg(dtg)}",
        ctx.span(start, start + found.end - found.start),
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
    overall_mark = ctx.classification_mark
    if overall_mark is None:
        return
    overall = _LEVEL_RANK.get(overall_mark.level)
    if overall is None:
        return
    marking, cspan = overall_mark.raw.strip(), overall_mark.span
    for found in ctx.portion_marks:
        mark = found.mark
        row = _portion_row(mark)
        if row is None:
            continue
        rank = _LEVEL_RANK.get(row.classification)
        if rank is None or rank <= overall:
            continue
        yield Finding(
            f"portion mark ({mark}) is {row.classification}, above the overall "
            f"classification {marking!r} at {cspan.line}:{cspan.column}",
            ctx.span(found.start, found.end),
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
