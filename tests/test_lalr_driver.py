"""The lean LALR driver (teletype.lalr) against Lark, its reference: on the whole corpus
(../shared/corpus when present, corpus/) and on a few thousand fuzz inputs, the driver must
feed the parser the same tokens (type, value, offsets, lines, columns) and build the same
tree, and fail where Lark fails with the same error."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path
from typing import Any

import lark
import pytest
from conftest import ROOT
from lark import Token, Tree

from teletype import grammar, lalr, recovery, regex_shapes
from teletype.source import BOM, LineIndex, decode_bytes
from teletype.transform import Builder

sys.path.insert(0, str(ROOT / "fuzz"))
import harness  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"


def _key(tok: Token) -> tuple[Any, ...]:
    return (tok.type, str(tok), tok.start_pos, tok.line, tok.column, tok.end_line,
            tok.end_column, tok.end_pos)


def _tree_key(node: Any) -> Any:
    """A comparable form of a tree: rule names, and every token with all its positions
    (Token.__eq__ compares the text only). Iterative: trees can be deep."""
    out: list[Any] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Tree):
            out.append(("tree", str(item.data), len(item.children)))
            stack.extend(reversed(item.children))
        elif isinstance(item, Token):
            out.append(_key(item))
        else:
            out.append(item)
    return out


def _lark(parser: lark.Lark, text: str) -> tuple[list[Token], Any]:
    """Lark's tokens (as its parser receives them) and its tree, or the error it raised."""
    interactive = parser.parse_interactive(text)
    tokens: list[Token] = []
    try:
        for tok in interactive.iter_parse():
            tokens.append(tok)
        return tokens, interactive.resume_parse()
    except lark.exceptions.UnexpectedInput as error:
        return tokens, error


def _lean(driver: lalr.LeanParser, text: str, traced: bool = True) -> tuple[list[Token], Any]:
    trace: list[Token] = []
    try:
        return trace, driver.parse(text, trace if traced else None)
    except lark.exceptions.UnexpectedInput as error:
        return trace, error


def _error_key(error: Exception) -> tuple[Any, ...]:
    """What api reads of a parse error, and where it says the error is (not its str(),
    which lists the expected set in the set's iteration order)."""
    token = getattr(error, "token", None)
    return (type(error).__name__, _key(token) if isinstance(token, Token) else None,
            sorted(getattr(error, "expected", None) or ()),
            sorted(getattr(error, "allowed", None) or ()),
            getattr(error, "pos_in_stream", None), getattr(error, "line", None),
            getattr(error, "column", None), getattr(error, "char", None),
            [_key(t) for t in getattr(error, "token_history", None) or ()])


def _parser_input(text: str) -> str:
    """What api.parse hands the parser (a line end at the end, the mark as a space)."""
    if text.startswith(BOM):
        text = " " + text[1:]
    return grammar.prepare(text if text.endswith("\n") else text + "\n")


@pytest.fixture(scope="module")
def parsers() -> tuple[lark.Lark, lalr.LeanParser]:
    cable_parser = grammar.get_parser()
    assert cable_parser.lean is not None, "the lean driver could not be built from this Lark"
    return cable_parser.lark, cable_parser.lean


def _check(parsers: tuple[lark.Lark, lalr.LeanParser], texts: list[str]) -> int:
    """Compare on every text; returns how many Lark rejected."""
    parser, driver = parsers
    rejected = 0
    for raw in texts:
        text = _parser_input(raw)
        lark_tokens, lark_result = _lark(parser, text)
        lean_tokens, lean_result = _lean(driver, text)
        assert [_key(t) for t in lean_tokens] == [_key(t) for t in lark_tokens], raw[:200]
        # without a trace the line breaks no tree keeps make no Token (their own path)
        untraced = _lean(driver, text, traced=False)[1]
        if isinstance(lark_result, Exception):
            rejected += 1
            for result in (lean_result, untraced):
                assert isinstance(result, Exception), raw[:200]
                assert _error_key(result) == _error_key(lark_result), raw[:200]
        else:
            for result in (lean_result, untraced):
                assert not isinstance(result, Exception), (result, raw[:200])
                assert _tree_key(result) == _tree_key(lark_result), raw[:200]
    return rejected


def _read(paths: list[Path]) -> list[str]:
    return [decode_bytes(p.read_bytes())[0] for p in paths]


