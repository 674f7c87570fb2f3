"""Score teletype against cablemap's ported expectations (tests/data/cablemap/*.jsonl).

Each expectation names a field, a cable and an input: the test's inline text, or (input
null) the full cable from ../shared/corpus. Two ways of reading a field are scored:

* ``record``: what ``teletype.parse(text).record()`` gives (the front matter the Builder
  read once: ``reference_ids``, ``tags``/``tag_persons``/``tag_free_text``,
  ``classified_by_names``, ``subject``, ``signers``, ``summary``, ``to``/``info`` without
  XMT lines), with the typed REF items and the TAGS order of ``Cable.front``;
* ``adapter``: the front-matter decoders of :mod:`teletype.decode.fields` called directly
  on the same text through their ``find`` functions.

Usage: ``python scripts/cablemap_score.py [--mode record|adapter|both] [--misses]``.
Prints met/total per field and overall; ``--misses`` lists what was not met.
An expectation whose verdict is ``teletype`` is scored against its ``corrected`` value.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "cablemap"
CORPUS = ROOT.parent / "shared" / "corpus"

FIELDS = ("references", "references_typed", "tags", "classificationist", "subject",
          "signers", "summary", "to", "info", "declassify")


@dataclass(frozen=True)
class Outcome:
    row: dict[str, Any]
    met: bool | None  # None: the cable's text is not available
    actual: Any


def load(data: Path = DATA) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(data.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


@functools.lru_cache(maxsize=1)
def corpus_index(corpus: Path = CORPUS) -> dict[str, Path]:
    """Reference id -> file, from file names and INDEX.csv rows of every corpus folder."""
    index: dict[str, Path] = {}
    if not corpus.is_dir():
        return index
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.txt")):
            index.setdefault(path.stem, path)
        table = folder / "INDEX.csv"
        if table.exists():
            with table.open(encoding="utf-8", newline="") as handle:
                for entry in csv.DictReader(handle):
                    ref = entry.get("reference_id") or ""
                    if ref and entry.get("file"):
                        index.setdefault(ref, folder / entry["file"])
    return index


def cable_year(cable: str | None) -> int | None:
    """The citing cable's year from its reference id (``07STATE1`` -> 2007)."""
    if not cable or not cable[:2].isdigit():
        return None
    yy = int(cable[:2])
    return 1900 + yy if yy >= 40 else 2000 + yy


def text_of(row: dict[str, Any]) -> str | None:
    if row["input"] is not None:
        return str(row["input"])
    path = corpus_index().get(row["cable"] or "")
    if path is None:
        return None
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def year_of(row: dict[str, Any]) -> int | None:
    year = row.get("year")
    return int(year) if year is not None else cable_year(row["cable"])


def origin_of(row: dict[str, Any]) -> str | None:
    """The citing cable's office from its reference id (``03ANKARA6322`` -> ``ANKARA``)."""
    match = re.fullmatch(r"\d{2}([A-Z]+?)\d+", row["cable"] or "")
    return match.group(1) if match else None


def expected_of(row: dict[str, Any]) -> Any:
    return row["corrected"] if row["verdict"] == "teletype" else row["expected"]


# ------------------------------------------------------------------ comparisons

