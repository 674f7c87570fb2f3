"""Reliability: never raise, bounded work on hostile input, nothing lost, clean CLI
failure modes, and no code that executes or loads untrusted input (issue 8)."""

from __future__ import annotations

import ast
import gc
import json
import os
import sqlite3
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SHARED_CORPUS, needs_shared
from lark import Tree

import teletype
from teletype import api, cli, grammar, recovery
from teletype.api import parse, parse_bytes, parse_file
from teletype.builder import AddressDraft
from teletype.nodes import AddressBlock, DtgLine, Unparsed
from teletype.recovery import MAX_RESYNC_PASSES
from teletype.serialize import cable_to_dict
from teletype.source import LineIndex, decode_bytes, encode_text
from teletype.transform import Builder

sys.path.insert(0, str(ROOT / "fuzz"))
import harness  # noqa: E402

REGRESSIONS = ROOT / "tests" / "data" / "regressions"
VALID = sorted((ROOT / "corpus" / "valid").glob("*.txt"))
CABLE = (
    "OO RUEHC\n"
    "DE RUEHC #0194 1480246\n"
    "ZNY SSSSS ZZH\n"
    "O 280245Z MAY 89\n"
    "FM SECSTATE WASHDC\n"
    "TO AMEMBASSY LIMA IMMEDIATE 6315\n"
    "BT\n"
    "SECRET STATE 170194\n"
    "E.O. 12356: DECL: OADR\n"
    "TAGS: SNAR, PTER, PE\n"
    "SUBJECT: REVIEW\n"
    "1. TEXT OF THE CABLE.\n"
    "BT\n"
)
COMMANDS = ("parse", "validate", "export", "decode")


# ---------------------------------------------------------------------------- never raise

