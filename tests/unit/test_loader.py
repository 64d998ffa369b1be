"""The loader's two ways of reading a file (refsite/loader.py): the quick one (libyaml's parse events, no
positions) for files with nothing unusual, the careful one (every node checked, every position recorded) for
the rest and for the positions an error needs. They must give the same data, and every error its place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from yaml.nodes import ScalarNode

from refsite import loader
from refsite.dataset import load_dataset
from refsite.errors import DataErrors
from refsite.loader import parse_entry

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REAL_DATA = FIXTURES.parent.parent / "data"


def _same(a: object, b: object) -> None:
    """Equal, and of the same types throughout (True is not 1, '2020' is not 2020)."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b)
        for key in a:
            _same(a[key], b[key])
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    else:
        assert a == b


def _texts() -> list[tuple[str, str]]:
    files = sorted(REAL_DATA.rglob("*.yml")) + sorted(FIXTURES.rglob("*.yml"))
    out = []
    for file in files:
        try:
            out.append((str(file), file.read_bytes().decode("utf-8").removeprefix("\ufeff")))
        except UnicodeDecodeError:
            continue  # refused before either way is taken
    return out


def test_the_quick_way_gives_the_careful_ways_data_for_every_file_it_reads():
    quick = 0
    for name, text in _texts():
        data = loader._quick_data(text)
        if data is None:
            continue
        quick += 1
        raw, errors = loader._careful_parse(text, "events", "x", name)
        assert raw is not None and not errors, name
        _same(data, raw.data)
    assert quick >= 300  # the real data's files are read the quick way


@pytest.mark.parametrize(
    "text",
    [
        "version: 2\ntitle: &t A\nsummary: *t\n",  # an alias
        "version: 2\ntitle: A\ntitle: B\n",  # a duplicate key
        "version: 2\nsize: 012\n",  # YAML 1.1 octal
        "version: 2\nsize: 1_000\n",
        "version: 2\ntitle: !!python/name:os.system x\n",  # a tag
        "version: 2\ntitle: a\\x01b\n".replace("a\\x01b", '"a\\x01b"'),  # a control character as an escape
        'version: 2\ntitle: "a\u202eb"\n',  # a character that reverses text
        'version: 2\ntitle: "line one\\nline two\\x7f"\n',  # a control character after a line break
        'version: 2\nclaims:\n  - text: "a\\u200bb"\n',  # a zero-width space written as an escape
        "version: 2\n<<: {title: A}\n",  # a merge key
        "version: 2\n? [a, b]\n: c\n",  # a key that is not a name
        "- a\n- b\n",  # not a mapping
        "version: 2\nx: " + "[" * 41 + "]" * 41 + "\n",  # nesting deeper than MAX_DEPTH
        "version: 2\nx: " + "[" * 100_000 + "\n",  # deep enough to crash libyaml's composer
        "version: 2\ntitle: [a\n",  # a syntax error
        "version: 2\n---\nversion: 2\n",  # two documents
        "version: 2\ntitle: ! a\n",  # the non-specific tag
        "version: 2\nx: !!map {a: b}\n",  # an explicit tag on a collection
        "version: 2\nx: &a [b]\n",  # an anchor on a collection
    ],
)
def test_anything_unusual_is_left_to_the_careful_way(text):
    assert loader._quick_data(text) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "yes",
        "No",
        "off",
        "True",
        "false",
        "y",
        "1",
        "-1",
        "+1",
        "012",
        "0x1F",
        "0b101",
        "1_000",
        "1.5",
        ".5",
        "-.inf",
        ".NaN",
        "1e5",
        "1.0e+5",
        "190:20:30",
        "1:10",
        "2020",
        "2020-02-17",
        "2020-02-17 10:00:00",
        "<<",
        "=",
        "text",
        "Yesterday",
        "nothing",
        "¶3",
        "~x",
        ".",
        "-",
        "+",
    ],
)
def test_the_quick_ways_tags_are_safeloaders(value):
    """The quick way resolves a plain scalar's tag itself, as SafeLoader's resolver does, and takes a quoted one
    as text (the tag SafeLoader gives it)."""
    safe = yaml.SafeLoader("")
    try:
        assert loader._plain_tag(value) == safe.resolve(ScalarNode, value, (True, False))
        assert safe.resolve(ScalarNode, value, (False, True)) == loader._STR
    finally:
        safe.dispose()


