"""New-entry scaffolding: `python -m refsite new <kind> <id>` writes a correctly shaped file.

The file is derived from the JSON Schema, itself generated from the models, so its fields and the comments
explaining them are never a second, hand-kept description: required fields get an empty placeholder
("" or [] or nothing) that the validator reports until it is filled in; optional fields are listed
commented out. Once the placeholders are filled, the file validates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
from pathlib import Path
import re
import textwrap
from typing import Any, NoReturn

from .errors import did_you_mean
from .models import ENTRY_TYPES, ID_PATTERN
from .schema import schema_of

WIDTH = 100

# Optional fields a validator needs depending on another field (Source: paragraph locators need
# `paragraphs`); the scaffold asks for them like required ones. They may stay empty where not needed.
ALSO_ASK = {
    "sources": ("paragraphs", "published_basis"),
    "arms-deals": ("deal_type",),
}  # optional in the schema, needed in most files
# Fields of nested objects asked for like required ones: a citation's quote (required unless its locator
# is meta:…, which the schema cannot say).
ALSO_ASK_IN = {"Citation": ("quote",)}
LAST = ("withdrawn",)  # listed last: corrections are rare, and not for a new entry

KIND_ALIASES = {m.label.replace(" ", "-"): kind for kind, m in ENTRY_TYPES.items()}  # "event" -> "events"


class ScaffoldError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class _Field:
    """What the schema says about one field, with anyOf/$ref unfolded."""

    description: str
    shape: str  # "scalar", "number", "const", "list", "object-list", "object"
    const: object = None
    definition: dict[str, Any] | None = None  # for object and object-list
    enum: tuple[Any, ...] = ()
    examples: tuple[Any, ...] = ()
    other_forms: bool = False  # an enum alongside other forms ("a date, or undated")


def resolve_kind(kind: str) -> str:
    """'events' or 'event' -> 'events'; anything else raises ScaffoldError with a did-you-mean."""
    if kind in ENTRY_TYPES:
        return kind
    if kind in KIND_ALIASES:
        return KIND_ALIASES[kind]
    choices = list(ENTRY_TYPES) + list(KIND_ALIASES)
    hint = did_you_mean(kind, choices) or ""
    return _raise(f"unknown kind of entry '{kind}'", (hint + "; " if hint else "") + "kinds: " + ", ".join(ENTRY_TYPES))


def _raise(message: str, hint: str = "") -> NoReturn:
    raise ScaffoldError(message, hint)


@dataclass
class _Found:
    """What _walk collects from a property's schema and its anyOf branches."""

    description: str
    examples: list[Any]
    enum: list[Any] = field(default_factory=list)
    branches: list[dict[str, Any]] = field(default_factory=list)


