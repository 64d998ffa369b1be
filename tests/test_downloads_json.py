"""The JSON downloads of the real data in compact JSON (orjson, refsite/downloads.py: _json_line) hold the very values
they held with the json module's ", " and ": " separators: same records, same numbers (floats as floats), same
text (non-ASCII included), one record per line as before."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from refsite import downloads as downloads_module
from refsite.downloads import Downloads
from refsite.history import Versions
from refsite.publication import Publication

from .conftest import real_index


def _files() -> dict[str, str]:
    versions = Versions()
    publication = Publication.from_settings("Test site", "https://example.org/ref/", versions)
    return {
        path: text
        for path, text in Downloads(real_index(), versions, publication).contents().items()
        if path.endswith(".json")
    }


def _old_style(value: Any) -> bytes:
    """How the downloads were encoded before: the json module, spaces after ',' and ':'."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8")


def _kinds_of_values(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _kinds_of_values(v, found)
    elif isinstance(value, list):
        for v in value:
            _kinds_of_values(v, found)
    elif isinstance(value, float):
        found.add("float")
    elif isinstance(value, str) and not value.isascii():
        found.add("non-ASCII")
    elif isinstance(value, bool):
        found.add("bool")
    elif isinstance(value, int):
        found.add("int")
    elif value is None:
        found.add("null")


def test_compact_json_downloads_hold_the_values_the_old_ones_held(monkeypatch: pytest.MonkeyPatch):
    new = _files()
    monkeypatch.setattr(downloads_module, "_json_line", _old_style)
    old = _files()
    assert new.keys() == old.keys() and len(new) == 13
    found: set[str] = set()
    for path, text in new.items():
        assert text != old[path], path  # the form changed …
        # … not the values: dumped again the same way, 1 and 1.0, true and 1 stay apart.
        assert json.dumps(json.loads(text)) == json.dumps(json.loads(old[path])), path
        assert len(text.splitlines()) == len(old[path].splitlines()), path  # one record per line, as before
        _kinds_of_values(json.loads(text), found)
        records = [line.strip().removesuffix(",") for line in text.splitlines() if line.startswith(("  {", "   {"))]
        assert records, path
        for line in records:
            assert line == orjson.dumps(json.loads(line)).decode()  # each record compact, on its own line
    assert found == {"float", "non-ASCII", "bool", "int", "null"}
