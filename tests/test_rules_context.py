"""The facts rules read from a cable (teletype.rules.Context): named, computed once, and the
text of the cable rendered only when a rule needs a span."""

from __future__ import annotations

from datetime import datetime, timezone

from conftest import CORPUS

import teletype
from teletype.rules import RULES, Context
from teletype.rules.context import FilingFacts, HighestPrecedence, Marking, PortionMarkAt

EMBASSY = CORPUS / "valid" / "acp127-2009-embassy.txt"


def context(text: str) -> Context:
    return Context(teletype.parse(text))


def test_rules_run_in_the_order_of_the_catalog_sections() -> None:
    # the order validate() runs them in, unchanged by the split of rules.py into modules
    own = [code for code, entry in RULES.items() if entry.kind != "custom"]
    assert own == [
        "TT230", "TT211", "TT213", "TT214", "TT217", "TT218", "TT219", "TT222", "TT231",
        "TT232", "TT233", "TT234", "TT235", "TT236", *(f"TT3{n:02d}" for n in range(1, 17)),
        # the proofreading rules (rules.proofread, rules.odd_one_out) after the others
        "TT331", "TT335", "TT332", "TT250", "TT251", "TT252", "TT333", "TT334",
    ]


def test_clean_cable_is_validated_without_rendering_its_text() -> None:
    cable = teletype.parse(EMBASSY.read_text(encoding="utf-8"))
    ctx = Context(cable)
    for entry in RULES.values():
        assert list(entry.check(ctx)) == [], entry.code
    assert "text" not in vars(ctx) and "index" not in vars(ctx)
    assert ctx.text == cable.render()  # rendered on first use


def test_header_facts_are_named() -> None:
    ctx = context("RR RUEHC\nDE RUEHC #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n"
                  "TO RUEHPE/AMEMBASSY LIMA IMMEDIATE 6315\nINFO AMEMBASSY QUITO 0001\n")
    facts = ctx.filing_facts
    assert isinstance(facts, FilingFacts)
    assert facts.filing.raw == "1480246" and facts.consistent
    assert facts.dtg == datetime(1989, 5, 28, 2, 45, tzinfo=timezone.utc)
    assert facts.filed == datetime(1989, 5, 28, 2, 46, tzinfo=timezone.utc)
    assert ctx.filing is facts.filing
    assert [(a.keyword, a.address.name) for a in ctx.addressees] == [
        ("TO", "AMEMBASSY LIMA"), ("INFO", "AMEMBASSY QUITO")]
    assert [keyword for keyword, _address in ctx.addresses()] == ["TO", "INFO"]
    highest = ctx.highest_precedence
    assert isinstance(highest, HighestPrecedence)
    assert (highest.rank, highest.letter) == (3, "O")
    assert highest.where == ("FL5 O at 3:1", "TO AMEMBASSY LIMA IMMEDIATE")


def test_filing_facts_need_a_checkable_filing_time() -> None:
    assert context("DE RUEHC #0194 1480246\n").filing_facts is None  # no DTG
    assert context("DE RUEHC #0194 3660246\nO 310245Z DEC 89\n").filing_facts is None  # TT232
    late = context("DE RUEHC #0194 1490346\nO 280245Z MAY 89\n").filing_facts
    assert late is not None and not late.consistent  # next day, after the filing delay


def test_text_facts_are_named() -> None:
    ctx = context("BT\nCONFIDENTIAL STATE 170194\nE.O. 12356: DECL: OADR\n"
                  "SUBJECT: (U) A SUBJECT\n1. (S) TEXT.\n2. (C) MORE.\n")
    marking = ctx.classification
    assert isinstance(marking, Marking) and marking.level == "CONFIDENTIAL"
    level, qualifier, span = marking  # still a tuple for custom rules
    assert (level, qualifier) == ("CONFIDENTIAL", None)
    assert ctx.classification_mark is not None and ctx.classification_mark.span == span
    marks = ctx.portion_marks
    assert all(isinstance(m, PortionMarkAt) for m in marks)
    assert [m.mark for m in marks] == ["U", "S", "C"]
    text = ctx.cable.render()
    assert [text[m.start:m.end] for m in marks] == ["(U)", "(S)", "(C)"]
    assert [eo.order for eo in ctx.eo_lines] == ["12356"]


def test_eo_citation_after_classified_by_is_no_eo_line() -> None:
    ctx = context("BT\nCONFIDENTIAL STATE 170194\nSIPDIS   E.O. 12958: DECL: 01/19/2016\n")
    assert [eo.order for eo in ctx.eo_lines] == ["12958"]  # mid-line after a caption
    ctx = context("BT\nCONFIDENTIAL STATE 170194\n"
                  "DEPT FOR EUR, CLASSIFIED BY X E.O. 12958: DECL: 01/19/2016\n")
    assert ctx.cable.text is not None
    assert any(type(n).__name__ == "EoLine" for n in ctx.cable.text.lines)
    assert ctx.eo_lines == ()  # the look back on its line finds "Classified by"
    assert "text" not in vars(ctx)  # read from the node before it, not the rendered text


def test_facts_are_computed_once() -> None:
    ctx = context("BT\nSECRET STATE 170194\n1. (S) TEXT.\n")
    assert ctx.portion_marks is ctx.portion_marks
    assert ctx.classification is ctx.classification
    assert ctx.addressees is ctx.addressees
