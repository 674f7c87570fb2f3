"""Whole collections: walk directories and archives, parse in worker processes, in order.

``iter_parse(paths, jobs=N)`` yields ``(name, Cable)`` for every readable input, in the
order the inputs were given (directories sorted, archive members in archive order).
Inputs that cannot be read are reported to ``on_error`` and skipped; so are inputs larger
than ``max_bytes`` (files, standard input and archive members alike) and members of an
archive that cannot be decompressed. Only regular files are read from a walked folder.
Names are escaped once (:func:`display_name`), so every output spells them the same.
"""

from __future__ import annotations

import contextlib
import functools
import lzma
import multiprocessing
import os
import signal
import stat
import sys
import tarfile
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar, cast

from .api import parse_bytes
from .cable import Cable

#: File name endings taken from directories and archives (besides names with no ending).
CABLE_SUFFIXES = frozenset({".txt", ".text", ".cable", ".msg", ".tel"})
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
#: Inputs (files, standard input, archive members) larger than this are skipped with an
#: error; a cable is kilobytes. The CLI's ``--max-bytes`` changes it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = DEFAULT_MAX_BYTES  # the former name
#: Bytes of input handed to workers ahead of the results (besides one chunk per worker).
DEFAULT_AHEAD_BYTES = 64 * 1024 * 1024
#: A chunk sent to a worker closes at this many bytes (or ``chunksize`` items).
CHUNK_BYTES = 1024 * 1024
STDIN = "-"
STDIN_NAME = "<stdin>"

ErrorHandler = Callable[[str, Exception], None]
T = TypeVar("T")


class InputError(Exception):
    """An input that is skipped (too large, not a regular file, binary...): the message
    says why."""


class TooLarge(InputError):
    pass


class NotRegular(InputError):
    pass


class ArchiveError(InputError):
    """A damaged archive, or a member that cannot be read (encrypted, corrupt, an unknown
    compression method)."""


class WorkerCrashed(RuntimeError):
    """A worker process died (killed by the system, out of memory) more often than a chunk
    is retried."""


def display_name(name: str) -> str:
    """``name`` with the bytes of a file name that are not UTF-8 (which Python keeps as
    lone surrogates) written as ``\\xNN``: valid in every output and the same in all."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


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


# ---------------------------------------------------------------------------- reading


def _too_large(size: int, limit: int) -> TooLarge:
    return TooLarge(f"{size} bytes, more than the limit of {limit} (--max-bytes)")


_PSEUDO_DEVICES: set[int] | None = None


def _pseudo_device(device: int) -> bool:
    """Whether ``device`` is /proc or /sys, whose files say they are empty and may block
    (``/proc/kmsg``) or change the system when read."""
    global _PSEUDO_DEVICES
    if _PSEUDO_DEVICES is None:
        _PSEUDO_DEVICES = set()
        for top in ("/proc", "/sys"):
            with contextlib.suppress(OSError):
                _PSEUDO_DEVICES.add(os.stat(top).st_dev)
    return device in _PSEUDO_DEVICES


def _read_limited(handle: IO[bytes], limit: int, size_hint: int | None = None) -> bytes:
    """At most ``limit`` bytes of ``handle``; :class:`TooLarge` if there are more."""
    parts: list[bytes] = []
    total = 0
    while True:
        part = handle.read(min(1 << 20, limit + 1 - total))
        if part is None:  # a non-blocking descriptor with nothing to read
            raise NotRegular("not a regular file (reading it would block)")
        if not part:
            break
        parts.append(part)
        total += len(part)
        if total > limit:
            raise _too_large(size_hint if size_hint and size_hint > limit else total, limit)
    return b"".join(parts)


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES, *, walked: bool = False) -> bytes:
    """The bytes of the file at ``path``, at most ``max_bytes`` (:class:`TooLarge`).

    A file found by a walk (``walked``) must be a regular file, also through a link: a
    named pipe, device or socket, or a file of /proc or /sys, raises :class:`NotRegular`
    without being read (it could block forever). A path given by name may be a pipe
    (``<(command)``); its reading is bounded by ``max_bytes`` too."""
    extra = getattr(os, "O_NONBLOCK", 0) if walked else 0

    def opener(name: str, flags: int) -> int:
        return os.open(name, flags | extra)

    with open(path, "rb", buffering=0, opener=opener) as handle:
        info = os.fstat(handle.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", path)
        if walked and (not regular or (info.st_size == 0 and _pseudo_device(info.st_dev))):
            raise NotRegular("not a regular file")
        if regular and info.st_size > max_bytes:
            raise _too_large(info.st_size, max_bytes)
        return _read_limited(handle, max_bytes)


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Standard input as bytes, at most ``max_bytes`` (:class:`TooLarge`)."""
    stream = sys.stdin
    if stream is None:
        raise OSError("no standard input")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        text = stream.read(max_bytes + 1).encode("utf-8", "surrogateescape")
        if len(text) > max_bytes:
            raise _too_large(len(text), max_bytes)
        return text
    return _read_limited(buffer, max_bytes)