def test_the_quick_way_reads_what_libyaml_parses():
    """Values of every kind, flow and block collections, quoted and plain scalars, '&' in text (not an anchor)."""
    text = (
        'version: 2\ntitle: R&D "in" Serbia\nn: -12\nx: 1.5e3\ny: 1.5e+3\nok: yes\nnone: ~\nempty:\nwhen: 2020-02-17\n'
        "at: 1:10:36\nq: '012'\nlist: [a, 'b', {c: [1, [2]]}]\nblock:\n  - k: v\n    w: []\n  - {}\n"
    )
    assert loader._quick_data(text) == {
        "version": 2,
        "title": 'R&D "in" Serbia',
        "n": -12,
        "x": "1.5e3",  # (YAML 1.1 floats have a point and a signed exponent)
        "y": 1500.0,
        "ok": True,
        "none": None,
        "empty": None,
        "when": "2020-02-17",
        "at": "1:10:36",
        "q": "012",
        "list": ["a", "b", {"c": [1, [2]]}],
        "block": [{"k": "v", "w": []}, {}],
    }
    raw, errors = loader._careful_parse(text, "events", "x", "x.yml")
    assert raw is not None and not errors
    _same(loader._quick_data(text), raw.data)


def test_an_error_in_a_quickly_read_file_is_placed_at_its_line_and_column(tiny_data, monkeypatch):
    """Positions are found only when an error needs them, and then where the careful way puts them."""
    found: list[str] = []
    careful_positions = loader._positions_in
    monkeypatch.setattr(loader, "_positions_in", lambda text: found.append(text) or careful_positions(text))
    load_dataset(tiny_data)  # valid: no file is read twice for positions
    assert found == []

    event = tiny_data / "events" / "ministers-meet.yml"
    text = event.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(n for n, x in enumerate(lines, 1) if x.startswith("themes:"))
    col = lines[line - 1].index("[") + 2  # the first theme in the flow list
    first_theme = lines[line - 1][col - 1 :].split(",")[0].split("]")[0]
    event.write_text(text.replace(f"[{first_theme}", "[no-such-theme", 1), encoding="utf-8")
    raw, errors = parse_entry(event.read_bytes(), "events", "ministers-meet", "data/events/ministers-meet.yml")
    assert raw is not None and not errors and raw.positions is None  # read the quick way
    with pytest.raises(DataErrors) as caught:
        load_dataset(tiny_data)
    messages = [str(e) for e in caught.value.errors]
    assert any(
        m.startswith(f"data/events/ministers-meet.yml:{line}:{col}: ") and "no-such-theme" in m for m in messages
    )
    assert len(found) == 1


def test_a_position_is_the_same_either_way():
    text = "version: 2\ntitle: A\nclaims:\n  - text: B\n    citations:\n      - {source: s, locator: '¶3'}\n"
    quick, _ = parse_entry(text.encode(), "events", "e", "data/events/e.yml")
    careful, _ = loader._careful_parse(text, "events", "e", "data/events/e.yml")
    assert quick is not None and careful is not None
    assert quick.positions is None and careful.positions is not None
    for loc in [("title",), ("claims", 0, "text"), ("claims", 0, "citations", 0, "locator"), ("claims", 0, "x")]:
        assert quick.where(loc) == careful.where(loc)
    assert quick.where(("claims", 0, "citations", 0, "locator")) == (6, 21)  # the key "locator"


def test_every_character_the_quick_way_searches_text_for_is_one_str_isprintable_refuses():
    """The quick way searches only text that is not printable for control and hidden characters: that skips none."""
    unwanted = [chr(c) for c in range(0x110000) if loader._UNWANTED_TEXT.match(chr(c))]
    controls = 9 + 21 + 33  # \x00-\x08, \x0b-\x1f, \x7f-\x9f
    hidden = 1 + 5 + 5 + 5 + 4 + 1 + 32 + 2 + 2 + 128  # U+061C, U+200B-U+200F … U+E0000-U+E007F
    assert len(unwanted) == controls + hidden
    assert not any(char.isprintable() for char in unwanted)
    assert loader._quick_data('version: 2\ntitle: "Vu\u010di\u0107\u200b"\n') is None  # printable but for one


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("-0", 0),
        ("+7", 7),
        ("-12", -12),
        ("1" * 40, int("1" * 40)),
        ("1.5", 1.5),
        ("-0.0", -0.0),
        ("+.5", "+.5"),  # (text to SafeLoader: its floats have digits before the point)
        ("1.", 1.0),
        ("1.0e+5", 100000.0),
        ("6.02E-23", 6.02e-23),
        ("yes", True),
        ("Yes", True),
        ("ON", True),
        ("n", "n"),  # (text: PyYAML reads no one-letter booleans)
        ("Off", False),
        ("FALSE", False),
        ("~", None),
        ("Null", None),
        ("", None),
    ],
)
def test_the_quick_way_reads_booleans_nulls_and_numbers_as_safeloader_does(value, expected):
    text = f"version: 2\nx: {value}\n"
    quick = loader._quick_data(text)
    raw, errors = loader._careful_parse(text, "events", "x", "x.yml")
    assert raw is not None and not errors and quick is not None
    _same(quick, raw.data)
    _same(quick["x"], expected)
    assert str(quick["x"]) == str(expected)  # (-0.0 keeps its sign)
