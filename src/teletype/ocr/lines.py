"""Whole lines read by their shape: a DTG line, an MRN line, an MRN printed elsewhere."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .chars import (
    Fixed,
    Repair,
    _char_repairs,
    _could_be,
    _near_word,
    _shift,
    _unchanged,
)
from .classification import (
    _compact_map,
    classification,
    classification_prefix,
    section,
)
from .groups import (
    _zone_letter,
    day_time,
    expand_office,
    known_offices,
    month,
    mrn_office,
    precedence,
    serial,
    year,
)


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
    offices = _offices_ending_in(stripped[-1]) if len(stripped) == 1 else \
        _offices_ending_in_two(stripped[-2], stripped[-1])
    for office in offices:
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


@functools.lru_cache(maxsize=512)
def _offices_ending_in(ch: str) -> tuple[str, ...]:
    """The known offices whose last letter the printed character ``ch`` can be (in the
    order of :func:`known_offices`): the only ones :func:`_office_suffix` can find."""
    return tuple(office for office in known_offices() if _could_be(ch, office[-1]))


@functools.lru_cache(maxsize=4096)
def _offices_ending_in_two(before: str, ch: str) -> tuple[str, ...]:
    """Those of :func:`_offices_ending_in` ``ch`` whose letter before the last the printed
    character ``before`` can be (a space for a space), in the same order: the only ones
    whose every character :func:`_office_suffix` can match (an office of one letter is
    kept)."""
    return tuple(office for office in _offices_ending_in(ch) if len(office) < 2 or (
        _could_be(before, office[-2]) or (before.isspace() and office[-2] == " ")))


@functools.cache
def _spaced_keys() -> dict[str, tuple[tuple[str, str], ...]]:
    """The known offices of four letters or more and their letters without spaces, by
    their last letter, each list in the order of :func:`known_offices`."""
    keys: dict[str, list[tuple[str, str]]] = {}
    for office in known_offices():
        key = office.replace(" ", "")
        if len(key) >= 4:
            keys.setdefault(key[-1], []).append((office, key))
    return {last: tuple(pairs) for last, pairs in keys.items()}


def _spaced_office_suffix(stripped: str) -> tuple[str, int, tuple[Repair, ...]] | None:
    """A letter-spaced office (``S TATE``, ``B A K U``): the compact text ends with a known
    office's letters; one repair closes the spaces."""
    compact, where = _compact_map(stripped)
    upper = compact.upper()
    best: tuple[str, int] | None = None
    for office, key in _spaced_keys().get(upper[-1:], ()):  # only they can end the text
        if not upper.endswith(key):
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
    r"^\W*PAGE\s+[0-9OIl]{1,3}\s+(?P<office>[A-Za-z][A-Za-z ]{0,40}?)\s+(?P<serial>[0-9OIlS]{1,7})"
    r"(?:\s+[0-9O]{2}\s+OF\s+[0-9O]{2})?(?:\s+(?P<time>\S{6,8})(?:\s+(?P<mon>[A-Za-z0-9]{3})"
    r"\s+(?P<yr>[0-9OIlSB]{2})(?!\S))?)?")
_BANNER = re.compile(
    r"[\[(I](?P<office>[A-Za-z][A-Za-z ]{0,40}?)\s+(?P<serial>[0-9OIlS]{1,7})[\])1l]?\s+D\s+COPY")
_FOOTER = re.compile(
    r"(?:Post|ost):\s*(?P<office>[A-Za-z][A-Za-z ]{0,40}?)\s+MRN:\s*(?P<serial>[0-9OIlS]{1,7})")
_HEADING = re.compile(
    r"Heading:\s*(?P<office>[A-Za-z][A-Za-z ]{0,40}?)\s+(?P<serial>[0-9OIlS]{1,7})(?!\S)")


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


@dataclass(frozen=True, slots=True)
class RegistryNumber:
    """A CIA cable's or report's own registry number, printed in its header: ``kind``
    ``mhfno`` (``MHFNO: 94-8695408``, the label OCR'd ``MHENO``, ``CMHENO``, ``MHPNO``,
    ``FNO?``), ``registry line`` (``96 5367593 ASP``, the line under the classified DTG
    line) or ``tdcs`` (an information report's ``TDCSDB-3/654,285``, OCR'd ``TOCSDB``).
    ``text`` is the number in its written form (``94-8695408``)."""

    kind: str
    text: str
    repairs: tuple[Repair, ...]


_MHFNO = re.compile(r"(?:C?M\s*[HIi]\s*[EFP]?\s*N\s*O|(?<![A-Za-z])F\s*NO)(?![A-Za-z])"
                    r"[^0-9A-Za-z\n]{0,4}T?\)?[^0-9A-Za-z\n]{0,3}"
                    r"(?P<yy>[0-9]{2})[ \t]*-[ \t]*(?P<num>[0-9]{7})(?![0-9])")
_REGISTRY_LINE = re.compile(r"^[ \t]*(?P<yy>[0-9]{2})[ \t]+(?P<num>[0-9]{7})[ \t]+[A-Z]{3}\b"
                            r"(?![ \t]*[0-9])")
_TDCS = re.compile(r"(?<![A-Za-z])T(?P<d>[DO0])CS(?P<suffix>[A-Z]{0,2})[ \t]*-[ \t]*"
                   r"(?P<num>[0-9][ \t]*/[ \t]*[0-9]{3},?[0-9]{3})(?![0-9])")


def registry_number(line: str) -> RegistryNumber | None:
    """The registry number of a CIA print on one of its header lines, or None (never a
    ``CITE STATION SERIAL``, which names the station and its serial)."""
    found = _MHFNO.search(line)
    if found is not None:
        return RegistryNumber("mhfno", f"{found['yy']}-{found['num']}", ())
    found = _REGISTRY_LINE.match(line)
    if found is not None:
        return RegistryNumber("registry line", f"{found['yy']}-{found['num']}", ())
    found = _TDCS.search(line)
    if found is not None:
        repairs = () if found["d"] == "D" else (Repair(found.start("d"), found["d"], "D"),)
        number = "".join(found["num"].split())
        return RegistryNumber("tdcs", f"TDCS{found['suffix']}-{number}", repairs)
    return None
