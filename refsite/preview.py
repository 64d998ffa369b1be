"""The preview server's memory between rebuilds: what `make serve` (`mkdocs serve --dirty`) keeps so that an edit
to one data file shows in a second or two, with the very files a clean `mkdocs build` writes.

MkDocs re-reads its configuration and re-imports the hook for every rebuild, but not this module, so a
`Preview` made when serving starts (`start`) lasts the whole session. It never imports MkDocs: the hook
(hooks/refsite_hook.py) hands it paths, strings and Material's search entries.

- Entries whose file has not changed are not read and validated again (`dataset.EntryMemo`).
- Generated pages an edit cannot have changed are not rendered again (`pages`, `Rendered.outdated`).
- Generated pages and files are written to a folder of the session's own (`source`), each only when its text
  differs from the previous build's, and MkDocs reads them from there. A dirty MkDocs build re-renders a page
  only when its source is newer than the page it built before, and copies a file only when it is newer: so
  only the pages an edit changed are converted, templated and indexed again.
- What every page shows (the configuration, the footer, the navigation's pages) is one key (`begin`): when it
  changes, every page is rebuilt. A hand-written page's shortcodes are expanded with the data, so such a page
  is rebuilt when its expansion changes (`changed`); MkDocs itself sees edits to the page's own file.
- Material's search index holds a dirty build's rebuilt pages only; `search_index` puts the other pages'
  documents back, kept (and extended) from the builds that made them, in the order a clean build writes them.
- A dirty build never deletes: `prune` removes what a clean build would not write (a deleted entry's page).
- `watch_natively` has the server watch files with the system's notifications (inotify) instead of MkDocs'
  polling every half second; the theme's templates are compiled once (`MemoryBytecodeCache`).

`mkdocs build` uses none of this; `mkdocs serve` without --dirty (full MkDocs builds) only the entry memo and the
rendered pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import contextlib
from dataclasses import dataclass, field
import json
import logging
import os
from pathlib import Path
import shutil
import tempfile
from typing import TYPE_CHECKING, Any, Protocol

import jinja2

from . import search
from .dataset import EntryMemo
from .index import KINDS, Index
from .markup import md_escape
from .models import Entry
from .render import TEMPLATES

if TYPE_CHECKING:
    from .site import Site

log = logging.getLogger("mkdocs.refsite")

SearchEntry = dict[str, Any]  # one document of Material's search_index.json


@dataclass
class Preview:
    """One serve session's state. incremental: the server runs dirty builds (`mkdocs serve --dirty`)."""

    incremental: bool
    memo: EntryMemo = field(default_factory=EntryMemo)
    folder: Path | None = None  # the generated pages and files, as MkDocs reads them
    written: dict[str, str | bytes] = field(default_factory=dict)  # src_uri -> text (or bytes) in folder
    key: object = None  # what every page shows, as of the previous build (None: rebuild every page)
    expanded: dict[str, str] = field(default_factory=dict)  # hand-written page -> its Markdown as published
    search: dict[str, list[SearchEntry]] = field(default_factory=dict)  # page URL -> its search entries
    rebuilt: list[str] = field(default_factory=list)  # URLs of the pages this build rendered
    extended: dict[str, list[SearchEntry]] = field(default_factory=dict)  # page URL -> its extended documents
    _extend_key: object = None
    _search_seen: int = 0
    theme_bytecode: MemoryBytecodeCache = field(default_factory=lambda: MemoryBytecodeCache())
    rendered: Rendered | None = None  # the previous build's generated pages
    rerendered: list[str] = field(default_factory=list)  # the generated pages this build rendered

    # ---- generated pages
    def pages(self, site: Site) -> dict[str, str]:
        """The site's generated pages: those an edit may have changed rendered, the others as the previous build
        rendered them (see `Rendered.outdated`)."""
        jobs = site.renderer.page_jobs()
        now = Rendered.of(site, {})
        before = self.rendered
        stale = before.outdated(now, jobs) if before is not None else None
        for path, render in jobs.items():
            now.pages[path] = render() if before is None or stale is None or path in stale else before.pages[path]
        self.rerendered = list(jobs) if stale is None else [p for p in jobs if p in stale]
        self.rendered = now
        return now.pages

    # ---- generated sources
    def source(self, src_uri: str, text: str | bytes) -> str:
        """The path MkDocs reads src_uri from: rewritten only when text differs from the previous build's, so
        that an unchanged page keeps a source older than the page built from it."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="refsite-preview-"))
        path = self.folder / src_uri
        if self.written.get(src_uri) != text or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
            self.written[src_uri] = text
        return str(path)

    def forget_sources(self, keep: Iterable[str]) -> None:
        """Delete the sources of generated files this build no longer makes."""
        keep = set(keep)
        for src_uri in [u for u in self.written if u not in keep]:
            del self.written[src_uri]
            if self.folder is not None:
                (self.folder / src_uri).unlink(missing_ok=True)

    # ---- what must be rebuilt
    def begin(self, key: object) -> bool:
        """Start a build whose pages all show key (configuration, footer, the set of pages): True when it
        differs from the previous build's, and so every page must be rebuilt. None (a build that shows data
        errors instead of the site): this build and the next rebuild every page."""
        stale = key is None or key != self.key
        self.key = key
        self.rebuilt = []
        self._search_seen = 0
        return stale

    def changed(self, src_uri: str, markdown: str) -> bool:
        """Whether a hand-written page's Markdown as published (shortcodes expanded) differs from the
        previous build's."""
        before = self.expanded.get(src_uri)
        self.expanded[src_uri] = markdown
        return before != markdown

    # ---- search
    def search_index(
        self,
        config: dict[str, Any],
        urls: Iterable[str],
        extend: Callable[[dict[str, Any]], dict[str, Any]],
        key: object,
    ) -> bytes:
        """search_index.json as a clean build writes it: Material's config and every page's documents (in the
        order of urls), extended by extend (Site.extend_search), which works page by page. A page's extended
        documents are kept until the page is rebuilt or key (what extend reads besides them) changes."""
        if key != self._extend_key:
            self.extended, self._extend_key = {}, key
        for url in self.rebuilt:
            self.extended.pop(url, None)
        urls = list(urls)
        self.search = {url: self.search.get(url, []) for url in urls}  # pages no longer built are forgotten
        self.extended = {url: self.extended[url] for url in urls if url in self.extended}
        todo = [url for url in urls if url not in self.extended]
        # As Material writes them and extend_search_index reads them back: through JSON.
        docs = json.loads(json.dumps([d for url in todo for d in self.search.get(url, [])], default=str))
        out = extend({"config": json.loads(json.dumps(config)), "docs": docs})
        for url in todo:
            self.extended[url] = []
        for doc in out["docs"]:
            self.extended[doc.get("location", "").partition("#")[0]].append(doc)
        index = {"config": out["config"], "docs": [d for url in urls for d in self.extended[url]]}
        return search.index_json(index)  # as extend_search_index writes it

    def page_indexed(self, url: str, entries: list[SearchEntry]) -> None:
        """Material's search plugin has indexed the page at url; entries is its whole index of this build so
        far, the page's own entries at the end."""
        self.search[url] = entries[self._search_seen :]
        self._search_seen = len(entries)
        self.rebuilt.append(url)

    def search_docs(self, urls: Iterable[str]) -> list[SearchEntry]:
        """The search index's documents for every page (in the order of urls, the build's), each page's as
        the last build that rendered it made them. Pages no longer built are forgotten."""
        urls = list(urls)
        self.search = {url: self.search.get(url, []) for url in urls}
        return [entry for url in urls for entry in self.search[url]]

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


