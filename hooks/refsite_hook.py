"""MkDocs hook: a thin adapter between MkDocs 1.6 and the refsite pipeline.

All work happens in the refsite package, which never imports MkDocs; this file only hands data errors
to MkDocs' log, adds the generated pages and files as virtual files, expands shortcodes in hand-written
pages, appends each page's "Cite this page" block and extends the search index after the build.
Data is loaded inside build events, never at import time, so `mkdocs serve` sees every edit.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

# refsite is installed in the environment (`pip install -e .`, which `make` runs): no sys.path edit.
from refsite import search, shortcodes, source_texts
from refsite.errors import DataErrors
from refsite.site import Site

log = logging.getLogger("mkdocs.refsite")


class _Build:
    """State of the current build only; replaced at the start of every build."""

    site: Site | None = None


_build = _Build()


def _fail(exc: DataErrors) -> PluginError:
    for err in exc.errors:
        log.error(str(err))
    return PluginError(exc.summary())


def on_pre_build(config, **kwargs):
    _build.site = None


def on_files(files, config, **kwargs):
    data_dir = Path(config.config_file_path).resolve().parent / "data"
    extra = config.extra or {}
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
        checks = source_texts.checks_where_texts_are(site.dataset, site.index)  # quotes at their locators …
        if checks is not None and checks.errors:
            raise DataErrors(checks.errors)
    except DataErrors as exc:
        raise _fail(exc) from None
    if checks is None:
        log.info("refsite: texts folder %s not found; quotes were not checked against it", source_texts.texts_dir())
    _build.site = site
    if not site.versions.history.available:
        log.info("refsite: %s; entries show no dates", site.versions.history.reason)
    if not config.site_url:  # never a guessed address: the published build sets SITE_URL (mkdocs.yml)
        log.info("refsite: no SITE_URL; links are relative and citations give each page's path")
    # The footer shows the data version (config.copyright is reloaded with the config on every build).
    config.copyright = f"{config.copyright or ''} {site.footer_html()}".strip()
    for src_uri, content in site.files().items():  # the JSON Schemas, published beside the pages
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, content in pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} clashes with a generated page of the same name; rename it")
        # Per-entity pages are reached from index pages, not the nav (a nav of every page is quadratic).
        in_nav = src_uri.count("/") == 0 or src_uri.endswith("/index.md")
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    if _build.site is None:
        return markdown
    if not page.file.generated_by and "<!--" in markdown:
        try:
            markdown = shortcodes.expand(markdown, page.file.src_uri, _build.site.renderer, f"docs/{page.file.src_uri}")
        except DataErrors as exc:
            raise _fail(exc) from None
    # Every page ends with "Cite this page" (refsite/cite.py).
    citation = _build.site.renderer.page_citation(page.file.src_uri, page.meta.get("title") or page.title)
    return markdown.rstrip("\n") + "\n\n" + citation


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config, **kwargs):
    if _build.site is not None:
        # Searches typed without diacritics, in another script or with an alias (refsite/search.py).
        search.extend_index_file(
            Path(config.site_dir) / "search" / "search_index.json", _build.site.dataset.of("actors").values()
        )
