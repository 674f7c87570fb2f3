#!/usr/bin/env python3
"""Regenerate the golden files of the project's corpus.

For every corpus/**/NAME.txt, writes NAME.expected.json beside it: the record and the
diagnostics (code, severity, line, column, message), with sorted keys. The golden test
(tests/test_goldens.py) fails when a golden differs from what teletype produces now:
review the diff, then run this script to accept it.

    python scripts/update_goldens.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import teletype

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def expected(path: Path) -> dict[str, Any]:
    cable = teletype.parse_file(path)
    record = cable.record()
    record["source"] = path.relative_to(CORPUS).as_posix()
    return {
        "record": record,
        "diagnostics": [
            {
                "code": d.code,
                "severity": d.severity.value,
                "line": d.span.line if d.span else None,
                "column": d.span.column if d.span else None,
                "message": d.message,
            }
            for d in cable.diagnostics
        ],
    }


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def golden_path(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.json")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report stale goldens")
    args = ap.parse_args(argv)
    stale = 0
    for path in sorted(CORPUS.rglob("*.txt")):
        text = dump(expected(path))
        golden = golden_path(path)
        if golden.exists() and golden.read_text(encoding="utf-8") == text:
            continue
        stale += 1
        if args.check:
            print(f"stale: {golden.relative_to(ROOT)}")
        else:
            golden.write_text(text, encoding="utf-8")
            print(f"wrote {golden.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
