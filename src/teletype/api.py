"""The parse API: text or file in, :class:`~teletype.cable.Cable` out. Never raises on input."""

from __future__ import annotations

import os
import traceback
from typing import Any

from lark import Token, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import diagnostics as diag
from .cable import Cable, assemble
from .grammar import get_parser
from .nodes import Line, Unparsed
from .source import LineIndex, decode_bytes
from .transform import Builder, Draft, tile

#: Inputs longer than this many characters are parsed up to the limit only.
DEFAULT_MAX_CHARS = 50_000_000

_TERMINAL_NAMES = {
    "_NL": "line end", "WORD": "group", "OTHER": "line", "RI": "routing indicator",
    "TIME_Z": "date-time group", "MONTH": "month", "YEAR": "year", "SSN": "station serial",
    "JULIAN": "filing time", "ADDR_KW": "address keyword", "FM_KW": "FM",
    "BODY_TEXT": "text", "BODY_START": "paragraph", "FM_TEXT": "text", "VALUE": "text",
    "CLASS": "classification", "PREC": "precedence letter", "BT": "BT",
    "$END": "end of text",
}


def _describe(kind: str) -> str:
    return _TERMINAL_NAMES.get(kind, kind.lower().replace("_", " "))


class _Recorder:
    """on_error handler for the last-resort pass: record what the parser skips, go on."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.skipped: list[tuple[int, int, str]] = []

    def __call__(self, error: UnexpectedInput) -> bool:
        if len(self.skipped) > 10_000:
            return False
        if isinstance(error, UnexpectedToken):
            tok = error.token
            if tok.type == "$END":
                return False
            start = tok.start_pos or 0
            self.skipped.append((start, tok.end_pos or start, _message(error)))
            return True
        if isinstance(error, UnexpectedCharacters):
            pos = error.pos_in_stream or 0
            self.skipped.append((pos, pos + 1, _message(error)))
            return True
        return False


def _message(error: UnexpectedInput) -> str:
    if isinstance(error, UnexpectedToken):
        tok = error.token
        expected = sorted({_describe(e) for e in error.expected})
        more = ", ..." if len(expected) > 6 else ""
        return (f"unexpected {_describe(tok.type)} {str(tok)[:40]!r} here; expected "
                f"{', '.join(expected[:6])}{more}")
    if isinstance(error, UnexpectedCharacters):
        return f"unexpected character {error.char!r} here"
    return "unexpected input"


#: Passes that each set aside one offending line before the last-resort pass.
MAX_RESYNC_PASSES = 12


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end == -1 else end)


def _parse_masked(text: str, builder: Builder) -> list[Draft]:
    """Parse; when the parser meets a line it cannot take, set the whole line aside as an
    Unparsed node (blanked with spaces so offsets stay put) and parse again.

    Setting aside the line stops one bad line from derailing everything after it. After
    MAX_RESYNC_PASSES such lines, a last pass drops single offending tokens instead.
    """
    parser = get_parser()
    masked = text
    aside: list[Draft] = []
    for _ in range(MAX_RESYNC_PASSES):
        try:
            tree = parser.parse(masked)
        except UnexpectedInput as error:
            pos = _error_pos(error, masked)
            start, end = _line_bounds(masked, pos)
            if not masked[start:end].strip():
                break
            reason = _message(error)
            builder.diagnostics.append(diag.make("TT101", reason, builder.index.span(start, end),
                                                 hint="the line is kept verbatim as unparsed"))
            aside.append(Draft(start, end, Unparsed, {"reason": reason}))
            masked = masked[:start] + " " * (end - start) + masked[end:]
            continue
        return builder.build(tree) + aside
    recorder = _Recorder(masked)
    tree = parser.parse(masked, on_error=recorder)
    drafts = builder.build(tree)
    for start, end, reason in recorder.skipped:
        builder.diagnostics.append(diag.make("TT101", reason, builder.index.span(start, end)))
        drafts.append(Draft(start, end, Unparsed, {"reason": reason}))
    return drafts + aside


def _unparsed_lines(text: str, start: int, reason: str, builder: Builder) -> list[Draft]:
    drafts = []
    pos = start
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end + 1
        if text[pos:end].strip():
            drafts.append(Draft(pos, end, Unparsed, {"reason": reason}))
        pos = end
    if drafts:
        first = drafts[0]
        builder.diagnostics.append(
            diag.make("TT101", reason, builder.index.span(first.start, first.end))
        )
    return drafts


def parse(
    text: str,
    *,
    source: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    year_pivot: int = 1960,
    encoding: str | None = None,
    _extra: list[diag.Diagnostic] | None = None,
) -> Cable:
    """Parse one cable. Never raises on bad input: what does not fit the grammar becomes
    :class:`~teletype.nodes.Unparsed` nodes and diagnostics.

    ``year_pivot``: two-digit DTG years are read in ``[year_pivot, year_pivot + 99]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes str, not {type(text).__name__}; use parse_file()")
    index = LineIndex(text)
    builder = Builder(text, index, year_pivot)
    if _extra:
        builder.diagnostics.extend(_extra)
    limit = len(text)
    tail: list[Draft] = []
    if limit > max_chars:
        limit = text.rfind("\n", 0, max_chars) + 1 or max_chars
        tail = [Draft(limit, len(text), Unparsed, {"reason": "beyond the size limit"})]
        builder.diagnostics.append(diag.make(
            "TT002", f"input has {len(text)} characters; only the first {limit} were parsed",
            index.span(limit, len(text)), hint="raise max_chars to parse everything"))
    drafts = _parse_with_fallback(text[:limit], builder)
    nodes: list[Line] = tile(text, index, drafts + tail)
    return assemble(source, nodes, builder.diagnostics, encoding)


