"""Score parsed records against the hand-written gold records of tests/data/gold.

A gold file ``tests/data/gold/<folder>.jsonl`` holds one JSON object per corpus file with
the MRN, date, subject, sending office and classification a careful reader sees (see
tests/data/gold/README.md). For each scored field a file is

- ``right``: the record's value equals the gold value (after normalisation),
- ``missing``: the gold has a value, the record none,
- ``wrong``: both have a value and they differ (subjects much longer than the gold are
  also counted as ``run_on``),
- ``spurious``: the gold has no value (a reader sees none), the record has one.

Accuracy of a field is ``right / with_gold`` (files whose gold value is not null).
Used by scripts/corpus_report.py (``--gold``) and tests/test_gold.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "data" / "gold"
SCORED = ("mrn", "date", "subject", "from", "classification")

_MARKING = re.compile(r"^\s*[(\[]\s*(?:U|C|S|TS|SBU|LOU|NF)\s*[)\]]\s*", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def gold_folders() -> list[str]:
    """Corpus folders that have a gold file."""
    return sorted(p.stem for p in GOLD_DIR.glob("*.jsonl"))


def load_gold(folder: str) -> dict[str, dict[str, Any]]:
    """file name -> gold row for one corpus folder."""
    rows: dict[str, dict[str, Any]] = {}
    with (GOLD_DIR / f"{folder}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                rows[row["file"]] = row
    return rows


def record_value(record: Mapping[str, Any], name: str) -> str | None:
    """The record's value for a scored field (date: ``date`` if present, else the DTG's)."""
    if name == "date":
        value = record.get("date") or record.get("dtg")
        return str(value)[:10] if value else None
    value = record.get(name)
    if isinstance(value, list):  # never expected for scored fields; be safe
        value = " ".join(str(v) for v in value)
    return str(value) if value else None


def norm_subject(text: str) -> str:
    """Case-folded, without any whitespace and without a leading portion marking."""
    return _SPACE.sub("", _MARKING.sub("", text)).casefold()


def _split_mrn(text: str) -> tuple[str, str]:
    text = _SPACE.sub(" ", text.strip().upper())
    office, _, serial = text.rpartition(" ")
    return office, serial


def mrn_equal(got: str, want: str) -> tuple[bool, bool]:
    """(equal, equal only after dropping leading zeros of the serial)."""
    g_office, g_serial = _split_mrn(got)
    w_office, w_serial = _split_mrn(want)
    if g_office != w_office:
        return False, False
    if g_serial == w_serial:
        return True, False
    if g_serial.isdigit() and w_serial.isdigit() and int(g_serial) == int(w_serial):
        return True, True
    return False, False


def run_on(got: str, want: str) -> bool:
    """A parsed subject much longer than the gold: it ran into the next field."""
    g, w = norm_subject(got), norm_subject(want)
    return len(g) > 1.5 * len(w) + 20


def compare(name: str, got: str | None, want: str | None) -> str:
    """right / missing / wrong / spurious (see the module docstring)."""
    if want is None:
        return "right" if got is None else "spurious"
    if got is None:
        return "missing"
    if name == "mrn":
        return "right" if mrn_equal(got, want)[0] else "wrong"
    if name == "subject":
        return "right" if norm_subject(got) == norm_subject(want) else "wrong"
    return "right" if _SPACE.sub(" ", got.strip()).upper() == want.upper() else "wrong"


@dataclass
class FieldScore:
    """Counts for one field over one folder."""

    with_gold: int = 0
    right: int = 0
    missing: int = 0
    wrong: int = 0
    spurious: int = 0
    run_on: int = 0
    zeros_differ: int = 0  # MRN right but printed without the gold's leading zeros

    @property
    def accuracy(self) -> float:
        return self.right / self.with_gold if self.with_gold else 1.0


@dataclass
class FolderScore:
    """Per-field counts for one folder, and one line per disagreement."""

    folder: str
    files: int = 0
    fields: dict[str, FieldScore] = field(
        default_factory=lambda: {name: FieldScore() for name in SCORED})
    problems: list[str] = field(default_factory=list)


def score_records(folder: str, gold: Mapping[str, Mapping[str, Any]],
                  records: Iterable[tuple[str, Mapping[str, Any]]]) -> FolderScore:
    """Score (file name, record) pairs against a folder's gold rows."""
    result = FolderScore(folder)
    for name, record in records:
        row = gold.get(name)
        if row is None:
            continue
        result.files += 1
        for key in SCORED:
            got, want = record_value(record, key), row.get(key)
            score = result.fields[key]
            verdict = compare(key, got, want)
            if want is not None:
                score.with_gold += 1
            if verdict == "right":
                if want is not None:
                    score.right += 1
                if key == "mrn" and got and want and mrn_equal(got, want)[1]:
                    score.zeros_differ += 1
                continue
            setattr(score, verdict, getattr(score, verdict) + 1)
            flag = ""
            if verdict == "wrong" and key == "subject" and got and want and run_on(got, want):
                score.run_on += 1
                flag = " RUN ON"
            shown = got if got is None or len(got) < 120 else got[:117] + "..."
            result.problems.append(f"{name}: {key} {verdict}{flag}: got {shown!r}, "
                                   f"gold {want!r}")
    return result


def score_folder(corpus: Path, folder: str) -> FolderScore:
    """Parse every gold file of ``corpus/folder`` and score it."""
    import teletype

    gold = load_gold(folder)

    def records() -> Iterable[tuple[str, Mapping[str, Any]]]:
        for name in sorted(gold):
            path = corpus / folder / name
            if path.exists():
                yield name, teletype.parse_file(path).record()

    return score_records(folder, gold, records())


def format_scores(scores: Iterable[FolderScore], markdown: bool = False) -> str:
    """A table: per folder and field, right/with_gold (accuracy), missing, wrong, ..."""
    head = ["folder", "field", "right", "acc", "missing", "wrong", "spurious", "run on"]
    lines = []
    for s in scores:
        for key in SCORED:
            f = s.fields[key]
            lines.append([s.folder, key, f"{f.right}/{f.with_gold}", f"{100 * f.accuracy:.0f}%",
                          str(f.missing), str(f.wrong), str(f.spurious),
                          str(f.run_on) if key == "subject" else "-"])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(line, widths, strict=True)))
                     for line in [head, *lines])
