"""The README says what the code does: its Python example runs and gives what its comments
say, its seed record is what ``teletype export`` writes, and the docs' lists match the code."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
from datetime import datetime, timezone

import pytest
from conftest import ROOT

import teletype
from teletype.layout import Layout

README = (ROOT / "README.md").read_text(encoding="utf-8")
SEED = ROOT.parent / "shared" / "seed" / "000_03defcabef60f1fe.txt"

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"{SEED} is absent")


def _block(after: str, language: str) -> str:
    start = README.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(README, start)
    assert match, after
    return match.group(1)


def _expected(comment: str) -> tuple[str, str]:
    """("value", text) when the comment is a Python value (a trailing remark in
    parentheses is dropped), ("prefix", text) when it ends in ``...``, else ("", "")."""
    namespace = {"datetime": datetime, "timezone": timezone}
    candidates = [comment, re.sub(r"\s*\([^()]*\)$", "", comment)]
    for candidate in candidates:
        with contextlib.suppress(SyntaxError, NameError, TypeError):
            return "value", repr(eval(candidate, namespace))  # noqa: S307 - the README's text
    if "..." in comment:
        return "prefix", comment.split("...")[0]
    return "", ""


@needs_seed
def test_readme_python_example_runs_as_documented() -> None:
    code = _block("## The API in ten lines", "python")
    namespace: dict[str, object] = {}
    checked = 0
    for line in code.splitlines():
        if not line.strip():
            continue
        source, _, comment = line.partition("  # ")
        source = source.rstrip().replace('"cable.txt"', repr(str(SEED)), 1) \
            if "parse_file" in source or "open(" in source else source.rstrip()
        kind, expected = _expected(comment.strip())
        out = io.StringIO()
        try:
            tree = ast.parse(source, mode="eval")
        except SyntaxError:
            with contextlib.redirect_stdout(out):
                exec(compile(source, "README.md", "exec"), namespace)  # noqa: S102
            printed = out.getvalue()
            if kind == "prefix" and printed:
                assert printed.startswith(expected), (line, printed)
                checked += 1
            continue
        value = repr(eval(compile(tree, "README.md", "eval"), namespace))  # noqa: S307
        if kind == "value":
            assert value == expected, line
            checked += 1
        elif kind == "prefix":
            assert value.startswith(expected), (line, value)
            checked += 1
    assert checked >= 6


@needs_seed
def test_readme_seed_record_is_what_export_writes() -> None:
    start = README.index("$ teletype export ../shared/seed")
    text = README[start:README.index("```", start)]
    shown = json.loads(text.split("\n", 1)[1])
    record = teletype.parse_file(SEED).record()
    shown.pop("source")
    assert shown == {k: v for k, v in record.items() if k != "source"}


def test_docs_json_lists_every_layout() -> None:
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| `layout` | string | `"))
    assert re.findall(r"`([a-z0-9-]+)`", row.split("|")[3]) == [layout.value for layout in Layout]


def test_readme_links_the_docs() -> None:
    for page in ("docs/diagnostics.md", "docs/rules.md", "docs/view.md", "docs/json.md"):
        assert page in README
        assert (ROOT / page).is_file()
