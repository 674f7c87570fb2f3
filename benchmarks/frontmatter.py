#!/usr/bin/env python3
"""Time of the front-matter decoders (a script, not a timed test).

Reads every cable of ../shared/corpus (or --corpus DIR), then times each ``find_*``
function of :mod:`teletype.decode.fields` over all of them, and each on hostile texts made
to trip backtracking (long runs of words, digits and page-head fragments), and prints
the time per cable and the time per hostile megabyte: the second must stay near the
first times the size (linear), not grow with the square.

    python benchmarks/frontmatter.py [--corpus DIR] [--hostile-kb N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from teletype.decode import fields as fm

FINDERS: dict[str, Callable[[str], object]] = {
    "references": lambda t: fm.find_references(t, 2008, "STATE"),
    "tags": fm.find_tags,
    "classified_by": fm.find_classified_by,
    "subject": fm.find_subject,
    "signers": fm.find_signers,
    "summary": fm.find_summary,
}


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _hostile(size: int) -> dict[str, str]:
    rng = random.Random(0)

    def fill(words: list[str]) -> str:
        out: list[str] = []
        length = 0
        while length < size:
            word = rng.choice(words)
            out.append(word)
            length += len(word) + 1
        return " ".join(out)

    return {
        "words": "REF: " + fill(["ALPHA", "BRAVO", "STATE", "TANGO", "\n"]),
        "digits": "REF: " + fill(["STATE", "00000123", "001.2", "OF", "004", "PAGE", "02"]),
        "lists": "REF: A. " + fill(["STATE", "123", "AND", "456", ",", "1999", "A.", "B)"]),
        "tags": "TAGS: " + fill(["PREL", "PGOV", "HUMAN", "OVIP", "(X, Y)", ","]),
        "statement": "Classified By: " + fill(["Ambassador", "John", "A.", "for", "1.4"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(__file__).resolve().parent.parent.parent / "shared"
                        / "corpus")
    parser.add_argument("--hostile-kb", type=int, default=100)
    args = parser.parse_args(argv)
    texts = [_read(p) for p in sorted(args.corpus.glob("*/*.txt"))] if args.corpus.is_dir() \
        else []
    if texts:
        print(f"{len(texts)} cables from {args.corpus}")
        for name, find in FINDERS.items():
            start = time.perf_counter()
            for text in texts:
                find(text)
            per = (time.perf_counter() - start) / len(texts)
            print(f"  {name:14} {per * 1e3:7.3f} ms/cable")
    for size in (args.hostile_kb * 1000 // 4, args.hostile_kb * 1000):
        print(f"hostile texts of {size // 1000} kB")
        for kind, text in _hostile(size).items():
            worst = max(FINDERS, key=lambda n: _time(FINDERS[n], text))
            print(f"  {kind:10} slowest {worst:14} {_time(FINDERS[worst], text):7.3f} s")
    return 0


def _time(find: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    find(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
