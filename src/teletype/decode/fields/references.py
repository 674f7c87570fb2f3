"""REF blocks as typed items: list letter, kind, and for cables office, serial, section,
year and the canonical reference id.

``decode_references(raw, year, origin)`` reads the text of a REF block (from its label on);
``locate_references(text)`` finds that block in the front matter of a whole cable.

The year of a cited cable comes from any of its written forms (``I. 2007 MANAGUA 2135``,
``2009 CAIRO 2394``, ``'08 BUENOS AIRES 1491``, ``(99) ROME 2196``, ``STATE (01) 201265``,
``AMMAN 5049-01``, ``PANAMA 00789/08``, ``AMMAN 07718 99``, ``09CAIRO0561``); without one
it is the citing cable's year, and the item says so (``year_inferred``, TT602). The
canonical id is the Cablegate reference-id form, the one of
:func:`teletype.decode.reference_id`: two-digit year, office without spaces, serial
without leading zeros (``07STATE71143``). Page heads and dates are never references.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from ... import facts
from ...slots import slot_maker
from ..dates import DEFAULT_PIVOT, expand_year, fix_digits
from .common import (
    Diagnostics,
    blank_continuations,
    blank_page_heads,
    front_limit,
    matches,
    next_field,
    note,
    page_heads,
    squash,
)

#: Kinds of a cited item.
KINDS: Final = ("cable", "email", "telcon", "memo", "report", "un-resolution",
                "publication", "text")


@dataclass(frozen=True, slots=True)
class CitedItem:
    """One cited item. ``start``/``end`` are offsets into the REF block's raw text (for a
    cable: the cable's own words, ``06 TBILISI 2601``; else the item's text)."""

    raw: str
    start: int
    end: int
    letter: str | None
    kind: str
    text: str
    office: str | None = None
    office_written: str | None = None
    serial: str | None = None
    number: int | None = None
    section: str | None = None
    year: int | None = None
    year_written: str | None = None
    year_inferred: bool = False
    reference_id: str | None = None


#: CitedItem(...) with every field given
_cited_item: Final = slot_maker(CitedItem)


@dataclass(frozen=True, slots=True)
class References:
    """A REF block read as items (in the order written)."""

    raw: str
    items: tuple[CitedItem, ...]

    @property
    def reference_ids(self) -> tuple[str, ...]:
        """The canonical ids of the cited cables, in order."""
        return tuple(i.reference_id for i in self.items
                     if i.kind == "cable" and i.reference_id is not None)


# ------------------------------------------------------------------ the block

_LABEL: Final = re.compile(
    r"(?i)(?:(?<![A-Za-z])|(?<=[A-Za-z])(?=REFS?\s*:))"
    r"REF(?:S|TELS?|ERENCES?|\(S\))?(?![A-Za-z])\s*[:.]?"
)
_MARKER_BEFORE: Final = re.compile(r"(?m)^[ \t]*\u00b6?\(?[A-Za-z][.)]?[ \t]*$")


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return end if end >= 0 else len(text)


def locate_references(text: str) -> tuple[int, int] | None:
    """Where the first REF block of a cable's front matter stands (label included), or
    None. The front matter ends at paragraph 1."""
    for label in matches(_LABEL, text, "REF", front_limit(text)):
        start = label.start()
        word = label.group(0).rstrip()
        if not word.endswith((":", ".")) and (not word.isupper() or not text[
                label.end():_line_end(text, label.end())].strip()):
            continue  # a word of the text ("Reference" at a line end), not a label
        if text[label.end():label.end() + 1] == "/" or text[start - 1:start] == "/":
            continue  # a military message's REF/A/MSG/... or AMPN/REF set: no MRNs
        line_start = text.rfind("\n", 0, start) + 1
        if _MARKER_BEFORE.fullmatch(text, line_start, start):
            start = line_start  # "A. REF AMMAN 222": the letter stands before the label
        return start, _block_end(text, label.end())
    return None


_ITEM_LINE: Final = re.compile(r"[ \t\-]*\u00b6?(?:\(?[A-Za-z][.):\]]|\[[A-Za-z]\]|[A-Za-z] -)")


# the regexes of the functions below, compiled once
_GAP: Final = re.compile(r"\n[ \t]*\n\s*")
_WRAPPED_TAIL: Final = re.compile(
    r"(?:\d{3}(?:\.\d)?\s+OF\s+\d{3}|[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?"
    r"\s+\d{2,7}\b(?!\s*(?:\.|\)|,)?\s*(?:\(|[A-Z][a-z])))")
_CLASSIFICATION_WORD: Final = re.compile(r"(?i)\s*(?:S\s?e\s?c\s?r\s?e\s?t|c\s?o\s?n\s?f)")
#: what an office's spelling may differ by (blanks, periods, apostrophes, hyphens)
_OFFICE_NOISE: Final = re.compile(r"[\s.'\-]")


def _block_end(text: str, pos: int) -> int:
    end = len(text)
    stop = next_field(text, pos)
    if stop is not None:
        end = stop
    # a blank line ends the block unless the next line continues the list
    for gap in _GAP.finditer(text, pos, end):  # no anchor: as in text[pos:end]
        after = gap.end()
        if not _ITEM_LINE.match(text, after) and not _continues(text, after):
            return gap.start()
    return end


def _continues(text: str, pos: int) -> bool:
    """A line after a blank line that still belongs to the list: a wrapped item's tail
    (``DE JANEIRO 1291``, ``Taipei 03196 E) ...``) or a page head's second part."""
    line = text[pos:_line_end(text, pos)]
    return bool(_WRAPPED_TAIL.match(line)) and not _CLASSIFICATION_WORD.match(line)


