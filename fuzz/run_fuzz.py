"""The long fuzz run: mutations of real cables and random inputs, no extra dependencies.

    python fuzz/run_fuzz.py --count 100000 --jobs 2

Every input is checked with ``harness.check_bytes`` / ``harness.check_text`` (never raises,
lossless decoding, render == text, top-level spans tile the text, record(), JSON
serialization, validate(), no internal error). An input that breaks a promise is saved in
``--save`` (default ``fuzz/crashes/``) under the hash of its bytes; turn it into a
regression test (``tests/data/regressions/``). Prints the count, the time and what failed.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

#: Kinds of input and how often each is drawn.
KINDS = (
    ("mutated corpus file", 55),
    ("mutated corpus window", 20),
    ("fragments", 12),
    ("random bytes", 7),
    ("random text", 6),
)


def _random_text(rng: random.Random) -> str:
    alphabet = rng.choice((
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n",
        " \t\r\n\f\v\x0b\x1c\x85\u2028\ufeff.:;,/()-#*",
        "".join(chr(rng.randrange(0x20, 0x2FF)) for _ in range(40)),
    ))
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000)))


def make_input(rng: random.Random, corpus: list[bytes]) -> tuple[str, bytes | str]:
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    if kind == "mutated corpus file":
        data = rng.choice(corpus)
        return kind, harness.mutate(data, rng, rng.choice(corpus))
    if kind == "mutated corpus window":
        data = rng.choice(corpus)
        start = rng.randrange(len(data) + 1)
        return kind, harness.mutate(data[start:start + rng.randint(1, 4000)], rng)
    if kind == "fragments":
        text = harness.fragment_text(rng, rng.randint(1, 400))
        return kind, text if rng.random() < 0.5 else text.encode("utf-8")
    if kind == "random bytes":
        return kind, rng.randbytes(rng.randint(0, 4000))
    return kind, _random_text(rng)


def _save(save: Path, data: bytes | str) -> Path:
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    suffix = ".bin" if isinstance(data, bytes) else ".txt"
    save.mkdir(parents=True, exist_ok=True)
    path = save / (hashlib.sha256(raw).hexdigest()[:16] + suffix)
    path.write_bytes(raw)
    return path


def worker(args: tuple[int, int, str, float]) -> dict[str, object]:
    """Check ``count`` inputs drawn with ``seed``; stop early at ``deadline``."""
    seed, count, save_dir, deadline = args
    rng = random.Random(seed)
    corpus = [p.read_bytes() for p in harness.corpus_files()]
    save = Path(save_dir)
    done = known = 0
    failures: list[str] = []
    kinds: dict[str, int] = {}
    chars = 0
    for _ in range(count):
        if time.time() > deadline:
            break
        kind, data = make_input(rng, corpus)
        kinds[kind] = kinds.get(kind, 0) + 1
        chars += len(data)
        try:
            found = (harness.check_bytes(data) if isinstance(data, bytes)
                     else harness.check_text(data))
            known += bool(found)
        except Exception as error:  # noqa: BLE001 - every failure is recorded
            path = _save(save, data)
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            failures.append(f"{path}: {kind}: {detail[:300]}")
        done += 1
    return {"done": done, "known": known, "failures": failures, "kinds": kinds,
            "chars": chars}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="inputs to check")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--seed", type=int, default=8, help="random seed of the first job")
    parser.add_argument("--minutes", type=float, default=0.0,
                        help="stop after this many minutes (0: no limit)")
    parser.add_argument("--save", default=str(Path(__file__).resolve().parent / "crashes"),
                        help="directory for failing inputs")
    args = parser.parse_args(argv)

    files = harness.corpus_files()
    print(f"corpus: {len(files)} files; {args.count} inputs in {args.jobs} job(s), "
          f"seed {args.seed}", flush=True)
    deadline = time.time() + args.minutes * 60 if args.minutes else float("inf")
    # chunks of 1,000 inputs, each with its own seed, so that progress shows
    tasks: list[tuple[int, int, str, float]] = []
    for first in range(0, args.count, 1_000):
        tasks.append((args.seed * 1_000_003 + len(tasks), min(1_000, args.count - first),
                      args.save, deadline))
    start = time.perf_counter()
    done = known = chars = 0
    failures: list[str] = []
    kinds: dict[str, int] = {}
    with multiprocessing.get_context("fork" if os.name != "nt" else "spawn").Pool(
        args.jobs
    ) as pool:
        for result in pool.imap_unordered(worker, tasks):
            done += int(result["done"])  # type: ignore[call-overload]
            known += int(result["known"])  # type: ignore[call-overload]
            chars += int(result["chars"])  # type: ignore[call-overload]
            failures += result["failures"]  # type: ignore[arg-type]
            for kind, n in result["kinds"].items():  # type: ignore[attr-defined]
                kinds[kind] = kinds.get(kind, 0) + n
            elapsed = time.perf_counter() - start
            print(f"  {done} inputs, {elapsed:.0f} s, {len(failures)} failures", flush=True)
    elapsed = time.perf_counter() - start
    print(f"checked {done} inputs ({chars / 1e6:.1f} M characters/bytes) in {elapsed:.0f} s "
          f"({done / max(elapsed, 1e-9):.0f}/s) with {args.jobs} job(s)")
    for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {kind}: {n}")
    print(f"known internal errors (tolerated, see harness.KNOWN_INTERNAL_ERRORS): {known}")
    print(f"failures: {len(failures)}")
    for line in failures[:50]:
        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
