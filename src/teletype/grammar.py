"""The cable grammar, loaded once from package data (``teletype.grammars``)."""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

import lark
import lark.lexer

from . import facts, lalr

GRAMMAR_PACKAGE = "teletype.grammars"
GRAMMAR_FILE = "cable.lark"

_BUILD_LOCK = threading.Lock()


def build_parser(*, strict: bool = False) -> lark.Lark:
    """Build the LALR parser with the contextual lexer.

    With ``strict=True`` Lark rejects shift/reduce conflicts and same-priority terminal
    collisions (that check needs ``interegular`` and takes several seconds, so it runs in
    the test suite). Without it the collision check is skipped even when ``interegular`` is
    installed, so that importing teletype stays fast.
    """
    callbacks: dict[str, Any] = {}

    def spaced(terminal: lark.lexer.TerminalDef) -> None:
        # Lark calls this for every terminal before it reads the callbacks
        if _is_spaced(terminal):
            callbacks[terminal.name] = _rstrip

    with _BUILD_LOCK:
        saved = lark.lexer.has_interegular
        if not strict:
            lark.lexer.has_interegular = False
        try:
            return lark.Lark.open_from_package(
                GRAMMAR_PACKAGE,
                GRAMMAR_FILE,
                parser="lalr",
                lexer="contextual",
                propagate_positions=False,
                maybe_placeholders=False,
                strict=strict,
                lexer_callbacks=callbacks,
                edit_terminals=spaced,
            )
        finally:
            lark.lexer.has_interegular = saved


#: Phrases that make a line a release stamp or a form banner, wherever they stand on it.
STAMP_PHRASES = re.compile(facts.STAMP_PHRASES)
# substrings that every phrase contains one of: lines without them are not searched. Each
# is a text-wide str.find, whose time goes with how often the window's next character is one
# of the anchor's: whole upper-case phrases skip over most text, and one anchor may serve
# several phrases (RELEASE: DECLASSIFIED/RELEASED too; Released: Declassified/Released;
# Authority: the Review and the Declassification Authority). tests/test_grammar.py checks
# that every phrase holds one.
_ANCHORS = ("RELEASE", "Released", "Department", "DEPARTMENT OF STATE CASE NO", "RPS/IPS",
            "Sheryl P. Walter", "Authority:", "Systematic Review", "RECORDS ACT OF 1992",
            "CLASSIFIED MESSAGE", "Intelligence Information Cable", "NTELLIGENCE")
STAMP_MARK = "\ue000"


def mark_stamps(text: str) -> str:
    """The text the parser reads: each line holding a stamp phrase starts with STAMP_MARK
    instead of its first character (a same-length substitution; a STAMP_MARK already in
    the text is neutralised first)."""
    if STAMP_MARK in text:
        text = text.replace(STAMP_MARK, "?")
    starts: set[int] = set()
    for anchor in _ANCHORS:
        pos = text.find(anchor)
        while pos != -1:
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            if start not in starts and STAMP_PHRASES.search(text, start, end):
                starts.add(start)
            pos = text.find(anchor, end)  # each line is searched once per anchor
    if not starts:
        return text
    chars = list(text) if len(starts) > 8 else None
    if chars is None:
        for start in sorted(starts):
            if start < len(text) and text[start] not in "\r\n":
                text = text[:start] + STAMP_MARK + text[start + 1:]
        return text
    for start in starts:
        if start < len(chars) and chars[start] not in "\r\n":
            chars[start] = STAMP_MARK
    return "".join(chars)


_CSV_RECORD = re.compile(r'"[0-9]+",(?:"[^"\r\n]*",){5}"')


def mark_containers(text: str) -> str:
    """For a cables.csv record, turn the quote-comma-quote between the header and the text
    field into a line end, and the closing quote into a space (same length)."""
    head = _CSV_RECORD.match(text)
    if head is None:
        return text
    sep = text.find('","', head.end())
    if sep != -1:
        text = text[:sep] + " \n " + text[sep + 3:]
    end = len(text.rstrip())
    if end and text[end - 1] == '"':
        text = text[:end - 1] + " " + text[end:]
    return text


def prepare(text: str) -> str:
    """The copy of ``text`` the parser reads: same length, same offsets."""
    return mark_stamps(mark_containers(text))


#: Set to ``lark`` to parse with Lark alone (the lean driver is the default).
PARSER_ENV = "TELETYPE_PARSER"


class CableParser:
    """The parser behind a same-length pre-pass (:func:`prepare`): the lean driver built
    from the Lark parser (:mod:`teletype.lalr`; it hands over to Lark at an error), Lark
    itself for ``on_error`` recovery or where the driver cannot be built."""

    def __init__(self, parser: lark.Lark, *, lean: bool = True) -> None:
        self.lark = parser
        self.lean = (lalr.build(parser, spaced_terminals(parser), _rstrip)
                     if lean and os.environ.get(PARSER_ENV) != "lark" else None)

    def parse(self, text: str, on_error: Any = None,
              reduce: Mapping[str, Callable[[lark.Tree[Any]], Any]] | None = None) -> Any:
        """The parse tree of ``text``. ``reduce``: hooks the lean driver hands the trees of
        their rules to as it reduces them (:meth:`lalr.LeanParser.parse`); Lark, which
        parses with ``on_error`` or where there is no driver, ignores them, and its tree
        holds the plain trees of those rules."""
        prepared = prepare(text)
        if self.lean is not None and on_error is None:
            try:  # Lark's errors: see lalr.LeanParser
                return self.lean.parse(prepared, reduce=reduce)
            except lalr.Fallback:
                pass
        return self.lark.parse(prepared, on_error=on_error)


def _is_spaced(terminal: lark.lexer.TerminalDef) -> bool:
    """Whether a group terminal's pattern ends with ``[ \\t]*`` (see the grammar's terminal
    notes; ``_NL`` and the other filtered newlines keep the indent they take)."""
    pattern = terminal.pattern
    if terminal.name.startswith("_"):
        return False
    # Lark turns the grammar's `\t` into a tab; accept the escape too
    return pattern.type == "re" and str(pattern.value).endswith(("[ \t]*", "[ \\t]*"))


def spaced_terminals(parser: lark.Lark) -> list[str]:
    """The names of the terminals whose token values :func:`_rstrip` strips."""
    return [t.name for t in parser.terminals if _is_spaced(t)]


def _rstrip(token: lark.Token) -> lark.Token:
    """Drop the spaces a group terminal takes after the group (value and end offset)."""
    stripped = token.rstrip(" \t")  # a plain str
    size = len(stripped)
    if size == len(token):
        return token
    return lark.Token(token.type, stripped, token.start_pos, token.line, token.column,
                      token.end_line, (token.column or 0) + size, (token.start_pos or 0) + size)


@functools.cache
def get_parser() -> CableParser:
    """The shared parser (built on first use, about 0.3 s)."""
    return CableParser(build_parser())
