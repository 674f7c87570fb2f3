"""The front matter read once by the Builder: values on the nodes, on ``Cable.front`` and in
the record (issue 19), and the one decoder behind the rules and ``teletype decode``."""

from __future__ import annotations

import json

from hypothesis import given, settings

import teletype
from teletype import decode
from teletype import strategies as tts
from teletype.decode import fields
from teletype.nodes import ReferenceBlock, Tag
from teletype.serialize import cable_to_dict

HEADER = (
    "VZCZCXRO0379\nPP RUEHTRO\nDE RUEHC #0284/01 0041825\nZNY CCCCC ZZH\n"
    "P R 041820Z JAN 10\nFM SECSTATE WASHDC\nTO RUEHTRO/AMEMBASSY TRIPOLI PRIORITY 1742\n"
    "INFO ALL NATO CAPITALS COLLECTIVE\nXMT AMEMBASSY ANKARA\nBT\n"
)


def cable(front: str, body: str = "1. (C) TEXT.\n") -> teletype.Cable:
    return teletype.parse(HEADER + "C O N F I D E N T I A L STATE 001234\n\n" + front + "\n"
                          + body + "BT\n#1234\nNNNN\n")


def test_tags_on_the_node_and_in_the_record() -> None:
    c = cable("E.O. 12958: DECL: 01/04/2020\n"
              "TAGS: PGOV, PRELPHUM, OVIP (STEINBERG, JAMES), GOI EXTERNAL\n"
              "SUBJECT: FOO\n")
    assert c.text is not None and c.text.tags is not None
    line = c.text.tags
    assert line.decoded is not None and line.decoded is c.front.tags  # read once
    assert [(t.code, t.kind) for t in line.tags] == [
        ("PGOV", "code"), ("PREL", "code"), ("PHUM", "code"), ("OVIP", "person"),
        ("GOI EXTERNAL", "free")]
    assert all(isinstance(t, Tag) and c.nodes for t in line.tags)
    record = c.record()
    assert record["tags"] == ["PGOV", "PREL", "PHUM", "OVIP (STEINBERG, JAMES)"]
    assert record["tag_persons"] == ["STEINBERG, JAMES"]
    assert record["tag_free_text"] == ["GOI EXTERNAL"]
    assert "TT601" in [d.code for d in c.diagnostics]  # PRELPHUM split
    # the rules' table lookup reads the same entries: no TT222 for free text
    decoded, diags = decode.decode_tags(line)
    assert [t.kind for t in decoded][-1] == "free"
    assert "TT222" not in [d.code for d in diags]


def test_misspelt_tags_label_without_a_line() -> None:
    c = cable("TABS: PGOV PREL\nSUBJECT: FOO\n")
    assert c.record()["tags"] == ["PGOV", "PREL"]
    assert "TT403" in [d.code for d in c.front.notes]


def test_references_typed_with_inferred_years() -> None:
    c = cable("SUBJECT: FOO\nREF: A. 08 STATE 81854 B. MANAGUA 2135 C. SMITH-JONES E-MAIL "
              "OF MAY 5\n")
    assert c.text is not None
    block = c.text.references[0]
    assert isinstance(block, ReferenceBlock) and block.decoded is not None
    items = block.decoded.items
    assert [(i.letter, i.kind) for i in items] == [("A", "cable"), ("B", "cable"),
                                                    ("C", "email")]
    assert items[1].year == 2010 and items[1].year_inferred  # the DTG's year
    record = c.record()
    assert record["references"] == ["08 STATE 81854", "MANAGUA 2135"]
    assert record["reference_ids"] == ["08STATE81854", "10MANAGUA2135"]


def test_statement_in_paragraph_one_and_junk_line() -> None:
    c = cable("SUBJECT: FOO\n",
              "1. (C) Classified By: DCM Jane Doe, reasons 1.4 (b) and (d).\n\n2. TEXT.\n")
    record = c.record()
    assert record["classified_by_names"] == ["Jane Doe"]
    assert record["classified_by_title"] == "DCM"
    assert record["classification_reasons"] == ["1.4(b)", "1.4(d)"]
    junk = cable("SUBJECT: FOO\nClassified By: ADANA 222\n",
                 "1. (C) Classified By: Ambassador John Roe, reason 1.4 (b).\n\n2. TEXT.\n")
    assert junk.record()["classified_by_names"] == ["John Roe"]


def test_subject_cleaned_signers_summary_and_xmt() -> None:
    c = cable("SUBJECT: US &amp; EU TALKS \\\n",
              "1. (C) SUMMARY: THE TALKS WENT WELL. END SUMMARY.\n\n2. TEXT.\n\nCLINTON\n")
    record = c.record()
    assert record["subject"] == "US & EU TALKS"
    assert c.text is not None and c.text.subject is not None
    assert "&amp;" in c.text.subject.raw  # the raw text is unchanged
    assert record["summary"] == "THE TALKS WENT WELL."
    assert record["signers"] == ["CLINTON"]
    assert record["info"] == ["ALL NATO CAPITALS COLLECTIVE"]
    assert record["excluded"] == [{"name": "AMEMBASSY ANKARA",
                                   "collective": "ALL NATO CAPITALS COLLECTIVE"}]


def test_a_snippet_without_a_text_layer() -> None:
    c = teletype.parse("WHALING FLEET THROUGH JANUARY 7.\n-\nCLARK\n")
    assert c.record()["signers"] == ["CLARK"]


def test_the_decoded_values_in_json() -> None:
    c = cable("TAGS: PGOV\nSUBJECT: FOO\n")
    doc = cable_to_dict(c)
    tags = next(n for n in doc["nodes"] if n["type"] == "TagsLine")
    assert tags["decoded"]["items"][0]["value"] == "PGOV"
    json.dumps(doc)


@settings(max_examples=25, deadline=None)
@given(tts.ref_blocks())
def test_generated_ref_blocks_through_the_record(block: tts.GeneratedRefs) -> None:
    """A generated REF block in a cable of the block's year: the record's ids are the
    block's (years written in any form, else the DTG's)."""
    text = HEADER.replace("JAN 10", f"JAN {block.year % 100:02d}") + (
        "C O N F I D E N T I A L STATE 001234\n\nSUBJECT: FOO\n" + block.text + "\n\n"
        "1. (C) TEXT.\nBT\n#1234\nNNNN\n")
    assert teletype.parse(text).record()["reference_ids"] == list(block.ids)


def test_fields_package_is_the_one_home() -> None:
    assert not hasattr(teletype, "frontmatter")
    assert fields.read_front_matter("TAGS: PGOV\n").tags is not None
