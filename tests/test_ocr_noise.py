"""OCR-noise harness (scripts/ocr_noise.py): 3 % O/0, I/1, S/5, B/8, Z/2 confusions in the
header and front matter of cablegate-wikileaks-more; the reference id, DTG and
classification must stay those of the clean text. The floor is today's measured rate
(issue 13 asks for 95 %); raise it as the OCR repairs land."""

from __future__ import annotations

import random
import sys

import pytest
from conftest import ROOT, SHARED_CORPUS, needs_shared

sys.path.insert(0, str(ROOT / "scripts"))
import ocr_noise  # noqa: E402 - scripts/ocr_noise.py

FOLDER = SHARED_CORPUS / "cablegate-wikileaks-more"
FLOOR = 695  # cables of 698 (99.6 %) with the OCR model in the parser, rate 3 %, seed 13

SAMPLE = (
    "VZCZCXRO9720\nPP RUEHBC\nDE RUEHKB #1835/01 3540807\nZNY CCCCC ZZH\n"
    "P 200807Z DEC 06\nFM AMEMBASSY BAKU\nTO RUEHC/SECSTATE WASHDC PRIORITY 2003\n\n"
    "C O N F I D E N T I A L SECTION 01 OF 03 BAKU 001835\n\nSUBJECT: IRAN 2006\n\n"
    "\u00b61. (C) Summary: BOTH 100 SIDES 2006.\n"
)


def test_noise_touches_only_confusable_front_matter_characters() -> None:
    end = ocr_noise.front_matter_end(SAMPLE)
    assert SAMPLE[end:].startswith("\u00b61.")
    noisy, swaps = ocr_noise.add_noise(SAMPLE, 1.0, random.Random(1))
    assert len(noisy) == len(SAMPLE) and noisy[end:] == SAMPLE[end:]
    assert swaps == sum(c in ocr_noise.CONFUSIONS for c in SAMPLE[:end])
    for a, b in zip(SAMPLE, noisy, strict=True):
        assert a == b or ocr_noise.CONFUSIONS[a] == b
    assert "P ZOOBO72 DEC O6" in noisy and "8AKU" in noisy


def test_noise_is_reproducible() -> None:
    one = ocr_noise.add_noise(SAMPLE, 0.3, ocr_noise.file_rng("x.txt", 13))
    two = ocr_noise.add_noise(SAMPLE, 0.3, ocr_noise.file_rng("x.txt", 13))
    other = ocr_noise.add_noise(SAMPLE, 0.3, ocr_noise.file_rng("x.txt", 14))
    assert one == two and one != other
    assert ocr_noise.add_noise(SAMPLE, 0.0, random.Random(0)) == (SAMPLE, 0)


@needs_shared
def test_fields_survive_ocr_noise_at_todays_rate() -> None:
    if not FOLDER.is_dir():
        pytest.skip("../shared/corpus/cablegate-wikileaks-more is absent")
    result = ocr_noise.measure(sorted(FOLDER.glob("*.txt")), rate=0.03, seed=13)
    assert result.cables >= 600
    assert result.all_equal >= FLOOR, "\n".join(result.changed[:40])
