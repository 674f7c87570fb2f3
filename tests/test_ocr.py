"""The position-aware OCR confusion model (teletype.ocr) on groups and lines taken from
the OCR'd corpus folders (foia-talbott-ocr, jfk-ocr-cia-cables) and Cablegate."""

from __future__ import annotations

import pytest

import teletype
from teletype import ocr
from teletype.ocr import Repair


def apply(raw: str, repairs: tuple[Repair, ...]) -> str:
    """The raw text with the repairs made (right to left, so offsets stay valid)."""
    out = raw
    for r in sorted(repairs, key=lambda r: r.offset, reverse=True):
        assert out[r.offset:r.offset + len(r.found)] == r.found, (raw, r)
        out = out[:r.offset] + r.replacement + out[r.offset + len(r.found):]
    return out


@pytest.mark.parametrize(("raw", "want"), [
    ("280917Z.", "280917Z"),      # C06694625: O 280917Z. JAN 95
    ("0613322", "061332Z"),       # jfk_doc_863: SECRET 0613322 MAR 98 (Z read as 2)
    ("161059%", "161059Z"),       # jfk_doc_868: SRE 161059% AUG 95
    ("1611532", "161153Z"),       # issue 13: SECRET 1611532 OCT 73 STAFF
    ("1613252", "161325Z"),       # issue 13: TOR$1613252 OCT 73
    ("28O245Z", "280245Z"),
    ("\u2018191610Z", "191610Z"),  # jfk_doc_873: s E CRED '191610Z NOV 93
])
def test_day_time(raw: str, want: str) -> None:
    fixed = ocr.day_time(raw)
    assert fixed.ok and fixed.text == want
    assert apply(raw, fixed.repairs) == want


def test_day_time_rejects_what_is_no_time() -> None:
    assert not ocr.day_time("320245Z").ok   # day 32
    assert not ocr.day_time("012460Z").ok   # minute 60
    assert not ocr.day_time("WASHDC").ok
    assert ocr.day_time("0820461,", zones="ZL").text == "082046L"  # C06694811 TOR line
    assert not ocr.day_time("0820461,").ok  # L is no Z


@pytest.mark.parametrize(("raw", "want"), [
    ("Ju1", "JUL"), ("N0V", "NOV"), ("0CT", "OCT"), ("5EP", "SEP"), ("JAN.", "JAN"),
    ("DECEM8ER", "DECEMBER"), ("DEC", "DEC"),
])
def test_month(raw: str, want: str) -> None:
    fixed = ocr.month(raw)
    assert fixed.ok and fixed.text == want
    assert apply(raw, fixed.repairs).upper() == want


def test_month_and_year_refuse_guesses() -> None:
    assert not ocr.month("Gcr").ok    # jfk_doc_144 16Gcr63: too damaged to be certain
    assert not ocr.month("MAYO").ok
    assert ocr.year("O8").text == "08" and ocr.year("0B").text == "08"
    assert ocr.year("9S").text == "95" and not ocr.year("9").ok


def test_precedence_and_zone() -> None:
    assert ocr.precedence("0").text == "O"       # C06695142: 0 P 091928Z JUL 94
    assert ocr.precedence("2").text == "Z"
    assert ocr.precedence("PIORITY").text == "PRIORITY"
    assert ocr.precedence("IMMMEDIATE").text == "IMMEDIATE"   # a doubled letter
    assert not ocr.precedence("X").ok
    assert [ocr.zone(c).text for c in "Z2$%"] == ["Z"] * 4
    assert not ocr.zone("A").ok