# Kinds of entry no other entry's page shows but by a link (which names the entry's id): an edit to one of
# them changes only the pages that name it or list it (Rendered.outdated). An edit to any other kind (a source,
# shown in every footnote citing it; an actor's or theme's name) re-renders every page.
LISTED = frozenset({"events", "arms-deals", "sanctions-statements", "polls"})
# Pages that count or summarise entries without naming each: rendered on every build.
ALWAYS = frozenset({"timeline.md", "changes.md", "corrections.md"})


@dataclass
class Rendered:
    """The generated pages of one build, with what decides whether the next build may reuse them."""

    key: tuple[Any, ...]  # what every generated page may show: settings, version, templates, the lists' periods
    entries: dict[str, Entry]  # by id: an unchanged file gives the very same object (dataset.EntryMemo)
    places: dict[str, tuple[str, str | None, str]]  # entry id -> (page, anchor, title): what a link to it shows
    uncommitted: frozenset[str]  # ids of entries with uncommitted changes (shown on their rows)
    index: Index
    pages: dict[str, str]

    @classmethod
    def of(cls, site: Site, pages: dict[str, str]) -> Rendered:
        index, history = site.index, site.versions.history
        periods = [
            *index.timeline,
            *index.contested,
            *(p for parts in [*index.parts.values(), *index.splits.values()] for p in parts),
        ]
        key = (
            site.renderer.directory_urls,
            site.publication,
            site.versions.repo,
            history.available,
            history.head,
            tree_status(TEMPLATES),
            tuple((p.slug, p.label, len(p.entries)) for p in periods),
        )
        uncommitted = frozenset(
            k.rpartition("/")[2].removesuffix(".yml") for k, f in history.files.items() if f.uncommitted
        )
        return cls(
            key=key,
            entries={e.id: e for e in site.dataset.all()},
            places={i: (v.page, v.anchor, v.title) for i, v in index.views.items()},
            uncommitted=uncommitted,
            index=index,
            pages=pages,
        )

    def outdated(self, now: Rendered, jobs: Iterable[str]) -> set[str] | None:
        """The pages of now's build that may differ from this build's, or None: all of them. Entries that
        changed (a different object: their file changed), were added or deleted must all be listed kinds, and
        no other entry may have moved or been retitled, else every page is outdated. Then a page is outdated
        when it always is (ALWAYS, a folder's index), when it shows a changed entry now (the entry's page, its
        themes', actors' and sources' pages, its kind's list, a reader table or Contested points listing it),
        or when it named one before (a link or an anchor holds the entry's id)."""
        jobs = list(jobs)
        if now.key != self.key or set(jobs) != set(self.pages):
            return None
        changed = {i for i in self.entries.keys() | now.entries.keys() if self.entries.get(i) is not now.entries.get(i)}
        kinds = {i: e.kind for i, e in [*self.entries.items(), *now.entries.items()]}
        if any(kinds[i] not in LISTED for i in changed):
            return None
        if any(
            now.places.get(i) != self.places.get(i) for i in now.places.keys() | self.places.keys() if i not in changed
        ):
            return None
        if (now.uncommitted ^ self.uncommitted) - changed:  # a commit, a checkout: dates on other rows
            return None
        stale = {p for p in jobs if p in ALWAYS or p.endswith("/index.md")}
        for i in changed:
            if i in now.entries:
                stale |= _showing(now.index, now.entries[i])
        # As written on a page: in an anchor or a raw HTML link, or Markdown-escaped in a Markdown link.
        forms = {form for i in changed for form in (i, str(md_escape(i)))}
        for path in jobs:
            if path not in stale and any(form in self.pages[path] for form in forms):
                stale.add(path)
        return stale


