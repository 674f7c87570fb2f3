"""``teletype export`` with ``-j 1``, ``-j 2`` and on a local Dask cluster (docs/scale.md).

Starts a ``LocalCluster`` of ``--workers`` processes of one thread on 127.0.0.1 (the 'dask'
extra), then times a fresh ``python -m teletype export -q ... -o /dev/null`` for each way of
parsing, over the given paths::

    python benchmarks/export_scale.py ../shared/corpus
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def timed(argv: list[str]) -> tuple[float, int]:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "teletype", "export", "-q", *argv,
                           "-o", os.devnull], capture_output=True, check=False)
    return time.monotonic() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None, silence_logs=50)
    try:
        for how in (["-j", "1"], ["-j", str(args.workers)],
                    ["--scheduler", cluster.scheduler_address]):
            seconds, code = timed([*how, *args.paths])
            print(f"{' '.join(how[:1] + how[1:] if how[0] == '-j' else how[:1])}: "
                  f"{seconds:.1f} s (exit {code})")
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
