#!/usr/bin/env python3
"""Throughput of the teletype pipeline (a script, not a timed test).

Times, on the same texts: the full pipeline per cable (parse + record, + validate when
teletype.validate exists), single process and with N worker processes, and a bare Lark
LALR parse with the same grammar; reports cables/s, MB/s, the ratio to the bare parse
and peak memory (ru_maxrss).

    python benchmarks/bench.py [--corpus DIR] [--synthetic N] [--jobs N] [--repeat R]
                               [--against REV] [--stages]

--stages adds the time per stage (stamp pass, LineIndex, parse, Builder, tile + assemble,
record, validate; minima over the repeats, in us per cable). --against REV also times the
code of git revision REV (or a folder holding a checkout) side by side in the same run:
both code bases run in their own subprocess, driven in turns (the texts cut into --chunks
parts, each part timed on one code base then the other, the order alternating), so that
load on the machine hits both alike; it prints the pipeline, the bare Lark parse and each
stage for both and the ratio. On a shared machine add --cpu-time.

--corpus defaults to ../shared/corpus/cablegate-* when present. --synthetic N also streams
N cables built by cycling through those texts (the project's corpus/valid cables when
../shared is absent), each with its own MRN serial: a stand-in for a large collection.
They are generated as they are parsed, never held in a list, and the peak memory after a
tenth of them and after all of them shows whether memory stays flat as N grows.
"""

from __future__ import annotations

import argparse
import gc
import glob
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

if __name__ == "__main__" and "--worker" in sys.argv:
    # a worker times the code base it is given: import teletype from there, never from the
    # editable install of this checkout
    _SITE = sys.argv[sys.argv.index("--worker") + 1]
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__name__.lower()
                        and "editable" not in getattr(f, "__name__", "").lower()]
    sys.path.insert(0, _SITE)

import teletype
from teletype.collection import Item, ordered_map
from teletype.grammar import get_parser, mark_stamps
from teletype.source import decode_bytes

ROOT = Path(__file__).resolve().parent.parent


def _recovery_build() -> Any:
    """The Builder entry with per-line recovery (teletype.recovery since the split)."""
    from teletype import recovery

    return recovery._build


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


#: The clock of the timings: wall time, or with --cpu-time the CPU time of the process
#: (steadier on a loaded machine: time spent waiting for a core is not counted).
CLOCK: Callable[[], float] = time.perf_counter


