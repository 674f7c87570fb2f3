"""Cross-field checks of the header (TT301-TT309): a fact written twice, in two places of
the cable, agrees with itself (the DE line with the MRN and the DTG, FL4 with the
classification of the text, FL2 with the precedences, RIs with addresses). The checks of
the text are in :mod:`.cross_text`."""

from __future__ import annotations

import functools
import re

from .. import decode, facts, vocab
from ..corrections import originator_correction
from ..diagnostics import Fix, RelatedLocation, Severity
from ..nodes import RoutingLine
from .addressing import _foreign_station, loud_addressees
from .common import _LEVEL_RANK, _fl4_level, _minutes, _minutes_delta, _rank
from .context import Context
from .names import _station_names, names_match
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
def ssn_mrn_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    de, mrn = ctx.de, ctx.mrn
    if de is None or de.ssn is None or mrn is None:
        return findings
    ssn = de.ssn.number
    serial = decode.fix_digits(mrn.serial)
    if not (ssn.isdigit() and serial.isdigit()):
        return findings
    expected = serial.zfill(4)[-4:]
    if ssn.zfill(4)[-4:] == expected:
        return findings
    findings.append(Finding(
        f"SSN {de.ssn.raw} does not match MRN {mrn.text} (expected #{expected})",
        de.ssn.span,
        hint="the DE-line station serial number is the last four digits of the MRN serial; "
             "correct whichever of the two was mistyped",
        suggestion=f"#{expected}",
        related=(RelatedLocation(mrn.span, f"MRN {mrn.text}"),),
    ))
    return findings


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
def julian_day_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    facts = ctx.filing_facts
    if facts is None or facts.consistent:
        return findings
    filing, dtg = facts.filing, facts.dtg
    expected = dtg.timetuple().tm_yday
    findings.append(Finding(
        f"filing day {filing.day_of_year:03d} ({filing.raw}) does not match DTG "
        f"{ctx.dtg_text}, day {expected:03d} of {dtg.year}",
        ctx.span(filing.span.start, filing.span.start + 3),
        hint="the Julian day is the DTG's day of the year (next day only when filed after "
             "midnight)",
        suggestion=f"{expected:03d}{filing.raw[3:]}",
        fixes=(Fix(ctx.span(filing.span.start, filing.span.start + 3), f"{expected:03d}",
                   f"replace the Julian day with {expected:03d}", filing.raw[:3]),),
    ))
    return findings


@_cross("TT303", "filed-before-dtg", Severity.ERROR, "Filing time is before the DTG",
        description="The message is filed for transmission after it is dated: the DE-line "
        "filing time (HHMM after the Julian day) is at or after the DTG. Measured on 423 "
        "Cablegate cables: 422 agree. `filing-early-minutes` sets a tolerance.",
        example_fail="DE RUEHC #0194 1480240\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.11 X2")
