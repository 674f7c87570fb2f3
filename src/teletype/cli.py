"""The ``teletype`` command: ``parse``, ``validate`` and ``export`` cables.

Results go to stdout (or ``-o FILE``, written whole or not at all); messages and summaries
go to stderr. Exit status: 0 ok, 1 ``validate`` found problems, 2 usage or I/O errors (or an
internal error on some file; ``TELETYPE_DEBUG=1`` shows its traceback). Bad input never
stops a run: an unreadable file is reported and the other files are still processed.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from . import __version__
from .api import parse, parse_bytes, parse_file
from .cable import RECORD_KEYS, Cable
from .diagnostics import CATALOG, Diagnostic, Severity
from .serialize import cable_to_dict, record_to_csv_row

PROG = "teletype"
STDIN = "-"
STDIN_NAME = "<stdin>"

#: File name endings taken when a directory is walked (besides names with no extension).
CABLE_SUFFIXES = frozenset({".txt", ".text", ".cable", ".msg"})


class UsageError(Exception):
    """A bad option value: reported on stderr, exit status 2."""


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------- output


class _Sink:
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


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[_Sink]:
    """stdout, or a temporary file beside ``path`` that replaces it once complete."""
    if path is None or path == STDIN:
        yield _Sink(sys.stdout)
        sys.stdout.flush()
        return
    target = os.path.abspath(path)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        mode = _new_file_mode()
    try:
        fd, temp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
        )
    except OSError as error:
        raise UsageError(f"cannot write {path}: {_reason(error)}") from None
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield _Sink(handle)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class _JsonList:
    """Writes a JSON array one item at a time (indented like ``json.dumps(indent=2)``)."""

    def __init__(self, out: _Sink) -> None:
        self.out = out
        self.count = 0

    def add(self, value: Any) -> None:
        text = self.out.json(value, indent=2).replace("\n", "\n  ")
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")


# ---------------------------------------------------------------------------- input


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def is_cable_name(name: str) -> bool:
    """Whether a directory walk takes the file ``name``."""
    lower = name.lower()
    if name.startswith(".") or name == "INDEX.csv" or lower.startswith("readme"):
        return False
    if lower.endswith((".json", ".md")):
        return False
    suffix = os.path.splitext(lower)[1]
    return suffix == "" or suffix in CABLE_SUFFIXES


class _Run:
    """The files of one command: finds and reads them, counts what went wrong."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        self.problems = 0  # unreadable inputs and internal errors
        self.files = 0  # cables read

    def cannot_read(self, path: str, error: OSError) -> None:
        self.problems += 1
        _say(f"cannot read {path}: {_reason(error)}")

    def internal_error(self, path: str, error: BaseException) -> None:
        self.problems += 1
        if os.environ.get("TELETYPE_DEBUG"):
            traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
            _say(f"internal error on {path}")
        else:
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            _say(f"internal error on {path}: {detail} (TELETYPE_DEBUG=1 shows a traceback)")

    def inputs(self, paths: Sequence[str]) -> Iterator[str]:
        for path in paths:
            if path != STDIN and os.path.isdir(path):
                found = self._walk(path)
                if not found:
                    _say(f"no cable files in {path}")
                yield from found
            else:
                yield path

    def _walk(self, top: str) -> list[str]:
        def onerror(error: OSError) -> None:
            self.cannot_read(error.filename or top, error)

        found: list[tuple[list[str], str]] = []
        for folder, dirnames, filenames in os.walk(top, onerror=onerror):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if is_cable_name(name):
                    path = os.path.join(folder, name)
                    found.append((os.path.relpath(path, top).split(os.sep), path))
        found.sort()
        return [path for _parts, path in found]

    def cables(self, paths: Sequence[str]) -> Iterator[tuple[str, Cable]]:
        """(display path, cable) for every input that could be read."""
        for path in self.inputs(paths):
            if self.verbose:
                _say(f"reading {path}")
            try:
                cable = read_stdin() if path == STDIN else parse_file(path)
            except OSError as error:
                self.cannot_read(path, error)
                continue
            except Exception as error:  # noqa: BLE001 - reported, the run goes on
                self.internal_error(path, error)
                continue
            self.files += 1
            yield (STDIN_NAME if path == STDIN else path), cable

    @contextlib.contextmanager
    def guard(self, path: str) -> Iterator[None]:
        """Turn an internal error while handling one cable into a message (not OSError:
        that is the output failing, which ends the run)."""
        try:
            yield
        except OSError:
            raise
        except Exception as error:  # noqa: BLE001 - reported, the run goes on
            self.internal_error(path, error)

    def status(self, found: bool = False) -> int:
        return 2 if self.problems else 1 if found else 0


def read_stdin() -> Cable:
    """Parse standard input, decoded like :func:`~teletype.api.parse_file` decodes files."""
    stream = sys.stdin
    if stream is None:
        raise OSError("no standard input")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        return parse(stream.read(), source=STDIN_NAME)
    return parse_bytes(buffer.read(), source=STDIN_NAME)


# ---------------------------------------------------------------------------- commands


