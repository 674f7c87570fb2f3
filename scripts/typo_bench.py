#!/usr/bin/env python3
"""Typo bench: single transcriber's typos in cables of the seed's layout, and what
``teletype.validate`` makes of them.

    python scripts/typo_bench.py                       # the seed + 150 generated cables
    python scripts/typo_bench.py --cables 400 --per-kind 4 --json out.json

Each cable is the seed (``../shared/seed/000_03defcabef60f1fe.txt``) or a generated 1980s
cable (:func:`teletype.strategies.cables_1980s`: addresses without RI prefixes, a
print wrapper with ``NC nnnnnnn OFFICE SERIAL``, a relay envelope in half of them). Each typo
(:func:`teletype.strategies.typo`) is one change of one group. Per kind it reports:

* **on line**: a warning or error the clean cable did not have, on the typed line;
* **fixed**: one of those carries a fix that, applied, gives back the clean text;
* **anywhere**: a new warning or error anywhere in the cable.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_03defcabef60f1fe.txt"
#: the kinds whose diagnostics must carry the right correction (issue 18)
CORRECTED = ("address-drop", "address-swap", "fl2-ri", "de-ri", "month", "print-mrn",
             "precedence-word")


def generated(count: int, seed: int) -> list[str]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed

    from teletype.strategies import cables_1980s

    texts: list[str] = []

    @hseed(seed)
    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(cables_1980s(print_header=True, relay=None))
    def collect(cable: Any) -> None:
        texts.append(cable.text)

    collect()
    return texts


def _key(d: Any) -> tuple[str, int]:
    return d.code, d.span.line if d.span else 0


def run(texts: list[str], per_kind: int, seed: int,
        show: str | None = None) -> dict[str, dict[str, int]]:
    import teletype
    from teletype.diagnostics import Severity
    from teletype.strategies import KINDS, typo

    rng = random.Random(seed)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for text in texts:
        base = {_key(d) for d in teletype.validate(text) if d.severity is not Severity.INFO}
        for kind in KINDS:
            for _ in range(per_kind):
                made = typo(text, kind, rng)
                if made is None:
                    continue
                found = [d for d in teletype.validate(made.text)
                         if d.severity is not Severity.INFO and _key(d) not in base]
                on_line = [d for d in found if d.span is not None and d.span.line == made.line]
                fixed = any(
                    made.text[:f.span.start] + f.replacement + made.text[f.span.end:] == text
                    for d in on_line for f in d.fixes
                )
                if show == kind and not fixed:
                    line = made.text.split("\n")[made.line - 1]
                    print(f"miss {kind}: {made.original!r} -> {made.replacement!r} in {line!r}; "
                          f"found {[d.format() for d in found]}", file=sys.stderr)
                row = counts[kind]
                row["n"] += 1
                row["anywhere"] += bool(found)
                row["on_line"] += bool(on_line)
                row["fixed"] += fixed
                row["fixed_of_caught"] += fixed and bool(on_line)
    return {k: dict(v) for k, v in counts.items()}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


def table(counts: dict[str, dict[str, int]]) -> str:
    lines = ["| typo kind | typos | on the typed line | right correction | anywhere |",
             "|---|---:|---:|---:|---:|"]
    total = defaultdict(int)
    for kind, row in counts.items():
        lines.append(f"| {kind} | {row['n']} | {_pct(row['on_line'], row['n'])} | "
                     f"{_pct(row['fixed'], row['n'])} | {_pct(row['anywhere'], row['n'])} |")
        for key, value in row.items():
            total[key] += value
    lines.append(f"| **all** | {total['n']} | {_pct(total['on_line'], total['n'])} | "
                 f"{_pct(total['fixed'], total['n'])} | {_pct(total['anywhere'], total['n'])} |")
    corrected = [counts[k] for k in CORRECTED if k in counts]
    caught = sum(r["on_line"] for r in corrected)
    right = sum(r["fixed_of_caught"] for r in corrected)
    lines.append("")
    lines.append(f"Address, month, RI, print-header and precedence-word typos caught on their "
                 f"line with the right correction: {_pct(right, caught)} ({right} of {caught}).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cables", type=int, default=150, help="generated cables (default 150)")
    ap.add_argument("--per-kind", type=int, default=3, help="typos per kind and cable")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--seed-only", action="store_true", help="only the seed cable")
    ap.add_argument("--json", type=Path, help="also write the counts here")
    ap.add_argument("--show", metavar="KIND", help="print the typos of KIND not fixed")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    texts = []
    if SEED.is_file():
        texts.append(SEED.read_text(encoding="utf-8"))
        seed_counts = run(texts, max(args.per_kind, 20), args.seed, args.show)
        print("## The seed\n")
        print(table(seed_counts))
        print()
    if args.seed_only:
        return 0
    gen = generated(args.cables, args.seed)
    counts = run(gen, args.per_kind, args.seed, args.show)
    print(f"## {len(gen)} generated 1980s cables\n")
    print(table(counts))
    if args.json:
        args.json.write_text(json.dumps(counts, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
