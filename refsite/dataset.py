"""Stage 2: load data/ and validate each entry file into its typed model (refsite/models.py), then run the
checks between entries (refsite/references.py).

All problems are collected, never just the first, and each names file, line and fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
import re
import stat
from typing import Any, Literal, overload

from pydantic import ValidationError

from .errors import DataError, DataErrors
from .loader import RawEntry, read_entry, relative_path_problem
from .messages import pydantic_errors
from .models import (
    DATA_VERSION,
    ENTRY_TYPES,
    ID_PATTERN,
    Actor,
    ArmsDeal,
    Entry,
    Event,
    Poll,
    Question,
    SanctionsStatement,
    Source,
    Theme,
)
from .references import check_references


@dataclass
class Dataset:
    """All entries of data/, validated. entries[kind][id] -> model."""

    root: Path
    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    raw: dict[str, RawEntry] = field(default_factory=dict)  # by id, for positions
    broken: set[str] = field(default_factory=set)  # ids of files with errors: references to them are not errors

    # The kind names the model: dataset.of("sources") holds Sources, for the type checker too.
    @overload
    def of(self, kind: Literal["sources"]) -> dict[str, Source]: ...
    @overload
    def of(self, kind: Literal["actors"]) -> dict[str, Actor]: ...
    @overload
    def of(self, kind: Literal["themes"]) -> dict[str, Theme]: ...
    @overload
    def of(self, kind: Literal["events"]) -> dict[str, Event]: ...
    @overload
    def of(self, kind: Literal["arms-deals"]) -> dict[str, ArmsDeal]: ...
    @overload
    def of(self, kind: Literal["sanctions-statements"]) -> dict[str, SanctionsStatement]: ...
    @overload
    def of(self, kind: Literal["polls"]) -> dict[str, Poll]: ...
    @overload
    def of(self, kind: Literal["questions"]) -> dict[str, Question]: ...
    @overload
    def of(self, kind: str) -> dict[str, Entry]: ...

    def of(self, kind: str) -> dict[str, Any]:
        return self.entries.get(kind, {})

    def get(self, entry_id: str) -> Entry | None:
        for kind in self.entries.values():
            if entry_id in kind:
                return kind[entry_id]
        return None

    def all(self) -> Iterator[Entry]:
        for kind in self.entries.values():
            yield from kind.values()


@dataclass
class EntryMemo:
    """Validated entries kept between loads of one data folder, for the preview server (refsite/preview.py): a
    file whose status (inode, size, modification and change times) is what it was is not read and validated
    again. Only files that loaded without an error are kept; the checks between entries always run afresh."""

    kept: dict[str, tuple[tuple[int, ...], Entry, RawEntry]] = field(default_factory=dict)  # by path
    reused: int = 0  # entries the last load took from here

    @staticmethod
    def status(file: Path) -> tuple[int, ...] | None:
        """What identifies this version of a plain file; None for anything else (the loader reports it)."""
        try:
            st = file.lstat()
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def lookup(self, file: Path, rel: str) -> tuple[tuple[int, ...] | None, tuple[Entry, RawEntry] | None]:
        """The file's status, and its entry if kept with that status."""
        status = self.status(file)
        kept = self.kept.get(rel)
        if status is None or kept is None or kept[0] != status:
            return status, None
        return status, (kept[1], kept[2])


# Ids the site itself uses for pages and anchors: an entry with one would replace a generated page
# (data/sources/index.yml -> sources/index.md) or repeat an anchor on a page (#decade-2020 on the
# timeline; an event "x-c1" beside claim 1 of event "x").
RESERVED_IDS = [
    (re.compile(r"^index$"), "each folder's index page"),
    (re.compile(r"^(decade|year)-\d+$"), "the timeline's decade and year headings"),
    (re.compile(r"-c\d+$"), "claim anchors (<entry-id>-c1)"),
    (re.compile(r"-role\d+$"), "role anchors (<actor-id>-role1)"),
    (re.compile(r"^(chart-|timeline-filter)"), "charts and the timeline filter"),
    (re.compile(r"^(p\d+|t-\d\d-\d\d-\d\d|meta-[a-z-]+)$"), "locator anchors on source pages"),
    (re.compile(r"-d\d+$"), "disagreement anchors (<entry-id>-d1)"),
    (re.compile(r"^changes(-\d{4}-\d\d-\d\d)?$"), "the Changes page's headings"),
    # Headings and blocks of the pages that list entries (timeline, arms deals, statements, polls, corrections,
    # contested points, home): an entry there with the same id would repeat the anchor.
    (
        re.compile(
            r"^(at-a-glance|analyses|states-of-affairs|timeline|arms-deals|details|per-year|transfers|"
            r"sanctions-statements|statements|findings|polls|results|corrections|contested-points|latest-events|"
            r"themes|what-is-here|periods)$"
        ),
        "a heading or block of the pages that list entries",
    ),
]


def reserved_id(entry_id: str) -> str | None:
    """What the site uses entry_id for, if it is reserved."""
    return next((what for pattern, what in RESERVED_IDS if pattern.search(entry_id)), None)


def _entry_files(data_dir: Path, errors: list[DataError], rel_base: Path) -> Iterator[tuple[str, Path, str]]:
    """Every data/<kind>/<id>.yml. Anything else in data/ is reported, never skipped without a word, and
    no link is followed (a linked folder could lead anywhere on the machine)."""
    for child in sorted(data_dir.iterdir()):
        rel = child.relative_to(rel_base).as_posix()
        if child.name.startswith("."):
            continue
        if child.is_symlink():
            errors.append(
                DataError.for_file(
                    rel, "links in data/ are not followed", "entry folders must be real folders inside data/"
                )
            )
        elif not child.is_dir():
            errors.append(
                DataError.for_file(
                    rel,
                    "files directly in data/ are not read",
                    "move it into the folder of its kind: " + ", ".join(f"data/{k}/" for k in ENTRY_TYPES),
                )
            )
        elif child.name not in ENTRY_TYPES:
            errors.append(
                DataError.for_file(
                    rel, f"unknown folder '{child.name}' in data/", "entry folders are: " + ", ".join(ENTRY_TYPES)
                )
            )
        else:
            yield from _folder_files(child, errors, rel_base)