@pytest.mark.parametrize(("line", "prec", "when", "cls"), [
    ("O 280917Z. JAN 95", ("O",), ("280917Z", "JAN", "95"), None),          # C06694625
    ("0 P 091928Z JUL 94 ZFF6", ("O", "P"), ("091928Z", "JUL", "94"), None),  # C06695142
    ("0 071144Z MAR 97", ("O",), ("071144Z", "MAR", "97"), None),            # C06703444
    ("R 151023Z APR 95 ZDS", ("R",), ("151023Z", "APR", "95"), None),        # C06699525
    ("P R 221828 Z MAY 73", ("P", "R"), ("221828Z", "MAY", "73"), None),     # plusd 1973
    ("SECRET 0613322 MAR 98 STAFF", (), ("061332Z", "MAR", "98"), "SECRET"),  # jfk_doc_863
    ("SECRE 081247Z FEB 96 STAFF", (), ("081247Z", "FEB", "96"), "SECRET"),  # jfk_doc_17
    ("s E CRED \u2018191610Z NOV 93 STAFF", (), ("191610Z", "NOV", "93"), "SECRET"),
    ("O 28O245Z N0V 8O", ("O",), ("280245Z", "NOV", "80"), None),
])
def test_dtg_line(line: str, prec: tuple[str, ...], when: tuple[str, str, str],
                  cls: str | None) -> None:
    read = ocr.dtg_line(line)
    assert read is not None
    assert read.precedence == prec
    assert (read.day_time, read.month, read.year) == when
    assert read.classification == cls
    apply(line, read.repairs)  # every repair names what is at its offset


def test_dtg_line_needs_the_whole_group() -> None:
    assert ocr.dtg_line("THE MEETING ON 12 MAY 95") is None
    assert ocr.dtg_line("E.O. 12958: DECL: 02/24/10") is None


@pytest.mark.parametrize(("raw", "want"), [
    ("CONrIDDNTIAL", "CONFIDENTIAL"),   # issue 13
    ("CONIIDDNTIAL", "CONFIDENTIAL"),   # C06698131 banner
    ("CONCIDDNTIAL", "CONFIDENTIAL"),   # C06699525 banner
    ("C NPIDSNTIAL", "CONFIDENTIAL"),   # C06698131 banner
    ("COYFIPENTIAL", "CONFIDENTIAL"),   # C06698733
    ("CONVIDBNTIAL", "CONFIDENTIAL"),   # C06771168
    ("CONFIDENTIAT", "CONFIDENTIAL"),   # C06694624
    ("CECRET", "SECRET"),               # C06695654
    ("3ECRET", "SECRET"),               # C06694571
    ("EECRET", "SECRET"),               # C06698993
    ("SECRE", "SECRET"),                # jfk_doc_17
    ("SEtRES", "SECRET"),               # jfk_doc_862
    ("CC O N F I D E N T I A L", "CONFIDENTIAL"),  # doubled first letter, spaced
    ("SS E C R E T", "SECRET"),
    ("U N C L A S S I F I E D", "UNCLASSIFIED"),
    ("T O P S E C R E T", "TOP SECRET"),
    ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
])
def test_classification_words(raw: str, want: str) -> None:
    fixed = ocr.classification(raw)
    assert fixed.ok and fixed.text == want
    assert fixed.changed == (raw != want)


@pytest.mark.parametrize("raw", ["SECRETARY", "CONFERENCE", "SECTION", "SECTOR", "SACRED",
                                 "DECLASSIFIED", "RECLASSIFIED", "CLASSIFIED", "[DECLASSIFIED]",
                                 "DECREE", "CONFIRMED", "ZONFIDEAT"])
def test_classification_refuses_other_words(raw: str) -> None:
    assert not ocr.classification(raw).ok


@pytest.mark.parametrize(("raw", "want", "offset"), [
    ("_SEC4RT\u2014", "SECRET", 1),           # a struck-through marking on a release
    ("\u2014SEC-MT\u2014", "SECRET", 1),
    ("--CONFIDENTIAL--", "CONFIDENTIAL", None),
])
def test_struck_through_classification(raw: str, want: str, offset: int | None) -> None:
    fixed = ocr.classification(raw)
    assert fixed.ok and fixed.text == want
    assert [r.offset for r in fixed.repairs] == ([offset] if offset is not None else [])
    assert not ocr.classification("-SECRETARY-").ok
    assert not ocr.classification("\u2014DECLASSIFIED\u2014").ok