def _parse_with_fallback(text: str, builder: Builder) -> list[Draft]:
    """Parse with line resynchronisation; if even the last-resort pass gives up, keep the
    rest as unparsed lines. Internal errors become TT000 with the text kept."""
    region = text if text.endswith("\n") or not text else text + "\n"
    if not region.strip():
        return []
    mark = len(builder.diagnostics)
    try:
        return _parse_masked(region, builder)
    except Exception as error:  # noqa: BLE001 - a failure must not lose text
        del builder.diagnostics[mark:]
        builder.drafts.clear()
        if isinstance(error, UnexpectedInput):
            code, reason = "TT101", "the parser could not continue from this line"
        else:
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            if os.environ.get("TELETYPE_DEBUG"):
                detail = traceback.format_exc()
            code, reason = "TT000", f"internal error: {detail}"
        builder.diagnostics.append(diag.make(code, reason, builder.index.span(0, 0)))
        return _unparsed_lines(text, 0, "not parsed", builder)


def _error_pos(error: UnexpectedInput, text: str) -> int:
    tok: Any = getattr(error, "token", None)
    if isinstance(tok, Token):
        if tok.type == "$END":
            return len(text.rstrip()) - 1 if text.strip() else 0
        if tok.start_pos is not None:
            return tok.start_pos
    return getattr(error, "pos_in_stream", 0) or 0


def parse_bytes(data: bytes, *, source: str | None = None, **options: Any) -> Cable:
    """Decode bytes (UTF-8, else Windows-1252/Latin-1 with a TT001 diagnostic) and parse.
    Line endings are kept as found."""
    text, encoding = decode_bytes(data)
    extra = []
    if encoding not in ("utf-8", "utf-8-sig"):
        extra.append(diag.make("TT001", f"file is not UTF-8; decoded as {encoding}", None))
    return parse(text, source=source, encoding=encoding, _extra=extra, **options)


def parse_file(path: str | os.PathLike[str], **options: Any) -> Cable:
    """Read a file as bytes and parse it with :func:`parse_bytes`."""
    with open(path, "rb") as handle:
        data = handle.read()
    return parse_bytes(data, source=str(path), **options)
