"""Whole collections: walk directories and archives, parse in worker processes, in order.

``iter_parse(paths, jobs=N)`` yields ``(name, Cable)`` for every readable input, in the
order the inputs were given (directories sorted, archive members in archive order).
Inputs that cannot be read are reported to ``on_error`` and skipped.
"""

from __future__ import annotations

import multiprocessing
import os
import tarfile
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import TypeVar

from .api import parse_bytes
from .cable import Cable

#: File name endings taken from directories and archives (besides names with no ending).
CABLE_SUFFIXES = frozenset({".txt", ".text", ".cable", ".msg", ".tel"})
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
#: Archive members larger than this are skipped with an error (a cable is kilobytes).
MAX_MEMBER_BYTES = 64 * 1024 * 1024

ErrorHandler = Callable[[str, Exception], None]
T = TypeVar("T")


def is_cable_name(name: str) -> bool:
    """Whether a directory walk or an archive listing takes the file ``name``."""
    base = os.path.basename(name)
    lower = base.lower()
    if not base or base.startswith(".") or base == "INDEX.csv" or lower.startswith("readme"):
        return False
    if lower.endswith((".json", ".md", ".csv")):
        return False
    suffix = os.path.splitext(lower)[1]
    return suffix == "" or suffix in CABLE_SUFFIXES


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Item:
    """One input: its display name and its bytes."""

    name: str
    data: bytes


def _ignore(name: str, error: Exception) -> None:
    return None


def iter_walk(
    top: str,
    on_error: ErrorHandler = _ignore,
    *,
    archives: bool = True,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """The cable files (and, with ``archives``, .zip/.tar archives) below ``top``, in the
    order of their path parts, found as they are needed: memory grows with the largest
    folder, not with the collection. Hidden entries are skipped and links to folders are
    not followed (as ``os.walk`` does). A FIFO, socket or device with a cable name is left
    out (reading it could block forever) and passed to ``on_skip``."""
    try:
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        on_error(error.filename or top, error)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            folder = entry.is_dir(follow_symlinks=False)
            linked_folder = not folder and entry.is_symlink() and entry.is_dir()
        except OSError:
            folder = linked_folder = False
        if folder:
            yield from iter_walk(entry.path, on_error, archives=archives, on_skip=on_skip)
        elif not linked_folder and (is_cable_name(entry.name)
                                    or (archives and is_archive(entry.name))):
            if os.path.exists(entry.path) and not os.path.isfile(entry.path):
                if on_skip is not None:
                    on_skip(entry.path)
                continue
            yield entry.path


def walk(
    top: str,
    on_error: ErrorHandler = _ignore,
    *,
    archives: bool = True,
    on_skip: Callable[[str], None] | None = None,
) -> list[str]:
    """:func:`iter_walk` as a list."""
    return list(iter_walk(top, on_error, archives=archives, on_skip=on_skip))


def _archive_items(path: str, on_error: ErrorHandler) -> Iterator[Item]:
    try:
        if path.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.is_dir() or not is_cable_name(info.filename):
                        continue
                    name = f"{path}::{info.filename}"
                    if info.file_size > MAX_MEMBER_BYTES:
                        on_error(name, ValueError("archive member too large"))
                        continue
                    yield Item(name, archive.read(info))
        else:
            with tarfile.open(path) as archive:
                for member in archive:
                    if not member.isfile() or not is_cable_name(member.name):
                        continue
                    name = f"{path}::{member.name}"
                    if member.size > MAX_MEMBER_BYTES:
                        on_error(name, ValueError("archive member too large"))
                        continue
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield Item(name, handle.read())
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as error:
        on_error(path, error)


def iter_items(
    paths: Iterable[str],
    on_error: ErrorHandler = _ignore,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Item]:
    """Every input as bytes: files, files below directories, members of .zip/.tar archives.
    Special files met in a directory (FIFOs, sockets, devices) go to ``on_skip``."""
    for path in paths:
        targets = (iter_walk(path, on_error, on_skip=on_skip) if os.path.isdir(path)
                   else [path])
        for target in targets:
            if is_archive(target):
                yield from _archive_items(target, on_error)
                continue
            try:
                with open(target, "rb") as handle:
                    yield Item(target, handle.read())
            except OSError as error:
                on_error(target, error)


def _parse_item(item: Item) -> tuple[str, Cable]:
    return item.name, parse_bytes(item.data, source=item.name)


def _map_chunk(func: Callable[[Item], T], chunk: list[Item]) -> list[T]:
    return [func(item) for item in chunk]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(
    func: Callable[[Item], T], items: Iterable[Item], jobs: int = 1, chunksize: int = 16
) -> Iterator[T]:
    """``func`` over ``items`` in ``jobs`` worker processes, results in input order.

    Workers receive the input bytes and return ``func``'s result, so ``func`` must be a
    module-level function. With ``jobs`` of 1 nothing is spawned. At most ``4 * jobs``
    chunks are read ahead of the results (``Pool.imap`` would read the whole input into
    its queue), so memory stays flat however many items there are.
    """
    if jobs <= 1:
        for item in items:
            yield func(item)
        return
    # spawn, not fork: forking a process that runs threads can deadlock the child
    context = multiprocessing.get_context("spawn")
    ahead = 4 * jobs
    with context.Pool(jobs) as pool:
        pending: deque[AsyncResult[list[T]]] = deque()
        for chunk in _chunks(items, chunksize):
            pending.append(pool.apply_async(_map_chunk, (func, chunk)))
            if len(pending) >= ahead:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def iter_parse(
    paths: str | Sequence[str],
    *,
    jobs: int = 1,
    on_error: ErrorHandler = _ignore,
) -> Iterator[tuple[str, Cable]]:
    """Parse every cable under ``paths`` (files, directories, .zip/.tar archives) in
    ``jobs`` processes (0 or None: all cores); yields ``(name, Cable)`` in input order."""
    if isinstance(paths, str):
        paths = [paths]
    workers = jobs or os.cpu_count() or 1
    yield from ordered_map(_parse_item, iter_items(paths, on_error), workers)


def default_jobs() -> int:
    return os.cpu_count() or 1


__all__ = ["Item", "is_cable_name", "iter_items", "iter_parse", "iter_walk", "ordered_map", "walk"]
