"""Tests for teletype.serialize: plain-data views of the AST for JSON and CSV."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from teletype import nodes, parse
from teletype.cable import Cable
from teletype.record import RECORD_KEYS
from teletype.serialize import cable_to_dict, node_to_dict, record_to_csv_row
from teletype.source import Span

# Laid out like the seed (a 1989 State cable from a FOIA print: print-system wrapper, relay
# envelope, full ACP-127 header, body, trailer); the wording is invented.
SEED_LIKE = """\
PAGE 001
NC 2955693 STATE 170194
TOR: 280319Z MAY 89

OO RUEAIIB
ZNY SSSSS ZOC STATE ZZH
OO RUEHC RUEHPE
DE RUEHC #0194 1480246
ZNY SSSSS ZZH
O 280245Z MAY 89
FM SECSTATE WASHDC
TO AMEMBASSY LIMA IMMEDIATE 6315
BT
S E C R E T STATE 170194

E.O. 12356: DECL: OADR
TAGS: SNAR, PE
SUBJECT: REVIEW OF RIVER PATROL COOPERATION

1. (S) ENTIRE TEXT.

2. (S) THE DEPARTMENT ASKS THE EMBASSY TO REPORT ON THE STATUS
OF THE RIVER PATROL PROGRAMME BY JUNE 5.
KIMMITT
BT
#0194
NNNN
"""

SPAN_KEYS = {"start", "end", "line", "column", "end_line", "end_column"}
NODE_TYPES = {
    name for name, value in vars(nodes).items()
    if isinstance(value, type) and issubclass(value, nodes.Node)
}
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(scope="module")
def cable() -> Cable:
    return parse(SEED_LIKE, source="seed-like.txt")


@pytest.fixture(scope="module")
def doc(cable: Cable) -> dict[str, Any]:
    return cable_to_dict(cable)


def walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside ``value`` (depth first), not those of decoded values (``decoded``:
    plain fields of teletype.decode.fields, no nodes)."""
    if isinstance(value, dict):
        yield value
        for key, item in value.items():
            if key != "decoded":
                yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def test_json_round_trip(doc: dict[str, Any]) -> None:
    assert json.loads(json.dumps(doc)) == doc


def test_top_level_keys(cable: Cable, doc: dict[str, Any]) -> None:
    assert list(doc) == [
        "schema_version", "source", "layout", "encoding", "record", "nodes", "layers",
        "diagnostics",
    ]
    assert doc["schema_version"] == 1
    assert doc["source"] == "seed-like.txt"
    assert doc["layout"] == cable.layout
    assert list(doc["record"]) == list(RECORD_KEYS)
    assert doc["record"] == cable.record()
    assert doc["diagnostics"] == [d.to_dict() for d in cable.diagnostics]


def test_nodes_tile_the_input(doc: dict[str, Any]) -> None:
    assert "".join(n["raw"] for n in doc["nodes"]) == SEED_LIKE
    for node in doc["nodes"]:
        assert node["kind"] == node["type"]
        span = node["span"]
        assert SEED_LIKE[span["start"]:span["end"]] == node["raw"]


def test_every_node_dict_has_type_raw_span(doc: dict[str, Any]) -> None:
    seen = 0
    for item in walk(doc["nodes"]):
        if "type" not in item:
            assert set(item) == SPAN_KEYS  # the only other dicts are spans
            continue
        seen += 1
        assert item["type"] in NODE_TYPES
        assert isinstance(item["raw"], str)
        assert set(item["span"]) == SPAN_KEYS
    assert seen > len(doc["nodes"])  # nested groups too


def test_no_python_objects_left(doc: dict[str, Any]) -> None:
    def check(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, str)
                check(item)
        elif isinstance(value, list):
            for item in value:
                check(item)
        else:
            assert value is None or type(value) in (str, int, float, bool), repr(value)

    check(doc)


