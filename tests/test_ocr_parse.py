"""The OCR confusion model in the parser (issue 13): OCR'd DTG lines read by the grammar,
fields read from their other sources with the source named, subjects that end where they
end, ZEN/ addressees, CITE never the MRN. Every repair is a diagnostic with a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

import teletype
from teletype import ocr

ROOT = Path(__file__).resolve().parent.parent


def codes(cable: teletype.Cable) -> list[tuple[str, str | None]]:
    return [(d.code, d.suggestion) for d in cable.diagnostics]


@pytest.mark.parametrize(("line", "dtg", "suggestions"), [
    ("O 280917Z. JAN 95", "1995-01-28T09:17:00Z", ["280917Z"]),          # stray period
    ("0 P 091928Z JUL 94", "1994-07-09T19:28:00Z", ["O"]),                # precedence O as 0
    ("P 2OO8O7Z DEC O6", "2006-12-20T08:07:00Z", ["200807Z", "06"]),      # letters for digits
    ("P 0205352 APR 07", "2007-04-02T05:35:00Z", ["020535Z"]),            # zone Z read as 2
    ("P 061539Z 5EP 06", "2006-09-06T15:39:00Z", ["SEP"]),                # OCR'd month
    ("O 2018O8Z MAY 0B", "2008-05-20T18:08:00Z", ["201808Z", "08"]),
])
def test_ocr_damaged_dtg_line_is_read_by_the_grammar(line: str, dtg: str,
                                                     suggestions: list[str]) -> None:
    cable = teletype.parse(f"{line}\nFM AMEMBASSY ROME\nTO SECSTATE WASHDC\n")
    record = cable.record()
    assert record["dtg"] == dtg
    assert record["date"] == dtg[:10] and record["date_source"] == "dtg"
    assert record["from"] == "AMEMBASSY ROME"  # the line after it is not swallowed
    assert [s for c, s in codes(cable) if c == "TT401"] == suggestions
    assert cable.render() == f"{line}\nFM AMEMBASSY ROME\nTO SECSTATE WASHDC\n"


def test_precedence_zero_decodes_as_immediate() -> None:
    record = teletype.parse("0 091928Z JUL 94\nFM AMEMBASSY ROME\n").record()
    assert record["precedence"] == "IMMEDIATE"


GARBLED = """O 072120Z DEC 95
FM AMEMBASSY BUDAPEST
TO SECSTATE WASHDC IMMEDIATE 9248
AMEMBASSY ZAGREB
CONFIDDNTIALBUDAPEST 010579
E.O. 12958: DECL: 12/07/05
TAGS: OSCE, PREL
SUBJECT: SWISS CONSIDER CANDIDATES
1. TEXT.
"""


def test_garbled_mrn_line_is_the_mrn_not_an_addressee() -> None:
    cable = teletype.parse(GARBLED)
    record = cable.record()
    assert record["mrn"] == "BUDAPEST 010579" and record["mrn_source"] == "mrn line"
    assert record["classification"] == "CONFIDENTIAL"
    assert record["reference_id"] == "95BUDAPEST10579"
    assert record["to"] == ["SECSTATE WASHDC", "AMEMBASSY ZAGREB"]
    assert ("TT401", "CONFIDENTIAL BUDAPEST 010579") in codes(cable)
    assert cable.render() == GARBLED


def test_damaged_section_count_is_never_the_office() -> None:
    text = "P 011200Z MAY 08\nFM AMEMBASSY PARIS\nTO SECSTATE WASHDC\n" \
           "C O N F I D E N T I A L SECT1ON 0I OF 0Z PARIS 001991\nSUBJECT: X\n"
    cable = teletype.parse(text)
    record = cable.record()
    assert record["mrn"] == "PARIS 001991" and record["section"] == [1, 2]
    assert ("TT401", "SECTION 01 OF 02") in codes(cable)


def test_mrn_and_date_from_the_page_header() -> None:
    cable = teletype.parse("PAGE 01 PORT A 07938 082303Z OCT 94\nSUBJECT: X\n1. TEXT\n")
    record = cable.record()
    assert (record["mrn"], record["mrn_source"]) == ("PORT AU PRINCE 07938", "page")
    assert (record["date"], record["date_source"]) == ("1994-10-08", "page header")
    assert record["dtg"] is None  # dtg stays the DTG as written: there is none
    assert [c for c, _ in codes(cable)] == ["TT404", "TT404"]


def test_no_year_is_guessed() -> None:
    record = teletype.parse("PAGE 02 STATE 123456\nSUBJECT: X\n1. TEXT\n").record()
    assert record["mrn"] == "STATE 123456"
    assert record["date"] is None and record["reference_id"] is None


def test_mrn_from_fm_office_and_de_line_ssn() -> None:
    text = ("RR RUEHWEB\nDE RUEHSW #0881 2541527\nZNY CCCCC ZZH\nR 111527Z SEP 07\n"
            "FM AMEMBASSY BERN\nTO RUEHC/SECSTATE WASHDC 4271\nBT\nC O N F I D E N T I A L\n"
            "SUBJECT: X\n")
    cable = teletype.parse(text)
    record = cable.record()
    assert (record["mrn"], record["mrn_source"]) == ("BERN 881", "de line")
    assert record["reference_id"] == "07BERN881"
    assert "TT404" in [c for c, _ in codes(cable)]


def test_drafting_form_date() -> None:
    text = ("OUTGOING TELEGRAM\nDEPARTMENT OF STATE\nEUR/RPM:RSIMMONS:RFS\n"
            "11/15/96 72189 SERPM 3142\nD:STALBOTT\nIMMEDIATE MOSCOW\n"
            "SUBJECT: DEPUTY SECRETARY MEETING\n1. TEXT\n")
    record = teletype.parse(text).record()
    assert (record["date"], record["date_source"]) == ("1996-11-15", "drafted")
    assert record["dtg"] is None and record["reference_id"] is None


@pytest.mark.parametrize(("front", "subject"), [
    ("SUBJECT: A MEETING WITH\nRS PM DODIK\n(U) CLASSIFIED BY AMBASSADOR X, REASON 1.5(B)\n",
     "A MEETING WITH RS PM DODIK"),
    ("SUBJECT: TALBOTT MEETING WITH COAS\nSECTION 01 OF 02 WHITEHOUSE 61658\n",
     "TALBOTT MEETING WITH COAS"),
    ("SUBJ: AMENDMENT\nPASS TO OFFICE CODES:\nFM CNO WASHINGTON DC//N1//\n", "AMENDMENT"),
    ("SUBJECT. -tei- THE DEPUTY SECRETARY'S CALL\n", "THE DEPUTY SECRETARY'S CALL"),
    ("SUBJECT: OFFICIAL-INFORMAL DEC LASS IFI ED\n", "OFFICIAL-INFORMAL"),
    ("SUBJ/PROMOTIONS TO THE PERMANENT OR\n/TEMPORARY GRADES//\n",
     "PROMOTIONS TO THE PERMANENT OR TEMPORARY GRADES"),
    ("SUBJECT: AUDIENCE WITH SHAH APRIL 5 ...\n", "AUDIENCE WITH SHAH APRIL 5 ..."),
    ("SUBJECT: OFFICIAL-INFORMAL FOR D STAFF ONLY\nMEMCON: DEPUTY SECRETARY'S MEETING\n",
     "OFFICIAL-INFORMAL FOR D STAFF ONLY"),
])
def test_subject_ends_where_it_ends(front: str, subject: str) -> None:
    text = "UNCLASSIFIED\n" + front + "\n1. TEXT.\n"
    cable = teletype.parse(text)
    assert cable.record()["subject"] == subject
    assert cable.render() == text


def test_long_subject_warns() -> None:
    text = "UNCLASSIFIED\nSUBJECT: " + "\n".join(["WORDS OF A SUBJECT THAT RUNS ON"] * 12) + \
        "\n\n1. TEXT.\n"
    assert "TT405" in [c for c, _ in codes(teletype.parse(text))]


def test_zen_is_dropped_from_the_record_and_kept_on_the_node() -> None:
    cable = teletype.parse("O 121212Z MAR 95\nFM SECSTATE WASHDC\nTO ZEN/AMEMBASSY LIMA\n"
                           "RUEHBO/AMEMBASSY BOGOTA\nBT\n")
    assert cable.record()["to"] == ["AMEMBASSY LIMA", "AMEMBASSY BOGOTA"]
    assert cable.header is not None
    assert [a.zen for a in cable.header.to] == [True, False]
    assert cable.header.to[0].raw.startswith("ZEN/")


def test_office_symbol_is_not_part_of_the_originator() -> None:
    cable = teletype.parse("R 241819Z MAY 05\nFM CNO WASHINGTON DC//N1//\nTO NAVADMIN\n"
                           "INFO CNO WASHINGTON DC//N1//\nBT\nUNCLAS\n")
    record = cable.record()
    assert record["from"] == "CNO WASHINGTON DC"
    assert record["info"] == ["CNO WASHINGTON DC//N1//"]  # an addressee's office is kept
    assert cable.header is not None and cable.header.from_ is not None
    assert cable.header.from_.address.name == "CNO WASHINGTON DC//N1//"


def test_cite_is_station_and_serial_not_the_mrn() -> None:
    record = teletype.parse("SECRET 120758Z SEP 96 STAFF\nCITE TOKYO 30260\n"
                            "SUBJECT: X\n").record()
    assert record["mrn"] is None and record["reference_id"] is None
    assert (record["date"], record["date_source"]) == ("1996-09-12", "dtg")


@pytest.mark.parametrize(("line", "kind", "number"), [
    ("MHFNO: 94-8695408 SENSIND: RYBAT PAGE:", "mhfno", "94-8695408"),
    ("MHENO \\ 98-1333007 SENSIND: RYBAT", "mhfno", "98-1333007"),       # OCR'd labels
    ("CMHENO: 98-0748996 PAGE: :", "mhfno", "98-0748996"),
    ("{ MHPNO \\_96-5367593 SENSTND PAGE: 2", "mhfno", "96-5367593"),
    ("(* FNO? 95-1374342 SENS IND? RYSATS PAGE 2", "mhfno", "95-1374342"),
    ("96 5367593 ASP", "registry line", "96-5367593"),
    ("93 4593421 ASP . PAGE 001 IN 4593421", "registry line", "93-4593421"),
    ("COUNTRY SOUTH VIETNAM REPORT NO. TOCSDB-3/654,285", "tdcs", "TDCSDB-3/654,285"),
])
def test_cia_registry_number(line: str, kind: str, number: str) -> None:
    read = ocr.registry_number(line)
    assert read is not None and (read.kind, read.text) == (kind, number)
    assert bool(read.repairs) == (kind == "tdcs")


@pytest.mark.parametrize("line", ["CITE TOKYO 30260", "REF: DIRECTOR 633349 96 3117723",
                                  "TOR: 120802Z SEP 96 TOKY 30260", "12 3456789 1234",
                                  "MOSCOW 62226 93 4516923", "PAGE 001 IN 5367593"])
def test_no_cia_registry_number(line: str) -> None:
    assert ocr.registry_number(line) is None


def test_cia_print_mrn_is_its_registry_number() -> None:
    record = teletype.parse("SECRET 120758Z SEP 96 STAFF\n96 5367593 ASP\nCITE TOKYO 30260\n"
                            "SUBJECT: X\n").record()
    assert (record["mrn"], record["mrn_source"]) == ("96-5367593", "registry line")
    assert record["reference_id"] is None and record["from"] == "TOKYO"


@pytest.mark.parametrize(("lines", "sender"), [
    # an outgoing cable: the station of its TOT line (the FROM box names a desk)
    ("TOT: 131946Z SEP 96 DIRECTOR 941533\nSTAFF 131953Z DIRECTOR 941533\n"
     "FROM: LIMIT EA/3 INFO DC/EA\n", "DIRECTOR"),
    # a 1960s message form's FROM box, OCR'd
    ("; FROM, 2 MEXICO CITY _ at o .\nSECRET\n", "MEXICO CITY"),
    ("FROM: DIRECTOR\nSECRET\n", "DIRECTOR"),
    ("FROM: LIMITED DISSEM CE/EXO\nSECRET\n", None),
])
def test_cia_sender_without_cite(lines: str, sender: str | None) -> None:
    text = "CLASSIFIED MESSAGE\n" + lines + "\n1. TEXT.\n"
    cable = teletype.parse(text)
    assert cable.record()["layout"] == "cia"
    assert cable.record()["from"] == sender


def test_cia_dtg_line_with_a_classification_cut_short() -> None:
    cable = teletype.parse("SECRE 081247Z FEB 96 STAFF\nCITE COPENHAGEN 12345\n")
    assert cable.record()["classification"] == "SECRET"
    assert ("TT401", "SECRET") in codes(cable)


def test_a_field_label_is_no_mrn_office() -> None:
    text = "SECRET\n\nSUBJECT: PLAN\n\nINFO. 22329\nPLACE SAIGON\n"  # DATE OF / INFO. box
    assert teletype.parse(text).record()["mrn"] is None


def test_ocr_package_modules_stay_small() -> None:
    for path in (ROOT / "src" / "teletype" / "ocr").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 700, path.name


def test_cite_station_is_the_sender_without_fm() -> None:
    record = teletype.parse("SECRET 120758Z SEP 96 STAFF\nCITE MEXICO CITY 53620\n").record()
    assert record["from"] == "MEXICO CITY"


def test_report_distribution_date() -> None:
    text = "SECRET\nCOUNTRY SOUTH VIETNAM\nSUBJECT: INDICATIONS\nDATE DISTR. 28 APRIL 1963\n"
    record = teletype.parse(text).record()
    assert (record["date"], record["date_source"]) == ("1963-04-28", "distr")


def test_classification_from_a_garbled_banner_never_from_the_release_marking() -> None:
    text = "CONrIDENTIAL PTP0372\nSUBJECT: X\n\n1. TEXT.\n"
    cable = teletype.parse(text)
    assert cable.record()["classification"] == "CONFIDENTIAL"
    assert ("TT401", "CONFIDENTIAL PTP0372") in codes(cable)
    plain = teletype.parse("UNCLASSIFIED U.S. Department of State Case No. F-2017\n"
                           "SUBJECT: X\n\n1. TEXT.\n")
    assert plain.record()["classification"] is None


def test_drafting_form_layout() -> None:
    text = ("OUTGOING TELEGRAM\nEUR/RPM:RSIMMONS:RFS\n11/15/96 72189 SERPM 3142\n"
            "SUBJECT: X\n1. TEXT\n")
    assert teletype.parse(text).layout == "drafting"


def test_poems_receipt_line_gives_the_date() -> None:
    text = "SUBJECT: X\n140300L MAR 00 EAS (TOTAL COPIES:012)\n\n1. TEXT.\n"
    record = teletype.parse(text).record()
    assert (record["date"], record["date_source"]) == ("2000-03-14", "tor")
