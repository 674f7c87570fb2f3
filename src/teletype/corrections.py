"""Likely corrections of mistyped groups: edit distances, station names a misspelt
address stands for, and the month, precedence word or routing indicator a typo stands for.

Pure functions over the code tables of :mod:`teletype.vocab` and the facts of
:mod:`teletype.facts`; the proofreading rules (:mod:`teletype.rules.proofread`) and the
field rules use them. Edit distances are optimal-string-alignment distances (a swap of two
adjacent letters is one edit).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import facts, vocab

__all__ = [
    "closest",
    "edit_distance",
    "known_station_name",
    "month_correction",
    "originator_correction",
    "precedence_word_correction",
    "station_name_suggestion",
]

#: Month names written out (and SEPT), the forms a long misspelt month group is compared with.
_MONTH_NAMES = (*facts.MONTH_NAMES, "SEPT")
#: Precedence words a misspelt address word may stand for.
_PRECEDENCE_WORDS = ("IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH", "NIACT")


# ---------------------------------------------------------------------------- edit distance


def edit_distance(a: str, b: str, limit: int = 3, *,
                  same: Callable[[str, str], bool] | None = None, swaps: bool = True) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap adjacent), capped:
    any distance above ``limit`` is returned as ``limit + 1``. ``same(x, y)``: characters
    that count as equal besides equal ones (the OCR confusions, :mod:`teletype.ocr`);
    ``swaps=False``: plain Levenshtein distance."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if limit == 1 and same is None and swaps:  # closest() with one edit: no table needed
        return 1 if _one_edit(a, b) else 2
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            equal = a[i - 1] == b[j - 1] or (same is not None and same(a[i - 1], b[j - 1]))
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (0 if equal else 1))
            if swaps and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[len(b)], limit + 1)


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one edit apart (a letter changed, dropped or added,
    two adjacent letters swapped): the same as ``edit_distance(a, b) == 1``."""
    if len(a) > len(b):
        a, b = b, a
    i, size = 0, len(a)
    while i < size and a[i] == b[i]:
        i += 1  # the first difference
    if len(a) != len(b):
        return len(b) == size + 1 and a[i:] == b[i + 1:]  # one letter dropped
    if a[i + 1:] == b[i + 1:]:
        return True  # one letter changed
    return (i + 1 < size and a[i] == b[i + 1] and a[i + 1] == b[i]
            and a[i + 2:] == b[i + 2:])  # two letters swapped


def _allowed(word: str) -> int:
    """Edits allowed for a word of this length: one, two from eight letters on."""
    return 2 if len(word) >= 8 else 1