# ------------------------------------------------------------------ items

_MARKER: Final = re.compile(
    r"(?<![A-Za-z0-9'/.\-])\u00b6?(?:\((?P<p>[A-Za-z])\)|\[(?P<b>[A-Za-z])\]"
    r"|(?P<d>[A-Za-z])(?:\.(?![A-Za-z]\.)|\)|:(?!\d)|\s+-\s))"
)
_REF_WORD: Final = re.compile(r"(?i)^\s*(?:REF(?:ERENCE)?S?\s*[:.]?\s*(?:(?P<l>[A-Za-z])\)?\s+)?)+")

_KIND_PATTERNS: Final = (
    ("email", re.compile(r"(?i)\bE-?\s?MAILS?\b")),
    ("telcon", re.compile(r"(?i)\bTELE?CONS?\b|\bPHONE\s+CALL\b|\bTELEPHONE\b")),
    ("un-resolution", re.compile(r"(?i)\bUNSCRS?\b|\bUNSC\s+RESOLUTION|\bUNGA\s+RESOLUTION")),
    ("memo", re.compile(r"(?i)\bMEMO(?:RANDUM|S)?\b|\bNON-?PAPER\b|\bLETTER\b")),
    ("publication", re.compile(r"(?i)\b\d+\s+FA[MH]\b|\bFAM\b")),
    ("report", re.compile(r"(?i)\bREPORTS?\b|\bIIR\b|\bTD-\d|\bOSC\b|\bSITREP\b|\bDTG\b")),
)

#: Words that are never (part of) an office: months (teletype.facts), report words, labels.
_STOP: Final = facts.MONTH_WORDS | frozenset("""
REF REFS REFTEL REFTELS REFERENCE
REFERENCES EMAIL EMAILS E-MAIL E-MAILS MAIL TELCON TELECON MEMO REPORT REPORTS IIR MSG DTG
POINTS DAILY POC UNSCR OF FROM TO FOR AND THRU AT ON IN BY PARA PARAS PARAGRAPH SECTION
PAGE TELEGRAM TELEGRAMS SECRETARY NOTICE ASSISTANCE IMPLEMENTATION COMMITTEE SANCTIONS
CONFIDENTIAL SECRET UNCLASSIFIED UNCLAS CLASSIFIED SBU NOFORN SIPDIS REASON REASONS NOTAL
PREVIOUS FAM APPENDIX OSC EUP TD SUBJ DC WASHDC PLUS ALSO SEE CIRCULAR NO NR NUMBER
""".split())

