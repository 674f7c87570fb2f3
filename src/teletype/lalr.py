"""A lean LALR driver generated at start-up from a built :class:`lark.Lark` parser.

It reads the parser Lark built (``lexer="contextual"``, ``parser="lalr"``): per parser
state the terminals its contextual lexer tries, in Lark's order; Lark's LALR table; Lark's
tree callbacks. There is no second grammar. What it does differently is only how the same
work is done:

* Per lexer state and per first character of the remaining text, only the terminals that
  can start with that character are tried (one compiled alternation per such set, in
  Lark's order, so the first alternative that matches is the one Lark's alternation of all
  of them would pick). The first characters come from the regexes' parse trees,
  conservatively: a lookaround consumes nothing, anything unknown can start with anything.
* One :class:`lark.Token` per token, the spaces of a group terminal stripped before it is
  made (Lark makes one and the strip callback a second one); lines counted as Lark does.
* The LALR loop inlined, with Lark's actions resolved into tuples once.

Errors stay Lark's: where the driver cannot lex or the table rejects a token, it hands its
stacks and its position over to Lark's own parser, which goes on from there and raises the
error it raises on the whole text (the ``on_error`` recovery is left to Lark: the caller
parses with Lark then). ``tests/test_lalr_driver.py`` checks that tokens, trees and errors
are identical to Lark's.

The driver reads Lark internals (``ParsingFrontend.lexer``, ``ContextualLexer.lexers``,
``BasicLexer.scanner``, ``_Parser.parse_table``/``callbacks``) of the Lark versions that
pyproject.toml allows; :func:`build` returns None when they are not as expected, and the
caller then parses with Lark alone.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, Collection
from typing import Any

import lark
from lark import Token

try:  # internals of the Lark versions pyproject.toml allows; without them, no driver
    from lark.lexer import LexerThread
    from lark.parsers.lalr_analysis import Shift
    from lark.parsers.lalr_interactive_parser import InteractiveParser
    from lark.parsers.lalr_parser_state import ParseConf, ParserState
    _INTERNALS = True
except ImportError:  # pragma: no cover - another Lark
    _INTERNALS = False

# the regex parser of the re module (private, hence loaded by name)
_sre_parse: Any
_sre_constants: Any
if sys.version_info >= (3, 11):
    _sre_parse = importlib.import_module("re._parser")
    _sre_constants = importlib.import_module("re._constants")
else:  # pragma: no cover
    _sre_parse = importlib.import_module("sre_parse")
    _sre_constants = importlib.import_module("sre_constants")

__all__ = ["Fallback", "LeanParser", "build"]


#: Token's constructor without the check for a deprecated keyword that ``Token()`` makes
_new_token: Callable[..., Token] = getattr(Token, "_future_new", Token)


class Fallback(Exception):
    """The driver cannot be built, or cannot hand over to Lark: parse with Lark instead."""


# ----------------------------------------------------------------- first characters

_C: Any = _sre_constants
_CATEGORIES = {
    _C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D",
    _C.CATEGORY_SPACE: r"\s", _C.CATEGORY_NOT_SPACE: r"\S",
    _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT} | (
    {_C.POSSESSIVE_REPEAT} if hasattr(_C, "POSSESSIVE_REPEAT") else set())
_ZERO_WIDTH = {_C.ASSERT, _C.ASSERT_NOT, _C.AT}


class _Anything(Exception):
    """The analysis cannot bound the first character."""


def _char_class(items: list[tuple[Any, Any]]) -> str:
    parts = []
    for op, av in items:
        if op is _C.NEGATE:
            parts.append("^")
        elif op is _C.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _C.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _C.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _Anything
    return f"[{''.join(parts)}]"


def _first(items: Any, icase: bool, out: list[str]) -> bool:
    """Add to ``out`` one-character regexes covering what ``items`` (a sequence) can start
    with; return whether the sequence can match the empty string."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item decides
        if op is _C.LITERAL:
            atom = re.escape(chr(av))
        elif op is _C.NOT_LITERAL:
            atom = f"[^{re.escape(chr(av))}]"
        elif op is _C.IN:
            atom = _char_class(av)
        elif op is _C.BRANCH:
            nullable = False
            for branch in av[1]:
                nullable |= _first(branch, icase, out)
            if nullable:
                continue
            return False
        elif op is _C.SUBPATTERN:
            add, delete, sub = av[1], av[2], av[3]
            inner = (icase or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
            if _first(sub, inner, out):
                continue
            return False
        elif op in _REPEATS:
            low, sub = av[0], av[2]
            if _first(sub, icase, out) or low == 0:
                continue
            return False
        elif getattr(_C, "ATOMIC_GROUP", None) is op:
            if _first(av, icase, out):
                continue
            return False
        else:  # ANY, group references, conditionals: anything
            raise _Anything
        out.append(f"(?i:{atom})" if icase else atom)
        return False
    return True


def first_chars(regexp: str, flags: int = 0) -> re.Pattern[str] | None:
    """A one-character pattern that every first character of a match of ``regexp`` matches,
    or None when the analysis cannot bound it (then the terminal is tried everywhere)."""
    try:
        parsed = _sre_parse.parse(regexp, flags)
        atoms: list[str] = []
        if _first(parsed, bool(parsed.state.flags & re.IGNORECASE), atoms) or not atoms:
            return None  # a terminal that can match the empty string: try it everywhere
        return re.compile("|".join(atoms), re.DOTALL)
    except (_Anything, re.error, AttributeError, TypeError, ValueError):
        return None


# ----------------------------------------------------------------- line continuations

#: The end of a terminal that runs on over the following lines until one that interrupts
#: it (BODY_START, BODY_TEXT): ``(?:\r?\n(?!STOP)[^\r\n]*)*``, newlines written as
#: escapes or as the characters themselves (Lark turns the grammar's escapes into them).
_CONTINUATION_HEADS = ("(?:\r?\n(?!", "(?:\\r?\\n(?!")
_CONTINUATION_TAILS = (")[^\r\n]*)*", ")[^\\r\\n]*)*")


def split_continuation(regexp: str) -> tuple[str, str] | None:
    """``(head, stop)`` when ``regexp`` is ``head(?:\r?\n(?!stop)[^\r\n]*)*`` (the head
    and the stop each a regex of their own), else None."""
    for opening, closing in zip(_CONTINUATION_HEADS, _CONTINUATION_TAILS, strict=True):
        if not regexp.endswith(closing):
            continue
        at = regexp.rfind(opening)
        while at > 0:
            head, stop = regexp[:at], regexp[at + len(opening):-len(closing)]
            try:
                re.compile(head)
                re.compile(stop)
            except re.error:
                at = regexp.rfind(opening, 0, at)
                continue
            # `a|b(?:...)*` continues only the last alternative: not this shape
            return None if _has_top_level_bar(head) else (head, stop)
    return None


def _has_top_level_bar(regexp: str) -> bool:
    """Whether ``regexp`` is an alternation at its top level (a ``|`` outside groups and
    character classes)."""
    depth = 0
    in_class = False
    chars = iter(regexp)
    for char in chars:
        if char == "\\":
            next(chars, None)
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            following = next(chars, None)  # the first member (a `]` there is a literal)
            if following == "^":
                following = next(chars, None)
            if following == "\\":
                next(chars, None)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


class _Continuation:
    """Where ``(?:\r?\n(?!STOP)[^\r\n]*)*`` matching at ``pos`` ends, found by searching
    for ``\n(?=STOP)`` (the search skips from newline to newline in C; the regex tries the
    lookahead through the regex engine at every line, five times slower)."""

    __slots__ = ("search",)

    def __init__(self, stop: str, flags: int) -> None:
        self.search = re.compile(f"\n(?={stop})", flags).search

    def end(self, text: str, pos: int) -> int:
        char = text[pos:pos + 1]
        if char != "\n" and (char != "\r" or text[pos + 1:pos + 2] != "\n"):
            return pos  # no line break here: no continuation line
        found = self.search(text, pos)
        end = found.start() if found is not None else len(text)
        cr = text.find("\r", pos, end)
        while cr != -1:  # a CR that does not start a CRLF ends the last line
            if text[cr + 1:cr + 2] != "\n":
                return cr
            cr = text.find("\r", cr + 2, end)
        if found is not None and end > pos and text[end - 1] == "\r":
            end -= 1  # the interrupting line follows a CRLF: the block ends before the CR
        return end


# ----------------------------------------------------------------- the lexer contexts

class _Terminal:
    __slots__ = ("name", "regexp", "first", "continuation")

    def __init__(self, name: str, regexp: str, flags: int) -> None:
        self.name = str(name)
        split = split_continuation(regexp)
        # the alternations try the head; a match goes on over the continuation lines
        self.regexp = split[0] if split else regexp
        self.continuation = _Continuation(split[1], flags) if split else None
        self.first = first_chars(regexp, flags)


class _Context:
    """The terminals one of Lark's per-state lexers tries, bucketed by first character."""

    __slots__ = ("terminals", "buckets", "flags", "shared")

    def __init__(self, terminals: list[_Terminal], flags: int,
                 shared: dict[tuple[str, ...], Callable[..., Any]]) -> None:
        self.terminals = terminals
        self.flags = flags
        self.shared = shared
        self.buckets: dict[str, Callable[..., Any] | None] = {}

    def bucket(self, char: str) -> Callable[..., Any] | None:
        """A function ``(text, pos) -> (terminal, end) | None`` that tries, in Lark's order,
        the terminals that can start with ``char`` (None when there is none), made on first
        use. The first terminal that matches wins, as in the alternation Lark's scanner
        compiles; each terminal's regex is compiled once (an alternation per bucket cost a
        compile of tens of milliseconds for every new bucket a text reaches)."""
        terms = [t for t in self.terminals if t.first is None or t.first.match(char)]
        key = tuple(t.name for t in terms)
        match = self.shared.get(key) if key else None
        if key and match is None:
            match = self.shared[key] = _first_of(
                tuple((t.name, _compiled(t.regexp, self.flags)) for t in terms))
        if len(self.buckets) < 4096:  # hostile text can hold any number of distinct chars
            self.buckets[char] = match
        return match


@functools.cache
def _compiled(regexp: str, flags: int) -> Callable[..., Any]:
    return re.compile(regexp, flags).match


def _first_of(matchers: tuple[tuple[str, Callable[..., Any]], ...]
              ) -> Callable[[str, int], tuple[str, int] | None]:
    if len(matchers) == 1:
        (only, match), = matchers

        def one(text: str, pos: int) -> tuple[str, int] | None:
            found = match(text, pos)
            return (only, found.end()) if found is not None else None

        return one

    def first(text: str, pos: int) -> tuple[str, int] | None:
        for name, match in matchers:
            found = match(text, pos)
            if found is not None:
                return name, found.end()
        return None

    return first


# ----------------------------------------------------------------- the driver

class LeanParser:
    """Lexes and parses like the Lark parser it was built from (see the module doc)."""

    def __init__(self, parser: lark.Lark, strip: Collection[str],
                 strip_callback: Callable[[Token], Token]) -> None:
        frontend = parser.parser
        lexer = frontend.lexer
        lalr = frontend.parser.parser
        table = lalr.parse_table
        callbacks = lalr.callbacks
        if not isinstance(lexer, lark.lexer.ContextualLexer):
            raise Fallback("not a contextual lexer")
        if any(isinstance(key, str) for key in callbacks):
            raise Fallback("terminal callbacks in the parser")
        (start,) = table.start_states
        self.lexer = lexer
        self.lalr = lalr
        self.conf = ParseConf(table, callbacks, start)
        self.start_state: int = table.start_states[start]
        self.end_state: int = table.end_states[start]
        self.strip = frozenset(str(name) for name in strip)

        # lexer contexts, one per distinct Lark lexer
        shared: dict[tuple[str, ...], Callable[..., Any]] = {}
        by_lexer: dict[int, _Context] = {}
        self.contexts: dict[int, _Context] = {}
        ignore: set[str] = set()
        newline: set[str] = set()
        flags = parser.lexer_conf.g_regex_flags
        basic: Any
        for state, basic in lexer.lexers.items():
            context = by_lexer.get(id(basic))
            if context is None:
                scanner = basic.scanner
                for name, func in basic.callback.items():
                    if name not in self.strip or func is not strip_callback:
                        raise Fallback(f"unsupported lexer callback for {name}")
                terms = [_Terminal(t.name, t.pattern.to_regexp(), flags)
                         for t in scanner.terminals]
                context = by_lexer[id(basic)] = _Context(terms, flags, shared)
                ignore |= basic.ignore_types
                newline |= basic.newline_types
            self.contexts[state] = context
        self.continuations = {t.name: t.continuation for context in by_lexer.values()
                              for t in context.terminals if t.continuation is not None}
        if not set(self.continuations) <= newline:
            raise Fallback("a continuation terminal that Lark does not count lines in")
        self.ignore = frozenset(str(name) for name in ignore)
        self.newline = frozenset(str(name) for name in newline)

        # the LALR table as tuples: (True, next state) or (False, size, callback, goto name)
        shift = Shift
        self.actions: dict[int, dict[str, tuple[Any, ...]]] = {}
        for state, row in table.states.items():
            entries: dict[str, tuple[Any, ...]] = {}
            # plain str keys: Lark's are Tokens of its grammar parser, whose __eq__ is Python
            for term, (action, arg) in row.items():
                if action is shift:
                    entries[sys.intern(str(term))] = (True, arg)
                else:
                    entries[sys.intern(str(term))] = (
                        False, len(arg.expansion), callbacks[arg], sys.intern(str(arg.origin.name)))
            self.actions[state] = entries

    def parse(self, text: str, trace: list[Token] | None = None) -> Any:
        """The tree Lark makes of ``text``, or the error Lark raises (see :meth:`_handover`).
        ``trace`` (for tests) receives every token the driver feeds the parser."""
        contexts = self.contexts
        actions = self.actions
        ignore = self.ignore
        newline = self.newline
        strip = self.strip
        continuations = self.continuations
        new_token = _new_token
        states = [self.start_state]
        values: list[Any] = []
        push_state = states.append
        push_value = values.append
        state = self.start_state
        row = actions[state]
        pos = 0
        line = 1
        line_start = 0
        last: Token | None = None
        length = len(text)
        while pos < length:
            context = contexts[state]
            char = text[pos]
            try:
                match = context.buckets[char]
            except KeyError:
                match = context.bucket(char)
            found = match(text, pos) if match is not None else None
            if found is None:  # Lark's lexer fails here too: let it raise its error
                return self._handover(text, states, values, pos, line, line_start, last)
            kind, end = found
            if kind in ignore:
                if kind in newline:
                    chunk = text[pos:end]
                    count = chunk.count("\n")
                    if count:
                        line += count
                        line_start = pos + chunk.rindex("\n") + 1
                pos = end
                continue
            column = pos - line_start + 1
            if kind in newline:
                if kind in continuations:
                    end = continuations[kind].end(text, end)
                value = text[pos:end]
                count = value.count("\n")
                if count:
                    end_line = line + count
                    end_start = pos + value.rindex("\n") + 1
                else:
                    end_line, end_start = line, line_start
                size = end - pos
                if kind in strip:
                    value = value.rstrip(" \t")
                    size = len(value)
                if size == end - pos:
                    token = new_token(kind, value, pos, line, column, end_line,
                                      end - end_start + 1, end)
                else:  # as grammar._rstrip: the end line of the whole match
                    token = new_token(kind, value, pos, line, column, end_line,
                                      column + size, pos + size)
                line, line_start = end_line, end_start
            else:
                if kind in strip:
                    value = text[pos:end].rstrip(" \t")
                    stop = pos + len(value)
                else:
                    value = text[pos:end]
                    stop = end
                token = new_token(kind, value, pos, line, column, line,
                                  column + stop - pos, stop)
            pos = end
            last = token
            if trace is not None:
                trace.append(token)
            while True:  # feed the token: reduce as often as needed, then shift
                try:
                    action = row[kind]
                except KeyError:  # Lark's parser rejects the token here: let it raise
                    return self._handover(text, states, values, pos, line, line_start, last,
                                          rejected=True)
                if action[0]:
                    state = action[1]
                    push_state(state)
                    push_value(token)
                    row = actions[state]
                    break
                size = action[1]
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                push_value(action[2](children))
                state = actions[states[-1]][action[3]][1]
                push_state(state)
                row = actions[state]
        # end of text: reduce until the end state
        end_state = self.end_state
        while True:
            try:
                action = row["$END"]
            except KeyError:
                return self._handover(text, states, values, pos, line, line_start, last)
            if action[0]:
                return self._handover(text, states, values, pos, line, line_start, last)
            size = action[1]
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            push_value(action[2](children))
            state = actions[states[-1]][action[3]][1]
            push_state(state)
            row = actions[state]
            if state == end_state:
                return values[-1]

    def _handover(self, text: str, states: list[int], values: list[Any], pos: int, line: int,
                  line_start: int, last: Token | None, rejected: bool = False) -> Any:
        """Go on with Lark's own parser from where the driver stopped: the same stacks, the
        lexer at the same position. Lark raises the error it raises on the whole text (or,
        should the driver have given up where Lark does not, parses on). ``rejected``: the
        parser rejected ``last``; Lark is fed it again to raise its UnexpectedToken."""
        try:
            thread = LexerThread.from_text(self.lexer, text)
            lexer_state: Any = thread.state
            counter = lexer_state.line_ctr
            counter.char_pos = pos
            counter.line = line
            counter.line_start_pos = line_start
            counter.column = pos - line_start + 1
            lexer_state.last_token = last
            state = ParserState(self.conf, thread, states, values)
        except (AttributeError, TypeError, ValueError) as error:  # other Lark internals
            raise Fallback(pos) from error
        if rejected and last is not None:
            try:
                state.feed_token(last)
            except lark.exceptions.UnexpectedInput as error:
                error.interactive_parser = InteractiveParser(self.lalr, state, thread)
                raise
        return self.lalr.parse_from_state(state, last_token=last)


def build(parser: lark.Lark, strip: Collection[str],
          strip_callback: Callable[[Token], Token]) -> LeanParser | None:
    """The lean driver of ``parser``, or None when this Lark's internals are not the ones the
    driver reads (then parse with Lark)."""
    if not _INTERNALS:
        return None
    try:
        return LeanParser(parser, strip, strip_callback)
    except (Fallback, AttributeError, KeyError, TypeError, ValueError):
        return None
