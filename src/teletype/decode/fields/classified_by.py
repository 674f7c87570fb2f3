"""The classification statement (``Classified By: <title> <name>, Reason(s) 1.4 (b) and
(d)``) wherever it stands: on its own line, inside paragraph 1 (``1.  (U)  CLASSIFIED BY
ROBERT P. FINN, DEPUTY CHIEF OF MISSION.``), after a REF block on the same line, or after a
label that holds no statement (``Classified By: ADANA 222``, TT604).

``decode_classified_by(raw)`` reads the first real statement in ``raw`` into the official's
names, title and reasons; ``find_classified_by(text)`` does the same for the front matter
of a whole cable (up to paragraph 2, since 1990s cables put the statement in paragraph 1).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from ... import facts
from ...slots import slot_maker
from .common import (
    BLANK_LINE,
    NOT_IN_HEAD,
    Diagnostics,
    LinePattern,
    blank_continuations,
    blank_page_heads,
    blank_spans,
    in_no_head,
    matches,
    note,
    page_heads,
    paragraph_start,
    squash,
    upper_bytes,
)


@dataclass(frozen=True, slots=True)
class ClassifiedBy:
    """A classification statement. ``start``/``end`` index the text it was read from
    (the label to the end of the statement); ``text`` is the statement after the label,
    whitespace squashed and lines broken inside a word joined; ``names`` the classifying
    officials (``Robert P. Finn``), ``title`` what stands before the first name, ``reasons``
    the E.O. reasons (``1.4(b)``, ``1.4(d)``) and ``reasons_text`` their words as written."""

    raw: str
    start: int
    end: int
    text: str
    names: tuple[str, ...]
    title: str | None
    reasons: tuple[str, ...]
    reasons_text: str | None


_classified_by: Final = slot_maker(ClassifiedBy)  # every field given
_LABEL: Final = re.compile(r"(?i)\bclass?i?fi?ed\s+by\b\s*:?")
_BANNER: Final = LinePattern(r"[ \t]*(?:" + facts.BANNER_LEVELS + r")[ \t]*\r?$", re.I)
#: a FOIA release stamp written into the text (``RELEASE IN PART B1,1.4(B)``)
_STAMP: Final = re.compile(r"(?i)\bRELEASE\s+IN\s+(?:PART|FULL)\b[^\n]*")
_JUNK: Final = re.compile(r"^[A-Z][A-Z ]{2,}\s+\d{2,7}\s*$")
_REASON_CUT: Final = re.compile(
    r"(?i)(?:\b(?:for|fr|per|under|due\s+to|based\s+(?:on|upon))\s+(?:for\s+)?"
    r"(?=reas|reao|reso|raso|rea\b|re[Q#]|e\.?\s?o\b|12958|1\s*[.,]\s*\d|section|se\s|\(?[a-d]\))"
    r"|\b(?:reasons?|reaons|resons|rasons|reas|reason\(s\)|sea3on)\b"
    r"|\bE\.?\s?O\.?\s*12958|\b12958\b|\b1\s*[.,]\s*[2-5]\b|\bsection\s+1\b"
    r"|\bpara\s+1\b)"
)
_PORTION: Final = re.compile(r"^\s*(?:\d{1,2}\s*\.\s*)?(?:\([A-Z/]{1,6}\)\s*)*")
_PAREN: Final = re.compile(r"\([^()]*\)")

#: Words of titles and offices (lower case; a word also counts when it starts with one of
#: the _TITLE_STEMS, which catches the misspellings: Ambassaor, Counsleor, Direcotr).
_TITLE_WORDS: Final = frozenset("""
acting deputy chief of mission ambassador amb amb. charge charge' d'affaires affaires a.i.
ai. ai a.i de d de' d' dcm off diplomatic security polmincons cda com officer director dir
dir. assistant secretary
special representative envoy political economic pol econ pol/econ polmil pol-mil mil
minister counselor counsel counselour counsellor couns coun couns. min minister-counselor
consul general congen principal office officer labor attache defense ltc legal adviser
advisor head section unit chief team leader governance kirkuk prt interagency provincial
affairs coordinator institutional acting permanent u.s. us usun useu usosce usnato ait
chairman dos classification guide by line added this message classified tdy rso arso
econoff poloff conoff ecoff ecpo dpo ipo isn io nea sca eur prm af pdas das a/s u/s t
emin a/emin mc m/c m-c mcounselor ecmin ecopol e/p p/e est&h officer and for the to in at
central asia south asian near east eastern western hemisphere african africa europe
european eurasian energy department state dept international organization organizations
arms control delegate delegation member usdel global istanbul sub-national national
military politico-military political-military bureau vci mtr pra dcm/ a/pol a/ ? -
""".split())
_TITLE_STEMS: Final = (
    "amb", "amab", "abass", "couns", "counc", "cous", "direc", "secret", "minist", "charg",
    "affai", "affia", "afair", "repres", "polit", "econ", "deput", "assist", "attach", "offic",
    "coordin", "cief", "consul", "advis", "legat", "d'a", "d\\'", "d,a", "polmin",
)
#: A statement is a line or three; longer text after a label is cut (it is no statement,
#: and reading it word by word would take time for nothing).
_MAX_STATEMENT: Final = 1000
_PREPOSITIONS: Final = frozenset({"of", "for", "to", "in", "at"})
_SUFFIXES: Final = frozenset({"JR", "JR.", "SR", "SR.", "II", "III", "IV"})

# the regexes of the functions below, compiled once
_INITIAL: Final = re.compile(r"[A-Z0]\.?|[A-Z]\.(?:[A-Z]\.)+|[A-Z]\.[A-Z][a-z]+")
_NUMBERED: Final = LinePattern(r"[ \t]*\u00b6?[ \t]*\d{1,2}[ \t]*\.[ \t]+(?:\(|[A-Z])")
_CAPITALISED: Final = re.compile(r"[A-Z][a-z]+")
_KEEPS_PERIOD: Final = re.compile(r"(?:\b[A-Za-z0-9]|JR|Jr|SR|Sr)\.$")
_ZERO_IN_WORD: Final = re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z])")
_AI: Final = re.compile(r"(?i)\ba\.\s?i\.")
_SEGMENT_SEP: Final = re.compile(r"\s*[,;]\s*|\s+-\s+|:\s*")
_AND: Final = re.compile(r"(?i)\band\b")
_SECTION: Final = re.compile(r"\b1\s*[.,]\s*([2-5])\b")
_LEAD_WORDS: Final = re.compile(r"^(?:This message|\d+\.)\s*")
_ZERO_IN_NAME: Final = re.compile(r"(?<=[A-Z])0|0(?=[A-Z.])")


@functools.lru_cache(maxsize=4096)  # keyed on words of titles and names: bounded
def _is_title(word: str, caps: bool) -> bool:
    if _INITIAL.fullmatch(word):
        return False  # an initial: "A.", "D.C.", "T.Monroe"
    low = word.lower().strip(",;:")
    if low in _TITLE_WORDS or low.startswith(_TITLE_STEMS):
        return True
    if "/" in word or ":" in word:
        return True
    if not caps and word[:1].islower():
        return True  # "of", "a.i.", "d'Affaires" in a mixed-case statement
    # an acronym in a mixed-case statement: DCM, AIT, PRT (initials like D.C. are names)
    return not caps and len(word) >= 2 and word.isupper() and "." not in word


_SHORT_WORDS: Final = frozenset({"for", "and", "of", "the", "to", "in", "at", "by", "per",
                                 "dcm", "cda", "amb", "pol", "min", "ait"})


def _join_lines(text: str) -> str:
    """Join the statement's lines: a line broken at full width inside a word (``Hoyt Y`` /
    ``ee``) is joined without a space, other lines with one."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = lines[0]
    for prev, line in zip(lines, lines[1:], strict=False):
        if prev.endswith(" ") and line[:1].isalnum() and (len(prev) >= 70 or (
                len(prev) >= 64 and _short_last_word(prev))):
            out = out.rstrip(" ") + line
        else:
            out = out.rstrip() + " " + line.lstrip()
    return out


