"""Editors' messages for validation errors: pydantic's errors become `file:line:col: what (how to fix)`.

Each kind of pydantic error has a small handler below (HANDLERS) that words it for a person: the place in
the entry ("claim 2, citation 1"), the field, the value, and a fix (a "did you mean", the allowed values,
the accepted forms, the field's own description). A file whose fields belong to another kind of entry
gets one message saying where to move it, not one per field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from . import dates
from .errors import DataError, did_you_mean
from .loader import RawEntry
from .models import DATA_VERSION, ENTRY_TYPES, ID_PATTERN, META_FIELDS, At, Entry

SINGULAR = {
    "claims": "claim",
    "citations": "citation",
    "roles": "role",
    "overview": "overview claim",
    "results": "result",
    "urls": "url",
    "notes": "note",
    "themes": "theme",
    "actors": "actor",
    "via": "via",
    "aliases": "alias",
    "authors": "author",
    "not_content": "not_content",
    "locators": "locator",
    "disputes": "dispute",
    "values": "value",
    "relays": "relay",
    "out_of_scope": "out_of_scope item",
    "pages": "page",
    "answers": "answer",
    "several_answers": "several_answers item",
}
MAX_MESSAGE = 400  # values are quoted in messages; a hostile one must not flood the terminal
LOCATOR_FORMS = (
    "a locator is '¶N' (paragraph N), 'hh:mm:ss' (a video timestamp) or a fact about the document: "
    + ", ".join(f"meta:{k}" for k in META_FIELDS)
)
NO_CITATIONS_HINT = "add citations: [{source: <source-id>, locator: '¶N' or 'hh:mm:ss'}]"
BOOL_HINT = "YAML reads yes/no/on/off/true/false as booleans: put the text in quotes"
TYPE_ERRORS = (
    "string_type",
    "int_type",
    "list_type",
    "dict_type",
    "model_type",
    "float_type",
    "int_parsing",
    "float_parsing",
    "bool_type",
    "int_from_float",
)


def describe_loc(loc: Iterable[str | int]) -> str:
    """('claims', 1, 'citations', 0, 'source') -> "claim 2, citation 1, 'source'"."""
    words = []
    loc = list(loc)
    i = 0
    while i < len(loc):
        part = loc[i]
        number = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(part, str) and isinstance(number, int):
            words.append(f"{SINGULAR.get(part, part)} {number + 1}")
            i += 2
            continue
        if isinstance(part, str):
            words.append(f"'{part}'")
        i += 1
    return ", ".join(words)


def _clean_loc(loc: Iterable[str | int], etype: str = "") -> tuple[str | int, ...]:
    """Union branches and validator names appear in pydantic locs ("function-plain[parse()]"); drop them. An
    unknown field's own name is the data's, whatever it holds ('claims[3]'), and is kept."""
    loc = tuple(loc)
    last = loc[-1:] if etype == "extra_forbidden" else ()
    body = loc[:-1] if last else loc
    return tuple(p for p in body if isinstance(p, int) or ("[" not in p and "(" not in p)) + last


@dataclass(frozen=True)
class Problem:
    """One pydantic error, as the handlers see it."""

    model: type[Entry]
    loc: tuple[str | int, ...]
    etype: str
    msg: str  # pydantic's own wording, without "Value error, "
    value: Any
    ctx: dict[str, Any]

    @property
    def name(self) -> Any:
        return self.loc[-1] if self.loc else ""

    @property
    def where(self) -> str:
        return describe_loc(self.loc[:-1]) if self.loc else ""

    def at(self, text: str) -> str:
        """text prefixed with the place in the entry ("claim 2: …")."""
        return f"{self.where}: {text}" if self.where else text


Handler = Callable[[Problem], tuple[str, str]]  # -> (message, hint)


def pydantic_errors(raw: RawEntry, model: type[Entry], exc: ValidationError) -> list[DataError]:
    """The editors' messages for a file that failed validation: one per place."""
    problems = _problems(model, exc)
    moved = _wrong_folder(raw, model, problems)
    if moved:
        return [moved]
    out = []
    for p in problems:
        message, hint = _handle(p)
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        out.append(DataError(raw.path, *raw.where(p.loc), message, hint))
    return out


def _problems(model: type[Entry], exc: ValidationError) -> list[Problem]:
    out, seen = [], set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"], err["type"])
        located = (err.get("ctx") or {}).get("error")
        if isinstance(located, At):  # a model check that knows where inside the entry the problem is
            loc += located.loc
        if loc in seen:
            continue  # one message per place (unions report once per branch)
        seen.add(loc)
        out.append(
            Problem(
                model,
                loc,
                err["type"],
                err["msg"].removeprefix("Value error, "),
                err.get("input"),
                err.get("ctx") or {},
            )
        )
    return out


