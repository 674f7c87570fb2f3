"""The front-matter decoders' fast searches find exactly what their regexes find:
``page_heads`` is ``PAGE_HEAD.finditer``, ``matches`` is ``pattern.finditer``, a
``LinePattern`` is its ``(?m)^`` pattern, on real cables and on texts built from the pieces
where the two could part."""

from __future__ import annotations

import re

from conftest import SHARED_CORPUS, needs_shared
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teletype.decode.fields import classified_by, references, subject, summary, tags
from teletype.decode.fields.common import (
    BLANK_LINE,
    PAGE_HEAD,
    LinePattern,
    blank,
    matches,
    page_heads,
    paragraph_start,
    upper_bytes,
)

HEAD_PIECES = ["PAGE 02 ROME 01196 01 OF 02 082030Z", "MADRID 00000869 001.2 OF 004",
               "TRIPOLI 00000402 \n\n001.2 OF 003", "\\nPAGE 3 STATE 123456 082030Z",
               "SECRET STATE 0012345 001 OF 002", "xPAGE 1 A 1234 123456Z", "A B C", "  ",
               "ABCDEFGHIJKLMNOPQRSTUVWXYZ ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0", "00", "\n",
               "\t", "_", "\u00e9", "a", "Z", "1", "."]


def _spans(found: object) -> list[tuple[int, int]]:
    return [m.span() for m in found]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=12))
def test_page_heads_are_the_pattern_s_matches(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert page_heads(text) == _spans(PAGE_HEAD.finditer(text))


CASES = [
    (classified_by._LABEL, "CLAS", ["Classified By:", "CLASSIFIED BY", "clasified by", "x"]),
    (classified_by._STAMP, "RELEASE", ["RELEASE IN PART B1", "Release in full", "xRELEASE"]),
    (references._LABEL, "REF", ["REF:", "Refs:", "REFTEL", "xREF:", "reference", "REF(S)"]),
    (tags._LABEL, tags._LABEL_STARTS, ["TAGS:", "tags", "TGS,", "AGS:", "xTAGE", "TAS ;",
                                        "Tabs", "TAGES", "TA", "GS"]),
    (subject._LABEL, subject._LABEL_STARTS, ["SUBJECT:", "Subj.", "SSUBIECT:", "UBJECT:",
                                              "xSUBJECT", "/SUBJ/", "\\nSUBJECT: a"]),
    (summary._END, "END", ["END SUMMARY", "end of summary AND COMMENT", "Ended summary"]),
    (summary._LABEL, "SUMMARY", ["SUMMARY:", "summary and comment.", "1. Summary -- x",
                                 "SUMMARY\n", "xSUMMARY"]),
]
NOISE = [" ", "\n", ":", ".", "-", "s", "S", "\u017f", "\u212a", "\u00b6", "\u2019", "A"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(CASES))), st.data())
def test_matches_is_finditer(case: int, data: st.DataObject) -> None:
    pattern, literal, words = CASES[case]
    text = "".join(data.draw(st.lists(st.sampled_from(words + NOISE), max_size=14)))
    endpos = data.draw(st.integers(0, len(text)))
    assert _spans(matches(pattern, text, literal, endpos)) == _spans(
        pattern.finditer(text, 0, endpos))
    pos = data.draw(st.integers(0, len(text)))
    assert _spans(matches(pattern, text, literal, endpos, pos=pos)) == _spans(
        pattern.finditer(text, pos, endpos))
    assert blank(text, pattern, literal) == blank(text, pattern)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(CASES))), st.data())
def test_matches_in_a_slice_of_a_text_searched_before(case: int, data: st.DataObject) -> None:
    """A front matter cut from a cable whose upper-cased copy is kept: the slice's matches
    are those of its own ``finditer`` (the copy is sliced, not made again)."""
    pattern, literal, words = CASES[case]
    text = "".join(data.draw(st.lists(st.sampled_from(words + NOISE), max_size=14)))
    list(matches(pattern, text, literal))
    cut = text[:data.draw(st.integers(0, len(text)))]
    assert _spans(matches(pattern, cut, literal)) == _spans(pattern.finditer(cut))


