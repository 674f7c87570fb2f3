"""The export's progress line on a terminal, and the default number of worker processes.

The total is counted in a background thread (a second, cheap walk of the inputs: names and
zip listings only), so the export starts at once; when it is known the line shows it, the
percentage and the time left. A tar archive cannot be listed without reading it through,
so with one among the inputs the line shows the count and the rate only.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from typing import TextIO, TypeVar

from .collection import count_inputs, input_size

T = TypeVar("T")

#: Below this many bytes of input, one process is faster than starting workers (each
#: imports the package and builds the parser, about a second; measured in docs/scale.md).
SMALL_INPUT_BYTES = 8 * 1024 * 1024


def suggest_jobs(paths: Sequence[str], cores: int | None = None) -> int:
    """The default ``-j``: 1 for a few megabytes of input (workers would cost more to start
    than they save), else one process per core."""
    cores = cores or os.cpu_count() or 1
    if cores <= 1:
        return 1
    return 1 if input_size(paths, SMALL_INPUT_BYTES) < SMALL_INPUT_BYTES else cores


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    """Counts rows as they pass; on ``stream`` (a terminal's stderr), every 0.2 s:
    ``1234/5000 cables (24.7%), 310/s, 12s left`` (or ``1234 cables, 310/s`` while the
    total is unknown)."""

    def __init__(self, paths: Sequence[str], *, enabled: bool, stream: TextIO | None = None,
                 interval: float = 0.2) -> None:
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.total: int | None = None
        self.count = 0
        if enabled:
            threading.Thread(target=self._count, args=(list(paths),), daemon=True).start()

    def _count(self, paths: list[str]) -> None:
        try:
            self.total = count_inputs(paths)
        except Exception:  # noqa: BLE001 - the total is a nicety; the export goes on
            self.total = None

    def line(self, elapsed: float) -> str:
        rate = self.count / elapsed if elapsed > 0 else 0.0
        total = self.total
        if total is None or total < self.count:
            return f"{self.count} cables, {rate:.0f}/s"
        share = 100.0 * self.count / total if total else 100.0
        text = f"{self.count}/{total} cables ({share:.1f}%), {rate:.0f}/s"
        if rate > 0 and elapsed >= 1.0:  # before that the rate is mostly start-up
            text += f", {_duration((total - self.count) / rate)} left"
        return text

    def wrap(self, rows: Iterator[T]) -> Generator[T, None, None]:
        """``rows``, counted (a generator: close it to stop the rows it wraps)."""
        if not self.enabled:
            yield from rows
            return
        start = last = time.monotonic()
        try:
            for row in rows:
                self.count += 1
                now = time.monotonic()
                if now - last >= self.interval:
                    last = now
                    self.stream.write(f"\r{self.line(now - start)}\033[K")
                    self.stream.flush()
                yield row
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()
        elapsed = max(time.monotonic() - start, 1e-9)
        self.stream.write(f"\r{self.count} cables in {elapsed:.1f} s "
                          f"({self.count / elapsed:.0f}/s)\033[K\n")
