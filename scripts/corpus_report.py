#!/usr/bin/env python3
"""Measure teletype on a corpus of real cables (default ../shared/corpus).

Per source folder: files, files that raised, lossless round trips, layout recognised, the
share of files with each header field, unparsed (TT101) diagnostics, error diagnostics, and
for Cablegate folders the agreement with INDEX.csv (created date within a day,
classification label) and of reference_id with the file name. With ``--gold``, per folder
that has hand-written gold records (tests/data/gold, see scripts/gold.py), the accuracy of
mrn, date, subject, from and classification against them (right, missing, wrong, spurious,
subjects run on), and with ``--failures FOLDER`` every disagreement in that folder.

    python scripts/corpus_report.py [CORPUS_DIR] [--markdown] [--failures FOLDER] [--gold]
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import teletype

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gold as goldmod  # noqa: E402 - scripts/gold.py, beside this script

FIELDS = ("dtg", "from", "to", "classification", "mrn", "tags", "subject")

# The layouts a folder's files are expected to have (docs/layouts.md). For
# cablegate-wikileaks-html, INDEX.csv's header_variant names the layout of each file.
EXPECTED_LAYOUTS = {
    "cablegate-alx-txt": {"text-only"},
    "cablegate-cablemap-fixtures": {"acp127", "dtg-only"},
    "cablegate-csv-rows": {"dtg-only"},
    "cablegate-pdf-converted": {"acp127", "distribution"},
    "cablegate-testset-html": {"dtg-only"},
    "cia-crest-ocr": {"cia"},
    "foia-talbott-ocr": {"foia", "drafting"},
    "jfk-ocr-cia-cables": {"cia"},
    "navadmin-acp127": {"military"},
    "plusd-aad-html": {"cfpf"},
}
VARIANT_LAYOUTS = {
    "vzczc": {"acp127"},
    "dtg": {"dtg-only"},
    "infolog": {"distribution"},
    # partial extracts: the body only, or a 2000-era printout with its own header
    "partial": {"text-only", "dtg-only", "cfpf"},
}


def expected_layouts(folder: str, row: dict[str, str] | None) -> set[str]:
    if row and row.get("header_variant") in VARIANT_LAYOUTS:
        return VARIANT_LAYOUTS[row["header_variant"]]
    return EXPECTED_LAYOUTS.get(folder, set())


def load_index(folder: Path) -> dict[str, dict[str, str]]:
    index = folder / "INDEX.csv"
    if not index.exists():
        return {}
    with index.open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def agrees(record: dict[str, Any], row: dict[str, str]) -> tuple[bool | None, bool | None]:
    """(date within a day, classification label) against a WikiLeaks INDEX row."""
    date_ok = class_ok = None
    created = row.get("created")
    if created and record.get("dtg"):
        want = datetime.strptime(created, "%Y-%m-%d %H:%M")
        got = datetime.strptime(record["dtg"], "%Y-%m-%dT%H:%M:%SZ")
        date_ok = abs(got - want) <= timedelta(days=1)
    label = row.get("classification_as_labelled")
    if label and record.get("classification"):
        class_ok = label.split("//")[0] == record["classification"]
    return date_ok, class_ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="../shared/corpus")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--failures", metavar="FOLDER", help="list files lacking fields in FOLDER")
    ap.add_argument("--gold", action="store_true",
                    help="score folders with gold records (tests/data/gold) field by field")
    args = ap.parse_args(argv)
    root = Path(args.corpus)
    if not root.is_dir():
        print(f"no corpus at {root}", file=sys.stderr)
        return 2

    rows = []
    failures: list[str] = []
    gold_scores = []
    gold_folders = set(goldmod.gold_folders()) if args.gold else set()
    total_files = total_bytes = 0
    started = time.perf_counter()
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        index = load_index(folder)
        s: dict[str, Any] = collections.Counter()
        gold = goldmod.load_gold(folder.name) if folder.name in gold_folders else None
        scored: list[tuple[str, dict[str, Any]]] = []
        for path in sorted(folder.glob("*.txt")):
            s["files"] += 1
            total_files += 1
            total_bytes += path.stat().st_size
            try:
                cable = teletype.parse_file(path)
                record = cable.record()
            except Exception as error:  # noqa: BLE001 - counted, that is the point
                s["raised"] += 1
                failures.append(f"{path}: raised {error!r}")
                continue
            if gold is not None:
                scored.append((path.name, record))
            raw = path.read_bytes()
            text, _ = teletype.source.decode_bytes(raw)
            s["lossless"] += cable.render() == text
            row = index.get(path.name)
            s["layout"] += cable.layout in expected_layouts(folder.name, row)
            for field in FIELDS:
                s[field] += bool(record[field])
            s["unparsed"] += sum(1 for d in cable.diagnostics if d.code == "TT101")
            s["errors"] += record["errors"]
            if path.stem == record["reference_id"]:
                s["refid"] += 1
            if record["dtg"] or record["from"]:
                s["with_header"] += 1
            if row:
                date_ok, class_ok = agrees(record, row)
                s["date_checked"] += date_ok is not None
                s["date_ok"] += bool(date_ok)
                s["class_checked"] += class_ok is not None
                s["class_ok"] += bool(class_ok)
            if args.failures == folder.name:
                missing = [f for f in FIELDS if not record[f]]
                if missing or cable.errors or \
                        cable.layout not in expected_layouts(folder.name, row):
                    codes = sorted({d.code for d in cable.diagnostics})
                    failures.append(f"{path.name}: layout={cable.layout} missing={missing} "
                                    f"diagnostics={codes}")
        rows.append((folder.name, s))
        if gold is not None:
            score = goldmod.score_records(folder.name, gold, scored)
            gold_scores.append(score)
            if args.failures == folder.name:
                failures.extend(score.problems)
    took = time.perf_counter() - started

    head = ["folder", "files", "raised", "lossless", "layout", *FIELDS, "unparsed", "errors",
            "refid", "date~idx", "class~idx"]
    table = []
    for name, s in rows:
        n = s["files"] or 1

        def pct(key: str, s: Any = s, n: int = n) -> str:
            return f"{100 * s[key] / n:.0f}%"

        date = f"{s['date_ok']}/{s['date_checked']}" if s["date_checked"] else "-"
        klass = f"{s['class_ok']}/{s['class_checked']}" if s["class_checked"] else "-"
        table.append([name, str(s["files"]), str(s["raised"]), pct("lossless"), pct("layout"),
                      *(pct(f) for f in FIELDS), str(s["unparsed"]), str(s["errors"]),
                      pct("refid"), date, klass])
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for line in table:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(r[i]) for r in [head, *table]) for i in range(len(head))]
        for line in [head, *table]:
            print("  ".join(c.rjust(w) if i else c.ljust(w)
                            for i, (c, w) in enumerate(zip(line, widths, strict=True))))
    if gold_scores:
        print("\nAgainst the hand-written gold records (tests/data/gold):\n")
        print(goldmod.format_scores(gold_scores, markdown=args.markdown))
    print(f"\n{total_files} files, {total_bytes / 1e6:.1f} MB in {took:.1f} s "
          f"({total_files / took:.0f} cables/s, single process)", file=sys.stderr)
    for line in failures:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