def _squash(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


_PORTION = re.compile(r"^\((?:[A-Z]{1,4}(?:/+[A-Z]+)*)\)\s*")


def _subject_value(value: str | None, row: dict[str, Any]) -> str | None:
    value = _squash(value)
    if value is not None and (row.get("options") or {}).get("clean", True):
        value = _PORTION.sub("", value)
    return value


def same(row: dict[str, Any], actual: Any) -> bool:
    field, expected = row["field"], expected_of(row)
    if field == "subject":
        return bool(_subject_value(actual, row) == expected)
    if field == "summary":
        return bool(_squash(actual) == _squash(expected))
    if field == "signers" and (row.get("options") or {}).get("c14n"):
        return [str(a).upper() for a in actual] == [str(e).upper() for e in expected]
    return bool(actual == expected)


# ------------------------------------------------------------------ record mode

def _flat_tags(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        match = re.fullmatch(r"(.*?) \((.*)\)", tag)
        out.extend([match.group(1), match.group(2)] if match else [tag])
    return out


def _typed(cable: Any, row: dict[str, Any]) -> list[Any]:
    """The cited items of the record's cable: the REF block read once by the Builder
    (``Text.front``), then any other REF block. A snippet has no DTG: its cables cited
    without a year get the citing cable's year the test gives (the id the record would
    give with the cable's header)."""
    from teletype.decode import fields as fm

    front = cable.front
    items = list(front.references.items) if front else []
    for block in cable.text.references if cable.text else ():
        if block.decoded is not None and (front is None or block.decoded is not
                                          front.references):
            items.extend(block.decoded.items)
    year = year_of(row)
    out = []
    for item in items:
        if item.kind == "cable" and item.reference_id is None and year is not None \
                and item.office and item.serial:
            item = fm.CitedItem(item.raw, item.start, item.end, item.letter, item.kind,
                                item.text, item.office, item.office_written, item.serial,
                                item.number, item.section, year, None, True,
                                fm.cable_id(item.office, item.serial, year))
        out.append(item)
    return out


def record_value(row: dict[str, Any], text: str) -> Any:
    """The field as teletype's record (and the nodes behind it) give it."""
    import teletype
    from teletype import decode
    from teletype.decode import fields as fm

    cable = teletype.parse(text)
    record = cable.record()
    field, options = row["field"], row.get("options") or {}
    if field == "references":
        return [i.reference_id for i in _typed(cable, row) if i.kind == "cable"]
    if field == "references_typed":
        return [[fm.CABLEMAP_KIND.get(i.kind, i.kind),
                 i.reference_id if i.kind == "cable" else i.text, i.letter]
                for i in _typed(cable, row) if i.kind in fm.CABLEMAP_KINDS]
    if field == "tags":
        # the record keeps codes (``CODE (NAME)``), persons and free text apart; cablemap's
        # one list is the order they were written in, which the TAGS node keeps
        front = cable.front
        return front.tags.cablemap_list() if front and front.tags else _flat_tags(
            record["tags"])
    if field == "classificationist":
        return [fm.normalize_name(n) if options.get("normalize") else n
                for n in record["classified_by_names"]]
    if field == "subject":
        return record["subject"]
    if field == "signers":
        return record["signers"]
    if field == "summary":
        return record["summary"]
    if field in ("to", "info"):
        header = cable.header
        addresses = (header.to if field == "to" else header.info) if header else ()
        kept = set(record[field])  # the record's addressees: XMT exclusions left out
        return [{"route": a.ri.code if a.ri else None, "name": a.name,
                 "precedence": a.precedence.raw.strip() if a.precedence else None,
                 "mcn": a.mcn} for a in addresses if a.name in kept]
    if field == "declassify":
        if cable.text is None or cable.text.eo is None:
            return None
        eo, _ = decode.decode_eo(cable.text.eo)
        return eo.declassification.date_iso
    raise ValueError(field)


# ------------------------------------------------------------------ adapter mode

def adapter_value(row: dict[str, Any], text: str) -> Any:
    """The field as the front-matter decoders read it from the same text."""
    from teletype.decode import fields as fm

    field, options = row["field"], row.get("options") or {}
    year = year_of(row)
    if field == "references":
        refs = fm.find_references(text, year, origin_of(row))
        return [r.reference_id for r in refs.items if r.kind == "cable"]
    if field == "references_typed":
        refs = fm.find_references(text, year, origin_of(row))
        return [[fm.CABLEMAP_KIND.get(r.kind, r.kind),
                 r.reference_id if r.kind == "cable" else r.text, r.letter]
                for r in refs.items if r.kind in fm.CABLEMAP_KINDS]
    if field == "tags":
        tags = fm.find_tags(text)
        return tags.cablemap_list() if tags else []
    if field == "classificationist":
        statement = fm.find_classified_by(text)
        if statement is None:
            return []
        return [fm.normalize_name(n) if options.get("normalize") else n
                for n in statement.names]
    if field == "subject":
        subject = fm.find_subject(text)
        return subject.text if subject else None
    if field == "signers":
        return list(fm.find_signers(text).names)
    if field == "summary":
        summary = fm.find_summary(text)
        return summary.value if summary else None
    if field in ("to", "info"):
        # the header's addressees as the record gives them, XMT exclusions told apart
        addressees = record_value(row, text)
        kept, _ = fm.split_exclusions([a["name"] for a in addressees])
        return [a for a in addressees if a["name"] in kept]
    if field == "declassify":
        value = record_value(row, text)
        if value is None:
            # an E.O. line standing after other text on its line ("DEPT FOR WHA/BSC E.O. ...")
            from teletype import decode
            eo = re.search(r"(?i)\bE\.?\s?O\.?\s*1\d{4}\s*:?\s*(.*)", text)
            if eo is not None:
                decl, _ = decode.decode_declassification(eo.group(1).strip())
                value = decl.date_iso
        return value
    raise ValueError(field)


# ------------------------------------------------------------------ scoring

def score(rows: list[dict[str, Any]],
          value: Callable[[dict[str, Any], str], Any]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for row in rows:
        text = text_of(row)
        if text is None:
            outcomes.append(Outcome(row, None, None))
            continue
        actual = value(row, text)
        outcomes.append(Outcome(row, same(row, actual), actual))
    return outcomes


def tally(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for out in outcomes:
        if out.met is None:
            continue
        met, total = counts.get(out.row["field"], (0, 0))
        counts[out.row["field"]] = (met + int(out.met), total + 1)
    return counts


def report(name: str, outcomes: list[Outcome], misses: bool) -> None:
    counts = tally(outcomes)
    unavailable = sum(1 for o in outcomes if o.met is None)
    print(f"== {name} ({unavailable} expectations skipped: cable not in ../shared/corpus)")
    met_all = total_all = 0
    for field in FIELDS:
        if field in counts:
            met, total = counts[field]
            met_all, total_all = met_all + met, total_all + total
            print(f"  {field:18} {met:4}/{total:<4} {100 * met / total:5.1f}%")
    if total_all:
        print(f"  {'overall':18} {met_all:4}/{total_all:<4} {100 * met_all / total_all:5.1f}%")
    if misses:
        for out in outcomes:
            if out.met is False:
                row = out.row
                print(f"- {row['id']} {row['field']} {row['cable']} ({row['source']})\n"
                      f"    expected {expected_of(row)!r}\n    actual   {out.actual!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("record", "adapter", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list the expectations not met")
    parser.add_argument("--field", action="append", help="only these fields")
    args = parser.parse_args(argv)
    rows = load()
    if args.field:
        rows = [r for r in rows if r["field"] in args.field]
    if args.mode in ("record", "both"):
        report("record", score(rows, record_value), args.misses)
    if args.mode in ("adapter", "both"):
        report("adapter", score(rows, adapter_value), args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
