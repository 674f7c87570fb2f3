"""A lean LALR driver generated at start-up from a built :class:`lark.Lark` parser.

It reads the parser Lark built (``lexer="contextual"``, ``parser="lalr"``): per parser
state the terminals its contextual lexer tries, in Lark's order; Lark's LALR table; Lark's
tree callbacks. There is no second grammar. What it does differently is only how the same
work is done:

* Per lexer state and per first three characters of the remaining text (:data:`PREFIX`),
  only the terminals that can match there are tried, one compiled regex each, in Lark's
  order (the first that matches is the one Lark's alternation of all of them would pick).
  What a terminal can start with comes from its regex's parse tree, conservatively: a
  negative lookaround or an anchor consumes nothing, a lookahead says what the text goes
  on with, anything unknown can start with anything (:mod:`teletype.regex_shapes`:
  ``first_chars``, ``prefix_guard``).
* One :class:`lark.Token` per token a tree keeps, the spaces of a group terminal stripped
  before it is made (Lark makes one and the strip callback a second one); none for a
  terminal no tree keeps (``_NL``: a tuple of its position stands on the stack); lines
  counted as Lark does.
* The LALR loop inlined, with Lark's actions resolved into tuples once, and the trees
  built in it as Lark's tree callbacks build them (read from those callbacks at start-up):
  a rule Lark inlines into its parent (``_rule``) has the plain list of its children as
  its value, and its common shapes are reduced in place on the stacks.

A caller may also have the trees of named rules handed to it as they are reduced
(``reduce`` of :meth:`LeanParser.parse`): what it returns stands in the tree instead.
Without such hooks the tree is Lark's.

Errors stay Lark's: where the driver cannot lex or the table rejects a token, it hands its
stacks (as Lark has them: trees for the inlined rules, tokens for the tuples) and its
position over to Lark's own parser, which goes on from there and raises the
error it raises on the whole text (the ``on_error`` recovery is left to Lark: the caller
parses with Lark then). ``tests/test_lalr_driver.py`` checks that tokens, trees and errors
are identical to Lark's.

The driver reads Lark internals (``ParsingFrontend.lexer``, ``ContextualLexer.lexers``,
``BasicLexer.scanner``, ``_Parser.parse_table``/``callbacks``, the tree callbacks'
``ChildFilterLALR_NoPlaceholders`` and ``partial(Tree, name)``) of the Lark versions that
pyproject.toml allows; :func:`build` returns None when they are not as expected, and the
caller then parses with Lark alone.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Collection, Mapping
from typing import Any

import lark
from lark import Token, Tree

from .regex_shapes import (
    PREFIX,
    _Continuation,
    first_chars,
    matches_newline,
    prefix_guard,
    split_continuation,
)

try:  # internals of the Lark versions pyproject.toml allows; without them, no driver
    from lark.lexer import LexerThread
    from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders
    from lark.parsers.lalr_analysis import Shift
    from lark.parsers.lalr_interactive_parser import InteractiveParser
    from lark.parsers.lalr_parser_state import ParseConf, ParserState
    _INTERNALS = True
except ImportError:  # pragma: no cover - another Lark
    _INTERNALS = False

__all__ = ["Fallback", "LeanParser", "build"]


#: Token's constructor without the check for a deprecated keyword that ``Token()`` makes
_new_token: Callable[..., Token] = getattr(Token, "_future_new", Token)


class Fallback(Exception):
    """The driver cannot be built, or cannot hand over to Lark: parse with Lark instead."""


# ----------------------------------------------------------------- the lexer contexts

class _Terminal:
    __slots__ = ("name", "regexp", "first", "guard", "continuation", "one_line")

    def __init__(self, name: str, regexp: str, flags: int) -> None:
        self.name = str(name)
        split = split_continuation(regexp)
        # the buckets try the head; a match goes on over the continuation lines
        self.regexp = split[0] if split else regexp
        self.continuation = _Continuation(split[1], flags) if split else None
        self.first, self.guard = _analysed(regexp, flags)
        #: no match holds a line break (Lark may count lines in it all the same)
        self.one_line = not matches_newline(regexp, flags)


@functools.cache
def _analysed(regexp: str, flags: int) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The first characters and the prefix guard of a terminal (each Lark lexer of the
    contextual lexer lists the same terminals again)."""
    return first_chars(regexp, flags), prefix_guard(regexp, flags)


