"""The project's own corpus: each file's record and diagnostics equal its golden file.

Regenerate with ``python scripts/update_goldens.py`` after reviewing a change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import teletype

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import update_goldens  # noqa: E402

FILES = sorted((ROOT / "corpus").rglob("*.txt"))


def test_corpus_is_present() -> None:
    assert len([p for p in FILES if p.parent.name == "valid"]) >= 6
    assert len([p for p in FILES if p.parent.name == "invalid"]) >= 6


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_golden(path: Path) -> None:
    golden = update_goldens.golden_path(path)
    assert golden.exists(), f"no golden for {path.name}: run scripts/update_goldens.py"
    want = json.loads(golden.read_text(encoding="utf-8"))
    assert update_goldens.expected(path) == want


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_round_trip(path: Path) -> None:
    cable = teletype.parse_file(path)
    text, _ = teletype.source.decode_bytes(path.read_bytes())
    assert cable.render() == text


def test_valid_cables_have_no_error_diagnostics() -> None:
    for path in FILES:
        if path.parent.name == "valid":
            assert teletype.parse_file(path).errors == 0, path.name
