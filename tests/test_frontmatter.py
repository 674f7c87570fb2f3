"""The front-matter decoders (teletype.decode.fields) on their own: forms, diagnostics,
offsets, and property tests of the REF and TAGS forms (teletype.strategies.front_matter)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teletype import strategies as fst
from teletype.decode import fields as fm

# ------------------------------------------------------------------ references


def test_reference_years_in_every_written_form() -> None:
    refs, diags = fm.decode_references(
        "REF: A. 2007 MANAGUA 2135 B. '08 BUENOS AIRES 1491 C. (99) ROME 2196 "
        "D. AMMAN 5049-01 E. PANAMA 00789/08 F. 09CAIRO0561 G. TBILISI 1605", 2009)
    assert refs.reference_ids == ("07MANAGUA2135", "08BUENOSAIRES1491", "99ROME2196",
                                  "01AMMAN5049", "08PANAMA789", "09CAIRO561", "09TBILISI1605")
    last = refs.items[-1]
    assert last.year == 2009 and last.year_inferred and last.letter == "G"
    assert [d.code for d in diags] == ["TT602"]
    assert all(not i.year_inferred for i in refs.items[:-1])
    refs, _ = fm.decode_references("REF: A. SECSTATE 15113  B. DOHA 152 (08)  C. DOHA 311 (07)",
                                   2009)
    assert refs.reference_ids == ("09STATE15113", "08DOHA152", "07DOHA311")


def test_reference_lists_and_kinds() -> None:
    refs, _ = fm.decode_references(
        "REF: (A)STATE 071143, (B)STATE 073601, (C)STATE 72896, (D)BEIJING \n5361, "
        "(E) STATE 148514", 2007)
    assert refs.reference_ids == ("07STATE71143", "07STATE73601", "07STATE72896",
                                  "07BEIJING5361", "07STATE148514")
    refs, _ = fm.decode_references("REF: A. BRASILIA 2799 AND 2764 \u00b6B. PORT AU PRINCE 2325",
                                   2004)
    assert [(i.letter, i.reference_id) for i in refs.items] == [
        ("A", "04BRASILIA2799"), ("A", "04BRASILIA2764"), ("B", "04PORTAUPRINCE2325")]
    refs, _ = fm.decode_references(
        "REF: A) TALLINN 366 B) LEE-GOLDSTEIN EMAIL 05/11/07 C) MITCHELL/SIMS TELCON 02/16/2010"
        " D) UNSCR 1737 E) 2004 HUMAN RIGHTS REPORT FOR PANAMA", 2007)
    assert [i.kind for i in refs.items] == ["cable", "email", "telcon", "un-resolution",
                                            "report"]
    assert refs.reference_ids == ("07TALLINN366",)


def test_page_heads_and_dates_are_no_references() -> None:
    text = ("REF: A. OSC EUP20080707950031  D. MADRID 286  H. OSC EUP 20061127123001\n"
            "MADRID 00000869 001.2 OF 004\n")
    refs, diags = fm.decode_references(text, 2009)
    assert refs.reference_ids == ("09MADRID286",)
    assert "TT603" in {d.code for d in diags}
    refs, _ = fm.decode_references("REF: EMBASSY MADRID E-MAIL TO EUR/WE OF OCTOBER 14", 2004)
    assert refs.reference_ids == ()


def test_lower_case_list() -> None:
    refs, _ = fm.decode_references("Ref: a. 05 state 201650\n\nB. 05 berlin 3726\n"
                                   "c. Mtcr poc 201/2006 - may 16 2006\nd. 07 state 75839", 2008)
    assert refs.reference_ids == ("05STATE201650", "05BERLIN3726", "07STATE75839")
    assert [i.letter for i in refs.items] == ["A", "B", "C", "D"]
    assert refs.items[2].kind == "text"


def test_locate_references_in_a_cable() -> None:
    text = ("SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861\n\n1. (U) Text BRASILIA 999.\n")
    where = fm.locate_references(text)
    assert where is not None and text[where[0]:where[1]].startswith("REF: BRASILIA 861")
    assert fm.find_references(text, 2006).reference_ids == ("06BRASILIA861",)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(fst.ref_blocks())
def test_ref_blocks_round_trip(block: fst.GeneratedRefs) -> None:
    refs, _ = fm.decode_references(block.text, block.year)
    assert refs.reference_ids == block.ids
    assert tuple(i.letter for i in refs.items) == block.letters
    for item in refs.items:
        assert block.text[item.start:item.end] == item.raw


# ------------------------------------------------------------------ tags


def test_tags_as_written() -> None:
    tags, diags = fm.decode_tags("TAGS PGOV, PREL, KWBG, IS, COUNTERTERRORISM, GOI EXTERNAL ")
    assert tags.codes == ("PGOV", "PREL", "KWBG", "IS")
    assert tags.free_text == ("COUNTERTERRORISM", "GOI EXTERNAL") and diags == ()
    tags, _ = fm.decode_tags("TAGS: OVIP STEINBERG JAMES PREL MNUC SN CH KN")
    assert tags.persons == ("STEINBERG, JAMES",) and tags.codes[:2] == ("OVIP", "PREL")
    tags, _ = fm.decode_tags("Tags: ovip (steinberg, james b.), prel")
    assert tags.items[0].person == "STEINBERG, JAMES B." and tags.codes == ("OVIP", "PREL")


def test_tags_misspelt_label_and_run_together_codes() -> None:
    for label in ("TABS:", "TGS:", "TAGES:", "AGS:", "TAGS,"):
        tags, diags = fm.decode_tags(f"{label} PGOV PREL")
        assert tags.codes == ("PGOV", "PREL"), label
        assert [d.code for d in diags] == ["TT403"], label
    tags, diags = fm.decode_tags("TAGS: ETRDEINVECINPGOVCS")
    assert tags.codes == ("ETRD", "EINV", "ECIN", "PGOV", "CS")
    assert [d.code for d in diags] == ["TT601"]
    tags, diags = fm.decode_tags("TAGS: KCRM KWMN ASEC PHUMBA")
    assert tags.codes[-2:] == ("PHUM", "BA")
    tags, diags = fm.decode_tags("TAGS PTER MARR, MOPPS")
    assert tags.codes == ("PTER", "MARR", "MOPS") and [d.code for d in diags] == ["TT605"]


def test_locate_tags_ends_at_the_subject() -> None:
    text = "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m.\n"
    tags = fm.find_tags(text)
    assert tags is not None and tags.codes == ("PREL", "PGOV", "PINS", "TU")
    text = "TAGS: OVIP CLINTON HILLARY PREL KPAL FR IR RS\nNATO, UK, CN\nSUBJECT: (U) Secreta"
    tags = fm.find_tags(text)
    assert tags is not None and tags.codes[-3:] == ("NATO", "UK", "CN")
    assert fm.find_tags("TAGS: something\nhere") is not None
    assert fm.find_tags("TAGS: something\nhere").cablemap_list() == ["SOMETHING"]  # type: ignore[union-attr]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(fst.tags_fields())
def test_tags_fields_round_trip(field: fst.GeneratedTags) -> None:
    tags, _ = fm.decode_tags(field.text)
    assert tags.codes == field.codes
    assert tags.persons == field.persons
    assert tags.free_text == field.free_text
    for item in tags.items:
        assert field.text[item.start:item.end] == item.raw


# ------------------------------------------------------------------ the rest


def test_classified_by_in_paragraph_one_and_after_junk() -> None:
    found, _ = fm.decode_classified_by(
        "\n1.  (U)  CLASSIFIED BY ROBERT P. FINN, DEPUTY CHIEF OF\nMISSION.  REASON: 1.5 (D)\n")
    assert found is not None and found.names == ("ROBERT P. FINN",)
    assert found.reasons == ("1.5(d)",) and found.title is None
    found, diags = fm.decode_classified_by(
        "Classified By: ADANA 222 \nADANA 216 \n \nClassified by DCM Nancy McEldowney; "
        "reasons 1.4 b and d. \n")
    assert found is not None and found.names == ("Nancy McEldowney",)
    assert found.title == "DCM" and found.reasons == ("1.4(b)", "1.4(d)")
    assert [d.code for d in diags] == ["TT604"]
    assert fm.normalize_name("LEE 0. COLDREN") == "Lee O. Coldren"


def test_subject_forms() -> None:
    cases = {
        "SUBJECT SAG AGREES TO USG STEPS\nREF A. RIYADH 1579": "SAG AGREES TO USG STEPS",
        "UBJECT: BAHRAIN WILL REQUEST QATAR REF: A. A) MANAMA 20": "BAHRAIN WILL REQUEST QATAR",
        "SUBJECT:\nTHE NEXT LINE\n\nREF: X": "THE NEXT LINE",
        "SUBJECT: PART 3 OF 3\nNEW PRESIDENT\nPRETORIA 00000954 001.2 OF 004\n":
            "PART 3 OF 3 NEW PRESIDENT",
        "SUBJECT: SPAIN&#8217;S VIEW \\\nON IRAN \\\n \\\nREF: A": "SPAIN\u2019S VIEW ON IRAN",
    }
    for text, value in cases.items():
        subject = fm.find_subject(text)
        assert subject is not None and subject.text == value, text
    subject = fm.find_subject("SUBJECT: (C) A SECRET MATTER\n\n1. (C) Text")
    assert subject is not None and subject.portion_mark == "(C)"
    assert subject.value == "A SECRET MATTER"


def test_signers_and_summary() -> None:
    assert fm.find_signers("TEXT.\n\nGILLESPIE##\n").names == ("GILLESPIE",)
    assert fm.find_signers("TEXT.\n\nMCNAMARA.\n").names == ("MCNAMARA",)
    assert fm.find_signers("TEXT.\nMurphy\n").names == ("Murphy",)
    assert fm.find_signers("TEXT.\nSULLIVAN\n\nCONFIDENTIAL\n\nDeclassified/Released US "
                           "Department of State EO Systematic\nReview 30 JUN 2006\n"
                           ).names == ("SULLIVAN",)
    assert fm.find_signers("the end of a sentence\n").names == ()
    summary = fm.find_summary("1. (C) Summary: The GOB agreed. End Summary.\n\n2. (C) More")
    assert summary is not None and summary.value == "The GOB agreed." and summary.ended


def test_xmt_exclusions() -> None:
    kept, excluded = fm.split_exclusions(
        ["ALL NATO CAPITALS COLLECTIVE", "XMT AMEMBASSY ANKARA", "AMEMBASSY PARIS"])
    assert kept == ("ALL NATO CAPITALS COLLECTIVE", "AMEMBASSY PARIS")
    assert [(e.name, e.collective) for e in excluded] == [
        ("AMEMBASSY ANKARA", "ALL NATO CAPITALS COLLECTIVE")]
    assert fm.split_exclusions(["XMT FOOBAR"]) == ((), (fm.Exclusion("XMT FOOBAR", "FOOBAR",
                                                                     None),))


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_decoders_never_raise(text: str) -> None:
    fm.find_references(text, 2008, "STATE")
    fm.find_tags(text)
    fm.find_classified_by(text)
    fm.find_subject(text)
    fm.find_signers(text)
    fm.find_summary(text)
    fm.decode_references(text, None)
    fm.decode_tags(text)
    fm.decode_subject(text)