def _short_last_word(line: str) -> bool:
    """Whether the last word of ``line`` has three characters at most and is none of the
    _SHORT_WORDS (a word cut at the line's end rather than a short word)."""
    words = line.rsplit(None, 1)
    last = words[-1] if words else ""
    return len(last) <= 3 and last.lower() not in _SHORT_WORDS


_BANNER_WORDS: Final = (b"UNCLASSIFIED", b"CONFIDENTIAL", b"SECRET", b"LIMITED")


def banners(text: str, like: str | None = None) -> list[tuple[int, int]]:
    """The spans of ``_BANNER.finditer(text)`` (lines that hold only a classification),
    found by a plain search for the classifications' first words in the upper-cased text
    (or in that of ``like``, a text of which ``text`` is a copy with characters blanked):
    the pattern is tried only at the start of a line where one stands after blanks. A
    match lies inside its line and starts with blanks and the word."""
    upper = upper_bytes(text if like is None else like)
    if upper is None:  # a letter (?i) reads as ASCII: the plain search
        return [m.span() for m in _BANNER.finditer(text)]
    starts = set()
    for word in _BANNER_WORDS:
        pos = upper.find(word)
        while pos != -1:
            line_start = text.rfind("\n", 0, pos) + 1
            if not text[line_start:pos].strip(" \t"):
                starts.add(line_start)
            pos = upper.find(word, pos + 1)
    spans = []
    for start in sorted(starts):
        m = _BANNER.pattern.match(text, start)
        if m is not None:
            spans.append(m.span())
    return spans


