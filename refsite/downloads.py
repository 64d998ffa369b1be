"""The data as downloads: every entry type as JSON and CSV, claims and citations as CSV, one combined JSON,
and an Atom feed of new and changed entries. The JSON Schemas are published by refsite/schema.py (the models'
model_json_schema() is their one source); the files here point to them.

- downloads/<kind>.json   {"kind", "licence", "data_version", "schema", "entries": [{"id", "url", "added",
                          "changed", "entry"}]}; each "entry" is the data file as the models read it, so it
                          validates against schemas/<kind>.json. One record per line, in compact JSON.
- downloads/<kind>.csv    one row per entry; nested values flattened to dotted columns (quantity.number),
                          lists of ids joined with "; ", other lists as JSON. Claims are in claims.csv.
- downloads/claims.csv    one row per claim (also theme overviews and actors' roles), with its permalink.
- downloads/citations.csv one row per citation of a claim (and per quoted statement), with its locator.
- downloads/all.json      everything in one file.
- downloads/un-votes.csv, meetings.csv, nis-sanctions.csv (and .json): the reader tables of events' structured
                          fields, one row per vote, meeting or step, each value with the claims (permalinks) and
                          citations stating it.
- downloads/poll-results.csv (and .json): one row per poll figure, flat, for spreadsheets (polls.csv nests them).
- feed.xml                Atom: entries by the date they were last changed (git history, refsite/history.py);
                          without history, every entry carries the data version's date.

Withdrawn entries and claims are included, marked withdrawn: corrections stay visible in the data too.
Output is deterministic: same data and history, same bytes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import InitVar, dataclass, field
import datetime as dt
import json
import operator
import os
import re
import types
import typing
from typing import Any
import uuid
import xml.etree.ElementTree as ET

import orjson
from pydantic import BaseModel

from .dates import FuzzyDate
from .history import Versions
from .index import CLAIM_LISTS, KINDS, TABLES, BackedValue, ClaimRef, Index, Table
from .markup import plain
from .models import DATA_VERSION, ENTRY_TYPES, ID_PATTERN, Entry, Role
from .publication import LICENCE, LICENCE_URL, Publication
from .schema import SCHEMA_DIR

DOWNLOAD_DIR = "downloads"
FEED_PATH = "feed.xml"
FEED_LIMIT = 100
_ID_RE = re.compile(ID_PATTERN)
_ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", _ATOM)


@dataclass(frozen=True)
class Download:
    path: str  # in the site, e.g. downloads/events.csv
    title: str
    format: str  # "JSON", "CSV", "Atom", "JSON Schema"
    description: str
    text: InitVar[str | bytes]  # the file's text, kept as `data` (JSON comes as UTF-8 bytes already: orjson's)
    count: int | None = None  # entries or rows, where that means something
    # The file as published, in UTF-8: encoded once, for its size on the Data page and for the build, which hands
    # MkDocs the bytes (a text MkDocs would encode again: 41 MB at 20 times the real entries).
    data: bytes = field(init=False)

    def __post_init__(self, text: str | bytes) -> None:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        object.__setattr__(self, "data", data)  # frozen: the dataclass way to set a field here

    @property
    def content(self) -> str:
        """The file's text (for tests and tools; the build publishes `data`)."""
        return self.data.decode("utf-8")

    @property
    def size(self) -> str:
        n = len(self.data)
        return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class SchemaFile:
    """A published JSON Schema: schemas/<kind>.json, for the files data/<kind>/<id>.yml."""

    kind: str
    title: str  # the entry type: "Arms deals and transfers"

    @property
    def path(self) -> str:
        return f"{SCHEMA_DIR}/{self.kind}.json"

    @property
    def name(self) -> str:
        return f"{self.kind}.json"


# --------------------------------------------------------------------------- records


POLL_RESULTS_TITLE = "Poll results"


def _plain_date(d: FuzzyDate | None) -> str | None:
    return d.iso if d is not None else None


