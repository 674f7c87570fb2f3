#!/usr/bin/env python3
"""Measure how much of a corpus the code tables decode (issue 14's "Done when" figures).

Per source folder and overall:

* routing indicators: the distinct RIs of FL2 routing lines (and JANAP routing lines), DE
  lines and ``RI/`` address prefixes (FM/TO/INFO/XMT lines), and how many of them decode to a
  known station, collective, agency, military unit, gateway or relay;
* TAGS: the tag occurrences on TAGS lines and how many have a title (the title of the
  cable's year where a title depends on the era);
* TT222 diagnostics of ``teletype.validate``, by severity.

    python scripts/vocab_coverage.py [CORPUS_DIR] [--markdown] [--unknown]

``--unknown`` lists the routing indicators and tags still unknown, with where they occur.
"""

from __future__ import annotations

import argparse
import collections
import sys
from dataclasses import dataclass, field
from pathlib import Path

import teletype
from teletype import decode
from teletype.nodes import AddressBlock, DeLine, JanapRoutingLine, RoutingLine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Tally:
    ris: dict[str, set[str]] = field(default_factory=lambda: collections.defaultdict(set))
    tags: int = 0
    titled: int = 0
    untitled: collections.Counter[str] = field(default_factory=collections.Counter)
    tt222: collections.Counter[str] = field(default_factory=collections.Counter)
    warnings: int = 0
    files: int = 0


def _year(cable: teletype.Cable) -> int | None:
    header = cable.header
    if header is None or header.dtg is None:
        return None
    value = decode.decode_dtg(header.dtg.dtg)[0].value
    return value.year if value else None


def measure(path: Path, tally: Tally) -> None:
    cable = teletype.parse_file(path)
    tally.files += 1
    where = f"{path.parent.name}/{path.name}"
    for node in cable.nodes:
        if isinstance(node, RoutingLine):
            for ri in node.indicators:
                tally.ris[ri.code].add(f"FL2 {where}")
        elif isinstance(node, JanapRoutingLine):
            tally.ris[node.originator.code].add(f"FL2 {where}")
        elif isinstance(node, DeLine) and node.originator is not None:
            tally.ris[node.originator.code].add(f"DE {where}")
        elif isinstance(node, AddressBlock):
            for address in node.addresses:
                if address.ri is not None:
                    tally.ris[address.ri.code].add(f"{node.keyword} {where}")
    if cable.text is not None and cable.text.tags is not None:
        tags, _ = decode.decode_tags(cable.text.tags, year=_year(cable))
        for t in tags:
            tally.tags += 1
            if t.title:
                tally.titled += 1
            else:
                tally.untitled[t.code] += 1
    for d in teletype.validate(cable):
        if d.severity is teletype.Severity.WARNING:
            tally.warnings += 1
        if d.code == "TT222":
            tally.tt222[d.severity.value] += 1


def known(ri: str) -> bool:
    return decode.decode_ri(ri)[0].known


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--unknown", action="store_true", help="list what is still unknown")
    args = ap.parse_args(argv)
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    per: dict[str, Tally] = {}
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        tally = per.setdefault(folder.name, Tally())
        for path in sorted(folder.glob("*.txt")):
            measure(path, tally)
    total = Tally()
    for tally in per.values():
        for ri, seen in tally.ris.items():
            total.ris[ri] |= seen
        total.tags += tally.tags
        total.titled += tally.titled
        total.untitled += tally.untitled
        total.tt222 += tally.tt222
        total.warnings += tally.warnings
        total.files += tally.files

    head = ("source", "files", "distinct RIs", "RIs decoded", "%", "TAGS", "with title", "%",
            "TT222 warning", "TT222 info", "warnings")
    rows = []
    for name, tally in [*per.items(), ("overall", total)]:
        n_known = sum(1 for ri in tally.ris if known(ri))
        rows.append((name, str(tally.files), str(len(tally.ris)), str(n_known),
                     pct(n_known, len(tally.ris)), str(tally.tags), str(tally.titled),
                     pct(tally.titled, tally.tags), str(tally.tt222["warning"]),
                     str(tally.tt222["info"]), str(tally.warnings)))
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                            for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    if args.unknown:
        print("\nrouting indicators still unknown (where seen):")
        for ri in sorted(r for r in total.ris if not known(r)):
            seen = sorted(total.ris[ri])
            print(f"  {ri}: {len(seen)}x, e.g. {', '.join(seen[:3])}")
        print("\ntags without a title (occurrences):")
        print("  " + ", ".join(f"{c} {n}" for c, n in total.untitled.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
