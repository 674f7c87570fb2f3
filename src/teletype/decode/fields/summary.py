"""The summary: ``SUMMARY: ... END SUMMARY``, ``1. (C) Summary: ...``, a ``SUMMARY``
heading (with dashed rules) before paragraph 1, ``Summary and Comment:`` / ``Summary and
Action Request.`` and their ``END SUMMARY AND ...`` ends, or, without a label, paragraph 1
up to ``END SUMMARY``. Without an end marker the summary is its paragraph.

``decode_summary(raw)`` reads the summary out of the text it stands in (the body, or the
whole cable); paragraph numbers and portion marks inside it are dropped from the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ...slots import slot_maker
from .common import (
    BLANK_LINE,
    Diagnostics,
    LinePattern,
    matches,
    squash,
    upper_bytes,
    upper_finds,
)


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary. ``start``/``end`` index the text it was read from (label to end marker);
    ``value`` is its text without paragraph numbers and portion marks, whitespace squashed;
    ``ended`` says whether an ``END SUMMARY`` marker closes it."""

    raw: str
    start: int
    end: int
    label: str | None
    value: str
    ended: bool


_summary: Final = slot_maker(Summary)  # every field given
_DASH: Final = "\\-\u2010\u2011\u2012\u2013\u2014"
_END: Final = re.compile(
    r"(?i)\bEND\s+(?:OF\s+)?SUMMARY\b(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST|INTRODUCTION))?"
)
_LABEL: Final = re.compile(
    r"(?i)(?<![A-Za-z])(?P<label>SUMMARY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST|INTRODUCTION))?)"
    r"(?=\s*(?:[:.]|[" + _DASH + r"]{2,}|\n|$|\s+\(|\s+[" + _DASH + r"]))"
)
_LEAD: Final = re.compile(
    r"(?:\s|[" + _DASH + r"])*(?:\u00b6?\d{1,2}\s*\.\s*)?(?:\([A-Z/]{1,8}\)\s*)?"
)
#: a paragraph number (and portion mark) at a line start, dropped from the value
_PARA: Final = LinePattern(r"[ \t]*\u00b6?\d{1,2}\s*\.(?!\d)\s*(?:\([A-Z/]{1,8}\)\s*)?")
_PARA_START: Final = LinePattern(r"[ \t]*\u00b6?\d{1,2}\s*\.(?!\d)")
_RULE: Final = re.compile(r"(?m)^[ \t]*[" + _DASH + r"]{3,}.*$|[" + _DASH + r"]{4,}")


_END_BEFORE: Final = re.compile(r"(?i)\bEND\s*$")
_AFTER_LABEL: Final = re.compile(r"\s*[:.]?(?:[\s" + _DASH + r"])*")
_LABEL_AGAIN: Final = re.compile(
    r"(?i)SUMMARY(?:\s+AND\s+\w+)?\s*[:.]\s*(?:\([A-Z/]{1,8}\)\s*)?")
_BEFORE_LABEL: Final = re.compile(
    r"[\s\u00b6" + _DASH + r"]*(?:\d{1,2}\s*\.\s*)?(?:\([A-Z/]{1,8}\)\s*)?")


def _label_at(text: str, m: re.Match[str]) -> bool:
    """A SUMMARY word that is a label: nothing but a paragraph number, a portion mark or a
    dashed rule before it on its line, and not the END of one."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[line_start:m.start()]
    if _END_BEFORE.search(before):
        return False
    return bool(_BEFORE_LABEL.fullmatch(before))


#: how much of a text the search for its END SUMMARY upper-cases first (doubled until
#: found): most cables have it within their first few thousand characters
_FIRST_PART: Final = 4096


def _first_end(raw: str) -> re.Match[str] | None:
    """``_END.search(raw)``, tried only before a ``SUMMARY`` (one or two a cable), not at
    every ``END`` (``SEND``, ``RECOMMEND``, ``AGENDA``, ...): the word before the SUMMARY,
    or before its ``OF``, must be the END. The upper-cased copy searched is made a part
    at a time (:func:`upper_finds`), until a match."""
    for pos in upper_finds(raw, b"SUMMARY", 0, _FIRST_PART):
        if pos < 0:  # a letter (?i) reads as ASCII: the plain search
            return _END.search(raw)
        upper = upper_bytes(raw, pos)  # the copy made so far (it holds pos)
        assert upper is not None
        blank = pos
        while blank > 0 and raw[blank - 1].isspace():
            blank -= 1
        start = -1
        if blank < pos and blank >= 3:
            if upper[blank - 2:blank] == b"OF" and raw[blank - 3].isspace():
                word = blank - 3
                while word > 0 and raw[word - 1].isspace():
                    word -= 1
                if word >= 3 and upper[word - 3:word] == b"END":
                    start = word - 3
            elif upper[blank - 3:blank] == b"END":
                start = blank - 3
        if start >= 0:
            found = _END.match(raw, start)
            if found is not None:
                return found
    return None


def decode_summary(raw: str) -> tuple[Summary | None, Diagnostics]:
    end_marker = _first_end(raw)
    label = next((m for m in matches(_LABEL, raw, "SUMMARY",
                                     end_marker.start() if end_marker else len(raw))
                  if _label_at(raw, m)), None)
    if label is not None:
        start = label.end()
        body_start = start
        # "------- SUMMARY -------", "Summary: (SBU)", "1. Summary: ..." after a heading
        lead = _AFTER_LABEL.match(raw, start)
        body_start = lead.end() if lead else start
        lead = _LEAD.match(raw, body_start)
        if lead is not None:
            body_start = lead.end()
        again = _LABEL_AGAIN.match(raw, body_start)
        if again is not None:
            body_start = again.end()
    elif end_marker is not None:
        paras = [p for p in _PARA_START.finditer(raw, 0, end_marker.start())]
        if not paras:
            return None, ()
        lead = _LEAD.match(raw, paras[0].start())
        body_start = lead.end() if lead else paras[0].start()
        start = paras[0].start()
    else:
        return None, ()
    if end_marker is not None and end_marker.start() >= body_start:
        body_end, end, ended = end_marker.start(), end_marker.end(), True
    else:
        body_end, ended = _paragraph_end(raw, body_start), False
        end = body_end
    body = raw[body_start:body_end]
    body = _PARA.sub(" ", body)
    value = squash(body)
    if not value:
        return None, ()
    return _summary(raw, label.start() if label else start, end,
                    label["label"] if label else None, value, ended), ()


def _paragraph_end(text: str, pos: int) -> int:
    ends = [len(text)]
    blank = BLANK_LINE.search(text, pos)
    if blank:
        ends.append(blank.start())
    # a rule is looked for up to the blank line only: one that starts before it ends on
    # its own line, so that it is found there as in the whole text
    rule = _RULE.search(text, pos, ends[-1])
    if rule:
        ends.append(rule.start())
    para = _PARA_START.search(text, pos + 1)
    if para:
        ends.append(para.start())
    return min(ends)


def find_summary(text: str) -> Summary | None:
    """The summary of a whole cable (or a snippet); None when there is none."""
    summary, _ = decode_summary(text)
    return summary
