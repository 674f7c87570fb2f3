"""Source text, spans and byte decoding."""

from __future__ import annotations

import bisect
import re
from typing import Any


class Span:
    """A half-open range of character offsets with 1-based line and column of both ends.

    Immutable, compared by its six values (hashed by its offsets), pickled with them. A
    span made by :meth:`LineIndex.span` keeps the offsets and the index and works out the
    lines and columns on first use (a cable makes about 60 spans; most are never asked
    for them).
    """

    # ``_length``, not the end: a length under 257 is one of Python's shared small ints,
    # an end offset is an int object of 28 bytes kept by the span alone.
    # ``_at``: the LineIndex until the lines and columns are asked for, then they (one slot
    # for both: 8 bytes less a span, and one read sees either).
    __slots__ = ("start", "_length", "_at")

    start: int
    _length: int
    _at: LineIndex | tuple[int, int, int, int]

    def __init__(self, start: int, end: int, line: int, column: int, end_line: int,
                 end_column: int) -> None:
        _set_start(self, start)
        _set_length(self, end - start)
        _set_at(self, (line, column, end_line, end_column))

    @property
    def end(self) -> int:
        return self.start + self._length

    def _position(self) -> tuple[int, int, int, int]:
        at = self._at
        if isinstance(at, tuple):
            return at
        where = at._where(self.start, self.end)
        _set_at(self, where)
        return where

    @property
    def line(self) -> int:
        return self._position()[0]

    @property
    def column(self) -> int:
        return self._position()[1]

    @property
    def end_line(self) -> int:
        return self._position()[2]

    @property
    def end_column(self) -> int:
        return self._position()[3]

    def _key(self) -> tuple[int, int, int, int, int, int]:
        return (self.start, self.end, *self._position())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Span)
        if self.start != other.start or self._length != other._length:
            return False
        if self._at is other._at:
            return True  # the same offsets in the same text: the same lines and columns
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.start, self._length))  # equal spans have equal offsets

    def __repr__(self) -> str:
        start, end, line, column, end_line, end_column = self._key()
        return (f"Span(start={start}, end={end}, line={line}, column={column}, "
                f"end_line={end_line}, end_column={end_column})")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a Span")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a Span")

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int, int, int, int]]:
        return (Span, self._key())

    def to_dict(self) -> dict[str, Any]:
        start, end, line, column, end_line, end_column = self._key()
        return {
            "start": start,
            "end": end,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
        }


_new = object.__new__
# the slots' own setters: a span is made for every node and group, and a slot's
# descriptor sets it in a third less time than object.__setattr__ by name
_set_start = Span.__dict__["start"].__set__
_set_length = Span.__dict__["_length"].__set__
_set_at = Span.__dict__["_at"].__set__
_NEWLINE = re.compile("\n")


class LineIndex:
    """Maps character offsets to 1-based line and column numbers.

    The line starts are found on first use: a parse makes spans for every node, but most
    cables never have a line or column asked for (about 20 us a cable saved). Until then
    the index holds the text; after, only the line starts."""

    __slots__ = ("_text", "_starts_", "_length")

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._starts_: list[int] | None = None
        self._length = len(text)

    @property
    def _starts(self) -> list[int]:
        starts = self._starts_
        if starts is None:
            text = self._text
            if text is None:  # another thread built them in between
                starts = self._starts_
                assert starts is not None
                return starts
            starts = [0, *[match.end() for match in _NEWLINE.finditer(text)]]
            self._starts_ = starts  # set before the text is let go: see above
            self._text = None
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        """The span of ``start:end``, clamped to the text (lines and columns on first use)."""
        length = self._length
        if not 0 <= start <= end <= length:  # (most spans need no clamping)
            start = 0 if start < 0 else length if start > length else start
            end = start if end < start else length if end > length else end
        span = _new(Span)  # made here, lines and columns left to this index
        _set_start(span, start)
        _set_length(span, end - start)
        _set_at(span, self)
        return span

    def _where(self, start: int, end: int) -> tuple[int, int, int, int]:
        # the same as position() of both ends; most spans lie on one line, so the end is
        # looked up only when it lies past the start's line
        starts = self._starts
        line = bisect.bisect_right(starts, start)  # 1-based: the index of the next start
        first = starts[line - 1]
        if line == len(starts) or end < starts[line]:
            return line, start - first + 1, line, end - first + 1
        end_line = bisect.bisect_right(starts, end, line)
        return line, start - first + 1, end_line, end - starts[end_line - 1] + 1


#: Byte order marks, longest first (a UTF-32-LE mark starts like a UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: The codec that turns decoded text back into the file's bytes, per encoding name that
#: :func:`decode_bytes` returns. The byte order mark is part of the text (U+FEFF), so the
#: codecs here are the ones that do not add or strip one.
CODECS: dict[str, str] = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "utf-32-le": "utf-32-le",
    "utf-32-be": "utf-32-be",
    "cp1252": "cp1252",
    "latin-1": "latin-1",
}

BOM = "\ufeff"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns (text, encoding used). Never raises, loses nothing.

    A byte order mark selects UTF-8, UTF-16 or UTF-32 (``utf-8-sig``, ``utf-16-le``, ...)
    and is kept in the text as U+FEFF, so that the text re-encodes to the same bytes
    (:func:`encode_text`). Without a mark: UTF-8; else Windows-1252, falling back to
    Latin-1 for the five bytes Windows-1252 leaves undefined. Bytes that are not valid in
    the encoding their mark names are decoded as if there were no mark. Line endings are
    kept as found.
    """
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            try:
                return data.decode(CODECS[encoding]), encoding
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def encode_text(text: str, encoding: str) -> bytes:
    """The bytes that :func:`decode_bytes` decoded as ``(text, encoding)``."""
    return text.encode(CODECS.get(encoding, encoding))


def describe_decoding(data: bytes, encoding: str) -> str | None:
    """A sentence on how ``data`` was decoded, or None for plain UTF-8 (no mark)."""
    if encoding == "utf-8":
        return None
    if encoding in ("cp1252", "latin-1"):
        named = next((name for mark, name in _BOMS if data.startswith(mark)), None)
        why = (f"starts with a {_bom_name(named)} byte order mark but is not valid {named}"
               if named else "is not UTF-8")
        return f"file {why}; decoded as {encoding}"
    return (f"file starts with a {_bom_name(encoding)} byte order mark; decoded as "
            f"{encoding}, the mark kept as U+FEFF at the start of the text")


def _bom_name(encoding: str | None) -> str:
    return {"utf-8-sig": "UTF-8", "utf-16-le": "UTF-16 (little-endian)",
            "utf-16-be": "UTF-16 (big-endian)", "utf-32-le": "UTF-32 (little-endian)",
            "utf-32-be": "UTF-32 (big-endian)"}.get(encoding or "", str(encoding))


def looks_binary(data: str | bytes) -> bool:
    """Whether text (or file bytes, decoded first) looks like a binary file rather than a
    cable: its first 64 KiB hold a NUL, or more than one character in ten there is a control
    character other than tab, line feed, carriage return and form feed."""
    if isinstance(data, bytes):
        data = decode_bytes(data[:65536])[0]
    sample = data[:65536]
    if "\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for ch in sample
                   if (ch < " " and ch not in "\t\n\r\f") or "\x7f" <= ch <= "\x9f")
    return controls * 10 > len(sample)
