"""Position-aware OCR confusion model for coded groups (issue 13).

OCR'd printouts confuse letters and digits that look alike (O/0, I/1/l, S/5, B/8, Z/2,
G/6), double letters, glue words together and leave stray punctuation. Where the grammar
position of a group makes its intended form certain -- the DTG's digits, its zone letter,
month and year, a precedence prosign, the DE line's routing indicator, serial and filing
time, an MRN's office and serial, a classification word, a section count -- the functions
here return the corrected form and the list of repairs made, each with its offset inside
the group, the text found and its replacement. They never guess outside such positions:
a group that cannot be read as the position's form comes back unchanged with ``ok``
False.

The module is pure (no parsing, no diagnostics): the transformer reports every repair as
a transcription diagnostic carrying the suggestion, keeps the raw text and decodes the
corrected value. Offices are checked against the known posts of :mod:`teletype.vocab`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from teletype import vocab

__all__ = [
    "CLASSIFICATION_WORDS",
    "MONTHS",
    "ClassificationRead",
    "DtgRead",
    "Fixed",
    "MrnLine",
    "MrnMention",
    "Repair",
    "as_digits",
    "as_letters",
    "classification",
    "classification_prefix",
    "day_time",
    "dtg_line",
    "expand_office",
    "is_known_office",
    "julian_time",
    "known_offices",
    "month",
    "mrn_line",
    "mrn_mention",
    "mrn_office",
    "precedence",
    "routing_indicator",
    "section",
    "serial",
    "slash_date",
    "ssn",
    "year",
    "zone",
]


@dataclass(frozen=True, slots=True)
class Repair:
    """One correction inside a group: ``found`` at ``offset`` becomes ``replacement``."""

    offset: int
    found: str
    replacement: str

    def __str__(self) -> str:
        return f"{self.found!r}->{self.replacement!r}@{self.offset}"


@dataclass(frozen=True, slots=True)
class Fixed:
    """A group read in its position: the corrected ``text``, the ``repairs`` made, and
    whether the result is a valid form of the position (``ok``)."""

    raw: str
    text: str
    repairs: tuple[Repair, ...] = ()
    ok: bool = True

    @property
    def changed(self) -> bool:
        return bool(self.repairs)


def _unchanged(raw: str) -> Fixed:
    return Fixed(raw, raw, (), False)


# --------------------------------------------------------------------------- characters

#: A letter (or sign) OCR reads for a digit, by the digit it stands for.
TO_DIGIT: dict[str, str] = {
    "O": "0", "o": "0", "Q": "0", "D": "0",
    "I": "1", "l": "1", "i": "1", "|": "1", "!": "1",
    "S": "5", "s": "5", "$": "5",
    "B": "8",
    "Z": "2", "z": "2",
    "G": "6", "b": "6",
}
#: A digit OCR reads for a letter: every letter it may stand for, likeliest first.
TO_LETTERS: dict[str, str] = {
    "0": "OQD", "1": "IL", "5": "S", "8": "B", "2": "Z", "6": "G", "l": "LI", "|": "IL",
    "$": "S",
}
#: Characters OCR puts for the zone letter Z of a DTG.
ZONE_MISREADS = frozenset("2z$%7")
_STRAY = ".,;:'`\u2018\u2019\"*~_-"


def as_digits(raw: str) -> Fixed:
    """Read a group that can only be digits (an MRN serial, a DTG's day-time, a year).

    ``28O245`` -> ``280245`` with one repair; ``ok`` is False when a character other than
    a confusable letter remains.
    """
    out: list[str] = []
    repairs: list[Repair] = []
    for i, ch in enumerate(raw):
        if ch.isdigit():
            out.append(ch)
        elif ch in TO_DIGIT:
            out.append(TO_DIGIT[ch])
            repairs.append(Repair(i, ch, TO_DIGIT[ch]))
        else:
            return _unchanged(raw)
    return Fixed(raw, "".join(out), tuple(repairs), bool(out))


def as_letters(raw: str) -> Fixed:
    """Read a group that can only be letters (a routing indicator, an office word):
    each confusable digit becomes its likeliest letter (0->O, 1->I, 5->S, 8->B, 2->Z,
    6->G); ``ok`` is False when another non-letter remains."""
    out: list[str] = []
    repairs: list[Repair] = []
    for i, ch in enumerate(raw):
        if ch.isalpha() and ch.isascii() and ch != "l":
            out.append(ch.upper())
        elif ch in TO_LETTERS:
            out.append(TO_LETTERS[ch][0])
            repairs.append(Repair(i, ch, TO_LETTERS[ch][0]))
        else:
            return _unchanged(raw)
    return Fixed(raw, "".join(out), tuple(repairs), bool(out))


def _could_be(ch: str, letter: str) -> bool:
    """May the printed character ``ch`` be the letter ``letter``?"""
    up = ch.upper()
    return up == letter or letter in TO_LETTERS.get(ch, "") or (
        ch == "l" and letter in "LI")


def _match_word(raw: str, words: Iterable[str]) -> str | None:
    """The only word of ``words`` that ``raw`` can be, character by character, under the
    OCR confusions; None when none or several fit."""
    found = [w for w in words if len(w) == len(raw)
             and all(_could_be(c, w[i]) for i, c in enumerate(raw))]
    return found[0] if len(set(found)) == 1 else None


def _char_repairs(raw: str, text: str, base: int = 0) -> tuple[Repair, ...]:
    return tuple(Repair(base + i, a, b) for i, (a, b) in enumerate(zip(raw, text, strict=True))
                 if a != b and a.upper() != b)


def _strip_stray(raw: str) -> tuple[str, list[Repair]]:
    """Drop stray punctuation that OCR leaves at the ends of a group (``280917Z.``)."""
    repairs: list[Repair] = []
    end = len(raw)
    while end and raw[end - 1] in _STRAY:
        end -= 1
    if end < len(raw):
        repairs.append(Repair(end, raw[end:], ""))
    start = 0
    while start < end and raw[start] in _STRAY:
        start += 1
    if start:
        repairs.insert(0, Repair(0, raw[:start], ""))
    return raw[start:end], repairs


# --------------------------------------------------------------------------- DTG


#: Month abbreviations and names (upper case) -> month number.
MONTHS: dict[str, int] = {}
for _n, _name in enumerate(("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
                            "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"), 1):
    MONTHS[_name] = _n
    MONTHS[_name[:3]] = _n
MONTHS["SEPT"] = 9


def precedence(raw: str) -> Fixed:
    """A precedence prosign (Z O P R Y W) or word (FLASH, IMMEDIATE, PRIORITY, ROUTINE,
    NIACT): ``0`` -> ``O``, ``2`` -> ``Z``, ``PIORITY`` -> ``PRIORITY``, ``IMMMEDIATE``
    -> ``IMMEDIATE`` (a doubled letter)."""
    if len(raw) == 1:
        if raw.upper() in "ZOPRYW":
            return Fixed(raw, raw.upper(), _char_repairs(raw, raw.upper()), True)
        letter = {"0": "O", "2": "Z", "Q": "O", "D": "O", "o": "O"}.get(raw)
        if letter:
            return Fixed(raw, letter, (Repair(0, raw, letter),), True)
        return _unchanged(raw)
    words = ("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT")
    up = raw.upper()
    if up in words:
        return Fixed(raw, up, _char_repairs(raw, up), True)
    word = _match_word(raw, words) or _near_word(up, words, 1)
    if word is None:
        return _unchanged(raw)
    return Fixed(raw, word, (Repair(0, raw, word),), True)


def zone(raw: str) -> Fixed:
    """The DTG's zone letter: ``Z`` (``2``, ``z``, ``$``, ``%`` and ``7`` are OCR'd Z)."""
    if raw == "Z":
        return Fixed(raw, "Z")
    if raw in ZONE_MISREADS:
        return Fixed(raw, "Z", (Repair(0, raw, "Z"),), True)
    return _unchanged(raw)


def day_time(raw: str, zones: str = "Z") -> Fixed:
    """A DTG's ``DDHHMMZ`` group: digits fixed, zone fixed, stray punctuation dropped;
    ``ok`` only for a real day (01-31), hour and minute. ``zones`` are the zone letters
    the position allows (``"ZL"`` for a receipt line's local times).

    ``28O245Z`` -> ``280245Z``; ``280917Z.`` -> ``280917Z``; ``0613322`` (Z read as 2)
    -> ``061332Z``; ``161059%`` -> ``161059Z``; ``1611532`` -> ``161153Z``;
    ``0820461,`` with zones ``ZL`` -> ``082046L``.
    """
    core, repairs = _strip_stray(raw)
    offset = len(repairs[0].found) if repairs and repairs[0].offset == 0 else 0
    if len(core) not in (6, 7):
        return _unchanged(raw)
    digits = as_digits(core[:6])
    if not digits.ok or not _valid_day_time(digits.text):
        return _unchanged(raw)
    repairs += [Repair(offset + r.offset, r.found, r.replacement) for r in digits.repairs]
    text = digits.text
    if len(core) == 7:
        letter = _zone_letter(core[6], zones)
        if letter is None:
            return _unchanged(raw)
        repairs += [Repair(offset + 6, core[6], letter)] if letter != core[6] else []
        text += letter
    return Fixed(raw, text, tuple(sorted(repairs, key=lambda r: r.offset)), True)


def _zone_letter(ch: str, zones: str) -> str | None:
    if ch.upper() in zones:
        return ch.upper()
    if "Z" in zones and ch in ZONE_MISREADS:
        return "Z"
    if "L" in zones and ch in "1lI|":
        return "L"
    return None


def _valid_day_time(digits: str) -> bool:
    day, hour, minute = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    return 1 <= day <= 31 and hour < 24 and minute < 60


def month(raw: str) -> Fixed:
    """A month abbreviation or name: ``Ju1`` -> ``JUL``, ``N0V`` -> ``NOV``, ``0CT`` ->
    ``OCT``, ``5EP`` -> ``SEP``, ``DECEM8ER`` -> ``DECEMBER``; stray punctuation
    (``JAN.``) dropped."""
    core, repairs = _strip_stray(raw)
    start = len(repairs[0].found) if repairs and repairs[0].offset == 0 else 0
    up = core.upper()
    if up in MONTHS:
        return Fixed(raw, up, tuple(repairs), True)
    word = _match_word(core, MONTHS)
    if word is None:
        return _unchanged(raw)
    repairs += list(_char_repairs(core, word, start))
    return Fixed(raw, word, tuple(sorted(repairs, key=lambda r: r.offset)), True)


def year(raw: str) -> Fixed:
    """A two- or four-digit year: ``O8`` / ``0B`` -> ``08``, ``9S`` -> ``95``."""
    core, repairs = _strip_stray(raw)
    start = len(repairs[0].found) if repairs and repairs[0].offset == 0 else 0
    if len(core) not in (2, 4):
        return _unchanged(raw)
    digits = as_digits(core)
    if not digits.ok:
        return _unchanged(raw)
    repairs += [Repair(start + r.offset, r.found, r.replacement) for r in digits.repairs]
    return Fixed(raw, digits.text, tuple(sorted(repairs, key=lambda r: r.offset)), True)


@dataclass(frozen=True, slots=True)
class DtgRead:
    """A DTG found in a line: its precedence prosigns, ``DDHHMMZ``, month and year as
    corrected, the span of the groups in the line (``start``, ``end``), the repairs (with
    offsets in the line) and, on a CIA classified DTG line, the classification before it."""

    precedence: tuple[str, ...]
    day_time: str
    month: str
    year: str
    start: int
    end: int
    repairs: tuple[Repair, ...]
    classification: str | None = None


_TOKEN = re.compile(r"\S+")


def _shift(base: int, repairs: Iterable[Repair]) -> list[Repair]:
    return [Repair(base + r.offset, r.found, r.replacement) for r in repairs]


def dtg_line(line: str, zones: str = "Z") -> DtgRead | None:
    """The first DTG of a line, read group by group in its position: ``O 280917Z. JAN
    95`` (stray period), ``0 P 091928Z JUL 94`` (precedence O read as 0), ``R 151023Z APR
    95 ZDS``, ``P R 221828 Z MAY 73`` (zone split off), ``SECRET 0613322 MAR 98 STAFF``
    (CIA: Z read as 2), ``161059% AUG 95``, ``R 300225Z OCT96`` (month and year glued).
    None when no day-time, month and year follow one another."""
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(line)]
    for i, (at, tok) in enumerate(tokens):
        j = i + 1
        dt = day_time(tok, zones)
        if dt.ok and len(dt.text) == 6 and j < len(tokens) and \
                _zone_letter(tokens[j][1], zones):  # 221828 Z
            z_at, z_tok = tokens[j]
            letter = _zone_letter(z_tok, zones) or "Z"
            repairs = _shift(at, dt.repairs) + [Repair(at + len(tok), line[at + len(tok):z_at],
                                                       "")]
            if letter != z_tok:
                repairs.append(Repair(z_at, z_tok, letter))
            dt = Fixed(tok, dt.text + letter, tuple(repairs), True)
            j += 1
        elif dt.ok and len(dt.text) == 7:
            dt = Fixed(tok, dt.text, tuple(_shift(at, dt.repairs)), True)
        else:
            continue
        if j >= len(tokens):
            continue
        m_at, m_tok = tokens[j]
        mon = month(m_tok)
        if mon.ok and j + 1 < len(tokens):
            y_at, y_tok = tokens[j + 1]
            yr = year(y_tok)
            end_index = j + 1
        elif len(m_tok) in (5, 7) and month(m_tok[:3]).ok:  # OCT96
            mon = month(m_tok[:3])
            y_at, y_tok = m_at + 3, m_tok[3:]
            yr = year(y_tok)
            end_index = j
        else:
            continue
        if not yr.ok:
            continue
        repairs = list(dt.repairs) + _shift(m_at, mon.repairs) + _shift(y_at, yr.repairs)
        # precedence prosigns (at most two) or a classification right before
        prec: list[str] = []
        start = at
        k = i - 1
        while k >= 0 and len(prec) < 2:
            p_at, p_tok = tokens[k]
            read = precedence(p_tok) if len(p_tok) == 1 else _unchanged(p_tok)
            if not read.ok:
                break
            prec.insert(0, read.text)
            repairs += _shift(p_at, read.repairs)
            start = p_at
            k -= 1
        cls = None
        if not prec and i > 0:
            c_at, _ = tokens[0]
            read_cls = classification(line[c_at:at])
            if read_cls.ok:
                cls = read_cls.text
                repairs += _shift(c_at, read_cls.repairs)
                start = c_at
        end = tokens[end_index][0] + len(tokens[end_index][1])
        return DtgRead(tuple(prec), dt.text, mon.text, yr.text, start, end,
                       tuple(sorted(repairs, key=lambda r: r.offset)), cls)
    return None


def slash_date(raw: str) -> Fixed:
    """A drafting form's ``MM/DD/YY`` date (``11/15/96``, ``O9/15/94``, ``01/03/96;``):
    digits fixed, stray punctuation dropped; ``ok`` for a real month and day. The year is
    as printed (two digits): the caller decides its century."""
    core, repairs = _strip_stray(raw)
    start = len(repairs[0].found) if repairs and repairs[0].offset == 0 else 0
    parts = core.split("/")
    if len(parts) != 3 or not all(1 <= len(p) <= 2 for p in parts[:2]) or \
            len(parts[2]) not in (2, 4):
        return _unchanged(raw)
    fixed_parts = []
    at = start
    for part in parts:
        digits = as_digits(part)
        if not digits.ok:
            return _unchanged(raw)
        repairs += _shift(at, digits.repairs)
        fixed_parts.append(digits.text)
        at += len(part) + 1
    mm, dd = int(fixed_parts[0]), int(fixed_parts[1])
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        return _unchanged(raw)
    return Fixed(raw, "/".join(fixed_parts), tuple(sorted(repairs, key=lambda r: r.offset)),
                 True)


# --------------------------------------------------------------------------- DE line


def routing_indicator(raw: str) -> Fixed:
    """A routing indicator (4-8 letters starting with R or Q): digits read for letters
    are fixed (``RUEHK8`` -> ``RUEHKB``); a fix that names a known station is preferred."""
    fixed = as_letters(raw)
    if not fixed.ok or not 4 <= len(fixed.text) <= 8 or fixed.text[0] not in "RQ":
        return _unchanged(raw)
    if fixed.changed and vocab.station(fixed.text) is None:
        # another reading of an ambiguous digit (1 -> L, 0 -> D/Q) may name a station
        for alt in _alternatives(raw):
            if vocab.station(alt) is not None:
                return Fixed(raw, alt, _char_repairs(raw, alt), True)
    return fixed


def _alternatives(raw: str, limit: int = 16) -> list[str]:
    options = [TO_LETTERS.get(c, c.upper()) if not c.isalpha() or c == "l" else c.upper()
               for c in raw]
    out = [""]
    for choices in options:
        out = [p + c for p in out for c in choices][:limit]
    return out


def ssn(raw: str) -> Fixed:
    """The DE line's station serial number, ``#1835`` or ``#1835/01``: digits fixed."""
    if not raw.startswith("#"):
        return _unchanged(raw)
    number, slash, part = raw[1:].partition("/")
    a = as_digits(number)
    b = as_digits(part) if slash else Fixed("", "", (), True)
    if not a.ok or not b.ok:
        return _unchanged(raw)
    text = "#" + a.text + (slash + b.text if slash else "")
    repairs = [Repair(1 + r.offset, r.found, r.replacement) for r in a.repairs]
    repairs += [Repair(2 + len(number) + r.offset, r.found, r.replacement) for r in b.repairs]
    return Fixed(raw, text, tuple(repairs), True)


def julian_time(raw: str) -> Fixed:
    """The DE line's filing time ``DDDHHMM``: digits fixed; ``ok`` for a real day of the
    year (001-366), hour and minute."""
    digits = as_digits(raw)
    if not digits.ok or len(digits.text) != 7:
        return _unchanged(raw)
    day, hour, minute = int(digits.text[:3]), int(digits.text[3:5]), int(digits.text[5:])
    if not (1 <= day <= 366 and hour < 24 and minute < 60):
        return _unchanged(raw)
    return digits


# --------------------------------------------------------------------------- offices


#: MRN offices that are not an embassy or consulate name.
_EXTRA_OFFICES = (
    "STATE", "SECSTATE", "USNATO", "USUN NEW YORK", "USEU BRUSSELS", "USOSCE", "USVIENNA",
    "UNVIE VIENNA", "USMISSION GENEVA", "GENEVA", "WHITEHOUSE", "SECDEF", "DEPTO", "SECTO",
    "TOSEC", "USDEL", "USINT HAVANA", "USLO", "USOECD", "USUN", "USCINCEUR", "AIT TAIPEI",
    # posts under their names of the 1960s-1990s (the station table has today's)
    "KIEV", "PORT LOUIS", "ALMA ATA", "BOMBAY", "MADRAS", "SAIGON", "DACCA", "PEKING",
    "BONN", "LENINGRAD", "USBERLIN", "BERLIN", "DJAKARTA", "SALISBURY", "KINSHASA",
    "ALMATY", "DUSHANBE", "TASHKENT", "ASHGABAT", "BISHKEK", "SKOPJE", "SARAJEVO",
    "RPO DUBAI", "MANAMA", "PRISTINA", "TEL AVIV", "JERUSALEM", "USUN ROME", "UNVIE",
)
_POST_PREFIXES = ("AMEMBASSY ", "AMCONSUL ", "USMISSION ", "US MISSION ", "AMCONGEN ",
                  "USLO ", "USINT ", "USOFFICE ")


@functools.cache
def known_offices() -> frozenset[str]:
    """Offices that can head an MRN: the posts of the station table (``AMEMBASSY PORT AU
    PRINCE`` -> ``PORT AU PRINCE``) and the Department's and missions' own names."""
    offices = set(_EXTRA_OFFICES)
    for station in vocab.table("stations"):
        for name in (station.name, *station.other_names):
            for prefix in _POST_PREFIXES:
                if name.startswith(prefix):
                    office = name[len(prefix):].strip()
                    words = office.split()
                    if len(words) > 1 and len(words[-1]) == 2:
                        office = " ".join(words[:-1])  # USUN NEW YORK NY: a state code
                    if office and not any(ch.isdigit() for ch in office):
                        offices.add(office)
    return frozenset(offices)


def is_known_office(name: str) -> bool:
    """Whether ``name`` (whitespace collapsed, any case) is a known MRN office.
    ``SECTION`` never is."""
    key = " ".join(name.upper().split())
    return key != "SECTION" and key in known_offices()


def expand_office(prefix: str) -> str | None:
    """The known office a page header's truncated office stands for (``PORT A`` -> ``PORT
    AU PRINCE``, ``BUDAPE`` -> ``BUDAPEST``, ``ISLAMA`` -> ``ISLAMABAD``), when exactly one
    known office starts with it; the office itself when it is whole."""
    key = " ".join(prefix.upper().split())
    if not key or key == "SECTION":
        return None
    if key in known_offices():
        return key
    found = sorted(o for o in known_offices() if o.startswith(key))
    return found[0] if len(found) == 1 else None


def mrn_office(raw: str) -> Fixed:
    """An MRN office: digits read for letters fixed when the result is a known post
    (``8AKU`` -> ``BAKU``, ``PAR1S`` -> ``PARIS``); ``ok`` only for a known office."""
    words = raw.split()
    if not words:
        return _unchanged(raw)
    up = " ".join(w.upper() for w in words)
    if is_known_office(up):
        return Fixed(raw, up, (), True)
    candidates = [" ".join(c) for c in _word_alternatives(words)]
    for cand in candidates:
        if is_known_office(cand):
            return Fixed(raw, cand, _spaced_repairs(raw, cand), True)
    return _unchanged(raw)


def _word_alternatives(words: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for w in words:
        out = [p + [alt] for p in out for alt in _alternatives(w, 8)][:64]
    return out


def _spaced_repairs(raw: str, text: str) -> tuple[Repair, ...]:
    """Character repairs between ``raw`` and ``text`` that differ only inside words."""
    repairs = []
    j = 0
    for i, ch in enumerate(raw):
        if ch.isspace():
            continue
        while j < len(text) and text[j].isspace():
            j += 1
        if j < len(text) and ch.upper() != text[j]:
            repairs.append(Repair(i, ch, text[j]))
        j += 1
    return tuple(repairs)


def serial(raw: str) -> Fixed:
    """An MRN serial: digits, OCR letters fixed (``OO1835`` -> ``001835``); stray
    punctuation before it (``STATE'225303``) is the caller's to split off."""
    core, repairs = _strip_stray(raw)
    start = len(repairs[0].found) if repairs and repairs[0].offset == 0 else 0
    digits = as_digits(core)
    if not digits.ok or not 1 <= len(digits.text) <= 7:
        return _unchanged(raw)
    repairs += [Repair(start + r.offset, r.found, r.replacement) for r in digits.repairs]
    return Fixed(raw, digits.text, tuple(sorted(repairs, key=lambda r: r.offset)), True)


# --------------------------------------------------------------------------- classification

#: Classification words, longest first, by their compact (space-free) form.
CLASSIFICATION_WORDS: tuple[tuple[str, str], ...] = (
    ("LIMITEDOFFICIALUSE", "LIMITED OFFICIAL USE"),
    ("UNCLASSIFIED", "UNCLASSIFIED"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("TOPSECRET", "TOP SECRET"),
    ("SECRET", "SECRET"),
    ("UNCLAS", "UNCLASSIFIED"),
)


@dataclass(frozen=True, slots=True)
class ClassificationRead:
    """A classification word read from the start of a text: the ``level``, the number of
    raw characters it covers (``end``), and the repairs (one per damaged word)."""

    level: str
    end: int
    repairs: tuple[Repair, ...]


def _edit_distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance, stopping early above ``cap``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb or _could_be(ca, cb) else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


def _tolerance(word: str, loose: bool = False) -> int:
    """Edits allowed in a damaged classification word: about one in four letters (two in
    SECRET when nothing else stands in the position)."""
    if len(word) <= 6:
        return 2 if loose else 1
    return 3 if len(word) <= 12 else 4


def _near_word(text: str, words: Iterable[str], cap: int) -> str | None:
    best = [(d, w) for w in words if (d := _edit_distance(text, w, cap)) <= cap]
    best.sort()
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def _compact_map(raw: str) -> tuple[str, list[int]]:
    """The characters of ``raw`` without spaces (upper case) and each one's raw offset."""
    chars, where = [], []
    for i, ch in enumerate(raw):
        if not ch.isspace():
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


def classification_prefix(raw: str, rest_ok: Callable[[str], bool] | None = None,
                          loose: bool = False) -> ClassificationRead | None:
    """A classification word at the start of ``raw``, however OCR printed it: spaced
    (``C O N F I D E N T I A L``), with a doubled first letter (``CC O N F I D E N T I A
    L``, ``SS E C R E T``), garbled (``CONrIDDNTIAL``, ``CECRET``, ``3ECRET``, ``C
    NPIDSNTIAL``) or glued to what follows (``CONFIDENTIALSTATE 033452``,
    ``sECRETCECTION 01 OF 03``).

    ``rest_ok`` judges the text after the word (default: empty, a SECTION count, a known
    office or digits), so that ``SECRETARY`` or ``CONFERENCE`` are not taken for a
    damaged classification. ``loose`` allows a second edit in SECRET (``SEtRES``), for
    positions that hold nothing but a classification.
    """
    check = rest_ok or _rest_is_mrn_like
    compact, where = _compact_map(raw)
    upper = compact.upper()
    best: tuple[int, int, str, str] | None = None  # (distance, -length, word, level)
    for key, level in CLASSIFICATION_WORDS:
        cap = _tolerance(key, loose)
        for doubled in (0, 1):
            if doubled and not (len(upper) > 1 and upper[0] == upper[1] == key[0]):
                continue
            for length in range(max(1, len(key) - cap), len(key) + cap + 1):
                end = doubled + length
                if end > len(upper):
                    break
                piece = upper[doubled:end]
                if piece[0] != key[0] and not _could_be(compact[doubled], key[0]) and \
                        piece[1:3] != key[1:3] and piece[-5:] != key[-5:]:
                    continue  # the word must start like the keyword or end like it
                if key.startswith("UNCLAS") and not (
                        _could_be(piece[0], "U") and _could_be(piece[1], "N")):
                    continue  # DECLASSIFIED, RECLASSIFIED, CLASSIFIED BY are no UNCLAS
                dist = _edit_distance(piece, key, cap)
                if dist > cap:
                    continue
                raw_end = where[end - 1] + 1
                if not check(raw[raw_end:]):
                    continue
                cand = (dist + doubled, -end, key, level)
                if best is None or cand[:2] < best[:2]:
                    best = cand
    if best is None:
        return None
    dist, neg_end, key, level = best
    raw_end = where[-neg_end - 1] + 1
    found = raw[:raw_end]
    exact = " ".join(found.upper().split()) == level
    repairs = () if exact else (Repair(0, found, level),)
    return ClassificationRead(level, raw_end, repairs)


_SECTION_START = re.compile(r"\s*[SC5$]ECT[I1l]ON\b", re.IGNORECASE)


def _rest_is_mrn_like(rest: str) -> bool:
    text = rest.strip(" \t.,;:'\u2019\u2022\u00b7=-")
    if not text:
        return True
    if _SECTION_START.match(text) or text.upper().startswith(("SECTION", "CECTION")):
        return True
    head = re.match(r"[A-Za-z][A-Za-z ]*?(?=\s*['\u2019]?\s*[0-9OIlS]{2,7}\b)", text)
    if head and is_known_office(head.group(0)):
        return True
    return bool(re.match(r"[0-9]", text))


def classification(raw: str) -> Fixed:
    """A whole classification marking (a banner or an MRN line's head): the level it
    stands for, with one repair when it was damaged. ``ok`` is False when ``raw`` does not
    read as a classification word followed at most by stray marks."""
    word = "".join(raw.split()).rstrip(".,;:'`-_=?")
    garbled = not (word.isalpha() and word.isupper())  # SEtRES, SHcRE?; not DECREE
    read = classification_prefix(
        raw, lambda rest: not rest.strip(" \t.,;:'`-_=?\u2022\u00b7"), loose=garbled)
    if read is None:
        return _unchanged(raw)
    return Fixed(raw, read.level, read.repairs, True)


# --------------------------------------------------------------------------- section


_SECTION = re.compile(
    r"(?P<word>[SC5$][EFC]CT[I1l][O0]N|SECT)\s*(?P<n>[0-9OIlSZB]{1,2})\s+"
    r"(?P<of>[O0]F|0P|OP)\s*(?P<m>[0-9OIlSZB]{1,2})(?=\W|$)", re.IGNORECASE)


def section(raw: str) -> Fixed:
    """A section count ``SECTION nn OF mm``: digits fixed (``OF 0Z`` -> ``OF 02``, ``OI``
    -> ``01``), the word fixed (``CECTION``, ``5ECTION``); ``ok`` when n <= m."""
    match = _SECTION.fullmatch(raw.strip())
    if not match:
        return _unchanged(raw)
    lead = len(raw) - len(raw.lstrip())
    n, m = as_digits(match["n"]), as_digits(match["m"])
    if not (n.ok and m.ok) or not 1 <= int(n.text) <= int(m.text):
        return _unchanged(raw)
    repairs: list[Repair] = []
    if match["word"].upper() not in ("SECTION", "SECT"):
        repairs.append(Repair(lead + match.start("word"), match["word"], "SECTION"))
    if match["of"].upper() != "OF":
        repairs.append(Repair(lead + match.start("of"), match["of"], "OF"))
    repairs += [Repair(lead + match.start("n") + r.offset, r.found, r.replacement)
                for r in n.repairs]
    repairs += [Repair(lead + match.start("m") + r.offset, r.found, r.replacement)
                for r in m.repairs]
    text = f"SECTION {n.text} OF {m.text}"
    return Fixed(raw, text, tuple(sorted(repairs, key=lambda r: r.offset)), True)


# --------------------------------------------------------------------------- MRN line


@dataclass(frozen=True, slots=True)
class MrnLine:
    """An MRN line read by its shape: optional classification, optional ``SECTION n OF
    m``, office, serial. ``classification`` is None when the line has none or it is
    unreadable (``unreadable_prefix`` then holds the text before the office)."""

    classification: str | None
    section: tuple[int, int] | None
    office: str
    serial: str
    repairs: tuple[Repair, ...]
    unreadable_prefix: str = ""

    @property
    def mrn(self) -> str:
        return f"{self.office} {self.serial}"


_SERIAL_AT_END = re.compile(
    r"(?P<sep>['\u2019`.,:]?\s*|\s*-?)(?P<serial>[0-9OIlSZB]{1,7})"
    r"(?P<tail>(?:\s+(?:SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|NOCONTRACT|ORCON))*"
    r"[\s.\-\u2014]*)$")
_SECTION_IN = re.compile(
    r"[SC5$][EFC]CT[I1l][O0]N\s*[0-9OIlSZB]{1,2}\s+(?:[O0]F|0P|OP)\s*[0-9OIlSZB]{1,2}",
    re.IGNORECASE)


def mrn_line(line: str) -> MrnLine | None:
    """Read an MRN line by its shape, from the right: a serial (digits, OCR letters
    fixed), before it a known office (the longest that the text ends with, after fixing
    digits read for letters), before that an optional ``SECTION n OF m`` and an optional
    classification (spaced, glued, doubled, garbled), else unreadable noise.

    ``CONFIDENTIALPORT AU PRINCE 07938`` -> (CONFIDENTIAL, PORT AU PRINCE, 07938);
    ``sECRETCECTION 01 OF 03 PHNOM PENH 000393`` -> (SECRET, 1 of 3, PHNOM PENH, 000393);
    ``SECTION 01 OF 02 WHITEHOUSE 61658`` -> (None, 1 of 2, WHITEHOUSE, 61658).
    ``SECTION`` is never the office; None when no known office precedes the serial.
    """
    text = line.rstrip()
    tail = _SERIAL_AT_END.search(text)
    if not tail:
        return None
    serial_fix = serial(tail["serial"])
    if not serial_fix.ok or len(serial_fix.text) < 2:
        return None
    before = text[:tail.start()]
    office_read = _office_suffix(before)
    if office_read is None:
        return None
    office, office_start, office_repairs = office_read
    head = before[:office_start]
    repairs: list[Repair] = []
    if head and not head[-1].isspace() and head[-1].isalnum():
        repairs.append(Repair(office_start, "", " "))  # glued: CONFIDENTIALSTATE
    sep = tail["sep"]
    if sep.strip():
        repairs.append(Repair(tail.start("sep"), sep.strip(), " "))
    # the section count, if any, sits right before the office
    section_value: tuple[int, int] | None = None
    sec = None
    for found in _SECTION_IN.finditer(head):
        if not head[found.end():].strip(" -\u2014=.,"):
            sec = found
    if sec is not None:
        read = section(sec.group(0))
        if read.ok:
            n, _, m = read.text.removeprefix("SECTION ").partition(" OF ")
            section_value = (int(n), int(m))
            repairs += [Repair(sec.start() + r.offset, r.found, r.replacement)
                        for r in read.repairs]
        head = head[:sec.start()]
    cls: str | None = None
    unreadable = ""
    stripped = head.strip(" \t-\u2014=.,_'")
    if stripped:
        lead = head.index(stripped[0])
        read_cls = classification_prefix(stripped, lambda rest: not rest.strip(
            " \t-\u2014=.,_'\u2022\u00b7"))
        if read_cls is not None:
            cls = read_cls.level
            repairs += [Repair(lead + r.offset, r.found, r.replacement)
                        for r in read_cls.repairs]
        elif _is_noise(stripped) and not _LABEL.match(head.strip()):
            unreadable = stripped
        else:
            return None  # words before the office: prose, not an MRN line
    repairs += [Repair(office_start + r.offset, r.found, r.replacement)
                for r in office_repairs]
    repairs += [Repair(tail.start("serial") + r.offset, r.found, r.replacement)
                for r in serial_fix.repairs]
    return MrnLine(cls, section_value, office, serial_fix.text,
                   tuple(sorted(repairs, key=lambda r: r.offset)), unreadable)


#: A field label before an office and serial: a reference or a CIA CITE, not an MRN line.
_LABEL = re.compile(r"\u00b6?\s*(?:REFS?|REFTEL|CITE|TO|INFO|FM|FROM|TOR|TOT|PAGE"
                    r"|[A-Z]\.|\(?[A-Z]\))(?![A-Za-z])", re.IGNORECASE)


def _is_noise(text: str) -> bool:
    """Struck-through or stamp noise, not prose: no run of five letters or more in one
    case (``4-2-4-4F-41--T``, ``L V iv r i UnVI IAL``, ``roNFIDEymTnT``; not ``THE
    SECRETARY SAID``)."""
    return not any(run.isupper() or run.islower()
                   for run in re.findall(r"[A-Za-z]{5,}", text))


def _office_suffix(before: str) -> tuple[str, int, tuple[Repair, ...]] | None:
    """The longest known office that ``before`` ends with (after fixing digits read for
    letters); (office, its raw start, repairs inside it)."""
    stripped = before.rstrip()
    if not stripped:
        return None
    upper = stripped.upper()
    best: tuple[str, int, tuple[Repair, ...]] | None = None
    for office in known_offices():
        n = len(office)
        if n > len(upper):
            continue
        piece = stripped[-n:]
        if not all(_could_be(c, o) or (c.isspace() and o == " ")
                   for c, o in zip(piece, office, strict=True)):
            continue
        start = len(stripped) - n
        # the office must not continue a longer word of letters on its left ...
        if start and upper[start - 1].isalpha() and not _glued_ok(stripped[:start]):
            continue
        if best is None or n > len(best[0]):
            best = (office, start, _char_repairs(piece.upper(), office))
    if best is None:
        return _spaced_office_suffix(stripped)
    office, start, repairs = best
    # _char_repairs compared the upper-cased piece: report the raw characters
    raw_piece = stripped[start:start + len(office)]
    repairs = tuple(Repair(r.offset, raw_piece[r.offset], r.replacement) for r in repairs)
    return office, start, repairs


def _spaced_office_suffix(stripped: str) -> tuple[str, int, tuple[Repair, ...]] | None:
    """A letter-spaced office (``S TATE``, ``B A K U``): the compact text ends with a known
    office's letters; one repair closes the spaces."""
    compact, where = _compact_map(stripped)
    upper = compact.upper()
    best: tuple[str, int] | None = None
    for office in known_offices():
        key = office.replace(" ", "")
        if len(key) < 4 or not upper.endswith(key):
            continue
        start = where[len(upper) - len(key)]
        if start and stripped[start - 1].isalpha():
            continue
        if best is None or len(office) > len(best[0]):
            best = (office, start)
    if best is None:
        return None
    office, start = best
    found = stripped[start:]
    return office, start, (Repair(0, found, office),) if found != office else ()


def _glued_ok(left: str) -> bool:
    """... unless what is on its left is a (damaged) classification glued to it
    (``CONFIDENTIALPORT AU PRINCE``, ``CECRETSTATE``) or a short run of stamp noise after
    punctuation (``X.4-9r—T—PrZUSUN NEW YORK``); ``RESTATE`` is no ``STATE``."""
    if classification_prefix(left, lambda rest: not rest.strip()) is not None:
        return True
    run = re.search(r"[A-Za-z]+$", left)
    if run is None:
        return True
    before = left[:run.start()]
    return len(run.group(0)) <= 3 and bool(before) and not before[-1].isspace() \
        and not before[-1].isalpha()


# --------------------------------------------------------------------------- other MRN sources


@dataclass(frozen=True, slots=True)
class MrnMention:
    """An office and serial printed outside the MRN line: a page header (``page``), a
    printout banner (``banner``: ``[STATE 80841] D COPY``), a footer (``footer``: ``Post:
    MOSCOW MRN: 1933``) or a heading (``heading``: ``Heading: PORT L 418 IMMEDIATE``).
    ``office`` is the known office the printed (often truncated) one stands for, or None
    when that is not certain; a page header's DTG group is in ``day_time`` (with
    ``month``/``year`` when printed)."""

    kind: str
    office: str | None
    office_raw: str
    serial: str
    repairs: tuple[Repair, ...]
    day_time: str | None = None
    month: str | None = None
    year: str | None = None

    @property
    def mrn(self) -> str | None:
        return f"{self.office} {self.serial}" if self.office else None


_PAGE = re.compile(
    r"^\W*PAGE\s+[0-9OIl]{1,3}\s+(?P<office>[A-Za-z][A-Za-z ]*?)\s+(?P<serial>[0-9OIlS]{1,7})"
    r"(?:\s+[0-9O]{2}\s+OF\s+[0-9O]{2})?(?:\s+(?P<time>\S{6,8})(?:\s+(?P<mon>[A-Za-z0-9]{3})"
    r"\s+(?P<yr>[0-9OIlSB]{2})(?!\S))?)?")
_BANNER = re.compile(
    r"[\[(I](?P<office>[A-Za-z][A-Za-z ]*?)\s+(?P<serial>[0-9OIlS]{1,7})[\])1l]?\s+D\s+COPY")
_FOOTER = re.compile(
    r"(?:Post|ost):\s*(?P<office>[A-Za-z][A-Za-z ]*?)\s+MRN:\s*(?P<serial>[0-9OIlS]{1,7})")
_HEADING = re.compile(
    r"Heading:\s*(?P<office>[A-Za-z][A-Za-z ]*?)\s+(?P<serial>[0-9OIlS]{1,7})(?!\S)")


def _office_for(raw: str) -> str | None:
    """The known office a printed office stands for: whole, truncated (``PORT A``,
    ``NEW DE``) or with one OCR slip (``WHITZHOUSE``)."""
    found = expand_office(raw) or (mrn_office(raw).text if mrn_office(raw).ok else None)
    if found is None and len(raw.replace(" ", "")) >= 6:
        found = _near_word(" ".join(raw.upper().split()), known_offices(), 1)
    return found


def mrn_mention(line: str) -> MrnMention | None:
    """An office and serial in a page header, printout banner, footer or heading line.

    ``PAGE 01 PORT A 7938 082303Z OCT 94`` -> page, PORT AU PRINCE 7938, 082303Z OCT 94
    (the month after the time is never part of the office); ``Mon Apr 3 22:51:29 1995
    [STATE 80841] D COPY 1 OF 13`` -> banner, STATE 80841; ``Post: NEW DE MRN: 9622`` ->
    footer, NEW DELHI 9622; ``Heading: PORT L 418 IMMEDIATE`` -> heading, PORT LOUIS 418.
    """
    for kind, pattern in (("page", _PAGE), ("banner", _BANNER), ("footer", _FOOTER),
                          ("heading", _HEADING)):
        found = pattern.search(line)
        if not found:
            continue
        office_raw = " ".join(found["office"].split())
        if office_raw.upper() in ("SECTION", "PAGE"):
            return None
        number = serial(found["serial"])
        if not number.ok:
            continue
        repairs = _shift(found.start("serial"), number.repairs)
        when = mon = yr = None
        if kind == "page" and found["time"]:
            dt = day_time(found["time"])
            if dt.ok:
                when = dt.text
                repairs += _shift(found.start("time"), dt.repairs)
                if found["mon"]:
                    m, y = month(found["mon"]), year(found["yr"])
                    if m.ok and y.ok:
                        mon, yr = m.text, y.text
                        repairs += _shift(found.start("mon"), m.repairs)
                        repairs += _shift(found.start("yr"), y.repairs)
        return MrnMention(kind, _office_for(office_raw), office_raw, number.text,
                          tuple(sorted(repairs, key=lambda r: r.offset)), when, mon, yr)
    return None
