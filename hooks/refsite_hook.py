"""MkDocs hook: a thin adapter between MkDocs 1.6 and the refsite pipeline.

All work happens in the refsite package, which never imports MkDocs; this file talks only to
`refsite.site.Site`: it hands data errors to MkDocs' log, adds the generated pages and files as virtual
files, has each page's Markdown finished (shortcodes expanded in hand-written pages, "Cite this page"
appended) and the search index extended after the build.
Data is loaded inside build events, never at import time, so `mkdocs serve` sees every edit. While serving, a data
error does not stop the build: every page shows the errors instead (`refsite.serve_errors`), so the browser says
what is wrong and reloads with the site after the next good save; `mkdocs build` fails as before.
`make serve` runs `mkdocs serve --dirty`: then `refsite.preview` keeps what a rebuild can reuse (unchanged entries,
the generated files as MkDocs last read them, each page's search entries), and MkDocs re-renders only the pages
an edit changed; the hook hands it MkDocs' files, pages and search entries (see refsite/preview.py).
"""

from __future__ import annotations

from collections.abc import Iterable
import gc
import json
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

# refsite is installed in the environment (`pip install -e .`, which `make` runs).
from refsite.errors import DataErrors
import refsite.preview as preview
from refsite.serve_errors import error_html, error_markdown, error_pages
from refsite.site import Site

log = logging.getLogger("mkdocs.refsite")


class _Build:
    """State of the current build only; replaced at the start of every build."""

    site: Site | None = None
    errors: DataErrors | None = None  # while serving: the data's errors, shown on every page
    files: Files | None = None  # while previewing: every file of the build, for what a clean build would write


# MkDocs re-imports this file for every rebuild while serving; the environment outlives the reloads.
SERVING = "REFSITE_MKDOCS_SERVING"


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    os.environ[SERVING] = "1" if command == "serve" else ""
    preview.start(serving=command == "serve", dirty=dirty)


def on_shutdown(**kwargs: Any) -> None:
    preview.stop()


def on_serve(server: Any, config: MkDocsConfig, **kwargs: Any) -> Any:
    log.info("refsite: watching for changes with %s", preview.watch_natively(server, later=config.watch))
    return server


_build = _Build()


def _fail(exc: DataErrors) -> PluginError:
    for err in exc.errors:
        log.error(str(err))
    return PluginError(exc.summary())


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    _build.site, _build.errors, _build.files = None, None, None
    gc.unfreeze()  # while serving, the previous build's data may be collected again (frozen in on_files)


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    # The pipeline makes millions of objects and frees few: the garbage collector's passes over them cost more
    # than the pipeline's own work (issue 23). It rests while the pipeline runs; then what the build keeps (the
    # data, the index, the pages) is frozen, so that collections during MkDocs' page build skip it.
    gc.disable()
    try:
        return _add_files(files, config)
    finally:
        gc.enable()
        gc.freeze()


def _add_files(files: Files, config: MkDocsConfig) -> Files:
    data_dir = Path(config.config_file_path).resolve().parent / "data"
    extra: dict[str, Any] = dict(config.extra or {})
    session = preview.session()
    incremental = session if session is not None and session.incremental else None
    try:
        # Edit/history links need the repository's address: configuration (extra.repo_url), never guessed.
        site = Site(
            data_dir,
            repo_url=extra.get("repo_url"),
            repo_branch=extra.get("repo_branch"),
            site_name=config.site_name,
            site_url=config.site_url,  # for citations and downloads
            directory_urls=config.use_directory_urls,  # footnotes are raw HTML: MkDocs does not rewrite them
            memo=session.memo if session is not None else None,  # serving: unchanged entries are not read again
        )
        pages = site.pages() if session is None else session.pages(site)  # serving: what changed is rendered
        texts_note = site.check_texts()  # quotes at their locators … where the texts folder is
    except DataErrors as exc:
        if os.environ.get(SERVING) != "1":
            raise _fail(exc) from None
        _fail(exc)  # the terminal lists them; the browser shows them (on_page_markdown, on_post_build)
        _build.errors = exc
        for src_uri, error_page in error_pages(exc.errors, (f.src_uri for f in files)).items():
            files.append(File.generated(config, src_uri, content=error_page))
        if incremental is not None:  # every page shows the errors now, and the site again after the next save
            incremental.begin(None)
            _outdate_pages(files.documentation_pages())
            _build.files = files
        return files
    if texts_note:
        log.info("refsite: %s", texts_note)
    _build.site = site
    if site.history_note:
        log.info("refsite: %s; entries show no dates", site.history_note)
    if not config.site_url:  # never a guessed address: the published build sets SITE_URL (mkdocs.yml)
        log.info("refsite: no SITE_URL; links are relative and citations give each page's path")
    # The footer shows the data version (config.copyright is reloaded with the config on every build).
    config.copyright = f"{config.copyright or ''} {site.footer_html()}".strip()
    generated = {**site.files(), **pages}  # the JSON Schemas, downloads and charts; the pages
    for src_uri, content in generated.items():
        if src_uri in pages and files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} clashes with a generated page of the same name; rename it")
        inclusion = (
            InclusionLevel.NOT_IN_NAV if src_uri in pages and not site.in_nav(src_uri) else InclusionLevel.UNDEFINED
        )
        if incremental is None:
            files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        else:  # from a file rewritten only when changed: MkDocs' dirty build skips what is older than its output
            path = incremental.source(src_uri, content)
            files.append(File.generated(config, src_uri, abs_src_path=path, inclusion=inclusion))
    if incremental is not None:
        incremental.forget_sources(generated)
        _outdate_changed(incremental, site, files, config)
        _build.files = files
    return files


