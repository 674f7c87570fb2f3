"""Facts of the format that several parts of teletype need, each written once.

Months, classification levels and their ranks, the FL4 security group of each level,
precedence letters and words (with the misspellings transcriptions show), and the
OCR-damaged spellings of classification words. The grammar's word lists are generated from
here (``grammars/vocab.lark``, written by ``scripts/gen_grammar.py``; a test fails when it
is stale); the code tables with a source per row stay in :mod:`teletype.vocab`, and the
tables below that come from them are views of its CSV files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from . import vocab

# ---------------------------------------------------------------------------- months

#: Month abbreviations as DTGs write them (ACP 121/127; FORMAT.md §2.3).
MONTHS: Final = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                 "DEC")
#: Month names as dates in prose and declassification lines write them.
MONTH_NAMES: Final = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
                      "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER")
#: Every spelling of a month that a DTG may carry without being misspelt.
MONTH_WORDS: Final = frozenset(MONTHS) | frozenset(MONTH_NAMES) | {"SEPT"}


#: Two-digit years are read in the hundred years from this one (1960-2059): cables begin
#: in the 1960s (ACP 127(G) §113 has 1906-2005, which would put 60-99 in the 1900s too).
DEFAULT_PIVOT: Final = 1960


def month_number(word: str | None) -> int | None:
    """``MAY`` / ``May`` / ``SEPTEMBER`` -> 5 / 5 / 9: the month of its first three letters."""
    if not word:
        return None
    try:
        return MONTHS.index(word[:3].upper()) + 1
    except ValueError:
        return None


def month_of_word(word: str) -> int | None:
    """A month written out or cut short in prose (``JUN``, ``JUNE``, ``SEPT``, ``Sept.``);
    None for other words (``JUNK``)."""
    word = word.upper().rstrip(".")
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(MONTH_NAMES, 1) if name.startswith(word)), None)


def month_abbreviation(month: int) -> str:
    """5 -> ``MAY``."""
    return MONTHS[month - 1]


# ---------------------------------------------------------------------------- classification

#: Classification words as the first text line writes them, longest first, and the level
#: each stands for (FORMAT.md §3.1).
CLASSIFICATION_WORDS: Final = (
    ("TOP SECRET", "TOP SECRET"),
    ("SECRET", "SECRET"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
    ("UNCLASSIFIED", "UNCLASSIFIED"),
    ("UNCLAS", "UNCLASSIFIED"),
    ("RESTRICTED", "RESTRICTED"),
)
#: Qualifiers written after the level (``UNCLAS EFTO``, ``UNCLASSIFIED SBU``).
CLASSIFICATION_QUALIFIERS: Final = ("EFTO", "SENSITIVE", "SBU")

#: The words of a classification banner (a line of its own at a page's top or bottom), as
#: a regex alternation: the front-matter decoders skip such lines (TOP SECRET ends in
#: SECRET).
BANNER_LEVELS: Final = "UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE"

#: Classification -> rank, higher = more protected (portion marks <= overall checks).
CLASSIFICATION_RANK: Final[Mapping[str, int]] = MappingProxyType({
    "UNCLASSIFIED": 0,
    "UNCLAS": 0,
    "UNCLASSIFIED EFTO": 0,
    "UNCLAS EFTO": 0,
    "SBU": 0,  # sensitive but unclassified: an (SBU) portion fits an unclassified cable
    "LIMITED OFFICIAL USE": 1,
    "RESTRICTED": 1,
    "CONFIDENTIAL": 2,
    "SECRET": 3,
    "TOP SECRET": 4,
})

#: OCR damage to a classification word, as regular expressions (case-insensitive) and the
#: word meant: printouts whose classification was struck through before scanning (CECRET,
#: 3ECRET, SRECRET, CONFIDENTIAT, CO.NFIDENTIAL, C NFIDENTIAL).
OCR_CLASSIFICATION_WORDS: Final = (
    (r"[CE35]R?ECRET|SRECRET", "SECRET"),
    (r"C(?:O[ \t.]?|0|[ \t.])NF[I1l]DENT[I1l]A[LT1I]", "CONFIDENTIAL"),
)

#: FL4 security group -> classification (ACP 127(G) §124.b, §203.a; EFTO per FORMAT.md
#: §2.5), from ``data/security_groups.csv``.
SECURITY_GROUPS: Final[Mapping[str, str]] = MappingProxyType(
    {g.code: g.classification for g in vocab.table("security_groups")}
)
#: Classification -> (FL4 operating signal, security group): ``SECRET`` -> (ZNY, SSSSS).
SECURITY_LINE_OF: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {g.classification: (g.operating_signal, g.code) for g in vocab.table("security_groups")
     if g.operating_signal}
)


def spaced(word: str) -> str:
    """``TOP SECRET`` -> ``T O P S E C R E T`` (State's letter-spaced marking)."""
    return " ".join(word.replace(" ", ""))


# ---------------------------------------------------------------------------- precedence

_PRECEDENCES = vocab.table("precedence")

#: Precedence prosign letter -> word: Z FLASH, O IMMEDIATE, P PRIORITY, R ROUTINE, Y ECP,
#: W FLASH OVERRIDE (ACP 127(G) §150-151; FORMAT.md §2.3).
PRECEDENCE_LETTERS: Final[Mapping[str, str]] = MappingProxyType(
    {p.code: p.word for p in _PRECEDENCES if p.letter == p.code}
)
#: Precedence letter -> rank (ROUTINE 1 ... FLASH 4, Y and W 5).
PRECEDENCE_RANK: Final[Mapping[str, int]] = MappingProxyType(
    {p.code: p.rank for p in _PRECEDENCES if p.letter == p.code}
)
#: State precedence word -> letter; words with no letter in the sources (NIACT alone,
#: CRITIC) are absent.
WORD_LETTERS: Final[Mapping[str, str]] = MappingProxyType(
    {p.code: p.letter for p in _PRECEDENCES if p.letter is not None and p.code != p.letter}
)
#: Precedence words an address or a TO line may carry (longest first).
PRECEDENCE_WORDS: Final = ("NIACT IMMEDIATE", "FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE",
                           "NIACT", "CRITIC")
#: Misspellings of precedence words seen in transcriptions, read as the word (TT403).
MISSPELT_PRECEDENCE: Final[Mapping[str, str]] = MappingProxyType({
    "PIORITY": "PRIORITY", "PRIOITY": "PRIORITY", "PRIORTY": "PRIORITY", "PRORITY": "PRIORITY",
    "IMMEDIAT": "IMMEDIATE", "IMEDIATE": "IMMEDIATE", "IMMEDATE": "IMMEDIATE",
    "ROUTNE": "ROUTINE", "RUTINE": "ROUTINE",
})


def precedence_word(letter: str | None) -> str | None:
    """``O`` -> ``IMMEDIATE``."""
    return PRECEDENCE_LETTERS.get(letter) if letter else None


# ---------------------------------------------------------------------------- grammar pieces


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in words)