def _handle(p: Problem) -> tuple[str, str]:
    located = p.ctx.get("error")
    if isinstance(located, At):
        return located.message, located.hint
    if p.etype not in ("missing", "extra_forbidden") and (
        p.value is None or (isinstance(p.value, str) and not p.value.strip())
    ):
        return _empty_value(p)  # e.g. a placeholder left by `refsite new`: say so, and what belongs there
    if p.etype.startswith("date_"):
        return p.at(p.msg), dates.FORMS_HINT
    handler = HANDLERS.get(p.etype, _generic)
    return handler(p)


# --------------------------------------------------------------------------- handlers, one per error type


def _no_citations(p: Problem) -> tuple[str, str]:
    text = "has no citations: every claim needs at least one"
    return (f"{p.where} {text}" if p.where else text), NO_CITATIONS_HINT


def _missing(p: Problem) -> tuple[str, str]:
    if p.name == "citations":
        return _no_citations(p)
    if p.name == "version":
        return p.at("missing required field 'version'"), f"add 'version: {DATA_VERSION}' as the first field"
    return p.at(f"missing required field '{p.name}'"), _field_hint(p.model, p.loc)


def _unknown_field(p: Problem) -> tuple[str, str]:
    name = str(p.name)
    allowed = _allowed_fields(p.model, p.loc[:-1])
    hint = (
        _misplaced_hint(p.model, p.loc)
        or did_you_mean(name, allowed)
        or ("allowed fields: " + ", ".join(sorted(allowed)))
    )
    return p.at(f"unknown field '{name}'"), hint


def _literal(p: Problem) -> tuple[str, str]:
    if p.name == "version" and len(p.loc) == 1:
        return (
            f"this file is written for data format version {p.value!r}; this site reads version {DATA_VERSION}",
            "update the file to the current format (see CONTRIBUTING.md) or the site to a newer version",
        )
    expected = p.ctx.get("expected", "")
    hint = f"allowed: {expected}"
    if isinstance(p.value, bool):
        hint = f"{BOOL_HINT}; {hint}"
    else:
        close = did_you_mean(str(p.value), _quoted(expected))
        hint = f"{close} {hint}" if close else hint
    if isinstance(p.name, int):  # "page 2: 'admin' is not an allowed value", not "… for '1'"
        return f"{describe_loc(p.loc)}: {p.value!r} is not an allowed value", hint
    return p.at(f"{p.value!r} is not an allowed value for '{p.name}'"), hint


def _too_short(p: Problem) -> tuple[str, str]:
    if p.name == "citations":
        return _no_citations(p)
    least = p.ctx.get("min_length", 1)
    items = "one item" if least == 1 else f"{least} items"
    actual = p.ctx.get("actual_length")
    has = f" (it has {actual})" if isinstance(actual, int) and actual else ""
    return p.at(f"'{p.name}' needs at least {items}{has}"), _field_hint(p.model, p.loc)


def _too_long(p: Problem) -> tuple[str, str]:
    most, actual = p.ctx.get("max_length"), p.ctx.get("actual_length")
    return (
        p.at(f"'{p.name}' has {actual} items; at most {most} are allowed"),
        "no real entry comes near this limit: keep the ones a source gives",
    )


def _pattern(p: Problem) -> tuple[str, str]:
    name, value = p.name, p.value
    if name in ("locator", "locators") or (len(p.loc) > 1 and p.loc[-2] == "locators"):
        return p.at(f"{value!r} is not a locator"), LOCATOR_FORMS + "; quote it"
    if p.ctx.get("pattern") == ID_PATTERN:
        hint = "ids are lower-case words joined by hyphens, like the file name"
        if isinstance(value, str) and value.lower() != value and _is_id(value.lower()):
            hint = f"ids are lower case: did you mean '{value.lower()}'?"
        if isinstance(name, int):  # "theme 1: 'X' is not an id", not "'themes' …: for '0'"
            return f"{describe_loc(p.loc)}: {value!r} is not an id", hint
        return p.at(f"'{name}': {value!r} is not an id"), hint
    return p.at(f"{value!r} does not have the expected form for '{name}'"), _field_hint(p.model, p.loc)


def _wrong_type(p: Problem) -> tuple[str, str]:
    value = p.value
    message = p.at(f"'{p.name}' {p.msg[0].lower() + p.msg[1:]}, not {type(value).__name__} {value!r}")[:300]
    if isinstance(value, bool):
        return message, BOOL_HINT
    if isinstance(value, dict) and p.etype == "string_type":
        return message, "text containing ': ' must be quoted"
    return message, _field_hint(p.model, p.loc)


def _string_too_long(p: Problem) -> tuple[str, str]:
    return p.at(f"'{p.name}' is too long ({p.msg})"), ""


def _generic(p: Problem) -> tuple[str, str]:
    msg = p.msg
    if isinstance(p.name, str) and p.name and f"'{p.name}'" not in msg:
        return p.at(f"'{p.name}': {msg[0].lower() + msg[1:]}"), _field_hint(p.model, p.loc)
    return p.at(msg), ""