HOSTILE = {
    "empty": "",
    "spaces": " " * 10_000,
    "newlines": "\n" * 5_000,
    "crlf only": "\r\n" * 2_000,
    "lone CRs": "\r" * 5_000,
    "CR lines": "\r\r\n" * 500,
    "NULs": "\x00" * 1_000,
    "NUL lines": "\x00\n" * 500,
    "separators": "\x1c\x1d\x1e\x1f\x85\u2028\u2029\x0b\x0c" * 200,
    "separator lines": "\x1c\n" * 500,
    "lone surrogate": "BT\nA\ud800B\n",
    "marks": "\ufeff" * 50,
    "long line of letters": "A" * 150_000,
    "long line of words": "AMEMBASSY LIMA " * 8_000,
    "E.O. repeated": "E.O. " * 4_000,
    "E.O. numbers repeated": "E.O. 12356 " * 2_000,
    "REF repeated": "REF " * 4_000,
    "REF: repeated": "REF: " * 2_000,
    "REF lines": "REF: A. STATE 1234\n" * 500,
    "open parentheses": "TAGS: " + "(" * 20_000,
    "nested person groups": "TAGS: PREL, " + "(A " * 3_000 + ")" * 3_000,
    "deep nesting": "TAGS: " + "(" * 5_000 + "X" + ")" * 5_000,
    "paragraph numbers": "1. " * 5_000,
    "paragraph signs": "\u00b6" * 5_000,
    "BT lines": "BT\n" * 2_000,
    "NNNN lines": "NNNN\n" * 2_000,
    "page headers": "PAGE 1 " * 2_000,
    "spaced classification": "S E C R E T " * 1_000,
    "DTG groups": "280245Z " * 2_000,
    "routing indicators": "OO " + "RUEHC " * 3_000,
    "address lines": "FM SECSTATE WASHDC\n" + "TO AMEMBASSY LIMA\n" * 1_000,
    "addressee continuation": "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA\n" + "AMEMBASSY X\n" * 1_000,
    "distribution codes": "INFO " + "SS-25 " * 2_000,
    "dashes": "-" * 20_000,
    "stars": "*" * 20_000,
    "slashes": "/" * 20_000,
    "hashes": "#" * 20_000,
    "keywords glued": "TAGS:SUBJECT:REF:E.O.12356:CLASSIFIED BY:" * 300,
    "every fragment": " ".join(harness.FRAGMENTS) * 20,
    "header then garbage": CABLE[:80] + "\x00\x01\x02\x7f\x80\xff" * 500,
    "cable with lone CRs": CABLE.replace("\n", "\r"),
    "cable twice glued": CABLE + CABLE,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_never_raises(name: str) -> None:
    """render == text, spans tile, record and JSON work, no internal error."""
    harness.check_text(HOSTILE[name])


def test_hostile_bytes_never_raise() -> None:
    for data in (b"", bytes(range(256)), bytes(range(256)) * 40, b"\xff" * 5_000,
                 b"\xef\xbb\xbf" + b"\x80" * 100, b"\xff\xfe" + b"\x00\xd8" * 100,
                 b"\xfe\xff\xd8\x00", b"\x00\x00\xfe\xff" + b"\x00\x11\x00\x00",
                 CABLE.encode()[:-1] + b"\xc3", b"\r" * 3_000):
        harness.check_bytes(data)


def test_megabyte_line_of_letters() -> None:
    text = "A" * 1_000_000
    cable = parse(text)
    assert cable.render() == text
    assert not any(d.code in ("TT000", "TT002") for d in cable.diagnostics)


def test_thousands_of_address_keywords_on_one_line() -> None:
    """``TO X INFO Y ...`` nests one address block per keyword; every block is read, in
    order, with no internal error, however many there are."""
    line = "TO X INFO Y " * 5_000
    text = CABLE.replace("TO AMEMBASSY LIMA IMMEDIATE 6315\n", line + "\n")
    cable = parse(text)
    harness.check_cable(cable, text)
    assert not any(d.code == "TT000" for d in cable.diagnostics)
    record = cable.record()
    assert len(record["to"]) == len(record["info"]) == 5_000
    assert any(isinstance(n, DtgLine) for n in cable.nodes)
    assert record["tags"] == ["SNAR", "PTER", "PE"]


@pytest.mark.parametrize("count", [20_000, 100_000])
def test_memory_of_a_line_of_address_keywords(count: int) -> None:
    """docs/reliability.md, "10.2 M characters of `TO ` on one line": one AddressBlock per
    ``TO TO ``. The parser hands each block to the Builder as it reduces it, so no parse
    tree of the line is ever whole, and tiling drops each draft as it makes its node: the
    parse peaks within 80 bytes per character (measured: 79), at any size, and the cable
    keeps less (measured: 76)."""
    text = "TO " * count
    parse("warm up\n")
    tracemalloc.start()
    try:
        cable = parse(text)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert cable.render() == text
    assert len(cable.nodes) == count // 2
    assert peak / len(text) <= 80, (peak / len(text), kept / len(text))
    assert kept / len(text) <= 80


def test_address_blocks_are_built_as_the_parser_reduces_them() -> None:
    """The lean driver hands each address block to the Builder as it reduces it (its
    tree is gone at once); without the hook its trees are Lark's, and the Builder makes
    the same blocks of either."""
    parser = grammar.get_parser()
    if parser.lean is None:
        pytest.skip("no lean driver for this Lark")
    text = "TO AMEMBASSY LIMA INFO AMEMBASSY QUITO\nFM SECSTATE WASHDC TO USUN\n"
    builder = Builder(text, LineIndex(text))
    tree = parser.lean.parse(text, reduce=builder.reduce_hooks())
    lines = [child for child in tree.children if isinstance(child, Tree)]
    assert [line.data for line in lines] == ["address_line", "from_line"]
    assert all(isinstance(block, AddressDraft) for block in lines[0].children)
    plain = parser.lean.parse(text)
    assert [block.data for block in plain.children[0].children] == ["address_block"] * 2
    drafts = [(d.start, d.end, d.fields) for d in Builder(text, LineIndex(text)).build(plain)]
    assert [(d.start, d.end, d.fields) for d in builder.build(tree)] == drafts


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "lark"])
def test_a_block_s_diagnostics_are_kept_once(monkeypatch: pytest.MonkeyPatch,
                                             lean: bool) -> None:
    """A block built as the parser reduces it keeps its diagnostics for its line: the
    parse that built it here fails on the next line and runs again (resynchronisation),
    and the misspelt precedence is reported once."""
    if not lean:
        lark_only = grammar.CableParser(grammar.get_parser().lark, lean=False)
        monkeypatch.setattr(recovery, "get_parser", lambda: lark_only)
    text = "TO AMEMBASSY LIMA PRIORTY 6315 INFO AMEMBASSY QUITO\nZNY CCCCC ZZH\x1c\n"
    cable = parse(text)
    assert cable.render() == text
    assert [d.code for d in cable.diagnostics] == ["TT403", "TT101"]
    blocks = [n for n in cable.nodes if isinstance(n, AddressBlock)]
    assert [(b.keyword, [(a.name, a.precedence and a.precedence.word) for a in b.addresses])
            for b in blocks] == [("TO", [("AMEMBASSY LIMA", "PRIORITY")]),
                                 ("INFO", [("AMEMBASSY QUITO", None)])]