class Downloads:
    """The downloadable files of one build, computed on first use."""

    def __init__(self, index: Index, versions: Versions, publication: Publication):
        self.index = index
        self.versions = versions
        self.publication = publication
        self._files: list[Download] | None = None
        self._records: dict[str, bytes] = {}  # kind/id -> the entry's JSON record: kind files and all.json share it
        self._dumps: dict[str, dict[str, Any]] = {}  # kind/id -> the entry as data: its JSON record and CSV row
        # Worked out once, for every file that reads them: a kind's entries in order; a reader table's rows and
        # the poll figures (each in a CSV and a JSON file).
        self._entries: dict[str, list[Entry]] = {}
        self._table_records: dict[str, list[dict[str, Any]]] = {}
        self._poll_records: list[dict[str, Any]] | None = None
        self._page_urls: dict[str, str] = {}  # a page's md path -> its permalink

    # ---- helpers
    def entries(self, kind: str) -> list[Entry]:
        """A kind's entries by id. Not to be changed: it is shared."""
        if kind not in self._entries:
            by_id = self.index.dataset.of(kind)
            self._entries[kind] = [by_id[i] for i in sorted(by_id)]
        return self._entries[kind]

    def permalink(self, md_target: str) -> str:
        """The publication's permalink of 'sources/x.md#p3', each page's address worked out once: the claims and
        citations link to a few thousand pages 51,600 times at 20 times the real entries."""
        page, _, anchor = md_target.partition("#")
        url = self._page_urls.get(page)
        if url is None:
            url = self._page_urls[page] = self.publication.permalink(page)
        return f"{url}#{anchor}" if anchor else url

    def url(self, entry: Entry) -> str:
        return self.permalink(self.index.view(entry).url)

    def dates(self, entry: Entry) -> tuple[str | None, str | None]:
        h = self.versions.of(entry)
        added = h.added.iso if h and h.added else None
        changed = h.changed.iso if h and h.changed else None
        return added, changed

    def dump(self, entry: Entry) -> dict[str, Any]:
        """The entry as its data file reads (pydantic's dump, once per entry: for its JSON record and CSV row).
        Not to be changed: it is shared."""
        key = f"{entry.kind}/{entry.id}"
        if key not in self._dumps:
            self._dumps[key] = entry.model_dump(mode="json", exclude_none=True, by_alias=True)
        return self._dumps[key]

    def record(self, entry: Entry) -> dict[str, Any]:
        added, changed = self.dates(entry)
        return {
            "id": entry.id,
            "url": self.url(entry),
            "withdrawn": entry.withdrawn is not None,
            "added": added,
            "changed": changed,
            "entry": self.dump(entry),
        }

    @property
    def data_version(self) -> dict[str, Any]:
        pub = self.publication
        return {"date": pub.version_iso, "commit": pub.version_id}

    def _header(self) -> dict[str, Any]:
        return {
            "title": self.publication.name,
            "site": self.permalink("index.md"),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "format_version": DATA_VERSION,
            "data_version": self.data_version,
        }

    # ---- JSON
    def record_json(self, entry: Entry) -> bytes:
        """The entry's record as one line of JSON, encoded once for its kind's file and all.json."""
        key = f"{entry.kind}/{entry.id}"
        if key not in self._records:
            self._records[key] = _json_line(self.record(entry))
        return self._records[key]

    def _entries_json(self, kind: str, indent: bytes) -> list[bytes]:
        """A kind's entries as a JSON array, in pieces: the files are joined once (all.json is 11 MB at 20 times
        the real entries, and each concatenation of a piece this large copies it)."""
        records = [self.record_json(e) for e in self.entries(kind)]
        if not records:
            return [b"[]"]
        return [b"[\n", indent, b" ", (b",\n" + indent + b" ").join(records), b"\n", indent, b"]"]

    def kind_json(self, kind: str) -> bytes:
        head = {"kind": kind, **self._header(), "schema": f"../{SCHEMA_DIR}/{kind}.json"}
        return _json_with(head, "entries", self._entries_json(kind, b" "))

    def all_json(self) -> bytes:
        head = {**self._header(), "schemas": {k: f"../{SCHEMA_DIR}/{k}.json" for k in ENTRY_TYPES}}
        kinds = [b"{\n"]
        for n, k in enumerate(ENTRY_TYPES):
            kinds += [b",\n" if n else b"", b"  " + _json_line(k) + b": ", *self._entries_json(k, b"  ")]
        kinds.append(b"\n }")
        return _json_with(head, "entries", kinds)

    # ---- CSV
    def kind_csv(self, kind: str) -> str:
        model = ENTRY_TYPES[kind]
        columns = ["id", "url", "withdrawn", "added", "changed", *_columns(model, skip=CLAIM_LISTS)]
        rows = []
        for e in self.entries(kind):
            added, changed = self.dates(e)
            flat = _flatten({k: v for k, v in self.dump(e).items() if k not in CLAIM_LISTS})  # claims: claims.csv
            flat.update(
                {
                    "id": e.id,
                    "url": self.url(e),
                    "withdrawn": _bool(e.withdrawn is not None),
                    "added": added or "",
                    "changed": changed or "",
                }
            )
            extra = sorted(set(flat) - set(columns))  # defensive: never drop a value
            columns += extra
            rows.append(flat)
        return _csv(columns, [[row.get(c, "") for c in columns] for row in rows])

    def claim_rows(self) -> Iterator[ClaimRef]:
        """Every cited statement of every entry (the entry views' claims), withdrawn ones too."""
        for kind in ENTRY_TYPES:
            for e in self.entries(kind):
                yield from self.index.view(e).statements

    def claims_csv(self) -> tuple[str, int]:
        columns = [
            "kind",
            "entry_id",
            "part",
            "number",
            "anchor",
            "url",
            "text",
            "status",
            "date",
            "note",
            "withdrawn",
            "withdrawn_date",
            "withdrawn_reason",
            "citations",
        ]
        rows = []
        for ref in self.claim_rows():
            c, withdrawal = ref.claim, ref.withdrawal
            status: str | None
            if isinstance(c, Role):
                text, status, when, note = c.title, "", _plain_date(c.when), c.when_note
            else:
                text, status, when, note = plain(c.text), c.status, None, c.note
            rows.append(
                [
                    ref.entry.kind,
                    ref.entry.id,
                    ref.part,
                    ref.number,
                    ref.anchor,
                    self.permalink(ref.url),
                    text,
                    status or "",
                    when or "",
                    note or "",
                    _bool(withdrawal is not None),
                    _plain_date(withdrawal.date) if withdrawal else "",
                    withdrawal.reason if withdrawal else "",
                    len(c.citations),
                ]
            )
        return _csv(columns, rows), len(rows)

    def citations_csv(self) -> tuple[str, int]:
        columns = ["kind", "entry_id", "part", "number", "claim_anchor", "source", "locator", "quote", "source_url"]
        rows = []
        for ref in self.claim_rows():
            for cit in ref.claim.citations:
                rows.append(
                    [
                        ref.entry.kind,
                        ref.entry.id,
                        ref.part,
                        ref.number,
                        ref.anchor,
                        cit.source,
                        cit.locator,
                        cit.quote or "",
                        self.permalink(self.index.citation_url(cit)),
                    ]
                )
        for kind in ENTRY_TYPES:
            for e in self.entries(kind):
                quote = e.statement_quote
                if quote is not None:
                    cit = quote.citation
                    rows.append(
                        [
                            e.kind,
                            e.id,
                            "quote",
                            1,
                            "",
                            cit.source,
                            cit.locator,
                            quote.text,
                            self.permalink(self.index.citation_url(cit)),
                        ]
                    )
        return _csv(columns, rows), len(rows)

    # ---- reader tables (UN votes, meetings)
    def _claims_record(self, refs: list[ClaimRef]) -> list[dict[str, Any]]:
        return [
            {
                "url": self.permalink(ref.url),
                "text": plain(ref.text),
                "citations": [
                    {
                        "source": c.source,
                        "locator": c.locator,
                        "quote": c.quote,
                        "source_url": self.permalink(self.index.citation_url(c)),
                    }
                    for c in ref.claim.citations
                ],
            }
            for ref in refs
        ]

    def _backed(self, value: BackedValue | None, **fields: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        return {**fields, "claims": self._claims_record(value.claims)}

    def table_records(self, table: Table) -> list[dict[str, Any]]:
        """One record per row of a reader table: each value with the claims that state it and their citations.
        Not to be changed: its CSV and JSON files share it."""
        if table.download not in self._table_records:
            self._table_records[table.download] = self._records_of(table)
        return self._table_records[table.download]

    def _records_of(self, table: Table) -> list[dict[str, Any]]:
        out = []
        for e in self.index.rows_of(table):
            v = self.index.view(e)
            head = {"id": e.id, "url": self.url(e), "title": plain(v.title), "date": _plain_date(v.when.date)}
            if v.un_vote is not None:
                u = v.un_vote
                record = {
                    **head,
                    "vote": self._backed(u.about, body=u.body_code, resolution=u.resolution, subject=u.subject),
                    "tally": self._backed(u.tally, **u.counts),
                    "serbia": self._backed(u.serbia, vote=u.serbia.code),
                    "russia": self._backed(u.russia, vote=u.russia.code),
                    "said": self._claims_record(u.said),
                }
            elif v.meeting is not None:
                mt = v.meeting
                record = {
                    **head,
                    "meeting": self._backed(
                        mt.about, place=mt.place, participants=mt.participants, occasion=mt.occasion
                    ),
                    "said": self._claims_record(mt.said),
                }
            elif v.nis_sanctions is not None:
                ns = v.nis_sanctions
                record = {
                    **head,
                    "step": self._backed(ns.step, step=ns.code),
                    "until": self._backed(ns.until, date=ns.until.code if ns.until else None),
                }
            out.append(record)
        return out

    def table_json(self, table: Table) -> tuple[bytes, int]:
        records = self.table_records(table)
        head = {"table": table.title, **self._header()}
        return _json_with(head, "rows", _rows_json(records)), len(records)

    def table_csv(self, table: Table) -> tuple[str, int]:
        """The table flat: each value's own columns, then its claims' permalinks and citations ('source ¶N')."""
        records = self.table_records(table)
        columns: list[str] = []
        rows = []
        for r in records:
            flat: dict[str, Any] = {}
            for key, value in r.items():
                if isinstance(value, dict):
                    for k, x in value.items():
                        flat[f"{key}.{k}"] = x
                elif key == "said":
                    flat["said"] = " | ".join(c["text"] for c in value)
                    flat["said.claims"] = value
                else:
                    flat[key] = value
            for key in list(flat):
                if key.endswith("claims"):
                    claims = flat.pop(key) or []
                    flat[key] = " ".join(c["url"] for c in claims)
                    flat[key[: -len("claims")] + "citations"] = "; ".join(
                        f"{cit['source']} {cit['locator']}" for c in claims for cit in c["citations"]
                    )
                elif isinstance(flat[key], list):
                    flat[key] = "; ".join(flat[key])
            columns += [k for k in flat if k not in columns]
            rows.append(flat)
        return _csv(columns, [[row.get(c, "") for c in columns] for row in rows]), len(records)

    # ---- poll results, one row per figure
    def poll_result_records(self) -> list[dict[str, Any]]:
        """Every figure of every live poll, flat: for spreadsheets and charts (the polls' own records nest them).
        Not to be changed: its CSV and JSON files share it."""
        if self._poll_records is None:
            self._poll_records = self._poll_figures()
        return self._poll_records

    def _poll_figures(self) -> list[dict[str, Any]]:
        out = []
        for r in self.index.poll_results:
            poll, d = r.poll, r.when
            out.append(
                {
                    "poll": poll.id,
                    "poll_title": plain(self.index.view(poll).title),
                    "pollster": poll.pollster,
                    "pollster_name": r.pollster,
                    "sponsor": poll.sponsor,
                    "fieldwork": _plain_date(d.date) if r.fieldwork else None,
                    "reported": _plain_date(d.date) if d.date is not None and not r.fieldwork else None,
                    "date_basis": d.basis.basis if d.basis is not None else None,
                    "sample": poll.sample,
                    "question_asked": poll.question,
                    "series": r.series,
                    "answer": r.result.answer,
                    "share": r.result.share,
                    "status": r.ref.status,
                    "second_hand": r.second_hand,
                    "source_types": [s.source.type for s in r.sources],
                    "sources": [s.source.id for s in r.sources],
                    "claim_url": self.permalink(r.ref.url),
                    "url": self.url(poll),
                }
            )
        return out

    def poll_results_json(self) -> tuple[bytes, int]:
        records = self.poll_result_records()
        head = {"table": POLL_RESULTS_TITLE, **self._header()}
        return _json_with(head, "rows", _rows_json(records)), len(records)

    def poll_results_csv(self) -> tuple[str, int]:
        records = self.poll_result_records()
        columns = list(records[0]) if records else []
        rows = [
            [("; ".join(v) if isinstance(v, list) else _bool(v) if isinstance(v, bool) else v) for v in r.values()]
            for r in records
        ]
        return _csv(columns, rows), len(records)

    # ---- Atom feed
    def feed(self) -> str:
        pub = self.publication
        fallback = pub.version_date or _build_date()
        items = []
        for kind in ENTRY_TYPES:
            for e in self.entries(kind):
                if e.withdrawn:
                    continue
                h = self.versions.of(e)
                last = h.changed or h.added
                changed = last.date if last is not None else fallback
                added = h.added.date if h.added else None
                items.append((changed, added, e))
        items.sort(key=lambda t: (t[0], t[2].kind, t[2].id), reverse=True)
        items = items[:FEED_LIMIT]

        feed = ET.Element(f"{{{_ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
        _el(feed, "title", pub.name + ": new and changed entries")
        _el(feed, "id", _urn("feed"))
        newest = max((t[0] for t in items), default=fallback)
        _el(feed, "updated", _stamp(newest))
        _el(feed, "link", href=pub.absolute(FEED_PATH), rel="self", type="application/atom+xml")
        _el(feed, "link", href=pub.permalink("index.md"), rel="alternate", type="text/html")
        author = _el(feed, "author")
        _el(author, "name", pub.name)
        _el(feed, "rights", f"Content under {LICENCE} ({LICENCE_URL})")
        for changed, added, e in items:
            entry = _el(feed, "entry")
            _el(entry, "title", plain(self.index.view(e).title))
            _el(entry, "id", _urn(f"{e.kind}/{e.id}"))
            _el(entry, "link", href=self.url(e), rel="alternate", type="text/html")
            _el(entry, "updated", _stamp(changed))
            if added:
                _el(entry, "published", _stamp(added))
            _el(entry, "category", term=e.kind, label=KINDS[e.kind].singular)
            for theme in e.theme_ids or []:
                _el(entry, "category", term=theme, scheme=pub.permalink("themes/index.md"))
            _el(entry, "summary", self._summary(e), type="text")
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

    def _summary(self, entry: Entry) -> str:
        """The feed's summary: description or summary, then the live statements' texts, at most 600 characters."""
        parts = []
        for name in ("description", "summary"):
            value = getattr(entry, name, None)
            if isinstance(value, str):
                parts.append(plain(value))
        view = self.index.view(entry)
        parts += [plain(ref.text) for ref in view.statements if not ref.withdrawn]
        text = " ".join(parts) or plain(view.title)
        return text if len(text) <= 600 else text[:597].rsplit(" ", 1)[0] + " …"

    # ---- all files
    def files(self) -> list[Download]:
        if self._files is not None:
            return self._files
        out: list[Download] = []
        for kind, model in ENTRY_TYPES.items():
            title = KINDS[kind].data_title
            n = len(self.index.dataset.of(kind))
            # Kinds whose entries carry cited statements (claims, an actor's roles, a theme's overview); a source
            # or a question (which names other entries' claims) has none of its own.
            cited = any(name in model.model_fields for name in ("claims", "roles", "overview"))
            out.append(
                Download(
                    f"{DOWNLOAD_DIR}/{kind}.json",
                    title,
                    "JSON",
                    f"Every {KINDS[kind].singular} entry in full"
                    + (", claims and citations included." if cited else "."),
                    self.kind_json(kind),
                    n,
                )
            )
            out.append(
                Download(
                    f"{DOWNLOAD_DIR}/{kind}.csv",
                    title,
                    "CSV",
                    "One row per entry"
                    + ("; claims and citations are in claims.csv and citations.csv." if cited else "."),
                    self.kind_csv(kind),
                    n,
                )
            )
        text, n = self.claims_csv()
        out.append(
            Download(
                f"{DOWNLOAD_DIR}/claims.csv",
                "Claims",
                "CSV",
                "Every claim (with theme overviews and actors' roles), its status, note and permalink.",
                text,
                n,
            )
        )
        text, n = self.citations_csv()
        out.append(
            Download(
                f"{DOWNLOAD_DIR}/citations.csv",
                "Citations",
                "CSV",
                "Every citation: which claim, which source, the locator and any quote.",
                text,
                n,
            )
        )
        content: str | bytes  # CSV text, or JSON already in UTF-8
        for table in TABLES:
            for fmt, (content, n) in (("CSV", self.table_csv(table)), ("JSON", self.table_json(table))):
                out.append(
                    Download(
                        f"{DOWNLOAD_DIR}/{table.download}.{fmt.lower()}",
                        table.title,
                        fmt,
                        "The reader table: one row each, every value with the claims (permalinks) and citations "
                        "that state it.",
                        content,
                        n,
                    )
                )
        for fmt, (content, n) in (("CSV", self.poll_results_csv()), ("JSON", self.poll_results_json())):
            out.append(
                Download(
                    f"{DOWNLOAD_DIR}/poll-results.{fmt.lower()}",
                    POLL_RESULTS_TITLE,
                    fmt,
                    "One row per figure: pollster, fieldwork or report date (never mixed), sample, question, "
                    "answer, share, whether it is known only second-hand, the sources' types and the claim's "
                    "permalink.",
                    content,
                    n,
                )
            )
        out.append(
            Download(
                f"{DOWNLOAD_DIR}/all.json",
                "Everything",
                "JSON",
                "All entries of every type in one file.",
                self.all_json(),
                sum(1 for _ in self.index.dataset.all()),
            )
        )
        out.append(
            Download(
                FEED_PATH,
                "New and changed entries",
                "Atom",
                f"The {FEED_LIMIT} most recently added or changed entries, for feed readers.",
                self.feed(),
            )
        )
        self._files = out
        return out

    def schemas(self) -> list[SchemaFile]:
        """The published JSON Schemas (written by refsite/schema.py), one per entry type."""
        return [SchemaFile(kind, KINDS[kind].data_title) for kind in ENTRY_TYPES]

    def contents(self) -> dict[str, str]:
        """{path: text} of every file (the build publishes each file's `data`, the same text in UTF-8)."""
        return {d.path: d.content for d in self.files()}


# --------------------------------------------------------------------------- formats


def _json_line(value: Any) -> bytes:
    """Compact JSON on one line, in UTF-8, non-ASCII characters as they are. orjson writes it in a fifth of the
    time the json module took for the same values with spaces after ',' and ':' (0.11 -> 0.02 s at 20 times the
    real entries). Its bytes go into the file as they are: the JSON downloads are never decoded and encoded
    again (22 MB at 20 times the real entries). An integer beyond 64 bits, which the models accept and orjson
    refuses, goes to the json module, which writes the same compact form."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _rows_json(records: list[dict[str, Any]]) -> list[bytes]:
    """A table's rows as a JSON array, one row per line."""
    if not records:
        return [b"[]"]
    return [b"[\n  ", b",\n  ".join(map(_json_line, records)), b"\n ]"]


def _json_with(head: dict[str, Any], key: str, value_json: list[bytes]) -> bytes:
    """A JSON document in UTF-8: head's fields one per line, then key with value_json (already encoded, in
    pieces). Downloads hold one entry per line, in compact JSON: greppable, and diffable line by line between
    data versions."""
    fields = [b" " + _json_line(k) + b": " + _json_line(v) + b",\n" for k, v in head.items()]
    return b"".join([b"{\n", *fields, b" " + _json_line(key) + b": ", *value_json, b"\n}\n"])


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _csv(columns: list[str], rows: list[list[Any]]) -> str:
    """RFC 4180 text, as the csv module's writer (lineterminator "\r\n", minimal quoting) writes the same cells
    (tests/unit/test_downloads.py compares them; a row of one empty cell, which the module writes as "", never
    occurs: every file has several columns). Written out here: the module's writer copies each character
    one by one, twice, and took half the time of the downloads' CSV files (16 MB at 20 times the real entries)."""
    cells = [_csv_column(column) for column in zip(*rows, strict=True)]
    lines = [",".join(map(_csv_cell, columns)), *map(",".join, zip(*cells, strict=True))]
    lines.append("")
    return "\r\n".join(lines)


def _csv_column(values: tuple[Any, ...]) -> list[str]:
    """A column's cells. Most columns (ids, URLs, numbers, dates, flags) hold no cell that needs quotes or the
    formula guard: checked for the whole column at once (a few scans of its joined text, in C), they are written
    as they are, without a Python call per cell (half a million cells at 20 times the real entries). Any other
    column goes through _csv_cell, cell by cell."""
    if None in values:
        values = tuple("" if v is None else v for v in values)
    texts = list(map(str, values))
    joined = "".join(texts)
    # A formula start found here may be a negative number's minus, which _csv_cell then writes as it is.
    if not any(c in joined for c in _CSV_QUOTED) and _FORMULA_START.isdisjoint(map(_first_character, texts)):
        return texts
    return list(map(_csv_cell, values))


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)  # (a Markup too becomes a plain str: Markup's replace() would escape its arguments)
    # Spreadsheets run cells starting with = + - @ as formulas: such text gets an apostrophe before it.
    if isinstance(value, str) and text[:1] in _FORMULA_START:
        text = "'" + text
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


_FORMULA_START = frozenset(("=", "+", "-", "@", "\t", "\r"))
_CSV_QUOTED = ('"', ",", "\n", "\r")  # a cell holding one is written in quotes
_first_character = operator.itemgetter(slice(1))  # "" for an empty cell


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model inside Model | None, Optional[Model]; None for anything else."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        others = [a for a in typing.get_args(annotation) if a is not type(None) and a not in models]
        if len(models) == 1 and not others:
            return models[0]
    return None


def _columns(model: type[BaseModel], prefix: str = "", skip: Collection[str] = ()) -> list[str]:
    """CSV columns of a model in field order, nested models flattened to dotted names."""
    out = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        nested = _model_of(info.annotation)
        if nested is not None:
            out += _columns(nested, f"{prefix}{name}.")
        else:
            out.append(prefix + name)
    return out


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            if all(isinstance(v, str) and _ID_RE.match(v) for v in value):
                out[prefix + key] = "; ".join(value)
            else:
                out[prefix + key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            out[prefix + key] = _bool(value)
        else:
            out[prefix + key] = value
    return out


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str | None) -> ET.Element:
    el = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _urn(name: str) -> str:
    # Stable whatever the site's address: the ids of feed entries must never change.
    return uuid.uuid5(uuid.NAMESPACE_URL, "refsite:" + name).urn


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()