def _statement_end(text: str, pos: int) -> tuple[int, int]:
    """Where the statement that starts at ``pos`` ends, and how far the search read (the
    end of the blank line that ends it, or the text's end)."""
    blank = BLANK_LINE.search(text, pos)
    end = blank.start() if blank else len(text)
    reach = blank.end() if blank else len(text)
    # a statement that holds only its label runs on to the next line with text
    if not text[pos:end].strip() and blank:
        nxt = BLANK_LINE.search(text, blank.end())
        end = nxt.start() if nxt else len(text)
        reach = nxt.end() if nxt else len(text)
    # a numbered paragraph that starts a line after pos (none when one starts at pos,
    # where the search in text[pos:end] found it first)
    if _NUMBERED.pattern.match(text, pos, end) is None:
        para = _NUMBERED.search(text, pos + 1, end)
        if para is not None:
            end = para.start()
    return end, reach


def _name_from(part: str) -> tuple[str | None, str]:
    """The name at the end of a title-and-name part (``Ambassador Glyn T. Davies``), and
    the title before it."""
    caps = part.upper() == part
    if "/" in part:
        tokens: list[str] = []
        for word in part.split():
            # "DCM/Ted": a title and a name written together
            tail = word.split("/")[-1]
            if "/" in word and _CAPITALISED.fullmatch(tail) and not _is_title(tail, caps):
                head, tail = word.rsplit("/", 1)
                tokens.extend([head + "/", tail])
            else:
                tokens.append(word)
    else:
        tokens = part.split()
    # drop trailing junk: lower-case words ("a.y."), dashes
    while tokens and (tokens[-1][0].islower() or not (
            tokens[-1][-1].isalpha() or any(map(str.isalpha, tokens[-1])))):
        tokens.pop()
    # the name: the words after the last title (a suffix is no title), read from the end
    first = len(tokens)
    while first > 0 and not (_title_at(tokens, first - 1, caps)
                             and tokens[first - 1].strip(".,").upper() not in _SUFFIXES):
        first -= 1
    while first < len(tokens) and tokens[first].strip(".,").upper() in _SUFFIXES:
        first += 1
    if first == len(tokens):
        return None, part.strip()
    title = " ".join(tokens[:first]).strip(" ,:-")
    value = " ".join(tokens[first:]).strip(" ,;:-")
    if value.endswith(".") and not _KEEPS_PERIOD.search(value):
        value = value[:-1]
    return (value or None), title


def _title_at(tokens: list[str], at: int, caps: bool) -> bool:
    """Whether ``tokens[at]`` reads as a title: a title word, or a word after a preposition
    (``of``), or after an ``and`` that follows a title (``Political and Economic``)."""
    if _is_title(tokens[at], caps):
        return True
    if at == 0:
        return False
    before = tokens[at - 1].lower()
    return before in _PREPOSITIONS or (before == "and" and at >= 2
                                       and _title_at(tokens, at - 2, caps))


def _reason_cut(statement: str) -> int:
    """Where the reasons start in ``statement`` (its length when it gives none)."""
    # OCR zeros inside words ("REAS0N", "F0R") read as O for finding where reasons start
    cut = _REASON_CUT.search(_ZERO_IN_WORD.sub("O", statement))
    return cut.start() if cut else len(statement)


def _names(statement: str, cut: int | None = None) -> tuple[tuple[str, ...], str | None]:
    """The officials' names and the title before the first, in ``statement`` up to where
    its reasons start (``cut``: :func:`_reason_cut`, given when known)."""
    part = statement[:_reason_cut(statement) if cut is None else cut]
    if "(" in part:
        part = _PAREN.sub(" ", part)
    # segments between commas, semicolons and dashes; "Jr."/"III" stay with their name
    if "." in part:  # each match of _AI holds a period
        part = _AI.sub(" ", part)
    # each match of _SEGMENT_SEP holds one of , ; - :
    pieces = (_SEGMENT_SEP.split(part) if "," in part or ";" in part or "-" in part
              or ":" in part else [part])
    segments: list[str] = []
    for piece in pieces:
        if segments and piece.strip(" .").upper() in _SUFFIXES:
            segments[-1] = f"{segments[-1]}, {piece.strip()}"
        else:
            segments.append(piece)
    names: list[str] = []
    title: str | None = None
    for segment in segments:
        if not segment.strip():
            continue
        name, before = _name_from(segment)
        if name is None:
            continue
        if not names:
            names.append(name)
            title = before or None
        elif _AND.search(segment) and before:
            names.append(name)  # "AF KARL WYCOFF, ACTING AND S/CT DAS SHARI VILLAROSA"
    return tuple(names), title