def timed(func: object, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = CLOCK()
        for text in texts:
            func(text)  # type: ignore[operator]
        best = min(best, CLOCK() - start)
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


def _warm(texts: list[str]) -> None:
    """A worker's start: the grammar built and every text parsed once (warm caches, as
    the single-process row has them after its first run)."""
    for text in texts:
        pipeline(text)


def timed_jobs(texts: list[str], jobs: int, repeat: int = 1) -> float:
    """Seconds for the texts over ``jobs`` warmed worker processes (minimum of ``repeat``
    runs, as the single-process row)."""
    size = max(1, len(texts) // (jobs * 8))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    best = float("inf")
    with multiprocessing.Pool(jobs, initializer=_warm, initargs=(texts,)) as pool:
        pool.map(_work, chunks[:jobs])  # wait until the workers are up and warm
        for _ in range(repeat):
            start = time.perf_counter()
            pool.map(_work, chunks)
            best = min(best, time.perf_counter() - start)
    return best


# ------------------------------------------------------------------ stages

STAGES = ("stamp pass", "LineIndex", "parse", "Builder", "tile + assemble", "record",
          "validate")


def stage_round(texts: list[str]) -> dict[str, float]:
    """Seconds per stage over ``texts``, one pass. The stages are those of
    ``teletype.api.parse`` (reached through the names api imports, so that the same code
    times older revisions); texts whose first parse fails (the resynchronising path) are
    left out and counted as ``skipped``."""
    from teletype import api, grammar

    needed = ("LineIndex", "Builder", "tile", "assemble")
    if not all(hasattr(api, name) for name in needed) or not hasattr(grammar, "prepare"):
        return {"skipped": float(len(texts))}  # a code base laid out otherwise: no stages
    parser = (getattr(api, "get_parser", None) or grammar.get_parser)()
    validate: Callable[..., Any] | None = getattr(teletype, "validate", None)
    totals = dict.fromkeys(STAGES, 0.0)
    skipped = 0
    clock = CLOCK
    real_prepare = grammar.prepare
    for text in texts:
        region = text if text.endswith("\n") else text + "\n"
        gc.disable()
        try:
            t0 = clock()
            prepared = real_prepare(region)
            t1 = clock()
            index = api.LineIndex(text)
            t2 = clock()
            grammar.prepare = _same  # the parser's own pre-pass was timed above
            try:
                tree = parser.parse(prepared)
            except Exception:  # noqa: BLE001 - timed on the texts that parse
                skipped += 1
                continue
            finally:
                grammar.prepare = real_prepare
            t3 = clock()
            builder = api.Builder(text, index)
            drafts = (getattr(api, "_build", None) or _recovery_build())(builder, tree)
            read_front = getattr(builder, "read_front_matter", None)  # the front matter, once
            front = read_front(drafts) if read_front is not None else None
            t4 = clock()
            nodes = api.tile(text, index, drafts)
            cable = (api.assemble(None, nodes, builder.diagnostics, None, front)
                     if read_front is not None
                     else api.assemble(None, nodes, builder.diagnostics, None))
        finally:
            gc.enable()
        t5 = clock()
        cable.record()
        t6 = clock()
        if validate is not None:
            validate(cable)
        t7 = clock()
        for name, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4,
                                          t6 - t5, t7 - t6), strict=True):
            totals[name] += seconds
    totals["skipped"] = skipped
    return totals


def _same(text: str) -> str:
    return text


def worker(corpus: list[str], chunks: int) -> int:
    """Serve timing requests on stdin (``COMMAND CHUNK`` a line), one JSON answer a line."""
    texts = load(corpus)
    for text in texts:  # warm up: grammar build, per-state lexers, caches
        pipeline(text)
    parts = [texts[i::chunks] for i in range(chunks)]
    print(json.dumps({"ready": True, "file": teletype.__file__}), flush=True)
    for line in sys.stdin:
        command, _, chunk = line.strip().partition(" ")
        part = parts[int(chunk or 0)]
        if command == "pipeline":
            answer: Any = timed(pipeline, part, 1)
        elif command == "stages":
            answer = stage_round(part)
        elif command == "bare":
            answer = timed(bare, part, 1)
        else:
            break
        print(json.dumps(answer), flush=True)
    return 0


def checkout(rev: str, into: Path) -> Path:
    """A folder importable as the ``teletype`` of ``rev`` (a git revision of this repository
    or a folder holding a checkout): its ``src/teletype`` with the grammars inside, as the
    installed package lays them out."""
    source = Path(rev)
    if not source.is_dir():
        source = into / "rev"
        source.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "grammars"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    site = into / f"site-{len(list(into.glob('site-*')))}"
    shutil.copytree(source / "src" / "teletype", site / "teletype")
    shutil.copytree(source / "grammars", site / "teletype" / "grammars", dirs_exist_ok=True)
    return site


