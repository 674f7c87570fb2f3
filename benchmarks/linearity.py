#!/usr/bin/env python3
"""Is parse time linear in input size? Times ``teletype.parse`` from 1 KB to 20 MB.

    python benchmarks/linearity.py [--max-mb 20] [--kinds cables,plain-line,line,letters]
                                   [--repeat 3] [--timeout 900]

Kinds of input, each cut to the size:
  cables   the project's corpus/valid cables, one after another (many lines, all layers)
  line     ``TAGS: `` and the same text (without its release-stamp lines) with every line
           end replaced by a space: one single line that the lexer takes group by group
           (TAGS lines accept any group; a line the grammar takes whole, such as body
           text, would be one token)
  plain-line  the same without the words that contain a release-stamp anchor
           (teletype.grammar._ANCHORS: "Review", "Department", ...), which the stamp
           pre-pass searches for
  letters  one single line of one letter (one token)

Every measurement runs in a fresh process (so that peak memory is its own) with
``max_chars`` above the size, so that all of the input is parsed. Prints a table of size,
seconds (best of --repeat, fewer for the large sizes), seconds per MB and peak memory, and
the ratio of the largest to the smallest seconds/MB at or above 100 KB per kind (1.0 is
perfectly linear; below 1 KB fixed costs dominate).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000, 1_000_000, 5_000_000, 10_000_000, 20_000_000)
KINDS = ("cables", "plain-line", "line", "letters")


def make_text(kind: str, size: int) -> str:
    if kind == "letters":
        return "A" * size
    parts = [p.read_bytes().decode("utf-8", "replace")
             for p in sorted((ROOT / "corpus" / "valid").glob("*.txt"))]
    unit = "\n".join(parts).replace("\r\n", "\n")
    if kind in ("line", "plain-line"):
        # without release-stamp lines: a line holding a stamp phrase is one STAMP token
        from teletype import grammar

        stamp = getattr(grammar, "STAMP_PHRASES", None)
        kept = [ln for ln in unit.split("\n") if stamp is None or not stamp.search(ln)]
        # without PAGE: a page header may follow a TAGS line on the same line and would
        # take the rest of the line as one wrapper
        unit = " ".join(w for w in " ".join(kept).split() if w.upper() != "PAGE") + " "
        if kind == "plain-line":
            anchors = getattr(grammar, "_ANCHORS", ())
            unit = " ".join(w for w in unit.split() if not any(a in w for a in anchors)) + " "
    text = unit * (size // len(unit) + 1)
    text = ("TAGS: " + text)[:size] if kind.endswith("line") else text[:size]
    if kind == "cables":  # end at a line end, pad with spaces to the exact size
        text = text[: text.rfind("\n") + 1]
        text += " " * (size - len(text))
    return text


def measure(kind: str, size: int, repeat: int) -> dict[str, float]:
    """In this process: parse once to warm up, then ``repeat`` times; best time."""
    import teletype

    teletype.parse("BT\n")  # build the parser
    text = make_text(kind, size)
    best = float("inf")
    nodes = 0
    for _ in range(repeat):
        start = time.perf_counter()
        cable = teletype.parse(text, max_chars=size + 1)
        best = min(best, time.perf_counter() - start)
        nodes = len(cable.nodes)
        assert cable.render() == text
        assert not any(d.code in ("TT000", "TT002") for d in cable.diagnostics)
        del cable
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": best, "nodes": nodes, "peak_mb": peak_kb / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-mb", type=float, default=20.0)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per size below 1 MB")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds per measurement; larger sizes of that kind are skipped")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "SIZE", "REPEAT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        kind, size, repeat = args.one
        print(json.dumps(measure(kind, int(size), int(repeat))))
        return 0

    sizes = [s for s in SIZES if s <= args.max_mb * 1_000_000]
    print(f"teletype parse, Python {sys.version.split()[0]}")
    print(f"{'kind':<8} {'size':>11} {'nodes':>9} {'seconds':>9} {'s/MB':>7} {'peak MB':>8}")
    for kind in args.kinds.split(","):
        per_mb: list[float] = []
        for size in sizes:
            repeat = args.repeat if size < 1_000_000 else 1
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--one", kind, str(size), str(repeat)],
                    capture_output=True, text=True, check=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"{kind:<8} {size:>11,} {'':>9} {'> ' + str(int(args.timeout)):>9} "
                      "(timed out; larger sizes skipped)", flush=True)
                break
            result = json.loads(done.stdout)
            seconds = result["seconds"]
            rate = seconds / (size / 1e6)
            if size >= 100_000:
                per_mb.append(rate)
            print(f"{kind:<8} {size:>11,} {result['nodes']:>9,} {seconds:>9.3f} {rate:>7.2f} "
                  f"{result['peak_mb']:>8.0f}", flush=True)
        if per_mb:
            print(f"{kind:<8} s/MB from 100 KB up: {min(per_mb):.2f}..{max(per_mb):.2f} "
                  f"(max/min {max(per_mb) / min(per_mb):.2f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