KIND_WORDS = ["EMAIL", "e-mail", "TELCON", "phone call", "UNSCR", "UNSC RESOLUTION", "MEMO",
              "NON-PAPER", "LETTER", "3 FAM", "FAH", "REPORTS", "IIR", "TD-3", "OSC", "DTG",
              "STATE", "12345", "MAILS", "XMEMO", "FAMS", " ", "\n", "-", "3", "SITREP",
              "telephone", "unga resolution", "\u017f", "\u0130", "\u0131", "OSC", "i", "R"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(KIND_WORDS), max_size=8))
def test_a_reference_s_kind_is_that_of_its_first_pattern(words: list[str]) -> None:
    text = "".join(words)
    slow = next((kind for kind, pattern in references._KIND_PATTERNS if pattern.search(text)),
                "text")
    assert references._kind(text) == slow


SUMMARY_PIECES = ["END", "end", "End", "SUMMARY", "summary", "OF", "of", " ", "  ", "\n",
                  "\t", "\u00a0", "AND COMMENT", "X", "SEND", "\u017f", "\u00b6", "1.", "----",
                  "\n\n", "-", "\u2019"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SUMMARY_PIECES), max_size=14), st.integers(0, 40))
def test_the_summary_s_end_and_paragraph_end_are_those_of_the_plain_searches(
        pieces: list[str], at: int) -> None:
    text = "".join(pieces)
    fast, slow = summary._first_end(text), summary._END.search(text)
    assert (fast and fast.span()) == (slow and slow.span())
    pos = min(at, len(text))
    ends = [len(text)]
    for pattern, start in ((BLANK_LINE, pos), (summary._RULE, pos),
                           (re.compile(r"(?m)^[ \t]*\u00b6?\d{1,2}\s*\.(?!\d)"), pos + 1)):
        found = pattern.search(text, start)
        if found:
            ends.append(found.start())
    assert summary._paragraph_end(text, pos) == min(ends)


LINE_CASES = [
    (r"[ \t]*\u00b6?[ \t]*2[ \t]*\.(?!\d)", 0, ["2.", " 2 .", "\u00b62.", "2.5", "12.", "x"]),
    (classified_by._BANNER.pattern.pattern, re.I, ["SECRET", "secret ", "CONFIDENTIAL\r",
                                                   "SECRETS", "UNCLASSIFIED", "x"]),
    (r"[A-Z]*$", 0, ["A", "B", "a", ""]),  # empty matches
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(LINE_CASES))), st.data())
def test_a_line_pattern_is_its_multiline_pattern(case: int, data: st.DataObject) -> None:
    body, flags, words = LINE_CASES[case]
    text = "".join(data.draw(st.lists(st.sampled_from(words + ["\n", " ", "\r\n", "\t"]),
                                      max_size=14)))
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    fast, slow = LinePattern(body, flags), re.compile("^(?:" + body + ")", flags | re.M)
    found = fast.search(text, pos, endpos)
    expected = slow.search(text, pos, endpos)
    assert (found and found.span()) == (expected and expected.span())
    assert _spans(fast.finditer(text, pos, endpos)) == _spans(slow.finditer(text, pos, endpos))
    assert blank(text, fast) == slow.sub(lambda m: " " * len(m.group(0)), text)


@needs_shared
def test_on_the_corpus() -> None:
    for path in sorted(SHARED_CORPUS.glob("*/*.txt"))[::3]:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert page_heads(text) == _spans(PAGE_HEAD.finditer(text)), path
        for pattern, literal, _ in CASES:
            assert _spans(matches(pattern, text, literal)) == _spans(pattern.finditer(text))
        for body, flags, _ in LINE_CASES[:2]:
            slow = re.compile("^(?:" + body + ")", flags | re.M)
            assert _spans(LinePattern(body, flags).finditer(text)) == _spans(
                slow.finditer(text))


def test_a_folded_letter_takes_the_slow_path() -> None:
    # (?i) matches the long s to "s": the upper-cased copy cannot show it
    pattern = re.compile(r"(?i)\bclass?i?fi?ed\s+by\b")
    text = "CLA\u017fSIFIED BY ME"
    assert _spans(matches(pattern, text, "CLAS")) == [(0, 13)]


