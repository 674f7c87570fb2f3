"""Coded groups in their position: DTG groups, drafting dates, DE-line groups, offices,
serials."""

from __future__ import annotations

import functools

from teletype import facts, vocab

from .chars import (
    TO_LETTERS,
    ZONE_MISREADS,
    Fixed,
    Repair,
    _char_repairs,
    _clean,
    _match_word,
    _near_word,
    _shift,
    _strip_stray,
    _unchanged,
    as_digits,
    as_letters,
)

# --------------------------------------------------------------------------- DTG


#: Month abbreviations and names (upper case) -> month number (from teletype.facts).
MONTHS: dict[str, int] = {word: facts.month_number(word) or 0 for word in facts.MONTH_WORDS}


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
    if len(raw) == 7 and raw[6] in zones and raw[6].isupper():  # clean: DDHHMM + a zone
        digits_ = raw[:6]
        if digits_.isdigit() and digits_.isascii():
            return _clean(raw, raw) if _valid_day_time(digits_) else _unchanged(raw)
    return _day_time(raw, zones)


def _day_time(raw: str, zones: str) -> Fixed:
    """:func:`day_time` of any group: stray marks stripped, each character read."""
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
    """Whether six ASCII digits are a day (01-31), hour and minute: compared as strings of
    two digits, which order as their numbers do."""
    return "01" <= digits[:2] <= "31" and digits[2:4] < "24" and digits[4:6] < "60"


def month(raw: str) -> Fixed:
    """A month abbreviation or name: ``Ju1`` -> ``JUL``, ``N0V`` -> ``NOV``, ``0CT`` ->
    ``OCT``, ``5EP`` -> ``SEP``, ``DECEM8ER`` -> ``DECEMBER``; stray punctuation
    (``JAN.``) dropped."""
    if raw in MONTHS:  # clean: spelt right in upper case
        return _clean(raw, raw)
    return _month(raw)


def _month(raw: str) -> Fixed:
    """:func:`month` of any group: stray marks stripped, the word matched."""
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
    if (len(raw) == 2 or len(raw) == 4) and raw.isdigit() and raw.isascii():  # clean
        return _clean(raw, raw)
    return _year(raw)


def _year(raw: str) -> Fixed:
    """:func:`year` of any group: stray marks stripped, each character read."""
    core, repairs = _strip_stray(raw)
    start = len(repairs[0].found) if repairs and repairs[0].offset == 0 else 0
    if len(core) not in (2, 4):
        return _unchanged(raw)
    digits = as_digits(core)
    if not digits.ok:
        return _unchanged(raw)
    repairs += [Repair(start + r.offset, r.found, r.replacement) for r in digits.repairs]
    return Fixed(raw, digits.text, tuple(sorted(repairs, key=lambda r: r.offset)), True)



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
