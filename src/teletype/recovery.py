"""Line resynchronisation: how a parse goes on past text the grammar does not take.

:func:`parse_with_fallback` parses; when the parser meets a line it cannot take, that line is
set aside as an :class:`~teletype.nodes.Unparsed` node (blanked with spaces, so offsets stay
put) and the text is parsed again, up to :data:`MAX_RESYNC_PASSES` times; a last pass drops
single offending tokens. A Builder failure on one line makes that line Unparsed (TT000).
TT101 messages speak of the text, not of grammar internals.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from typing import Any

from lark import Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import diagnostics as diag
from .builder import FieldsDraft, Reduced
from .grammar import get_parser
from .nodes import Unparsed
from .transform import Builder, Draft

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
            tree = parser.parse(masked, reduce=builder.reduce_hooks())
        except UnexpectedInput as error:
            pos = _error_pos(error, masked)
            start, end = _line_bounds(masked, pos)
            if not masked[start:end].strip(_IGNORED):
                break  # blanking changes nothing the parser sees
            reason = _message(error)
            builder.diagnostics.append(diag.make("TT101", reason, builder.index.span(start, end),
                                                 hint="the line is kept verbatim as unparsed"))
            aside.append(FieldsDraft(start, end, Unparsed, {"reason": reason}))
            masked = masked[:start] + " " * (end - start) + masked[end:]
            continue
        drafts = _build(builder, tree)
        del tree  # the parse tree, before the drafts are handed on
        drafts += aside
        return drafts
    recorder = _Recorder(masked)
    tree = parser.parse(masked, on_error=recorder)
    drafts = _build(builder, tree)
    del tree
    for start, end, reason in recorder.skipped:
        builder.diagnostics.append(diag.make("TT101", reason, builder.index.span(start, end)))
        drafts.append(FieldsDraft(start, end, Unparsed, {"reason": reason}))
    drafts += aside
    return drafts


def _build(builder: Builder, tree: Tree[Any]) -> list[Draft]:
    """Build the top-level lines of ``tree`` in turn: a line whose handler fails becomes
    Unparsed (with a TT000 diagnostic), what was built of it forgotten, and the other lines
    are kept. Returns the Builder's own list of drafts."""
    checkpoint, build_line = builder.checkpoint, builder.build_line
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        mark = checkpoint()
        try:
            build_line(child)
        except Exception as error:  # noqa: BLE001 - a failure must not lose text
            builder.rollback(mark)
            start, end = _tree_bounds(child)
            reason = f"internal error: {_error_text(error)}"
            builder.diagnostics.append(diag.make(
                "TT000", reason, builder.index.span(start, end),
                hint="the line is kept verbatim as unparsed; please report the input"))
            builder.drafts.append(FieldsDraft(start, end, Unparsed, {"reason": reason}))
    return builder.drafts


def _tree_bounds(tree: Tree[Any]) -> tuple[int, int]:
    """First and last character offsets of the tokens under ``tree``, counting a block
    the parser had built in its place (a draft, or :class:`Reduced`) by the offsets of
    its tokens (iteratively: trees can be deeper than Python's recursion limit)."""
    first, last = -1, -1
    stack: list[Any] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, Tree):
            stack.extend(item.children)
            continue
        if isinstance(item, Token):
            if item.start_pos is None:
                continue
            start = item.start_pos
            end = item.end_pos if item.end_pos is not None else start
        elif isinstance(item, (Draft, Reduced)):
            start, end = item.start, item.end
        else:
            continue
        first = start if first < 0 else min(first, start)
        last = max(last, end)
    return max(first, 0), max(last, first, 0)


def _error_text(error: BaseException) -> str:
    """One line naming the error, or its traceback when TELETYPE_DEBUG is set."""
    if os.environ.get("TELETYPE_DEBUG"):
        return "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def _unparsed_lines(text: str, start: int, reason: str, builder: Builder) -> list[Draft]:
    drafts: list[Draft] = []
    pos = start
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end + 1
        if text[pos:end].strip():
            drafts.append(FieldsDraft(pos, end, Unparsed, {"reason": reason}))
        pos = end
    if drafts:
        first = drafts[0]
        builder.diagnostics.append(
            diag.make("TT101", reason, builder.index.span(first.start, first.end))
        )
    return drafts


def parse_with_fallback(text: str, builder: Builder) -> list[Draft]:
    """Parse with line resynchronisation; if even the last-resort pass gives up, keep the
    rest as unparsed lines. Internal errors become TT000 with the text kept."""
    region = text if text.endswith("\n") or not text else text + "\n"
    if not region or region.isspace():  # not region.strip(), without its copy of the text
        return []
    mark = builder.checkpoint()
    try:
        return _parse_masked(region, builder)
    except Exception as error:  # noqa: BLE001 - a failure must not lose text
        builder.rollback(mark, drafts=0)
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