def _keyword_line_cable(line: str) -> tuple[str, Any]:
    text = CABLE.replace("TO AMEMBASSY LIMA IMMEDIATE 6315\n", line)
    return text, parse(text)


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "lark"])
def test_a_failing_address_block_loses_only_its_line(monkeypatch: pytest.MonkeyPatch,
                                                     lean: bool) -> None:
    """The blocks of a line are built as the parser reduces them (Lark's tree: as the line
    is built): when one fails, the line is Unparsed over its whole extent, and the blocks
    built before it on the line are not kept."""
    original = Builder._address_block

    def broken(self: Builder, tree: Any) -> AddressDraft:
        if str(tree.children[0]).startswith("INFO"):
            raise RuntimeError("boom")
        return original(self, tree)

    monkeypatch.setattr(Builder, "_address_block", broken)
    if not lean:
        lark_only = grammar.CableParser(grammar.get_parser().lark, lean=False)
        monkeypatch.setattr(recovery, "get_parser", lambda: lark_only)
    monkeypatch.delenv("TELETYPE_DEBUG", raising=False)
    line = "TO AMEMBASSY LIMA INFO AMEMBASSY QUITO XMT AMCONSUL GUAYAQUIL\n"
    text, cable = _keyword_line_cable(line)
    assert cable.render() == text
    (internal,) = [d for d in cable.diagnostics if d.code == "TT000"]
    assert internal.span is not None
    assert (internal.span.line, internal.span.column) == (6, 1)
    assert (internal.span.end_line, internal.span.end_column) == (6, len(line))
    assert [n.raw for n in cable.nodes if isinstance(n, Unparsed)] == [line]
    assert not [n for n in cable.nodes if isinstance(n, AddressBlock)]
    assert cable.record()["from"] == "SECSTATE WASHDC"


def test_a_failing_line_keeps_the_address_blocks_before_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A line that fails after an address line was built leaves the address line's
    blocks as they were built: every block is kept, once."""
    def broken(self: Builder, tree: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Builder, "line_class_line", broken)
    monkeypatch.delenv("TELETYPE_DEBUG", raising=False)
    text, cable = _keyword_line_cable("TO AMEMBASSY LIMA INFO AMEMBASSY QUITO XMT USUN\n")
    assert cable.render() == text
    assert [d.code for d in cable.diagnostics].count("TT000") == 1
    blocks = [n for n in cable.nodes if isinstance(n, AddressBlock)]
    assert [(b.keyword, [a.name for a in b.addresses]) for b in blocks] == [
        ("TO", ["AMEMBASSY LIMA"]), ("INFO", ["AMEMBASSY QUITO"]), ("XMT", ["USUN"])]


@pytest.mark.parametrize("path", sorted(p for p in REGRESSIONS.glob("*") if p.suffix != ".md"),
                         ids=lambda p: p.name)
def test_regression_inputs(path: Path) -> None:
    """Inputs that once broke a promise (found by fuzzing), kept byte for byte."""
    harness.check_bytes(path.read_bytes())


def test_project_corpus_keeps_every_byte() -> None:
    for path in VALID + sorted((ROOT / "corpus" / "invalid").glob("*.txt")):
        data = path.read_bytes()
        harness.check_bytes(data)
        cable = parse_file(path)
        assert cable.encoding is not None
        assert encode_text(cable.render(), cable.encoding) == data


@needs_shared
def test_shared_corpus_keeps_every_byte() -> None:
    """Every character of every real cable belongs to exactly one top-level node, and the
    decoded text re-encodes to the file's bytes."""
    files = sorted(SHARED_CORPUS.glob("*/*.txt"))
    assert len(files) > 300
    for path in files:
        harness.check_bytes(path.read_bytes())