def filed_before_dtg(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    facts = ctx.filing_facts
    if facts is None or not facts.consistent:
        return findings
    filing, dtg, filed = facts.filing, facts.dtg, facts.filed
    early = dtg - filed
    if early <= _minutes_delta(ctx.config.filing_early_minutes):
        return findings
    findings.append(Finding(
        f"filing time {filed:%H%M} ({filing.raw}) is {_minutes(early)} before the DTG "
        f"{ctx.dtg_text}",
        ctx.span(filing.span.start + 3, filing.span.end),
        hint="the filing time is the DTG or a few minutes after it; check both for a "
             "mistyped digit",
    ))
    return findings


@_cross("TT304", "filing-delay", Severity.WARNING, "Filing time is long after the DTG",
        description="The DE-line filing time is normally minutes after the DTG (at most 24 "
        "minutes on 423 Cablegate cables). A larger gap than `filing-delay-minutes` "
        "(default 60) is reported.",
        example_fail="DE RUEHC #0194 1480546\nO 280245Z MAY 89\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\n",
        source="FORMAT.md §2.11 X2; measured on ../shared/corpus (0-24 minutes)")
def filing_delay(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    facts = ctx.filing_facts
    if facts is None or not facts.consistent:
        return findings
    filing, dtg, filed = facts.filing, facts.dtg, facts.filed
    lag = filed - dtg
    limit = ctx.config.filing_delay_minutes
    if lag <= _minutes_delta(limit):
        return findings
    findings.append(Finding(
        f"filing time {filed:%H%M} ({filing.raw}) is {_minutes(lag)} after the DTG "
        f"{ctx.dtg_text} (more than {limit})",
        ctx.span(filing.span.start + 3, filing.span.end),
        hint="check the hour of the filing time and of the DTG for a mistyped digit",
    ))
    return findings


@_cross("TT305", "section-mismatch", Severity.ERROR,
        "DE-line section differs from SECTION n OF m",
        description="A message sent in sections carries the section number on the DE line "
        "(`#0284/01`) and in the text (`SECTION 01 OF 02`); the two agree.",
        example_fail="DE RUEHC #0194/02 1480246\nO 280245Z MAY 89\nBT\n"
        "SECRET SECTION 01 OF 02 STATE 170194\n",
        example_pass="DE RUEHC #0194/01 1480246\nO 280245Z MAY 89\nBT\n"
        "SECRET SECTION 01 OF 02 STATE 170194\n",
        source="FORMAT.md §2.6, §2.11 X3 (10STATE284)")
def section_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    de, text = ctx.de, ctx.cable.text
    if de is None or de.section is None or text is None or text.classification is None:
        return findings
    mark = text.classification.section
    if mark is None or mark.number is None:
        return findings
    if de.section == mark.number:
        return findings
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
    findings.append(Finding(
        f"DE-line section /{de.section:02d} does not match {mark.raw.strip()} of the text",
        span or ctx.tight(de),
        hint="the /nn after the station serial number is the section number of the text",
        suggestion=f"/{mark.number:02d}",
    ))
    return findings


@_cross("TT306", "security-classification-mismatch", Severity.ERROR,
        "FL4 security group differs from the classification of the text",
        description="The FL4 security group repeats the first letter of the classification "
        "that opens the text: UUUUU (or EEEEE, unclassified EFTO) with UNCLAS, CCCCC with "
        "CONFIDENTIAL, SSSSS with SECRET, TTTTT with TOP SECRET. Measured on 417 Cablegate "
        "cables: 416 agree. Limited Official Use is not checked (no source gives its group).",
        example_fail="ZNY CCCCC ZZH\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n",
        example_pass="ZNY SSSSS ZZH\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n",
        source="ACP 127(G) §203.a, §209 (FORMAT.md App. B 3.4); FORMAT.md §2.5, §2.11 X4")
def security_classification_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    line = ctx.security
    mark = ctx.classification_mark
    if line is None or line.group is None or mark is None:
        return findings
    fl4 = _fl4_level(line.group.code)
    level, span = mark.level, mark.span
    if fl4 is None or level not in _LEVEL_RANK or level == "LIMITED OFFICIAL USE":
        return findings
    if fl4 == level:
        return findings
    marking = mark.raw.strip()
    expected = facts.SECURITY_LINE_OF[level][1] if level in facts.SECURITY_LINE_OF else None
    findings.append(Finding(
        f"FL4 group {line.group.raw} ({fl4}) does not match the classification of the text, "
        f"{marking!r} at {span.line}:{span.column}"
        + (f" (expected {expected})" if expected else ""),
        line.group.span,
        hint="the FL4 group and the classification line say the same level; correct "
             "whichever was mistyped",
        suggestion=expected,
    ))
    return findings


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
def precedence_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    fl2 = ctx.fl2
    if fl2 is None:
        return findings
    prec = fl2.prosign if isinstance(fl2, RoutingLine) else fl2.precedence
    mine = _rank(prec)
    if mine is None or ctx.highest_rank in (None, mine.rank):
        return findings  # (the places that give the highest precedence are read for a finding only)
    highest = ctx.highest_precedence
    assert highest is not None  # it has a rank
    letter, where = highest.letter, highest.where
    word = vocab.precedence(letter)
    name = word.word if word else letter
    expected = letter * 2 if isinstance(fl2, RoutingLine) else letter
    findings.append(Finding(
        f"FL2 precedence {prec.raw} ({prec.word}) does not match the highest precedence of "
        f"the message, {name} ({'; '.join(where)}); expected {expected}",
        prec.span,
        hint="the FL2 prosign is the highest precedence given in FL5 and on the TO/INFO "
             "lines",
        suggestion=expected,
    ))
    return findings


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
def routing_indicator_address_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    if ctx.janap is not None:
        return findings
    for keyword, address in loud_addressees(ctx):  # the others' RIs are their stations'
        if address.ri is None:
            continue
        station = _foreign_station(address.ri.code, address.name)
        if station is None:
            continue
        ri = address.ri
        findings.append(Finding(
            f"routing indicator {ri.code} ({station.name}) does not match the {keyword} "
            f"address {address.name}",
            ctx.span(ri.span.start, ri.span.start + len(ri.code)),
            hint="check the RI against the ACP 117 table, or the address for a typing error",
        ))
    return findings


@functools.lru_cache(maxsize=8192)  # cables repeat their originators
def _other_station(ri: str, written: str) -> vocab.Station | None:
    """The station of ``ri`` when it is known and ``written`` does not name it (TT309)."""
    station = vocab.station(ri)
    if station is None or names_match(written, _station_names(station)):
        return None
    return station


@_cross("TT309", "originator-mismatch", Severity.WARNING,
        "Originating RI does not belong to the FM address",
        description="The originating station routing indicator on the DE line (FL3) is the "
        "station of the originator named on the FM line (FL6): `DE RUEHC` with `FM SECSTATE "
        "WASHDC`. A warning, for the same reasons as TT308; not applied to military routing "
        "lines.",
        example_fail="DE RUEHPE #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
        example_pass="DE RUEHC #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n",
        source="FORMAT.md §2.11 X6 (SECSTATE WASHDC <-> RUEHC)")
def originator_mismatch(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    header = ctx.cable.header
    de = ctx.de
    if ctx.janap is not None or header is None or header.from_ is None or de is None:
        return findings
    if de.originator is None:
        return findings
    written = header.from_.address.name
    station = _other_station(de.originator.code, written)
    if station is None:
        return findings
    right = originator_correction(de.originator.code, written)  # a typo of FM's RI?
    findings.append(Finding(
        f"originating RI {de.originator.code} ({station.name}) does not match FM {written}"
        + (f" ({right})" if right else ""),
        de.originator.span,
        hint="the DE-line RI is the originator's station; check it and the FM line",
        suggestion=right,
    ))
    return findings