PARA_PIECES = ["\n", " ", "\t", "\r\n", "\u00b6", "1", "12", "123", ".", ". ", "(C)",
               "(SBU)", "(c)", "( C)", "x", "A", "1.5", "\n\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PARA_PIECES), max_size=16))
def test_the_summary_s_paragraph_numbers_are_dropped_as_the_multiline_pattern_does(
        pieces: list[str]) -> None:
    text = "".join(pieces)
    slow = re.compile("(?m)^" + summary._PARA.pattern.pattern)
    assert summary._PARA.sub(" ", text) == slow.sub(" ", text)


BANNER_PIECES = ["SECRET", "secret", "Secret", "SECRETS", "xSECRET", "CONFIDENTIAL",
                 "UNCLASSIFIED", "unclassified", "LIMITED OFFICIAL USE", "Limited Official Use",
                 "LIMITED  OFFICIAL USE", "LIMITED", "\u017fECRET", "\n", " ", "\t", "\r",
                 "\r\n", "x", "RELEASE IN PART B1", "Classified By: X", "\u00e9", "\u2019"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(BANNER_PIECES), max_size=14), st.data())
def test_banners_and_searches_in_a_blanked_copy_are_the_plain_searches(
        pieces: list[str], data: st.DataObject) -> None:
    """The classification statement's text is its raw text with page heads, banners and
    stamps blanked: banner lines and literal-led matches found through the raw text's
    upper-cased copy are those of the plain patterns in the blanked text."""
    raw = "".join(pieces)
    blanked_at = data.draw(st.lists(st.booleans(), min_size=len(raw), max_size=len(raw)))
    text = "".join(" " if b else c for c, b in zip(raw, blanked_at, strict=True))
    plain = re.compile("^(?:" + classified_by._BANNER.pattern.pattern + ")", re.I | re.M)
    for copy, like in ((raw, None), (text, raw), (text, None)):
        assert classified_by.banners(copy, like) == _spans(plain.finditer(copy))
    for pattern, literal in ((classified_by._LABEL, "CLAS"), (classified_by._STAMP, "RELEASE")):
        assert _spans(matches(pattern, text, literal, like=raw)) == _spans(
            pattern.finditer(text))


INLINE_PIECES = ["REF:", "ref :", "Reftels:", "REF (A)", "REF(S):", "Classified By", "clasfied by",
                 "UNCLAS//", "Unclassified/ ", "CONFIDENTIAL//", "secret//", "SECRET", "RE",
                 "F", "CLA", "S", "\u017f", "\u212a", "\u00e9", " ", "\n", "x", ":", "/"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=12), st.data())
def test_a_subject_line_without_the_inline_stop_s_words_has_no_inline_stop(
        pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    if subject._INLINE_STOP.search(text[start:end]) is not None:
        assert subject._may_stop_inline(upper_bytes(text), start, end)


UPPER_PIECES = ["abc", "ABC", "\u00e9", "\u00ff", "\u2019", "\u017f", "\u212a", "\u0131", " ",
                "\n", "summary", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(UPPER_PIECES), max_size=12),
       st.lists(st.integers(0, 40) | st.none(), max_size=5))
def test_upper_bytes_made_a_part_at_a_time_are_those_of_the_whole_text(
        pieces: list[str], stops: list[int | None]) -> None:
    text = "".join(pieces)
    whole = text.encode("latin-1", "replace").upper()
    def folded(some: str) -> bool:
        return any(c in some for c in "\u0130\u0131\u017f\u212a")

    for stop in stops + [None]:
        for asked in (text, text[:len(text) // 2]):  # the text, or a prefix of it
            want = len(asked) if stop is None else min(stop, len(asked))
            upper = upper_bytes(asked, stop)
            if upper is None:
                assert folded(text)
            else:
                assert len(upper) >= want and upper[:want] == whole[:want]
                assert stop is not None or not folded(asked)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SUMMARY_PIECES), max_size=14), st.integers(1, 12),
       st.integers(0, 30))