def test_classification_glued_to_what_follows() -> None:
    read = ocr.classification_prefix("CONFIDENTIALSTATE 033452")
    assert read is not None and read.level == "CONFIDENTIAL" and read.end == 12
    read = ocr.classification_prefix("sECRETCECTION 01 OF 03 PHNOM PENH 000393")
    assert read is not None and read.level == "SECRET" and read.end == 6
    assert ocr.classification_prefix("SECRETARY OF STATE") is None


@pytest.mark.parametrize(("raw", "want"), [
    ("SECTION 01 OF 0Z", "SECTION 01 OF 02"),   # issue 13: a damaged section count
    ("CECTION 01 OF 03", "SECTION 01 OF 03"),   # C06694625
    ("5ECTION 02 OF 02", "SECTION 02 OF 02"),
    ("SECTION OI 0F O3", "SECTION 01 OF 03"),
])
def test_section(raw: str, want: str) -> None:
    fixed = ocr.section(raw)
    assert fixed.ok and fixed.text == want
    assert apply(raw, fixed.repairs) == want


def test_section_count_must_make_sense() -> None:
    assert not ocr.section("SECTION 03 OF 02").ok


def test_de_line_groups() -> None:
    assert ocr.routing_indicator("RUEHK8").text == "RUEHKB"
    assert ocr.routing_indicator("RUEH8C").text == "RUEHBC"
    assert not ocr.routing_indicator("XYZ").ok
    fixed = ocr.ssn("#I835/OI")
    assert fixed.text == "#1835/01" and apply("#I835/OI", fixed.repairs) == "#1835/01"
    assert ocr.julian_time("354O8O7").text == "3540807"
    assert not ocr.julian_time("3990807").ok


def test_offices_against_known_posts() -> None:
    assert ocr.mrn_office("8AKU").text == "BAKU"
    assert ocr.mrn_office("PAR1S").text == "PARIS"
    assert ocr.mrn_office("NEW DELH1").text == "NEW DELHI"
    assert not ocr.mrn_office("SECTION").ok and not ocr.is_known_office("SECTION")
    assert not ocr.mrn_office("XYZZY").ok
    # page headers truncate the office to six characters
    assert ocr.expand_office("PORT A") == "PORT AU PRINCE"   # C06694811
    assert ocr.expand_office("BUDAPE") == "BUDAPEST"         # C06698131
    assert ocr.expand_office("ISLAMA") == "ISLAMABAD"        # C06695654
    assert ocr.expand_office("USUN N") == "USUN NEW YORK"    # C06814754
    assert ocr.expand_office("PORT L") == "PORT LOUIS"       # C06815170
    assert ocr.expand_office("SECTION") is None
    assert ocr.serial("OO1835").text == "001835"


