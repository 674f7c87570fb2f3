#!/usr/bin/env python3
"""Export a large synthetic collection with the CLI and show that memory stays flat.

    python benchmarks/export_collection.py [--counts 5000 50000] [--jobs 2] [--format sqlite]

For each count, writes that many cable files into a temporary folder (cycling through
../shared/corpus/cablegate-* or, without it, the project's corpus/valid cables, each with
its own MRN serial; see bench.synthetic), runs ``teletype export`` on the folder as a
separate process, and reports the time, the rate, the peak memory of the export process and
of its largest worker, and the rows in the output. Memory is flat when the peak barely moves
between the counts.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import ROOT, load, synthetic  # noqa: E402

#: Runs the export in a child process and prints its peak memory (the largest of the export
#: process and its workers, which it waits for) as JSON.
_MEASURE = """
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"code": code, "peak_mb": peak}))
"""


def write_collection(folder: Path, count: int) -> float:
    shared = ROOT.parent / "shared" / "corpus"
    seeds = load(sorted(glob.glob(str(shared / "cablegate-*" / "*.txt"))))
    if not seeds:
        seeds = load(sorted(glob.glob(str(ROOT / "corpus" / "valid" / "*.txt"))))
    size = 0
    for i, text in enumerate(synthetic(seeds, count)):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"{i:06d}.txt").write_bytes(data)
        size += len(data)
    return size / 1e6


def rows_in(out: Path, fmt: str) -> int:
    if fmt == "sqlite":
        with sqlite3.connect(out) as db:
            return int(db.execute("SELECT count(*) FROM cables").fetchone()[0])
    with open(out, encoding="utf-8") as handle:
        return sum(1 for _ in handle) - (1 if fmt == "csv" else 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counts", type=int, nargs="+", default=[5_000, 50_000])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--format", default="sqlite", choices=("sqlite", "jsonl", "csv"))
    args = ap.parse_args(argv)

    print(f"{'cables':>7} {'MB':>7} {'seconds':>8} {'cables/s':>9} {'peak MB':>8} {'rows':>7}")
    for count in args.counts:
        with tempfile.TemporaryDirectory(prefix="teletype-bench-") as tmp:
            folder = Path(tmp) / "cables"
            folder.mkdir()
            size = write_collection(folder, count)
            out = Path(tmp) / f"out.{args.format}"
            command = [sys.executable, "-m", "teletype", "export", "--format", args.format,
                       "-o", str(out), "-j", str(args.jobs), "-q", str(folder)]
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", _MEASURE, *command],
                                    capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - start
            measured = json.loads(result.stdout.strip().splitlines()[-1])
            rows = rows_in(out, args.format) if out.exists() else 0
            print(f"{count:7} {size:7.1f} {seconds:8.1f} {count / seconds:9.0f} "
                  f"{measured['peak_mb']:8.0f} {rows:7}", flush=True)
            if measured["code"] != 0:
                print(f"export exited with {measured['code']}: {result.stderr[-500:]}",
                      file=sys.stderr)
    print(f"(this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