def test_the_summary_s_end_searched_a_part_at_a_time_is_the_plain_search(
        pieces: list[str], part: int, made: int) -> None:
    """END SUMMARY looked for in an upper-cased copy made a few characters at a time (a
    SUMMARY cut by a part's end, a fold letter in a later part) and after a part of the
    copy was made for another search."""
    text = "".join(pieces)
    kept = summary._FIRST_PART
    summary._FIRST_PART = part  # type: ignore[misc]
    try:
        upper_bytes(text, made)
        fast, slow = summary._first_end(text), summary._END.search(text)
    finally:
        summary._FIRST_PART = kept  # type: ignore[misc]
    assert (fast and fast.span()) == (slow and slow.span())


REASON_PIECES = ["for ", "per ", "under ", "due to ", "based upon ", "reas", "reason", "Reasons",
                 "(b)", "(d)", ")", ").", ".", " ", "\n", "e.o", "E.O. 12958", "12958", "1.4",
                 "1 .", "1,5", "section 1", "para 1", "se ", "rea", "0", "REAS0N", "and",
                 "Ambassador X", "x", ",", "A"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(REASON_PIECES), max_size=14))
def test_the_reasons_cut_found_in_the_whole_statement_is_that_of_the_cut_statement(
        pieces: list[str]) -> None:
    text = "".join(pieces)
    statement, cut = classified_by._end_at_reasons(text)
    whole = classified_by._REASON_CUT.search(text)
    after = classified_by._AFTER_REASONS.search(text, whole.end()) if whole else None
    assert statement == (text[:after.end()] if after else text)
    if cut is not None:
        assert cut == classified_by._reason_cut(statement)
    assert classified_by._names(statement, cut) == classified_by._names(statement)


SUBJECT_PIECES = ["SUBJECT", "subj", "USUBJ", "UBJECT", "SUBJE", "xSUBJ", "/SUBJ", "U", "S",
                  "UBJ", "\u017f", "\u212a", "\u00e9", " ", "\n", "x", ":", "ECT"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SUBJECT_PIECES), max_size=14), st.integers(1, 12),
       st.integers(0, 30), st.integers(0, 30))
def test_the_subject_after_the_tags_searched_a_part_at_a_time_is_the_plain_search(
        pieces: list[str], reach: int, pos: int, made: int) -> None:
    text = "".join(pieces)
    pos = min(pos, len(text))
    kept = tags._SUBJECT_REACH
    tags._SUBJECT_REACH = reach  # type: ignore[misc]
    try:
        upper_bytes(text, made)
        fast, slow = tags._subject_after(text, pos), tags._SUBJECT.search(text, pos)
    finally:
        tags._SUBJECT_REACH = kept  # type: ignore[misc]
    assert (fast and fast.span()) == (slow and slow.span())


DEBRIS_PIECES = ["-fet ", "-tei- ", "~", "'", "`", ".", ",", ";", ":", ")", "(", "\u201e", " ",
                 ".,", ",.", "\t", "\u00a0", "2006", "\n", "D E C L A S S I F I E D",
                 "DECLASSIFIED", "d", "D", "x", "X", "1", "\u00e9", "ab", "-", "_"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(DEBRIS_PIECES), max_size=12))
def test_a_subject_without_debris_at_its_ends_is_kept_as_the_plain_cleaning_keeps_it(
        pieces: list[str]) -> None:
    text = "".join(pieces)
    previous, plain = None, text
    while previous != plain:
        previous, plain = plain, subject._DEBRIS.sub("", plain)
    assert subject._clean(text) == plain


PARAGRAPH_PIECES = ["1.", "2.", " 1 .", "\u00b62.", "1.5", "2.5", "12.", "x", "\n", " ", "\t",
                    "\r\n", "(C)"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PARAGRAPH_PIECES), max_size=14), st.booleans())
