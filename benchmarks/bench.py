#!/usr/bin/env python3
"""Throughput of the teletype pipeline (a script, not a timed test).

Times, on the same texts: the full pipeline per cable (parse + record, + validate when
teletype.validate exists), single process and with N worker processes, and a bare Lark
LALR parse with the same grammar; reports cables/s, MB/s, the ratio to the bare parse
and peak memory (ru_maxrss).

    python benchmarks/bench.py [--corpus DIR] [--synthetic N] [--jobs N] [--repeat R]

--corpus defaults to ../shared/corpus/cablegate-* when present. --synthetic N also streams
N cables built by cycling through those texts (the project's corpus/valid cables when
../shared is absent), each with its own MRN serial: a stand-in for a large collection.
They are generated as they are parsed, never held in a list, and the peak memory after a
tenth of them and after all of them shows whether memory stays flat as N grows.
"""

from __future__ import annotations

import argparse
import glob
import multiprocessing
import os
import re
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import teletype
from teletype.collection import Item, ordered_map
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


def _pipeline_item(item: Item) -> int:
    return pipeline(item.data.decode("utf-8"))


_CLASS_SERIAL = re.compile(r"(?m)^((?:UNCLAS|CONFIDENTIAL|SECRET)[A-Z ]* )(\d{3,6})\b")


def synthetic(seeds: list[str], n: int) -> Iterator[str]:
    """``n`` cables cycling through ``seeds``, the first MRN-like serial of each changed."""
    for i in range(n):
        serial = f"{i % 1_000_000:06d}"
        yield _CLASS_SERIAL.sub(rf"\g<1>{serial}", seeds[i % len(seeds)], count=1)


def peak_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def stream(texts: Iterable[str], n: int, jobs: int) -> tuple[float, float, float]:
    """Seconds, MB and the peak memory (MB) after a tenth of the texts, all streamed."""
    size = 0
    tenth = 0.0
    start = time.perf_counter()

    def items() -> Iterator[Item]:
        nonlocal size
        for i, text in enumerate(texts):
            data = text.encode("utf-8")
            size += len(data)
            yield Item(str(i), data)

    for done, _ in enumerate(ordered_map(_pipeline_item, items(), jobs), 1):
        if done == max(1, n // 10):
            tenth = max(peak_mb(), peak_mb(children=True))
    return time.perf_counter() - start, size / 1e6, tenth


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
    if not texts:
        texts = load(sorted(glob.glob(str(ROOT / "corpus" / "valid" / "*.txt"))))
    if not texts:
        print("no texts", file=sys.stderr)
        return 2
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for text in texts[:50]:  # warm up: grammar build and per-state lexers
        pipeline(text)
        bare(text)

    rows = []
    full = timed(pipeline, texts, args.repeat)
    rows.append(("pipeline, 1 process", len(texts), size, full))
    lark_only = timed(bare, texts, args.repeat)
    rows.append(("bare Lark LALR parse", len(texts), size, lark_only))
    if args.jobs > 1:
        rows.append((f"pipeline, {args.jobs} processes", len(texts), size,
                     timed_jobs(texts, args.jobs)))
    print(f"{len(texts)} cables, {size:.1f} MB (average {size * 1e3 / len(texts):.1f} KB)")
    memory = []
    if args.synthetic:
        n = args.synthetic
        for jobs in sorted({1, args.jobs}):
            seconds, mb, tenth = stream(synthetic(texts, n), n, jobs)
            label = f"synthetic {n}, {jobs} process{'es' if jobs > 1 else ''}"
            rows.append((label, n, mb, seconds))
            memory.append((label, tenth, max(peak_mb(), peak_mb(children=True))))
    print(f"{'run':32} {'cables':>7} {'MB':>7} {'seconds':>8} {'cables/s':>9} {'MB/s':>6}")
    for name, count, mb, seconds in rows:
        print(f"{name:32} {count:7} {mb:7.1f} {seconds:8.2f} {count / seconds:9.0f} "
              f"{mb / seconds:6.2f}")
    print(f"pipeline / bare parse time: {full / lark_only:.2f}")
    for label, tenth, end in memory:
        print(f"{label}: peak memory {tenth:.0f} MB after a tenth, {end:.0f} MB at the end")
    print(f"peak memory (this process): {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