def _folder_files(folder: Path, errors: list[DataError], rel_base: Path) -> Iterator[tuple[str, Path, str]]:
    for file in sorted(folder.iterdir(), key=lambda f: f.name):  # (the order of paths, without their slow compare)
        frel = file.relative_to(rel_base).as_posix()
        if file.is_dir():
            errors.append(
                DataError.for_file(frel, "sub-folders are not read", "put entry files directly in the folder")
            )
        elif file.suffix == ".yml":
            yield folder.name, file, frel
        elif file.suffix == ".yaml":
            errors.append(DataError.for_file(frel, "entry files end in .yml", f"rename it to {file.stem}.yml"))
        elif not file.name.startswith("."):
            errors.append(
                DataError.for_file(frel, "not an entry file (entries are .yml files)", "remove it or rename it")
            )


def _unsafe_text_file(raw: RawEntry) -> list[DataError]:
    """A source's text_file must stay inside the texts folder: checks print lines of it. Checked on the
    plain data, so that it is refused whatever else is wrong with the file."""
    value = raw.data.get("text_file") if raw.kind == "sources" and isinstance(raw.data, dict) else None
    problem = relative_path_problem(value.strip()) if isinstance(value, str) else None
    if not problem:
        return []
    return [
        raw.error(
            ("text_file",),
            f"text_file {value!r} {problem}",
            "give its path inside the texts folder, e.g. sources-2/100_name.txt",
        )
    ]


def _validated(
    file: Path, kind: str, rel: str, dataset: Dataset, errors: list[DataError], failed: list[RawEntry]
) -> tuple[Entry, RawEntry] | None:
    """One entry file read and validated into its model; None, with its errors added, when it cannot be."""
    entry_id = file.stem
    raw, file_errors = read_entry(file, kind, rel)
    errors.extend(file_errors)
    if raw is None or file_errors:
        dataset.broken.add(entry_id)
        return None
    errors.extend(_unsafe_text_file(raw))
    model = ENTRY_TYPES[kind]
    if isinstance(raw.data, dict) and raw.data.get("version") == 1:
        errors.append(
            raw.error(
                ("version",),
                f"this file is in data format 1; the site reads format {DATA_VERSION}",
                "see 'Data format 2' in CONTRIBUTING.md: set version: 2 and add the new "
                "required fields (source type, date bases, event kind)",
            )
        )
        dataset.broken.add(entry_id)
        return None
    try:
        entry = model.model_validate(raw.data)
    except ValidationError as exc:
        errors.extend(pydantic_errors(raw, model, exc))
        dataset.broken.add(entry_id)
        failed.append(raw)  # its references are still checked, so every error shows at once
        return None
    entry.identify(entry_id, rel)
    return entry, raw


def load_dataset(data_dir: Path | str, rel_base: Path | str | None = None, memo: EntryMemo | None = None) -> Dataset:
    """Load and validate data_dir. Raises DataErrors listing every problem. With memo (the preview server), an
    entry whose file has not changed since the memo's last load is taken from it, and the memo then holds
    this load's entries."""
    data_dir = Path(data_dir)
    rel_base = Path(rel_base) if rel_base else data_dir.parent
    errors: list[DataError] = []
    dataset = Dataset(root=data_dir, entries={k: {} for k in ENTRY_TYPES})
    if not data_dir.is_dir():
        raise DataErrors([DataError.for_file(str(data_dir), "data folder not found")])

    seen_ids: dict[str, str] = {}  # lower-cased id -> path
    failed: list[RawEntry] = []
    kept: dict[str, tuple[tuple[int, ...], Entry, RawEntry]] = {}
    reused = 0
    for kind, file, rel in _entry_files(data_dir, errors, rel_base):
        entry_id = file.stem
        if not re.match(ID_PATTERN, entry_id):
            errors.append(
                DataError.for_file(
                    rel,
                    f"file name '{file.name}' is not a valid id",
                    "use lower-case letters, digits and hyphens, e.g. shoigu-visits-belgrade-2020.yml",
                )
            )
            continue
        if reserved_id(entry_id):
            errors.append(
                DataError.for_file(
                    rel,
                    f"id '{entry_id}' is reserved: the site uses it for {reserved_id(entry_id)}",
                    "choose another file name",
                )
            )
            continue
        if entry_id.lower() in seen_ids:
            dataset.broken.add(entry_id)  # references to it are not also reported as unknown
            errors.append(
                DataError.for_file(
                    rel,
                    f"id '{entry_id}' is already used by {seen_ids[entry_id.lower()]}",
                    "ids are unique across all of data/; rename one file",
                )
            )
            continue
        seen_ids[entry_id.lower()] = rel
        status, hit = memo.lookup(file, rel) if memo is not None else (None, None)
        before = len(errors)
        loaded = hit or _validated(file, kind, rel, dataset, errors, failed)
        if loaded is None:
            continue
        dataset.entries[kind][entry_id], dataset.raw[entry_id] = loaded
        reused += hit is not None
        if status is not None and len(errors) == before:  # a file with an error is read again next time
            kept[rel] = (status, *loaded)

    if memo is not None:
        memo.kept, memo.reused = kept, reused
    errors.extend(check_references(dataset, failed))
    if errors:
        raise DataErrors(errors)
    return dataset