# ---------------------------------------------------------------------------- internal errors


def test_a_failing_line_handler_loses_only_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Builder, tree: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Builder, "line_dtg_line", broken)
    monkeypatch.delenv("TELETYPE_DEBUG", raising=False)
    cable = parse(CABLE)
    assert cable.render() == CABLE
    internal = [d for d in cable.diagnostics if d.code == "TT000"]
    assert len(internal) == 1
    assert internal[0].message == "internal error: RuntimeError: boom"
    assert internal[0].span is not None and internal[0].span.line == 4
    unparsed = [n for n in cable.nodes if isinstance(n, Unparsed)]
    assert [n.raw for n in unparsed] == ["O 280245Z MAY 89\n"]
    record = cable.record()
    assert record["from"] == "SECSTATE WASHDC"
    assert record["tags"] == ["SNAR", "PTER", "PE"]


def test_a_failing_parser_keeps_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def parse(self, text: str, **kw: Any) -> Any:
            raise MemoryError("no room")

    monkeypatch.setattr(recovery, "get_parser", lambda: Broken())
    cable = parse(CABLE)
    assert cable.render() == CABLE
    assert [d.code for d in cable.diagnostics][:1] == ["TT000"]
    assert "MemoryError: no room" in cable.diagnostics[0].message
    assert all(isinstance(n, Unparsed) for n in cable.nodes)
    cable.record()


@pytest.mark.parametrize("stage", ["tile", "assemble"])
def test_a_failing_assembly_keeps_the_text(monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    def broken(*args: Any, **kw: Any) -> Any:
        raise ValueError("bad node")

    monkeypatch.setattr(api, stage, broken)
    text = "\ufeff" + CABLE + "no newline at the end"
    cable = parse(text, source="x.txt", encoding="utf-8-sig")
    assert cable.render() == text
    assert cable.source == "x.txt" and cable.encoding == "utf-8-sig"
    assert [d.code for d in cable.diagnostics] == ["TT000"]
    assert all(isinstance(n, Unparsed) for n in cable.nodes)
    assert len(cable.nodes) == text.count("\n") + 1
    json.dumps(cable_to_dict(cable))


def test_debug_mode_puts_the_traceback_in_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Builder, tree: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Builder, "line_dtg_line", broken)
    monkeypatch.setenv("TELETYPE_DEBUG", "1")
    message = next(d.message for d in parse(CABLE).diagnostics if d.code == "TT000")
    assert "Traceback" in message and "RuntimeError: boom" in message


def test_keyboard_interrupt_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: Builder, tree: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Builder, "line_dtg_line", interrupted)
    with pytest.raises(KeyboardInterrupt):
        parse(CABLE)
    assert gc.isenabled()


def test_garbage_collector_state_is_restored() -> None:
    assert gc.isenabled()
    parse(CABLE)
    assert gc.isenabled()
    gc.disable()
    try:
        parse(CABLE)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(TypeError):
        parse(CABLE.encode())  # type: ignore[arg-type]
    assert gc.isenabled()


# ---------------------------------------------------------------------------- bounded work


