"""What a terminal's regex can start with, read from its parse tree (for the lean LALR
driver, :mod:`teletype.lalr`): the characters it can start with (:func:`first_chars`), the
prefixes of :data:`PREFIX` characters it allows (:func:`prefix_guard`), and a line
continuation ``(?:\r?\n(?!...)[^\r\n]*)*`` at its end found by its literal head
(:func:`split_continuation`). Conservative throughout: a negative lookaround or an anchor
consumes nothing, a lookahead says what the text goes on with, anything not understood can
start with anything.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable
from typing import Any

# the regex parser of the re module (private, hence loaded by name)
_sre_parse: Any
_sre_constants: Any
if sys.version_info >= (3, 11):
    _sre_parse = importlib.import_module("re._parser")
    _sre_constants = importlib.import_module("re._constants")
else:  # pragma: no cover
    _sre_parse = importlib.import_module("sre_parse")
    _sre_constants = importlib.import_module("sre_constants")

__all__ = ["PREFIX", "first_chars", "matches_newline", "prefix_guard", "split_continuation"]


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
        atom = _atom(op, av, icase) if op is not _C.ANY else None
        if atom is not None:  # one character
            out.append(atom)
            return False
        if op is _C.BRANCH:
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


#: how many characters the lexer looks at to choose the terminals it tries
PREFIX = 3
#: above this many prefix sequences a terminal is tried on its first character alone
_MAX_SEQUENCES = 400

_Sequences = frozenset[tuple[str, ...]]


def _atom(op: Any, av: Any, icase: bool) -> str | None:
    """A one-character regex for a consuming item, or None when the item is not one."""
    if op is _C.LITERAL:
        atom = re.escape(chr(av))
    elif op is _C.NOT_LITERAL:
        atom = f"[^{re.escape(chr(av))}]"
    elif op is _C.IN:
        atom = _char_class(av)
    elif op is _C.ANY:
        return "[\\s\\S]"
    else:
        return None
    return f"(?i:{atom})" if icase else atom


#: ends a sequence whose continuation is unknown (it was cut at a lookahead)
_OPEN_END = ""


def _complete(seq: tuple[str, ...], n: int) -> bool:
    return len(seq) >= n or (bool(seq) and seq[-1] == _OPEN_END)


def _then(heads: _Sequences, tail: Callable[[int], _Sequences], n: int) -> _Sequences:
    """Each sequence of ``heads`` followed by each of ``tail`` (cut at ``n`` characters);
    a sequence of ``n`` characters, or cut at a lookahead, is complete already."""
    out: set[tuple[str, ...]] = set()
    for head in heads:
        if _complete(head, n):
            out.add(head)
        else:
            out.update(head + more for more in tail(n - len(head)))
    if len(out) > _MAX_SEQUENCES:
        raise _Anything
    return frozenset(out)


def _prefixes(items: Any, icase: bool, n: int) -> _Sequences:
    """The sequences of one-character regexes that the text where ``items`` (a sequence)
    matches can start with, cut at ``n``: a shorter sequence is a whole match, one that
    ends in ``_OPEN_END`` a match followed by any text. Conservative: a negative lookaround
    or an anchor consumes nothing; a lookahead says what the text goes on with, and the
    items after it (which read the same characters) are left out."""
    result: _Sequences = frozenset({()})
    for op, av in items:
        if all(_complete(seq, n) for seq in result):
            break
        if op in _ZERO_WIDTH and not (op is _C.ASSERT and av[0] == 1):
            continue
        result = _then(result, functools.cache(functools.partial(_item, op, av, icase)), n)
        if op is _C.ASSERT:  # a lookahead: what follows it reads the same characters
            result = frozenset(seq if _complete(seq, n) else seq + (_OPEN_END,)
                               for seq in result)
    return result


def _item(op: Any, av: Any, icase: bool, n: int) -> _Sequences:
    """The prefixes of one item of a parsed regex, cut at ``n``."""
    atom = _atom(op, av, icase)
    if atom is not None:
        return frozenset({(atom,)})
    if op is _C.ASSERT:  # a lookahead (the caller cuts the sequence after it)
        return frozenset(seq if _complete(seq, n) else seq + (_OPEN_END,)
                         for seq in _prefixes(av[1], icase, n))
    if op is _C.BRANCH:
        return frozenset(seq for branch in av[1] for seq in _prefixes(branch, icase, n))
    if op is _C.SUBPATTERN:
        add, delete, sub = av[1], av[2], av[3]
        inner = (icase or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
        return _prefixes(sub, inner, n)
    if getattr(_C, "ATOMIC_GROUP", None) is op:
        return _prefixes(av, icase, n)
    if op in _REPEATS:
        return _repeat(av[0], av[1], av[2], icase, n)
    raise _Anything  # group references, conditionals: anything


def _repeat(low: int, high: int, sub: Any, icase: bool, n: int) -> _Sequences:
    """The prefixes of ``sub{low,high}``, cut at ``n``."""
    once = functools.cache(functools.partial(_prefixes, sub, icase))
    current: _Sequences = frozenset({()})
    out: set[tuple[str, ...]] = set()
    count = 0
    while True:
        if count >= low:
            out |= current
        if count == high:
            break
        grown = _then(current, once, n)
        if grown == current and count >= low:
            break  # no longer changes (every sequence complete, or `sub` matched empty)
        current = grown
        count += 1
        if count > low + n + 1:
            out |= current
            break
    return frozenset(out)


def prefix_guard(regexp: str, flags: int = 0, n: int = PREFIX) -> re.Pattern[str] | None:
    """A pattern that matches (at its start) the first ``n`` characters of the text at every
    position where ``regexp`` matches (fewer where the text ends sooner), or None when the
    analysis cannot bound them. Used to leave out the terminals that cannot match there."""
    try:
        parsed = _sre_parse.parse(regexp, flags)
        sequences = _prefixes(parsed, bool(parsed.state.flags & re.IGNORECASE), n)
        if any(not "".join(seq) for seq in sequences):
            return None  # a terminal that can match the empty string: try it everywhere
        return re.compile("|".join(sorted({"".join(seq) for seq in sequences})), re.DOTALL)
    except (_Anything, re.error, AttributeError, TypeError, ValueError, RecursionError):
        return None


# ----------------------------------------------------------------- line breaks

def _consumes_newline(items: Any) -> bool:
    r"""Whether a consuming item of ``items`` (a sequence) can match ``\n`` (True when
    the analysis does not know)."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # a lookaround or an anchor: the match does not hold what it reads
        if op is _C.LITERAL:
            found = av == 10
        elif op is _C.NOT_LITERAL:
            found = av != 10
        elif op is _C.IN:
            found = re.fullmatch(_char_class(av), "\n") is not None
        elif op is _C.BRANCH:
            found = any(_consumes_newline(branch) for branch in av[1])
        elif op is _C.SUBPATTERN:
            found = _consumes_newline(av[3])
        elif op in _REPEATS:
            found = _consumes_newline(av[2])
        elif getattr(_C, "ATOMIC_GROUP", None) is op:
            found = _consumes_newline(av)
        else:  # ANY (with or without DOTALL), group references, conditionals
            found = True
        if found:
            return True
    return False


def matches_newline(regexp: str, flags: int = 0) -> bool:
    r"""Whether a match of ``regexp`` can hold a ``\n``: False only when no character it
    consumes can be one (lookarounds read the text but leave it out of the match), True
    when the analysis does not know. Lark counts lines in the tokens of every terminal
    whose pattern merely mentions a line break or a negated class (``[^\s]+``); a
    terminal whose matches hold none starts and ends on one line."""
    try:
        return _consumes_newline(_sre_parse.parse(regexp, flags))
    except (_Anything, re.error, AttributeError, TypeError, ValueError, RecursionError):
        return True


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
        # a line that cannot start a match of the stop (a first character none of its
        # matches starts with, :func:`first_chars`) is passed over by one character test
        # before the stop's alternatives are tried (13 -> 8 us a cable of Cablegate)
        first = first_chars(stop, flags)
        gate = "" if first is None else f"(?={first.pattern})"
        self.search = re.compile(f"\n{gate}(?={stop})", flags).search

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
