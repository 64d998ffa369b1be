"""JSON Schemas for the entry files, generated from the models (never kept by hand).

`python -m refsite schema` writes schemas/<kind>.json; every data file names its schema on its first line
(`# yaml-language-server: $schema=../../schemas/<kind>.json`), so editors such as VS Code (with the YAML
extension) check and complete entries as they are typed. The same schemas are published on the site
under schemas/. A test fails when the committed files and the models drift apart.
"""
from __future__ import annotations

import json
from pathlib import Path

from .models import ENTRY_TYPES

SCHEMA_DIR = "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(kind: str) -> dict:
    """The JSON Schema of one entry type, as a dict."""
    model = ENTRY_TYPES[kind]
    generated = model.model_json_schema(mode="validation")
    schema = {
        "$schema": DIALECT,
        "title": f"{model.label[0].upper()}{model.label[1:]} (data/{kind}/<id>.yml)",
        "description": (generated.pop("description", "") + " Generated from refsite/models.py by "
                        "`python -m refsite schema`; do not edit by hand.").strip(),
    }
    generated.pop("title", None)
    schema.update(generated)
    return schema


def schema_text(kind: str) -> str:
    """The schema file's exact content: stable key order, UTF-8, final newline."""
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """{"schemas/events.json": text, ...} for every entry type."""
    return {f"{SCHEMA_DIR}/{kind}.json": schema_text(kind) for kind in ENTRY_TYPES}


def write_schemas(root: Path) -> list[str]:
    """(Re)write root/schemas/*.json; returns the files that changed."""
    changed = []
    for rel, text in schema_files().items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(rel)
    return changed


def stale_schemas(root: Path) -> list[str]:
    """Schema files under root that are missing or differ from what the models generate."""
    out = []
    expected = schema_files()
    for rel, text in expected.items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(rel)
    folder = root / SCHEMA_DIR
    if folder.is_dir():  # a schema for a kind that no longer exists
        out += sorted(f"{SCHEMA_DIR}/{p.name}" for p in folder.glob("*.json") if f"{SCHEMA_DIR}/{p.name}" not in expected)
    return out