def _showing(index: Index, entry: Entry) -> set[str]:
    """The pages that show entry: its own, its kind's list, its themes', actors' and sources' pages, the reader
    tables and Contested points listing it."""
    view = index.view(entry)
    pages = {view.page, *(d.page for d in view.disputes), *(t.page for t in index.tables_for([entry]))}
    shared = KINDS[entry.kind].shared_page
    if shared:
        pages.add(shared)
    cited = index.sources_of_entry.get(entry.id, [])
    for ref in [*(view.themes or []), *view.actor_ids, *cited, *_document_actors(index, cited)]:
        other = index.get(ref)
        if other is not None:
            pages.add(index.view(other).page)
    for page in list(pages):  # a page split by period (Index.splits): its periods' pages too
        pages |= {p.page(page.removesuffix(".md")) for p in index.splits.get(page, [])}
    return pages


def _document_actors(index: Index, source_ids: Iterable[str]) -> set[str]:
    """The actors whose pages list the entries citing these sources: each source's publisher (publisher_actor)
    and the actors in its provenance chain (Index.documents_of)."""
    out = set()
    for sid in set(source_ids):
        source = index.dataset.of("sources").get(sid)
        if source is None:
            continue
        if source.publisher_actor:
            out.add(source.publisher_actor)
        out |= {link.entry.id for link in index.source_view(source).chain if link.entry and link.entry.kind == "actors"}
    return out


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the session: MkDocs makes a new theme environment for every rebuild,
    which compiled Material's templates again each time. Each is keyed by its source's checksum (Jinja's own
    check), so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


