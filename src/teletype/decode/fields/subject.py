"""The subject line: the text after the SUBJECT label up to where the next field or
paragraph starts.

Label forms: ``SUBJECT:``, ``SUBJ:``, ``SUBJECT`` without a colon, ``SUBJECT.``, the
truncated ``UBJECT:``, and an empty ``SUBJECT:`` line with the text on the next line. The
subject ends at a blank line, a page head (``PRETORIA 00000954 001.2 OF 004``), a banner
line, ``This is an Action request.``, a REF label (also inline: ``... IN RIO Ref(s): A)``),
a classification statement, a SUMMARY heading, a dashed rule or a numbered paragraph.
The value has HTML entities decoded (``&#8217;``) and WikiLeaks' trailing `` \\`` dropped;
the raw text is unchanged.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Final

from .common import PAGE_HEAD, Diagnostics, note, squash


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


_LABEL: Final = re.compile(
    r"(?i)(?:(?<![A-Za-z/])|(?<=\\n))(?P<label>SUBJECT|SUBJ|UBJECT)(?![A-Za-z])"
    r"(?P<sep>[ \t]*[:.]|[ \t]*/|(?=[ \t]+\S))"
)
_PARAGRAPH_ONE: Final = re.compile(r"(?m)^[ \t]*\u00b6?[ \t]*1[ \t]*\.(?!\d)")
_INLINE_STOP: Final = re.compile(
    r"(?i)(?:\bREF(?:S|TELS?)?\s*:|REF(?:S|TELS?|\(S\))\s*:|\bREF\s+\(?[A-Z][.)]|\bREF\s*\(S\)"
    r"|\bclass?i?fi?ed\s+by\b)"
)
_LINE_STOP: Final = re.compile(
    r"(?i)^\s*(?:\\?\s*$|REF|REFS|REFTELS?|-{3,}|\u00b6?\s*\d{1,2}\s*\.(?!\d)|(?:END\s+)?SUMMARY\b"
    r"|THIS IS AN ACTION REQUEST|E\.?\s?O\.?\s+1\d{4}|TAGS\b|PAGE\s+\d|SENSITIVE BUT"
    r"|(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*$|NOFORN\s*$|SIPDIS\s*$)"
)
_PORTION: Final = re.compile(r"^\((?:[A-Z]{1,4}(?:/+[A-Z]{1,4})*)\)\s*")


def locate_subject(text: str) -> tuple[int, int] | None:
    """Where the subject field of a cable's front matter stands, or None."""
    first = _PARAGRAPH_ONE.search(text)
    limit = first.start() if first else len(text)
    for label in _LABEL.finditer(text, 0, limit):
        word = label["label"].upper()
        line_start = text.rfind("\n", 0, label.start()) + 1
        before = text[line_start:label.start()]
        # "SUBJECT" without a colon only at the start of a line; "UBJECT" only as a label
        if not label["sep"].strip() and before.strip():
            continue
        if word == "UBJECT" and not label["sep"].strip():
            continue
        return label.start(), _value_end(text, label.end())
    return None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return end if end >= 0 else len(text)


def _value_end(text: str, pos: int) -> int:
    """Where the subject that starts at ``pos`` (after its label) ends."""
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
        if line_start > start and (_LINE_STOP.match(line) or PAGE_HEAD.match(line.strip())):
            return line_start - 1
        stop = _INLINE_STOP.search(line)
        if stop is not None and (line_start > start or stop.start() > 0):
            return line_start + stop.start()
        if line_end >= len(text):
            return len(text)
        line_start = line_end + 1


#: OCR debris around a subject: a short lower-case smudge before it (``-fet``, ``-tei-``),
#: punctuation alone or a release stamp's DECLASSIFIED (letter-spaced too) after it.
_DEBRIS = re.compile(
    r"^(?:[-_~'`.,]+[a-z]{1,4}[-_~'`.,]*\s+)+|(?:\s+[-_~'`]+)+$"
    r"|\s+D\s?E\s?C\s?L\s?A\s?S\s?S\s?I\s?F\s?I\s?E\s?D$")
#: A continuation line that starts another labelled field of a memorandum or drafting form
#: (``MEMCON: ...``); a wrapped subject may well start a line with ``NETANYAHU: ...``.
_NEW_FIELD = re.compile(
    r"\s*(?:MEMCON|MEMORANDUM|PARTICIPANTS|DATE|PLACE|TIME|COPIES|DISTRIBUTION|ACTION"
    r"|COMMENT|ATTACHMENTS?|ENCLOSURES?)\s*:\s")


def _continuations(body: str, military: bool) -> str:
    """The subject's lines up to one that starts another field; a continuation that is a
    lone letter or digit (a stray mark of the scan) dropped; a military set's continuation
    slashes (``/TO THE GUN CONTROL ACT//``) dropped."""
    lines = body.split("\n")
    for i, line in enumerate(lines[1:], 1):
        if _NEW_FIELD.match(line):
            lines = lines[:i]
            break
    rest = [line.strip().lstrip("/") if military else line for line in lines[1:]
            if len(line.strip()) > 1 or not line.strip().isalnum()]
    return "\n".join([lines[0], *rest])


def _clean(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _DEBRIS.sub("", text)
    return text


def decode_subject(raw: str) -> tuple[Subject, Diagnostics]:
    """Read a subject field (label and value as written): the one reader of a subject,
    for the Builder's SubjectLine and the record."""
    diags = []
    label = _LABEL.search(raw)
    start = label.end() if label else 0
    label_text = raw[label.start():label.end()].strip() if label else ""
    if label is not None and label["label"].upper() == "UBJECT":
        diags.append(note("TT403", f"SUBJECT label written {label_text!r}", raw,
                          label.start(), label.end()))
    military = label is not None and label["sep"].strip() == "/"
    body = _continuations(raw[start:], military)
    # WikiLeaks ends lines with " \\" (a line-continuation mark): not part of the subject
    text = re.sub(r"(?m)[ \t]*\\[ \t]*$", "", body)
    text = squash(html.unescape(text))
    again = _LABEL.match(text)
    if again is not None and again["sep"].strip() == ":":
        text = text[again.end():].strip()  # "SUBJECT:" on a line, "SUBJECT: ..." on the next
    if label is not None and label["sep"].strip() == "/":
        text = re.sub(r"\s*//\s*$", "", text)  # a military SUBJ/.../// set
    text = _clean(text)
    mark = _PORTION.match(text)
    value = text[mark.end():] if mark else text
    return Subject(raw, label_text, text, mark.group(0).strip() if mark else None,
                   value), tuple(diags)


def find_subject(text: str) -> Subject | None:
    """The subject of a whole cable (or a snippet), read; None when there is none."""
    where = locate_subject(text)
    if where is None:
        return None
    subject, _ = decode_subject(text[where[0]:where[1]])
    return subject
