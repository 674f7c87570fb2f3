#!/usr/bin/env python3
"""Snapshot what teletype makes of every cable: the record, the diagnostics, the round trip.

Refactors must not change behaviour: take a snapshot before, one after, and compare.

    python scripts/snapshot.py -o before.jsonl            # ../shared/corpus, corpus/, the seed
    python scripts/snapshot.py -o after.jsonl
    python scripts/snapshot.py --compare before.jsonl after.jsonl

Each line is one file: its path, the record, the diagnostics (code, severity, line, column,
message) and whether ``render(parse(text)) == text``. ``--compare`` prints the files whose
snapshot differs, field by field, and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = (ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "seed",
                  ROOT / "corpus")


def files(inputs: list[Path]) -> Iterator[Path]:
    for base in inputs:
        if base.is_file():
            yield base
        elif base.is_dir():
            yield from sorted(p for p in base.rglob("*.txt") if p.is_file())


def snapshot(path: Path) -> dict[str, Any]:
    import teletype

    raw = path.read_bytes()
    cable = teletype.parse_bytes(raw, source=str(path))
    validate = getattr(teletype, "validate", None)
    diagnostics = validate(cable) if callable(validate) else cable.diagnostics
    try:
        rel = str(path.resolve().relative_to(ROOT.parent))
    except ValueError:
        rel = str(path)
    record = dict(cable.record())
    record.pop("source", None)
    return {
        "path": rel,
        "record": record,
        "diagnostics": [
            [d.code, str(d.severity), d.span.line if d.span else None,
             d.span.column if d.span else None, d.message]
            for d in diagnostics
        ],
        "lossless": teletype.render(cable) == teletype.source.decode_bytes(raw)[0],
        "explain": explain_text(cable, str(path)),
    }


def explain_text(cable: Any, path: str) -> str:
    """What ``teletype decode`` prints (the decoders' output, group by group)."""
    from teletype import explain

    return explain.render_text(explain.explain(cable), path)


def compare(before: Path, after: Path) -> int:
    def load(p: Path) -> dict[str, dict[str, Any]]:
        with p.open(encoding="utf-8") as handle:
            return {row["path"]: row for row in map(json.loads, handle)}

    a, b = load(before), load(after)
    changed = 0
    for path in sorted(set(a) | set(b)):
        if a.get(path) == b.get(path):
            continue
        changed += 1
        print(f"== {path}")
        if path not in a or path not in b:
            print("   only in", "after" if path not in a else "before")
            continue
        ra, rb = a[path]["record"], b[path]["record"]
        for key in sorted(set(ra) | set(rb)):
            if ra.get(key) != rb.get(key):
                print(f"   record.{key}: {ra.get(key)!r} -> {rb.get(key)!r}")
        da, db = a[path]["diagnostics"], b[path]["diagnostics"]
        for d in da:
            if d not in db:
                print(f"   - {d}")
        for d in db:
            if d not in da:
                print(f"   + {d}")
        if a[path].get("explain") != b[path].get("explain"):
            print("   decode output differs")
        if a[path]["lossless"] != b[path]["lossless"]:
            print(f"   lossless: {a[path]['lossless']} -> {b[path]['lossless']}")
    print(f"{changed} of {len(set(a) | set(b))} files differ", file=sys.stderr)
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", type=Path, help="files or folders (default: all)")
    ap.add_argument("-o", "--output", type=Path, help="write the snapshot here (default stdout)")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for path in files(list(args.inputs) or list(DEFAULT_INPUTS)):
            out.write(json.dumps(snapshot(path), sort_keys=True, ensure_ascii=False) + "\n")
    finally:
        if args.output:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