def test_paragraphs_one_and_two_found_in_one_search_are_the_plain_searches(
        pieces: list[str], two_first: bool) -> None:
    text = "".join(pieces)
    plain = {number: re.search(r"(?m)^[ \t]*\u00b6?[ \t]*" + number + r"[ \t]*\.(?!\d)", text)
             for number in "12"}
    for number in ("2", "1") if two_first else ("1", "2"):
        found = plain[number]
        assert paragraph_start(text, number) == (found.start() if found else len(text))


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_values_made_through_their_slots_are_those_of_the_dataclass(data: st.DataObject) -> None:
    import dataclasses

    import pytest

    from teletype.decode.fields import front, signers
    from teletype.slots import slot_maker

    for cls in (tags.TagItem, tags.Tags, subject.Subject, front.Located, front.FrontMatter,
                references.CitedItem, classified_by.ClassifiedBy, summary.Summary,
                signers.Signers):
        values = [data.draw(st.none() | st.integers() | st.text(max_size=3))
                  for _ in dataclasses.fields(cls)]
        made, plain = slot_maker(cls)(*values), cls(*values)
        assert type(made) is cls and made == plain and repr(made) == repr(plain)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, dataclasses.fields(cls)[0].name, 0)
    with pytest.raises(TypeError):
        slot_maker(references.CitedItem)(1, 2)
    with pytest.raises(TypeError):
        slot_maker(LinePattern)


def _barrier(c: str) -> bool:
    return not ("A" <= c <= "Z" or c.isspace() or c.isdecimal() or c == ".")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES + ["a", ",", "-", "\u00a0", "\u0663"]), max_size=12),
       st.data())
def test_page_heads_after_a_barrier_are_those_of_the_whole_text(
        pieces: list[str], data: st.DataObject) -> None:
    from teletype.decode.fields.common import head_barrier

    text = "".join(pieces)
    pos = data.draw(st.integers(0, len(text)))
    q = head_barrier(text, pos)
    assert q == -1 or (_barrier(text[q]) and q < pos)
    assert not any(_barrier(c) for c in text[max(q + 1, pos - 256):pos])
    assert page_heads(text, q + 1) == [h for h in page_heads(text) if h[0] > q]


SIGNER_PIECES = ["CLINTON", "Murphy", "RICE##", "=PERKINS", "\n", "\n\n", " ", "SIPDIS",
                 "NNNN", "UNCLASSIFIED", "END.  EAGLETON", "PAGE 02 ROME 01196 01 OF 02 082030Z",
                 "MADRID 00000869 001.2 OF 004", "TRIPOLI 00000402 \n\n001.2 OF 003", "a", ",",
                 " \\"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SIGNER_PIECES), max_size=12))
def test_the_signature_read_with_heads_after_a_barrier_is_that_read_with_all_heads(
        pieces: list[str]) -> None:
    from teletype.decode.fields import signers

    text = "".join(pieces)
    fast = signers.decode_signers(text)
    kept = signers.head_barrier
    signers.head_barrier = lambda text, pos: -1  # type: ignore[assignment]
    try:
        assert signers.decode_signers(text) == fast
    finally:
        signers.head_barrier = kept  # type: ignore[assignment]


FIELD_PIECES = ["CLASSIFIED BY", "Classified by", "CLASFIED BY", "CLASSFIED  by", "E.O. 12958",
                "e.o 12345", "E O 1", "EO\u00a012958", "SENSITIVE BUT UNCLASSIFIED",
                "This is an action request", "TAGS", "tag", "SUBJECT", "subj", "--- SUMMARY",
                "1.", "12 .", "\u00b63.", "1.5", "\n", " ", "\t", "x", "\u017f", "\u0130",
                "\u00e9", "THIS", "E"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FIELD_PIECES), max_size=12), st.data())
def test_the_next_field_is_where_the_plain_pattern_starts(
        pieces: list[str], data: st.DataObject) -> None:
    from teletype.decode.fields.common import NEXT_FIELD, next_field

    text = "".join(pieces)
    pos = data.draw(st.integers(0, len(text)))
    upper_bytes(text, data.draw(st.integers(0, len(text))))  # a part made before
    found = NEXT_FIELD.search(text, pos)
    assert next_field(text, pos) == (found.start() if found is not None else None)


