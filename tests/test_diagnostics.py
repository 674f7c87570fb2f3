"""The diagnostic catalog and its generated documentation."""

from __future__ import annotations

import dataclasses
import re
import sys

from conftest import ROOT

import teletype
from teletype.diagnostics import CATALOG, Diagnostic, Fix, RelatedLocation, Severity
from teletype.source import LineIndex

sys.path.insert(0, str(ROOT / "scripts"))
import gen_docs  # noqa: E402


def test_docs_page_is_current() -> None:
    assert gen_docs.DOC.read_text(encoding="utf-8") == gen_docs.render(), \
        "docs/diagnostics.md is stale: run scripts/gen_docs.py"


def test_rules_page_is_current() -> None:
    assert gen_docs.RULES_DOC.read_text(encoding="utf-8") == gen_docs.render_rules(), \
        "docs/rules.md is stale: run scripts/gen_docs.py"
    assert gen_docs.main(["--check"]) == 0


def test_rules_page_documents_every_code() -> None:
    page = gen_docs.render_rules()
    for code, rule in CATALOG.items():
        assert f"## {code} {rule.name}" in page
        if rule.example_fail:
            assert rule.example_fail.rstrip("\n") in page
        if rule.source:
            assert f"Source: {rule.source}" in page


def test_catalog_codes_and_names_are_well_formed() -> None:
    names = set()
    for code, rule in CATALOG.items():
        assert re.fullmatch(r"TT\d{3}", code) and rule.code == code
        assert re.fullmatch(r"[a-z0-9-]+", rule.name) and rule.name not in names
        names.add(rule.name)
        assert isinstance(rule.severity, Severity) and rule.title and rule.description


def test_examples_in_the_catalog_behave_as_documented() -> None:
    for code in ("TT201", "TT401", "TT101"):
        rule = CATALOG[code]
        failing = teletype.parse(rule.example_fail + "\n")
        passing = teletype.parse(rule.example_pass + "\n")
        assert code in {d.code for d in failing.diagnostics}, code
        assert code not in {d.code for d in passing.diagnostics}, code


def test_diagnostics_are_in_position_order() -> None:
    cable = teletype.parse("O 31O245Z APR 89\nFM  \nO 320245Z APR 89\n")
    starts = [d.span.start for d in cable.diagnostics if d.span]
    assert starts == sorted(starts) and len(starts) >= 3


def test_a_diagnostic_moved_to_a_span_keeps_every_other_field() -> None:
    """``Diagnostic.at`` is ``dataclasses.replace(d, span=...)``: with every field set to
    something other than its default, a field added to the class and left out of ``at``
    shows here."""
    index = LineIndex("REF: STATE 12345\nmore\n")
    where, other = index.span(5, 10), index.span(17, 21)
    full = Diagnostic("TT602", Severity.INFO, "no year", where, "a hint", "STATE 12345",
                      (Fix(where, "x", "replace"),), (RelatedLocation(other, "the DTG"),))
    assert {f.name for f in dataclasses.fields(Diagnostic)} == {
        "code", "severity", "message", "span", "hint", "suggestion", "fixes", "related"}
    assert full.at(other) == dataclasses.replace(full, span=other)
    assert full.at(None) == dataclasses.replace(full, span=None)