def tree_status(folder: str | Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under folder with its size and modification time: changes when any file there changes."""
    out = []
    for base, _, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(base, name))
            out.append((os.path.join(base, name), st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def outdate(path: str | Path) -> None:
    """Make a built file older than any source, so that a dirty build writes it again."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(path, (0, 0))


def prune(site_dir: str | Path, keep: Iterable[str | Path]) -> list[str]:
    """Delete the files under site_dir that this build did not make (a clean build would not have them), then
    the folders left empty. Returns the deleted files, relative to site_dir."""
    root = Path(site_dir)
    keep = {os.path.normpath(p) for p in keep}
    deleted = []
    for folder, _, names in os.walk(root, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.normpath(path) not in keep:
                os.unlink(path)
                deleted.append(Path(path).relative_to(root).as_posix())
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)
    return sorted(deleted)


# ---- the session
_session: Preview | None = None


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that its navigation and links may be wrong; a preview's are not (the
    pages that show what changed are rebuilt, tests/test_preview.py), so the warning is left out."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


_NOTICE = _DirtyNotice()
BUILD_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")


def start(serving: bool, dirty: bool) -> Preview | None:
    """A new session when serving (`mkdocs serve`; incremental with --dirty), None for a build."""
    global _session
    if _session is not None:
        _session.close()
    _session = Preview(incremental=dirty) if serving else None
    for name in BUILD_LOGGERS:
        if _session is not None and _session.incremental:
            logging.getLogger(name).addFilter(_NOTICE)
        else:
            logging.getLogger(name).removeFilter(_NOTICE)
    return _session


def session() -> Preview | None:
    return _session


def stop() -> None:
    start(False, False)


# ---- change detection
class _Server(Protocol):
    """What watch_natively uses of MkDocs' LiveReloadServer."""

    observer: Any
    _watched_paths: dict[str, int]

    def watch(self, path: str) -> None: ...
    def unwatch(self, path: str) -> None: ...


def watch_natively(server: _Server, later: Iterable[str] = ()) -> str:
    """Have the server learn of changes from the system (inotify on Linux, FSEvents, ReadDirectoryChangesW)
    instead of MkDocs' polling every half second, for the paths it watches so far and those it will watch
    (later: the configuration's `watch`). REFSITE_POLL=1 keeps the polling (a network folder may send no
    notifications), and so does a system that refuses the watches. Returns the observer's name."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    paths = dict(getattr(server, "_watched_paths", {}))
    if os.environ.get("REFSITE_POLL") == "1" or Observer is PollingObserver or not paths or server.observer.is_alive():
        return type(server.observer).__name__
    trial = Observer()
    try:  # the watches are made when an observer starts, where a failure would stop the server
        for path in {*paths, *(os.path.abspath(p) for p in later)}:
            trial.schedule(FileSystemEventHandler(), path, recursive=True)
        trial.start()
    except OSError as exc:  # no inotify, too many watches …
        log.info("refsite: file notifications unavailable (%s); polling for changes", exc)
        return type(server.observer).__name__
    finally:
        if trial.is_alive():
            trial.stop()
            trial.join()
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Observer()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    return type(server.observer).__name__