STATEMENT_PIECES = ["Classified By: Ambassador Glyn T. Davies for reasons 1.4 (b) and (d).",
                    "CLASSIFIED BY: DCM ROBERT P. FINN, REASON 1.5 (B), (D)", "Classified by ",
                    "CLASSIFIED", "BY", "Reason 1.4(c)", "ADANA 222", "\n", "\n\n", " ", "\t",
                    " \\", "MADRID 00000869 001.2 OF 004", "TRIPOLI 00000402 \n\n001.2 OF 003",
                    "PAGE 02 ROME 01196 01 OF 02 082030Z", "00", "PAGE", "SECRET", "secret",
                    "LIMITED OFFICIAL USE", "RELEASE IN PART B1", "RELEASE\nIN FULL", "1. (C) ",
                    "2.", "Secretary", "A", "a", ",", ":", ".", "\u017f", "\u00e9", "\u2019",
                    "\nSECRET\n", "\n  CONFIDENTIAL \n", "PAGE 02 ROME 01196 01 OF\n02 082030Z ",
                    "Classified By: Hugo Llorens\n", "for reasons 1.4 (b)\n"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(STATEMENT_PIECES), max_size=12))
# a head that holds the line break before the label: blanked, it joins the label's line to
# the one before, which then reads as full (70 characters): "Y" and "ee" are joined
@example(["PAGE 02 ROME 01196 01 OF\n02 082030Z Classified By: Ambassador Hugo Llorens Y \n"
          "ee for reasons 1.4 (b).\n\n"])
def test_a_statement_read_without_blanking_is_the_one_read_in_the_blanked_text(
        pieces: list[str]) -> None:
    """The first label's statement, read where no page head, banner or stamp reaches its
    lines, is the one read in the text with them blanked."""
    from teletype.decode.fields.common import blank_continuations

    raw = "".join(pieces)
    clean = blank_continuations(raw)
    plain = (classified_by._decode_blanked(raw, clean)
             if next(matches(classified_by._LABEL, clean, "CLAS"), None) is not None
             else (None, ()))
    assert classified_by.decode_classified_by(raw) == plain


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(REASON_PIECES + ["1.4 (B)", "(A/c)", "d", "h", "i", "\u212a"]),
                max_size=10))
def test_the_reasons_are_the_letters_after_the_section_in_a_copy(pieces: list[str]) -> None:
    text = "".join(pieces)
    number = classified_by._SECTION.search(text)
    if number is None:
        assert classified_by._reasons(text) == ((), None)
        return
    letters: list[str] = []
    for m in classified_by._REASON_LETTERS.finditer(text[number.end():]):
        if m.group(1).lower() not in letters:
            letters.append(m.group(1).lower())
    section = f"1.{number.group(1)}"
    assert classified_by._reasons(text) == (
        tuple(f"{section}({x})" for x in letters) or (section,),
        text[number.start():].strip(" ."))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["*", "**", " ", "\t", "\r", "a", "-", "SIPDIS", "X"]),
                max_size=12))
def test_a_line_between_asterisks_is_skipped_as_the_plain_pattern_skips_it(
        pieces: list[str]) -> None:
    from teletype.decode.fields import signers

    line = "".join(pieces)
    plain = re.compile(signers._SKIP.pattern.replace(r"|\*.*\*\s*$", r"|\*+.*\*+\s*$"))
    assert plain.pattern != signers._SKIP.pattern
    assert bool(signers._SKIP.match(line)) == bool(plain.match(line))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\r", "\u00a0", "\u2028", "\x1c",
                                 "\u3000", "a", "Bc", ".", "\u00b6", "\u2019"]), max_size=16))
def test_squash_is_the_split_words_joined(pieces: list[str]) -> None:
    from teletype.decode.fields.common import squash

    text = "".join(pieces)
    assert squash(text) == " ".join(text.split())


NUMBERED_PIECES = ["\n", "\n\n", " ", "\t", "1. (C) ", "12. Text", "\u00b62. X", "1.5", "3 . (",
                   "2.", "x", "Classified By: X", "reasons 1.4 (b)"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMBERED_PIECES), max_size=12), st.data())
