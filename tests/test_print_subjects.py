"""Subjects of printouts end where they end (issue 13): each cause of a wrong subject seen in
OCR'd reading-room printouts, shown on a small synthetic text, with the case that must not
change next to it. The record's subject is read by decode/fields/subject.py."""

from __future__ import annotations

import pytest

import teletype
from teletype.decode import fields

HEAD = "O 280917Z JAN 95\nFM AMEMBASSY ROME\nTO SECSTATE WASHDC IMMEDIATE 0343\nBT\n" \
    "SECRET ROME 000393\nNODIS\nE.O. 12356: DECL:OADR\nTAGS: OVIP\n"


def subject_of(text: str) -> str | None:
    """The record's subject (the raw text kept: render(parse(t)) == t)."""
    cable = teletype.parse(text)
    assert cable.render() == text
    subject: str | None = cable.record()["subject"]
    return subject


@pytest.mark.parametrize(("front", "subject"), [
    # a paragraph follows the subject without a blank line: a sentence ends and another
    # starts on the line
    ("SUBJECT: OFFICIAL-INFORMAL\nHEREWITH A DRAFT OF THE CUBA PORTION FOR YOUR COMMENTS "
     "AND CLEARANCE. WE SUGGEST IT GO TO STATE.\n", "OFFICIAL-INFORMAL"),
    # ... but an abbreviation is no sentence end
    ("SUBJECT: LUNCHEON HOSTED BY\nMRS. BUSH, SEPT. 24\n",
     "LUNCHEON HOSTED BY MRS. BUSH, SEPT. 24"),
    ("SUBJECT: PURSUE CRIMINAL CASE\nVS. FORMER OFFICIALS\n",
     "PURSUE CRIMINAL CASE VS. FORMER OFFICIALS"),
    # a classification statement whose BY the OCR lost
    ("SUBJECT: JANUARY 28 DISCUSSION\n(U) CLASSIFIED CHARGE JOHN DOE. REASON: 1.5 (B)\n",
     "JANUARY 28 DISCUSSION"),
])
def test_subject_ends_before_the_next_paragraph(front: str, subject: str) -> None:
    assert subject_of(HEAD + front + "\n1. TEXT.\n") == subject


STAMP = ("Declassification Authority: John Doe,\nSenior Reviewer, A/GIS/IPS 5/15/2019\n"
         "Classification Extended for Portions\non : 03/05/2019 - Class: SECRET -\n"
         "Authority: DSCG 11-1 - Declassify on:\n01/28/2030\n")


def test_subject_goes_on_past_a_stamp_printed_across_it() -> None:
    text = (HEAD + "SUBJECT: DEPUTY SECRETARY'S\nSECTION 01 OF 03 ROME 393\n" + STAMP
            + "TRIP REPORT 1/28/95\n1. GREETINGS FROM ROME.\n")
    assert subject_of(text) == "DEPUTY SECRETARY'S TRIP REPORT 1/28/95"


@pytest.mark.parametrize("after", ["1. GREETINGS FROM ROME.\n", "\nREF: ROME 12\n",
                                   "THE AMBASSADOR MET THE MINISTER. HE SAID NO.\n"])
def test_a_stamp_before_the_next_field_ends_the_subject(after: str) -> None:
    text = HEAD + "SUBJECT: DEPUTY SECRETARY'S TRIP\n" + STAMP + after
    assert subject_of(text) == "DEPUTY SECRETARY'S TRIP"


def test_repeated_section_line_is_not_the_subject() -> None:
    text = HEAD + "SUBJECT: TALBOTT MEETING WITH COAS\nSECTION 01 OF 02 ROME 61658\n\n1. X.\n"
    assert subject_of(text) == "TALBOTT MEETING WITH COAS"


