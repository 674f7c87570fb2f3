"""Property tests: for any text or bytes, teletype keeps its promises (fuzz/harness.py).

Kept quick for CI (a few hundred examples in all). The long run is ``fuzz/run_fuzz.py``
(100,000+ inputs) and the coverage-guided one ``fuzz/atheris_fuzz.py``; docs/reliability.md.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teletype import cli

sys.path.insert(0, str(ROOT / "fuzz"))
import harness  # noqa: E402

CORPUS = [p.read_bytes() for p in sorted((ROOT / "corpus").glob("*/*.txt"))]

QUICK = settings(max_examples=60, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Characters that matter to the grammar, so that random text reaches its rules.
CABLE_ALPHABET = st.sampled_from(
    "ABCDEFGHIKLMNOPRSTUYZ0123456789 \t\n\r.:;,/()-#*\u00b6\f\x00\x1c\ufeff\u2028\u00e9"
)


@QUICK
@given(st.text())
def test_any_text(text: str) -> None:
    harness.check_text(text)


@QUICK
@given(st.text(alphabet=CABLE_ALPHABET, max_size=2_000))
def test_text_from_the_cable_alphabet(text: str) -> None:
    harness.check_text(text)


@QUICK
@given(st.lists(st.sampled_from(harness.FRAGMENTS), max_size=300).map(" ".join))
def test_sequences_of_cable_fragments(text: str) -> None:
    harness.check_text(text)


@QUICK
@given(st.lists(st.tuples(st.sampled_from(harness.FRAGMENTS),
                          st.sampled_from(("", " ", "\n", "\r\n", "  "))),
                max_size=300).map(lambda parts: "".join(a + b for a, b in parts)))
def test_lines_of_cable_fragments(text: str) -> None:
    harness.check_text(text)


@QUICK
@given(st.binary(max_size=4_000))
def test_any_bytes(data: bytes) -> None:
    harness.check_bytes(data)


@QUICK
@given(st.sampled_from(("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "cp1252", "latin-1")),
       st.booleans(), st.text(max_size=500))
def test_any_text_in_any_encoding(codec: str, mark: bool, text: str) -> None:
    prefix = "\ufeff" if mark and codec.startswith("utf") else ""
    data = (prefix + text).encode(codec, errors="replace")
    harness.check_bytes(data)


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.integers(0, len(CORPUS) - 1), st.integers(0, len(CORPUS) - 1), st.randoms())
def test_mutated_corpus_files(i: int, j: int, rng: random.Random) -> None:
    """Byte flips, truncation, duplication, shuffled lines, binary, NULs, long lines,
    other line endings and encodings, spliced cables (harness.MUTATIONS)."""
    harness.check_bytes(harness.mutate(CORPUS[i], rng, CORPUS[j]))


@pytest.mark.parametrize("mutation", harness.MUTATIONS, ids=lambda m: m.__name__.strip("_"))
def test_each_mutation_on_every_corpus_file(mutation: object) -> None:
    rng = random.Random(8)
    for data in CORPUS:
        harness.check_bytes(bytes(mutation(bytearray(data), rng)))  # type: ignore[operator]


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(CORPUS) - 1), st.randoms(),
       st.sampled_from(("parse", "validate", "export", "decode")))
def test_cli_on_mutated_files(i: int, rng: random.Random, command: str) -> None:
    """Every command on a mutated file: exit 0 or 1 (2 for one that looks binary, which is
    skipped), never a traceback."""
    import contextlib
    import io
    import tempfile

    data = harness.mutate(CORPUS[i], rng)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.txt"
        path.write_bytes(data)
        err = io.StringIO()
        argv = [command, *(["-j", "1"] if command == "export" else []), "-o",
                str(Path(folder) / "out"), str(path)]
        with contextlib.redirect_stderr(err):
            code = cli.main(argv)
    binary = "looks like a binary file, not a text cable; skipped" in err.getvalue()
    assert code in (0, 1) or (code == 2 and binary), err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert "internal error" not in err.getvalue()
