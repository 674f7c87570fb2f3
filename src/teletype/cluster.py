"""Parsing on a Dask distributed cluster (``teletype export --scheduler ADDRESS``).

The optional extra ``dask`` (``pip install "teletype-cables[dask]"``) provides the client.
Items go to the cluster in chunks, as to local worker processes
(:func:`teletype.collection.windowed`: bounded in bytes ahead of the results), and the rows
come back in input order, so the output is the same as with ``-j 1``. Dask itself sends a
chunk again when a worker dies (its ``allowed-failures``); after that the run ends with
:class:`~teletype.collection.WorkerCrashed`. docs/scale.md says when to use it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from .collection import (
    DEFAULT_AHEAD_BYTES,
    Chunk,
    Item,
    WorkerCrashed,
    _map_chunk,
    chunks,
    windowed,
)

T = TypeVar("T")

#: Seconds to wait for the scheduler to answer before giving up.
CONNECT_TIMEOUT = 30


class ClusterError(Exception):
    """The cluster cannot be used (not installed, not reachable): one line for the user."""


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client`` of the scheduler at ``address`` (``tcp://host:port``)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'teletype-cables[dask]'") from None
    try:
        return Client(address, timeout=timeout,  # type: ignore[no-untyped-call]
                      set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None


def cluster_map(
    func: Callable[[Item], T],
    items: Iterable[Item],
    address: str,
    *,
    chunksize: int = 16,
    max_ahead_bytes: int = DEFAULT_AHEAD_BYTES,
) -> Iterator[T]:
    """``func`` over ``items`` on the Dask cluster at ``address``, results in input order."""
    client = connect(address)
    try:
        workers = max(1, sum(
            w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        futures: dict[int, Any] = {}

        def submit(part: Chunk) -> None:
            # pure=False: equal chunks are still separate tasks, each result collected once
            futures[id(part)] = client.submit(_map_chunk, func, part.items, pure=False)

        def collect(part: Chunk) -> list[T]:
            future = futures.pop(id(part))
            try:
                result: list[T] = future.result()
            except Exception as error:
                if type(error).__name__ == "KilledWorker":
                    raise WorkerCrashed(
                        f"Dask workers died while parsing {part.items[0].name} to "
                        f"{part.items[-1].name}: {error}") from None
                raise
            return result

        try:
            yield from windowed(chunks(items, chunksize), submit, collect,
                                workers=workers, max_ahead_bytes=max_ahead_bytes)
        finally:
            for future in futures.values():
                with contextlib.suppress(Exception):
                    future.cancel()
    finally:
        with contextlib.suppress(Exception):
            client.close()
