"""The schemas are written for an editor's language server: documented, closed, published."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


def properties(node: object, where: str = "#") -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict):
                yield f"{where}/properties/{name}", sub
        for key, sub in node.items():
            yield from properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from properties(sub, f"{where}/{index}")


def resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return {**schema["$defs"][ref.removeprefix("#/$defs/")], **node}
    return node


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_and_published(path: Path) -> None:
    schema = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://")


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_every_property_is_documented_with_examples(path: Path) -> None:
    schema = json.loads(path.read_text())
    # Properties under `then` only narrow a documented property for one question type.
    undocumented = [where for where, node in properties(schema)
                    if "/then/" not in where
                    and not {"description", "examples"} <= resolve(schema, node).keys()]
    assert undocumented == []


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_every_object_is_closed(path: Path) -> None:
    schema = json.loads(path.read_text())

    def objects(node: object) -> Iterator[dict]:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for sub in node.values():
                yield from objects(sub)
        elif isinstance(node, list):
            for sub in node:
                yield from objects(sub)

    assert all(obj.get("additionalProperties") is False for obj in objects(schema))


def test_every_bundled_bank_names_its_schema_for_the_editor() -> None:
    for bank in (REPO / "banks").glob("*.yaml"):
        first = bank.read_text(encoding="utf-8").splitlines()[0]
        expected = "sources" if bank.name == "sources.yaml" else "bank"
        assert first == f"# yaml-language-server: $schema=../schemas/{expected}.schema.json", bank.name