def test_a_statement_s_end_is_that_of_the_search_in_a_copy(
        pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    pos = data.draw(st.integers(0, len(text)))
    blank = BLANK_LINE.search(text, pos)
    end = blank.start() if blank else len(text)
    if not text[pos:end].strip() and blank:
        nxt = BLANK_LINE.search(text, blank.end())
        end = nxt.start() if nxt else len(text)
    para = re.compile("(?m)^" + classified_by._NUMBERED.pattern.pattern).search(text[pos:end])
    if para is not None and para.start() > 0:
        end = pos + para.start()
    assert classified_by._statement_end(text, pos)[0] == end


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Classified By:", "CLAS", "cla", "C", "l", "a", "sified by",
                                 "\u0130", "\u017f", " ", "x"]), max_size=10))
def test_a_line_without_cla_holds_no_label(pieces: list[str]) -> None:
    line = "".join(pieces)
    if "cla" not in line.lower():
        assert classified_by._LABEL.search(line) is None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["1.", "12 . ", "(C)", "(S/NF) ", " ", "\n", "This message ",
                                 "x", ",", ";", " - ", "-", ":", "Jr.", "A."]), max_size=10))
def test_a_statement_s_lead_and_segments_are_those_of_the_plain_calls(pieces: list[str]) -> None:
    """The portion mark and lead words cut from a statement's start, and its segments
    split only where a separator's character stands."""
    from teletype.decode.fields.common import squash

    text = "".join(pieces)
    plain = classified_by._LEAD_WORDS.sub("", classified_by._PORTION.sub("", text).strip())
    found = classified_by._statement_text(text)
    assert found == plain
    if not any(c in text for c in ",;-:"):
        assert classified_by._SEGMENT_SEP.split(text) == [text]
    assert squash(text) == " ".join(text.split())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "  ", "Hoyt Y", "ee", "for", "DCM", "a" * 30,
                                 "B" * 61, "x.", "\t", "1.4"]), max_size=10))
def test_lines_are_joined_as_the_plain_reading_joins_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    lines = text.split("\n")
    out = lines[0]
    for prev, line in zip(lines, lines[1:], strict=False):
        last = prev.split()[-1] if prev.split() else ""
        if prev.endswith(" ") and line[:1].isalnum() and (len(prev) >= 70 or (
                len(prev) >= 64 and len(last) <= 3
                and last.lower() not in classified_by._SHORT_WORDS)):
            out = out.rstrip(" ") + line
        else:
            out = out.rstrip() + " " + line.lstrip()
    assert classified_by._join_lines(text) == out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES + ["a", ",", "Chicola", "FORD", "Z", "\u0663"]),
                max_size=10), st.data())
def test_a_character_in_no_head_is_in_no_match_of_the_page_head_pattern(
        pieces: list[str], data: st.DataObject) -> None:
    from teletype.decode.fields.common import in_no_head

    text = "".join(pieces)
    if not text:
        return
    pos = data.draw(st.integers(0, len(text) - 1))
    if in_no_head(text, pos):
        for start in range(pos + 1):
            head = PAGE_HEAD.match(text, start)
            assert head is None or head.end() <= pos


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SIGNER_PIECES + ["Z", "1", "BEIRUT 00000123 002 OF 002\nFORD"]),
                max_size=12))
@example(["FORD\n", "BEIRUT 00000123 002 OF 002\n"])  # a head on the last line
def test_the_signature_read_without_heads_where_none_can_stand_is_that_read_with_them(
        pieces: list[str]) -> None:
    from teletype.decode.fields import signers

    text = "".join(pieces)
    fast = signers.decode_signers(text)
    kept = signers.in_no_head
    signers.in_no_head = lambda text, pos: False  # type: ignore[assignment]
    try:
        assert signers.decode_signers(text) == fast
    finally:
        signers.in_no_head = kept  # type: ignore[assignment]


