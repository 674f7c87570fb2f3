"""The one safe way results reach ``-o``: every format and command writes through here.

* ``-``, ``/dev/stdout`` (and any path that is standard output) are standard output.
* A target that is not a regular file (a device such as ``/dev/null``, a named pipe, a
  socket) is written into directly, never renamed over.
* A regular file (or a new one) is written to a temporary file beside it that replaces it
  only when complete; it keeps an existing file's permission bits, a new file follows the
  umask. A symbolic link at the target is replaced, not written through.
* A target that is one of the inputs is refused (:func:`check_not_input`).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


class OutputError(Exception):
    """The output cannot be written as asked: one line for the user (exit status 2)."""


def reason(error: OSError) -> str:
    return error.strerror or str(error)


def new_file_mode() -> int:
    """The permission bits of a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def target_stat(path: str) -> os.stat_result | None:
    """``os.stat`` of ``path`` (following links), None when nothing is there."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {reason(error)}") from None


def is_stdout(path: str | None) -> bool:
    """Whether ``path`` means standard output: none, ``-``, ``/dev/stdout``, or a path
    that names the file standard output already is."""
    if path is None or path in STDOUT_NAMES:
        return True
    info = target_stat(path)
    if info is None or stat.S_ISREG(info.st_mode):
        return False  # a regular file is replaced whole, even when stdout is redirected to it
    try:
        return os.path.samestat(info, os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):
        return False


def check_not_input(path: str | None, inputs: Iterable[str]) -> None:
    """Refuse an output that is one of the inputs (``teletype export a.txt -o a.txt``)."""
    if path is None or path in STDOUT_NAMES:
        return
    info = target_stat(path)
    if info is None or not stat.S_ISREG(info.st_mode):
        return
    for name in inputs:
        if name in STDOUT_NAMES:
            continue
        with contextlib.suppress(OSError):
            if os.path.samestat(info, os.stat(name)):
                raise OutputError(f"refusing to write {path}: it is also an input ({name})")


@contextlib.contextmanager
def replacing(path: str, *, prefix: str | None = None, suffix: str = ".tmp"
              ) -> Iterator[str]:
    """A temporary file name beside ``path``; once the block completes, the file replaces
    ``path`` with the right permission bits. On any exception (or Ctrl-C) the temporary file
    is removed and ``path`` is left as it was."""
    target = os.path.abspath(path)
    info = target_stat(target)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: Is a directory")
    mode = stat.S_IMODE(info.st_mode) if info is not None else new_file_mode()
    try:
        fd, temp = tempfile.mkstemp(prefix=prefix or f".{os.path.basename(target)}.",
                                    suffix=suffix, dir=os.path.dirname(target))
        os.close(fd)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {reason(error)}") from None
    try:
        yield temp
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        for leftover in (temp, temp + "-journal", temp + "-wal", temp + "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise


@contextlib.contextmanager
def open_text(path: str | None) -> Iterator[TextIO]:
    """A text stream for ``path`` (see the module's docstring for what each target gets)."""
    if is_stdout(path):
        yield sys.stdout
        sys.stdout.flush()
        return
    assert path is not None
    info = target_stat(path)
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # a device, pipe or socket: written into, never replaced
        try:
            handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as error:
            raise OutputError(f"cannot write {path}: {reason(error)}") from None
        with handle:
            yield handle
        return
    with replacing(path) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        yield handle


# ---------------------------------------------------------------------------- streams


class Sink:
    """A text stream for results. On a stream that cannot encode every character (stdout
    under a legacy locale), JSON is written ASCII-only and other text backslash-escaped."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            self.encoding = codecs.lookup(encoding).name
        except LookupError:
            self.encoding = "utf-8"
        self.ascii_json = not self.encoding.startswith("utf")

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except UnicodeEncodeError:
            escaped = text.encode(self.encoding, "backslashreplace").decode(self.encoding)
            return self.stream.write(escaped)

    def json(self, value: Any, indent: int | None = None) -> str:
        return json.dumps(value, ensure_ascii=self.ascii_json, indent=indent)


class JsonList:
    """Writes a JSON array one item at a time (indented like ``json.dumps(indent=2)``)."""

    def __init__(self, out: Sink) -> None:
        self.out = out
        self.count = 0

    def add(self, value: Any) -> None:
        text = self.out.json(value, indent=2).replace("\n", "\n  ")
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