#: Written office -> canonical office (Cablegate's form).
_OFFICE_ALIASES: Final = {
    "SECSTATE": "STATE", "SECSTATEWASHDC": "STATE", "DEPT": "STATE", "DEPARTMENT": "STATE",
    "RIODEJAN": "RIODEJANEIRO", "RIO": "RIODEJANEIRO", "HCMC": "HOCHIMINHCITY",
    "HOCHIMINH": "HOCHIMINHCITY", "HK": "HONGKONG", "USUN": "USUNNEWYORK",
    "COLOMOBO": "COLOMBO", "STPETERSBURG": "STPETERSBURG", "SAOPAOLO": "SAOPAULO",
}
_OFFICE_PREFIXES: Final = ("UNCLASS ", "EMBASSY ", "AMEMBASSY ", "AMCONSUL ", "USMISSION ")

#: a word of an office (OCR may put a zero for an O: COTON0U; MAZAR-E); words are separated by
#: blanks or one or two line ends, written so that a failed match cannot backtrack widely
_WORD: Final = r"(?:[A-Za-z]{2}[A-Za-z.']{0,28}(?:0[A-Za-z]{1,20}|-[A-Za-z](?=[ \t]))?)"
_SEP: Final = r"(?:[ \t]+|[ \t]*\n[ \t]*(?:\n[ \t]*)?)"
_CABLE: Final = re.compile(
    r"(?<![A-Za-z0-9/\-])"
    r"(?:(?P<y1>\d{4}|\d{2}|'\d{2}|\(\d{2}\))\s+)?"
    r"(?P<office>" + _WORD + r"(?:" + _SEP + _WORD + r"){0,3})"
    r"(?:\s*,)?\s*(?:\((?P<y2>\d{2})\)\s*)?(?:\([A-Z]\)\s*)?#?\s*"
    r"(?P<serial>[0-9][0-9O]{0,6}|[O][0-9]{3,6})(?![0-9A-Za-z]|[.:]\d|/\d{1,2}/|/(?:19|20)\d\d(?!\d))"
    r"(?:-(?P<y3>\d{2})(?!\d)|/(?P<y4>\d{2})(?![\d/])|[ \t]+(?P<y5>\d{2})(?=\s*(?:[,;]|$)))?"
    r"(?:\s+\((?P<y6>\d{4}|\d{2})\))?"
)
_GLUED: Final = re.compile(
    r"(?<![A-Za-z0-9])(?P<y>\d{2})(?P<office>[A-Z]{3,})(?P<serial>\d{2,7})\b")
_MORE: Final = re.compile(r"\s*(?:,|/|&|\bAND\b|\band\b)\s*(?P<serial>\d{3,7})(?!\d)(?!/\d{1,2}/)"
                         r"(?!\s+[A-Za-z]{3,}\s+\d)(?:\s+\((?P<year>\d{4})\))?")
_REVERSED: Final = re.compile(
    r"^\s*(?P<serial>\d{2,7})\s+(?P<office>[A-Za-z]{3,}(?:\s+[A-Za-z]{3,})?)\s*[,;.]?\s*$")
_BARE: Final = re.compile(r"^\s*(?P<serial>\d{3,7})(?:\s+(?:AND|and)\s+PREVIOUS)?\s*[,;.]?\s*$")
_SPACE: Final = re.compile(r"\s")
_SECTION: Final = re.compile(r"\s+(\d{1,2})\s+OF\s+(\d{1,2})\b")


