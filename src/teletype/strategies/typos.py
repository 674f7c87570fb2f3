"""Cables in the layout of the 1980s State printouts (the seed's), and single typos in them.

The seed (``../shared/seed/000_03defcabef60f1fe.txt``) is a 1989 State telegram as the
archive printed it: a print wrapper (``PAGE 001``, ``NC 2955693 STATE 170194``, ``TOR:``,
``HEADER:``), a relay envelope (``OO RUEAIIB`` / ``ZNY SSSSS ZOC STATE ZZH``), then the
message, whose TO and INFO addresses carry no ``RI/`` prefix: the link between an address
and its routing indicator runs through FL2 and the station tables.

:func:`cables_1980s` builds such cables on :func:`teletype.strategies.cables`;
:func:`typo` makes one transcriber's typo of a given kind (a letter dropped, two letters
swapped, a letter or digit changed) in a cable text and says where it is, so that tests and
``scripts/typo_bench.py`` can check that the validator reports it on that line with the
right correction::

    >>> made = typo(SEED, "fl2-ri", random.Random(1))          # doctest: +SKIP
    >>> made.text, made.line, made.original                    # doctest: +SKIP
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn

from .. import facts
from .cables import GeneratedCable, cables

#: precedence words an address ends with, and those a typo is made in
_ADDRESS_PRECEDENCE = "|".join(w for w in facts.PRECEDENCE_WORDS if w not in ("NIACT", "CRITIC"))
#: the words a typo is made in (NIACT IMMEDIATE's IMMEDIATE is one of them)
_TYPED_PRECEDENCE = "|".join(w for w in facts.PRECEDENCE_WORDS if " " not in w
                             and w not in ("NIACT", "CRITIC"))

__all__ = [
    "KINDS",
    "PrintedCable",
    "Typo",
    "cables_1980s",
    "typo",
    "typo_sites",
]

_RELAYS = ("RUEAIIB", "RUEKJCS", "RUEHC")


@dataclass(frozen=True)
class PrintedCable:
    """A generated cable in the 1980s print layout (``text``) and the cable it was made of."""

    base: GeneratedCable = field(repr=False)
    print_header: str | None
    relay: str | None
    text: str = field(repr=False)


def _strip_prefixes(header: str) -> str:
    """TO/INFO addresses without their ``RI/`` prefix (the 1980s layout)."""
    out = []
    addresses = False
    for line in header.split("\n"):
        if line.startswith("FM "):
            addresses = True
        elif addresses:
            line = re.sub(r"^((?:TO|INFO) )?[A-Z0-9]{4,8}/", r"\1", line)
        out.append(line)
    return "\n".join(out)


@st.composite
def cables_1980s(
    draw: DrawFn,
    *,
    print_header: bool | None = True,
    relay: bool | None = None,
    min_dtg: datetime = datetime(1982, 9, 1),
    max_dtg: datetime = datetime(1990, 12, 31),
) -> PrintedCable:
    """Consistent ACP 127 cables of 1982-1990 in the seed's layout: addresses without RI
    prefixes, a print wrapper (``print_header``; None draws it) and a relay envelope
    (``relay``; None draws it)."""
    base = draw(cables(layouts=("acp127",), min_dtg=min_dtg, max_dtg=max_dtg))
    header, _, rest = base.text.partition("\nBT\n")
    lines = header.split("\n")
    if lines and lines[0].startswith("VZCZC"):
        lines = lines[1:]  # the printouts carry no transmission identification
    header = _strip_prefixes("\n".join(lines))
    use_relay = draw(st.booleans()) if relay is None else relay
    relay_ri = None
    if use_relay:
        relay_ri = draw(st.sampled_from(_RELAYS))
        security = next(line for line in lines if line.startswith(("ZNY ", "ZNR ")))
        signal_group = " ".join(security.split()[:2])
        prosign = header.split("\n", 1)[0].split()[0]
        header = f"{prosign} {relay_ri}\n{signal_group} ZOC STATE ZZH\n" + header
    wrapper = ""
    nc = None
    if print_header or (print_header is None and draw(st.booleans())):
        number = draw(st.integers(1_000_000, 9_999_999))
        nc = f"NC {number} {base.mrn}"
        received = base.dtg + timedelta(minutes=draw(st.integers(5, 90)))
        tor = received.strftime("%d%H%MZ %b %y").upper()
        wrapper = f"PAGE 001\n\n{nc}\n\nTOR: {tor}\n\nHEADER:\n\n"
    return PrintedCable(base, nc, relay_ri, wrapper + header + "\nBT\n\n" + rest)


# ---------------------------------------------------------------------------- typos


@dataclass(frozen=True)
class Typo:
    """One typo: the changed text, the line it is on (1-based), the span changed in the
    original text and what was there."""

    kind: str
    text: str
    line: int
    start: int
    end: int
    original: str
    replacement: str


Site = tuple[int, int]  # start, end of a group in the text

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _header_bounds(text: str) -> tuple[int, int]:
    """Offsets of the message header: from the last FL2-like line before the DE line to BT."""
    de = re.search(r"(?m)^DE [A-Z0-9]+ #", text)
    bt = re.search(r"(?m)^BT\s*$", text)
    if de is None or bt is None:
        return 0, 0
    return de.start(), bt.start()


def _groups(text: str, pattern: str, start: int = 0, end: int | None = None,
            group: int = 0) -> list[Site]:
    end = len(text) if end is None else end
    return [(m.start(group), m.end(group))
            for m in re.compile(pattern, re.M).finditer(text, start, end)]


def typo_sites(text: str) -> dict[str, list[Site]]:
    """Where each kind of typo can go in a cable text (spans of the groups)."""
    de_start, bt = _header_bounds(text)
    fm = re.search(r"(?m)^FM ", text)
    sites: dict[str, list[Site]] = {}
    # FL2: the routing line right before the DE line (the relay envelope's is not checked)
    before = text[:de_start].rstrip("\n").split("\n")
    fl2_lines: list[Site] = []
    pos = de_start
    for line in reversed(before):
        pos -= len(line) + 1
        if re.match(r"^([ZOPRYW])\1( [A-Z0-9]{4,8})+$", line):
            fl2_lines.append((pos, pos + len(line)))
            continue
        if re.match(r"^([A-Z0-9]{4,8} ?)+$", line) and line.startswith("R"):
            fl2_lines.append((pos, pos + len(line)))  # an FL2 continuation line
            continue
        break
    sites["fl2-ri"] = [s for a, b in fl2_lines for s in _groups(text, r"(?<= )[A-Z]{5,8}\b",
                                                                    a, b)]
    if fm is not None:
        names = []
        for m in re.compile(r"(?m)^(?:(FM|TO|INFO) )?(.+)$").finditer(text, fm.start(), bt):
            name = re.sub(r"( (?:" + _ADDRESS_PRECEDENCE + r"))?"
                          r"( \d{4}(-\d{4})?)?$", "", m.group(2))
            for w in re.finditer(r"[A-Z]{4,}", name):
                names.append((m.start(2) + w.start(), m.start(2) + w.end()))
        sites["address-drop"] = [s for s in names if text[s[0]:s[1]] not in ("INFO",)]
        sites["address-swap"] = sites["address-drop"]
        sites["precedence-word"] = _groups(
            text, r"(?<= )(" + _TYPED_PRECEDENCE + r")(?= \d{4}|$)", fm.start(), bt)
    sites["month"] = _groups(text, r"^(?:[ZOPR] )+\d{6}Z ([A-Z]{3}) \d{2}$", de_start, bt, 1)
    sites["julian-day"] = _groups(text, r"^DE [A-Z0-9]+ #\d{4}(?:/\d\d)? (\d{3})\d{4}",
                                  de_start, bt, 1)
    sites["de-ri"] = _groups(text, r"^DE ([A-Z]{4,8}) #", de_start, bt, 1)
    sites["print-mrn"] = _groups(text, r"^NC \d{5,9} [A-Z][A-Z .]*? (\d{2,7})$", 0, de_start, 1)
    after = bt if bt else 0
    mrn = re.compile(r"(?m)^(?:[A-Z ]+? )?(?:SECTION \d+ OF \d+ )?[A-Z][A-Z ]*? (\d{6})\s*$")
    found = mrn.search(text, after)
    sites["mrn-serial"] = [found.span(1)] if found else []
    sites["eo"] = _groups(text, r"^E\. ?O\.? (\d{5})", after, None, 1)[:1]
    sites["tag"] = [s for a, b in _groups(text, r"^TAGS:? (.*)$", after, None, 1)[:1]
                    for s in _groups(text, r"\b[A-Z]{4}\b", a, b)]
    return {k: v for k, v in sites.items() if v}


def _swap(word: str, rng: random.Random) -> str | None:
    pairs = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    if not pairs:
        return None
    i = rng.choice(pairs)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _drop(word: str, rng: random.Random) -> str | None:
    if len(word) < 2:
        return None
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1:]


def _change(word: str, rng: random.Random, alphabet: str) -> str | None:
    i = rng.randrange(len(word))
    choices = [c for c in alphabet if c != word[i]]
    return word[:i] + rng.choice(choices) + word[i + 1:]


def _digit_typo(word: str, rng: random.Random) -> str | None:
    return _swap(word, rng) if rng.random() < 0.5 else _change(word, rng, "0123456789")


def _letter_typo(word: str, rng: random.Random) -> str | None:
    return _swap(word, rng) if rng.random() < 0.5 else _change(word, rng, _LETTERS)


_MAKERS: dict[str, Callable[[str, random.Random], str | None]] = {
    "address-drop": _drop,
    "address-swap": _swap,
    "fl2-ri": _letter_typo,
    "de-ri": _letter_typo,
    "print-mrn": _digit_typo,
    "month": lambda w, rng: _swap(w, rng) if rng.random() < 0.5 else _drop(w, rng),
    "julian-day": lambda w, rng: _change(w, rng, "0123456789"),
    "mrn-serial": _digit_typo,
    "eo": _digit_typo,
    "tag": _letter_typo,
    "precedence-word": lambda w, rng: _swap(w, rng) if rng.random() < 0.5 else _drop(w, rng),
}

#: The kinds of typo :func:`typo` makes.
KINDS: tuple[str, ...] = tuple(_MAKERS)


def typo(text: str, kind: str, rng: random.Random, tries: int = 20) -> Typo | None:
    """One typo of ``kind`` in ``text`` (None when the cable has no place for it)."""
    sites = typo_sites(text).get(kind)
    if not sites:
        return None
    for _ in range(tries):
        start, end = rng.choice(sites)
        old = text[start:end]
        new = _MAKERS[kind](old, rng)
        if not new or new == old:
            continue
        changed = text[:start] + new + text[end:]
        return Typo(kind, changed, text.count("\n", 0, start) + 1, start, end, old, new)
    return None
