"""The shipped JSON Schemas describe the real output (record and AST JSON)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from conftest import ROOT, needs_shared, shared_corpus_files

import teletype
from teletype.serialize import cable_to_dict

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")



def schema(name: str) -> dict[str, object]:
    text = resources.files("teletype").joinpath("schemas", name).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def validator(name: str) -> object:
    record = schema("record.schema.json")
    registry = referencing.Registry().with_resource(
        "record.schema.json", referencing.Resource.from_contents(record))
    main = schema(name)
    registry = registry.with_resource(main["$id"], referencing.Resource.from_contents(main))
    return jsonschema.Draft202012Validator(main, registry=registry)


def check(name: str, document: object) -> None:
    errors = list(validator(name).iter_errors(document))  # type: ignore[attr-defined]
    assert not errors, [e.message for e in errors[:3]]


def test_record_keys_match_the_schema() -> None:
    assert tuple(schema("record.schema.json")["required"]) == teletype.RECORD_KEYS  # type: ignore[arg-type]


def test_layouts_match_the_schema_and_the_docs() -> None:
    """Layout is the one list of layouts: the schema's enum and docs/layouts.md follow it."""
    from teletype.layout import Layout

    properties = schema("record.schema.json")["properties"]
    assert properties["layout"]["enum"] == [layout.value for layout in Layout]  # type: ignore[index]
    docs = (ROOT / "docs" / "layouts.md").read_text(encoding="utf-8")
    assert all(f"`{layout.value}`" in docs for layout in Layout)


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").rglob("*.txt")),
                         ids=lambda p: p.name)
def test_project_corpus_output_is_valid(path: Path) -> None:
    cable = teletype.parse_file(path)
    check("record.schema.json", cable.record())
    check("ast.schema.json", json.loads(json.dumps(cable_to_dict(cable))))


@needs_shared
def test_shared_corpus_records_are_valid() -> None:
    for path in shared_corpus_files()[::7]:
        cable = teletype.parse_file(path)
        check("record.schema.json", cable.record())
        check("ast.schema.json", json.loads(json.dumps(cable_to_dict(cable))))


def test_validated_diagnostics_with_fixes_and_related_locations_are_valid() -> None:
    """teletype.validate() diagnostics carry fixes and related locations (issue 18)."""
    text = ("NC 2955693 STATE 107194\nOO RUEHC RUEHEP\nDE RUEHC #0195 1480246\n"
            "O 280245Z MAY 89\nFM SECSTATE WASHCD\nTO AMEMBASSY LIMA IMMEDIATE 6315\nBT\n"
            "SECRET STATE 170194\n")
    cable = teletype.parse(text)
    document = json.loads(json.dumps(cable_to_dict(cable)))
    found = teletype.validate(cable)
    document["diagnostics"] = [d.to_dict() for d in found]
    assert any("fixes" in d for d in document["diagnostics"])
    assert any("related" in d for d in document["diagnostics"])
    check("ast.schema.json", document)