HANDLERS: dict[str, Handler] = {
    "missing": _missing,
    "extra_forbidden": _unknown_field,
    "literal_error": _literal,
    "too_short": _too_short,
    "too_long": _too_long,
    "string_pattern_mismatch": _pattern,
    "string_too_long": _string_too_long,
    **{t: _wrong_type for t in TYPE_ERRORS},
}


def _empty_value(p: Problem) -> tuple[str, str]:
    name = p.name
    subject = f"item {name + 1}" if isinstance(name, int) else f"'{name}'"
    field_loc = tuple(x for x in p.loc if not isinstance(x, int)) if isinstance(name, int) else p.loc
    hints = [_field_hint(p.model, field_loc)]
    if p.etype == "literal_error":
        hints.append("allowed: " + p.ctx.get("expected", ""))
    elif p.etype.startswith("date_"):
        hints.append(dates.FORMS_HINT)
    elif name == "locator" and not hints[0]:
        hints.append(LOCATOR_FORMS)
    return p.at(f"{subject} is empty"), "; ".join(h.rstrip(".") for h in hints if h)


# --------------------------------------------------------------------------- a file in the wrong folder


def _wrong_folder(raw: RawEntry, model: type[Entry], problems: list[Problem]) -> DataError | None:
    """One message for a file whose fields are another kind's (an event in data/sources/), or None."""
    keys = set(raw.data) if isinstance(raw.data, dict) else set()
    if not any(p.etype == "extra_forbidden" and len(p.loc) == 1 for p in problems):
        return None
    fits = []
    for kind, other in ENTRY_TYPES.items():
        if other is not model and not keys - _field_names(other):
            missing = [
                n for n, info in other.model_fields.items() if info.is_required() and (info.alias or n) not in keys
            ]
            fits.append((len(missing), kind, other))
    if not fits:
        return None
    _, kind, other = min(fits, key=lambda f: f[0])
    return DataError(
        raw.path,
        1,
        1,
        f"this file's fields are those of {_a(other.label)}, not {_a(model.label)}",
        f"move it to data/{kind}/: the folder decides what kind of entry a file is",
    )


def _a(label: str) -> str:
    return ("an " if label[0] in "aeiou" else "a ") + label


# --------------------------------------------------------------------------- the models' structure


def _field_names(model: type[BaseModel]) -> set[str]:
    """The names a data file uses for model's fields (aliases where set)."""
    return {info.alias or name for name, info in model.model_fields.items()}


def _field_info(model: type[BaseModel], name: str | int) -> FieldInfo | None:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None


def _submodel(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class at loc within model, for field-name hints."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = _field_info(current, part)
        if info is None:
            return None
        current = _model_in(info.annotation)
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _allowed_fields(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    sub = _submodel(model, loc)
    return sorted(_field_names(sub)) if sub else []


def _field_hint(model: type[BaseModel], loc: Sequence[str | int]) -> str:
    sub = _submodel(model, loc[:-1])
    info = _field_info(sub, loc[-1]) if sub and loc else None
    return (info.description or "") if info else ""


def _misplaced_hint(model: type[Entry], loc: Sequence[str | int]) -> str:
    """For an unknown field that is a field one level in or out (a mis-indented line), where it belongs."""
    if not loc:
        return ""
    name, parent = loc[-1], loc[:-1]
    here = _submodel(model, parent)
    for depth in range(len(parent) - 1, -1, -1):  # enclosing levels, nearest first
        if isinstance(parent[depth], int):
            continue
        outer = parent[:depth]
        sub = _submodel(model, outer)
        if sub is not None and sub is not here and name in _field_names(sub):
            level = describe_loc(outer) or "the entry"
            return f"'{name}' is a field of {level}: indent it less, in line with that level's other fields"
    for field, inner, is_list in _children(here):
        if name in _field_names(inner):
            if not is_list:
                return (
                    f"'{name}' belongs under '{field}': indent it further, in line with the other fields of '{field}'"
                )
            item = SINGULAR.get(field, field)
            return (
                f"'{name}' belongs to each {item} (in '{field}'): indent it further, in line with the "
                f"{item}'s other fields"
            )
    return ""


def _children(model: type[BaseModel] | None) -> list[tuple[str, type[BaseModel], bool]]:
    """(field, model, whether a list of them) of every field of model that holds a model, then of those one
    level further in."""
    if model is None:
        return []
    first = [
        (name, sub, _is_list(info.annotation))
        for name, info in model.model_fields.items()
        if (sub := _model_in(info.annotation))
    ]
    second = [
        (n2, s2, _is_list(info.annotation))
        for _, sub, _ in first
        for n2, info in sub.model_fields.items()
        if (s2 := _model_in(info.annotation))
    ]
    return first + second


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list or any(_is_list(a) for a in typing.get_args(annotation))


def _is_id(value: str) -> bool:
    return bool(re.match(ID_PATTERN, value))


def _quoted(expected: str) -> list[str]:
    return re.findall(r"'([^']+)'", expected)