class Worker:
    def __init__(self, label: str, site: Path, paths: list[str], chunks: int,
                 cpu_time: bool) -> None:
        self.label = label
        listing = site.parent / f"{site.name}.paths"
        listing.write_text("\n".join(paths), encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(site), "--paths", str(listing),
             "--chunks", str(chunks), *(["--cpu-time"] if cpu_time else [])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
        hello = self.ask(None)
        if not str(hello.get("file", "")).startswith(str(site)):
            raise SystemExit(f"{label}: imported teletype from {hello.get('file')}")

    def ask(self, command: str | None) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if command is not None:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def side_by_side(rev: str, paths: list[str], repeat: int, chunks: int, cpu_time: bool) -> None:
    """Time ``rev`` and this checkout in two subprocesses, in turns: the texts are cut into
    ``chunks`` parts; each part is timed ``repeat`` times on each code base, the order
    alternating; the sums of the per-part minima are reported."""
    n = len(paths)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        base = Worker(rev, checkout(rev, Path(tmp)), paths, chunks, cpu_time)
        this = Worker("this", checkout(str(ROOT), Path(tmp)), paths, chunks, cpu_time)
        workers = [base, this]
        best: dict[str, dict[tuple[str, int], float]] = {w.label: {} for w in workers}
        for command in ("pipeline", "bare", "stages"):
            for round_no in range(repeat):
                for chunk in range(chunks):
                    for w in (workers if (round_no + chunk) % 2 == 0 else workers[::-1]):
                        answer = w.ask(f"{command} {chunk}")
                        values = answer if isinstance(answer, dict) else {command: answer}
                        for key, value in values.items():
                            old = best[w.label].get((key, chunk))
                            best[w.label][key, chunk] = value if old is None else min(old, value)
        for w in workers:
            w.close()
    a: dict[str, float] = {}
    b: dict[str, float] = {}
    for label, sums in ((base.label, a), (this.label, b)):
        for (key, _), value in best[label].items():
            sums[key] = sums.get(key, 0.0) + value
    clock = "CPU time" if cpu_time else "wall time"
    print(f"{n} cables in {chunks} parts; per part the minimum of {repeat} runs, in turns; "
          f"us per cable ({clock})")
    print(f"{'':22} {rev[:12]:>12} {'this':>12} {'ratio':>7}")
    for key in ("pipeline", "bare", *STAGES):
        if key in a and key in b:
            print(f"{key:22} {a[key] * 1e6 / n:12.0f} {b[key] * 1e6 / n:12.0f} "
                  f"{a[key] / b[key]:7.2f}")
    print(f"{'cables/s (pipeline)':22} {n / a['pipeline']:12.0f} {n / b['pipeline']:12.0f}")
    print(f"texts left out of the stage rows (their first parse fails): "
          f"{int(a.get('skipped', 0))} / {int(b.get('skipped', 0))}")


def print_stages(texts: list[str], repeat: int) -> None:
    best: dict[str, float] = {}
    for _ in range(repeat):
        for key, value in stage_round(texts).items():
            best[key] = min(best.get(key, value), value)
    n = len(texts)
    total = sum(best[s] for s in STAGES)
    print(f"{'stage':22} {'us/cable':>9} {'share':>6}")
    for name in STAGES:
        print(f"{name:22} {best[name] * 1e6 / n:9.0f} {best[name] / total:6.0%}")
    print(f"texts left out (their first parse fails): {int(best['skipped'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stages", action="store_true", help="time each stage")
    ap.add_argument("--against", metavar="REV",
                    help="time this git revision (or checkout folder) side by side")
    ap.add_argument("--chunks", type=int, default=10,
                    help="with --against: parts of the texts timed in turns (default 10)")
    ap.add_argument("--cpu-time", action="store_true",
                    help="time CPU time of the process instead of wall time")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--paths", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.cpu_time:
        global CLOCK
        CLOCK = time.process_time

    if args.worker:
        paths = Path(args.paths).read_text(encoding="utf-8").splitlines()
        return worker(paths, args.chunks)
    if args.corpus:
        paths = sorted(glob.glob(os.path.join(args.corpus, "**", "*.txt"), recursive=True))
    else:
        paths = sorted(glob.glob(str(ROOT.parent / "shared" / "corpus" / "cablegate-*" / "*.txt")))
    if not paths:
        paths = sorted(glob.glob(str(ROOT / "corpus" / "valid" / "*.txt")))
    if args.against:
        side_by_side(args.against, paths, args.repeat, args.chunks, args.cpu_time)
        return 0
    texts = load(paths)
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
                     timed_jobs(texts, args.jobs, args.repeat)))
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
    if args.stages:
        print_stages(texts, args.repeat)
    for label, tenth, end in memory:
        print(f"{label}: peak memory {tenth:.0f} MB after a tenth, {end:.0f} MB at the end")
    print(f"peak memory (this process): {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
