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
    """on_error handler: record what the parser skips, then let it go on."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.skipped: list[tuple[int, int, str]] = []
        self.count = 0

    def __call__(self, error: UnexpectedInput) -> bool:
        self.count += 1
        if self.count > 10_000:
            return False
        if isinstance(error, UnexpectedToken):
            tok = error.token
            if tok.type == "$END":
                return False
            start = tok.start_pos or 0
            end = tok.end_pos or start
            expected = sorted(_describe(e) for e in error.expected)[:6]
            self.skipped.append((start, end, f"unexpected {_describe(tok.type)} "
                                 f"{str(tok)[:40]!r}; expected {', '.join(expected)}"))
            return True
        if isinstance(error, UnexpectedCharacters):
            pos = error.pos_in_stream
            self.skipped.append((pos, pos + 1, f"unexpected character {self.text[pos]!r}"))
            return True
        return False


def _parse_region(text: str, builder: Builder) -> list[Draft]:
    """Parse ``text`` (with a final newline guaranteed) into drafts; record skipped text."""
    parser = get_parser()
    recorder = _Recorder(text)
    tree = parser.parse(text, on_error=recorder)
    drafts = builder.build(tree)
    for start, end, reason in recorder.skipped:
        span = builder.index.span(start, end)
        builder.diagnostics.append(diag.make("TT101", reason, span))
        drafts.append(Draft(start, end, Unparsed, {"reason": reason}))
    return drafts


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
    """Parse; if the parser gives up, parse the part before the failing line and keep the
    rest as unparsed lines. Internal errors become TT000 with the text kept."""
    cut = len(text)
    for _attempt in range(4):
        region = text[:cut]
        if region and not region.endswith("\n"):
            region += "\n"
        mark = len(builder.diagnostics)
        try:
            drafts = _parse_region(region, builder) if region.strip() else []
        except UnexpectedInput as error:
            del builder.diagnostics[mark:]
            builder.drafts.clear()
            pos = _error_pos(error)
            new_cut = text.rfind("\n", 0, min(pos, cut)) + 1
            if new_cut >= cut:
                new_cut = text.rfind("\n", 0, max(cut - 1, 0)) + 1
            cut = new_cut
            continue
        except Exception as error:  # noqa: BLE001 - an internal failure must not lose text
            del builder.diagnostics[mark:]
            builder.drafts.clear()
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            if os.environ.get("TELETYPE_DEBUG"):
                detail = traceback.format_exc()
            builder.diagnostics.append(diag.make(
                "TT000", f"internal error: {detail}", builder.index.span(0, 0)))
            return _unparsed_lines(text, 0, "not parsed after an internal error", builder)
        drafts = [d for d in drafts if d.start < cut] if cut < len(text) else drafts
        return drafts + _unparsed_lines(
            text, cut, "the parser could not continue from this line", builder)
    builder.drafts.clear()
    return _unparsed_lines(text, 0, "the parser could not continue from this line", builder)


def _error_pos(error: UnexpectedInput) -> int:
    tok: Any = getattr(error, "token", None)
    if isinstance(tok, Token) and tok.start_pos is not None:
        return tok.start_pos
    return getattr(error, "pos_in_stream", 0) or 0


def parse_file(path: str | os.PathLike[str], **options: Any) -> Cable:
    """Read a file as bytes, decode it (UTF-8, else Windows-1252/Latin-1 with a TT001
    diagnostic), and parse it. Line endings are kept as found."""
    with open(path, "rb") as handle:
        data = handle.read()
    text, encoding = decode_bytes(data)
    extra = []
    if encoding not in ("utf-8", "utf-8-sig"):
        extra.append(diag.make("TT001", f"file is not UTF-8; decoded as {encoding}", None))
    return parse(text, source=str(path), encoding=encoding, _extra=extra, **options)
