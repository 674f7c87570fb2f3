"""Bytes of memory per character that a parse takes, for hostile and ordinary text.

Each size is parsed in this process with ``tracemalloc`` on: the peak of traced memory
during the parse (and during the parser's run alone, which makes the parse tree that the
Builder reads) and what the returned cable keeps, per input character, and where the
retained memory was allocated (by file). docs/reliability.md ("Export under faults") quotes
it for a line of ``TO `` keywords::

    python benchmarks/parse_memory.py --kind to --chars 150000 300000
    python benchmarks/parse_memory.py --kind to --chars 1200000 10200000 --rss

``--rss``: each size parsed in a fresh process without ``tracemalloc``, which reports the
resident peak over what the process held before the parse (``ru_maxrss``) and the CPU
seconds of the parse.
"""

from __future__ import annotations

import argparse
import collections
import resource
import subprocess
import sys
import time
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


def resident(kind: str, chars: int) -> None:
    """Parse one size in this process, without tracemalloc: the resident peak over the
    start and the CPU seconds."""
    text = text_of(kind, chars)
    teletype.parse("warm up\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    cpu = time.process_time()
    teletype.parse(text)
    cpu = time.process_time() - cpu
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    print(f"{kind} {len(text):,} chars: ru_maxrss {grown / 2**20:,.0f} MiB over the start, "
          f"{grown / len(text):.0f} B/char, {cpu:.1f} CPU s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=[*UNITS, "cables"], default="to")
    parser.add_argument("--chars", type=int, nargs="+", default=[150_000])
    parser.add_argument("--rss", action="store_true",
                        help="ru_maxrss and CPU seconds, a fresh process per size")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        resident(args.kind, args.chars[0])
        return
    if args.rss:
        for chars in args.chars:
            subprocess.run([sys.executable, __file__, "--one", "--kind", args.kind,
                            "--chars", str(chars)], check=True)
        return
    teletype.parse("warm up\n")
    for chars in args.chars:
        text = text_of(args.kind, chars)
        tracemalloc.start()
        try:  # the parser alone, without the Builder's hooks: the whole tree of the text
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
              f"(a whole parse tree {tree_peak / len(text):.0f}), "
              f"retained {retained / len(text):.0f} B/char, {len(cable.nodes):,} nodes {kinds}")
        for stat in top:
            print(f"    {stat}")
        del cable


if __name__ == "__main__":
    main()