@functools.lru_cache(maxsize=16)
def _one_edit_index(candidates: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Each candidate under itself and under each of its one-letter deletions: two words one
    substitution, insertion or deletion apart share a key (symmetric deletion)."""
    index: dict[str, set[str]] = {}
    for cand in candidates:
        for key in {cand, *(cand[:i] + cand[i + 1:] for i in range(len(cand)))}:
            index.setdefault(key, set()).add(cand)
    return {k: frozenset(v) for k, v in index.items()}


def _one_edit_candidates(word: str, candidates: tuple[str, ...]) -> set[str]:
    """The candidates that may be one edit from ``word`` (a superset, checked after)."""
    index = _one_edit_index(candidates)
    keys = {word, *(word[:i] + word[i + 1:] for i in range(len(word))),
            *(word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1))}
    return {c for k in keys for c in index.get(k, ())}


def closest(word: str, candidates: Iterable[str], limit: int | None = None) -> list[str]:
    """The candidates nearest to ``word`` within ``limit`` edits (default by length), nearest
    first; an empty list when none is near or ``word`` is itself a candidate."""
    cap = _allowed(word) if limit is None else limit
    candidates = tuple(candidates)
    if len(word) > max((len(c) for c in candidates), default=0) + cap:
        return []  # longer than any candidate can be edited to (hostile text too)
    if cap == 1 and isinstance(candidates, tuple) and len(candidates) > 64:
        if word in _one_edit_index(candidates).get(word, ()):
            return []  # the word is a candidate itself
        candidates = tuple(sorted(_one_edit_candidates(word, candidates)))
    if cap == 1:  # every candidate near is one edit away: no distances to rank
        if word in candidates:
            return []
        return sorted({c for c in candidates if _one_edit(word, c)})
    scored: list[tuple[int, str]] = []
    size = len(word)
    for cand in candidates:
        if cand == word:
            return []
        if abs(len(cand) - size) > cap:
            continue
        d = edit_distance(word, cand, cap)
        if d <= cap:
            scored.append((d, cand))
    if not scored:
        return []
    best = min(d for d, _ in scored)
    return sorted({c for d, c in scored if d == best})


# ---------------------------------------------------------------------------- station names


_NAME_WORD = re.compile(r"[A-Z0-9.\-&']+")


@functools.lru_cache(maxsize=16384)
def _norm(name: str) -> str:
    """Upper case, words only, office symbols after ``/`` dropped."""
    return " ".join(_NAME_WORD.findall(name.upper().partition("/")[0])).strip(" .")


@dataclass(frozen=True, slots=True)
class _Names:
    by_name: dict[str, frozenset[str]]  # normalised name -> RIs
    words: frozenset[str]  # every word of every name
    # (number of words, position, the other words) -> names: the names one word differs in
    by_gap: dict[tuple[int, int, tuple[str, ...]], tuple[str, ...]]
    by_letters: dict[str, tuple[str, ...]]  # the name without spaces -> names


#: Names misspelt in ACP 117 (2010) that cables spell right: the right spelling is known too.
_TABLE_TYPOS = {"PRINSTINA": "PRISTINA", "VAOUNDE": "YAOUNDE"}


@functools.cache
def _names() -> _Names:
    by_name: dict[str, set[str]] = {}
    for station in vocab.table("stations"):
        for name in (station.name, *station.other_names):
            key = _norm(name)
            if key:
                by_name.setdefault(key, set()).add(station.ri)
                fixed = " ".join(_TABLE_TYPOS.get(w, w) for w in key.split())
                if fixed != key:
                    by_name.setdefault(fixed, set()).add(station.ri)
    for block in vocab.table("station_ranges"):
        key = _norm(block.name)
        if key:
            by_name.setdefault(key, set())
    words = frozenset(w for key in by_name for w in key.split())
    by_gap: dict[tuple[int, int, tuple[str, ...]], list[str]] = {}
    by_letters: dict[str, list[str]] = {}
    for key in by_name:
        parts = key.split()
        for i in range(len(parts)):
            by_gap.setdefault((len(parts), i, (*parts[:i], *parts[i + 1:])), []).append(key)
        by_letters.setdefault(key.replace(" ", ""), []).append(key)
    return _Names({k: frozenset(v) for k, v in by_name.items()}, words,
                  {k: tuple(v) for k, v in by_gap.items()},
                  {k: tuple(v) for k, v in by_letters.items()})


def known_station_name(name: str) -> bool:
    """Whether a plain-language address is a station name (or another name) of the tables."""
    return _norm(name) in _names().by_name


@functools.lru_cache(maxsize=4096)
def _station_names(ri: str) -> tuple[str, ...]:
    station = vocab.station(ri)
    if station is None:
        return ()
    names = [_norm(n) for n in (station.name, *station.other_names) if _norm(n)]
    return (*names, *[" ".join(_TABLE_TYPOS.get(w, w) for w in n.split()) for n in names
                    if any(w in _TABLE_TYPOS for w in n.split())])


def _ris_of(name: str) -> frozenset[str]:
    return _names().by_name.get(_norm(name), frozenset())


def station_name_suggestion(name: str, preferred: Iterable[str] = ()) -> list[str]:
    """Known station names one small edit from ``name``: the written name differs from each
    in one word (or in the split of two words), and that written word is no word of any
    station name. ``preferred`` names (those the routing indicators give) are tried first;
    an empty list when the name is known or nothing is near."""
    norm = _norm(name)
    unknown = list(_unknown_words(norm))
    if not unknown:
        return []
    written = norm.split()
    preferred_norm = [p for p in (_norm(p) for p in preferred) if p]
    for pool in (preferred_norm, None):
        found = _near_names(written, unknown, pool)
        if found:
            return found
    return []


@functools.lru_cache(maxsize=16384)
def _unknown_words(norm: str) -> tuple[int, ...]:
    """The positions of the words of a normalised name that no station name has; none for
    a known name (or no name)."""
    names = _names()
    if not norm or norm in names.by_name:
        return ()
    return tuple(i for i, w in enumerate(norm.split()) if w not in names.words)


def _may_be_misspelt(name: str) -> bool:
    """Whether :func:`station_name_suggestion` can suggest anything for ``name``: it is no
    station name and has a word that no station name has."""
    return bool(_unknown_words(_norm(name)))


def _near_names(written: list[str], unknown: list[int], pool: list[str] | None) -> list[str]:
    names = _names()
    best: dict[str, int] = {}
    joined = " ".join(written)
    candidates: Iterable[str]
    if pool is not None:
        candidates = pool
    else:  # the names that differ in one of the unknown words, or in the spaces only
        n = len(written)
        candidates = [c for i in unknown
                      for c in names.by_gap.get((n, i, (*written[:i], *written[i + 1:])), ())]
        candidates += names.by_letters.get(joined.replace(" ", ""), ())
    for cand in candidates:
        words = cand.split()
        if len(words) == len(written):
            diff = [i for i, (a, b) in enumerate(zip(written, words, strict=True)) if a != b]
            if len(diff) != 1 or diff[0] not in unknown:
                continue
            i = diff[0]
            if len(words[i]) < 4 or not words[i].isalpha() or not written[i].isalpha():
                continue  # DOE/DOI/DOJ, J2/J5: short groups and office codes differ by design
            if len(words[i]) == 4 and len(written[i]) == 4 and sorted(words[i]) != sorted(
                    written[i]):
                continue  # one letter changed in a four-letter word: CIFA is no typo of CISA
            d = edit_distance(written[i], words[i], _allowed(words[i]))
            if d <= _allowed(words[i]):
                best[cand] = d
        elif abs(len(words) - len(written)) == 1 and len(joined) >= 8:
            # a space dropped or added (SECSTATEWASHDC is too far; SAN JOSE / SANJOSE is one)
            if joined.replace(" ", "") == cand.replace(" ", ""):
                best[cand] = 1
    if not best:
        return []
    low = min(best.values())
    return sorted(c for c, d in best.items() if d == low)



def originator_correction(code: str, from_name: str) -> str | None:
    """The RI of the FM station one edit (same length) from a DE-line RI, if exactly one:
    ``originator_correction("RUEHX", "SECSTATE WASHDC")`` is ``RUEHC``."""
    # same length only: RUEHFRA (Paris, 2007) is no typo of RUEHFR but a newer RI
    near = [r for r in closest(code, sorted(_ris_of(from_name)), 1) if len(r) == len(code)]
    return near[0] if len(near) == 1 else None



def month_correction(word: str, fits: Callable[[str], bool] | None = None) -> str | None:
    """The month a misspelt month group stands for (``MYA`` -> ``MAY``), else None. Of
    several months as near (``MA``: MAR, MAY) the one ``fits`` accepts, if only one."""
    up = word.upper()
    if up in facts.MONTH_WORDS:
        return None
    if len(up) <= 4:
        same_letters = [m for m in facts.MONTHS if sorted(m) == sorted(up)]
        if len(same_letters) == 1:
            return same_letters[0]
        near = closest(up, facts.MONTHS, 1)
    else:
        cut = {m[:3] for m in _MONTH_NAMES if m.startswith(up)}  # DECEM, cut off by OCR
        near = sorted(cut) if cut else [m for m in closest(up, _MONTH_NAMES, 2)]
    if len(near) > 1 and fits is not None:
        near = [m for m in near if fits(m)]
    return near[0] if len(near) == 1 else None



@functools.lru_cache(maxsize=4096)  # the last words of addresses repeat
def precedence_word_correction(word: str) -> str | None:
    """The precedence word a misspelt one stands for (``IMMEDAITE``), else None."""
    up = word.upper()
    if len(up) < 4 or up in _PRECEDENCE_WORDS or up in _names().words:
        return None
    near = closest(up, _PRECEDENCE_WORDS, 2 if len(up) >= 7 else 1)
    return near[0] if len(near) == 1 else None