@pytest.mark.parametrize(("line", "cls", "section", "mrn"), [
    ("CONFIDENTIALPORT AU PRINCE 07938", "CONFIDENTIAL", None, "PORT AU PRINCE 07938"),
    ("sECRETCECTION 01 OF 03 PHNOM PENH 000393", "SECRET", (1, 3), "PHNOM PENH 000393"),
    ("SECTION 01 OF 02 WHITEHOUSE 61658", None, (1, 2), "WHITEHOUSE 61658"),
    ("4-2-4-4F-41--T-STATE 080841", None, None, "STATE 080841"),
    ("CONFIDENTIAT\u2022 SECTION 01 OF 02 CANBERRA 000649", "CONFIDENTIAL", (1, 2),
     "CANBERRA 000649"),
    ("-T7TN-7-1-D-2-111-4.-&-A-L-SECTION 01 OF 02-USNATO-000086- - - ---", None, (1, 2),
     "USNATO 000086"),
    ("CECRETSTATE 183623", "SECRET", None, "STATE 183623"),
    ("-9-E-e-R-2-1 ISLAMABAD 003841", None, None, "ISLAMABAD 003841"),
    ("SECRETBAKU 000969", "SECRET", None, "BAKU 000969"),
    ("CONFIDDNTIALBUDAPEST 010579", "CONFIDENTIAL", None, "BUDAPEST 010579"),
    ("roNFIDEymTnT  KIEV 004942", None, None, "KIEV 004942"),
    ("STATE 245206", None, None, "STATE 245206"),
    ("S TATE 225831", None, None, "STATE 225831"),
    ("L V iv r i UnVI IAL STATE'225303", None, None, "STATE 225303"),
    ("ANKARA 004634", None, None, "ANKARA 004634"),
    ("--41-E--e\u2014R\u2014B\u2014T=PARIS 005260", None, None, "PARIS 005260"),
    ("CO.NFIDENTIALMUSCAT 001273", "CONFIDENTIAL", None, "MUSCAT 001273"),
    ("J1-0-11.1L...X.4-9r\u2014T\u2014PrZUSUN NEW YORK 002469", None, None,
     "USUN NEW YORK 002469"),
    ("C NFIDENTIALSTATE 033452", "CONFIDENTIAL", None, "STATE 033452"),
    ("LuNr IDEN T I A L STATE 231819", "CONFIDENTIAL", None, "STATE 231819"),
    ("C O N F I D E N T I A L SECTION 01 OF 03 BAKU 001835", "CONFIDENTIAL", (1, 3),
     "BAKU 001835"),
    ("CC O N F I D E N T I A L SECTION 01 OF 0Z PARIS 001835", "CONFIDENTIAL", (1, 2),
     "PARIS 001835"),
    ("LIMITED OFFICIAL USE STATE 097844", "LIMITED OFFICIAL USE", None, "STATE 097844"),
    ("C O N F I D E N T I A L ATHENS 3099", "CONFIDENTIAL", None, "ATHENS 3099"),
    ("SECRET 8AKU OOI835", "SECRET", None, "BAKU 001835"),
])
def test_mrn_line_by_its_shape(line: str, cls: str | None, section: tuple[int, int] | None,
                               mrn: str) -> None:
    read = ocr.mrn_line(line)
    assert read is not None
    assert (read.classification, read.section, read.mrn) == (cls, section, mrn)
    apply(line, read.repairs)


@pytest.mark.parametrize("line", [
    "SECRETARY STATE 1234",                  # prose before the office
    "THE MEETING WAS HELD IN PARIS 2005",
    "PAGE 01 PORT A 7938 082303Z OCT 94",    # a page header, not an MRN line
    "SECTION 02 OF 02 CANBER 649",           # truncated office: a page footer
    "CORRECTEDCOPY (TEXT)",
    "B79C83 040219Z /38",
    "RESTATE 1234",
])
def test_mrn_line_refuses_other_lines(line: str) -> None:
    assert ocr.mrn_line(line) is None


def test_repairs_report_offsets_within_the_group() -> None:
    fixed = ocr.day_time("28O245Z")
    assert fixed.repairs == (Repair(2, "O", "0"),)
    read = ocr.mrn_line("CONFIDENTIALPORT AU PRINCE 07938")
    assert read is not None and Repair(12, "", " ") in read.repairs  # glued: a space
    assert ocr.as_digits("WASHDC").ok is False and ocr.as_digits("WASHDC").text == "WASHDC"


@pytest.mark.parametrize("line", [
    "REF: STATE 157700",        # C06695142: a reference
    "CITE MINSK 17622",         # jfk_doc_863: CIA station and serial, not an MRN
    "B. ATHENS 2959",           # plusd 1974ATHENS03099: a lettered reference
    "INFO AMEMBASSY ROME",
])
def test_mrn_line_refuses_labelled_lines(line: str) -> None:
    assert ocr.mrn_line(line) is None