def test_project_corpus(parsers: tuple[lark.Lark, lalr.LeanParser]) -> None:
    paths = sorted((ROOT / "corpus").rglob("*.txt"))
    assert paths
    _check(parsers, _read(paths))


def test_shared_corpus(parsers: tuple[lark.Lark, lalr.LeanParser]) -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent (the real cables live outside the repo)")
    paths = sorted(SHARED.rglob("*.txt"))
    assert len(paths) > 100
    _check(parsers, _read(paths))


def _drafts(parsers: tuple[lark.Lark, lalr.LeanParser], text: str,
            hooked: bool) -> tuple[list[Any], list[Any]]:
    """What the Builder makes of the text's tree, Lark's plain tree or the driver's with the
    Builder's hooks: its drafts and its diagnostics, comparable."""
    parser, driver = parsers
    builder = Builder(text, LineIndex(text))
    tree = (driver.parse(text, reduce=builder.reduce_hooks()) if hooked
            else parser.parse(text))
    drafts = recovery._build(builder, tree)
    return ([(d.start, d.end, d.cls, d.fields) for d in drafts],
            [(d.code, d.message, d.span) for d in builder.diagnostics])


def test_reduce_hooks_build_what_the_plain_tree_builds(
        parsers: tuple[lark.Lark, lalr.LeanParser]) -> None:
    """The Builder's hooks (each address block built as the driver reduces it) leave the
    Builder with the drafts and diagnostics that Lark's plain tree gives it."""
    texts = _read(sorted((ROOT / "corpus").rglob("*.txt")))
    texts += ["TO A INFO B XMT C\nFM X TO Y PRIORTY INFO Z\n", "O 280245Z MAY 89 FM X TO Y\n",
              "TO " * 500, "TO A\n  B\nPAGE 02 STATE 170194\n  C INFO D\n"]
    built = 0
    for raw in texts:
        text = _parser_input(raw)
        try:
            plain = _drafts(parsers, text, hooked=False)
        except lark.exceptions.UnexpectedInput:
            continue
        assert _drafts(parsers, text, hooked=True) == plain, raw[:200]
        built += 1
    assert built > len(texts) // 2


def test_fuzz_inputs(parsers: tuple[lark.Lark, lalr.LeanParser]) -> None:
    """Fragments of header syntax and mutated cables (fuzz/harness.py), seeded."""
    rng = random.Random(16)
    texts = [harness.fragment_text(rng, rng.randint(1, 120)) for _ in range(1200)]
    seeds = [p.read_bytes() for p in harness.corpus_files()]
    seeds = [s for s in seeds if len(s) < 40_000]
    for _ in range(1200):
        data = harness.mutate(rng.choice(seeds), rng, rng.choice(seeds))
        texts.append(decode_bytes(data)[0])
    rejected = _check(parsers, texts)
    assert 0 < rejected < len(texts)  # both kinds of input were exercised


def test_cable_parser_errors_are_lark_s() -> None:
    """At an error the driver hands over to Lark, which raises its own error; with on_error
    Lark parses (and recovers) on its own."""
    cable_parser = grammar.get_parser()
    bad = "SNAR\n280245Z LIMA\x85\n"  # U+0085 ends no line for the grammar
    with pytest.raises(lark.exceptions.UnexpectedInput):
        cable_parser.lark.parse(grammar.prepare(bad))
    with pytest.raises(lark.exceptions.UnexpectedInput):
        cable_parser.parse(bad)
    seen: list[Any] = []  # with on_error, Lark parses and calls it
    with pytest.raises(lark.exceptions.UnexpectedInput):
        cable_parser.parse(bad, on_error=lambda error: seen.append(error) and False)
    assert len(seen) == 1


def test_without_the_driver_parsing_is_lark_s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(grammar.PARSER_ENV, "lark")
    plain = grammar.CableParser(grammar.get_parser().lark)
    assert plain.lean is None
    text = (ROOT / "corpus" / "valid").glob("*.txt").__next__().read_text(encoding="utf-8")
    assert _tree_key(plain.parse(text)) == _tree_key(grammar.get_parser().parse(text))


