"""Field checks of the front matter of the text: the E.O. line (TT217-TT219, TT233),
TAGS (TT222), classification markings (TT234), section numbers (TT235) and portion marks
(TT236).

TT217-TT219 and TT222 are the decoders' codes: the checks here report what the decoders
find, at the exact group.
"""

from __future__ import annotations

import functools
import re

from .. import decode, vocab
from ..diagnostics import Severity
from ..nodes import ClassificationLine, ClassificationMark, PageHeader
from .common import _HINTS, _has, _keep, _portion_row, _unknown_tags
from .context import Context
from .eo import (
    _DNG,
    _decl_code,
    _decl_value_span,
    _eo_forms,
    _eo_instruction_span,
    _eo_number_span,
    _executive_order,
    _retroactive,
)
from .registry import Finding, _field, _uses

_ANY_DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{2,4}")


@_uses("TT217")
def executive_order_known(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    if "TT217" not in ctx.eo_codes:
        return findings
    for eo in ctx.eo_lines:
        diags = ctx.eo_diagnostics(eo)
        if _has(diags, "TT217"):
            findings.extend(_keep(diags, "TT217", _eo_number_span(ctx, eo)))
    return findings


_EVENT = re.compile(r"(?i)^(?:DECL(?:AS)?\s*:?\s*)?[A-Z]+(?:\s+[A-Z]+){2,}\.?$")


@_uses("TT218")
def declassification_known(ctx: Context) -> list[Finding]:
    """Not for downgrading lines (``E.O. 12958: DNG: CO 01/26/2021``) nor declassification
    on an event (``DECL: TEN YEARS AFTER KOREAN UNIFICATION``): both are observed forms
    (FORMAT.md §4, observed_eo-line-variants.csv)."""
    findings: list[Finding] = []
    if "TT218" not in ctx.eo_codes:
        return findings
    for eo in ctx.eo_lines:
        if _DNG.search(eo.raw) or _EVENT.match((eo.declassify or "").strip()):
            continue
        diags = ctx.eo_diagnostics(eo)
        if _has(diags, "TT218"):
            findings.extend(_keep(diags, "TT218", _eo_instruction_span(ctx, eo)))
    return findings


@_uses("TT219")
def declassification_date(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    if "TT219" not in ctx.eo_codes:
        return findings
    for eo in ctx.eo_lines:
        diags = ctx.eo_diagnostics(eo)
        if _has(diags, "TT219"):
            span = ctx.find(eo, _ANY_DATE) or _eo_instruction_span(ctx, eo)
            findings.extend(_keep(diags, "TT219", span))
    return findings


@_uses("TT222")
def tag_known(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for tag in ctx.fact(_unknown_tags):
        if tag.kind == "free":
            continue  # free text (or a known tag): decode_tag reports no TT222
        diags = decode.decode_tag(tag)[1]
        if _has(diags, "TT222"):
            end = tag.span.start + len(tag.raw.split("(")[0].rstrip())
            for d in diags:  # info where the code has the shape of a tag
                if d.code == "TT222":
                    findings.append(Finding(d.message, ctx.span(tag.span.start, end),
                                            _HINTS.get("TT222"), severity=d.severity))
    return findings



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
def decl_form_for_order(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for eo in ctx.eo_lines:
        value = (eo.declassify or "").strip()
        # the code first: most values are dates, which have none (the tests are all pure)
        code = _decl_code(value) if value else None
        if code is None:
            continue
        row = _executive_order(eo.order)
        if row is None or _retroactive(eo):
            continue
        if _DNG.search(eo.raw):
            continue  # a downgrading instruction, not a declassification code
        forms = _eo_forms(eo.order)
        if code in forms:
            continue
        number = "12958" if row.number.startswith("12958") else row.number
        owners = [r.number for r in vocab.table("executive_orders") if code in r.decl_forms]
        where = f"; it is an E.O. {'/'.join(owners)} form" if owners else ""
        if not owners:
            continue  # a code of no order: TT218
        findings.append(Finding(
            f"declassification code {code!r} is not a form of E.O. {number}{where}",
            _decl_value_span(ctx, eo, value),
            hint=f"E.O. {number} forms: {', '.join(sorted(forms))}",
        ))
    return findings


_QUALIFIER_UNCLAS = ("EFTO", "E F T O", "SENSITIVE", "SBU")


@functools.lru_cache(maxsize=1024)  # few markings are distinct
def _marking_problem(raw: str, level: str, qualifier: str | None) -> str | None:
    """What TT234 reports on a marking: ``doubled`` (a doubled letter, ``SS E C R E T``),
    ``qualifier`` (an unclassified qualifier on a classified level), else None."""
    compact = "".join(raw.upper().split("//")[0].split())
    if compact.startswith("SSECRET") or compact.startswith("TOPSSECRET"):
        return "doubled"
    written = (qualifier or "").upper()
    if level != "UNCLASSIFIED" and any(
        written.startswith(q.replace(" ", "")) or written.startswith(q)
        for q in _QUALIFIER_UNCLAS
    ):
        return "qualifier"
    return None


@_field("TT234", "classification-marking", Severity.ERROR, "Classification marking is malformed",
        description="A classification marking is UNCLAS (or UNCLASSIFIED), LIMITED OFFICIAL "
        "USE, CONFIDENTIAL, SECRET or TOP SECRET, written whole or letter-spaced (`S E C R E "
        "T`). A doubled letter (`SS E C R E T`) is a typing or OCR error, and the qualifiers "
        "EFTO, SENSITIVE and SBU belong to unclassified text only.",
        example_fail="BT\nCONFIDENTIAL EFTO STATE 170194\n",
        example_pass="BT\nUNCLAS EFTO STATE 170194\n",
        source="ACP 127(G) §209 (FORMAT.md App. B 3.9); 5 FAH-2 H-222 and FORMAT.md §2.5 "
               "(UNCLAS EFTO, UNCLAS SENSITIVE/SBU)")
def classification_marking(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for node in ctx.nodes_of(ClassificationLine, ClassificationMark):
        mark = node.classification
        raw = mark.raw
        problem = _marking_problem(raw, mark.level, mark.qualifier)
        if problem is None:
            continue
        if problem == "doubled":
            findings.append(Finding(
                f"classification {raw!r} has a doubled letter", mark.span,
                hint="write S E C R E T (or SECRET)",
            ))
            continue
        if problem == "qualifier":
            findings.append(Finding(
                f"qualifier {mark.qualifier!r} on a {mark.level} marking: it qualifies "
                "unclassified text only",
                mark.span,
                hint="EFTO (encrypt for transmission only) and SENSITIVE/SBU go with UNCLAS",
            ))
    return findings


@_field("TT235", "section-number", Severity.ERROR, "Section number is out of range",
        description="`SECTION n OF m` counts from 1, and n is at most m. In page headers of "
        "1990s printouts `00 OF 03` occurs (three FOIA files), so 0 is accepted there.",
        example_fail="BT\nSECRET SECTION 03 OF 02 STATE 170194\n",
        example_pass="BT\nSECRET SECTION 02 OF 02 STATE 170194\n",
        source="FORMAT.md §2.6, §2.11 X3; ACP 127(G) §208.e (FORMAT.md App. B 3.9)")
def section_number(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    marks = []
    for node in ctx.nodes_of(ClassificationLine, PageHeader):
        if node.section is not None:
            marks.append((node.section, 0 if isinstance(node, PageHeader) else 1))
    for mark, lowest in marks:
        n, m = mark.number, mark.total
        if n is None or m is None:
            continue
        if n < lowest or m < 1 or n > m:
            findings.append(Finding(f"section {n} of {m} in {mark.raw!r} is out of range",
                                    mark.span,
                                    hint="sections count from 1 to the total: SECTION 01 OF 02"))
    return findings


_PORTION_WORDS = re.compile(r"[A-Za-z]{2,}")


@functools.lru_cache(maxsize=1024)  # few marks are distinct
def _unknown_mark(mark: str) -> bool:
    """A portion mark TT236 reports: it looks like a mark, and no mark of the tables."""
    return _looks_like_mark(mark) and _portion_row(mark) is None


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
def portion_mark(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    if not any(map(_unknown_mark, ctx.portion_mark_texts)):
        return findings  # every mark is known: their places are not needed
    for found in ctx.portion_marks:
        mark = found.mark
        if not _unknown_mark(mark):
            continue
        findings.append(Finding(
            f"portion mark ({mark}) is not a known classification mark",
            ctx.span(found.start, found.end),
            hint="(U), (SBU), (C), (S), (TS), optionally with a caveat: (S/NF)"))
    return findings
