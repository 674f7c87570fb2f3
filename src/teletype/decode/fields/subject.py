"""The subject line: the text after the SUBJECT label up to where the next field or
paragraph starts.

Label forms: ``SUBJECT:``, ``SUBJ:``, ``SUBJECT`` without a colon, ``SUBJECT.``, the
truncated ``UBJECT:``, the OCR'd ``SSUBIECT:`` (TT403 for both), and an empty ``SUBJECT:``
line with the text on the next line. The subject ends at a blank line, a page head
(``PRETORIA 00000954 001.2 OF 004``), a banner line, ``This is an Action request.``, a REF
label (also inline: ``... IN RIO Ref(s): A)``), a classification statement, a SUMMARY
heading, a dashed rule or a numbered paragraph.
The value has HTML entities decoded (``&#8217;``) and WikiLeaks' trailing `` \\`` dropped;
the raw text is unchanged.

Printouts add their own hazards, each read by its shape, never by the file:

- a paragraph that follows the subject without a blank line ends it when a continuation
  line reads as prose (a sentence ends and another starts on it: ``... CLEARANCE. WE
  SUGGEST ...``), and a line that starts with a portion-marked classification statement
  (``(U) CLASSIFIED CHARGE ...``, its BY lost to OCR) ends it;
- lines a printout or a release review prints across a subject (a repeated ``SECTION 01
  OF 03 PHNOM 393`` line, the ``Declassification Authority: ... Senior Reviewer ...``
  stamp and its dates) are skipped: the subject goes on after them when the next line
  continues it, and they are never part of the value;
- a stray vertical mark of the scan at the end of a wrapped line (``WHITE 1`` / ``PAPER``)
  is dropped, unless the word before it takes a number (``PART 1``, ``JANUARY 1``);
- trailing punctuation debris (``BEREZOVSKIY .,)„,41/0``) is dropped;
- when no label stands before paragraph 1 (a printout whose header page was printed
  after a page of text), a ``SUBJECT:`` at a line start among other front-matter lines
  (a caption, E.O., TAGS, a classification statement) is the subject.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Final

from ... import facts
from ...slots import slot_maker
from .common import PAGE_HEAD, Diagnostics, front_limit, matches, note, squash, upper_bytes


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject. ``raw`` is the field as written (label included); ``label`` the label as
    written; ``text`` the subject with entities decoded and whitespace squashed;
    ``portion_mark`` a leading ``(C)``-style mark and ``value`` the subject without it."""

    raw: str
    label: str
    text: str
    portion_mark: str | None
    value: str


_subject: Final = slot_maker(Subject)

_LABEL: Final = re.compile(
    r"(?i)(?:(?<![A-Za-z/])|(?<=\\n))(?P<label>S?SUBJECT|S?SUBIECT|SUBJ|UBJECT)(?![A-Za-z])"
    r"(?P<sep>[ \t]*[:.]|[ \t]*/|(?=[ \t]+\S))"
)
#: what every match of _LABEL starts with (upper-cased)
_LABEL_STARTS: Final = ("SUBJ", "SUBI", "SSUB", "UBJECT")
_INLINE_STOP: Final = re.compile(
    r"(?i)(?:\bREF(?:S|TELS?)?\s*:|REF(?:S|TELS?|\(S\))\s*:|\bREF\s+\(?[A-Z][.)]|\bREF\s*\(S\)"
    r"|\bclass?i?fi?ed\s+by\b|\b(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET)//?(?=\s|$))"
)
_LINE_STOP: Final = re.compile(
    r"(?i)^\s*(?:\\?\s*$|REF|REFS|REFTELS?|-{3,}|\u00b6?\s*\d{1,2}\s*\.(?!\d)|(?:END\s+)?SUMMARY\b"
    r"|\((?:U|C|S|TS|SBU|LOU|NF)\)\s*CLASS"
    r"|(?:UNCLAS\w*|CONFIDENTIAL|SECRET)//?(?:\s|$)"
    r"|THIS IS AN ACTION REQUEST|E\.?\s?O\.?\s+1\d{4}|TAGS\b|PAGE\s+\d|SENSITIVE BUT"
    r"|(?:" + facts.BANNER_LEVELS + r")\s*$|NOFORN\s*$|SIPDIS\s*$)"
)
#: The lines the grammar ends a subject line before (cable.lark's ``_CNL``: the same
#: teletype.facts.FIELD_START), so the decoder reads no further than the grammar does
#: except across a stamp.
_GRAMMAR_STOP: Final = re.compile(r"^[ \t]*" + facts.FIELD_START)
_PORTION: Final = re.compile(r"^\((?:[A-Z]{1,4}(?:/+[A-Z]{1,4})*)\)\s*")


