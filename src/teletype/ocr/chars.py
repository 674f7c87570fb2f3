"""Characters OCR confuses, the corrected-group types and word distance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..corrections import edit_distance
from ..slots import slot_maker


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


#: Fixed(raw, text, repairs, ok), every field given, made by its slots' setters
_fixed = slot_maker(Fixed)


def _clean(raw: str, text: str) -> Fixed:
    """``Fixed(raw, text, (), True)``, a group read without a repair (:mod:`teletype.slots`:
    the fast paths of the readers return one for most groups, in 300 ns instead of 500)."""
    return _fixed(raw, text, (), True)


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
    if raw.isdigit() and raw.isascii():  # clean (most groups): what _as_digits makes of it
        return _clean(raw, raw)
    return _as_digits(raw)


def _as_digits(raw: str) -> Fixed:
    """:func:`as_digits` character by character (any group)."""
    out: list[str] = []
    repairs: list[Repair] = []
    for i, ch in enumerate(raw):
        if "0" <= ch <= "9":  # not str.isdigit: superscripts and other scripts' digits
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
    if raw.isupper() and raw.isalpha() and raw.isascii():  # clean: upper-case letters only
        return _clean(raw, raw)
    return _as_letters(raw)


def _as_letters(raw: str) -> Fixed:
    """:func:`as_letters` character by character (any group)."""
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



def _edit_distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance with the OCR confusions counted as equal, stopping early above
    ``cap`` (then ``cap + 1``)."""
    return edit_distance(a, b, cap, same=_could_be, swaps=False)


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


def _shift(base: int, repairs: Iterable[Repair]) -> list[Repair]:
    return [Repair(base + r.offset, r.found, r.replacement) for r in repairs]
