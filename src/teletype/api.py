"""The parse API: text or file in, :class:`~teletype.cable.Cable` out. Never raises on input."""

from __future__ import annotations

import contextlib
import gc
import os
import traceback
from collections.abc import Iterable, Iterator
from typing import Any

from lark import Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import diagnostics as diag
from .cable import Cable, assemble
from .grammar import get_parser
from .layout import Layout
from .nodes import Line, Unparsed
from .source import BOM, LineIndex, decode_bytes, describe_decoding
from .transform import Builder, Draft, tile

#: Inputs longer than this many characters are parsed up to the limit only (the rest is
#: one Unparsed node and a TT002 error). Real cables are at most a few hundred kilobytes;
#: parse time is linear, about 1-4 s/MB for cable-like text and up to about 80 s/MB for
#: the most token-dense hostile text measured (docs/reliability.md), so the limit bounds
#: the time one input can take.
DEFAULT_MAX_CHARS = 10_000_000

#: What each terminal of the grammar is, in the words of the text (TT101 messages name
#: what was found and what the format expects there, never the grammar's own names).
_TERMINAL_NAMES = {
    "$END": "the end of the text",
    "ACCOUNTING": "an accounting line", "ADDR_KW": "TO, INFO or XMT",
    "ADDR_RI": "a routing indicator before an addressee (RUEHC/)", "ADDR_TEXT": "an addressee",
    "ATTRIBUTE": "a message attribute line (*** ...)",
    "AUTHORITY": "the classifying authority", "BODY_START": "a paragraph",
    "BODY_TEXT": "text", "BT": "BT", "CAPTION": "a caption (NODIS, EXDIS, ...)",
    "CHANNEL": "a channel designator", "CIA_CLASS": "a classification",
    "CITE_KW": "CITE", "CLASS": "a classification", "CLASS_MARK": "a classification",
    "CLASSIFIED_BY_KW": "CLASSIFIED BY", "CSV_HEAD": "a CSV row heading",
    "DASHES": "a row of dashes", "DECL_KW": "DECL:", "DE_KW": "DE",
    "DIST_KW": "a distribution keyword (ACTION, INFO, ORIGIN)", "DIST_TOTAL": "a copy count",
    "DRAFTED_KW": "DRAFTED BY, APPROVED BY or CLEARED BY", "DTG_LABEL": "DTG",
    "END_KW": "NNNN", "EO_CODE": "a declassification code (OADR, GDS, ...)",
    "EO_DATE": "a declassification date", "EO_KW": "E.O.", "EO_NUM": "an order number",
    "FM_KW": "FM", "FM_TEXT": "text", "GROUP_COUNT": "a group count (GR 123)",
    "JANAP_CODE": "a JANAP 128 code group", "JANAP_SEC": "a JANAP 128 security group",
    "JULIAN": "a filing time (day of the year, hour, minute)",
    "LABEL": "a print-system label (HEADER:, BODY:, ...)",
    "LINE_OFFICE": "an office name", "MCN": "a channel number (MCN)",
    "MIL_NUMBER": "a message number (123/89)", "MIL_SERIES": "a message series (NAVADMIN, ...)",
    "MONTH": "a month (JAN-DEC)", "MRN_YEAR": "a year", "OFFICE": "an office name",
    "OFFICE_CODE": "an office code", "OPSIG": "an operating signal (Z...)",
    "OTHER": "a line", "PAGE_KW": "PAGE", "PAGE_NO": "a page number",
    "PERSON": "a name in parentheses", "PREC": "a precedence letter (Z O P R Y W)",
    "PREC_WORD": "a precedence word (IMMEDIATE, PRIORITY, ...)",
    "PROSIGN2": "a doubled precedence letter (OO, PP, ...)",
    "REF_BULLET": "a reference letter (A.)", "REF_JOIN": "AND or OR",
    "REF_KW": "REF", "RELAY_COUNTER": "a relay counter", "RI": "a routing indicator",
    "RI_END": "a full stop", "RI_SSN": "a routing indicator with a serial number",
    "SECTION_NO": "a section number (/02)", "SECTION_OF": "SECTION n OF m",
    "SEC_GROUP": "a security group (SSSSS, CCCCC, ...)", "SERIAL": "a serial number",
    "SERIES": "a message series (TOSEC, SECTO, ...)", "SET_ID": "a set identifier (MSGID/)",
    "SET_VALUE": "a set's fields", "SLIP": "a routing slip line", "SSN": "a station serial "
    "number (#1234)", "STAFF_KW": "STAFF", "STAMP": "a stamp", "SUBJECT_KW": "SUBJECT:",
    "TAG": "a tag", "TAGS_KW": "TAGS:", "TAG_SEP": "a comma", "TIME_NOZ": "a date-time "
    "group", "TIME_Z": "a date-time group (DDHHMMZ)", "TOR_KW": "TOR:",
    "VALUE": "text", "VZCZC": "VZCZC", "WORD": "a group", "YEAR": "a year",
    "ZNRY": "ZNR or ZNY",
}


