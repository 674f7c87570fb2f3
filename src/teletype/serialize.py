"""Plain-data views of a parsed cable, for JSON and CSV output (schema: docs/json.md).

Everything here walks the frozen AST once and builds new dicts and lists; nothing is
copied twice (no ``copy.deepcopy``, no ``dataclasses.asdict``).
"""

from __future__ import annotations

import dataclasses
import enum
import json
from datetime import date, datetime, timezone
from typing import Any

from .cable import Cable
from .nodes import Line, Node, TextLine
from .source import Span

#: Bumped when a key of :func:`cable_to_dict` changes meaning or disappears.
SCHEMA_VERSION = 1

# field names per dataclass type; dataclasses.fields() is slow enough to matter per node
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls))
        _FIELDS[cls] = names
    return names


def iso_utc(value: datetime) -> str:
    """``1989-05-28T02:45:00Z``; a naive datetime is taken to be UTC already."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _value(value: Any) -> Any:
    if type(value) in _PLAIN:  # exact types: the common case, checked first
        return value
    if isinstance(value, tuple | list):
        return [_value(item) for item in value]
    if isinstance(value, Span):
        return value.to_dict()
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _value(value.value)
    if isinstance(value, str | int | float):  # subclasses of the plain types
        return value
    if isinstance(value, Node):
        return node_to_dict(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # a decoded value (``TagsLine.decoded``: teletype.decode.fields): its fields only
        return {name: _value(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    return str(value)


def node_to_dict(node: Any) -> dict[str, Any]:
    """A node (or any AST dataclass) as ``{"type": ClassName, field: value, ...}``.

    Spans become :meth:`Span.to_dict`, datetimes ISO 8601 UTC strings, tuples lists, nested
    nodes dicts; ``None`` is kept. Line nodes (the top-level kinds) also get ``"kind"``.
    """
    out: dict[str, Any] = {"type": type(node).__name__}
    if isinstance(node, Line):
        out["kind"] = node.kind
    for name in _field_names(type(node)):
        out[name] = _value(getattr(node, name))
    return out


def layers(cable: Cable) -> dict[str, Any]:
    """Which top-level nodes (indexes into ``cable.nodes``) each layer holds."""
    index = {id(node): i for i, node in enumerate(cable.nodes)}

    def positions(nodes: Any) -> list[int]:
        return sorted(index[id(n)] for n in nodes if id(n) in index)

    envelope_nodes = [
        n for env in cable.envelopes
        for n in (*env.routing, *((env.security,) if env.security is not None else ()))
    ]
    header = positions(cable.header.lines) if cable.header is not None else []
    wrapper = positions(cable.wrapper)
    trailer = positions(cable.trailer)
    envelope = positions(envelope_nodes)
    taken = set(header) | set(wrapper) | set(trailer) | set(envelope)
    text = [
        i for i, n in enumerate(cable.nodes) if i not in taken and isinstance(n, TextLine)
    ]
    return {
        "wrapper": wrapper,
        "envelope": envelope,
        "header": header,
        "text": text,
        "trailer": trailer,
        "envelopes": len(cable.envelopes),
    }


def cable_to_dict(cable: Cable) -> dict[str, Any]:
    """The whole parse result as plain data (``teletype parse`` output, docs/json.md)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": cable.source,
        "layout": cable.layout.value,
        "encoding": cable.encoding,
        "record": cable.record(),
        "nodes": [node_to_dict(node) for node in cable.nodes],
        "layers": layers(cable),
        "diagnostics": [d.to_dict() for d in cable.diagnostics],
    }


def record_to_csv_row(record: dict[str, Any]) -> dict[str, str]:
    """A :meth:`Cable.record` as CSV cells: lists joined with ``"; "``, ``None`` as ``""``,
    ``section`` ``[1, 2]`` as ``"1/2"``."""
    row: dict[str, str] = {}
    for key, value in record.items():
        if value is None:
            cell = ""
        elif key == "section" and isinstance(value, list | tuple):
            cell = "/".join("" if part is None else str(part) for part in value)
        elif isinstance(value, list | tuple):
            cell = "; ".join("" if item is None else str(item) for item in value)
        elif isinstance(value, bool):
            cell = "true" if value else "false"
        elif isinstance(value, dict):
            cell = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            cell = str(value)
        row[key] = cell
    return row