def test_build_refuses_what_it_does_not_read() -> None:
    """A parser whose internals differ (here: the basic lexer) gets no driver."""
    basic = lark.Lark("start: WORD+\nWORD: /[a-z]+/\n%ignore /[ ]+/", parser="lalr",
                      lexer="basic")
    assert lalr.build(basic, (), grammar._rstrip) is None
    contextual = lark.Lark("start: WORD+\nWORD: /[a-z]+/\n%ignore /[ ]+/", parser="lalr",
                           lexer="contextual", lexer_callbacks={"WORD": lambda t: t})
    assert lalr.build(contextual, (), grammar._rstrip) is None  # a callback it does not know
    # a tree callback it does not read (`?rule`: Lark's ExpandSingleChild)
    inlined = lark.Lark("start: pair+\n?pair: WORD | WORD WORD\nWORD: /[a-z]+/\n%ignore /[ ]+/",
                        parser="lalr", lexer="contextual")
    assert lalr.build(inlined, (), grammar._rstrip) is None


def test_inlined_rules_at_a_handover() -> None:
    """The values of inlined rules (plain lists) and the tuples of the terminals no tree
    keeps are handed over to Lark as the trees and tokens Lark has there."""
    source = ("start: item+\nitem: WORD _rest _NL\n_rest: NUM+\n"
              "WORD: /[a-z]+/\nNUM: /[0-9]+/\n_NL: /\\n/\n%ignore / /")
    parser = lark.Lark(source, parser="lalr", lexer="contextual")
    driver = lalr.build(parser, (), grammar._rstrip)
    assert driver is not None
    good = "a 1 2\nb 3\n"
    assert _tree_key(driver.parse(good)) == _tree_key(parser.parse(good))
    for bad in ("a 1 2\nb 3 c\n", "a 1\nb\n", "a 1 2\n\n", "a 1 x"):
        with pytest.raises(lark.exceptions.UnexpectedInput) as lean_error:
            driver.parse(bad)
        with pytest.raises(lark.exceptions.UnexpectedInput) as lark_error:
            parser.parse(bad)
        assert _error_key(lean_error.value) == _error_key(lark_error.value)


@pytest.mark.parametrize(("pattern", "flags", "starts", "never"), [
    (r"(?:DE(?=[ \t]+[RQ]))[ \t]*", 0, "D", "Ede \n"),
    (r"(?i:jan|feb)", 0, "jJfF", "aM"),
    (r"(?:¶[ \t]*)?TAGS?", re.IGNORECASE, "¶tT", "s \n"),
    (r"[^\s][^\r\n]*", 0, "a.\ue000", " \t\n"),
    (r"(?![A-Z])[0-9]+|x*y", 0, "0y9x", "A"),
    (r"\r?\n(?=[ \t]*PAGE)", 0, "\r\n", " P"),
])
def test_first_characters(pattern: str, flags: int, starts: str, never: str) -> None:
    first = lalr.first_chars(pattern, flags)
    assert first is not None
    assert all(first.match(c) for c in starts)
    assert not any(first.match(c) for c in never)


@pytest.mark.parametrize("pattern", [r"a*", r".b", r"(?s:.)", r"(?=x)"])
def test_first_characters_unbounded(pattern: str) -> None:
    assert lalr.first_chars(pattern) is None