def _describe(kind: str) -> str:
    """The words for a terminal: from the table; a line end for the newline terminals;
    otherwise "a group" (never the grammar's internal name)."""
    if kind in _TERMINAL_NAMES:
        return _TERMINAL_NAMES[kind]
    if kind.lstrip("_").endswith("NL"):
        return "the end of the line"
    return "a group"


def _found(token: Token) -> str:
    text = str(token)
    if token.type == "$END":
        return "the text ends"
    if not text.strip():
        return "the line ends"
    shown = " ".join(text.split())
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return repr(shown)


def _alternatives(kinds: Iterable[str]) -> str:
    """``a, b or c`` (at most six, the rest as "or something else")."""
    names = sorted({_describe(kind) for kind in kinds})
    if not names:
        return "something else"
    if len(names) > 6:
        names = [*names[:6], "something else"]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


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
    """What the text has here and what the format expects, in the words of the text:
    ``the line ends where a routing indicator, an addressee or PAGE should follow``."""
    if isinstance(error, UnexpectedToken):
        found = _found(error.token)
        expected = _alternatives(error.expected)
        if found in ("the line ends", "the text ends"):
            return f"{found} here; expected {expected}"
        return f"{found} does not fit here; expected {expected}"
    if isinstance(error, UnexpectedCharacters):
        return f"the character {error.char!r} does not fit here"
    return "the text does not fit here"


#: Passes that each set aside one offending line before the last-resort pass.
MAX_RESYNC_PASSES = 12

#: The characters the grammar skips between groups (``%ignore``). Other characters Python
#: counts as whitespace (a lone CR, U+001C..U+001F, U+0085, U+2028...) are not skipped.
_IGNORED = " \t\f\v"


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
            if not masked[start:end].strip(_IGNORED):
                break  # blanking changes nothing the parser sees
            reason = _message(error)
            builder.diagnostics.append(diag.make("TT101", reason, builder.index.span(start, end),
                                                 hint="the line is kept verbatim as unparsed"))
            aside.append(Draft(start, end, Unparsed, {"reason": reason}))
            masked = masked[:start] + " " * (end - start) + masked[end:]
            continue
        return _build(builder, tree) + aside
    recorder = _Recorder(masked)
    tree = parser.parse(masked, on_error=recorder)
    drafts = _build(builder, tree)
    for start, end, reason in recorder.skipped:
        builder.diagnostics.append(diag.make("TT101", reason, builder.index.span(start, end)))
        drafts.append(Draft(start, end, Unparsed, {"reason": reason}))
    return drafts + aside


def _build(builder: Builder, tree: Tree[Any]) -> list[Draft]:
    """``builder.build(tree)``; if that fails, build one top-level line at a time, so that
    only a line whose handler fails becomes Unparsed (with a TT000 diagnostic)."""
    drafts, diagnostics = len(builder.drafts), len(builder.diagnostics)
    try:
        return builder.build(tree)
    except Exception:  # noqa: BLE001 - retried line by line below
        del builder.drafts[drafts:]
        del builder.diagnostics[diagnostics:]
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        drafts, diagnostics = len(builder.drafts), len(builder.diagnostics)
        try:
            builder.build(Tree(tree.data, [child]))
        except Exception as error:  # noqa: BLE001 - a failure must not lose text
            del builder.drafts[drafts:]
            del builder.diagnostics[diagnostics:]
            start, end = _tree_bounds(child)
            reason = f"internal error: {_error_text(error)}"
            builder.diagnostics.append(diag.make(
                "TT000", reason, builder.index.span(start, end),
                hint="the line is kept verbatim as unparsed; please report the input"))
            builder.drafts.append(Draft(start, end, Unparsed, {"reason": reason}))
    return builder.drafts


