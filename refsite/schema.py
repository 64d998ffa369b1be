"""JSON Schemas for the entry files, generated from the models (never kept by hand).

`python -m refsite schema` writes schemas/<kind>.json; every data file names its schema on its first line
(`# yaml-language-server: $schema=../../schemas/<kind>.json`), so editors such as VS Code (with the YAML
extension) check and complete entries as they are typed. The same schemas are published on the site
under schemas/. A test fails when the committed files and the models drift apart.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from . import dates
from .models import ENTRY_TYPES, ID_PATTERN

SCHEMA_DIR = "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
# What an editor shows when a value does not match a field's pattern. Without these, editors using the
# YAML language server show the raw regular expression ("String does not match the pattern of ^(?:\d{4}…").
PATTERN_MESSAGES = {
    dates.PATTERN: "Not a date this site understands. Write it in quotes, in one of these forms: "
    + dates.FORMS_HINT.removeprefix("expected forms: ")
    + ".",
    ID_PATTERN: "Not an id: ids are lower-case letters and digits joined by hyphens, like the file names in "
    "data/ (serbia, aleksandar-vucic).",
    r"^https?://\S+$": "Not an address: it starts with https:// or http:// and has no spaces.",
    r"^[a-z]{2,3}$": "Not a language code: two or three lower-case letters, e.g. en, sr, ru.",
    r"^[A-Z]{3}$": "Not a currency code: three capital letters, e.g. USD, EUR.",
    r"^[A-Za-z0-9_-]{6,20}$": "Not a video id: the id in the video's address (6 to 20 letters, digits, - or _).",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*#c[1-9][0-9]{0,3}$": "Not a claim reference: an entry's id, '#c' and the "
    "claim's number (serbia-refuses-sanctions#c2).",
}
FALLBACK_MESSAGE = "This value does not have the expected form: see the field's description."


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of one entry type, as a dict."""
    model = ENTRY_TYPES[kind]
    generated = model.model_json_schema(mode="validation")
    schema = {
        "$schema": DIALECT,
        "title": f"{model.label[0].upper()}{model.label[1:]} (data/{kind}/<id>.yml)",
        "description": (
            generated.pop("description", "") + " Generated from refsite/models.py by "
            "`python -m refsite schema`; do not edit by hand."
        ).strip(),
    }
    generated.pop("title", None)
    schema.update(generated)
    _add_pattern_messages(schema)
    return schema


def _add_pattern_messages(node: Any) -> None:
    """Give every pattern a message a person reads (patternErrorMessage, which the YAML language server and
    VS Code show instead of the regular expression), unless the model gave one (errorMessage)."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str) and not ({"errorMessage", "patternErrorMessage"} & set(node)):
            node["patternErrorMessage"] = PATTERN_MESSAGES.get(node["pattern"], FALLBACK_MESSAGE)
        for value in node.values():
            _add_pattern_messages(value)
    elif isinstance(node, list):
        for value in node:
            _add_pattern_messages(value)


@functools.cache  # the models are code: a process (a preview session's many rebuilds) needs each text once
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
        out += sorted(
            f"{SCHEMA_DIR}/{p.name}" for p in folder.glob("*.json") if f"{SCHEMA_DIR}/{p.name}" not in expected
        )
    return out