def test_parser_passes_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many lines fail, the text is parsed at most MAX_RESYNC_PASSES + 1 times."""
    real = grammar.get_parser()
    calls = []

    class Counting:
        def parse(self, text: str, **kw: Any) -> Any:
            calls.append(len(text))
            return real.parse(text, **kw)

    monkeypatch.setattr(recovery, "get_parser", lambda: Counting())
    text = CABLE[:60] + "TO:\n\x1c\x1d BAD LINE \r TEXT\n" * 200 + CABLE[60:]
    cable = parse(text)
    assert len(calls) <= MAX_RESYNC_PASSES + 1
    harness.check_cable(cable, text)


def test_skipped_tokens_are_capped() -> None:
    """The last-resort pass gives up after about 10,000 skipped tokens: the rest is kept
    as unparsed lines, and the diagnostics stay bounded."""
    text = "BT\n" + "\x1c" * 30_000 + "\n"
    cable = parse(text)
    harness.check_cable(cable, text)
    assert len(cable.diagnostics) <= MAX_RESYNC_PASSES + 10_010


# ---------------------------------------------------------------------------- size limit


def test_size_limit_keeps_the_rest_unparsed() -> None:
    text = CABLE * 50
    limit = len(CABLE) * 2 + 10
    cut = text.rfind("\n", 0, limit) + 1  # the limit is moved back to a line end
    cable = parse(text, max_chars=limit)
    harness.check_cable(cable, text)
    limits = [d for d in cable.diagnostics if d.code == "TT002"]
    assert len(limits) == 1 and limits[0].severity.value == "error"
    assert limits[0].span is not None and limits[0].span.start == cut
    assert isinstance(cable.nodes[-1], Unparsed)
    assert cable.nodes[-1].raw == text[cut:]


@pytest.mark.parametrize("limit", [0, 1, 5, 1_000])
def test_size_limit_inside_one_long_line(limit: int) -> None:
    text = "AMEMBASSY " * 1_000
    cable = parse(text, max_chars=limit)
    harness.check_cable(cable, text)
    assert "TT002" in [d.code for d in cable.diagnostics]


def test_default_size_limit_is_documented() -> None:
    assert api.DEFAULT_MAX_CHARS >= 1_000_000
    help_text = _subcommand_help("parse")
    assert "--max-chars" in help_text and str(api.DEFAULT_MAX_CHARS) in help_text


def _subcommand_help(name: str) -> str:
    parser = cli.build_parser()
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        choices = getattr(action, "choices", None) or {}
        if name in choices:
            return str(choices[name].format_help())
    raise AssertionError(name)


# ---------------------------------------------------------------------------- CLI


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def command_args(command: str) -> list[str]:
    return [command, "-j", "1"] if command == "export" else [command]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_max_chars(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "big.txt", CABLE * 20)
    code, out, err = run(capsys, *command_args(command), "--max-chars", str(len(CABLE)), path)
    assert "Traceback" not in err
    if command == "validate":
        assert code == 1 and "TT002" in out
    elif command == "parse":
        assert code == 0
        doc = json.loads(out)
        assert "TT002" in [d["code"] for d in doc["diagnostics"]]
        assert "".join(n["raw"] for n in doc["nodes"]) == CABLE * 20
    elif command == "export":
        assert code == 0 and json.loads(out)["errors"] >= 1
    else:
        assert code == 0


def test_cli_export_max_chars_in_workers(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    """The size limit reaches the worker processes of a parallel export (TT002, an error)."""
    for i in range(3):
        write(tmp_path / f"big{i}.txt", CABLE * 20)
        write(tmp_path / f"small{i}.txt", CABLE)
    code, out, _err = run(capsys, "export", "-j", "2", "--max-chars", str(len(CABLE)), tmp_path)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 6
    assert {row["source"].rsplit("/", 1)[-1]: row["errors"] for row in rows} == {
        **{f"big{i}.txt": 1 for i in range(3)}, **{f"small{i}.txt": 0 for i in range(3)}}


@pytest.mark.parametrize("value", ["0", "-5", "abc", "1e6"])
def test_cli_max_chars_must_be_positive(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, out, err = run(capsys, "parse", "--max-chars", value, VALID[0])
    assert code == 2 and out == ""
    assert "--max-chars" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                          command: str) -> None:
    missing = tmp_path / "missing.txt"
    code, _out, err = run(capsys, *command_args(command), missing, VALID[0])
    assert code == 2
    assert f"teletype: cannot read {missing}: No such file or directory" in err
    assert "Traceback" not in err


@pytest.fixture
def unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A file that cannot be opened: chmod 000, and (tests often run as root, who can read
    anything) opening it is made to fail as the kernel would."""
    path = write(tmp_path / "secret.txt", CABLE)
    path.chmod(0)
    real_open = open

    def guarded(file: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kw)

    monkeypatch.setattr("builtins.open", guarded)
    yield path
    path.chmod(0o644)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_unreadable_file(capsys: pytest.CaptureFixture[str], unreadable_file: Path,
                             command: str) -> None:
    code, out, err = run(capsys, *command_args(command), unreadable_file, VALID[0])
    assert code == 2
    assert f"teletype: cannot read {unreadable_file}: Permission denied" in err
    assert "Traceback" not in err
    assert str(VALID[0]) in out or command == "validate"


