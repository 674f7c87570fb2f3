"""The shipped JSON Schemas describe the real output (record and AST JSON)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from conftest import needs_shared, shared_corpus_files

import teletype
from teletype.serialize import cable_to_dict

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

ROOT = Path(__file__).resolve().parent.parent


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