#: Front-matter lines that show a ``SUBJECT:`` after paragraph 1 heads a header block (a
#: caption, E.O., TAGS, a classification statement, REF) rather than quoting a subject.
_FRONT_NEIGHBOUR: Final = re.compile(
    r"(?im)^[ \t]*(?:E\.?[ \t]?O\.?[ \t]*1\d{4}|TAGS\b|REF\b|(?:NODIS|EXDIS|LIMDIS|STADIS"
    r"|SIPDIS|DECAPTIONED)\b|\((?:U|C|S|TS|SBU|LOU|NF)\)[ \t]*CLASS|CLASSIFIED[ \t]+BY\b)")
#: how many lines before and after a late label are searched for a front-matter neighbour
_NEIGHBOURS = 3


def locate_subject(text: str) -> tuple[int, int] | None:
    """Where the subject field of a cable's front matter stands, or None."""
    limit = front_limit(text)
    for label in matches(_LABEL, text, _LABEL_STARTS, limit):
        word = label["label"].upper()
        line_start = text.rfind("\n", 0, label.start()) + 1
        before = text[line_start:label.start()]
        # "SUBJECT" without a colon only at the start of a line; "UBJECT" only as a label
        if not label["sep"].strip() and before.strip():
            continue
        if word == "UBJECT" and not label["sep"].strip():
            continue
        return label.start(), _value_end(text, label.end(), label["sep"].strip() == "/")
    if limit < len(text):  # paragraph 1 stands there
        return _late_subject(text, limit)
    return None


def _late_subject(text: str, start: int) -> tuple[int, int] | None:
    """A ``SUBJECT:`` label at a line start after paragraph 1 (a header page printed after
    a page of text) that has front-matter lines around it; None when there is none."""
    for label in matches(_LABEL, text, _LABEL_STARTS, pos=start):
        line_start = text.rfind("\n", 0, label.start()) + 1
        if label["sep"].strip() != ":" or text[line_start:label.start()].strip():
            continue
        before = line_start
        for _ in range(_NEIGHBOURS):
            before = text.rfind("\n", 0, max(before - 1, 0)) + 1
        after = line_start
        for _ in range(_NEIGHBOURS + 1):
            after = _line_end(text, after) + 1
            if after > len(text):
                break
        if _FRONT_NEIGHBOUR.search(text, before, line_start) or _FRONT_NEIGHBOUR.search(
                text, _line_end(text, label.end()), min(after, len(text))):
            return label.start(), _value_end(text, label.end())
    return None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return end if end >= 0 else len(text)


#: A continuation line that reads as prose: a sentence ends on it and another starts
#: (a word of five letters or more before the stop, so ``MRS. BUSH``, ``SEPT. 24`` and
#: ``VS. FORMER`` stay subject text).
_PROSE: Final = re.compile(r"[A-Za-z]{5,}[.?!][\"')]*[ \t]+[A-Z][A-Za-z']*[ \t]+\S")
#: A line printed across a subject by the printout or the release review: a repeated
#: section line, a line the grammar marks as a stamp (teletype.facts.STAMP_PHRASES:
#: ``Declassification Authority:``, ``RELEASE IN PART``, ``Department of State Case No``,
#: ...), the rest of the review stamp (``Senior Reviewer``, ``A/GIS/IPS 5/15/2019``,
#: ``Classification Extended ...``, ``Class: SECRET``, ``Declassify on:``).
_NOISE: Final = re.compile(
    r"(?i:^[ \t]*S[E3]CT[I1l]ON[ \t]+[0-9OIl]{1,3}[ \t]+[O0]F[ \t]+[0-9OIl]{1,3}\b"
    r"|Declassification[ \t]+(?:Authority|Date)|Senior[ \t]+Reviewer|\bA[/I]GIS[/I]IPS\b"
    r"|Classification[ \t]+Extended|\bClass:[ \t]*[A-Z]|Declassify[ \t]+on\b|^[ \t]*Declassified)"
    r"|" + facts.STAMP_PHRASES)
