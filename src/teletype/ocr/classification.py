"""Classification words (spaced, doubled, garbled, glued) and section counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .chars import (
    Fixed,
    Repair,
    _clean,
    _could_be,
    _edit_distance,
    _tolerance,
    _unchanged,
    as_digits,
)
from .groups import (
    is_known_office,
)

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
    # a struck-through marking (a release strikes the classification out) reads with dashes
    # or underscores around it: _SEC4RT—, —SEC-MT—
    lead = len(raw) - len(raw.lstrip(_STRIKE))
    word = "".join(raw[lead:].split()).rstrip(".,;:'`?" + _STRIKE)
    garbled = not (word.isalpha() and word.isupper())  # SEtRES, SHcRE?; not DECREE
    read = classification_prefix(
        raw[lead:], lambda rest: not rest.strip(" \t.,;:'`?\u2022\u00b7" + _STRIKE),
        loose=garbled)
    if read is None:
        return _unchanged(raw)
    return Fixed(raw, read.level, tuple(
        Repair(r.offset + lead, r.found, r.replacement) for r in read.repairs), True)


#: the marks a strike-through leaves around a word in OCR
_STRIKE = "-_=~\u2014\u2013"


# --------------------------------------------------------------------------- section


_SECTION = re.compile(
    r"(?P<word>[SC5$][EFC]CT[I1l][O0]N|SECT)\s*(?P<n>[0-9OIlSZB]{1,2})\s+"
    r"(?P<of>[O0]F|0P|OP)\s*(?P<m>[0-9OIlSZB]{1,2})(?=\W|$)", re.IGNORECASE)


def section(raw: str) -> Fixed:
    """A section count ``SECTION nn OF mm``: digits fixed (``OF 0Z`` -> ``OF 02``, ``OI``
    -> ``01``), the word fixed (``CECTION``, ``5ECTION``); ``ok`` when n <= m."""
    clean = _CLEAN_SECTION.fullmatch(raw.strip())
    if clean is not None:  # as printed (most): what _section reads, without a repair
        n, m = clean.groups()
        return _clean(raw, clean.group()) if 1 <= int(n) <= int(m) else _unchanged(raw)
    return _section(raw)


#: A section count as it should be printed: ``SECTION 01 OF 02``.
_CLEAN_SECTION = re.compile(r"SECTION ([0-9]{1,2}) OF ([0-9]{1,2})")


def _section(raw: str) -> Fixed:
    """:func:`section` of any text: the count read with the OCR confusions."""
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
