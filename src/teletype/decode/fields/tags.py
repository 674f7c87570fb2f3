"""TAGS read as written between separators.

``decode_tags(raw)`` reads a TAGS field (label included) into codes, person tags and
free-text tags: multi-word free-text tags between separators stay whole (``GOI EXTERNAL``),
a person tag keeps its name (``OVIP (STEINBERG, JAMES)``, ``OVIP STEINBERG JAMES``), a
misspelt label (``TABS:``, ``TGS:``, ``TAGES:``, ``AGS:``, ``TAGS,``) is read with a TT403
transcription diagnostic, codes run together (``ETRDEINVECINPGOVCS``) are split where the
tag tables (:mod:`teletype.vocab`) allow one shortest reading (TT601), and a code one
letter too long (``MOPPS``, ``UNDESCO``) is read as the one table code it contains (TT605).
``locate_tags(text)`` finds the field in a whole cable.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from ... import vocab
from ...diagnostics import Diagnostic
from ...slots import slot_maker
from .common import Diagnostics, front_limit, matches, note, upper_finds


@dataclass(frozen=True, slots=True)
class TagItem:
    """One tag. ``kind``: ``code`` (a TAGS code), ``person`` (a code that takes a name, with
    the name in ``person``) or ``free`` (free text). ``value`` is upper-cased; ``known``
    says whether a code is in the tag tables. ``start``/``end`` index the field's raw text."""

    raw: str
    start: int
    end: int
    kind: str
    value: str
    person: str | None = None
    known: bool = False


#: TagItem(raw, start, end, kind, value, person, known), every field given
_tag_item: Final = slot_maker(TagItem)