#: a date alone on a line: part of a stamp when it follows one (``01/28/2030``)
_STAMP_DATE: Final = re.compile(r"^[ \t]*\d{1,2}/\d{1,2}/\d{2,4}[ \t]*$")
#: A word (upper-cased) that every match of _NOISE but the section line holds: CLASS
#: (Declassification, Class:, CLASSIFIED MESSAGE ...), REVIEW (Senior Reviewer, Review
#: Authority), IPS (A/GIS/IPS, RPS/IPS), CASE, RELEASE, WALTER, RECORDS, INTELLIGENCE.
_NOISE_WORD: Final = re.compile("CLASS|REVIEW|IPS|CASE|RELEASE|WALTER|RECORDS|INTELLIGENCE")


def _noise(line: str) -> bool:
    """``_NOISE.search(line)``, tried only when ``line`` can hold a match (the ``(?i)``
    pattern costs several us a line): in an ASCII line a match holds one of _NOISE_WORD's
    words in some case, or is the section line, which starts ``line`` with blanks and S
    (``(?i)`` reads non-ASCII letters as ASCII ones: such a line takes the pattern)."""
    if line.isascii() and line.lstrip(" \t")[:1] not in ("S", "s") and \
            _NOISE_WORD.search(line.upper()) is None:
        return False
    return _NOISE.search(line) is not None


def _page_head_at(line: str) -> bool:
    """``PAGE_HEAD.match(line)``, tried only when ``line`` starts with ``PAGE`` or holds
    ``00`` (every match does: a printout's PAGE line, an office's zero-padded serial)."""
    return (line.startswith("PAGE") or "00" in line) and PAGE_HEAD.match(line) is not None


def _stops(line: str) -> bool:
    """A line that ends the subject before it."""
    # a prose line holds a sentence's stop (the literal checked before the search)
    return bool(_LINE_STOP.match(line) or _GRAMMAR_STOP.match(line)
                or _page_head_at(line.strip())
                or ("." in line or "?" in line or "!" in line) and _PROSE.search(line))


def printed_across(text: str, pos: int) -> bool:
    """Whether the line that starts at ``pos`` of ``text`` (or the next one, when only
    blanks follow ``pos`` on its line) is one a printout or a release review prints across
    a field (a stamp, a repeated section line)."""
    if pos > 0 and text[pos - 1] != "\n":
        end = _line_end(text, pos)
        if text[pos:end].strip(" \t\r") or end >= len(text):
            return False
        pos = end + 1
    return _noise(text[pos:_line_end(text, pos)])


def _after_noise(text: str, pos: int) -> int:
    """The start of the first line after the run of noise lines that starts at ``pos``."""
    while pos < len(text):
        line = text[pos:_line_end(text, pos)]
        if not (_noise(line) or _STAMP_DATE.match(line)):
            break
        pos = _line_end(text, pos) + 1
    return pos


def _may_stop_inline(upper: bytes | None, start: int, end: int) -> bool:
    """Whether ``_INLINE_STOP`` can match in the line ``start`` to ``end`` of the text whose
    :func:`upper_bytes` are ``upper``: each of its matches holds ``REF``, ``CLAS``
    (``UNCLAS``), ``CONFIDENTIAL`` or ``SECRET`` in some case (a plain search of the
    upper-cased bytes, instead of the ``(?i)`` pattern at every character)."""
    return upper is None or upper.find(b"REF", start, end) >= 0 or \
        upper.find(b"CLAS", start, end) >= 0 or upper.find(b"SECRET", start, end) >= 0 or \
        upper.find(b"CONFIDENTIAL", start, end) >= 0