def test_continuation_search_ends_where_the_regex_ends() -> None:
    """The search that finds the end of a BODY block agrees with the regex it stands for,
    on line ends of every kind (LF, CRLF, a lone CR, a CR before the interrupting line)."""
    stop = r"[ \t]*(?:BT[ \t]*\r?(?:\n|$)|X)"
    regex = re.compile(r"(?:\r?\n(?!" + stop + r")[^\r\n]*)*")
    continuation = lalr._Continuation(stop, 0)
    rng = random.Random(7)
    pieces = ["a", "b c", "\n", "\r", "\r\n", " ", "\t", "BT", "X", "\n\n"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for pos in range(len(text) + 1):
            assert continuation.end(text, pos) == regex.match(text, pos).end(), (text, pos)


def test_line_breaks_make_no_token() -> None:
    """The line-break terminals no tree keeps get no Token (a rule whose only child is
    `_NL` keeps nothing: it must not count as keeping it)."""
    driver = grammar.get_parser().lean
    assert driver is not None
    assert {"_NL", "_ANL", "_CNL", "_TNL"} <= driver.hidden
    assert not {"WORD", "ADDR_TEXT", "BODY_START"} & driver.hidden


def test_terminals_in_the_scanner_s_order() -> None:
    """The driver reads each per-state lexer's terminals without building its scanner:
    the same terminals in the same order as the scanner Lark builds, the same callbacks."""
    parser = grammar.build_parser()
    for basic in {id(b): b for b in parser.parser.lexer.lexers.values()}.values():
        listed, callbacks = lalr._scanned(basic)
        assert [t.name for t in listed] == [t.name for t in basic.scanner.terminals]
        assert callbacks == basic.callback


def test_body_blocks_are_searched() -> None:
    """The paragraph terminals keep the shape the driver searches (a grammar edit that
    loses it still parses right, through the regex, but that terminal 5x slower)."""
    driver = grammar.get_parser().lean
    assert driver is not None
    assert {"BODY_START", "BODY_TEXT"} <= set(driver.continuations)


def test_split_continuation() -> None:
    head, stop = lalr.split_continuation(r"[^\s][^\r\n]*(?:\r?\n(?![ \t]*(?:BT|X))[^\r\n]*)*")
    assert (head, stop) == (r"[^\s][^\r\n]*", r"[ \t]*(?:BT|X)")
    # the continuation would belong to the last alternative only
    assert lalr.split_continuation(r"a|b(?:\r?\n(?!X)[^\r\n]*)*") is None
    assert lalr.split_continuation(r"[^\r\n]+") is None


@pytest.mark.parametrize(("pattern", "flags", "accepts", "rejects"), [
    (r"(?:PAGE(?=[ \t]+[0-9]))[ \t]*", 0, ["PAG"], ["PAR", "PA", "pag"]),
    (r"(?i:secret|top)", 0, ["SEC", "sec", "ToP"], ["SUB", "TO "]),
    # a lookahead that ends the terminal says what the text goes on with
    (r"\r?\n(?=[ \t]*PAGE)", 0, ["\nPA", "\n  ", "\r\nP", "\n\tP"], ["\nTO", "\n", "x\n"]),
    # the items after a lookahead read the characters it read: not appended to it
    (r"(?=AB)A[A-Z]*", 0, ["ABC", "AB"], ["AC", "A"]),
    (r"(?=x)", 0, ["x", "xy"], ["y", ""]),
    # a shorter key at the end of the text: the whole match must fit in it
    (r"AB?", 0, ["A", "AB", "AXY"], ["B", ""]),
    (r"(?:[ZOPRYW0](?=[ \t]+[0-9]{6}))[ \t]*", 0, ["P 1", "0\t2"], ["PAG", "P A", "Z"]),
    (r"[0-9]{1,2}[ \t]?[\.\)]", 0, ["1. ", "12)", "1 ."], ["123", "1a"]),
])
def test_prefix_guard(pattern: str, flags: int, accepts: list[str], rejects: list[str]) -> None:
    guard = lalr.prefix_guard(pattern, flags)
    assert guard is not None
    assert all(guard.match(key) for key in accepts), guard.pattern
    assert not any(guard.match(key) for key in rejects), guard.pattern


@pytest.mark.parametrize("pattern", [r"a*", r"(?:x|)b*", r"(a)\1", r"(?!x)"])
def test_prefix_guard_unbounded(pattern: str) -> None:
    """Terminals that match the empty string anywhere, and what the analysis does not read
    (a group reference), are tried everywhere."""
    assert lalr.prefix_guard(pattern) is None


def test_prefix_guards_keep_every_match() -> None:
    """Wherever a terminal of the grammar matches in the project's cables (at every line
    start and after every space or punctuation), its guard accepts the text there."""
    parser = grammar.get_parser().lark
    terminals = []
    for terminal in parser.terminals:
        regexp = terminal.pattern.to_regexp()
        guard = lalr.prefix_guard(regexp, parser.lexer_conf.g_regex_flags)
        if guard is not None:
            terminals.append((terminal.name, re.compile(regexp).match, guard.match))
    assert len(terminals) > 60
    checked = 0
    for path in sorted((ROOT / "corpus").rglob("*.txt")):
        text = _parser_input(path.read_text(encoding="utf-8", errors="replace"))
        starts = {0} | {m.end() for m in re.finditer(r"[\s\W]", text)}
        for pos in sorted(starts):
            key = text[pos:pos + lalr.PREFIX]
            for name, match, guard in terminals:
                if match(text, pos) is not None:
                    checked += 1
                    assert guard(key) is not None, (name, text[pos:pos + 40])
    assert checked > 10_000


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"[^\s]+(?:[ \t]+[^\s]+)*[ \t]*", 0, False),
    (r"[^\r\n]*", 0, False),
    (r"(?=[ \t]*\n)[A-Z]+", 0, False),  # a lookahead reads the line end, the match holds none
    (r"(?![^\n])x", 0, False),
    (r"[^a]", 0, True),
    (r"\r?\n", 0, True),
    (r"[\s]", 0, True),
    (r"a|(?:b\n)?", 0, True),
    (r"(?:x[^\r]){2,}", 0, True),
    (r".", 0, True),  # ANY: read as anything, with or without DOTALL
    (r"(a)\1", 0, True),  # what the analysis does not read
])
def test_matches_newline(pattern: str, flags: int, expected: bool) -> None:
    assert regex_shapes.matches_newline(pattern, flags) is expected