#: What reading one archive member can raise: an encrypted member (RuntimeError), an
#: unknown compression method (NotImplementedError), corrupt data (zlib, lzma, bz2's
#: OSError, a bad CRC), a member cut short (EOFError, tarfile.ReadError).
MEMBER_ERRORS: tuple[type[BaseException], ...] = (
    RuntimeError, NotImplementedError, zlib.error, lzma.LZMAError, zipfile.BadZipFile,
    tarfile.TarError, EOFError, OSError, ValueError,
)


def archive_reason(error: BaseException) -> str:
    """One line on why an archive or a member of it cannot be read."""
    text = str(error) or type(error).__name__
    if isinstance(error, RuntimeError) and "password" in text.lower():
        return "encrypted (a password is needed)"
    if isinstance(error, NotImplementedError):
        return f"unsupported compression method ({text})"
    if isinstance(error, (zlib.error, lzma.LZMAError)):
        return f"corrupt compressed data ({text})"
    if isinstance(error, EOFError):
        return f"cut short ({text})"
    return text


def _member(name: str, size: int, opener: Callable[[], IO[bytes] | None], limit: int,
            on_error: ErrorHandler) -> bytes | None:
    """The bytes of one archive member, or None after reporting why it cannot be read (too
    large, encrypted, corrupt, ...); the other members go on."""
    if size > limit:
        on_error(name, _too_large(size, limit))
        return None
    try:
        handle = opener()
        if handle is None:
            return b""
        with handle:
            return _read_limited(handle, limit)
    except InputError as error:
        on_error(name, error)
    except MEMBER_ERRORS as error:
        on_error(name, ArchiveError(archive_reason(error)))
    return None


def _zip_items(path: str, shown: str, on_error: ErrorHandler, limit: int) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(path)
    except MEMBER_ERRORS as error:
        on_error(shown, ArchiveError(f"not a readable zip archive: {archive_reason(error)}"))
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not is_cable_name(info.filename):
                continue
            name = f"{shown}::{display_name(info.filename)}"
            data = _member(name, info.file_size, functools.partial(archive.open, info), limit,
                           on_error)
            if data is not None:
                yield Item(name, data)


def _tar_clean_end(archive: tarfile.TarFile) -> bool:
    """Whether a tar archive whose listing ended really ended there: tarfile stops
    silently at the first bad header after the first member; the block there must be the
    end-of-archive marker (zeros) or the end of the file."""
    fileobj = archive.fileobj
    if fileobj is None:
        return True
    try:
        fileobj.seek(archive.offset)
        block = fileobj.read(tarfile.BLOCKSIZE)
    except MEMBER_ERRORS:
        return False
    return not block.strip(b"\0")


def _tar_items(path: str, shown: str, on_error: ErrorHandler, limit: int) -> Iterator[Item]:
    try:
        archive = tarfile.open(path, "r:*")
    except MEMBER_ERRORS as error:
        on_error(shown, ArchiveError(f"not a readable tar archive: {archive_reason(error)}"))
        return
    count = 0
    with archive:
        while True:
            try:
                member = archive.next()
            except MEMBER_ERRORS as error:
                on_error(shown, ArchiveError(
                    f"damaged after {count} members: {archive_reason(error)}"))
                return
            if member is None:
                break
            count += 1
            cast(Any, archive).members.clear()  # memory flat in the number of members
            if not member.isfile() or not is_cable_name(member.name):
                continue
            name = f"{shown}::{display_name(member.name)}"
            data = _member(name, member.size, functools.partial(archive.extractfile, member),
                           limit, on_error)
            if data is not None:
                yield Item(name, data)
        if not _tar_clean_end(archive):
            on_error(shown, ArchiveError(
                f"damaged after {count} members: a corrupt header at byte {archive.offset}; "
                "the rest of the archive is not read"))