def _value_end(text: str, pos: int, military: bool = False) -> int:
    """Where the subject that starts at ``pos`` (after its label) ends; a military set
    (``SUBJ/...``) ends with its ``//``."""
    first_end = _line_end(text, pos)
    start = pos
    if not text[pos:first_end].strip(" \t\\"):
        # an empty SUBJECT line: the subject is on the next line (none when that is empty)
        if first_end >= len(text) or not text[first_end + 1:_line_end(
                text, first_end + 1)].strip(" \t\\"):
            return pos
        start = first_end + 1
    line_start = start
    while True:
        line_end = _line_end(text, line_start)
        line = text[line_start:line_end]
        if line_start > start and _stops(line):
            return line_start - 1
        if line_start > start and _noise(line):
            # a stamp or a repeated section line printed across the subject: the subject
            # goes on after it only when the line after it continues the subject
            after = _after_noise(text, line_start)
            if after >= len(text) or _stops(text[after:_line_end(text, after)]):
                return line_start - 1
            line_start = after
            continue
        stop = _INLINE_STOP.search(line) if _may_stop_inline(
            upper_bytes(text, line_end), line_start, line_end) else None
        if stop is not None and (line_start > start or stop.start() > 0):
            return line_start + stop.start()
        close = line.find("//") if military else -1
        if close >= 0:
            return line_start + close + 2
        if line_end >= len(text):
            return len(text)
        line_start = line_end + 1


#: OCR debris around a subject: a short lower-case smudge before it (``-fet``, ``-tei-``),
#: punctuation alone, a release stamp's DECLASSIFIED (letter-spaced too) or a group of
#: run-together punctuation without letters (``.,)„,41/0``) after it.
_DEBRIS = re.compile(
    r"^(?:[-_~'`.,]+[a-z]{1,4}[-_~'`.,]*\s+)+|(?:\s+[-_~'`]+)+$"
    r"|\s+D\s?E\s?C\s?L\s?A\s?S\s?S\s?I\s?F\s?I\s?E\s?D$"
    r"|\s+[^A-Za-z\s]*(?:[.,;:\u201e][,;:)(\u201e]|[,;:\u201e]\.)[^A-Za-z\s]*$")
#: A continuation line that starts another labelled field of a memorandum or drafting form
#: (``MEMCON: ...``); a wrapped subject may well start a line with ``NETANYAHU: ...``.
_NEW_FIELD = re.compile(
    r"\s*(?:MEMCON|MEMORANDUM|PARTICIPANTS|DATE|PLACE|TIME|COPIES|DISTRIBUTION|ACTION"
    r"|COMMENT|ATTACHMENTS?|ENCLOSURES?)\s*:\s")


def _continuations(body: str, military: bool) -> str:
    """The subject's lines up to one that starts another field; a continuation that is a
    lone letter or digit (a stray mark of the scan) dropped; a military set's continuation
    slashes (``/TO THE GUN CONTROL ACT//``) dropped."""
    if "\n" not in body:
        return body  # one line: nothing to drop
    lines = body.split("\n")
    for i, line in enumerate(lines[1:], 1):
        if _NEW_FIELD.match(line):
            lines = lines[:i]
            break
    kept = [lines[0]]
    in_noise = False
    for line in lines[1:]:
        in_noise = bool(_noise(line) or in_noise and _STAMP_DATE.match(line))
        if not in_noise and (len(line.strip()) > 1 or not line.strip().isalnum()):
            kept.append(line.strip().lstrip("/") if military else line)
    for i in range(len(kept) - 1):
        kept[i] = _drop_margin_mark(kept[i], kept[i + 1])
    return "\n".join(kept)


#: A vertical stroke of the scan read as a character at the end of a wrapped line.
_MARGIN_MARK: Final = re.compile(r"(?<!\S)(?P<word>[A-Za-z]+)[ \t]+[1l|!][ \t]*$")
_MARKS: Final = frozenset("1l|!")
#: Words a number follows in a subject (``PART 1``, ``PHASE 1``, ``JANUARY 1``).
_TAKES_NUMBER: Final = frozenset("""
NO NR NUMBER PART PHASE ROUND SECTION ARTICLE TITLE CHAPTER VOLUME VOL ANNEX APPENDIX ITEM
PARA PARAGRAPH TRANCHE STAGE STEP LEVEL TIER CATEGORY CLASS TYPE RESOLUTION UNSCR WEEK DAY
GROUP TEAM TRACK BASKET OPTION PLAN REPORT PROTOCOL START SALT TABLE TAB UNIT BLOCK CYCLE
WAVE LOT CASE VERSION SESSION MEETING PLUS TO AND OR OF NUMBERS TOP FORM REF TEL MESSAGE
""".split()) | facts.MONTH_WORDS
_MONTH_START: Final = re.compile(r"(?i)^[ \t]*(?:" + "|".join(facts.MONTHS) + r")[A-Z]*\b")