@functools.lru_cache(maxsize=4096)  # keyed on offices as written: bounded
def _canonical_office(written: str) -> str | None:
    if "," in written:
        return None  # "Cj, 37461": words of a list, not an office
    whole = _OFFICE_NOISE.sub("", written).upper()
    if whole in _OFFICE_ALIASES:
        return _OFFICE_ALIASES[whole]
    words = written.split()
    # drop stop words from the left: "REF LA PAZ", "CABLES" inside "COLOMBO CABLES"
    while words and words[0].upper().strip(".") in _STOP:
        words = words[1:]
    words = [w for w in words if w.upper() != "CABLES"]
    if not words or any(w.upper().strip(".,") in _STOP for w in words):
        return None
    office = " ".join(words).upper()
    for prefix in _OFFICE_PREFIXES:
        if office.startswith(prefix):
            office = office[len(prefix):]
    key = _OFFICE_NOISE.sub("", office).replace("0", "O")
    if not key.isalpha() or len(key) < 2 or len(key) <= 3 and not written.strip().isupper():
        return None  # "Cj 37461": OCR noise, not an office
    return _OFFICE_ALIASES.get(key, key)


def _year_from(raw: str | None, pivot: int) -> int | None:
    if raw is None:
        return None
    return expand_year(raw.strip("()'"), pivot)


def _id_of(office: str, digits: str, year: int | None) -> str | None:
    """:func:`cable_id` of a serial whose digits are fixed (``fix_digits``) already."""
    if year is None or not digits.isdigit():
        return None
    return f"{year % 100:02d}{office}{digits.lstrip('0') or '0'}"


#: any of the _KIND_PATTERNS: one search tells most segments (a cable cited by office and
#: serial) from the others, which are then tried in order
_ANY_KIND: Final = re.compile("(?i)" + "|".join(
    f"(?:{p.pattern.removeprefix('(?i)')})" for _, p in _KIND_PATTERNS))


#: a word (upper-cased) that every match of _ANY_KIND holds: MAIL (E-MAIL), TEL (TELCON,
#: TELEPHONE), PHONE, UNSC, UNGA, MEMO, PAPER, LETTER, FAM/FAH, REPORT, IIR, TD-, OSC,
#: SITREP, DTG
_KIND_WORD: Final = re.compile(
    "MAIL|TEL|PHONE|UNSC|UNGA|MEMO|PAPER|LETTER|FA[MH]|REPORT|IIR|TD-|OSC|SITREP|DTG")


def _kind(text: str) -> str:
    # in an ASCII text (?i) reads letters in their two cases only: a text without one of
    # the words in its upper-cased copy has no kind
    if text.isascii() and _KIND_WORD.search(text.upper()) is None or \
            _ANY_KIND.search(text) is None:
        return "text"
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "text"


#: a cable found in a segment: start, end (in the block), office, office as written (lead
#: words dropped), serial, year, year as written, section (a plain tuple: made a few
#: times a cable, read once)
_Cable = tuple[int, int, str, str, str, int | None, str | None, str | None]

_LEAD_WORDS: Final = re.compile(r"(?i)(?:(?:REF|REFS|REFTELS?|REFERENCES?|AND|ALSO)\b[ \t.:]*)+")
#: the letters a match of _LEAD_WORDS starts with (no letter that ``(?i)`` reads as ASCII
#: reads as these)
_LEAD_FIRST: Final = frozenset("RrAa")
_YEAR_GROUPS: Final = ("y1", "y2", "y3", "y4", "y5", "y6")


@functools.lru_cache(maxsize=4096)  # keyed on offices as written: bounded
def _without_lead_words(office: str) -> str:
    """An office as written (stripped) without the lead words that stand in it."""
    return _LEAD_WORDS.sub("", office.strip())


