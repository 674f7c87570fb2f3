"""Shared fixtures: paths to the project's corpus and to ../shared (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "000_03defcabef60f1fe.txt"


# Hypothesis profiles: "ci" (default: quick, deterministic) and "long" (thousands of
# examples, run by hand): TELETYPE_HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_properties.py
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the property tests skip themselves without hypothesis
    pass
else:
    settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("long", max_examples=3000, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("TELETYPE_HYPOTHESIS_PROFILE", "ci"))


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