def _letter_spaced(word: str) -> str:
    """``TOP SECRET`` -> ``T[ \\t]O[ \\t]P[ \\t]+S{1,2}[ \\t]E...``: letter-spaced, with the
    doubled first letter OCR makes of the second word's (``SS E C R E T``)."""
    parts = []
    for part in word.split():
        letters = [re.escape(c) for c in part]
        if part == "SECRET":
            letters[0] = "S{1,2}"
        parts.append(r"[ \t]".join(letters))
    return r"[ \t]+".join(parts)


#: The starts of a line that begins another field rather than continuing the one before
#: it (``TAGS``, ``SUBJ``, ``REF``, an E.O. line, a numbered paragraph, ``BT``, a military
#: set's ``MSGID/``, ...): the grammar's ``_CNL`` continues a field only before a line that
#: starts with none of them, and the subject decoder ends a subject where the grammar does.
#: Read at a line start, after its blanks (``/`` escaped: the piece is written into a Lark
#: regex literal).
FIELD_START: Final = (
    r"(?:(?:MSGID|AMPN|NARR|POC|RMKS|GENTEXT|DECL|PASSING|ORDER|REFDOC)\/"
    r"|(?i:E\.? ?O\.? ?\d|EO \d|TAGS?\b|SUBJ|REF|(?:\([A-Z\/]{1,6}\)[ \t]*)?CLASSIFIED BY"
    r"|PASS(?:ING)? TO\b|FM[ \t]+[A-Z]|PAGE[ \t]+\d|BT[ \t]*\r?(?:\n|$)|NNNN|SUMMARY|BEGIN"
    r"|END\b|\d{1,2}[ \t]?[.)](?:[ \t]|\()|\u00b6(?![ \t]*[A-Z][.)][ \t])"
    r"|\*{3}[ \t]*(?:Current|Handling)|-{5}|UNCLASSIFIED U\.S\.))"
)


def grammar_pieces() -> dict[str, str]:
    """The word lists of the grammar as named regular expressions (``grammars/vocab.lark``).

    Each is one group, so that Lark can join it with other pieces (a bare ``A|B`` would be
    joined without grouping).
    """
    words = [w for w, _ in CLASSIFICATION_WORDS]
    spelt = [w for w in words if w not in ("UNCLASSIFIED", "RESTRICTED")]
    return {
        "_MONTH": "(?:" + "|".join(MONTHS) + ")",
        "_CLASS_WORD": "(?:" + _alternation(words) + ")",
        "_SPACED_CLASS": "(?:" + "|".join(_letter_spaced(w) for w in spelt) + ")",
        "_OCR_CLASS": "(?:" + "|".join(p for p, _ in OCR_CLASSIFICATION_WORDS) + ")",
        "_CLASS_QUALIFIER": r"(?:[ \t]+(?:" + "|".join(
            [*CLASSIFICATION_QUALIFIERS[:1], _letter_spaced(CLASSIFICATION_QUALIFIERS[0]),
             *CLASSIFICATION_QUALIFIERS[1:]]) + "))",
        "_PREC_WORD": "(?:" + _alternation([*PRECEDENCE_WORDS, *MISSPELT_PRECEDENCE]) + ")",
        "_FIELD_START": FIELD_START,
    }


#: Phrases of the release and archive stamps printed on declassified copies (a line
#: holding one is a stamp line, not cable text: teletype.grammar.mark_stamps, and the
#: subject reader skips such lines printed across a subject).
STAMP_PHRASES: Final = (
    r"Declassified/Released|DECLASSIFIED/RELEASED|Department ?of ?State ?Case No"
    r"|DEPARTMENT OF STATE CASE NO|RPS/IPS|RELEASED? IN (?:FULL|PART)|Released in (?:Full|Part)"
    r"|Sheryl P\. Walter|Review Authority:|Systematic Review [0-9]|Declassification Authority:"
    r"|RECORDS ACT OF 1992|CLASSIFIED MESSAGE|Intelligence Information Cable"
    r"|INTELLIGENCE INFORMATION CABLE|CENTRAL INTELLIGENCE AGENCY"
)
