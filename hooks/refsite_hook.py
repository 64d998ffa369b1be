"""MkDocs hook: a thin adapter between MkDocs 1.6 and the refsite pipeline.

All work happens in the refsite package, which never imports MkDocs; this file talks only to
`refsite.site.Site`: it hands data errors to MkDocs' log, adds the generated pages and files as virtual
files, has each page's Markdown finished (shortcodes expanded in hand-written pages, "Cite this page"
appended) and the search index extended after the build.
Data is loaded inside build events, never at import time, so `mkdocs serve` sees every edit. While serving, a data
error does not stop the build: every page shows the errors instead (`refsite.serve_errors`), so the browser says
what is wrong and reloads with the site after the next good save; `mkdocs build` fails as before.
"""

from __future__ import annotations

import gc
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
from refsite.serve_errors import error_html, error_markdown, error_pages
from refsite.site import Site

log = logging.getLogger("mkdocs.refsite")


class _Build:
    """State of the current build only; replaced at the start of every build."""

    site: Site | None = None
    errors: DataErrors | None = None  # while serving: the data's errors, shown on every page


# MkDocs re-imports this file for every rebuild while serving; the environment outlives the reloads.
SERVING = "REFSITE_MKDOCS_SERVING"


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    os.environ[SERVING] = "1" if command == "serve" else ""


_build = _Build()


def _fail(exc: DataErrors) -> PluginError:
    for err in exc.errors:
        log.error(str(err))
    return PluginError(exc.summary())


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    _build.site, _build.errors = None, None
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
    try:
        # Edit/history links need the repository's address: configuration (extra.repo_url), never guessed.
        site = Site(
            data_dir,
            repo_url=extra.get("repo_url"),
            repo_branch=extra.get("repo_branch"),
            site_name=config.site_name,
            site_url=config.site_url,  # for citations and downloads
            directory_urls=config.use_directory_urls,  # footnotes are raw HTML: MkDocs does not rewrite them
        )
        pages = site.pages()
        texts_note = site.check_texts()  # quotes at their locators … where the texts folder is
    except DataErrors as exc:
        if os.environ.get(SERVING) != "1":
            raise _fail(exc) from None
        _fail(exc)  # the terminal lists them; the browser shows them (on_page_markdown, on_post_build)
        _build.errors = exc
        for src_uri, content in error_pages(exc.errors, (f.src_uri for f in files)).items():
            files.append(File.generated(config, src_uri, content=content))
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
    for src_uri, content in site.files().items():  # the JSON Schemas, downloads and charts
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, content in pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} clashes with a generated page of the same name; rename it")
        inclusion = InclusionLevel.UNDEFINED if site.in_nav(src_uri) else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
    return files


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


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    if _build.errors is not None:  # any other address (an entry's page) is served this "not found" page
        (Path(config.site_dir) / "404.html").write_text(error_html(_build.errors.errors), encoding="utf-8")
    if _build.site is not None:
        _build.site.extend_search_index(Path(config.site_dir) / "search" / "search_index.json")
