"""The parse API: the seed cable decodes exactly; nothing is lost; nothing raises."""

from __future__ import annotations

from pathlib import Path

import pytest

import teletype
from teletype import nodes as n
from teletype.record import RECORD_KEYS

SEED_RECORD = {
    "precedence": "IMMEDIATE",
    "dtg": "1989-05-28T02:45:00Z",
    "originator_ri": "RUEHC",
    "ssn": "0194",
    "filed": "1989-05-28T02:46:00Z",
    "security": "SECRET",
    "from": "SECSTATE WASHDC",
    "to": ["AMEMBASSY LIMA"],
    "mrn": "STATE 170194",
    "eo": "12356",
    "declassify": "OADR",
    "tags": ["SNAR", "PTER", "MASS", "ASEC", "PE"],
    "subject": "NSC REVIEW OF COUNTER-NARCOTICS OPERATIONS IN PERU",
    "signature": "KIMMITT",
    "reference_id": "89STATE170194",
    "classification": "SECRET",
}


def test_seed_cable_record(seed_path: Path) -> None:
    cable = teletype.parse_file(seed_path)
    record = cable.record()
    for key, value in SEED_RECORD.items():
        assert record[key] == value, key
    assert record["layout"] == "acp127"
    assert cable.errors == 0


def test_seed_cable_has_one_relay_envelope(seed_path: Path) -> None:
    cable = teletype.parse_file(seed_path)
    (envelope,) = cable.envelopes
    assert [ri.code for ri in envelope.routing[0].indicators] == ["RUEAIIB"]
    assert envelope.security is not None and envelope.security.group.code == "SSSSS"
    assert cable.header is not None
    assert [ri.code for ri in cable.header.routing[0].indicators] == ["RUEHC", "RUEHPE"]


