"""The ``teletype`` command: ``parse``, ``decode``, ``validate``, ``export`` and ``view``
cables; ``rules`` and ``schema`` document the diagnostics and the JSON.

Results go to stdout (or ``-o FILE``, written whole or not at all); messages and summaries
go to stderr. Exit status: 0 ok, 1 ``validate`` found problems, 2 usage or I/O errors (or an
internal error on some file; ``TELETYPE_DEBUG=1`` shows its traceback). Bad input never
stops a run: an unreadable file is reported and the other files are still processed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ._version import __version__
from .api import DEFAULT_MAX_CHARS, parse, parse_bytes
from .cable import Cable
from .collection import DEFAULT_MAX_BYTES, InputError, Item, iter_items
from .diagnostics import Diagnostic, Severity
from .output import JsonList, OutputError, Sink, open_text
from .serialize import cable_to_dict
from .source import looks_binary

PROG = "teletype"
STDIN = "-"
STDIN_NAME = "<stdin>"

#: What -v does, in every command that reads cables.
VERBOSE_HELP = "report each file read on stderr, and at the end how many"


class UsageError(Exception):
    """A bad option value: reported on stderr, exit status 2."""


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _use_color(choice: str, output: str | None) -> bool:
    """ANSI colour for results: ``always``, ``never``, or (``auto``) only on a terminal's
    stdout when NO_COLOR is unset (https://no-color.org) and TERM is not ``dumb``."""
    if choice != "auto":
        return choice == "always"
    if output not in (None, STDIN) or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


# ---------------------------------------------------------------------------- output


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[Sink]:
    """stdout, or ``path`` written through :mod:`teletype.output` (a temporary file that
    replaces a regular file once complete; a device or pipe written into directly)."""
    try:
        with open_text(path) as stream:
            yield Sink(stream)
    except OutputError as error:
        raise UsageError(str(error)) from None


# ---------------------------------------------------------------------------- input


def _reason(error: OSError) -> str:
    name = error.filename
    if isinstance(error, FileNotFoundError) and isinstance(name, str) and os.path.islink(name):
        with contextlib.suppress(OSError):
            return f"broken symbolic link (its target {os.readlink(name)} does not exist)"
    return error.strerror or str(error)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def _jobs(value: str) -> int:
    """``-j N``: a whole number, 0 for all cores."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number (0: all cores), got {value!r}")
    return number or os.cpu_count() or 1


def _say_skipped(path: str) -> None:
    _say(f"skipped {path}: not a regular file")


class _Run:
    """The files of one command: finds and reads them, counts what went wrong."""

    def __init__(self, verbose: bool = False, max_chars: int | None = None,
                 max_bytes: int | None = None) -> None:
        self.verbose = verbose
        self.problems = 0  # unreadable, skipped or binary inputs and internal errors
        self.files = 0  # cables read
        self.max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        self.options: dict[str, Any] = {} if max_chars is None else {"max_chars": max_chars}

    def cannot_read(self, path: str, error: Exception) -> None:
        self.problems += 1
        if isinstance(error, InputError):
            _say(f"skipped {path}: {error}")
        else:
            _say(f"cannot read {path}: "
                 f"{_reason(error) if isinstance(error, OSError) else error}")

    def internal_error(self, path: str, error: BaseException) -> None:
        self.problems += 1
        if os.environ.get("TELETYPE_DEBUG"):
            traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
            _say(f"internal error on {path}")
        else:
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            _say(f"internal error on {path}: {detail} (TELETYPE_DEBUG=1 shows a traceback)")

    def items(self, paths: Sequence[str]) -> Iterator[Item]:
        """The inputs as bytes, as ``export`` reads them: files, walked folders, archive
        members, stdin; over-size, unreadable and binary inputs reported and skipped."""
        for path in paths:
            seen = self.problems
            found = False
            for item in iter_items([path], self.cannot_read, _say_skipped,
                                   max_bytes=self.max_bytes):
                found = True
                if self.verbose:
                    _say(f"reading {item.name}")
                if item.data and looks_binary(item.data):
                    self.problems += 1
                    _say(f"{item.name}: looks like a binary file, not a text cable; skipped")
                    continue
                if not item.data:
                    _say(f"{item.name}: empty file")
                yield item
            if not found and self.problems == seen and path != STDIN and os.path.isdir(path):
                _say(f"no cable files in {path}")

    def cables(self, paths: Sequence[str]) -> Iterator[tuple[str, Cable]]:
        """(display path, cable) for every input that could be read."""
        for item in self.items(paths):
            try:
                cable = parse_bytes(item.data, source=item.name, **self.options)
            except Exception as error:  # noqa: BLE001 - reported, the run goes on
                self.internal_error(item.name, error)
                continue
            self.files += 1
            yield item.name, cable

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
        if self.verbose:
            _say(f"{_plural(self.files, 'file')} read"
                 + (f", {self.problems} not processed" if self.problems else ""))
        return 2 if self.problems else 1 if found else 0


def read_stdin(**options: Any) -> Cable:
    """Parse standard input, decoded like :func:`~teletype.api.parse_file` decodes files."""
    stream = sys.stdin
    if stream is None:
        raise OSError("no standard input")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        return parse(stream.read(), source=STDIN_NAME, **options)
    return parse_bytes(buffer.read(), source=STDIN_NAME, **options)


# ---------------------------------------------------------------------------- commands


def _cmd_parse(args: argparse.Namespace) -> int:
    run = _Run(args.verbose, args.max_chars, args.max_bytes)
    single = len(args.paths) == 1 and (args.paths[0] == STDIN or not os.path.isdir(args.paths[0]))
    with _output(args.output) as out:
        items = None if args.format == "jsonl" or single else JsonList(out)
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


def _validate_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The options of ``validate``: the command line over ``[tool.teletype]`` in the
    nearest pyproject.toml (or ``--config FILE``) over the defaults."""
    from dataclasses import replace

    from .validate import ConfigError, load_options, resolve_codes

    try:
        options = load_options(args.config) if args.config else load_options()
        select = resolve_codes(_split(args.select), "--select") if args.select else None
        ignore = resolve_codes(_split(args.ignore), "--ignore") if args.ignore else None
    except ConfigError as error:
        raise UsageError(str(error)) from None
    config = options.config
    if select is not None:  # an explicit --select replaces the configured select and ignore
        config = replace(config, select=select, ignore=())
    if ignore:
        config = replace(config, ignore=tuple(config.ignore) + ignore)
    for warning in options.warnings:
        _say(f"warning: {warning}")
    if args.min_severity is not None:
        minimum = Severity(args.min_severity)
    else:
        minimum = options.min_severity or Severity.WARNING
    return {
        "config": config,
        "minimum": minimum,
        "strict": options.strict if args.strict is None else args.strict,
        "exit_zero": options.exit_zero if args.exit_zero is None else args.exit_zero,
        "format": args.format or options.format or "text",
    }


def _split(values: list[str]) -> list[str]:
    return [item for value in values for item in value.replace(",", " ").split()]


def _cmd_validate(args: argparse.Namespace) -> int:
    from .sarif import to_sarif
    from .validate import validate

    settings = _validate_settings(args)
    minimum: Severity = settings["minimum"]
    fmt: str = settings["format"]
    failing = {Severity.ERROR, Severity.WARNING} if settings["strict"] else {Severity.ERROR}

    run = _Run(args.verbose, args.max_chars, args.max_bytes)
    color = _use_color(args.color, args.output)
    counts = dict.fromkeys(Severity, 0)
    collected: list[tuple[str, list[Diagnostic]]] = []
    with _output(args.output) as out:
        items = JsonList(out) if fmt == "json" else None
        for path, cable in run.cables(args.paths):
            with run.guard(path):
                found = [d for d in validate(cable, config=settings["config"])
                         if d.severity.rank >= minimum.rank]
                for d in found:
                    counts[d.severity] += 1
                if fmt == "sarif":
                    collected.append((path, found))
                elif items is not None:
                    items.add({
                        "path": path,
                        "errors": sum(d.severity is Severity.ERROR for d in found),
                        "warnings": sum(d.severity is Severity.WARNING for d in found),
                        "diagnostics": [d.to_dict() for d in found],
                    })
                else:
                    out.write("".join(d.format(path, color=color) + "\n" + d.fix_lines()
                                      for d in found))
        if items is not None:
            items.close()
        if fmt == "sarif":
            log = to_sarif(collected, invocation_ok=not run.problems)
            out.write(out.json(log, indent=2) + "\n")
    summary = (f"{_plural(run.files, 'file')}, {_plural(counts[Severity.ERROR], 'error')}, "
               f"{_plural(counts[Severity.WARNING], 'warning')}")
    if minimum is Severity.INFO:
        summary += f", {counts[Severity.INFO]} info"
    if run.problems:
        summary += f", {run.problems} not checked"
    print(summary, file=sys.stderr)
    found_failing = any(counts[s] for s in failing)
    return run.status(found_failing and not settings["exit_zero"])


def _cmd_export(args: argparse.Namespace) -> int:
    from . import export
    from .cluster import ClusterError
    from .collection import WorkerCrashed
    from .progress import Progress, suggest_jobs

    run = _Run(args.verbose, args.max_chars, args.max_bytes)
    if args.scheduler is not None:
        jobs = 1
    elif args.jobs is not None:
        jobs = args.jobs
    else:
        jobs = suggest_jobs(args.paths)
    if args.format == "sqlite" and not args.output:
        raise UsageError("--format sqlite needs -o FILE (the database to create or update)")
    progress = Progress(args.paths, enabled=not args.quiet and sys.stderr.isatty())
    rows = progress.wrap(export.iter_rows(run.items(args.paths), jobs,
                                          scheduler=args.scheduler, **run.options))
    try:
        with contextlib.closing(rows):
            if args.format == "sqlite":
                base = args.base if args.base is not None else export.common_base(args.paths)
                count = export.export_sqlite(
                    rows, args.output, base=base and os.path.abspath(base), inputs=args.paths,
                    on_wait=lambda: _say(f"waiting for another export into the folder of "
                                         f"{args.output} to finish"))
            else:
                with _output(args.output) as out:
                    if args.format == "csv":
                        count = export.write_csv(rows, out, formulas=args.csv_formulas)
                    else:
                        count = export.write_jsonl(rows, out)
    except (export.ExportError, WorkerCrashed, ClusterError) as error:
        message = str(error)
        if isinstance(error, WorkerCrashed):
            from .output import is_stdout

            streamed = args.format != "sqlite" and is_stdout(args.output)
            message += ("; the output is incomplete" if streamed else "; nothing was written")
        raise UsageError(message) from None
    except ImportError as error:  # --scheduler without the dask extra
        raise UsageError(str(error)) from None
    run.files = count
    if args.verbose:
        _say(f"exported {_plural(count, 'cable')}")
    return run.status()


def _cmd_decode(args: argparse.Namespace) -> int:
    from . import explain  # the explanation of header and front matter (explain.py)

    run = _Run(args.verbose, args.max_chars, args.max_bytes)
    with _output(args.output) as out:
        items = JsonList(out) if args.format == "json" else None
        for path, cable in run.cables(args.paths):
            with run.guard(path):
                lines = explain.explain(cable)
                if items is not None:
                    items.add(explain.to_json(lines, path, cable))
                else:
                    out.write(explain.render_text(lines, path, cable) + "\n")
        if items is not None:
            items.close()
    return run.status()


def _cmd_view(args: argparse.Namespace) -> int:
    """One HTML page for one cable (to -o FILE or stdout), or, for a folder or several
    inputs, a folder -o DIR with index.html and one page per cable."""
    from . import view
    from .validate import validate

    run = _Run(args.verbose, args.max_chars, args.max_bytes)
    single = len(args.paths) == 1 and (args.paths[0] == STDIN or not os.path.isdir(args.paths[0]))
    if single and not (args.output and os.path.isdir(args.output)):
        with _output(args.output) as out:
            for path, cable in run.cables(args.paths):
                with run.guard(path):
                    out.write(view.page(cable, path=path, diagnostics=validate(cable)))
        return run.status()
    if not args.output:
        raise UsageError("view of a folder or of several files needs -o DIR (the folder to "
                         "write index.html and one page per cable into)")
    folder = args.output
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create {folder}: {_reason(error)}") from None
    rows: list[view.IndexRow] = []
    taken: set[str] = {"index.html"}
    for path, cable in run.cables(args.paths):
        with run.guard(path):
            found = validate(cable)
            name = _relative(path, args.paths)
            href = _page_name(name, taken)
            with _output(os.path.join(folder, href)) as out:
                out.write(view.page(cable, path=path, diagnostics=found, up="index.html"))
            rows.append(view.index_row(name, href, cable, found))
    with _output(os.path.join(folder, "index.html")) as out:
        out.write(view.index_page(rows, title=" ".join(args.paths)))
    if args.verbose:
        _say(f"wrote {_plural(len(rows), 'page')} and index.html to {folder}")
    return run.status()


def _relative(path: str, tops: Sequence[str]) -> str:
    """``path`` inside the input folder it was found in, else its file name."""
    for top in tops:
        prefix = os.path.join(top, "")
        if top != STDIN and path.startswith(prefix):
            return path[len(prefix):]
    return os.path.basename(path) or path


def _page_name(path: str, taken: set[str]) -> str:
    """A file name for the page of ``path``: its path with unsafe characters replaced,
    unique among ``taken``."""
    import re

    base = re.sub(r"[^A-Za-z0-9._-]+", "_", path.lstrip("./\\")).strip("._") or "cable"
    base = base[-150:]
    name, number = f"{base}.html", 1
    while name.lower() in taken:
        number += 1
        name = f"{base}-{number}.html"
    taken.add(name.lower())
    return name


def _cmd_rules(args: argparse.Namespace) -> int:
    """List the diagnostic codes, or explain one (a code or a rule name)."""
    from . import validate  # noqa: F401 - registers the validator's rules
    from .diagnostics import CATALOG, Rule

    with _output(None) as out:
        if args.code is None:
            width = max(len(entry.name) for entry in CATALOG.values())
            for entry in sorted(CATALOG.values(), key=lambda r: r.code):
                out.write(f"{entry.code}  {entry.severity.value:<7}  {entry.name:<{width}}  "
                          f"{entry.title}\n")
            return 0
        wanted = args.code.strip()
        rule: Rule | None = CATALOG.get(wanted.upper()) or next(
            (r for r in CATALOG.values() if r.name == wanted.lower()), None)
        if rule is None:
            raise UsageError(f"unknown diagnostic code or rule name {wanted!r} "
                             f"(`{PROG} rules` lists them)")
        lines = [f"{rule.code} {rule.name} ({rule.severity.value} by default)", "",
                 rule.title, "", *textwrap.wrap(rule.description, 88)]
        for label, example in (("Fails:", rule.example_fail), ("Passes:", rule.example_pass)):
            if example:
                lines += ["", label, *("    " + line for line in example.rstrip("\n").split("\n"))]
        if rule.source:
            lines += ["", f"Source: {rule.source}"]
        lines += ["", f"More: docs/rules.md#{rule.code.lower()}-{rule.name}"]
        out.write("\n".join(lines) + "\n")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the export record or of the parse tree."""
    from importlib import resources

    name = {"record": "record.schema.json", "ast": "ast.schema.json"}[args.which]
    schemas = resources.files("teletype").joinpath("schemas")
    text = schemas.joinpath(name).read_text(encoding="utf-8")
    with _output(args.output) as out:
        out.write(text if text.endswith("\n") else text + "\n")
    return 0


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
                formats: tuple[str, ...], verbose_help: str = VERBOSE_HELP,
                output_help: str = "write results to FILE instead of stdout",
                ) -> argparse.ArgumentParser:
        # -v means the same in every command (VERBOSE_HELP); the argument is kept for
        # callers that still pass it
        del verbose_help
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("paths", nargs="+", metavar="PATH")
        if formats:
            sub.add_argument("--format", choices=formats, default=formats[0],
                             help=f"output format (default: {formats[0]})")
        sub.add_argument("-o", "--output", metavar="FILE", help=output_help)
        sub.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
        sub.add_argument("--max-chars", type=_positive_int, metavar="N", default=None,
                         help="parse only the first N characters of each input; the rest "
                         f"is kept unparsed with a TT002 error (default: {DEFAULT_MAX_CHARS})")
        sub.add_argument("--max-bytes", type=_positive_int, metavar="N", default=None,
                         help="skip (and report) inputs larger than N bytes: files, stdin "
                         f"and archive members (default: {DEFAULT_MAX_BYTES})")
        sub.set_defaults(run=run)
        return sub

    command("parse", "print the full parse tree of each cable as JSON", _cmd_parse,
            ("json", "jsonl"))
    validate = command("validate", "report diagnostics (path:line:col: severity CODE message)",
                       _cmd_validate, ("text", "json", "sarif"))
    validate.set_defaults(format=None)  # default: [tool.teletype] format, else text
    validate.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                          help="warnings also make the exit status 1")
    validate.add_argument("--exit-zero", action=argparse.BooleanOptionalAction, default=None,
                          help="exit 0 even when problems are found (2 still on I/O errors)")
    validate.add_argument("--min-severity", choices=[s.value for s in Severity],
                          help="report diagnostics of this severity or above (default: "
                          "warning)")
    validate.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                          help="colour the severity in text output (default: auto: on a "
                          "terminal, unless NO_COLOR is set)")
    validate.add_argument("--config", metavar="PYPROJECT",
                          help="read [tool.teletype] from this file (default: the nearest "
                          "pyproject.toml with such a table)")
    validate.add_argument("--select", action="append", metavar="CODES",
                          help="show only these codes (comma-separated; a prefix such as "
                          "TT2 or a rule name such as invalid-dtg also works); replaces the "
                          "configured select and ignore")
    validate.add_argument("--ignore", action="append", metavar="CODES",
                          help="hide these codes (same forms as --select; added to the "
                          "configured ones)")
    export = command("export", "write one flat record per cable (JSON lines, CSV or SQLite)",
                     _cmd_export, ("jsonl", "csv", "sqlite"), "report each file read on stderr")
    export.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                        help="worker processes (default: 1 for a few megabytes of input, "
                        "else all cores; 0: all cores; 1: no workers)")
    export.add_argument("--scheduler", metavar="ADDRESS",
                        help="parse on the Dask distributed cluster whose scheduler is at "
                        "ADDRESS (tcp://host:port; the 'dask' extra); same rows, same order "
                        "as -j 1 (docs/scale.md)")
    export.add_argument("--base", metavar="DIR",
                        help="sqlite: store source paths relative to DIR (default: the "
                        "folder the inputs share), so exports from elsewhere match")
    export.add_argument("--csv-formulas", action="store_true",
                        help="csv: write cells that start with = + - @ as they are (default: "
                        "prefixed with ' so that a spreadsheet does not run them)")
    export.add_argument("-q", "--quiet", action="store_true",
                        help="no progress counter on a terminal")
    command("decode", "explain the header and front matter of each cable, group by group",
            _cmd_decode, ("text", "json"))
    command("view", "write an HTML page of each cable: its text, layers, decoded groups and "
            "diagnostics (docs/view.md)", _cmd_view, (),
            output_help="the page to write (one cable; default: stdout), or the folder to "
            "write index.html and one page per cable into (a folder or several inputs)")
    rules = commands.add_parser("rules", help="list the diagnostic codes, or explain one",
                                description="list the diagnostic codes, or explain one: "
                                "title, description, failing and passing example, source")
    rules.add_argument("code", nargs="?", metavar="CODE",
                       help="a code (TT301) or rule name (ssn-mrn-mismatch)")
    rules.set_defaults(run=_cmd_rules)
    schema = commands.add_parser("schema", help="print the JSON Schema of the export record "
                                 "or of the parse tree",
                                 description="print the JSON Schema (draft 2020-12) of the "
                                 "export record (teletype export) or of the parse tree "
                                 "(teletype parse)")
    schema.add_argument("which", choices=("record", "ast"),
                        help="record: one export row; ast: the JSON of teletype parse")
    schema.add_argument("-o", "--output", metavar="FILE",
                        help="write the schema to FILE instead of stdout")
    schema.set_defaults(run=_cmd_schema)
    return parser


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 2


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, ``timeout``) and SIGHUP (the terminal closed) stop a run like
    Ctrl-C: the temporary output file (or database copy) is removed, -o is left as it
    was, exit status 130. Worker processes forked meanwhile
    keep the default action (the pool stops them with SIGTERM)."""
    import signal

    owner = os.getpid()

    def interrupt(signum: int, frame: object) -> None:
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, interrupt)
        except (ValueError, OSError):  # not the main thread
            break
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _check_output(args: argparse.Namespace) -> None:
    """Refuse ``-o`` naming one of the inputs (it would be overwritten)."""
    from .output import OutputError, check_not_input

    try:
        check_not_input(getattr(args, "output", None), getattr(args, "paths", None) or ())
    except OutputError as error:
        raise UsageError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors
        return _exit_status(exit_.code)
    if args.command is None:
        parser.print_usage(sys.stderr)
        _say("a command is required: parse, decode, validate, export, view, rules or schema")
        return 2
    try:
        _check_output(args)
        with _sigterm_as_interrupt():
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