#: the most buckets a lexer context keeps (hostile text holds any number of distinct
#: prefixes; past it, the bucket of the first character is tried)
_MAX_BUCKETS = 4096


class _Context:
    """The terminals one of Lark's per-state lexers tries, bucketed by the first
    :data:`PREFIX` characters of the text."""

    __slots__ = ("terminals", "buckets", "by_char", "flags", "shared", "handling")

    def __init__(self, terminals: list[_Terminal], flags: int,
                 shared: dict[tuple[str, ...], _Bucket], handling: dict[str, int]) -> None:
        self.terminals = terminals
        self.flags = flags
        self.shared = shared
        self.handling = handling
        self.buckets: dict[str, _Bucket] = {}
        self.by_char: dict[str, tuple[list[_Terminal], _Bucket]] = {}

    def _make(self, terms: list[_Terminal]) -> _Bucket:
        names = tuple(t.name for t in terms)
        found = self.shared.get(names)
        if found is None:
            found = self.shared[names] = tuple(
                (t.name, _compiled(t.regexp, self.flags), self.handling.get(t.name, OTHER))
                for t in terms)
        return found

    def bucket(self, key: str) -> _Bucket:
        """The terminals that can match at a text that starts with ``key`` (its first
        :data:`PREFIX` characters, fewer at the end), in Lark's order, as ``(name, match,
        handling)`` triples (made on first use; empty when there is none). The first that
        matches wins, as in the alternation Lark's scanner compiles; each terminal's regex
        is compiled once (an alternation per bucket cost a compile of tens of milliseconds
        for every new bucket a text reaches)."""
        char = key[0]
        by_char = self.by_char.get(char)
        if by_char is None:
            terms = [t for t in self.terminals if t.first is None or t.first.match(char)]
            by_char = (terms, self._make(terms))
            if len(self.by_char) < _MAX_BUCKETS:
                self.by_char[char] = by_char
        if len(self.buckets) >= _MAX_BUCKETS:
            return by_char[1]
        found = self.buckets[key] = self._make(
            [t for t in by_char[0] if t.guard is None or t.guard.match(key)])
        return found


#: the terminals to try at a prefix: ``(name, compiled match, handling)`` in Lark's order
_Bucket = tuple[tuple[str, Callable[..., Any], int], ...]

#: how the driver makes a terminal's token: a plain one, one whose value loses the spaces
#: after it, no token for a line break no tree keeps (``_NL``: a tuple of its position),
#: or any other way (lines to count, ignored, kept by no tree)
PLAIN, STRIPPED, BREAK, OTHER = range(4)


@functools.cache
def _compiled(regexp: str, flags: int) -> Callable[..., Any]:
    return re.compile(regexp, flags).match


# ----------------------------------------------------------------- the driver

class _Reduce:
    """How a rule's reduction builds its value, read from Lark's tree callback: ``name``
    the tree's data (None for a rule Lark inlines into its parent, ``_rule``: its value is
    the plain list of its children), ``include`` the ``(index, expand)`` pairs of the
    children Lark keeps (None: all of them, none expanded)."""

    __slots__ = ("name", "include")

    def __init__(self, name: Any, include: tuple[tuple[int, bool], ...] | None) -> None:
        self.name = name
        self.include = include


#: the ops of the action table: a shift, any reduction, and the shapes of reductions of
#: inlined rules (``_rule``, whose value is the list of its kept children) done in place
SHIFT, REDUCE, WRAP, JOIN, DROP, PASS, APPEND, SKIP_APPEND, HEAD_REST, TREE_ONE = range(10)


def _shape(size: int, reduce: _Reduce) -> int:
    """The op of a reduction: one of the in-place shapes or REDUCE."""
    include = reduce.include
    if size == 2 and include == ((0, False), (1, True)):
        return HEAD_REST  # the first symbol, then the second's list (a tree or a list)
    if reduce.name is not None:
        return TREE_ONE if size == 1 and include is None else REDUCE
    if size == 1 and include is None:
        return WRAP  # [child]
    if size == 1 and include == ():
        return DROP  # []
    if size == 1 and include == ((0, True),):
        return PASS  # the child's list as it is
    if size == 2 and include == ((0, True), (1, True)):
        return JOIN  # both lists, one after the other
    if size == 2 and include == ((0, True), (1, False)):
        return APPEND  # the first list, the second symbol added to it
    if size == 3 and include == ((0, True), (2, False)):
        return SKIP_APPEND  # the first list, the third symbol added to it
    return REDUCE