def _outdate_changed(session: preview.Preview, site: Site, files: Files, config: MkDocsConfig) -> None:
    """Previewing: have the dirty build re-render every page when what all pages show has changed, and a
    hand-written page whose shortcodes now expand differently."""
    pages = files.documentation_pages()
    theme_dir = config.theme.custom_dir
    key = (
        config.copyright,
        Path(config.config_file_path).read_bytes(),
        tuple(sorted(f.src_uri for f in pages)),
        preview.tree_status(theme_dir) if theme_dir else None,
    )
    everything = session.begin(key)
    for f in pages:
        if f.generated_by or f.abs_src_path is None:
            continue
        try:
            changed = session.changed(f.src_uri, site.page_markdown(f.content_string, f.src_uri, None, True))
        except DataErrors:
            changed = True  # on_page_markdown reports it
        if changed and not everything:
            preview.outdate(f.abs_dest_path)
    if everything:
        _outdate_pages(pages)


def _outdate_pages(pages: Iterable[File]) -> None:
    for f in pages:
        preview.outdate(f.abs_dest_path)


def on_env(env: Any, config: MkDocsConfig, **kwargs: Any) -> Any:
    session = preview.session()
    if session is not None:  # serving: the theme's templates are compiled once, not on every rebuild
        env.bytecode_cache = session.theme_bytecode
    return env


def on_page_context(context: Any, page: Page, config: MkDocsConfig, **kwargs: Any) -> Any:
    session = preview.session()
    search: Any = config.plugins.get("material/search")
    if session is not None and session.incremental and search is not None:  # after Material's search indexed it
        session.page_indexed(page.url, search.search_index.entries)
    return context


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any) -> str:
    if _build.errors is not None:
        return error_markdown(_build.errors.errors)
    if _build.site is None:
        return markdown
    try:
        return _build.site.page_markdown(
            markdown, page.file.src_uri, page.meta.get("title") or page.title, hand_written=not page.file.generated_by
        )
    except DataErrors as exc:
        raise _fail(exc) from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any) -> str:
    return Site.page_html(html)  # before Material's search plugin reads it (on_page_context)


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    if _build.errors is not None:  # any other address (an entry's page) is served this "not found" page
        (Path(config.site_dir) / "404.html").write_text(error_html(_build.errors.errors), encoding="utf-8")
    session = preview.session()
    if session is not None and session.incremental and _build.files is not None:
        _finish_preview(session, _build.files, config, _build.site)
    elif _build.site is not None:
        _build.site.extend_search_index(Path(config.site_dir) / "search" / "search_index.json")


def _finish_preview(session: preview.Preview, files: Files, config: MkDocsConfig, site: Site | None) -> None:
    """Previewing: the search index of every page, not only of the pages this dirty build rendered (extended
    as extend_search_index does); and no file that a clean build would not write (a deleted entry's page)."""
    pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    urls = [f.page.url if f.page is not None else f.url for f in pages]
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    search: Any = config.plugins.get("material/search")
    if search is not None:
        index = search.search_index
        if site is None:  # a build that shows data errors: Material's index, as a full build writes it then
            index.entries = session.search_docs(urls)
            index_file.write_text(index.generate_search_index(None), encoding="utf-8")
        else:
            index.entries = []
            material_config = json.loads(index.generate_search_index(None))["config"]
            index_file.write_bytes(session.search_index(material_config, urls, site.extend_search, site.search_key()))
    keep = [f.abs_dest_path for f in files if f.inclusion.is_in_serve()]  # type: ignore[no-untyped-call]
    keep += [os.path.join(config.site_dir, name) for name in config.theme.static_templates]
    keep += [os.path.join(config.site_dir, "sitemap.xml.gz"), str(index_file)]
    deleted = preview.prune(config.site_dir, keep)
    log.info(
        "refsite: preview rendered %d of %d generated pages and rebuilt %d of %d pages%s",
        len(session.rerendered),
        len(session.rendered.pages) if session.rendered is not None else 0,
        len(session.rebuilt),
        len(pages),
        f"; deleted {', '.join(deleted)}" if deleted else "",
    )