@pytest.fixture
def unreadable_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder whose listing fails (chmod 000, and os.scandir made to fail for root)."""
    top = tmp_path / "cables"
    write(top / "a.txt", CABLE)
    locked = top / "locked"
    write(locked / "b.txt", CABLE)
    locked.chmod(0)
    real_scandir = os.scandir

    def guarded(path: Any = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    yield top
    locked.chmod(0o755)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_unreadable_directory(capsys: pytest.CaptureFixture[str], unreadable_dir: Path,
                                  command: str) -> None:
    code, _out, err = run(capsys, *command_args(command), unreadable_dir)
    assert code == 2
    assert f"teletype: cannot read {unreadable_dir / 'locked'}: Permission denied" in err
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their mode")
@pytest.mark.parametrize("command", COMMANDS)
def test_cli_unreadable_for_real(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 command: str) -> None:
    path = write(tmp_path / "f" / "secret.txt", CABLE)
    path.chmod(0)
    locked = tmp_path / "d" / "locked"
    write(locked / "x.txt", CABLE)
    locked.chmod(0)
    try:
        code, _out, err = run(capsys, *command_args(command), path, tmp_path / "d")
    finally:
        path.chmod(0o644)
        locked.chmod(0o755)
    assert code == 2
    assert f"cannot read {path}: Permission denied" in err
    assert f"cannot read {locked}: Permission denied" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_broken_symlink(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                            command: str) -> None:
    link = tmp_path / "dir" / "link.txt"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "gone.txt")
    write(tmp_path / "dir" / "ok.txt", CABLE)
    for target in (link, link.parent):
        code, out, err = run(capsys, *command_args(command), target)
        assert code == 2, (target, err)
        assert f"cannot read {link}: " in err
        assert "Traceback" not in err
        assert "broken symbolic link (its target" in err
        if command != "validate":
            assert ("ok.txt" in out) == (target == link.parent)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                        command: str) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    code, _out, err = run(capsys, *command_args(command), empty)
    assert code == 0
    assert f"teletype: {empty}: empty file" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                         command: str) -> None:
    """Binary input is a clear error (exit 2), not a thousand TT101 warnings; the other
    inputs are still processed. The library still parses such bytes as text."""
    binary = write(tmp_path / "image.txt", bytes(range(256)) * 8)
    code, out, err = run(capsys, *command_args(command), binary, VALID[0])
    assert code == 2
    assert f"teletype: {binary}: looks like a binary file, not a text cable; skipped" in err
    assert "Traceback" not in err
    assert str(binary) not in out
    if command != "validate":
        assert str(VALID[0]) in out
    cable = parse_bytes(bytes(range(256)) * 8)
    assert cable.render() == decode_bytes(bytes(range(256)) * 8)[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", COMMANDS)
def test_cli_skips_special_files_in_a_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """A named pipe in a walked folder would block the read forever: it is skipped."""
    write(tmp_path / "a.txt", CABLE)
    os.mkfifo(tmp_path / "pipe.txt")
    code, _out, err = run(capsys, *command_args(command), tmp_path)
    assert code == 0
    assert f"skipped {tmp_path / 'pipe.txt'}: not a regular file" in err


def interrupt_parse(monkeypatch: pytest.MonkeyPatch, at: int) -> list[int]:
    """Make the ``at``-th parse raise KeyboardInterrupt (Ctrl-C); returns the call list
    (clear it to count again)."""
    real = api.parse_with_fallback
    calls: list[int] = []

    def interrupting(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        if len(calls) == at:
            raise KeyboardInterrupt
        return real(*args, **kw)

    monkeypatch.setattr(api, "parse_with_fallback", interrupting)
    return calls


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_interrupt_leaves_no_partial_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """Ctrl-C in the middle of a run: exit 130, the old -o file untouched, no temporary
    file left, a new -o file not created."""
    calls = interrupt_parse(monkeypatch, at=2)
    out_dir = tmp_path / "out"
    old = write(out_dir / "old.json", "old\n")
    code, out, err = run(capsys, *command_args(command), "-o", old, *VALID[:3])
    assert code == 130
    assert "interrupted" in err and "Traceback" not in err
    assert out == ""
    assert old.read_text() == "old\n"
    assert sorted(os.listdir(out_dir)) == ["old.json"]

    calls.clear()
    new = out_dir / "new.json"
    code, _out, _err = run(capsys, *command_args(command), "-o", new, *VALID[:3])
    assert code == 130
    assert sorted(os.listdir(out_dir)) == ["old.json"]


def test_cli_interrupted_sqlite_export_leaves_the_database_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The database is updated all or nothing: an interrupted export leaves the rows of
    the previous run, no temporary copy, and a new database is not created."""
    database = tmp_path / "out" / "cables.sqlite"
    database.parent.mkdir()
    code, _out, _err = run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", database,
                           VALID[0])
    assert code == 0
    before = database.read_bytes()

    calls = interrupt_parse(monkeypatch, at=3)
    code, _out, err = run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", database,
                          *VALID[:4])
    assert code == 130 and "Traceback" not in err
    assert database.read_bytes() == before
    assert os.listdir(database.parent) == ["cables.sqlite"]
    calls.clear()
    fresh = tmp_path / "out" / "fresh.sqlite"
    code, _out, _err = run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", fresh,
                           *VALID[:4])
    assert code == 130 and not fresh.exists()
    assert os.listdir(database.parent) == ["cables.sqlite"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_cli_signal_leaves_no_partial_output(tmp_path: Path, signame: str) -> None:
    """A real signal to a running ``teletype parse -o``: exit 130, -o untouched, the
    temporary file removed."""
    import signal
    import time

    inputs = tmp_path / "in"
    # long enough (seconds) that the signal arrives while files are still being parsed
    every_cable = b"".join(p.read_bytes() for p in VALID)
    for i in range(300):
        write(inputs / f"{i:03d}.txt", every_cable)
    out = tmp_path / "out"
    old = write(out / "result.json", "old\n")
    # a shell that starts jobs in the background lets them inherit SIGINT ignored; Python
    # then ignores Ctrl-C too, as it should. The child is given the default disposition.
    process = subprocess.Popen(
        [sys.executable, "-m", "teletype", "parse", "-o", str(old), str(inputs)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while len(os.listdir(out)) < 2 and process.poll() is None:  # the temporary file
            assert time.monotonic() < deadline
            time.sleep(0.05)
        if process.poll() is not None:
            pytest.skip("the run ended before the signal could be sent")
        process.send_signal(getattr(signal, signame))
        _out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert old.read_text() == "old\n"
    assert os.listdir(out) == ["result.json"]


def test_cli_output_path_is_a_directory(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    code, _out, err = run(capsys, "parse", "-o", target, VALID[0])
    assert code == 2
    assert "cannot write" in err and "Traceback" not in err
    assert os.listdir(tmp_path) == ["out"] and os.listdir(target) == []


def test_cli_output_symlink_is_replaced_not_followed(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    """-o names the file written: a symbolic link there is replaced, never written through."""
    elsewhere = write(tmp_path / "elsewhere" / "precious.txt", "keep\n")
    link = tmp_path / "out" / "result.json"
    link.parent.mkdir()
    link.symlink_to(elsewhere)
    code, _out, _err = run(capsys, "parse", "-o", link, VALID[0])
    assert code == 0
    assert elsewhere.read_text() == "keep\n"
    assert not link.is_symlink()
    assert json.loads(link.read_text())["source"] == str(VALID[0])


# ---------------------------------------------------------------------------- security


def _python_files() -> list[Path]:
    return sorted((ROOT / "src" / "teletype").rglob("*.py")) + [ROOT / "grammars" / "__init__.py"]


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle",
                     "joblib", "subprocess", "yaml", "code", "codeop", "ctypes"}
FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("os", "execv"), ("os", "execve"),
                   ("os", "execvp"), ("os", "spawnv"), ("os", "startfile")}


def test_no_eval_exec_pickle_or_subprocess_in_the_library() -> None:
    """The library never executes or evaluates input and loads nothing that could run
    code (no pickle caches, no YAML, no subprocesses)."""
    problems = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        loop_values: dict[str, list[Any]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and \
                    isinstance(node.iter, (ast.Tuple, ast.List)):
                loop_values[node.target.id] = [getattr(e, "value", None) for e in node.iter.elts]
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                    problems.append(f"{where}: {func.id}()")
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                        (func.value.id, func.attr) in FORBIDDEN_ATTRS:
                    problems.append(f"{where}: {func.value.id}.{func.attr}()")
                if isinstance(func, ast.Attribute) and func.attr == "import_module":
                    arg = node.args[0] if node.args else None
                    constant = isinstance(arg, ast.Constant) or (
                        isinstance(arg, ast.Name) and arg.id in loop_values
                        and all(isinstance(v, str) for v in loop_values[arg.id]))
                    if not constant:
                        problems.append(f"{where}: import_module of a computed name")
                for keyword in node.keywords:  # Lark(cache=...) pickles to a temp dir
                    if keyword.arg == "cache":
                        problems.append(f"{where}: cache= (a pickle cache)")
            elif isinstance(node, ast.Import):
                problems += [f"{where}: import {a.name}" for a in node.names
                             if a.name.split(".")[0] in FORBIDDEN_MODULES]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and \
                    node.module.split(".")[0] in FORBIDDEN_MODULES:
                problems.append(f"{where}: from {node.module} import ...")
    assert problems == []


def test_sql_is_never_built_from_data() -> None:
    """SQL text is constant; values always go in as parameters. An f-string may only
    splice bare names (table and column lists built from constants), never data."""
    problems = []
    checked = 0
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "executemany", "executescript")
                    and node.args):
                continue
            checked += 1
            sql = node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(sql, ast.BinOp) or (
                    isinstance(sql, ast.Call) and isinstance(sql.func, ast.Attribute)
                    and sql.func.attr == "format"):
                problems.append(f"{where}: SQL built with % or .format()")
            if isinstance(sql, ast.JoinedStr):
                for part in sql.values:
                    if isinstance(part, ast.FormattedValue) and \
                            not isinstance(part.value, ast.Name):
                        problems.append(f"{where}: SQL f-string splices an expression")
            if isinstance(sql, ast.Constant) and "?" in str(sql.value) and len(node.args) < 2:
                problems.append(f"{where}: placeholders without parameters")
    assert problems == []
    if "sqlite3" in "".join(p.read_text(encoding="utf-8") for p in _python_files()):
        assert checked > 0


def test_sqlite_export_stores_hostile_text_verbatim(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    export_help = _subcommand_help("export")
    if "sqlite" not in export_help:
        pytest.skip("no SQLite export in this checkout")
    evil = "x'); DROP TABLE cables; --"
    text = CABLE.replace("SUBJECT: REVIEW", f"SUBJECT: {evil} \"quoted\" ?")
    path = write(tmp_path / "it's; DROP TABLE tags.txt", text)
    database = tmp_path / "out.sqlite"
    code, _out, err = run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", database,
                          "--base", "/", path)
    assert code == 0, err
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"cables", "tags"} <= tables
        rows = connection.execute("SELECT source, subject FROM cables").fetchall()
    assert rows == [(str(path).lstrip("/"), f"{evil} \"quoted\" ?")]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_writes_nothing_but_the_output_file(tmp_path: Path, command: str) -> None:
    """Run in a clean directory with a clean HOME and TMPDIR: afterwards the only new
    file anywhere there is the -o file."""
    cwd, home, temp, out = (tmp_path / name for name in ("cwd", "home", "tmp", "out"))
    for folder in (cwd, home, temp, out):
        folder.mkdir()
    env = dict(os.environ, HOME=str(home), TMPDIR=str(temp), PYTHONDONTWRITEBYTECODE="1",
               XDG_CACHE_HOME=str(home / ".cache"))
    target = out / "result"
    done = subprocess.run(
        [sys.executable, "-m", "teletype", *command_args(command), "-o", str(target),
         *map(str, VALID[:2])],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert os.listdir(out) == ["result"]
    assert os.listdir(cwd) == [] and os.listdir(home) == [] and os.listdir(temp) == []


def test_library_version_is_importable() -> None:
    assert teletype.parse is parse and teletype.parse_bytes is parse_bytes
