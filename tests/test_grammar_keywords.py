"""The front-matter value terminals (VALUE, FM_TEXT) are written for speed: the runs between
keyword letters unrolled, and a keyword letter whose next character starts no keyword let
through without the keyword lookahead. They must match exactly what the plain form
matches: a value runs to the end of the line or to the next inline keyword."""

from __future__ import annotations

import random
import re

import pytest
from conftest import ROOT

from teletype import grammar

GRAMMAR = (ROOT / "grammars" / "cable.lark").read_text(encoding="utf-8")


def _plain() -> re.Pattern[str]:
    """The plain form: every keyword letter looks ahead for a keyword."""
    found = re.search(r"^_FRONT_KEYWORD: /(.*)/i$", GRAMMAR, re.MULTILINE)
    assert found is not None
    keyword = f"(?i:{found.group(1)})"
    return re.compile(f"(?!{keyword})[^\\s](?:[^\\r\\nEeTtSsRrCc]|(?!{keyword})[EeTtSsRrCc])*")


@pytest.fixture(scope="module")
def terminals() -> dict[str, re.Pattern[str]]:
    parser = grammar.get_parser().lark
    return {t.name: re.compile(t.pattern.to_regexp()) for t in parser.terminals
            if t.name in ("VALUE", "FM_TEXT")}


def _ends(pattern: re.Pattern[str], text: str) -> list[int | None]:
    out: list[int | None] = []
    for pos in range(len(text) + 1):
        found = pattern.match(text, pos)
        out.append(found.end() if found else None)
    return out


def test_values_match_as_the_plain_form(terminals: dict[str, re.Pattern[str]]) -> None:
    plain = _plain()
    assert set(terminals) == {"VALUE", "FM_TEXT"}
    rng = random.Random(5)
    pieces = ["E", "e", ".", " ", "O", "o", "0", "12958", "TAGS:", "tags", "SUBJ", "ECT:",
              ":", "REF", "S", "s", "TEL:", "CLASSIFIED BY:", "Cl", "ſ", "T", "A", "a",
              "U", "u", "R", "C", "L", "x", "\n", "\r", "\t", "EO 1", "E. O. 1"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        expected = _ends(plain, text)
        for name, pattern in terminals.items():
            assert _ends(pattern, text) == expected, (name, text)


def test_values_match_as_the_plain_form_on_cables(
        terminals: dict[str, re.Pattern[str]]) -> None:
    plain = _plain()
    value = terminals["VALUE"]
    checked = 0
    for path in sorted((ROOT / "corpus").rglob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            assert _ends(value, line) == _ends(plain, line), line
            checked += 1
    assert checked > 1000