def _cables_in(segment: str, base: int, origin: str | None, pivot: int) -> list[_Cable]:
    found: list[_Cable] = []
    pos = 0
    g = _GLUED.search(segment, 0)
    while True:
        m = _CABLE.search(segment, pos)
        if g is not None and g.start() < pos:
            g = _GLUED.search(segment, pos)  # searched again only once passed
        if g is not None and (m is None or g.start() < m.start()):
            office = _canonical_office(g["office"])
            if office is not None:
                found.append((base + g.start(), base + g.end(), office, g["office"],
                              g["serial"], _year_from(g["y"], pivot), g["y"], None))
            pos = g.end()
            continue
        if m is None:
            break
        office = _canonical_office(m["office"])
        if office is None:
            # retry from the word after the rejected office's first word
            nxt = _SPACE.search(segment, m.start() + 1)
            pos = nxt.start() if nxt else len(segment)
            continue
        written = next(filter(None, m.group(*_YEAR_GROUPS)), None)
        year = _year_from(written, pivot)
        section = None
        sec = _SECTION.match(segment, m.end())
        if sec is not None:
            section = f"{int(sec.group(1))}/{int(sec.group(2))}"
        start = m.start()
        # "REFTEL KABUL 02245": no office word
        lead = _LEAD_WORDS.match(segment, start) if segment[start] in _LEAD_FIRST else None
        if lead is not None and lead.end() < m.end():
            start = lead.end()
        found.append((base + start, base + m.end(), office,
                      _without_lead_words(m["office"]), m["serial"], year, written, section))
        pos = m.end()
        # more serials of the same office: "BRASILIA 2799 AND 2764", "Kabul 692/317/274"
        while True:
            more = _MORE.match(segment, pos)
            if more is None:
                break
            own = more["year"]
            found.append((base + more.start("serial"), base + more.end(), office,
                          m["office"].strip(), more["serial"],
                          _year_from(own, pivot) if own else year, own or written, None))
            pos = more.end()
    if not found and segment.strip():
        rev = _REVERSED.match(segment)
        office = _canonical_office(rev["office"]) if rev is not None else None
        if rev is not None and office is not None:
            found.append((base + rev.start("serial"), base + rev.end("office"), office,
                          rev["office"], rev["serial"], None, None, None))
        elif origin is not None:
            bare = _BARE.match(segment)
            # "B. 2006": a year written on a line of its own, not a serial of the origin
            if bare is not None and not (len(bare["serial"]) == 4 and
                                         1940 <= int(fix_digits(bare["serial"]) or 0) <= 2030):
                found.append((base + bare.start("serial"), base + bare.end("serial"),
                              origin, "", bare["serial"], None, None, None))
    return found


def _items(block: str, start: int) -> list[tuple[str | None, int, int]]:
    """Split the block (from ``start``) into (letter, start, end) by list letters, which
    must run in order (A, B, C ...; a letter may repeat: ``A. A)``, ``B) ... B)``)."""
    cuts: list[tuple[str | None, int, int]] = []  # (letter, marker start, text start)
    expected = "A"
    last: str | None = None
    for m in _MARKER.finditer(block, start):
        letter = (m["p"] or m["b"] or m["d"]).upper()
        if letter == last and cuts and not block[cuts[-1][2]:m.start()].strip(" \t\n\u00b6"):
            cuts[-1] = (letter, cuts[-1][1], m.end())  # "A. A)", "A. (A)": one marker
            continue
        if letter == last and m["d"] and m.group(0).endswith(".") and not m["p"]:
            continue  # "J. Speaks" after J: an initial, not a repeated letter
        if letter != expected and letter != last:
            # a letter left out ("A. ... D. ..."): only where an item plainly starts
            gap = ord(letter) - ord(expected)
            before = block[max(0, m.start() - 2):m.start()]
            if not (0 < gap <= 3 and (before.endswith(("\n", "  ", ";")) or m.start() == start)):
                continue
        if m["d"] and block[m.end():m.end() + 1].isdigit() and m.group(0).endswith(":"):
            continue
        cuts.append((letter, m.start(), m.end()))
        last, expected = letter, chr(ord(letter) + 1)
    out: list[tuple[str | None, int, int]] = []
    first = cuts[0][1] if cuts else len(block)
    if block[start:first].strip(" \t\n\u00b6:;,.-"):
        out.append((None, start, first))
    for i, (letter, _, text_start) in enumerate(cuts):
        end = cuts[i + 1][1] if i + 1 < len(cuts) else len(block)
        out.append((letter, text_start, end))
    return out