def _walk(p: dict[str, Any], defs: dict[str, Any], found: _Found) -> None:
    if "$ref" in p:
        p = defs[p["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in p:
        if not found.description and p.get("description"):
            found.description = p["description"]
        found.examples.extend(x for x in p.get("examples", []) if x not in found.examples)
        for sub in p["anyOf"]:
            _walk(sub, defs, found)
        return
    if p.get("type") == "null":
        return
    if not found.description and p.get("description") and p.get("type") != "object":
        found.description = p["description"]
    found.enum.extend(p.get("enum", []))
    found.examples.extend(x for x in p.get("examples", []) if x not in found.examples)
    found.branches.append(p)


def _unfold(prop: dict[str, Any], defs: dict[str, Any]) -> _Field:
    found = _Found(prop.get("description", ""), list(prop.get("examples", [])))
    _walk(prop, defs, found)
    description, enum, examples, branches = found.description, found.enum, found.examples, found.branches
    enum_only = [b for b in branches if "enum" in b]
    main = branches[0] if branches else {}
    if "const" in main:
        return _Field(description, "const", const=main["const"])
    if main.get("type") == "object":
        return _Field(description or main.get("description", ""), "object", definition=main)
    if main.get("type") == "array":
        items = main.get("items", {})
        if "$ref" in items:
            definition = defs[items["$ref"].rsplit("/", 1)[-1]]
            return _Field(description or definition.get("description", ""), "object-list", definition=definition)
        return _Field(description, "list")
    if main.get("type") in ("integer", "number") and len(branches) == 1:
        return _Field(description, "number", examples=tuple(examples))
    return _Field(
        description,
        "scalar",
        enum=tuple(enum),
        examples=tuple(examples),
        other_forms=bool(enum_only) and len(branches) > len(enum_only),
    )


def _comment(f: _Field, optional: bool) -> str:
    parts = []
    if f.description:
        parts.append(f.description.rstrip())
    if f.enum and f.other_forms:
        parts.append("Or: " + ", ".join(map(str, f.enum)) + ".")
    elif f.enum:
        parts.append("One of: " + ", ".join(map(str, f.enum)) + ".")
    if f.examples and not any(str(x) in f.description for x in f.examples):
        parts.append("E.g. " + ", ".join(map(str, f.examples)) + ".")
    if optional and not f.description.lower().startswith("optional"):
        parts.insert(0, "Optional.")
    text = " ".join(p if p.endswith((".", "?", "!", ")", "…")) else p + "." for p in parts)
    return text[0].upper() + text[1:] if text else ""


def _wrap(text: str, width: int, prefix: str = "") -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False, break_long_words=False
    )


def _placeholder(f: _Field) -> str:
    if f.shape == "const":
        return json.dumps(f.const)
    if f.shape == "list":
        return "[]"
    if f.shape == "number":
        return ""
    return '""'


def _ordered(definition: dict[str, Any]) -> list[str]:
    props = list(definition.get("properties", {}))
    return [p for p in props if p not in LAST] + [p for p in props if p in LAST]


def _lines(
    definition: dict[str, Any],
    defs: dict[str, Any],
    indent: int,
    ask: tuple[str, ...] = (),
    inside_commented: bool = False,
) -> list[str]:
    """YAML lines for the fields of one object, at this indentation.

    Required fields get a placeholder, each after a comment from its description. Optional ones are
    written commented out; inside a commented-out block only the required structure is shown.
    """
    out: list[str] = []
    required = set(definition.get("required", [])) | set(ask) | set(ALSO_ASK_IN.get(definition.get("title", ""), ()))
    pad = " " * indent
    for name in _ordered(definition):
        f = _unfold(definition["properties"][name], defs)
        optional = name not in required
        if inside_commented and optional:
            continue
        if not inside_commented:
            text = _comment(f, optional)
            out += [f"{pad}# {line}" for line in _wrap(text, WIDTH - indent - 2)]
        if f.shape in ("object", "object-list"):
            assert f.definition is not None  # objects and lists of objects always carry their definition
            block = [f"{pad}{name}:"]
            if f.shape == "object":
                block += _lines(f.definition, defs, indent + 2, inside_commented=inside_commented or optional)
            else:
                item = _lines(f.definition, defs, indent + 4, inside_commented=inside_commented or optional)
                first = next(i for i, line in enumerate(item) if not line.lstrip().startswith("#"))
                item[first] = f"{pad}  - " + item[first][indent + 4 :]
                item[:first] = [f"{pad}  " + line[indent + 4 :] for line in item[:first]]  # comments line up with "-"
                block += item
        else:
            value = _placeholder(f)
            block = [f"{pad}{name}:" + (f" {value}" if value else "")]
        if optional and not inside_commented:
            # Uncommenting is removing the "# " at the field's column; indentation is then right.
            block = [line[:indent] + "# " + line[indent:] for line in block]
        out += block
        if indent == 0:
            out.append("")
    return out


def scaffold(kind: str, entry_id: str = "") -> str:
    """The text of a new entry file of this kind."""
    kind = resolve_kind(kind)
    model = ENTRY_TYPES[kind]
    schema = schema_of(kind)
    defs = schema.get("$defs", {})
    head = [
        f"# yaml-language-server: $schema=../../schemas/{kind}.json",
        f"# A new {model.label}{f' ({entry_id})' if entry_id else ''}: {' '.join((model.__doc__ or '').split())}",
        *_wrap(
            'Fill in every "" and [] below (the validator reports each one still empty), '
            "then run: python -m refsite validate. Optional fields are commented out: remove "
            'the "# " before a field to use it. See CONTRIBUTING.md.',
            WIDTH,
            "# ",
        ),
        "",
    ]
    body = _lines(schema, defs, 0, ask=ALSO_ASK.get(kind, ()))
    while body and body[-1] == "":
        body.pop()
    return "\n".join(head + body) + "\n"


def new_entry(data_dir: Path, kind: str, entry_id: str) -> Path:
    """Write data_dir/<kind>/<id>.yml; refuses to overwrite or to reuse an id. Returns the path."""
    kind = resolve_kind(kind)
    if not re.match(ID_PATTERN, entry_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", entry_id.lower()).strip("-")
        _raise(
            f"'{entry_id}' is not a valid id",
            "ids are lower-case letters and digits joined by hyphens"
            + (f", e.g. '{suggestion}'" if suggestion and re.match(ID_PATTERN, suggestion) else ""),
        )
    from .dataset import reserved_id  # the same ids the validator refuses

    if reserved_id(entry_id):
        _raise(f"the id '{entry_id}' is reserved: the site uses it for {reserved_id(entry_id)}", "choose another id")
    if (data_dir / kind).is_symlink():  # never write through a link to somewhere outside data/
        _raise(f"data/{kind} is a link, not a folder inside data/", "make it a real folder")
    target = data_dir / kind / f"{entry_id}.yml"

    def shown(path: Path) -> str:
        return path.relative_to(data_dir.parent).as_posix()

    if target.exists():
        _raise(f"{shown(target)} already exists; not overwriting it", "choose another id, or edit the file")
    for other in sorted(data_dir.glob(f"*/{entry_id}.yml")):
        _raise(f"the id '{entry_id}' is already used by {shown(other)}", "ids are unique across all of data/")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(scaffold(kind, entry_id))
    return target