_LETTER_FIRST: Final = re.compile(r"[ \t]*[A-Za-z]")
_CONTINUATION_MARK: Final = re.compile(r"(?m)[ \t]*\\[ \t]*$")
_SET_END: Final = re.compile(r"\s*//\s*$")


def _drop_margin_mark(line: str, following: str) -> str:
    """``line`` without a lone ``1`` (``l``, ``|``, ``!``) at its end when that is a stray
    mark: a word that takes no number before it, a word (not a month) after it."""
    if line.rstrip(" \t\n")[-1:] not in _MARKS:
        return line  # no mark ends the line (the pattern's last character but blanks)
    mark = _MARGIN_MARK.search(line)
    if mark is None or mark["word"].upper() in _TAKES_NUMBER:
        return line
    if not _LETTER_FIRST.match(following) or _MONTH_START.match(following):
        return line
    return line[:mark.start("word") + len(mark["word"])]


#: last characters no alternative of _DEBRIS can end with (each ends with punctuation, a
#: blank-separated group without letters, or DECLASSIFIED's D)
_CLEAN_END: Final = frozenset("ABCEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
#: what an alternative of _DEBRIS that ends the text other than the group without letters
#: ends with (or the line end its ``$`` stands before)
_DEBRIS_LAST: Final = frozenset("-_~'`D\n")
#: the run of punctuation that a group without letters at the end holds (_DEBRIS's last
#: alternative)
_DEBRIS_PAIR: Final = re.compile("[.,;:\u201e][,;:)(\u201e]|[,;:\u201e]\\.")


def _no_debris(text: str) -> bool:
    """Whether ``_DEBRIS`` matches nowhere in ``text`` (False: it may), told by its ends."""
    if not text or text[0] in "-_~'`.,":
        return False  # the first alternative may match
    if text[-1] in _CLEAN_END:
        return True
    if text[-1] in _DEBRIS_LAST:
        return False
    # the last alternative: a group without letters after the text's last blank, which
    # holds a pair of punctuation marks
    words = text.rsplit(None, 1)
    return not words or _DEBRIS_PAIR.search(words[-1]) is None


def _clean(text: str) -> str:
    if _no_debris(text):
        return text
    previous = None
    while previous != text:
        previous, text = text, _DEBRIS.sub("", text)
    return text


# the subject line's handler and the front matter read the same text (values are frozen)
@functools.lru_cache(maxsize=8)
def decode_subject(raw: str) -> tuple[Subject, Diagnostics]:
    """Read a subject field (label and value as written): the one reader of a subject,
    for the Builder's SubjectLine and the record."""
    diags = []
    label = _LABEL.search(raw)
    start = label.end() if label else 0
    label_text = raw[label.start():label.end()].strip() if label else ""
    if label is not None and label["label"].upper() not in ("SUBJECT", "SUBJ"):
        diags.append(note("TT403", f"SUBJECT label written {label_text!r}", raw,
                          label.start(), label.end()))
    military = label is not None and label["sep"].strip() == "/"
    body = _continuations(raw[start:], military)
    # WikiLeaks ends lines with " \\" (a line-continuation mark): not part of the subject
    text = _CONTINUATION_MARK.sub("", body) if "\\" in body else body
    text = squash(html.unescape(text))
    again = _LABEL.match(text)
    if again is not None and again["sep"].strip() == ":":
        text = text[again.end():].strip()  # "SUBJECT:" on a line, "SUBJECT: ..." on the next
    if label is not None and label["sep"].strip() == "/":
        text = _SET_END.sub("", text)  # a military SUBJ/.../// set
    text = _clean(text)
    mark = _PORTION.match(text)
    value = text[mark.end():] if mark else text
    return _subject(raw, label_text, text, mark.group(0).strip() if mark else None,
                    value), tuple(diags)


def find_subject(text: str) -> Subject | None:
    """The subject of a whole cable (or a snippet), read; None when there is none."""
    where = locate_subject(text)
    if where is None:
        return None
    subject, _ = decode_subject(text[where[0]:where[1]])
    return subject