def decode_references(raw: str, year: int | None = None, origin: str | None = None, *,
                      pivot: int = DEFAULT_PIVOT) -> tuple[References, Diagnostics]:
    """Read a REF block (its text from the label on). ``year`` is the citing cable's year
    (for cables cited without one); ``origin`` its office (Cablegate form, ``ANKARA``), for
    a bare serial (``REF: A) 6307``)."""
    diags = []
    label = _LABEL.search(raw)
    # from after the label; from 0 when a list letter stands before it ("A. REF AMMAN 222")
    start = label.end() if label is not None and not raw[:label.start()].strip(
        " \t\n\u00b6") else 0
    # page heads inside the block are blanked (offsets stay those of raw)
    work = blank_continuations(raw)
    heads = page_heads(work)
    for head_start, head_end in heads:
        diags.append(note("TT603", f"page head {squash(work[head_start:head_end])!r} skipped",
                          raw, head_start, head_end))
    work = blank_page_heads(work, heads)
    items: list[CitedItem] = []
    for letter, s, e in _items(work, start):
        lead = _REF_WORD.match(work, s)
        if lead is not None and lead.end() > s:
            s = lead.end()
        segments = [(s, e)]
        if letter is None:
            segments = []
            pos = s
            sep = work.find(";", s, e)
            while sep != -1:
                segments.append((pos, sep))
                pos = sep + 1
                sep = work.find(";", pos, e)
            segments.append((pos, e))
        for seg_start, seg_end in segments:
            segment = work[seg_start:seg_end]
            if not segment.strip(" \t\n\u00b6;,.-"):
                continue
            text = squash(segment).strip(" ;,")
            if not text:
                continue
            kind = _kind(text)
            cables = [] if kind in ("email", "telcon") else _cables_in(
                segment, seg_start, origin, pivot)
            if not cables:
                lo = seg_start + len(segment) - len(segment.lstrip())
                hi = seg_start + len(segment.rstrip(" \t\n;,"))
                items.append(CitedItem(raw[lo:hi], lo, hi, letter, kind, text))
                continue
            for c_start, c_end, office, written, serial, c_year, year_written, section \
                    in cables:
                cited = raw[c_start:c_end]
                words = squash(cited)
                cited_year, inferred = c_year, False
                if cited_year is None and year is not None:
                    cited_year, inferred = year, True
                    diags.append(note("TT602", f"{words!r} has no year: the citing cable's "
                                      f"year {year} is taken", raw, c_start, c_end))
                digits = fix_digits(serial)
                items.append(_cited_item(
                    cited, c_start, c_end, letter, "cable", words, office, written, serial,
                    int(digits) if digits.isdigit() else None, section, cited_year,
                    year_written, inferred, _id_of(office, digits, cited_year)))
    return References(raw, tuple(items)), tuple(diags)


def find_references(text: str, year: int | None = None, origin: str | None = None,
                    ) -> References:
    """The REF block of a whole cable (or a snippet), read; empty when there is none."""
    where = locate_references(text)
    if where is None:
        return References("", ())
    refs, _ = decode_references(text[where[0]:where[1]], year, origin)
    return refs


def canonical_office(written: str) -> str | None:
    """An office as written (``SECSTATE``, ``RIO DE JAN``) in its Cablegate form (``STATE``,
    ``RIODEJANEIRO``); None when the words are no office."""
    return _canonical_office(written)


def cable_id(office: str, serial: str, year: int | None) -> str | None:
    """The canonical id of a cited cable (``07STATE71143``); None without a year or with a
    serial that is not numeric."""
    return _id_of(office, fix_digits(serial), year)
