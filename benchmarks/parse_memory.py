"""Bytes of memory per character that a parse takes, for hostile and ordinary text.

Each size is parsed in this process with ``tracemalloc`` on: the peak of traced memory
during the parse (and during the parser's run alone, which makes the parse tree that the
Builder reads) and what the returned cable keeps, per input character, and where the
retained memory was allocated (by file). docs/reliability.md ("Export under faults") quotes
it for a line of ``TO `` keywords::

    python benchmarks/parse_memory.py --kind to --chars 150000 300000
"""

from __future__ import annotations

import argparse
import collections
import tracemalloc
from pathlib import Path

import teletype
from teletype.grammar import get_parser

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"to": "TO ", "letters": "A", "ref": "REF: "}


def text_of(kind: str, chars: int) -> str:
    if kind == "cables":
        corpus = "".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in sorted((ROOT / "corpus" / "valid").glob("*.txt")))
        return (corpus * (chars // len(corpus) + 1))[:chars]
    unit = UNITS[kind]
    return unit * (chars // len(unit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=[*UNITS, "cables"], default="to")
    parser.add_argument("--chars", type=int, nargs="+", default=[150_000])
    args = parser.parse_args()
    teletype.parse("warm up\n")
    for chars in args.chars:
        text = text_of(args.kind, chars)
        tracemalloc.start()
        try:  # the parser alone: the tree of the text, as parse() hands it to the Builder
            get_parser().parse(text if text.endswith("\n") else text + "\n")
            tree_peak = tracemalloc.get_traced_memory()[1]
        except Exception:  # noqa: BLE001 - parse() resynchronises; the first pass failed
            tree_peak = 0
        tracemalloc.stop()
        tracemalloc.start()
        cable = teletype.parse(text)
        retained, peak = tracemalloc.get_traced_memory()
        top = tracemalloc.take_snapshot().statistics("filename")[:3]
        tracemalloc.stop()
        kinds = collections.Counter(type(n).__name__ for n in cable.nodes).most_common(2)
        print(f"{args.kind} {len(text):,} chars: peak {peak / len(text):.0f} B/char "
              f"(the parse tree alone {tree_peak / len(text):.0f}), "
              f"retained {retained / len(text):.0f} B/char, {len(cable.nodes):,} nodes {kinds}")
        for stat in top:
            print(f"    {stat}")
        del cable


if __name__ == "__main__":
    main()