def test_datetimes_are_iso_strings(doc: dict[str, Any]) -> None:
    values = [g["value"] for g in walk(doc["nodes"]) if g.get("type") == "DateTimeGroup"]
    assert "1989-05-28T02:45:00Z" in values
    assert all(v is None or ISO_UTC.match(v) for v in values)
    assert doc["record"]["dtg"] == "1989-05-28T02:45:00Z"


def test_layers(cable: Cable, doc: dict[str, Any]) -> None:
    layers = doc["layers"]
    assert set(layers) == {"wrapper", "envelope", "header", "text", "trailer", "envelopes"}
    assert layers["envelopes"] == len(cable.envelopes)
    count = len(doc["nodes"])
    seen: list[int] = []
    for name in ("wrapper", "envelope", "header", "text", "trailer"):
        indexes = layers[name]
        assert indexes == sorted(indexes)
        assert all(0 <= i < count for i in indexes)
        seen.extend(indexes)
    assert sorted(seen) == list(range(count))  # each node in exactly one layer
    kinds = {name: [doc["nodes"][i]["type"] for i in layers[name]] for name in layers
             if name != "envelopes"}
    assert "DtgLine" in kinds["header"]
    assert "SubjectLine" in kinds["text"]
    assert kinds["trailer"][-1] == "EndOfMessage"
    if cable.header is not None:
        assert [cable.nodes[i] for i in layers["header"]] == list(cable.header.lines)


def test_layers_of_empty_input() -> None:
    doc = cable_to_dict(parse(""))
    assert doc["nodes"] == []
    assert doc["layers"] == {
        "wrapper": [], "envelope": [], "header": [], "text": [], "trailer": [], "envelopes": 0,
    }


def test_node_to_dict_by_hand() -> None:
    span = Span(0, 14, 1, 1, 1, 15)
    moment = datetime(1989, 5, 28, 2, 45, tzinfo=timezone.utc)
    group = nodes.DateTimeGroup("280245Z MAY 89", span, 28, 2, 45, 5, 1989, moment)
    line = nodes.DtgLine("O 280245Z MAY 89\n", span, (), group, (), ())
    out = node_to_dict(line)
    assert out["type"] == out["kind"] == "DtgLine"
    assert out["span"] == span.to_dict()
    assert out["precedences"] == [] and out["extra"] == []
    assert out["dtg"]["type"] == "DateTimeGroup"
    assert "kind" not in out["dtg"]
    assert out["dtg"]["value"] == "1989-05-28T02:45:00Z"

    eastern = datetime(1989, 5, 27, 21, 45, tzinfo=timezone(timedelta(hours=-5)))
    assert node_to_dict(nodes.DateTimeGroup("x", span, None, None, None, None, None, eastern))[
        "value"] == "1989-05-28T02:45:00Z"
    bad = node_to_dict(nodes.DateTimeGroup("x", span, 31, None, None, 4, None, None))
    assert bad["value"] is None and bad["hour"] is None and bad["day"] == 31


def test_record_to_csv_row() -> None:
    record = dict.fromkeys(RECORD_KEYS)
    record.update(to=["AMEMBASSY LIMA", "AMEMBASSY QUITO"], info=[], section=[1, 2],
                  errors=0, warnings=3, dtg="1989-05-28T02:45:00Z")
    row = record_to_csv_row(record)
    assert list(row) == list(RECORD_KEYS)
    assert row["to"] == "AMEMBASSY LIMA; AMEMBASSY QUITO"
    assert row["info"] == ""
    assert row["section"] == "1/2"
    assert row["errors"] == "0" and row["warnings"] == "3"
    assert row["subject"] == ""
    assert row["dtg"] == "1989-05-28T02:45:00Z"
    assert all(isinstance(v, str) for v in row.values())


def test_record_to_csv_row_of_a_parsed_cable(cable: Cable) -> None:
    row = record_to_csv_row(cable.record())
    assert row["from"] == "SECSTATE WASHDC"
    assert row["to"] == "AMEMBASSY LIMA"
    assert row["tags"] == "SNAR; PE"
