"""The Builder's fast paths give exactly what the general paths give (issue 16): the OCR
group readers' paths for a clean group (``as_digits``, ``as_letters``, ``day_time``,
``month``, ``year``, ``section``) against the readers character by character, on groups
generated from the characters where the two could part."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from teletype import ocr
from teletype.ocr import chars, groups
from teletype.ocr.classification import _section

#: Characters of coded groups and those the readers treat apart: ASCII digits, the letters
#: and signs OCR confuses with digits, other letters in both cases, stray punctuation,
#: zone misreads, whitespace, and digits and letters outside ASCII.
GROUP_CHARS = ("0123456789" "OoQDIli|!SsBZzGb$" "ACEFHJKLMNPRTUVWXY" "acefhjkmn"
               ".,;:'`\u2018\u2019\"*~_-%7" " \t" "\u00b2\u0663\uff11\u00e9\u00c9\u0130")

groups_ = st.text(st.sampled_from(GROUP_CHARS), max_size=9)
clean_digits = st.text(st.sampled_from("0123456789"), min_size=1, max_size=8)
clean_letters = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=9)


def same(fast: ocr.Fixed, slow: ocr.Fixed) -> None:
    assert type(fast) is type(slow) is ocr.Fixed
    assert (fast.raw, fast.text, fast.repairs, fast.ok) == (slow.raw, slow.text, slow.repairs,
                                                            slow.ok)
    assert fast == slow and hash(fast) == hash(slow)


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, clean_digits, clean_letters))
@example("")
@example("\u0663\u0663")  # Arabic-Indic digits: isdigit, not ASCII
@example("\u00b2")  # a superscript: isdigit, not a digit
@example("\u00c9T\u0130")  # upper-case letters outside ASCII
def test_as_digits_and_as_letters(raw: str) -> None:
    same(ocr.as_digits(raw), chars._as_digits(raw))
    same(ocr.as_letters(raw), chars._as_letters(raw))


def _day_times() -> st.SearchStrategy[str]:
    two = st.text(st.sampled_from("0123456789"), min_size=2, max_size=2)
    return st.builds(lambda d, h, m, z: d + h + m + z, two, two, two,
                     st.sampled_from(["Z", "L", "z", "l", "2", "%", "A", "", "Z.", "\u0130"]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, _day_times()), st.sampled_from(["Z", "ZL", "L"]))
@example("280245Z", "Z")
@example("320245Z", "Z")
@example("002400Z", "Z")
@example("312359L", "ZL")
@example("312359L", "Z")
@example("28\u06630245Z", "Z")
def test_day_time(raw: str, zones: str) -> None:
    same(ocr.day_time(raw, zones), groups._day_time(raw, zones))


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, st.sampled_from(sorted(ocr.MONTHS)),
                 st.sampled_from(sorted(ocr.MONTHS)).map(str.lower),
                 st.sampled_from(sorted(ocr.MONTHS)).map(lambda m: m + ".")))
@example("MAY")
@example("N0V")
def test_month(raw: str) -> None:
    same(ocr.month(raw), groups._month(raw))


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, clean_digits))
@example("89")
@example("2009")
@example("O8")
@example("\u0663\u0663")
def test_year(raw: str) -> None:
    same(ocr.year(raw), groups._year(raw))


def _sections() -> st.SearchStrategy[str]:
    number = st.text(st.sampled_from("0123456789OIl"), min_size=1, max_size=3)
    word = st.sampled_from(["SECTION", "SECTION ", "SECTION  ", "SECTI0N ", "Section ", "SECT "])
    of = st.sampled_from([" OF ", "  OF ", " OF", " 0F ", " of "])
    pad = st.sampled_from(["", " ", "\t", "\n", " ."])
    return st.builds(lambda a, w, n, o, m, b: a + w + n + o + m + b, pad, word, number, of,
                     number, pad)


@settings(max_examples=400, deadline=None)
@given(st.one_of(groups_, _sections()))
@example("SECTION 01 OF 02")
@example("SECTION 03 OF 02")
@example("SECTION 00 OF 02")
@example(" SECTION 1 OF 12 ")
def test_section(raw: str) -> None:
    same(ocr.section(raw), _section(raw))