def _plain_tree_init() -> bool:
    """Whether ``Tree(name, children)`` only sets ``data``, ``children`` and ``_meta``
    (None) on an object made by ``object.__new__`` (so the driver may do that inline: a
    Python ``__init__`` call per tree saved); another Lark's Tree is called as it is."""
    children: list[Any] = []
    made = Tree("rule", children)
    return (Tree.__new__ is object.__new__ and type(made) is Tree
            and vars(made) == {"data": "rule", "children": children, "_meta": None}
            and made.children is children)


def _reduce(children: list[Any], name: Any, include: tuple[tuple[int, bool], ...] | None
            ) -> Any:
    """The value of a reduction (what Lark's callback makes; an inlined rule's a list)."""
    if include is not None:  # as Lark's ChildFilterLALR_NoPlaceholders
        kept: list[Any] = []
        for index, expand in include:
            if not expand:
                kept.append(children[index])
            elif kept:
                kept += children[index]
            else:
                kept = children[index]
        children = kept
    return children if name is None else Tree(name, children)


def _read_callback(rule: Any, callback: Any) -> _Reduce:
    """The :class:`_Reduce` that does what Lark's callback for ``rule`` does: a
    ``partial(Tree, name)``, possibly behind a ``ChildFilterLALR_NoPlaceholders``. Anything
    else raises Fallback."""
    include: tuple[tuple[int, bool], ...] | None = None
    builder = callback
    if isinstance(callback, ChildFilterLALR_NoPlaceholders):
        include = tuple((int(i), bool(expand)) for i, expand in callback.to_include)
        builder = callback.node_builder
    if not (isinstance(builder, functools.partial) and builder.func is Tree
            and len(builder.args) == 1 and not builder.keywords):
        raise Fallback(f"a tree callback the driver does not read: {rule}")
    expansion = rule.expansion
    for i, expand in include or ():
        symbol = expansion[i]
        if expand != (not symbol.is_term and symbol.name.startswith("_")):
            raise Fallback(f"an expansion the driver does not read: {rule}")
    if include is None and any(not s.is_term and s.name.startswith("_") for s in expansion):
        raise Fallback(f"an inlined rule kept as a child: {rule}")
    if include is not None and include == tuple((i, False) for i in range(len(expansion))):
        include = None  # keeps every child as it is
    inline = rule.origin.name.startswith("_")
    return _Reduce(None if inline else builder.args[0], include)


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
        if str(start).startswith("_"):
            raise Fallback("an inlined start rule (its value would be a list, not a Tree)")
        self.lexer = lexer
        self.lalr = lalr
        self.conf = ParseConf(table, callbacks, start)
        self.start_state: int = table.start_states[start]
        self.end_state: int = table.end_states[start]
        self.strip = frozenset(str(name) for name in strip)
        self.plain_tree = _plain_tree_init()
        if sorted(table.states) != list(range(len(table.states))):
            raise Fallback("parser states that are not numbered 0..n-1")

        # how each rule builds its value; the terminals no tree keeps (``_NL``) get no Token
        reductions = {rule: _read_callback(rule, callback)
                      for rule, callback in callbacks.items()}
        kept: set[str] = set()
        terminals: set[str] = set()
        for rule, reduce in reductions.items():
            names = [s.name for s in rule.expansion]
            terminals.update(s.name for s in rule.expansion if s.is_term)
            include = reduce.include
            kept.update(names[i] for i, _ in (enumerate(names) if include is None else include))
        self.hidden = frozenset(str(name) for name in terminals - kept)

        # lexer contexts, one per distinct Lark lexer
        shared: dict[tuple[str, ...], _Bucket] = {}
        handling: dict[str, int] = {}  # filled in once the sets below are known
        by_lexer: dict[int, _Context] = {}
        self.contexts: dict[int, _Context] = {}
        ignore: set[str] = set()
        newline: set[str] = set()
        flags = parser.lexer_conf.g_regex_flags
        basic: Any
        for state, basic in lexer.lexers.items():
            context = by_lexer.get(id(basic))
            if context is None:
                listed, callbacks = _scanned(basic)
                for name, func in callbacks.items():
                    if name not in self.strip or func is not strip_callback:
                        raise Fallback(f"unsupported lexer callback for {name}")
                terms = [_Terminal(t.name, t.pattern.to_regexp(), flags) for t in listed]
                context = by_lexer[id(basic)] = _Context(terms, flags, shared, handling)
                ignore |= basic.ignore_types
                newline |= basic.newline_types
            self.contexts[state] = context
        if set(self.contexts) != set(table.states):
            raise Fallback("a parser state without a lexer")
        #: per parser state, the first-character buckets of its lexer context
        self.buckets = [self.contexts[state].buckets for state in range(len(table.states))]
        self.continuations = {t.name: t.continuation for context in by_lexer.values()
                              for t in context.terminals if t.continuation is not None}
        if not set(self.continuations) <= newline:
            raise Fallback("a continuation terminal that Lark does not count lines in")
        self.ignore = frozenset(str(name) for name in ignore)
        self.newline = frozenset(str(name) for name in newline)
        special = self.ignore | self.hidden
        for context in by_lexer.values():
            for terminal in context.terminals:
                name = terminal.name
                # a terminal Lark counts lines in whose matches hold no line break: its
                # tokens start and end on one line, as the others'
                if name not in special and (name not in self.newline or terminal.one_line
                                            and name not in self.continuations):
                    handling[name] = STRIPPED if name in self.strip else PLAIN
                elif (name in self.hidden and name in self.newline and name not in self.ignore
                      and name not in self.continuations and name not in self.strip):
                    handling[name] = BREAK
                else:
                    handling[name] = OTHER

        # the LALR table as tuples: (SHIFT, next state), or for a reduction
        # (op, size, tree name or None, kept children or None, rule name, goto column), op
        # one of the common shapes below or REDUCE, the goto column the rule's state after
        # each state (one lookup where a state's gotos and then the rule's were two)
        shift = Shift
        self.actions: list[dict[str, tuple[Any, ...]]] = []
        self.gotos: list[dict[str, int]] = []
        #: the symbol every state is entered by (for the hand-over to Lark)
        self.entered_by: dict[int, str] = {}
        for state in range(len(table.states)):
            entries: dict[str, tuple[Any, ...]] = {}
            gotos: dict[str, int] = {}
            # plain str keys: Lark's are Tokens of its grammar parser, whose __eq__ is Python
            for term, (action, arg) in table.states[state].items():
                key = sys.intern(str(term))
                if action is shift:
                    entries[key] = (SHIFT, arg)
                    gotos[key] = arg
                    self.entered_by[arg] = key
                else:
                    reduce = reductions[arg]
                    size = len(arg.expansion)
                    entries[key] = (_shape(size, reduce), size, reduce.name, reduce.include,
                                    sys.intern(str(arg.origin.name)))
            self.actions.append(entries)
            self.gotos.append(gotos)
        columns: dict[str, dict[int, int]] = {}
        for state, gotos in enumerate(self.gotos):
            for symbol, target in gotos.items():
                columns.setdefault(symbol, {})[state] = target
        for entries in self.actions:
            for key, action in entries.items():
                if action[0] is not SHIFT:
                    entries[key] = (*action, columns.get(action[4], {}))

    def parse(self, text: str, trace: list[Token] | None = None,
              reduce: Mapping[str, Callable[[Tree[Any]], Any]] | None = None) -> Any:
        """The tree Lark makes of ``text``, or the error Lark raises (see :meth:`_handover`).
        ``trace`` (for tests) receives every token the driver feeds the parser.

        ``reduce`` maps rule names to hooks: the tree of such a rule is handed to its hook
        as soon as the parser reduces it, and what the hook returns stands in its place
        (in its parent's children). The caller builds what it needs of a tree at once, so
        that the tree's tokens and subtrees die there and not at the end of the parse
        (``Builder.reduce_hooks``: the blocks of a line of a million address keywords).
        Without hooks the tree is Lark's, as the differential test checks.

        On the stacks, a rule Lark inlines into its parent (``_rule``) has the list of its
        children as its value, and a terminal no tree keeps (``_NL``) a tuple of its
        position (:meth:`_lark_values` turns them into what Lark has there)."""
        buckets = self.buckets
        contexts = self.contexts
        prefix = PREFIX
        actions = self.actions
        ignore = self.ignore
        newline = self.newline
        strip = self.strip
        hidden = self.hidden
        continuations = self.continuations
        handling = PLAIN
        new_str = str.__new__
        token_class = Token
        tree = Tree
        new_object = object.__new__
        plain_tree = self.plain_tree
        hooks = reduce or {}
        states = [self.start_state]
        values: list[Any] = []
        push_state = states.append
        push_value = values.append
        state = self.start_state
        row = actions[state]
        pos = 0
        line = 1
        line_start = 0
        token: Any = None  # the last token made (a tuple for a terminal no tree keeps)
        length = len(text)
        kind = ""
        while pos < length:
            key = text[pos:pos + prefix]
            try:
                bucket = buckets[state][key]
            except KeyError:
                bucket = contexts[state].bucket(key)
            for kind, match, handling in bucket:  # noqa: B007 - read after the loop
                found = match(text, pos)
                if found is not None:
                    break
            else:  # Lark's lexer fails here too: let it raise its error
                return self._handover(text, states, values, pos, line, line_start, token)
            end = found.end()
            column = pos - line_start + 1
            if handling is BREAK and trace is None:
                last = text.rfind("\n", pos, end)
                if last != -1:  # one line break when the last one is the first character
                    end_line = line + (1 if last == pos else text.count("\n", pos, end))
                    line_start = last + 1
                    token = (kind, pos, end, line, column, end_line, end - last)
                    line = end_line
                else:
                    token = (kind, pos, end, line, column, line, column + end - pos)
            elif handling <= STRIPPED:  # on one line, kept: Token._future_new inlined
                if handling is STRIPPED:
                    value = text[pos:end].rstrip(" \t")
                    stop = pos + len(value)
                else:
                    value = text[pos:end]
                    stop = end
                token = new_str(token_class, value)
                token.type = kind
                token.start_pos = pos
                token.value = value
                token.line = line
                token.column = column
                token.end_line = line
                token.end_column = column + stop - pos
                token.end_pos = stop
                if trace is not None:
                    trace.append(token)
            else:
                if kind in ignore:
                    if kind in newline:
                        count = text.count("\n", pos, end)
                        if count:
                            line += count
                            line_start = text.rindex("\n", pos, end) + 1
                    pos = end
                    continue
                if kind in continuations:
                    end = continuations[kind].end(text, end)
                count = text.count("\n", pos, end) if kind in newline else 0
                if count:
                    end_line = line + count
                    end_start = text.rindex("\n", pos, end) + 1
                else:
                    end_line, end_start = line, line_start
                stop = end
                if kind in strip:
                    value = text[pos:end].rstrip(" \t")
                    stop = pos + len(value)
                elif kind not in hidden or trace is not None:
                    value = text[pos:end]
                if stop == end:
                    end_column = end - end_start + 1
                else:  # as grammar._rstrip: the end line of the whole match
                    end_column = column + stop - pos
                if kind in hidden and trace is None:
                    token = (kind, pos, stop, line, column, end_line, end_column)
                else:
                    token = new_str(token_class, value)
                    token.type = kind
                    token.start_pos = pos
                    token.value = value
                    token.line = line
                    token.column = column
                    token.end_line = end_line
                    token.end_column = end_column
                    token.end_pos = stop
                    if trace is not None:
                        trace.append(token)
                line, line_start = end_line, end_start
            pos = end
            while True:  # feed the token: reduce as often as needed, then shift
                try:
                    action = row[kind]
                except KeyError:  # Lark's parser rejects the token here: let it raise
                    return self._handover(text, states, values, pos, line, line_start, token,
                                          rejected=True)
                op = action[0]
                if op is SHIFT:
                    state = action[1]
                    push_state(state)
                    push_value(token)
                    row = actions[state]
                    break
                if op is REDUCE:
                    size = action[1]
                    children = values[-size:] if size else []
                    if size:
                        del states[-size:]
                        del values[-size:]
                    include = action[3]
                    if include is not None:  # _reduce, inlined (a call per reduction)
                        kept = []
                        for index, expand in include:
                            if not expand:
                                kept.append(children[index])
                            elif kept:
                                kept += children[index]
                            else:
                                kept = children[index]
                        children = kept
                    name = action[2]
                    if name is None:
                        push_value(children)
                    elif name in hooks:
                        push_value(hooks[name](tree(name, children)))
                    elif plain_tree:  # Tree(name, children) inlined
                        node = new_object(tree)
                        node.data = name
                        node.children = children
                        node._meta = None
                        push_value(node)
                    else:
                        push_value(tree(name, children))
                    state = action[5][states[-1]]
                    push_state(state)
                    row = actions[state]
                    continue
                # the common shapes of an inlined rule, reduced in place on the stacks
                if op is WRAP:  # _rule: one symbol
                    values[-1] = [values[-1]]
                elif op is JOIN:  # __rule_star: __rule_star _item
                    del states[-1]
                    tail = values.pop()
                    head = values[-1]
                    if not head:
                        values[-1] = tail
                    else:
                        head += tail
                elif op is APPEND:  # __rule_star: __rule_star item
                    del states[-1]
                    tail = values.pop()
                    values[-1].append(tail)
                elif op is DROP:  # _rule: _NL
                    values[-1] = []
                elif op is SKIP_APPEND:  # __rule_star: __rule_star _NL item
                    del states[-2:]
                    tail = values.pop()
                    del values[-1]
                    values[-1].append(tail)
                elif op is not PASS:  # PASS (_rule: _other_rule): the child's list as it is
                    if op is HEAD_REST:  # rule: symbol _rule
                        del states[-1]
                        tail = values.pop()
                        children = [values[-1]]
                        children += tail
                    else:  # TREE_ONE, rule: symbol
                        children = [values[-1]]
                    name = action[2]
                    if name is None:
                        values[-1] = children
                    elif name in hooks:
                        values[-1] = hooks[name](tree(name, children))
                    elif plain_tree:  # Tree(name, children) inlined
                        node = new_object(tree)
                        node.data = name
                        node.children = children
                        node._meta = None
                        values[-1] = node
                    else:
                        values[-1] = tree(name, children)
                states[-1] = state = action[5][states[-2]]
                row = actions[state]
        # end of text: reduce until the end state
        end_state = self.end_state
        while True:
            try:
                action = row["$END"]
            except KeyError:
                return self._handover(text, states, values, pos, line, line_start, token)
            if action[0] is SHIFT:
                return self._handover(text, states, values, pos, line, line_start, token)
            _, size, name, include, _, column = action
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            value = _reduce(children, name, include)
            push_value(hooks[name](value) if name in hooks else value)
            state = column[states[-1]]
            push_state(state)
            row = actions[state]
            if state == end_state:
                return values[-1]

    def _lark_values(self, text: str, states: list[int], values: list[Any]) -> list[Any]:
        """The value stack as Lark has it: an inlined rule's list of children as the tree
        Lark makes for it, a hidden terminal's position tuple as its Token."""
        out: list[Any] = []
        for state, value in zip(states[1:], values, strict=True):
            if type(value) is list:
                value = Tree(self.entered_by[state], value)
            elif type(value) is tuple:
                value = _token(text, value)
            out.append(value)
        return out

    def _handover(self, text: str, states: list[int], values: list[Any], pos: int, line: int,
                  line_start: int, last: Any, rejected: bool = False) -> Any:
        """Go on with Lark's own parser from where the driver stopped: the same stacks, the
        lexer at the same position. Lark raises the error it raises on the whole text (or,
        should the driver have given up where Lark does not, parses on). ``rejected``: the
        parser rejected ``last``; Lark is fed it again to raise its UnexpectedToken."""
        values = self._lark_values(text, states, values)
        if type(last) is tuple:
            last = _token(text, last)
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


def _scanned(basic: Any) -> tuple[list[Any], dict[str, Any]]:
    """The terminals one of Lark's per-state lexers tries, in its order, and its callbacks.
    When every terminal is a regex, they are the lexer's sorted terminals and the user's
    callbacks (Lark's scanner adds callbacks and drops terminals only for string terminals
    that a regex terminal also matches), read without building the scanner, which compiles
    an alternation per lexer (about 0.15 s for the 116 of this grammar, in every process);
    else the scanner's own."""
    terminals = list(basic.terminals)
    if all(t.pattern.type == "re" for t in terminals):
        return terminals, dict(basic.user_callbacks)
    scanner = basic.scanner
    return list(scanner.terminals), dict(basic.callback)


def _token(text: str, place: tuple[str, int, int, int, int, int, int]) -> Token:
    """The Token of a hidden terminal from its position tuple."""
    kind, start, stop, line, column, end_line, end_column = place
    return _new_token(kind, text[start:stop], start, line, column, end_line, end_column, stop)


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
