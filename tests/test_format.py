"""teletype.format: the canonical (lossy) layout, against render (lossless)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, needs_shared, shared_corpus_files

import teletype
from teletype.format import WIDTH, format_dtg, wrap

# the decoded fields format() must keep (layout is normalised on purpose)
KEPT = [
    "transmission_id", "precedence", "dtg", "originator_ri", "ssn", "filed", "security",
    "from", "to", "info", "classification", "captions", "mrn", "section", "eo",
    "declassify", "tags", "subject", "references", "classified_by", "signature",
    "reference_id",
]
OWN = sorted(CORPUS.rglob("*.txt"))

HEADER = """\
VZCZCXRO0379
PP RUEHTRO RUEHC
DE RUEHC  #0284/01   0041825
ZNY  CCCCC ZZH
P   R  041820Z  JAN   10
FM SECSTATE WASHDC
TO RUEHTRO/AMEMBASSY TRIPOLI  PRIORITY   1742
INFO RUEHC/SECSTATE WASHDC
BT
C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284
"""


def _record(text: str) -> dict[str, object]:
    record = teletype.parse(text).record()
    return {k: record[k] for k in KEPT}


@pytest.mark.parametrize("path", OWN, ids=[p.relative_to(CORPUS).as_posix() for p in OWN])
def test_format_keeps_the_decoded_fields_of_the_corpus(path: Path) -> None:
    cable = teletype.parse_file(path)
    formatted = teletype.format(cable)
    again = teletype.parse(formatted)
    original = cable.record()
    assert {k: again.record()[k] for k in KEPT} == {k: original[k] for k in KEPT}
    assert teletype.format(again) == formatted  # idempotent
    if path.parent.name == "valid":
        assert again.errors == 0


def test_format_normalises_spacing_and_keeps_values() -> None:
    formatted = teletype.format(teletype.parse(HEADER))
    assert formatted.splitlines()[:10] == [
        "VZCZCXRO0379",
        "PP RUEHTRO RUEHC",
        "DE RUEHC #0284/01 0041825",
        "ZNY CCCCC ZZH",
        "P R 041820Z JAN 10",
        "FM SECSTATE WASHDC",
        "TO RUEHTRO/AMEMBASSY TRIPOLI PRIORITY 1742",
        "INFO RUEHC/SECSTATE WASHDC",
        "BT",
        "C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284",
    ]
    assert formatted.endswith("BT\n#0284\nNNNN\n")
    assert _record(formatted) == _record(HEADER)


def test_format_is_lossy_and_render_is_not() -> None:
    text = ("PAGE 01 STATE 000284 041830Z\nTOR: 041835Z JAN 10\n" + HEADER
            + "\n1. (C) TEXT.\n\nCLINTON\n")
    cable = teletype.parse(text)
    assert teletype.render(cable) == text
    formatted = teletype.format(cable)
    assert "PAGE 01" not in formatted and "TOR:" not in formatted
    assert formatted != text
    assert _record(formatted) == _record(text)


def test_routing_indicators_wrap_at_69_columns() -> None:
    ris = [f"RUEH{a}{b}" for a in "ABCDEFGH" for b in "AB"]
    text = "OO " + " ".join(ris) + "\nDE RUEHC #0001 0010001\nO 010001Z JAN 09\n"
    cable = teletype.parse(text)
    lines = teletype.format(cable).splitlines()
    routing = [line for line in lines if line.startswith(("OO ", "RUEH"))]
    assert len(routing) > 1 and all(len(line) <= WIDTH for line in routing)
    again = teletype.parse(teletype.format(cable))
    assert again.header is not None
    assert [ri.code for ri in again.header.routing[0].indicators] == ris


def test_one_addressee_per_line_with_ri_when_known() -> None:
    text = ("R 010101Z JAN 05\nFM AMEMBASSY OSLO\nTO RUEHC/SECSTATE WASHDC 0001 "
            "\nINFO AMEMBASSY LONDON\nRUEHCP/AMEMBASSY COPENHAGEN\n")
    lines = teletype.format(teletype.parse(text)).splitlines()
    assert lines[2:5] == ["TO RUEHC/SECSTATE WASHDC 0001", "INFO AMEMBASSY LONDON",
                          "RUEHCP/AMEMBASSY COPENHAGEN"]


def test_front_matter_one_field_per_line() -> None:
    text = ("UNCLAS STATE 000123\nE.O. 12958:N/A TAGS: PREL,EFIS SUBJECT: FISHERIES "
            "TALKS\n\n1. TEXT.\n\nBAKER\n")
    formatted = teletype.format(teletype.parse(text))
    assert formatted == ("UNCLAS STATE 000123\n\nE.O. 12958: N/A\nTAGS: PREL, EFIS\n"
                         "SUBJECT: FISHERIES TALKS\n\n1. TEXT.\n\nBAKER\n")


def test_page_split_paragraph_is_joined_again() -> None:
    text = ("UNCLAS STATE 000123\n\n1. FIRST HALF OF A PARAGRAPH\n"
            "PAGE 02 STATE 000123 010203Z\nSECOND HALF.\n\nBAKER\n")
    formatted = teletype.format(teletype.parse(text))
    assert "FIRST HALF OF A PARAGRAPH\nSECOND HALF." in formatted


def test_format_dtg_keeps_the_year_width() -> None:
    cable = teletype.parse("R 281848Z DEC 1966\nFM AMEMBASSY BUENOS AIRES\n")
    assert cable.header is not None and cable.header.dtg is not None
    assert format_dtg(cable.header.dtg.dtg) == "281848Z DEC 1966"


def test_wrap_keeps_continuations_from_reading_as_fields() -> None:
    lines = wrap("SUBJECT:", ["WORD"] * 14 + ["REF", "TO", "PARIS"], width=69)
    assert all(not line.startswith("REF") for line in lines[1:])


def test_empty_and_unparsed_text() -> None:
    assert teletype.format(teletype.parse("")) == ""
    assert isinstance(teletype.format(teletype.parse("\x00\x01 garbage \n\n")), str)


def test_format_is_exported_and_documented() -> None:
    assert "format" in teletype.__all__
    assert "lossy" in (teletype.format.__doc__ or "").lower()
    assert "lossless" in (teletype.render.__doc__ or "")


@needs_shared
def test_format_keeps_header_fields_over_the_shared_corpus() -> None:
    """For every real cable: format() does not raise and the re-parsed copy keeps the
    header and front-matter fields (classification excepted: an OCR-broken marking such
    as `SECRE` is not a marking in the canonical layout)."""
    keys = [k for k in KEPT if k != "classification"]
    differ = []
    for path in shared_corpus_files():
        cable = teletype.parse_file(path)
        again = teletype.parse(teletype.format(cable))
        a, b = cable.record(), again.record()
        differ += [(path.name, k, a[k], b[k]) for k in keys if a[k] != b[k]]
    assert differ == []


def test_subject_followed_by_trailer() -> None:
    record = teletype.parse("UNCLAS STATE 001234\nSUBJECT: FOO BAR\nBT\n#1234\nNNNN\n").record()
    assert record["subject"] == "FOO BAR"


def test_stamp_after_subject_is_a_stamp() -> None:
    """Regression: a stamp line after SUBJECT was read as its continuation, with the
    pre-pass stamp mark U+E000 in the value (fixed in aa55513)."""
    text = ("UNCLAS STATE 000123\nSUBJECT: FOO\nDeclassified/Released US Department of "
            "State EO Systematic Review 30 JUN 2005\n\n1. TEXT.\n")
    cable = teletype.parse(text)
    assert cable.record()["subject"] == "FOO"
    assert any(isinstance(node, teletype.nodes.ReleaseStamp) for node in cable.nodes)


def test_import_teletype_does_not_import_hypothesis() -> None:
    """hypothesis stays optional: only `teletype.strategies` needs it."""
    code = ("import sys, teletype; "
            "print('hypothesis' in sys.modules, 'teletype.strategies' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]
