"""The odd one out: where three groups carry one fact, the one that disagrees.

* **The message number** (TT333): the print header (``NC 2955693 STATE 170194``), the MRN
  line and the station serial numbers (DE line, trailer).
* **The precedence** (TT334): FL2, FL5 and the TO line's precedence word.

The finding points at the group that disagrees and names the others as related locations.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import facts, vocab
from ..diagnostics import Fix, RelatedLocation, Severity
from ..nodes import (
    RoutingLine,
    SsnLine,
)
from ..source import Span
from .context import Context
from .proofread import _where
from .registry import Finding, rule

__all__ = ["print_header_mrns"]


# ---------------------------------------------------------------------------- TT333

_NC = re.compile(r"^NC[ \t]+(\d{5,9})[ \t]+([A-Z][A-Z .]*?)[ \t]+([0-9]{2,7})[ \t]*$")


@dataclass(frozen=True, slots=True)
class _Number:
    what: str
    office: str | None
    serial: str  # digits
    span: Span  # of the serial
    office_span: Span | None


def print_header_mrns(ctx: Context) -> list[tuple[str, str, Span, Span]]:
    """MRNs of ``NC nnnnnnn OFFICE SERIAL`` print headers (State and CIA printouts of the
    1980s): (office, serial, span of the office, span of the serial)."""
    out = []
    for node in ctx.unparsed:
        line = node.raw.split("\n", 1)[0].rstrip()
        match = _NC.match(line.strip())
        if match is None:
            continue
        lead = len(line) - len(line.lstrip())
        base = node.span.start + lead
        out.append((match.group(2), match.group(3),
                    ctx.span_in(node, base + match.start(2), base + match.end(2)),
                    ctx.span_in(node, base + match.start(3), base + match.end(3))))
    return out


def _prints(ctx: Context) -> list[_Number]:
    return [_Number("print header", office, serial, sspan, ospan)
            for office, serial, ospan, sspan in print_header_mrns(ctx)]


def _text_number(ctx: Context) -> _Number | None:
    mrn = ctx.mrn
    if mrn is not None and mrn.serial.isdigit() and mrn.raw.endswith(mrn.serial):
        end = mrn.span.start + len(mrn.raw)
        return _Number("MRN", mrn.office, mrn.serial,
                       ctx.span_in(mrn, end - len(mrn.serial), end), None)
    return None


def _ssns(ctx: Context) -> list[_Number]:
    ssns: list[_Number] = []
    de = ctx.de
    if de is not None and de.ssn is not None and de.ssn.number.isdigit():
        ssns.append(_Number("DE-line SSN", None, de.ssn.number, de.ssn.span, None))
    for node in ctx.cable.trailer:
        if isinstance(node, SsnLine) and node.ssn.number.isdigit():
            ssns.append(_Number("trailer SSN", None, node.ssn.number, node.ssn.span, None))
    return ssns


def _ssns_agree(ctx: Context, last4: str) -> bool:
    """Whether :func:`_ssns` gives fewer than two serials or every serial after the first
    ends in ``last4``: worked out from the serials alone (most cables), without the
    :class:`_Number` of each."""
    serials = []
    de = ctx.de
    if de is not None and de.ssn is not None and de.ssn.number.isdigit():
        serials.append(de.ssn.number)
    for node in ctx.cable.trailer:
        if isinstance(node, SsnLine) and node.ssn.number.isdigit():
            serials.append(node.ssn.number)
    return len(serials) < 2 or all(_last4(s) == last4 for s in serials[1:])


def _spans_of(ctx: Context, serial: str, skip: tuple[Span, ...]) -> list[Span]:
    out = []
    for match in re.finditer(rf"(?<![0-9]){re.escape(serial)}(?![0-9])", ctx.text):
        if any(sp.start <= match.start() < sp.end for sp in skip):
            continue
        out.append(ctx.span(match.start(), match.end()))
    return out


def _elsewhere(ctx: Context, serial: str, skip: tuple[Span, ...]) -> int:
    """How often a serial is written outside the given spans."""
    return len(_spans_of(ctx, serial, skip))


def _last4(serial: str) -> str:
    return serial.zfill(4)[-4:]


@rule("TT333", "message-number-odd-one-out", Severity.WARNING,
      "One of the groups that carry the message number disagrees",
      description="The print header of State and CIA printouts (`NC 2955693 STATE "
      "170194`), the MRN line of the text (`STATE 170194`) and the station serial numbers "
      "(the DE line's `#0194`, the trailer's `#0194`, the last four digits of the MRN "
      "serial) carry one number. When one of them disagrees with the others it is reported "
      "with the others' value as its correction and the others as related locations; a "
      "print header that disagrees with the MRN line alone is reported against the MRN "
      "line. A trailer SSN that disagrees with the DE line and the MRN is reported too; an "
      "MRN line and a DE-line SSN that disagree with no print header to decide are TT301.",
      example_fail="NC 2955693 STATE 107194\nOO RUEHC RUEHPE\nDE RUEHC #0194 1480246\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\nBT\nSECRET STATE 170194\n",
      example_pass="NC 2955693 STATE 170194\nOO RUEHC RUEHPE\nDE RUEHC #0194 1480246\n"
      "O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\nBT\nSECRET STATE 170194\n",
      source="FORMAT.md §2.1 (print headers), §2.6, §2.11 X1",
      kind="cross-field")
def message_number_odd_one_out(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    prints = _prints(ctx)
    mrn = ctx.mrn
    if not prints and (mrn is None or _ssns_agree(ctx, _last4(mrn.serial))):
        return findings  # nothing to compare, or every SSN agrees with the MRN: no finding below
    ssns = _ssns(ctx)
    text = _text_number(ctx)
    if text is None:
        return findings
    rel_text = RelatedLocation(text.span, f"MRN {text.office} {text.serial}")
    rel_ssn = tuple(RelatedLocation(s.span, f"{s.what} #{s.serial}") for s in ssns)
    serial = text.serial.lstrip("0")
    for p in prints:
        if p.office and text.office and " ".join(p.office.split()) != " ".join(
                text.office.upper().split()) and p.office_span is not None:
            findings.append(Finding(
                f"print header office {p.office} does not match the MRN {text.office} "
                f"{text.serial} at {_where(text.span)}",
                p.office_span,
                hint="the print header repeats the MRN of the text",
                suggestion=text.office,
                fixes=(Fix(p.office_span, text.office, f"replace {p.office} with "
                           f"{text.office}", p.office),),
                related=(rel_text,),
            ))
        if p.serial.lstrip("0") == serial:
            continue
        agree_text = [s for s in ssns if _last4(s.serial) == _last4(text.serial)]
        agree_print = [s for s in ssns if _last4(s.serial) == _last4(p.serial)]
        undecided = agree_print == agree_text
        if undecided:
            # the SSNs cannot tell: the serial written elsewhere (a page head, the
            # printout's control block) decides
            seen_print = _elsewhere(ctx, p.serial, (p.span, text.span))
            seen_text = _elsewhere(ctx, text.serial, (p.span, text.span))
            if seen_print > seen_text:
                undecided = False
                agree_text = []
                agree_print = [_Number("serial written", None, p.serial, span, None)
                               for span in _spans_of(ctx, p.serial, (p.span, text.span))]
        if agree_print and not agree_text:
            # the MRN line is the odd one out
            fixed = p.serial.zfill(len(text.serial)) if len(p.serial) < len(text.serial) \
                else p.serial
            findings.append(Finding(
                f"MRN serial {text.serial} disagrees with the print header "
                f"({p.serial} at {_where(p.span)}) and the "
                + " and ".join(f"{s.what} #{s.serial}" if s.what.endswith("SSN")
                               else f"{s.what} at {_where(s.span)}" for s in agree_print),
                text.span,
                hint="the MRN line, the print header and the station serial number carry one "
                     "number; the MRN line is the one that differs",
                suggestion=fixed,
                fixes=(Fix(text.span, fixed, f"replace {text.serial} with {fixed}",
                           text.serial),),
                related=(RelatedLocation(p.span, f"print header {p.serial}"),
                         *(RelatedLocation(s.span, f"{s.what} {s.serial}")
                           for s in agree_print)),
            ))
            continue
        fixed = text.serial.lstrip("0").zfill(len(p.serial)) if len(text.serial.lstrip(
            "0")) <= len(p.serial) else text.serial
        others = f"the MRN {text.office} {text.serial} at {_where(text.span)}"
        if agree_text:
            others += " and the " + " and ".join(f"{s.what} #{s.serial}" for s in agree_text)
        findings.append(Finding(
            f"print header MRN serial {p.serial} disagrees with {others}",
            p.span,
            hint="the print header repeats the MRN of the text",
            suggestion=fixed,
            fixes=(Fix(p.span, fixed, f"replace {p.serial} with {fixed}", p.serial),),
            related=(rel_text, *(r for r, s in zip(rel_ssn, ssns, strict=True)
                                 if s in agree_text)),
        ))
        if undecided:
            # nothing tells which of the two was mistyped: the MRN line is named too
            back = p.serial.zfill(len(text.serial)) if len(p.serial) < len(text.serial) \
                else p.serial
            findings.append(Finding(
                f"MRN serial {text.serial} disagrees with the print header ({p.serial} at "
                f"{_where(p.span)}); nothing else tells which of the two is mistyped",
                text.span,
                hint="the print header repeats the MRN of the text",
                suggestion=back,
                fixes=(Fix(text.span, back, f"replace {text.serial} with {back}",
                           text.serial),),
                related=(RelatedLocation(p.span, f"print header {p.serial}"),),
            ))
    # no print header disagreeing: a trailer SSN against the DE line and the MRN (an MRN
    # against a DE line is TT301, which names both)
    if any(p.serial.lstrip("0") != serial for p in prints) or len(ssns) < 2:
        return findings
    if ssns[0].what == "DE-line SSN" and _last4(ssns[0].serial) == _last4(text.serial):
        for s in ssns[1:]:
            if _last4(s.serial) == _last4(text.serial):
                continue
            fixed = _last4(text.serial)
            findings.append(Finding(
                f"{s.what} #{s.serial} disagrees with the MRN {text.office} {text.serial} and "
                f"the {ssns[0].what} #{ssns[0].serial}",
                s.span,
                hint="the trailer repeats the station serial number of the DE line",
                suggestion=f"#{fixed}",
                fixes=(Fix(s.span, f"#{fixed}", f"replace #{s.serial} with #{fixed}",
                           ctx.text[s.span.start:s.span.end]),),
                related=(rel_text, rel_ssn[0]),
            ))
    return findings


# ---------------------------------------------------------------------------- TT334


@functools.lru_cache(maxsize=256)  # few precedences are distinct
def _written_rank(letter: str | None, word: str | None) -> tuple[int, str] | None:
    """The rank of a precedence and its letter as written (the table's for a word alone);
    :func:`.common._rank_of` gives the letter of the table."""
    row = vocab.precedence((letter or word or "").strip())
    if row is None:
        return None
    written = letter or row.letter
    if written is None:
        return None
    return row.rank, written




@rule("TT334", "precedence-odd-one-out", Severity.WARNING,
      "FL5 precedence or TO-line precedence word disagrees with the other two",
      description="FL2 (`OO`), FL5 (`O 280245Z MAY 89`, the action precedence) and the "
      "precedence word of the TO addresses (`IMMEDIATE`) carry one fact. When FL2 and one of "
      "the others agree and the third differs, the third is reported with its correction "
      "and the two others as related locations. A different FL2 is TT307. Checked when every "
      "TO address with a word has the same one; NIACT IMMEDIATE counts as IMMEDIATE.",
      example_fail="OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nP 280245Z MAY 89\n"
      "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n",
      example_pass="OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nO 280245Z MAY 89\n"
      "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\n",
      source="5 FAH-2 H-321.2; ACP 127(G) §151-152 (FORMAT.md §2.3, App. B 3.3); "
             "FORMAT.md §2.11 X5",
      kind="cross-field")
def precedence_odd_one_out(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    fl2 = ctx.fl2
    line = ctx.dtg_line
    header = ctx.cable.header
    if not isinstance(fl2, RoutingLine) or line is None or header is None:
        return findings
    if not line.precedences or not header.to:
        return findings
    two = _written_rank(fl2.prosign.letter, fl2.prosign.word)
    five = _written_rank(line.precedences[0].letter, line.precedences[0].word)
    words = [a.precedence for a in header.to if a.precedence is not None]
    # one rank for every word (none without a rank)
    ranks = {_written_rank(w.letter, w.word) for w in words}
    if two is None or five is None or len(ranks) != 1:
        return findings
    word_rank = ranks.pop()
    if word_rank is None:
        return findings
    if five[0] == two[0] == word_rank[0] or two[0] not in (five[0], word_rank[0]):
        return findings
    rel_fl2 = RelatedLocation(fl2.prosign.span, f"FL2 {fl2.prosign.raw}")
    if five[0] != two[0]:
        prec = line.precedences[0]
        findings.append(Finding(
            f"FL5 precedence {prec.raw} ({prec.word}) disagrees with FL2 {fl2.prosign.raw} and "
            f"the TO line's {words[0].raw}",
            prec.span,
            hint="the first FL5 letter is the action precedence, the TO addressees'",
            suggestion=two[1],
            fixes=(Fix(prec.span, two[1], f"replace {prec.raw} with {two[1]}", prec.raw),),
            related=(rel_fl2, *(RelatedLocation(w.span, f"TO {w.raw}") for w in words)),
        ))
        return findings
    right = facts.PRECEDENCE_LETTERS.get(two[1])
    for w in words:
        if right is None or (w.word or "").upper() == right or "NIACT" in w.raw.upper():
            continue
        findings.append(Finding(
            f"TO precedence {w.raw} disagrees with FL2 {fl2.prosign.raw} and FL5 "
            f"{line.precedences[0].raw}",
            w.span,
            hint="the TO line's precedence word is the action precedence of FL2 and FL5",
            suggestion=right,
            fixes=(Fix(w.span, right, f"replace {w.raw} with {right}", w.raw),),
            related=(rel_fl2, RelatedLocation(line.precedences[0].span,
                                              f"FL5 {line.precedences[0].raw}")),
        ))
    return findings
