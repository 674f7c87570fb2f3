#!/usr/bin/env python3
"""Throughput of the teletype pipeline (a script, not a timed test).

Times, on the same texts: the full pipeline per cable (parse + record, + validate when
teletype.validate exists), single process and with N worker processes, and a bare Lark
LALR parse with the same grammar; reports cables/s, MB/s, the ratio to the bare parse
and peak memory (ru_maxrss).

    python benchmarks/bench.py [--corpus DIR] [--synthetic N] [--jobs N] [--repeat R]

--corpus defaults to ../shared/corpus/cablegate-* when present; --synthetic N adds N
cables built by repeating the project's corpus/valid cables (a stand-in for a large
collection: memory must stay flat as N grows).
"""

from __future__ import annotations

import argparse
import glob
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import teletype
from teletype.grammar import get_parser, mark_stamps
from teletype.source import decode_bytes

ROOT = Path(__file__).resolve().parent.parent


def load(paths: Iterable[str]) -> list[str]:
    return [decode_bytes(Path(p).read_bytes())[0] for p in paths]


def pipeline(text: str) -> int:
    cable = teletype.parse(text)
    record = cable.record()
    validate = getattr(teletype, "validate", None)
    if callable(validate):
        validate(cable)
    return len(record)


def bare(text: str) -> None:
    parser = get_parser().lark
    try:
        parser.parse(mark_stamps(text if text.endswith("\n") else text + "\n"))
    except Exception:  # noqa: BLE001 - the bare parser has no recovery; count the attempt
        pass


def timed(func: object, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def _work(chunk: list[str]) -> int:
    return sum(pipeline(t) for t in chunk)


def timed_jobs(texts: list[str], jobs: int) -> float:
    size = max(1, len(texts) // (jobs * 8))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with multiprocessing.Pool(jobs) as pool:
        pool.map(_work, chunks[:jobs])  # warm the workers (grammar build)
        start = time.perf_counter()
        pool.map(_work, chunks)
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    if args.corpus:
        paths = sorted(glob.glob(os.path.join(args.corpus, "**", "*.txt"), recursive=True))
    else:
        paths = sorted(glob.glob(str(ROOT.parent / "shared" / "corpus" / "cablegate-*" / "*.txt")))
    texts = load(paths)
    if args.synthetic:
        seeds = load(sorted(glob.glob(str(ROOT / "corpus" / "valid" / "*.txt"))))
        texts += [seeds[i % len(seeds)] for i in range(args.synthetic)]
    if not texts:
        print("no texts", file=sys.stderr)
        return 2
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for text in texts[:50]:  # warm up: grammar build and per-state lexers
        pipeline(text)
        bare(text)

    rows = []
    full = timed(pipeline, texts, args.repeat)
    rows.append(("pipeline, 1 process", full))
    lark_only = timed(bare, texts, args.repeat)
    rows.append(("bare Lark LALR parse", lark_only))
    if args.jobs > 1:
        rows.append((f"pipeline, {args.jobs} processes", timed_jobs(texts, args.jobs)))
    print(f"{len(texts)} cables, {size:.1f} MB (average {size * 1e3 / len(texts):.1f} KB)")
    print(f"{'run':28} {'seconds':>8} {'cables/s':>9} {'MB/s':>6}")
    for name, seconds in rows:
        print(f"{name:28} {seconds:8.2f} {len(texts) / seconds:9.0f} {size / seconds:6.2f}")
    print(f"pipeline / bare parse time: {full / lark_only:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