def test_subject_of_a_header_page_printed_after_the_text() -> None:
    text = ("1. THE CHARGE SAW THE MINISTER JANUARY 28.\n2. HE SAID LITTLE.\n"
            "IMMEDIATE\nNODIS DECAPTIONED\nSUBJECT: JANUARY 28 DISCUSSION WITH THE MINISTER\n"
            "(U) CLASSIFIED BY CHARGE JOHN DOE. REASON: 1.5 (B)\n")
    assert subject_of(text) == "JANUARY 28 DISCUSSION WITH THE MINISTER"


def test_a_subject_quoted_in_the_text_is_not_the_subject() -> None:
    text = ("1. THE CHARGE SAW THE MINISTER JANUARY 28.\n2. HE HANDED OVER A NOTE:\n"
            "SUBJECT: FISHING RIGHTS\nTHE GOVERNMENT OF X PRESENTS ITS COMPLIMENTS.\n")
    assert teletype.parse(text).record()["subject"] is None
    assert fields.locate_subject(text) is None


@pytest.mark.parametrize(("front", "subject"), [
    # a vertical stroke of the scan read as 1 at the end of a wrapped line
    ("SUBJECT: CONCERNS OVER WHITE 1\nPAPER ON TAIWAN\n", "CONCERNS OVER WHITE PAPER ON TAIWAN"),
    ("SUBJECT: CONCERNS OVER WHITE |\nPAPER ON TAIWAN\n", "CONCERNS OVER WHITE PAPER ON TAIWAN"),
    # a number the word before takes, or a date, stays
    ("SUBJECT: TALKS ON PHASE 1\nIMPLEMENTATION\n", "TALKS ON PHASE 1 IMPLEMENTATION"),
    ("SUBJECT: MEETING ON MARCH 1\nWITH THE MINISTER\n", "MEETING ON MARCH 1 WITH THE MINISTER"),
    ("SUBJECT: PROGRAM STARTS 1\nJANUARY\n", "PROGRAM STARTS 1 JANUARY"),
    ("SUBJECT: ELECTION RESULTS 1\n1995 TURNOUT\n", "ELECTION RESULTS 1 1995 TURNOUT"),
    # run-together punctuation after the subject is OCR debris; an ellipsis is not
    ("SUBJECT: DISCUSSION WITH BEREZOVSKIY .,)\u201e,41/0\n", "DISCUSSION WITH BEREZOVSKIY"),
    ("SUBJECT: AUDIENCE WITH SHAH APRIL 5 ...\n", "AUDIENCE WITH SHAH APRIL 5 ..."),
])
def test_scan_marks_in_a_subject(front: str, subject: str) -> None:
    assert subject_of(HEAD + front + "\n1. TEXT.\n") == subject


@pytest.mark.parametrize("label", ["SSUBIECT:", "SUBIECT:", "*SUBJECT:", "UBJECT:"])
def test_ocr_label_is_not_part_of_the_subject(label: str) -> None:
    assert subject_of(HEAD + label + " BKGB ACCESS SUPPORT\n\n1. TEXT.\n") == \
        "BKGB ACCESS SUPPORT"


@pytest.mark.parametrize(("front", "subject"), [
    ("SUBJ/ACTIVE DUTY PROMOTIONS TO THE\n/PERMANENT GRADES// GENTEXT/REMARKS/\n",
     "ACTIVE DUTY PROMOTIONS TO THE PERMANENT GRADES"),
    ("SUBJ: AWARD OPPORTUNITIES\nUNCLASSIFIED/ PASS TO ALL OFFICE CODES:\n",
     "AWARD OPPORTUNITIES"),
    ("SUBJ: NUCLEAR OFFICER INCENTIVE PAY UNCLASSIFIED/ FM\nCNO WASHINGTON DC//N1//\n",
     "NUCLEAR OFFICER INCENTIVE PAY"),
])
def test_military_subject_ends_with_its_set(front: str, subject: str) -> None:
    text = "R 071200Z AUG 12\nFM CNO WASHINGTON DC\nTO NAVADMIN\nBT\nUNCLAS\n" + front + "\n"
    assert subject_of(text) == subject