NOISE_PIECES = ["SECTION 01 OF 03", "s3ct1on 2 of 3", "Declassification Authority:", "Senior",
                "Reviewer", "A/GIS/IPS", "AIGISIIPS", "Classification Extended", "Class: S",
                "Declassify on", "Declassified", "Declassified/Released", "RPS/IPS",
                "Department of State Case No", "RELEASE IN PART", "Released in Full",
                "Sheryl P. Walter", "Review Authority:", "Systematic Review 3",
                "RECORDS ACT OF 1992", "CLASSIFIED MESSAGE", "Intelligence Information Cable",
                "CENTRAL INTELLIGENCE AGENCY", "S", "s", "\u017f", "\u0130", "\u0131", "\u212a",
                "\u00e9", " ", "\t", "\n", "x", "PAGE 02 ROME 01196 01 OF 02 082030Z",
                "MADRID 00000869 001.2 OF 004", "PAGE", "00", "MEMO. WE SUGGEST THAT",
                "CLEARANCE. We suggest it", "?", "!", "WHITE 1", "PART l", "|", " 1 "]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(NOISE_PIECES), max_size=8),
       st.lists(st.sampled_from(NOISE_PIECES), max_size=4))
def test_a_subject_s_line_checks_are_the_plain_searches(pieces: list[str],
                                                        following: list[str]) -> None:
    """The literals looked for before a subject line's regexes (noise, page head, prose,
    margin mark) leave none of their matches out."""
    line, after = "".join(pieces), "".join(following)
    assert subject._noise(line) == (subject._NOISE.search(line) is not None)
    assert subject._page_head_at(line) == (PAGE_HEAD.match(line) is not None)
    assert subject._stops(line) == bool(
        subject._LINE_STOP.match(line) or subject._GRAMMAR_STOP.match(line)
        or PAGE_HEAD.match(line.strip()) or subject._PROSE.search(line))
    mark = subject._MARGIN_MARK.search(line)
    if mark is None or mark["word"].upper() in subject._TAKES_NUMBER or not \
            subject._LETTER_FIRST.match(after) or subject._MONTH_START.match(after):
        assert subject._drop_margin_mark(line, after) == line
    else:
        assert subject._drop_margin_mark(line, after) == line[:mark.end("word")]
    assert subject._continuations(line, False).split("\n")[0] == line.split("\n")[0]


TAG_PIECES = ["TAGS:", "TAGS", "PREL", "pgov", "OVIP", "KDEM", "ETRDEINVECINPGOVCS", "GOI EXTERNAL",
              ",", ";", " ", "\n", "\t", ")", ".", "SIPDIS", "AND", "\u00a0", "\u00e9", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TAG_PIECES), max_size=14))
def test_a_tags_value_without_parentheses_is_read_in_the_parts_and_words_of_the_plain_split(
        pieces: list[str]) -> None:
    """The words of a value without parentheses, read with its separators in one search,
    are those the plain split finds part by part (parts without words read as nothing)."""
    raw = "".join(pieces)
    read: list[list[tuple[int, int, str]]] = []
    kept = tags._read_part
    tags._read_part = lambda raw, words, add, diags: read.append(list(words))  # type: ignore
    try:
        tags.decode_tags(raw)
    finally:
        tags._read_part = kept  # type: ignore[assignment]
    label = tags._LABEL.match(raw.lstrip()) if raw.strip() else None
    start = len(raw) - len(raw.lstrip()) + label.end() if label else 0
    if "(" in raw[start:]:
        return
    bounds = [start] + [m.end() for m in re.finditer("[,;]", raw[start:])]
    plain = []
    for i, part_start in enumerate(bounds):
        part_start += 0 if i == 0 else start
        part_end = bounds[i + 1] + start - 1 if i + 1 < len(bounds) else len(raw)
        words = [(m.start(), m.end(), m.group(0))
                 for m in tags._WORD_OR_PAREN.finditer(raw, part_start, part_end)]
        if words:
            plain.append(words)
    assert read == plain


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` split at its top-level ``|`` (not inside a group)."""
    parts: list[str] = []
    depth, start, escaped = 0, 0, False
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def test_every_stamp_phrase_holds_a_word_the_noise_check_looks_for() -> None:
    """subject._noise tries _NOISE only on a line that holds one of _NOISE_WORD's words:
    a phrase added to facts.STAMP_PHRASES without one would be passed over."""
    from teletype import facts

    for phrase in _top_level_alternatives(facts.STAMP_PHRASES):
        assert subject._NOISE_WORD.search(phrase.upper()) is not None, phrase