def archive_items(path: str, on_error: ErrorHandler = lambda n, e: None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The cable members of a .zip or .tar archive, one at a time. A member that cannot be
    read goes to ``on_error`` (named ``ARCHIVE::MEMBER``) and the others are still read; a
    damaged archive goes to ``on_error`` under its own name."""
    shown = display_name(path)
    if path.lower().endswith(".zip"):
        yield from _zip_items(path, shown, on_error, max_bytes)
    else:
        yield from _tar_items(path, shown, on_error, max_bytes)


def iter_items(
    paths: Iterable[str],
    on_error: ErrorHandler = _ignore,
    on_skip: Callable[[str], None] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """Every input as bytes: files, files below directories, members of .zip/.tar archives
    and ``-`` (standard input). Special files met in a directory (FIFOs, sockets, devices,
    links to them) go to ``on_skip``; unreadable or over-size inputs to ``on_error``."""
    for path in paths:
        if path == STDIN:
            try:
                yield Item(STDIN_NAME, read_stdin(max_bytes))
            except (OSError, InputError) as error:
                on_error(STDIN_NAME, error)
            continue
        walked = os.path.isdir(path)
        targets = iter_walk(path, on_error, on_skip=on_skip) if walked else [path]
        for target in targets:
            if is_archive(target) and (walked or os.path.isfile(target)):
                yield from archive_items(target, on_error, max_bytes)
                continue
            name = display_name(target)
            try:
                data = read_file(target, max_bytes, walked=walked)
            except NotRegular as error:
                if on_skip is not None:
                    on_skip(name)
                else:
                    on_error(name, error)
                continue
            except (OSError, InputError) as error:
                on_error(name, error)
                continue
            yield Item(name, data)


# ---------------------------------------------------------------------------- workers


def _parse_item(item: Item) -> tuple[str, Cable]:
    return item.name, parse_bytes(item.data, source=item.name)


def _map_chunk(func: Callable[[Item], T], chunk: list[Item]) -> list[T]:
    return [func(item) for item in chunk]


def _worker_start() -> None:
    """In each worker: Ctrl-C and a hang-up go to the main process, which stops the
    workers; a worker never prints a traceback of its own."""
    for name in ("SIGINT", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_IGN)


@dataclass
class Chunk:
    """Items sent to a worker together, their size in bytes and how often the pool broke
    while they were pending."""

    items: list[Item]
    size: int
    broken: int = 0
    future: Any = field(default=None, repr=False)


def chunks(items: Iterable[Item], size: int = 16,
           max_bytes: int = CHUNK_BYTES) -> Iterator[Chunk]:
    """``items`` in chunks of ``size`` items or about ``max_bytes`` bytes."""
    chunk: list[Item] = []
    total = 0
    for item in items:
        chunk.append(item)
        total += len(item.data)
        if len(chunk) >= size or total >= max_bytes:
            yield Chunk(chunk, total)
            chunk, total = [], 0
    if chunk:
        yield Chunk(chunk, total)


def windowed(
    parts: Iterator[Chunk],
    submit: Callable[[Chunk], None],
    collect: Callable[[Chunk], list[T]],
    *,
    workers: int,
    max_ahead_bytes: int,
) -> Iterator[T]:
    """Results of ``parts`` in order, submitting ahead of them: at least one chunk per
    worker, more while the chunks in flight hold under ``max_ahead_bytes`` (and at most
    ``4 * workers``). Memory is bounded in bytes, whatever the size of the items."""
    pending: deque[Chunk] = deque()
    ahead = 0
    exhausted = False
    while True:
        while not exhausted and len(pending) < 4 * workers and (
                len(pending) < workers or ahead < max_ahead_bytes):
            part = next(parts, None)
            if part is None:
                exhausted = True
                break
            submit(part)
            pending.append(part)
            ahead += part.size
        if not pending:
            return
        head = pending[0]
        results = collect(head)
        pending.popleft()
        ahead -= head.size
        yield from results


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while worker processes start: a Ctrl-C to the process group in the
    second a worker imports the package would otherwise print its traceback."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Pool:
    """A process pool that notices a dead worker (``kill -9``, the OOM killer) and starts
    again: the chunks that were pending are sent again, each at most ``retries`` times."""

    def __init__(self, jobs: int, retries: int) -> None:
        self.jobs = jobs
        self.retries = retries
        self.context = multiprocessing.get_context("spawn")
        self.executor = self._new()
        self.pending: list[Chunk] = []

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=self.context,
                                   initializer=_worker_start)

    def submit(self, func: Callable[[Item], T], part: Chunk) -> None:
        self.pending.append(part)
        # SIGINT is ignored only while a submission may start a worker (not all are
        # running yet), so that a Ctrl-C later is never lost
        started = len(getattr(self.executor, "_processes", None) or ())
        quiet = _sigint_ignored() if started < self.jobs else contextlib.nullcontext()
        try:
            with quiet:
                part.future = self.executor.submit(_map_chunk, func, part.items)
        except BrokenProcessPool:  # a worker died since the last submission
            self._restart(func)

    def collect(self, func: Callable[[Item], T], part: Chunk) -> list[T]:
        while True:
            future: Future[list[T]] = part.future
            try:
                results = future.result()
            except BrokenProcessPool:
                self._restart(func)
                continue
            self.pending.remove(part)
            return results

    def _restart(self, func: Callable[[Item], T]) -> None:
        self.close()
        for part in self.pending:
            part.broken += 1
        worst = max(self.pending, key=lambda p: p.broken)
        if worst.broken > self.retries:
            first, last = self.pending[0].items[0].name, self.pending[-1].items[-1].name
            raise WorkerCrashed(
                f"a worker process died {worst.broken} times (killed by a signal, or out of "
                f"memory) while parsing the inputs from {first} to {last}")
        self.executor = self._new()
        parts, self.pending = self.pending, []
        for part in parts:
            self.submit(func, part)

    def close(self) -> None:
        """Stop at once: cancel what waits, end the workers (not waiting for a parse)."""
        processes = dict(getattr(self.executor, "_processes", None) or {})
        for process in processes.values():
            with contextlib.suppress(Exception):
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


def ordered_map(
    func: Callable[[Item], T],
    items: Iterable[Item],
    jobs: int = 1,
    chunksize: int = 16,
    *,
    max_ahead_bytes: int = DEFAULT_AHEAD_BYTES,
    retries: int = 1,
) -> Iterator[T]:
    """``func`` over ``items`` in ``jobs`` worker processes, results in input order.

    Workers receive the input bytes and return ``func``'s result, so ``func`` must be a
    module-level function. With ``jobs`` of 1 nothing is spawned. Input is read ahead of
    the results by at most ``max_ahead_bytes`` (and one chunk per worker; chunks close at
    ``chunksize`` items or 1 MiB), so memory stays bounded however many and however large
    the items are. A worker that dies (killed, out of memory) is replaced and its chunks
    sent again, ``retries`` times; then :class:`WorkerCrashed` ends the run. An interrupt
    or an early stop ends the workers at once.
    """
    if jobs <= 1:
        for item in items:
            yield func(item)
        return
    pool = _Pool(jobs, retries)
    try:
        yield from windowed(chunks(items, chunksize), lambda part: pool.submit(func, part),
                            lambda part: pool.collect(func, part), workers=jobs,
                            max_ahead_bytes=max_ahead_bytes)
    finally:
        pool.close()


def iter_parse(
    paths: str | Sequence[str],
    *,
    jobs: int = 1,
    on_error: ErrorHandler = _ignore,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[str, Cable]]:
    """Parse every cable under ``paths`` (files, directories, .zip/.tar archives) in
    ``jobs`` processes (0 or None: all cores); yields ``(name, Cable)`` in input order."""
    if isinstance(paths, str):
        paths = [paths]
    workers = jobs or os.cpu_count() or 1
    yield from ordered_map(_parse_item, iter_items(paths, on_error, max_bytes=max_bytes),
                           workers)


def default_jobs() -> int:
    return os.cpu_count() or 1


def input_size(paths: Sequence[str], stop_at: int) -> int:
    """The bytes of the inputs under ``paths`` (archives: their members' sizes where the
    archive lists them cheaply), counted until ``stop_at``; standard input (one cable)
    counts nothing."""
    total = 0
    for path in paths:
        if path == STDIN:
            continue
        targets = iter_walk(path) if os.path.isdir(path) else [path]
        for target in targets:
            try:
                size = os.stat(target).st_size
                if target.lower().endswith(".zip"):
                    with zipfile.ZipFile(target) as archive:
                        size = sum(i.file_size for i in archive.infolist())
                elif is_archive(target):
                    size *= 5  # a compressed tar: about five times the bytes
            except (OSError, zipfile.BadZipFile, ValueError):
                continue
            total += size
            if total >= stop_at:
                return total
    return total


def count_inputs(paths: Sequence[str]) -> int | None:
    """How many inputs :func:`iter_items` will yield at most (files found by the walks and
    members of zip archives); None when that cannot be known cheaply (standard input, a
    tar archive, which must be read through to be listed)."""
    count = 0
    for path in paths:
        if path == STDIN:
            count += 1
            continue
        targets = iter_walk(path) if os.path.isdir(path) else [path]
        for target in targets:
            if target.lower().endswith(".zip"):
                try:
                    with zipfile.ZipFile(target) as archive:
                        count += sum(1 for i in archive.infolist()
                                     if not i.is_dir() and is_cable_name(i.filename))
                except (OSError, zipfile.BadZipFile, ValueError):
                    continue
            elif is_archive(target):
                return None
            else:
                count += 1
    return count


__all__ = ["DEFAULT_MAX_BYTES", "InputError", "Item", "NotRegular", "TooLarge",
           "WorkerCrashed", "archive_items", "count_inputs", "display_name", "is_cable_name",
           "iter_items", "iter_parse", "iter_walk", "ordered_map", "read_file", "walk"]