@dataclass(frozen=True, slots=True)
class Tags:
    """A TAGS field: the label as written and the tags in order (repeats dropped)."""

    raw: str
    label: str
    items: tuple[TagItem, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes, person-tag codes included (``OVIP``), each once."""
        return tuple(dict.fromkeys(i.value for i in self.items if i.kind in ("code", "person")))

    @property
    def persons(self) -> tuple[str, ...]:
        return tuple(i.person for i in self.items if i.person is not None)

    @property
    def free_text(self) -> tuple[str, ...]:
        return tuple(i.value for i in self.items if i.kind == "free")

    def cablemap_list(self) -> list[str]:
        """One flat list as cablemap gives it: codes, each person after its code, free text."""
        out: list[str] = []
        for item in self.items:
            for value in (item.value, item.person):
                if value is not None and value not in out:
                    out.append(value)
        return out


_tags: Final = slot_maker(Tags)

_LABEL: Final = re.compile(
    r"(?i)(?<![A-Za-z])(?P<label>TAGS|TAG|TAGES|TAGE|TABS|TAS|TGS|AGS)(?![A-Za-z])"
    r"[ \t]*(?P<sep>[:,;/.\-])?"
)
#: what every match of _LABEL starts with (upper-cased): TAG covers TAGS, TAGES, TAGE
_LABEL_STARTS: Final = ("TAG", "TAB", "TAS", "TGS", "AGS")
_PROPER: Final = ("TAGS", "TAG")
_SUBJECT: Final = re.compile(r"(?i)(?<![A-Za-z])U?SUBJ(?:ECT)?\b|(?<![A-Za-z])UBJECT\b")
_CAPTIONS: Final = frozenset({"SIPDIS", "NOFORN", "SBU", "NODIS", "EXDIS", "LIMDIS"})
_SUBJECT_LETTERS: Final = "ABCEIKLMOPST"
#: short words of free-text tags (ECONOMY AND FINANCE): never read as codes
_SHORT_WORDS: Final = frozenset({"AND", "OF", "THE", "FOR", "WITH", "TO", "IN", "ON", "AT",
                                 "BY", "NEW", "ANTI", "PRO"})


_TAG_SEP: Final = re.compile(r"[\s,;]+")
_WORD_OR_PAREN: Final = re.compile(r"\([^()]*\)|[^\s()]+")
#: a word of a value without parentheses, or a separator of its parts
_WORD_OR_SEP: Final = re.compile(r"[^\s,;()]+|[,;]")


def locate_tags(text: str) -> tuple[int, int] | None:
    """Where the TAGS field of a cable's front matter stands (label to the end of its
    value), or None."""
    for label in matches(_LABEL, text, _LABEL_STARTS, front_limit(text)):
        word = label["label"].upper()
        line_start = text.rfind("\n", 0, label.start()) + 1
        at_line_start = not text[line_start:label.start()].strip()
        if word not in _PROPER and label["sep"] != ":" and not at_line_start:
            continue
        if word == "TAG" and not at_line_start and label["sep"] != ":":
            continue
        return label.start(), _value_end(text, label.end())
    return None


#: how far after the TAGS label a SUBJECT is first looked for (doubled until found)
_SUBJECT_REACH: Final = 256


def _subject_after(text: str, pos: int) -> re.Match[str] | None:
    """``_SUBJECT.search(text, pos)``, tried only where ``UBJ`` stands in the upper-cased
    text (a match holds it at its start, after ``S`` or after ``US``), which is made a part
    at a time: the SUBJECT label follows the TAGS one within a line or two, while the
    ``(?i)`` pattern costs about 25 ns a character where a cable has none."""
    for at in upper_finds(text, b"UBJ", pos, pos + _SUBJECT_REACH):
        if at < 0:  # a letter (?i) reads as ASCII: the plain search
            return _SUBJECT.search(text, pos)
        # occurrences of UBJ are at least three apart: the places tried stay in order
        for q in (at - 2, at - 1, at):
            if q >= pos:
                m = _SUBJECT.match(text, q)
                if m is not None:
                    return m
    return None


def _value_end(text: str, pos: int) -> int:
    subject = _subject_after(text, pos)
    hard_end = subject.start() if subject else len(text)
    end = pos
    while True:
        nl = text.find("\n", end, hard_end)
        if nl < 0:
            return hard_end
        line = text[end:nl]
        if line.rstrip().endswith(",") or (end == pos and not line.strip()):
            end = nl + 1
            continue
        if nl + 1 < hard_end:  # a next line before the SUBJECT label: codes go on there?
            nxt_end = text.find("\n", nl + 1, hard_end)
            if _tag_line(text[nl + 1:nxt_end if nxt_end >= 0 else hard_end]):
                end = nl + 1
                continue
        return nl


def _tag_line(line: str) -> bool:
    """A continuation line of codes: upper case, and at least half of it table codes."""
    words = [w for w in _TAG_SEP.split(line.strip()) if w]
    if not words or line != line.upper() or any(not w.isalpha() for w in words):
        return False
    known = sum(1 for w in words if _row(w) is not None)
    return known * 2 >= len(words)


@functools.lru_cache(maxsize=4096)  # keyed on words of the input: bounded
def _row(word: str) -> vocab.Tag | None:
    return vocab.tag(word)


@functools.lru_cache(maxsize=4096)  # keyed on words of the input: bounded
def _code(word: str) -> bool:
    return _row(word) is not None


def _code_like(word: str) -> bool:
    return _code(word) or (word.isalpha() and (len(word) == 2 or (
        len(word) == 4 and word[0] in _SUBJECT_LETTERS and word.isupper())))


@functools.lru_cache(maxsize=4096)  # keyed on words of the input: bounded
def _geographic(word: str) -> bool:
    return any(row.kind == "geographic" for row in vocab.tags_for(word))


def _chunks(word: str) -> tuple[str, ...] | None:
    """``word`` as four-letter codes (each in the tables or code-shaped; at least two in the
    tables and no more outside them than in them), or None."""
    if len(word) % 4:
        return None
    pieces = tuple(word[i:i + 4] for i in range(0, len(word), 4))
    unknown = [p for p in pieces if not _code(p)]
    known = len(pieces) - len(unknown)
    if len(unknown) > known or known < 2 and len(pieces) > 1 or any(
            p[0] not in _SUBJECT_LETTERS for p in unknown):
        return None
    return pieces


@functools.lru_cache(maxsize=4096)  # keyed on words of the input: bounded
def _split_run(word: str) -> tuple[str, ...] | None:
    """A run of codes written together, read as four-letter codes with at most one
    two-letter geographic code before or after them (``PHUMBA``, ``VEPREL``,
    ``ETRDEINVECINPGOVCS``); None when no reading or two readings fit."""
    readings: list[tuple[str, ...]] = []
    whole = _chunks(word)
    if whole is not None and len(whole) > 1:
        readings.append(whole)
    if len(word) % 4 == 2 and len(word) >= 6:
        head, tail = word[:2], word[-2:]
        rest = _chunks(word[2:]) if _geographic(head) else None
        if rest is not None and (len(rest) > 1 or _code(rest[0])):
            readings.append((head, *rest))
        rest = _chunks(word[:-2]) if _geographic(tail) else None
        if rest is not None and (len(rest) > 1 or _code(rest[0])):
            readings.append((*rest, tail))
    if len(readings) == 2:
        # both readings fit: keep the one with more table codes, when there is one
        scores = [sum(_code(p) for p in r) for r in readings]
        if scores[0] != scores[1]:
            return readings[scores.index(max(scores))]
        return None
    return readings[0] if readings else None


@functools.lru_cache(maxsize=4096)  # keyed on words of the input: bounded
def _one_too_long(word: str) -> str | None:
    """A table code of at least four letters that ``word`` becomes by dropping one letter,
    when there is exactly one (``MOPPS`` -> ``MOPS``, ``UNDESCO`` -> ``UNESCO``)."""
    if len(word) < 5 or not word.isalpha():
        return None
    found = {word[:i] + word[i + 1:] for i in range(len(word))}
    codes = [c for c in found if _code(c)]
    return codes[0] if len(codes) == 1 else None


_PERSON_PAREN: Final = re.compile(r"\s*\(([^()]*)\)")
_TOKEN: Final = re.compile(r"[^\s,;()]+(?:\([^()]*\))?|\([^()]*\)")


def decode_tags(raw: str) -> tuple[Tags, Diagnostics]:
    """Read a TAGS field (label and value, as written)."""
    diags = []
    label = _LABEL.match(raw.lstrip()) if raw.strip() else None
    offset = len(raw) - len(raw.lstrip())
    value_start = offset + label.end() if label else 0
    label_text = raw[offset:value_start].strip() if label else ""
    if label is not None and (label["label"].upper() not in _PROPER or label["sep"] == ","):
        diags.append(note("TT403", f"TAGS label written {label_text!r}", raw, offset,
                          value_start))
    items: list[TagItem] = []
    seen: set[tuple[str, str, str | None]] = set()

    def add(item: TagItem) -> None:
        key = (item.kind, item.value, item.person)
        if key not in seen:
            seen.add(key)
            items.append(item)

    # parts between commas/semicolons (a comma inside a person's parentheses is no separator)
    if raw.find("(", value_start) < 0:
        # no parentheses (most): every separator counts, and a part's words are its runs
        # of other characters than blanks, separators and parentheses (what _WORD_OR_PAREN
        # finds in it), read with the separators in one search
        words: list[tuple[int, int, str]] = []
        for m in _WORD_OR_SEP.finditer(raw, value_start):
            word = m.group(0)
            if word == "," or word == ";":
                if words:  # a part without words reads as nothing
                    _read_part(raw, words, add, diags)
                    words = []
            else:
                words.append((m.start(), m.end(), word))
        if words:
            _read_part(raw, words, add, diags)
        return _tags(raw, label_text, tuple(items)), tuple(diags)
    parts: list[tuple[int, int]] = []
    depth, start = 0, value_start
    for i in range(value_start, len(raw)):
        ch = raw[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch in ",;" and depth == 0:
            parts.append((start, i))
            start = i + 1
    parts.append((start, len(raw)))
    for part_start, part_end in parts:
        words = [(m.start(), m.end(), m.group(0))
                 for m in _WORD_OR_PAREN.finditer(raw, part_start, part_end)]
        _read_part(raw, words, add, diags)
    return _tags(raw, label_text, tuple(items)), tuple(diags)


def _read_part(raw: str, words: list[tuple[int, int, str]], add: Callable[[TagItem], None],
               diags: list[Diagnostic]) -> None:
    i = 0
    free: list[tuple[int, int, str]] = []
    only_free = len(words) > 1 and not any(_code(w.upper()) for _, _, w in words)

    def flush() -> None:
        if free:
            s, e = free[0][0], free[-1][1]
            add(_tag_item(raw[s:e], s, e, "free", " ".join(w.upper() for _, _, w in free),
                          None, False))
            free.clear()

    while i < len(words):
        s, e, word = words[i]
        upper = word.upper().strip(".")
        if upper in _CAPTIONS:
            i += 1
            continue
        if only_free:
            free.append((s, e, word))
            i += 1
            continue
        row = _row(upper)
        if row is not None and row.takes_name:
            flush()
            name, end, used = _person_after(words, i + 1)
            add(_tag_item(raw[s:end if name else e], s, end if name else e,
                          "person" if name else "code", upper, name, True))
            i += 1 + used
            continue
        if row is not None:  # a table code (_code(upper))
            if free:
                flush()
            paren = words[i + 1] if i + 1 < len(words) else None
            # a parenthesis is a word of its own (_WORD_OR_PAREN): the others hold none
            if paren is not None and paren[2][:1] == "(" and _PERSON_PAREN.fullmatch(paren[2]):
                # a name after a code that takes none (TT224 in the rules): kept with it
                name = " ".join(paren[2][1:-1].split())
                add(_tag_item(raw[s:paren[1]], s, paren[1], "code", upper, name or None,
                              True))
                i += 2
                continue
            add(_tag_item(word, s, e, "code", upper, None, True))
            i += 1
            continue
        split = _split_run(upper) if len(upper) >= 5 and upper.isalpha() else None
        if split is not None:
            flush()
            diags.append(note("TT601", f"{word!r} read as {' '.join(split)}", raw, s, e))
            pos = s
            for piece in split:
                add(_tag_item(raw[pos:pos + len(piece)], pos, pos + len(piece), "code", piece,
                              None, _code(piece)))
                pos += len(piece)
            i += 1
            continue
        fixed = _one_too_long(upper)
        if fixed is not None:
            flush()
            diags.append(note("TT605", f"tag {word!r} read as {fixed}", raw, s, e))
            add(_tag_item(word, s, e, "code", fixed, None, True))
            i += 1
            continue
        short = word.isalpha() and 2 <= len(word) <= 4 and upper not in _SHORT_WORDS and (
            word.isupper() or raw.lower() == raw)
        if (_code_like(word) and len(words) > 1 and not free) or short or (
                len(words) == 1 and word.isalpha() and len(word) <= 5):
            flush()
            add(_tag_item(word, s, e, "code", upper, None, False))
            i += 1
            continue
        free.append((s, e, word))
        i += 1
    flush()


def _person_after(words: list[tuple[int, int, str]], i: int) -> tuple[str | None, int, int]:
    """The name after a person-tag code: ``(STEINBERG, JAMES B.)`` or two words that are no
    codes (``STEINBERG JAMES``). Returns (name, end offset, words used)."""
    if i < len(words) and words[i][2].startswith("("):
        name = " ".join(words[i][2][1:-1].split()).upper()
        return (name or None), words[i][1], 1
    if i + 1 < len(words):
        (_, _, last), (_, end, first) = words[i], words[i + 1]
        if all(w.isalpha() and not _code(w.upper()) and len(w) > 2 for w in (last, first)):
            return f"{last.upper()}, {first.upper()}", end, 2
    return None, 0, 0


def find_tags(text: str) -> Tags | None:
    """The TAGS field of a whole cable (or a snippet), read; None when there is none."""
    where = locate_tags(text)
    if where is None:
        return None
    tags, _ = decode_tags(text[where[0]:where[1]])
    return tags