def _cmd_parse(args: argparse.Namespace) -> int:
    run = _Run(args.verbose)
    single = len(args.paths) == 1 and (args.paths[0] == STDIN or not os.path.isdir(args.paths[0]))
    with _output(args.output) as out:
        items = None if args.format == "jsonl" or single else _JsonList(out)
        for path, cable in run.cables(args.paths):
            with run.guard(path):
                data = cable_to_dict(cable)
                if items is not None:
                    items.add(data)
                elif args.format == "jsonl":
                    out.write(out.json(data) + "\n")
                else:
                    out.write(out.json(data, indent=2) + "\n")
        if items is not None:
            items.close()
    return run.status()


def _codes(values: list[str] | None, option: str) -> tuple[str, ...] | None:
    """Comma- or space-separated codes, code prefixes (``TT2``) or rule names."""
    if not values:
        return None
    names = {rule.name: code for code, rule in CATALOG.items()}
    out: list[str] = []
    for value in values:
        for item in value.replace(",", " ").split():
            code = names.get(item.lower(), item.upper())
            if not any(known.startswith(code) for known in CATALOG):
                raise UsageError(f"{option}: unknown diagnostic code {item!r}")
            out.append(code)
    return tuple(out) or None


def _position(d: Diagnostic) -> int:
    return d.span.start if d.span is not None else -1


def _cmd_validate(args: argparse.Namespace) -> int:
    select = _codes(args.select, "--select")
    ignore = _codes(args.ignore, "--ignore") or ()
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}

    def shown(d: Diagnostic) -> bool:
        if d.severity is Severity.INFO and not args.verbose:
            return False
        if select is not None and not d.code.startswith(select):
            return False
        return not d.code.startswith(ignore)

    run = _Run()
    counts = dict.fromkeys(Severity, 0)
    with _output(args.output) as out:
        items = _JsonList(out) if args.format == "json" else None
        for path, cable in run.cables(args.paths):
            with run.guard(path):
                found = sorted((d for d in cable.diagnostics if shown(d)), key=_position)
                for d in found:
                    counts[d.severity] += 1
                if items is not None:
                    items.add({
                        "path": path,
                        "errors": sum(d.severity is Severity.ERROR for d in found),
                        "warnings": sum(d.severity is Severity.WARNING for d in found),
                        "diagnostics": [d.to_dict() for d in found],
                    })
                else:
                    out.write("".join(d.format(path) + "\n" for d in found))
        if items is not None:
            items.close()
    summary = (f"{_plural(run.files, 'file')}, {_plural(counts[Severity.ERROR], 'error')}, "
               f"{_plural(counts[Severity.WARNING], 'warning')}")
    if args.verbose:
        summary += f", {counts[Severity.INFO]} info"
    if run.problems:
        summary += f", {run.problems} not checked"
    print(summary, file=sys.stderr)
    found_failing = any(counts[s] for s in failing)
    return run.status(found_failing and not args.exit_zero)


def _cmd_export(args: argparse.Namespace) -> int:
    run = _Run(args.verbose)
    with _output(args.output) as out:
        writer: csv.DictWriter[str] | None = None
        if args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=RECORD_KEYS, restval="",
                                    extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        for path, cable in run.cables(args.paths):
            with run.guard(path):
                record = cable.record()
                if writer is not None:
                    writer.writerow(record_to_csv_row(record))
                else:
                    out.write(out.json(record) + "\n")
    if args.verbose:
        _say(f"exported {_plural(run.files, 'cable')}")
    return run.status()


# ---------------------------------------------------------------------------- arguments


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Parse, validate and export US diplomatic telegrams (cables).",
        epilog="PATH: a file, a directory (walked for *.txt, *.text, *.cable, *.msg and "
        "files without extension) or - for stdin. Exit status: 0 ok, 1 problems found "
        "(validate), 2 usage or I/O error.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str, run: Callable[[argparse.Namespace], int],
                formats: tuple[str, ...], verbose_help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("paths", nargs="+", metavar="PATH")
        sub.add_argument("--format", choices=formats, default=formats[0],
                         help=f"output format (default: {formats[0]})")
        sub.add_argument("-o", "--output", metavar="FILE",
                         help="write results to FILE instead of stdout")
        sub.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
        sub.set_defaults(run=run)
        return sub

    command("parse", "print the full parse tree of each cable as JSON", _cmd_parse,
            ("json", "jsonl"), "report each file read on stderr")
    validate = command("validate", "report diagnostics (path:line:col: CODE message)",
                       _cmd_validate, ("text", "json"), "also show info diagnostics")
    validate.add_argument("--strict", action="store_true",
                          help="warnings also make the exit status 1")
    validate.add_argument("--exit-zero", action="store_true",
                          help="exit 0 even when problems are found (2 still on I/O errors)")
    validate.add_argument("--select", action="append", metavar="CODES",
                          help="show only these codes (comma-separated; a prefix such as "
                          "TT2 or a rule name such as invalid-dtg also works)")
    validate.add_argument("--ignore", action="append", metavar="CODES",
                          help="hide these codes (same forms as --select)")
    command("export", "write one flat record per cable (JSON lines or CSV)", _cmd_export,
            ("jsonl", "csv"), "report each file read on stderr")
    return parser


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors
        return _exit_status(exit_.code)
    if args.command is None:
        parser.print_usage(sys.stderr)
        _say("a command is required: parse, validate or export")
        return 2
    try:
        status: int = args.run(args)
    except UsageError as error:
        _say(str(error))
        return 2
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (``teletype parse DIR | head``): stop quietly
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        _say(f"cannot write {error.filename or args.output or 'output'}: {_reason(error)}")
        return 2
    return status
