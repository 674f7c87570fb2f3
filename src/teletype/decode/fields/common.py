"""Shared pieces of the front-matter decoders: spans relative to a field's raw text,
diagnostics, and the labels and page heads that end a field."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Final

from ...diagnostics import Diagnostic, make
from ...source import LineIndex, Span

Diagnostics = tuple[Diagnostic, ...]


@functools.lru_cache(maxsize=4)
def _index(raw: str) -> LineIndex:
    return LineIndex(raw)  # one per field text, however many diagnostics it gets


def span_in(raw: str, start: int, end: int) -> Span:
    """A span of ``raw[start:end]`` (offsets, lines and columns relative to ``raw``)."""
    return _index(raw).span(start, end)


def note(code: str, message: str, raw: str, start: int, end: int) -> Diagnostic:
    return make(code, message, span_in(raw, start, end))


_CONTINUATION = re.compile(r"(?m)[ \t]\\[ \t]*$")
#: a blank line (what ends a paragraph or a field)
BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")


def blank_continuations(raw: str) -> str:
    """``raw`` with WikiLeaks' line-end `` \\`` marks blanked (same length: offsets stay)."""
    if "\\" not in raw:
        return raw
    return _CONTINUATION.sub(lambda m: " " * len(m.group(0)), raw)


def blank(text: str, pattern: re.Pattern[str] | LinePattern, literal: str | None = None
          ) -> str:
    """``text`` with every match of ``pattern`` blanked (same length: offsets stay).
    ``literal``: see :func:`matches`."""
    if isinstance(pattern, re.Pattern) and literal is None:
        return pattern.sub(lambda m: " " * len(m.group(0)), text)
    found = (pattern.finditer(text) if isinstance(pattern, LinePattern)
             else matches(pattern, text, literal or ""))
    return blank_spans(text, (m.span() for m in found))


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` (in order, not overlapping) blanked (same length: offsets
    stay)."""
    parts = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def matches(pattern: re.Pattern[str], text: str, literal: str | tuple[str, ...],
            endpos: int | None = None, *, like: str | None = None, pos: int = 0
            ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos, endpos)`` for a case-insensitive pattern each of whose
    matches starts with the upper-case ASCII word ``literal`` (or one of several) in some
    case: the pattern is tried only where a literal stands, found by a plain search of the
    upper-cased text, instead of at every character (a ``(?i)`` pattern costs about 25 ns
    a character).

    ``like``: a text of which ``text`` is a copy with some characters blanked (same
    length, see :func:`blank`), whose upper-cased copy is searched instead of making one
    of ``text``: a literal that stands in ``text`` stands at the same place in ``like``
    (a blank starts none), and the pattern is matched in ``text``."""
    stop = len(text) if endpos is None else endpos
    upper = upper_bytes(text if like is None else like, stop)
    if upper is None:
        yield from pattern.finditer(text, pos, stop)
        return
    words = _encoded(literal)
    if len(words) == 1:
        positions: Iterator[int] = _occurrences(upper, words[0], pos, stop)
    else:
        positions = _first_occurrences(upper, words, pos, stop)
    end = 0
    for at in positions:
        if at >= end:
            m = pattern.match(text, at, stop)
            if m is not None:
                yield m
                end = max(m.end(), at + 1)


@functools.lru_cache(maxsize=64)
def _encoded(literal: str | tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(w.encode("ascii") for w in ((literal,) if isinstance(literal, str) else literal))


def _occurrences(upper: bytes, word: bytes, start: int, stop: int) -> Iterator[int]:
    pos = upper.find(word, start, stop)
    while pos != -1:
        yield pos
        pos = upper.find(word, pos + 1, stop)


def _first_occurrences(upper: bytes, words: tuple[bytes, ...], start: int, stop: int
                       ) -> Iterator[int]:
    """The places in ``upper[start:stop]`` where one of ``words`` stands, in order, each
    once, made as they are asked for: each word is searched only up to the least place
    found so far (a search for a label most often ends at its first place, while a word
    that is not there would be searched for up to ``stop``)."""
    at = start
    while True:
        first = stop
        for word in words:
            # an occurrence that starts before ``first`` ends before first + len(word) - 1
            found = upper.find(word, at, min(first + len(word) - 1, stop))
            if found != -1:
                first = found
        if first >= stop:
            return
        yield first
        at = first + 1


class LinePattern:
    """``re.compile("(?m)^" + body, flags)``, searched about three times faster: a ``^`` is
    tried at every character, while a pattern that starts with ``\\n`` lets the regex
    engine skip to the next line break. ``search`` and ``finditer`` give the matches of
    the ``^`` pattern (the same objects: each is matched again where it was found)."""

    __slots__ = ("pattern", "_after")

    def __init__(self, body: str, flags: int = 0) -> None:
        #: the ``(?m)^``-anchored body, for matching at a line start
        self.pattern: Final = re.compile(body, flags | re.M)
        self._after: Final = re.compile("\n(?:" + body + ")", flags | re.M)

    def search(self, text: str, pos: int = 0, endpos: int | None = None
               ) -> re.Match[str] | None:
        stop = len(text) if endpos is None else endpos
        if pos == 0 or text[pos - 1:pos] == "\n":
            m = self.pattern.match(text, pos, stop)
            if m is not None:
                return m
        found = self._after.search(text, pos, stop)
        return None if found is None else self.pattern.match(text, found.start() + 1, stop)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[re.Match[str]]:
        while (m := self.search(text, pos, endpos)) is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1

    def sub(self, repl: str, text: str) -> str:
        """``self.pattern.sub(repl, text)`` for a pattern that matches no empty string,
        ``repl`` taken as it is (no group references)."""
        parts = []
        pos = 0
        for m in self.finditer(text):
            parts.append(text[pos:m.start()])
            parts.append(repl)
            pos = m.end()
        if not parts:
            return text
        parts.append(text[pos:])
        return "".join(parts)


#: a line that starts paragraph 1 or 2 (``1.``, `` 2 .``, ``¶2.``; not ``1.5``)
_PARAGRAPH_ONE_TWO: Final = LinePattern(r"[ \t]*\u00b6?[ \t]*([12])[ \t]*\.(?!\d)")


class _Paragraphs:
    """Where paragraphs 1 and 2 of a text start (None: not found yet) and where the search
    for them goes on."""

    __slots__ = ("text", "starts", "pos")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, int] = {}
        self.pos = 0


_last_paragraphs: list[_Paragraphs] = [_Paragraphs("")]


def paragraph_start(text: str, number: str) -> int:
    """Where the first line that starts paragraph ``number`` (``"1"`` or ``"2"``) stands,
    or the text's end. Both are found by one search of the text's lines (paragraph 2 after
    paragraph 1 goes on from there), kept for the text last asked: the tags, subject and
    REF locators ask for paragraph 1 (the end of the front matter), the classification
    statement for paragraph 2."""
    kept = _last_paragraphs[0]
    if kept.text is not text:
        kept = _last_paragraphs[0] = _Paragraphs(text)
    starts = kept.starts
    while number not in starts:
        found = _PARAGRAPH_ONE_TWO.search(text, kept.pos)
        if found is None:
            starts.setdefault("1", len(text))
            starts.setdefault("2", len(text))
            break
        starts.setdefault(found.group(1), found.start())
        kept.pos = found.end()
    return starts[number]


def front_limit(text: str) -> int:
    """Where paragraph 1 starts (the end of the front matter), or the text's end."""
    return paragraph_start(text, "1")


#: The non-ASCII letters a ``(?i)`` pattern matches to ASCII ones (the re docs).
_FOLDS: Final = ("\u0130", "\u0131", "\u017f", "\u212a")
class _Kept:
    """A text and its upper-cased bytes made so far (None: a fold letter stands there)."""

    __slots__ = ("text", "upper")

    def __init__(self, text: str, upper: bytes | None) -> None:
        self.text = text
        self.upper = upper


#: the two texts last asked
_last: list[_Kept] = [_Kept("", b""), _Kept("", b"")]


def upper_bytes(text: str, stop: int | None = None) -> bytes | None:
    """``text`` upper-cased as bytes, one byte a character (Latin-1 ones as themselves,
    which ``bytes.upper`` leaves alone, others as ``?``): a third of ``str.upper``'s time.
    None when ``text`` holds a letter that ``(?i)`` matches to an ASCII letter.

    ``stop``: only ``text[:stop]`` is asked for; the bytes returned hold at least that
    much (and may hold more, up to the whole text), and None says a fold letter stands in
    what they cover. A cable's front-matter decoders search its first third or so (the
    front matter, up to paragraph 2, up to ``END SUMMARY``): the rest is not made.

    Kept for the two texts last asked, since several decoders search the same cable (a
    later call makes only the bytes not made yet); a text that starts one of those (a front
    matter cut from its cable) gets a slice of its bytes instead of a second encoding
    (about 1 us a thousand characters of a Cablegate cable, whose curly quotes are
    replaced)."""
    want = len(text) if stop is None or stop > len(text) else stop
    for kept in _last:
        if kept.text is text:
            upper = kept.upper
            if upper is not None and len(upper) < want:
                upper = kept.upper = _more(text, upper, want)
            return upper
    for kept in _last:
        upper = kept.upper
        if upper is not None and len(text) < len(kept.text) and kept.text.startswith(text):
            if len(upper) < want:
                upper = kept.upper = _more(kept.text, upper, want)
                if upper is None:
                    break
            return upper[:len(text)]
    upper = _more(text, b"", want)
    _last[:] = [_Kept(text, upper), _last[0]]
    return upper


def _more(text: str, upper: bytes, want: int) -> bytes | None:
    """``upper`` (the bytes of ``text[:len(upper)]``) run on to ``want`` characters."""
    part = text[len(upper):want]
    if not part.isascii() and any(c in part for c in _FOLDS):
        return None
    return upper + part.encode("latin-1", "replace").upper()


def upper_finds(text: str, word: bytes, pos: int, reach: int) -> Iterator[int]:
    """The places of ``word`` (upper-case ASCII) in ``text``'s upper-cased copy from ``pos``
    on, in order, the copy made a part at a time (:func:`upper_bytes`: up to ``reach``
    first, then twice as far each time), for a search that most often ends near where it
    starts. Yields -1 and stops when a letter that ``(?i)`` reads as ASCII stands in the
    copy: the caller searches the plain way."""
    start = pos
    while True:
        upper = upper_bytes(text, reach)
        if upper is None:
            yield -1
            return
        made = min(len(upper), len(text))
        at = upper.find(word, start, made)
        while at != -1:
            yield at
            at = upper.find(word, at + 1, made)
        if made >= len(text):
            return
        start = max(made - len(word) + 1, pos)  # one cut by the part's end is found next
        reach = made * 2


def squash(text: str) -> str:
    """Whitespace runs to one space, ends stripped."""
    flat = text.replace("\n", " ")
    if not flat.isprintable():  # a whitespace other than a space or a line break
        return " ".join(text.split())
    # the space is the one printable whitespace: runs of spaces are halved until none
    while "  " in flat:
        flat = flat.replace("  ", " ")
    return flat.strip(" ")


#: A printout's page head inside the front matter: ``MADRID 00000869 001.2 OF 004``,
#: ``PAGE 02 ROME 01196 01 OF 02 082030Z``, ``TRIPOLI 00000402 \n\n001.2 OF 003``.
PAGE_HEAD: Final = re.compile(
    r"(?:(?:\bPAGE|(?<=\\n)PAGE)\s+\d{1,3}\s+[A-Z][A-Z ]{0,40}?\s+\d{3,8}"
    r"(?:\s+\d{1,2}\s+OF\s+\d{1,2})?\s+\d{6}Z"
    r"|\b[A-Z][A-Z ]{0,40}?\s+0{2,}\d{3,6}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b"
    r"|\b[A-Z][A-Z ]{0,40}?\s+0{2,}\d{3,6}\s*\n\s*\n?\s*\d{3}(?:\.\d)?\s+OF\s+\d{3}\b)"
)

#: What follows an office head's blanks (alternatives 2 and 3 of PAGE_HEAD from their
#: zeros on): a run of zeros that no page head can end is passed over at once.
_HEAD_TAIL: Final = re.compile(
    r"0{2,}\d{3,6}(?:\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b|\s*\n\s*\n?\s*\d{3}(?:\.\d)?\s+OF\s+\d{3}\b)")
#: How far before its blanks and zeros a page head's office can start (41 characters).
_OFFICE_REACH: Final = 42
_OFFICE_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ ")


def page_heads(text: str, start: int = 0) -> list[tuple[int, int]]:
    """The spans of ``PAGE_HEAD.finditer(text)``, found without trying the pattern at every
    word. Every match starts at a ``PAGE`` or is an office (a capital starting a word, then
    capitals and spaces, at most 41 characters), blanks and ``00``: the pattern is tried
    only at those places, leftmost first as ``finditer`` does; an office only before zeros
    that the rest of a head follows (``_HEAD_TAIL``).

    ``start``: only the heads from there on, when the character before it is one no head
    holds (:func:`head_barrier`): no head then runs across it, and those after it are
    the same."""
    starts: set[int] = set()
    pos = text.find("PAGE", start)
    while pos != -1:
        starts.add(pos)
        pos = text.find("PAGE", pos + 1)
    pos = text.find("00", start)
    while pos != -1:
        if pos > 0 and text[pos - 1].isspace() and _HEAD_TAIL.match(text, pos):
            blanks = pos - 1
            while blanks > 0 and text[blanks - 1].isspace():
                blanks -= 1
            first = blanks
            reach = max(blanks - _OFFICE_REACH, start)
            while first > reach and text[first - 1] in _OFFICE_CHARS:
                first -= 1
            for i in range(first, blanks):
                # the office starts a word (\b) with a capital
                if "A" <= text[i] <= "Z" and (i == 0 or text[i - 1] == " " or not (
                        text[i - 1].isalnum() or text[i - 1] == "_")):
                    starts.add(i)
        pos = text.find("00", pos + 1)
    spans: list[tuple[int, int]] = []
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        head = PAGE_HEAD.match(text, start)
        if head is not None:
            spans.append((start, head.end()))
            end = head.end()
    return spans


#: how far before a place the character of :func:`head_barrier` is looked for
_BARRIER_REACH: Final = 256


def head_barrier(text: str, pos: int) -> int:
    """The offset of the last character before ``pos`` (within a few lines) that no page
    head holds, or -1: a head that stands after it starts after it. Heads hold capitals,
    blanks (``\\s``: ``str.isspace``), digits (``\\d``: ``str.isdecimal``) and periods only
    (PAGE_HEAD's classes)."""
    for i in range(pos - 1, max(pos - _BARRIER_REACH, 0) - 1, -1):
        c = text[i]
        if not ("A" <= c <= "Z" or c.isspace() or c.isdecimal() or c == "."):
            return i
    return -1


#: a character that no page head holds (PAGE_HEAD's classes: capitals, \s, \d, periods)
NOT_IN_HEAD: Final = re.compile(r"[^A-Z\s\d.]")
#: the last character of a page head (PAGE_HEAD's alternatives end with \d{6}Z, \d{3}\b)
_HEAD_END: Final = re.compile(r"[\dZ]")


def in_no_head(text: str, pos: int) -> bool:
    """Whether no page head (no match of PAGE_HEAD) can hold ``text[pos]``: one that
    holds it runs on from there through head characters only and ends with a digit or a
    Z, and none stands from ``pos`` to the first character that no head holds."""
    after = NOT_IN_HEAD.search(text, pos)
    return _HEAD_END.search(text, pos, after.start() if after is not None else len(text)) is None


def blank_page_heads(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` with its page heads (``spans`` when already found) blanked (same length:
    offsets stay)."""
    return blank_spans(text, page_heads(text) if spans is None else spans)


#: A front-matter field's start that begins a line (TAGS, SUBJECT, a SUMMARY heading, a
#: numbered paragraph) and one anywhere (a classification statement, an E.O. line, the SBU
#: marking, "This is an action request").
_FIELD_LINE_BODY: Final = (
    r"\s*(?:TAGS?\b|SUBJ(?:ECT)?\b|-*\s*SUMMARY\b|\u00b6?\s*\d{1,2}\s*\.(?!\d))")
_FIELD_WORDS_BODY: Final = (
    r"\bCLASSI?FIED\s+BY\b|\bCLASSFIED\s+BY\b|\bE\.?\s?O\.?\s+1[0-9]{4}\b"
    r"|\bSENSITIVE\s+BUT\s+UNCLASSIFIED\b|\bTHIS\s+IS\s+AN\s+ACTION\s+REQUEST\b")
#: Where a front-matter field ends when the next one starts (case-insensitive).
NEXT_FIELD: Final = re.compile(f"(?im)(?:{_FIELD_WORDS_BODY}|^{_FIELD_LINE_BODY})")
#: NEXT_FIELD's two halves: a match of NEXT_FIELD starts where the first match of either
#: starts (:func:`next_field`)
_FIELD_LINE: Final = LinePattern(_FIELD_LINE_BODY, re.I)
_FIELD_WORDS: Final = re.compile("(?i)" + _FIELD_WORDS_BODY)
#: where a match of _FIELD_WORDS can start, in the upper-cased bytes (``.`` stands for
#: E.O.'s period and blank, whatever bytes they became)
_FIELD_WORD_AT: Final = re.compile(rb"(?s)CLAS|SENSITIVE|THIS|E.{0,2}O")
#: the longest of those
_FIELD_WORD_LONGEST: Final = len("SENSITIVE")


def next_field(text: str, pos: int) -> int | None:
    """Where ``NEXT_FIELD.search(text, pos)`` starts (None: nowhere): the first line that
    starts a field, found by the line search, and the first of the other alternatives
    before it, tried only where the upper-cased text shows one can start (the ``(?i)``
    pattern costs about 25 ns a character)."""
    line = _FIELD_LINE.search(text, pos)
    stop = line.start() if line is not None else len(text)
    reach = min(stop + _FIELD_WORD_LONGEST, len(text))
    upper = upper_bytes(text, reach)
    if upper is None:  # a letter (?i) reads as ASCII: the plain search
        found = NEXT_FIELD.search(text, pos)
        return found.start() if found is not None else None
    at = _FIELD_WORD_AT.search(upper, pos, reach)
    while at is not None and at.start() < stop:
        if _FIELD_WORDS.match(text, at.start()) is not None:
            return at.start()
        at = _FIELD_WORD_AT.search(upper, at.start() + 1, reach)
    return line.start() if line is not None else None
