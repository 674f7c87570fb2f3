"""Field-by-field accuracy against the hand-written gold records of tests/data/gold.

The floors are the values measured after the OCR model went into the parser (issue 13,
branch h-ocr2), so a regression fails; raise them as the parser improves (``python
scripts/corpus_report.py --gold`` prints today's values, ``--failures FOLDER`` every
disagreement).
"""

from __future__ import annotations

import json
import sys

import pytest
from conftest import ROOT, SHARED_CORPUS, needs_shared

sys.path.insert(0, str(ROOT / "scripts"))
import gold  # noqa: E402 - scripts/gold.py

# folder -> field -> files whose value is right (gold not null); floors, not targets.
FLOORS: dict[str, dict[str, int]] = {
    "foia-talbott-ocr": {"mrn": 26, "date": 32, "subject": 32, "from": 25, "classification": 27},
    "jfk-ocr-cia-cables": {"mrn": 9, "date": 9, "subject": 6, "from": 10, "classification": 9},
    "cia-crest-ocr": {"mrn": 0, "date": 1, "subject": 0, "from": 0, "classification": 0},
    "plusd-aad-html": {"mrn": 3, "date": 3, "subject": 3, "from": 3, "classification": 3},
    "navadmin-acp127": {"mrn": 67, "date": 66, "subject": 66, "from": 58, "classification": 56},
}
# folder -> subjects that run into the next field; ceilings.
RUN_ON_CEILINGS = {"foia-talbott-ocr": 1}


def test_gold_files_are_well_formed() -> None:
    keys = {"file", "mrn", "date", "date_source", "subject", "from", "classification",
            "cite", "notes"}
    for folder in gold.gold_folders():
        path = gold.GOLD_DIR / f"{folder}.jsonl"
        names = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert set(row) == keys, (folder, row.get("file"))
            assert (row["date"] is None) == (row["date_source"] is None), row["file"]
            if row["date"]:
                assert len(row["date"]) == 10 and row["date"][4] == "-", row["file"]
            assert row["classification"] in (None, "TOP SECRET", "SECRET", "CONFIDENTIAL",
                                             "LIMITED OFFICIAL USE", "UNCLASSIFIED")
            names.append(row["file"])
        assert names == sorted(set(names)), folder
        if SHARED_CORPUS.is_dir() and (SHARED_CORPUS / folder).is_dir():
            on_disk = sorted(p.name for p in (SHARED_CORPUS / folder).glob("*.txt"))
            assert names == on_disk, f"{folder}: gold rows and corpus files differ"


def test_scoring_rules() -> None:
    assert gold.compare("mrn", "ATHENS 02959", "ATHENS 2959") == "right"
    assert gold.mrn_equal("ATHENS 02959", "ATHENS 2959") == (True, True)
    assert gold.compare("mrn", "PORT A 07938", "PORT AU PRINCE 07938") == "wrong"
    assert gold.compare("subject", "(C) THE  DEPUTY\nSECRETARY", "the deputy secretary") \
        == "right"
    assert gold.compare("subject", None, "X") == "missing"
    assert gold.compare("from", "SECSTATE WASHDC", None) == "spurious"
    assert gold.run_on("A" * 200, "A" * 40) and not gold.run_on("A" * 45, "A" * 40)
    assert gold.record_value({"dtg": "1995-04-04T01:13:00Z"}, "date") == "1995-04-04"
    assert gold.record_value({"date": "1996-11-15", "dtg": None}, "date") == "1996-11-15"


@needs_shared
@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_gold_accuracy_floors(folder: str) -> None:
    if not (SHARED_CORPUS / folder).is_dir():
        pytest.skip(f"../shared/corpus/{folder} is absent")
    score = gold.score_folder(SHARED_CORPUS, folder)
    assert score.files == len(gold.load_gold(folder))
    report = "\n".join(score.problems)
    for name, floor in FLOORS[folder].items():
        assert score.fields[name].right >= floor, f"{folder} {name} below floor:\n{report}"
    ceiling = RUN_ON_CEILINGS.get(folder, 0)
    assert score.fields["subject"].run_on <= ceiling, report