def test_one_line_terminals_match_no_line_break() -> None:
    """Wherever a terminal the analysis finds one-line matches (at every position of the
    project's cables and of random text full of line breaks), its match holds no ``\\n``;
    and those terminals take the driver's one-line path although Lark counts lines in
    them."""
    parser = grammar.get_parser().lark
    flags = parser.lexer_conf.g_regex_flags
    one_line = [(t.name, re.compile(t.pattern.to_regexp(), flags).match)
                for t in parser.terminals
                if not regex_shapes.matches_newline(t.pattern.to_regexp(), flags)]
    assert {"WORD", "ADDR_TEXT", "FM_TEXT", "VALUE"} <= {name for name, _ in one_line}
    rng = random.Random(16)
    pieces = ["\n", "\r\n", " ", "\t", "\x0b", "\x0c", "TO ", "GR 12", "SECRET", "A", "1",
              "\u00b6", ":", "/"]
    texts = [_parser_input(p.read_text(encoding="utf-8", errors="replace"))
             for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(40)) for _ in range(300)]
    matched = 0
    for text in texts:
        for pos in range(len(text)):
            for name, match in one_line:
                found = match(text, pos)
                if found is not None and found.end() > pos:
                    matched += 1
                    assert "\n" not in found.group(), (name, text[pos:pos + 40])
    assert matched > 10_000
    driver = grammar.get_parser().lean
    assert driver is not None
    handling = {name: h for context in driver.contexts.values()
                for name, _, h in context.bucket("ABC") + context.bucket("1 A")}
    assert handling.get("WORD") in (lalr.PLAIN, lalr.STRIPPED)
    assert "WORD" in driver.newline  # Lark counts lines in it


def test_trees_made_inline_are_lark_s() -> None:
    """The driver makes a Tree without calling Tree.__init__ only where that makes the
    same object; the in-place shape of a repetition's next item is in the table."""
    assert lalr._plain_tree_init()
    driver = grammar.get_parser().lean
    assert driver is not None
    assert driver.plain_tree
    ops = {action[0] for row in driver.actions for action in row.values()}
    assert {lalr.APPEND, lalr.JOIN, lalr.WRAP, lalr.REDUCE} <= ops


def test_continuation_searches_of_the_grammar_end_where_their_regexes_end() -> None:
    """The body blocks' continuation searches (``\\n``, a first-character gate, the stop)
    end where the grammar's own regexes end, after every line break of the project's
    cables and of random text made of the stops' keywords."""
    driver = grammar.get_parser().lean
    assert driver is not None
    parser = grammar.get_parser().lark
    flags = parser.lexer_conf.g_regex_flags
    checks = []
    for terminal in parser.terminals:
        split = regex_shapes.split_continuation(terminal.pattern.to_regexp())
        if split is not None and terminal.name in driver.continuations:
            regex = re.compile(r"(?:\r?\n(?!" + split[1] + r")[^\r\n]*)*", flags)
            continuation = regex_shapes._Continuation(split[1], flags)
            assert "(?=" in continuation.search.__self__.pattern[1:4]  # gated
            checks.append((continuation, regex.match))
    assert len(checks) >= 2
    rng = random.Random(16)
    pieces = ["\n", "\r\n", " ", "\t", "PAGE 02", "BT", "NNNN", "#1234", "*** Current",
              "HEADER:", "SECRET", "UNCLAS", "O 121212Z ABC 12", "VZCZC", "\ue000", "text",
              "1. ", "Para", "page"]
    texts = [_parser_input(p.read_text(encoding="utf-8", errors="replace"))
             for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(30)) for _ in range(500)]
    checked = 0
    for text in texts:
        for found in re.finditer("\n", text):
            for pos in {found.start(), max(found.start() - 1, 0)}:
                for continuation, match in checks:
                    assert continuation.end(text, pos) == match(text, pos).end(), text[pos:pos + 60]
                    checked += 1
    assert checked > 10_000