_REASON_LETTERS: Final = re.compile(r"(?i)(?<![a-z])([a-h])(?![a-z])")


def _reasons(statement: str) -> tuple[tuple[str, ...], str | None]:
    number = _SECTION.search(statement)
    if number is None:
        return (), None
    text = statement[number.start():].strip(" .")
    # searched from the section's end, whose last character (a digit) fails the lookbehind
    # as the start of a copy would; each match is one letter (no a-h folds to another)
    found = "".join(_REASON_LETTERS.findall(statement, number.end()))
    return _reason_codes(number.group(1), found), text


@functools.lru_cache(maxsize=256)  # keyed on a digit and a few letters: bounded
def _reason_codes(digit: str, letters: str) -> tuple[str, ...]:
    """The reasons of section 1.``digit``, ``letters`` the reasons' letters as found
    (each once, lower-cased, in order)."""
    section = f"1.{digit}"
    return tuple([f"{section}({x})" for x in dict.fromkeys(letters.lower())]) or (section,)


_AFTER_REASONS: Final = re.compile(r"\)\s*\.(?=\s|$)")


def _end_at_reasons(text: str) -> tuple[str, int | None]:
    """The statement up to the period after its reasons' last parenthesis (``... 1.5 (B)
    AND (D).``): what follows is paragraph text the statement ran into. And, when the
    statement holds no ``0`` (which :func:`_reason_cut` reads as ``O`` in a word), where its
    reasons start: ``_REASON_CUT``'s match in the statement cut there is the one in the
    whole text (the cut ends with ``)`` and ``.`` after that match, which no match or
    lookahead of the pattern reads past)."""
    cut = _REASON_CUT.search(text)
    end = _AFTER_REASONS.search(text, cut.end()) if cut is not None else None
    statement = text[:end.end()] if end is not None else text
    if "0" in statement:
        return statement, None
    return statement, cut.start() if cut is not None else len(statement)


def decode_classified_by(raw: str) -> tuple[ClassifiedBy | None, Diagnostics]:
    """The first classification statement in ``raw`` (None when there is none). A label
    that holds no statement (cables listed after it) gets TT604 and is passed over."""
    # every text below is ``raw`` with characters blanked: the literals the searches start
    # at are looked up in ``raw``'s upper-cased copy (``like=raw``), none is made again
    clean = blank_continuations(raw)
    label = next(matches(_LABEL, clean, "CLAS", like=raw), None)
    if label is None:
        return None, ()  # the blanking below only removes labels
    end, reach = _statement_end(clean, label.end())
    if _junk(clean, label.end(), end) is None and _unblanked(raw, clean, reach):
        found = _statement(raw, clean, label, end)
        if found is not None:
            return found, ()
    return _decode_blanked(raw, clean)


def _decode_blanked(raw: str, clean: str) -> tuple[ClassifiedBy | None, Diagnostics]:
    """:func:`decode_classified_by` read in ``clean`` (``raw`` with its continuation marks
    blanked) with its page heads, banners and release stamps blanked."""
    diags = []
    clean = blank_page_heads(clean)
    clean = blank_spans(clean, banners(clean, raw))
    clean = blank_spans(clean, (m.span() for m in matches(_STAMP, clean, "RELEASE", like=raw)))
    for label in matches(_LABEL, clean, "CLAS", like=raw):
        # "Classified By: Classified by DCM ...": the inner label stands for the statement
        end, _ = _statement_end(clean, label.end())
        first_line = _junk(clean, label.end(), end)
        if first_line is not None:
            start = label.end()
            diags.append(note("TT604", f"'Classified By' followed by {first_line!r}, no "
                              "statement", raw, label.start(),
                              start + len(clean[start:end].rstrip())))
            continue
        found = _statement(raw, clean, label, end)
        if found is not None:
            return found, tuple(diags)
    return None, tuple(diags)


#: a character that no page head holds and that is no word character: a page head ends
#: before it, and the ``\b`` at a head's end reads it as the end of a text
_HEAD_STOP: Final = re.compile(r"[^\s.\w]")


