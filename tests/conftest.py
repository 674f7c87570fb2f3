"""Shared fixtures: paths to the project's corpus and to ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "000_03defcabef60f1fe.txt"


def shared_corpus_files() -> list[Path]:
    return sorted(SHARED_CORPUS.glob("*/*.txt")) if SHARED_CORPUS.is_dir() else []


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seed is absent (it sits beside the project checkout)")
    return SEED


needs_shared = pytest.mark.skipif(
    not SHARED_CORPUS.is_dir(),
    reason="../shared/corpus is absent (it sits beside the project checkout)",
)
