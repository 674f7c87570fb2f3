"""Over every file of ../shared/corpus: parsing never raises, the top-level spans tile the
input, and Cablegate headers yield their fields in agreement with INDEX.csv."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import SHARED_CORPUS, needs_shared, shared_corpus_files

import teletype
from teletype.source import decode_bytes

FILES = shared_corpus_files()


@needs_shared
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_parses_without_raising_and_tiles(path: Path) -> None:
    cable = teletype.parse_file(path)
    text, _ = decode_bytes(path.read_bytes())
    pos = 0
    for node in cable.nodes:
        assert node.span.start == pos, node
        pos = node.span.end
    assert pos == len(text)
    assert cable.render() == text
    assert set(cable.record()) == set(teletype.RECORD_KEYS)


@needs_shared
def test_cablegate_headers_agree_with_index() -> None:
    """Every Cablegate file with an FM line yields dtg, from and classification; >= 95 %
    agree with INDEX.csv (created within a day, classification label)."""
    folder = SHARED_CORPUS / "cablegate-wikileaks-html"
    with (folder / "INDEX.csv").open(newline="", encoding="utf-8") as handle:
        index = {row["file"]: row for row in csv.DictReader(handle)}
    checked = agreed = 0
    for name, row in index.items():
        record = teletype.parse_file(folder / name).record()
        if not record["from"]:
            continue
        assert record["dtg"] and record["classification"], name
        checked += 1
        created = datetime.strptime(row["created"], "%Y-%m-%d %H:%M")
        dtg = datetime.strptime(record["dtg"], "%Y-%m-%dT%H:%M:%SZ")
        label = row["classification_as_labelled"].split("//")[0]
        agreed += abs(dtg - created) <= timedelta(days=1) and label == record["classification"]
    assert checked >= 150
    assert agreed / checked >= 0.95


@needs_shared
@pytest.mark.parametrize("folder", sorted(p.name for p in SHARED_CORPUS.glob("cablegate-*"))
                         if SHARED_CORPUS.is_dir() else [])
def test_cablegate_files_with_a_header_yield_the_key_fields(folder: str) -> None:
    for path in sorted((SHARED_CORPUS / folder).glob("*.txt")):
        record = teletype.parse_file(path).record()
        if record["from"] and record["layout"] != "unknown":
            assert record["dtg"] or folder == "cablegate-csv-rows", path.name