def _tree_bounds(tree: Tree[Any]) -> tuple[int, int]:
    """First and last character offsets of the tokens under ``tree`` (iteratively: trees
    can be deeper than Python's recursion limit)."""
    first, last = -1, -1
    stack: list[Any] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, Tree):
            stack.extend(item.children)
        elif isinstance(item, Token) and item.start_pos is not None:
            first = item.start_pos if first < 0 else min(first, item.start_pos)
            last = max(last, item.end_pos if item.end_pos is not None else item.start_pos)
    return max(first, 0), max(last, first, 0)


def _error_text(error: BaseException) -> str:
    """One line naming the error, or its traceback when TELETYPE_DEBUG is set."""
    if os.environ.get("TELETYPE_DEBUG"):
        return "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return "".join(traceback.format_exception_only(type(error), error)).strip()


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
    with _gc_paused():
        index = LineIndex(text)
        builder = Builder(text, index, year_pivot)
        if _extra:
            builder.diagnostics.extend(_extra)
        limit = len(text)
        tail: list[Draft] = []
        if limit > max_chars:
            limit = text.rfind("\n", 0, max_chars) + 1 or max(max_chars, 0)
            tail = [Draft(limit, len(text), Unparsed, {"reason": "beyond the size limit"})]
            builder.diagnostics.append(diag.make(
                "TT002", f"input has {len(text)} characters; only the first {limit} were parsed",
                index.span(limit, len(text)), hint="raise max_chars to parse everything"))
        # The parser sees a leading byte order mark as a space (same length, so offsets stay
        # put; the grammar ignores spaces); tiling uses the original text, so the mark is kept.
        seen = text[:limit]
        if seen.startswith(BOM):
            seen = " " + seen[1:]
        drafts = _parse_with_fallback(seen, builder)
        try:
            front = builder.read_front_matter(drafts)
            nodes: list[Line] = tile(text, index, drafts + tail)
            return assemble(source, nodes, builder.diagnostics, encoding, front)
        except Exception as error:  # noqa: BLE001 - a failure must not lose text
            return _unparsed_cable(text, index, source, encoding, _extra or [], error)


def _unparsed_cable(text: str, index: LineIndex, source: str | None, encoding: str | None,
                    extra: list[diag.Diagnostic], error: Exception) -> Cable:
    """The cable when tiling or assembling failed: each line an Unparsed node (built here
    directly, without the code that failed), and TT000."""
    diagnostics = [*extra, diag.make("TT000", f"internal error: {_error_text(error)}",
                                     index.span(0, 0))]
    nodes: list[Line] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end + 1
        nodes.append(Unparsed(raw=text[pos:end], span=index.span(pos, end), reason="not parsed"))
        pos = end
    return Cable(source=source, nodes=tuple(nodes), diagnostics=tuple(diagnostics),
                 wrapper=(), envelopes=(), header=None, text=None, trailer=(),
                 layout=Layout.UNKNOWN, encoding=encoding)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while parsing.

    A parse allocates many small objects (tokens, trees, nodes) and no reference cycles
    to speak of; the collector's passes over them cost 30-60% of the parse time and grow
    with the number of live objects. Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
            code, reason = "TT000", f"internal error: {_error_text(error)}"
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
    """Decode bytes with :func:`~teletype.source.decode_bytes` and parse. A TT001 info
    diagnostic says how when the bytes were not plain UTF-8 (a byte order mark, UTF-16,
    Windows-1252, Latin-1). Line endings and a byte order mark are kept as found."""
    text, encoding = decode_bytes(data)
    extra = []
    how = describe_decoding(data, encoding)
    if how is not None:
        span = LineIndex(text[:1]).span(0, 1) if text.startswith(BOM) else None
        extra.append(diag.make("TT001", how, span))
    return parse(text, source=source, encoding=encoding, _extra=extra, **options)


def parse_file(path: str | os.PathLike[str], **options: Any) -> Cable:
    """Read a file as bytes and parse it with :func:`parse_bytes`."""
    with open(path, "rb") as handle:
        data = handle.read()
    return parse_bytes(data, source=str(path), **options)
