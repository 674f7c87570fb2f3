"""The parse API: text or file in, :class:`~teletype.cable.Cable` out. Never raises on input."""

from __future__ import annotations

import gc
import os
from typing import Any

from . import diagnostics as diag
from .builder import FieldsDraft
from .cable import Cable, assemble
from .layout import Layout
from .nodes import Line, Unparsed
from .recovery import _error_text, parse_with_fallback
from .source import BOM, LineIndex, decode_bytes, describe_decoding
from .transform import Builder, Draft, tile

#: Inputs longer than this many characters are parsed up to the limit only (the rest is
#: one Unparsed node and a TT002 error). Real cables are at most a few hundred kilobytes;
#: parse time is linear, about 1-4 s/MB for cable-like text and up to about 80 s/MB for
#: the most token-dense hostile text measured (docs/reliability.md), so the limit bounds
#: the time one input can take.
DEFAULT_MAX_CHARS = 10_000_000


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
    with _GcPaused():
        index = LineIndex(text)
        builder = Builder(text, index, year_pivot)
        if _extra:
            builder.diagnostics.extend(_extra)
        limit = len(text)
        tail: list[Draft] = []
        if limit > max_chars:
            limit = text.rfind("\n", 0, max_chars) + 1 or max(max_chars, 0)
            tail = [FieldsDraft(limit, len(text), Unparsed, {"reason": "beyond the size limit"})]
            builder.diagnostics.append(diag.make(
                "TT002", f"input has {len(text)} characters; only the first {limit} were parsed",
                index.span(limit, len(text)), hint="raise max_chars to parse everything"))
        # The parser sees a leading byte order mark as a space (same length, so offsets stay
        # put; the grammar ignores spaces); tiling uses the original text, so the mark is kept.
        seen = text[:limit]
        if seen.startswith(BOM):
            seen = " " + seen[1:]
        drafts = parse_with_fallback(seen, builder)
        try:
            front = builder.read_front_matter(drafts)
            drafts += tail
            nodes: list[Line] = tile(text, index, drafts)  # empties the drafts
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


class _GcPaused:
    """Pause the cyclic garbage collector while parsing.

    A parse allocates many small objects (tokens, trees, nodes) and no reference cycles
    to speak of; the collector's passes over them cost 30-60% of the parse time and grow
    with the number of live objects. Reference counting still frees everything. A class,
    not a generator's context manager: 0.3 us a parse instead of 2.
    """

    __slots__ = ("enabled",)

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            gc.enable()


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