def _unblanked(raw: str, clean: str, reach: int) -> bool:
    """Whether :func:`_decode_blanked`'s blanking (page heads, banners, release stamps)
    leaves ``clean`` as it is from the line of the first ``CLAS`` on to ``reach`` (where
    the search for the end of the first label's statement stopped). Then its label loop
    reads there what ``clean`` holds, as every label starts at a ``CLAS``: it reads the
    first label's statement, as :func:`decode_classified_by` does in ``clean``.

    A banner fills its line and starts with blanks and a banner word; a stamp starts at
    ``RELEASE``. A page head holds ``00`` or ``PAGE`` and head characters only, and ends
    before the first character at or after ``reach`` that is neither a head's nor a word
    character (``_HEAD_STOP``: a ``\b`` reads it as a text's end), so the heads of the
    text up to there are the whole text's that start there."""
    upper = upper_bytes(raw)
    if upper is None:
        return False
    top = max(clean.rfind("\n", 0, upper.find(b"CLAS")), 0)
    if upper.find(b"RELEASE", 0, reach + len("RELEASE") - 1) != -1:
        return False  # a stamp may start before reach
    for word in _BANNER_WORDS:
        pos = upper.find(word, top, reach)
        while pos != -1:
            if not clean[clean.rfind("\n", 0, pos) + 1:pos].strip(" \t"):
                return False  # a banner may stand there
            pos = upper.find(word, pos + 1, reach)
    found = _HEAD_STOP.search(clean, reach)
    stop = found.start() if found is not None else len(clean)
    if clean.find("00", top, stop) == -1 and clean.find("PAGE", top, stop) == -1:
        # a head there starts before top and holds it (and runs from the last 00 or PAGE
        # before top through head characters only)
        if in_no_head(clean, top):
            return True
        last = max(clean.rfind("00", 0, top + 1), clean.rfind("PAGE", 0, top + 3))
        if last == -1 or NOT_IN_HEAD.search(clean, last, top) is not None:
            return True
    return all(end <= top or start >= reach for start, end in page_heads(clean[:stop]))


def _statement_text(text: str) -> str:
    """``text`` without the paragraph number, portion marks and lead words at its start
    (``_PORTION.sub``, ``.strip()``, ``_LEAD_WORDS.sub``: both patterns start with ``^``
    and no re.M, so that their one match stands at the start)."""
    portion = _PORTION.match(text)
    assert portion is not None  # it matches the empty string
    text = text[portion.end():].strip()
    lead = _LEAD_WORDS.match(text)
    return text[lead.end():] if lead is not None else text


def _junk(clean: str, start: int, end: int) -> str | None:
    """The first line of a label's text when it is no statement (``ADANA 222``)."""
    first_line = clean[start:end].strip().split("\n")[0].strip()
    return first_line if _JUNK.match(first_line) else None


def _statement(raw: str, clean: str, label: re.Match[str], end: int) -> ClassifiedBy | None:
    """The statement after ``label`` in ``clean`` up to ``end``; None when it holds no
    names and no reasons ("CLASSIFIED BY LINE ADDED")."""
    start = label.end()
    line_start = clean.rfind("\n", 0, label.start()) + 1
    prefix = clean[line_start:start]
    body = _join_lines(prefix + clean[start:end].rstrip())[len(prefix):]
    first_line = body.split("\n")[0]
    if "cla" in first_line.lower():  # where a match of _LABEL starts (no fold reads as c, l, a)
        inner = list(_LABEL.finditer(first_line))
        if inner:
            body = body[inner[-1].end():]
    text, cut = _end_at_reasons(_statement_text(squash(body)[:_MAX_STATEMENT]))
    names, title = _names(text, cut)
    reasons, reasons_text = _reasons(text)
    if not names and not reasons:
        return None
    return _classified_by(raw[label.start():end], label.start(), end, text, names, title,
                          reasons, reasons_text)


def find_classified_by(text: str) -> ClassifiedBy | None:
    """The classification statement of a whole cable (or a snippet)."""
    limit = paragraph_start(text, "2")
    found, _ = decode_classified_by(text[:limit])
    return found


def normalize_name(name: str) -> str:
    """A name written in capitals in title case, OCR zeros read as O (``LEE 0. COLDREN`` ->
    ``Lee O. Coldren``); a name in mixed case is kept."""
    if name.upper() != name:
        return name
    words = []
    for word in name.split():
        word = _ZERO_IN_NAME.sub("O", word)
        if word.strip(",.") in ("II", "III", "IV"):
            words.append(word)
        else:
            words.append("-".join(p[:1] + p[1:].lower() for p in word.split("-")))
    return " ".join(words)
