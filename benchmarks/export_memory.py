"""Peak memory of ``teletype export`` (the main process and its workers together).

Runs the export as a separate process and samples the resident memory of it and all its
descendants (/proc, Linux) every 50 ms; prints the peak of the sum, the peak of the largest
single process and the time. Used for the read-ahead figures of docs/reliability.md::

    python benchmarks/export_memory.py --zip-members 20 --member-mb 63 --jobs 2
    python benchmarks/export_memory.py -- export PATH -j 2 -o /dev/null
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [root], [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent:
                found.append(pid)
                frontier.append(pid)
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def measure(argv: list[str]) -> tuple[float, int, int, int]:
    """(seconds, peak total bytes, peak single-process bytes, exit status)."""
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "teletype", *argv],
                               stdout=subprocess.DEVNULL)
    total = single = 0
    while process.poll() is None:
        sizes = [_rss(pid) for pid in _tree(process.pid)]
        total, single = max(total, sum(sizes)), max(single, max(sizes, default=0))
        time.sleep(0.05)
    return time.monotonic() - start, total, single, process.returncode


def make_zip(folder: Path, members: int, member_mb: int) -> Path:
    """A zip of ``members`` highly compressible members of ``member_mb`` MB of cable-like
    lines (the issue's 9.6 MB zip of 100 members of 63 MB)."""
    path = folder / f"big-{members}x{member_mb}.zip"
    line = b"THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG 0123456789\n"
    block = line * (1024 * 1024 // len(line) + 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(members):
            with archive.open(f"m{i:03d}.txt", "w", force_zip64=True) as handle:
                for _ in range(member_mb):
                    handle.write(block[:1024 * 1024])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip-members", type=int, default=0)
    parser.add_argument("--member-mb", type=int, default=63)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("command", nargs="*", help="teletype arguments (after --)")
    args = parser.parse_args()
    if args.command:
        seconds, total, single, code = measure(args.command)
        print(f"{seconds:.1f} s, peak {total / 2**20:.0f} MB in all, "
              f"{single / 2**20:.0f} MB largest process, exit {code}")
        return
    with tempfile.TemporaryDirectory() as folder:
        archive = make_zip(Path(folder), args.zip_members, args.member_mb)
        print(f"{archive.name}: {archive.stat().st_size / 2**20:.1f} MB")
        for jobs in args.jobs:
            seconds, total, single, code = measure(
                ["export", "-q", "-j", str(jobs), "-o", os.devnull, str(archive)])
            print(f"-j {jobs}: {seconds:.1f} s, peak {total / 2**20:.0f} MB in all, "
                  f"{single / 2**20:.0f} MB largest process, exit {code}")


if __name__ == "__main__":
    main()
