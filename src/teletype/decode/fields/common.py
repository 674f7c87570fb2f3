"""Shared pieces of the front-matter decoders: spans relative to a field's raw text,
diagnostics, and the labels and page heads that end a field."""

from __future__ import annotations

import functools
import re
from typing import Final

from ...diagnostics import Diagnostic, make
from ...source import LineIndex, Span

Diagnostics = tuple[Diagnostic, ...]


@functools.lru_cache(maxsize=4)
def _index(raw: str) -> LineIndex:
    return LineIndex(raw)  # one per field text, however many diagnostics it gets


def span_in(raw: str, start: int, end: int) -> Span:
    """A span of ``raw[start:end]`` (offsets, lines and columns relative to ``raw``)."""
    return _index(raw).span(start, end)


def note(code: str, message: str, raw: str, start: int, end: int) -> Diagnostic:
    return make(code, message, span_in(raw, start, end))


_CONTINUATION = re.compile(r"(?m)[ \t]\\[ \t]*$")


def blank_continuations(raw: str) -> str:
    """``raw`` with WikiLeaks' line-end `` \\`` marks blanked (same length: offsets stay)."""
    return _CONTINUATION.sub(lambda m: " " * len(m.group(0)), raw)


def blank(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` blanked (same length: offsets stay)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def squash(text: str) -> str:
    """Whitespace runs to one space, ends stripped."""
    return " ".join(text.split())


#: A printout's page head inside the front matter: ``MADRID 00000869 001.2 OF 004``,
#: ``PAGE 02 ROME 01196 01 OF 02 082030Z``, ``TRIPOLI 00000402 \n\n001.2 OF 003``.
PAGE_HEAD: Final = re.compile(
    r"(?:(?:\bPAGE|(?<=\\n)PAGE)\s+\d{1,3}\s+[A-Z][A-Z ]{0,40}?\s+\d{3,8}"
    r"(?:\s+\d{1,2}\s+OF\s+\d{1,2})?\s+\d{6}Z"
    r"|\b[A-Z][A-Z ]{0,40}?\s+0{2,}\d{3,6}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b"
    r"|\b[A-Z][A-Z ]{0,40}?\s+0{2,}\d{3,6}\s*\n\s*\n?\s*\d{3}(?:\.\d)?\s+OF\s+\d{3}\b)"
)

#: Where a front-matter field ends when the next one starts (case-insensitive).
NEXT_FIELD: Final = re.compile(
    r"(?im)(?:\bCLASSI?FIED\s+BY\b|\bCLASSFIED\s+BY\b|\bE\.?\s?O\.?\s+1[0-9]{4}\b"
    r"|^\s*TAGS?\b|^\s*SUBJ(?:ECT)?\b|\bSENSITIVE\s+BUT\s+UNCLASSIFIED\b"
    r"|\bTHIS\s+IS\s+AN\s+ACTION\s+REQUEST\b|^\s*-*\s*SUMMARY\b"
    r"|^\s*\u00b6?\s*\d{1,2}\s*\.(?!\d))"
)