def test_seed_cable_round_trips(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    assert teletype.render(teletype.parse(text)) == text


def test_record_has_exactly_the_documented_keys() -> None:
    record = teletype.parse("").record()
    assert tuple(record) == RECORD_KEYS
    assert record["to"] == [] and record["dtg"] is None


@pytest.mark.parametrize("text", ["", "\n", "   ", "NNNN", "BT", "\r\n\r\n", "\x00\x01",
                                  "TO\n", "DE\n", "FM", "O 999999Z XXX 99\n", "¶" * 50])
def test_odd_inputs_never_raise_and_round_trip(text: str) -> None:
    cable = teletype.parse(text)
    assert cable.render() == text
    cable.record()


def test_garbage_line_becomes_unparsed_and_the_rest_still_parses() -> None:
    text = ("OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nZNY SSSSS ZZH\n"
            "O 280245Z MAY 89\nFM  \nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\nBT\n")
    cable = teletype.parse(text)
    assert cable.render() == text
    assert cable.record()["to"] == ["AMEMBASSY LIMA"]
    unparsed = [x for x in cable.nodes if isinstance(x, n.Unparsed)]
    assert unparsed and all(d.span is not None for d in cable.diagnostics)


def test_spans_tile_the_input() -> None:
    text = "\n\nVZCZCXRO0379\nPP RUEHTRO\nDE RUEHC #0284/01 0041825\n\nBT\nUNCLAS\nfoo\n"
    cable = teletype.parse(text)
    pos = 0
    for node in cable.nodes:
        assert node.span.start == pos
        assert text[node.span.start:node.span.end] == node.raw
        pos = node.span.end
    assert pos == len(text)


def test_crlf_and_latin1_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("UNCLAS STATE 000001\r\n\r\n\xb61. TEXT.\r\n".encode("latin-1"))
    cable = teletype.parse_file(path)
    assert cable.encoding == "cp1252"
    assert [d.code for d in cable.diagnostics] == ["TT001"]
    assert cable.render() == path.read_bytes().decode("cp1252")


def test_size_limit_keeps_the_rest_unparsed() -> None:
    text = "UNCLAS STATE 000001\n" + "1. TEXT.\n" * 100
    cable = teletype.parse(text, max_chars=200)
    assert cable.render() == text
    assert "TT002" in {d.code for d in cable.diagnostics}


def test_a_repeated_header_does_not_add_addressees() -> None:
    """Printouts repeat the header before each section (with the section's own MCN); the
    record's addressees are those of the first header, each once."""
    header = ("P 141207Z MAR 00\nFM AMEMBASSY LUSAKA\nTO SECSTATE WASHDC PRIORITY {mcn}\n"
              "INFO AMEMBASSY HARARE\nAMEMBASSY LILONGWE\n\n")
    text = (header.format(mcn=4418) + "CONFIDENTIAL SECTION 01 OF 02 LUSAKA 000874\n\n"
            "1. (C) TEXT.\n\n" + header.format(mcn=4419)
            + "CONFIDENTIAL SECTION 02 OF 02 LUSAKA 000874\n\n2. (C) MORE TEXT.\n")
    cable = teletype.parse(text)
    record = cable.record()
    assert record["to"] == ["SECSTATE WASHDC"]
    assert record["info"] == ["AMEMBASSY HARARE", "AMEMBASSY LILONGWE"]
    assert cable.header is not None and [a.mcn for a in cable.header.to] == ["4418"]


HEADER = "O 041042Z APR 96\nFM AMEMBASSY BAKU\nTO SECSTATE WASHDC IMMEDIATE 0240\n"


@pytest.mark.parametrize("line, level, mrn, misspelt", [
    ("SECRETBAKU 000969", "SECRET", "BAKU 000969", False),
    ("CECRETSTATE 183623", "SECRET", "STATE 183623", True),
    ("CONFIDENTIALPORT AU PRINCE 07938", "CONFIDENTIAL", "PORT AU PRINCE 07938", False),
    ("CO.NFIDENTIALMUSCAT 001273", "CONFIDENTIAL", "MUSCAT 001273", True),
    ("C NFIDENTIALSTATE 033452", "CONFIDENTIAL", "STATE 033452", True),
    ("CONFIDENTIAT\u2022 SECTION 01 OF 02 CANBERRA 000649", "CONFIDENTIAL", "CANBERRA 000649",
     True),
    ("3ECRET STATE 170194", "SECRET", "STATE 170194", True),
])
def test_ocr_damaged_classification_line(line: str, level: str, mrn: str,
                                         misspelt: bool) -> None:
    """FOIA printouts strike the classification through before scanning: OCR reads it
    misspelt or glued to the MRN's office. The address list ends there, the level and the
    MRN are read, and a misspelling is a TT403 warning."""
    cable = teletype.parse(HEADER + line + "\nNODIS DECAPTIONED\n\n1. TEXT.\n")
    record = cable.record()
    assert record["to"] == ["SECSTATE WASHDC"]
    assert (record["classification"], record["mrn"]) == (level, mrn)
    assert record["captions"] == ["NODIS", "DECAPTIONED"]
    assert ("TT403" in [d.code for d in cable.diagnostics]) == misspelt


def test_secretary_is_not_a_glued_classification() -> None:
    cable = teletype.parse(HEADER + "SECRETARY 2000 VISIT\n\n1. TEXT.\n")
    assert cable.record()["classification"] is None


@pytest.mark.parametrize("line, name, mcn", [
    ("TO: ROUTINE DIRECTOR.", "DIRECTOR", None),
    ("TO SECSTATE WASHDC 4050 .", "SECSTATE WASHDC", "4050"),
    ("TO AMCONSUL ST PETERSBURG.", "AMCONSUL ST PETERSBURG", None),
    ("TO CIA WASHINGTON D.C.", "CIA WASHINGTON D.C.", None),
])
def test_the_period_ending_an_address_list_is_not_in_the_name(line: str, name: str,
                                                               mcn: str | None) -> None:
    cable = teletype.parse(f"R 010101Z JAN 05\nFM AMEMBASSY OSLO\n{line}\n")
    assert cable.header is not None
    assert [(a.name, a.mcn) for a in cable.header.to] == [(name, mcn)]