@pytest.mark.parametrize(("line", "kind", "mrn", "dtg"), [
    ("PAGE 01 PORT A 7938 082303Z OCT 94", "page", "PORT AU PRINCE 7938",
     ("082303Z", "OCT", "94")),                                          # C06694811
    ("PAGE 01 BUDAPE 10579 072120Z DEC 95", "page", "BUDAPEST 10579",
     ("072120Z", "DEC", "95")),                                          # C06698131
    ("PAGE 01 CANBER 00649 01 OF 02 070123Z", "page", "CANBERRA 00649",
     ("070123Z", None, None)),                                           # C06694624
    ("-PAGE 01 PORT L 00418 140?27Z", "page", "PORT LOUIS 00418",
     (None, None, None)),                                                # C06815170
    ("PAGE 01  ATHENS 02959  171944Z", "page", "ATHENS 02959",
     ("171944Z", None, None)),                                           # plusd 1974
    ("Wed Apr 6 17:03:05 1994 (WHITZHOUSE 61658] D COPY 1 OF 2 Page 1 OF 3", "banner",
     "WHITEHOUSE 61658", (None, None, None)),                            # C06694571
    ("Vied Sep 29 15:18:39 1999 [USUN N 2469] D COPY 9 OF 15 Page 1 OF 2", "banner",
     "USUN NEW YORK 2469", (None, None, None)),                          # C06814754
    ("Post: NEW DE MRN: 9622 Printed by: Soltis, Marjorie A. 12/4/00 10:15", "footer",
     "NEW DELHI 9622", (None, None, None)),                              # C06782434
    ("ost: MUSCAT MRN: 1273 Printed by: Soltis, Marjorie A.", "footer", "MUSCAT 1273",
     (None, None, None)),                                                # C06721084
    ("Heading: PORT L 418 IMMEDIATE", "heading", "PORT LOUIS 418",
     (None, None, None)),                                                # C06815170
])
def test_mrn_mentions_outside_the_mrn_line(line: str, kind: str, mrn: str,
                                           dtg: tuple[str | None, ...]) -> None:
    found = ocr.mrn_mention(line)
    assert found is not None
    assert (found.kind, found.mrn) == (kind, mrn)
    assert (found.day_time, found.month, found.year) == dtg


def test_mrn_mention_needs_an_office_and_serial() -> None:
    assert ocr.mrn_mention("PAGE 01") is None
    assert ocr.mrn_mention("THE PAGE 3 OF THE REPORT") is None


@pytest.mark.parametrize(("raw", "want"), [
    ("11/15/96", "11/15/96"),    # C06698993 drafter line
    ("01/03/96;", "01/03/96"),   # C06703727: 01/03/96; EXT. 71512
    ("O9/15/94", "09/15/94"),
])
def test_slash_date(raw: str, want: str) -> None:
    fixed = ocr.slash_date(raw)
    assert fixed.ok and fixed.text == want
    assert apply(raw, fixed.repairs) == want


def test_slash_date_rejects_what_is_no_date() -> None:
    assert not ocr.slash_date("13/15/96").ok
    assert not ocr.slash_date("9/ /94").ok      # C09000040's second drafting block
    assert not ocr.slash_date("1.4(B)").ok


def test_digits_of_other_scripts_are_no_digits() -> None:
    """Regression (fuzz): a superscript one passes str.isdigit but is no DTG digit; reading
    a page header's day-time with it raised ValueError inside the parse (TT000)."""
    assert not ocr.as_digits("28\u00b9545").ok
    text = "PAGE 01 STATE 170194 28\u00b9545Z MAY 89\nSUBJECT: X\n"
    cable = teletype.parse(text)
    assert not [d for d in cable.diagnostics if d.code == "TT000"]
    assert teletype.render(cable) == text
