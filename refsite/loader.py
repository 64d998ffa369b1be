"""Stage 1: read YAML entry files into plain data, remembering where every value came from.

PyYAML's node tree carries line numbers; pydantic's errors carry paths into the data. A map
path -> (line, column) lets every later stage point an editor at the exact line. Most files hold no error, so
they are read the quick way (plain data built from libyaml's parse events; no nodes, no positions) and the map is
made only when an error needs it (`RawEntry.where`), by the careful way, which every file that is not plainly fine
takes at once.
The loader is also the first line of defence against hostile files: no aliases (no "billion laughs"),
bounded nesting and size, strict UTF-8, no duplicate keys, no custom tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import DataError
from .models import DATA_VERSION

MAX_FILE_BYTES = 256 * 1024  # the largest real entry is a few KB; this bounds memory and time
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]  # a path into the data: ("claims", 1, "citations", 0, "source")


@dataclass
class RawEntry:
    """One data file, parsed but not yet validated."""

    kind: str  # directory name, e.g. "events"
    id: str  # file name without extension
    path: str  # relative path shown in messages, e.g. "data/events/x.yml"
    data: dict[str, Any]
    # Line and column of every value; None until an error needs them, then found again in text.
    positions: dict[Path_, tuple[int, int]] | None = None
    text: str = field(default="", repr=False)  # the file's text (for the positions)

    def error(self, loc: Path_, message: str, hint: str = "") -> DataError:
        """An error at the value at loc in this file (or at its nearest enclosing value)."""
        return DataError(self.path, *self.where(loc), message, hint)

    def where(self, loc: Path_) -> tuple[int, int]:
        """Line and column of the value at loc, or of its nearest enclosing value."""
        if self.positions is None:
            self.positions = _positions_in(self.text)
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


class _LoaderError(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        self.mark = mark
        self.message = message


if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser  # type: ignore[attr-defined]  # the stubs leave it out of __all__
    from yaml.resolver import Resolver

    class _Loader(CParser, Composer, SafeConstructor, Resolver):
        """libyaml's scanner and parser (C: most of the load time in pure Python) under PyYAML's own
        composer, so that the alias and depth checks below see every node."""

        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        get_single_node = Composer.get_single_node  # not CParser's, which composes in C
        get_node = Composer.get_node
        check_node = Composer.check_node

    _OFFSETS_IN_BYTES = True  # libyaml reports positions in the UTF-8 bytes
    _EventParser: Any = CParser  # the quick way reads libyaml's events
else:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader  # type: ignore[misc,assignment]
    _OFFSETS_IN_BYTES = False
    _EventParser = yaml.SafeLoader


class _SafeComposer(_Loader):
    """SafeLoader that refuses aliases and over-deep nesting while composing."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if event is None:  # pragma: no cover - compose_node is only called where a node follows
            return Composer.compose_node(self, parent, index)
        if self.check_event(AliasEvent):
            raise _LoaderError(
                event.start_mark, "YAML aliases (*name) are not allowed in data files; write the value out"
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _LoaderError(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


_SEXAGESIMAL = re.compile(r"^[-+]?\d+(:[0-5]?\d)+(\.\d*)?$")
# YAML 1.1 also reads 012 as octal 10, 0x1F, 0b101 and 1_000 as numbers; only plain decimals are accepted,
# so that no number is published as something other than what the editor typed.
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")
# Control characters written as YAML escapes ("\0", "\x01", "\e"); tabs and line breaks are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that reorder or hide text (bidirectional overrides and isolates, zero-width and invisible ones, a
# byte-order mark inside text) and Unicode's noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF), which XML (the feed)
# refuses: readers would see text other than what a reviewer read, or a page would break.
_HIDDEN = re.compile(
    "[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U000e0000-\U000e007f]"
)
HIDDEN_NAMES = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202e": "right-to-left override",
    "\u202d": "left-to-right override",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark (zero-width no-break space)",
}


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _number_problem(tag: str, value: str) -> tuple[str, str] | None:
    """(message, hint) for a number YAML would read other than as written, else None."""
    if tag.endswith(":int") and not _PLAIN_INT.match(value):
        if re.match(r"^[-+]?0[0-7_]+$", value):
            sign, digits = value[0].strip("0123456789_"), value.lstrip("+-").replace("_", "")
            message = (
                f"number {value} starts with 0, which YAML reads as octal ({value} would become {sign}{int(digits, 8)})"
            )
            return message, f"write {sign}{digits.lstrip('0') or '0'}, or put it in quotes if it is text"
        return (
            f"number {value[:20]} is not written in plain decimal digits",
            "write it as digits only (1000, not 1_000 or 0x3E8)",
        )
    if tag.endswith(":float") and not _PLAIN_FLOAT.match(value):
        return f"{value[:20]} is not a finite number written in decimal digits", "write a number such as 45 or 45.5"
    return None


def relative_path_problem(value: str) -> str | None:
    """Why value is not a safe path relative to a folder (absolute, '..', a drive, backslashes), or None."""
    if not value or _CONTROL.search(value):
        return "is empty or holds control characters"
    if value.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", value):
        return "is an absolute path"
    if "\\" in value:
        return "contains a backslash; separate folders with /"
    if any(part in ("", ".", "..") for part in value.split("/")):
        return "has an empty, '.' or '..' part"
    return None


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _scalar_problem(node: ScalarNode) -> tuple[str, str] | None:
    """(message, hint) for a scalar that would not be read as written, else None."""
    if node.tag in _NUMBER_TAGS:
        return _number_problem(node.tag, node.value)
    if node.tag == "tag:yaml.org,2002:str":
        bad = _CONTROL.search(node.value)
        if bad:  # raw ones are refused by the YAML reader; these were written as escapes
            return (
                f"text contains the control character U+{ord(bad[0]):04X}",
                "remove the escape (such as \\0, \\x01 or \\e): data files hold plain text",
            )
        hidden = _HIDDEN.search(node.value)
        if hidden:
            char = hidden[0]
            name = HIDDEN_NAMES.get(char, "a character that reorders or hides text, or is not a character")
            return (
                f"text contains U+{ord(char):04X} ({name}) after '{node.value[: hidden.start()][-30:]}'",
                "remove it: readers would see other text than a reviewer reads (and the feed would break)",
            )
    return None


def _construct_scalar(loader: Any, node: ScalarNode, errors: list[DataError], rel: str) -> Any:
    tag = node.tag
    if tag == "tag:yaml.org,2002:timestamp":
        return node.value  # "2020-02-17" stays text; our date type parses it
    if tag in _NUMBER_TAGS and _SEXAGESIMAL.match(node.value):
        return node.value  # "1:10:36" is a timestamp, not YAML 1.1's base-60 number
    problem = _scalar_problem(node)
    if problem:
        errors.append(DataError(rel, *_pos(node), *problem))
        return None
    if (
        tag not in loader.yaml_constructors
        or not tag.startswith("tag:yaml.org,2002:")
        or tag.endswith((":binary", ":set", ":omap", ":pairs"))
    ):
        errors.append(DataError(rel, *_pos(node), f"YAML tag {tag!r} is not allowed", "remove the !tag"))
        return None
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # e.g. an integer of more than 4,300 digits
        errors.append(
            DataError(
                rel,
                *_pos(node),
                f"value '{node.value[:20]}…' cannot be read as {tag.rsplit(':', 1)[-1]}",
                "quote it if it is text",
            )
        )
        return None


def _construct(
    loader: Any, node: Node, path: Path_, positions: dict[Path_, tuple[int, int]], errors: list[DataError], rel: str
) -> Any:
    """Turn a node into plain Python data, recording positions. Dates and times stay strings."""
    if isinstance(node, ScalarNode):
        return _construct_scalar(loader, node, errors, rel)
    if node.tag not in ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
        errors.append(DataError(rel, *_pos(node), f"YAML tag {node.tag!r} is not allowed", "remove the !tag"))
        return None
    if isinstance(node, SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            positions[path + (i,)] = _pos(item)
            items.append(_construct(loader, item, path + (i,), positions, errors, rel))
        return items
    if isinstance(node, MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                errors.append(DataError(rel, *_pos(key_node), "a mapping key must be a plain name"))
                continue
            key = key_node.value
            if key == "<<":
                errors.append(DataError(rel, *_pos(key_node), "YAML merge keys (<<) are not allowed"))
                continue
            if key in out:
                errors.append(
                    DataError(rel, *_pos(key_node), f"duplicate key '{key}'", "each field may appear once; remove one")
                )
                continue
            positions[path + (key,)] = _pos(key_node)
            out[key] = _construct(loader, value_node, path + (key,), positions, errors, rel)
        return out
    errors.append(DataError(rel, *_pos(node), "unsupported YAML node"))
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, rel: str) -> DataError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    hint = "check indentation, and quote text containing ': ' or starting with a symbol"
    if mark is not None and _tab_at(text, mark):
        problem = problem if "tab" in problem else f"{problem}: a tab"
        hint = "YAML is indented with spaces only: replace the tab with spaces"
    return DataError(rel, line, col, f"YAML syntax error: {problem}", hint)


def _tab_at(text: str, mark: Any) -> bool:
    """Whether the character at a libyaml mark (line and column counted in characters) is a tab."""
    lines = text.split("\n")
    return bool(mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t")


def _too_big(rel: str) -> DataError:
    return DataError(
        rel,
        1,
        1,
        f"file is over {MAX_FILE_BYTES // 1024} KB; an entry file may be at most {MAX_FILE_BYTES // 1024} KB",
        "split it into several entries",
    )


def read_entry(file: Path, kind: str, rel: str) -> tuple[RawEntry | None, list[DataError]]:
    """Read one YAML file. Returns the entry (None if unreadable) and any errors found."""
    try:
        if file.is_symlink() or not file.is_file():
            return None, [
                DataError(
                    rel,
                    1,
                    1,
                    "not a regular file (a link, device or pipe)",
                    "entry files must be plain files inside data/",
                )
            ]
        if file.stat().st_size > MAX_FILE_BYTES:
            return None, [_too_big(rel)]
        with file.open("rb") as fh:  # bounded read, whatever stat said
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [DataError(rel, 1, 1, f"cannot read file: {exc.strerror}")]
    return parse_entry(raw, kind, file.stem, rel)


def parse_entry(raw: bytes, kind: str, entry_id: str, rel: str) -> tuple[RawEntry | None, list[DataError]]:
    """Parse the bytes of one entry file (at most MAX_FILE_BYTES + 1 of them: more is refused)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_big(rel)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            DataError(
                rel, line, col, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "save the file as UTF-8"
            )
        ]
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return None, [DataError(rel, text[: text.index("\x00")].count("\n") + 1, 1, "file contains a NUL byte")]
    data = _quick_data(text)
    if data is not None:
        return RawEntry(kind=kind, id=entry_id, path=rel, data=data, text=text), []
    return _careful_parse(text, kind, entry_id, rel)


def _careful_parse(text: str, kind: str, entry_id: str, rel: str) -> tuple[RawEntry | None, list[DataError]]:
    """Parse with PyYAML's composer, checking every node and recording its position: every error at its place."""
    errors: list[DataError] = []
    loader = None
    try:
        loader = _SafeComposer(text)  # the reader checks for characters YAML refuses here
        node = loader.get_single_node()
        if node is None:
            return None, [
                DataError(
                    rel,
                    1,
                    1,
                    "file is empty",
                    f"an entry starts with 'version: {DATA_VERSION}' and its fields; run `refsite new` to create one",
                )
            ]
        if not isinstance(node, MappingNode):
            return None, [DataError(rel, *_pos(node), "an entry file must be a mapping of field: value")]
        positions: dict[Path_, tuple[int, int]] = {(): _pos(node)}
        data = _construct(loader, node, (), positions, errors, rel)
    except _LoaderError as exc:
        return None, [DataError(rel, exc.mark.line + 1, exc.mark.column + 1, exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, text, rel)]
    except yaml.reader.ReaderError as exc:
        before = (
            text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
            if _OFFSETS_IN_BYTES
            else text[: exc.position]
        )
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        return None, [
            DataError(
                rel,
                line,
                col,
                f"character U+{exc.character:04X} is not allowed in YAML",
                "remove it (control characters cannot appear in data files, even quoted; write text, not escape codes)",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [DataError(rel, 1, 1, f"YAML error: {exc}")]
    except RecursionError:
        return None, [DataError(rel, 1, 1, "nesting is too deep")]
    finally:
        if loader is not None:
            loader.dispose()
    return RawEntry(kind=kind, id=entry_id, path=rel, data=data, positions=positions, text=text), errors


def _positions_in(text: str) -> dict[Path_, tuple[int, int]]:
    """The positions of a file's values (read quickly before): parsed again, the careful way."""
    raw, _ = _careful_parse(text, "", "", "")
    return raw.positions if raw is not None and raw.positions is not None else {}


# ---- the quick way: a file with nothing unusual in it
# Plain data is built straight from libyaml's parse events (C), without the node tree: composing nodes made C call
# PyYAML's Python node classes and resolver (three calls per node, keys included), most of a quick read. The
# events are the ones PyYAML's composer reads, and a scalar's tag is resolved here as SafeLoader's resolver does.
# Anything the composer would tag, anchor, alias or nest deeper than MAX_DEPTH is left to the careful way (the
# parser keeps its own stack: a file nested 100,000 levels deep is left at level MAX_DEPTH + 1).
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")
_UNWANTED_TEXT = re.compile(f"{_CONTROL.pattern}|{_HIDDEN.pattern}")
# SafeLoader's implicit tags (null, bool, int, float, timestamp …) of a plain scalar, by its first character (it has
# no resolvers for any first character and no path resolvers).
_IMPLICIT_TAGS = {first: tuple(pairs) for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items()}
# A boolean, null or plainly written decimal number as SafeConstructor reads it (without a node built for it: its
# constructors also read signs, '_', 0x, 0b, octal and base 60, which a plain decimal does not have).
_PLAIN_VALUES: dict[str, Any] = {
    "tag:yaml.org,2002:bool": lambda value: SafeConstructor.bool_values[value.lower()],
    "tag:yaml.org,2002:null": lambda value: None,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


class _Unusual(Exception):
    """Something the careful way must look at (and will report, if it is an error)."""


def _plain_tag(value: str) -> str:
    """The tag SafeLoader gives a plain (unquoted, untagged) scalar: the first resolver whose pattern matches."""
    for tag, pattern in _IMPLICIT_TAGS.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return _STR


def _quick_data(text: str) -> dict[str, Any] | None:
    """The file's data read quickly, or None when anything in it is unusual (an error, an anchor or alias, deep
    nesting, a tag, a number not written plainly …): then the careful way reads it and reports what it finds.
    Gives the same data as the careful way for every file it accepts."""
    parser = _EventParser(text)
    try:
        get = parser.get_event
        get(), get()  # the stream's and the document's start
        event = get()
        if type(event) is not MappingStartEvent or event.tag is not None or event.anchor is not None:
            return None
        data = _quick_mapping(get, 1)
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            return None  # a second document: the careful way refuses it
        return data
    except (_Unusual, yaml.YAMLError, ValueError):  # (ValueError: an integer of more than 4,300 digits)
        return None
    finally:
        parser.dispose()


def _quick_mapping(get: Any, depth: int) -> dict[str, Any]:
    """A mapping's plain data, from the event after its start to its end."""
    out: dict[str, Any] = {}
    event = get()
    while type(event) is not MappingEndEvent:
        if type(event) is not ScalarEvent or event.tag is not None or event.anchor is not None:
            raise _Unusual  # a key that is not a plain name
        key = event.value
        if key == "<<" or key in out:
            raise _Unusual  # a merge or duplicate key
        out[key] = _quick_value(get(), get, depth + 1)
        event = get()
    return out


def _quick_value(event: Any, get: Any, depth: int) -> Any:
    """The plain data of the node that event starts, as _construct gives it; _Unusual where _construct would
    look closer."""
    kind = type(event)
    if kind is AliasEvent or event.tag is not None or event.anchor is not None or depth > MAX_DEPTH:
        raise _Unusual
    if kind is ScalarEvent:
        value: str = event.value
        # (most plain scalars are text whose first character no resolver looks at: no call for their tag)
        tag = _plain_tag(value) if event.implicit[0] and value[:1] in _IMPLICIT_TAGS else _STR
        if tag == _STR:
            # (every control, hidden or noncharacter is one str.isprintable refuses, as are line breaks and spaces
            # other than ' ': only text that is not printable is searched for them)
            if not value.isprintable() and _UNWANTED_TEXT.search(value):
                raise _Unusual
            return value
        if tag == "tag:yaml.org,2002:timestamp" or (tag in _NUMBER_TAGS and _SEXAGESIMAL.match(value)):
            return value
        if tag in _PLAIN_TAGS or (tag in _NUMBER_TAGS and _number_problem(tag, value) is None):
            return _PLAIN_VALUES[tag](value)
        raise _Unusual
    if kind is MappingStartEvent:
        return _quick_mapping(get, depth)
    items = []  # (a sequence: the parser gives no other event where a node starts)
    event = get()
    while type(event) is not SequenceEndEvent:
        items.append(_quick_value(event, get, depth + 1))
        event = get()
    return items
