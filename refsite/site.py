"""The whole pipeline in one object, with no MkDocs: data/ -> validated dataset -> index -> outputs.

`Site` assembles one build (dataset, index, versions, publication, charts, citations, downloads and the
renderer that prints them) and is the only thing the MkDocs hook and `refsite pages` talk to. `Site.export`
writes everything a build publishes to a folder; the hook hands MkDocs the same pages and files, one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
import shutil
from typing import Any

import yaml

from . import search, shortcodes, source_texts
from .charts import Charts
from .cite import Citer
from .dataset import Dataset, EntryMemo, load_dataset
from .downloads import Downloads
from .errors import DataErrors
from .history import Repository, Versions
from .index import CONTESTED_DIR, KINDS, LIST_PARTS, TABLES, TIMELINE_DIR, Index, build_index, built_path
from .publication import Publication
from .render import Renderer
from .schema import schema_files

# Search ranking by where a result is (Site.search_boosts): Material multiplies a document's score by its boost.
ANSWER_BOOST = 3.0
ENTITY_BOOST = 1.5
SOURCE_BOOST = 0.3
BACKGROUND_BOOST = 0.5


class Site:
    """Everything one build needs, made fresh per build (while previewing, an entry whose file is unchanged comes
    from the previous build: refsite/preview.py)."""

    def __init__(
        self,
        data_dir: Path | str,
        repo_url: str | None = None,
        repo_branch: str | None = None,
        use_git: bool = True,
        site_name: str | None = None,
        site_url: str | None = None,  # the site's configured address (MkDocs' site_url), for permalinks
        directory_urls: bool = True,  # MkDocs' use_directory_urls
        memo: EntryMemo | None = None,  # entries kept from the previous build while previewing (refsite/preview.py)
    ):
        dataset = load_dataset(data_dir, memo=memo)
        # Git history of data/ (one `git log`) and the repository for edit/history links (configuration).
        versions = Versions.load(data_dir, Repository.from_settings(repo_url, repo_branch), use_git)
        # The site as a publication (name, configured address, data version): for citations and downloads.
        publication = Publication.from_settings(site_name, site_url, versions)
        self._assemble(dataset, build_index(dataset), versions, publication, directory_urls)

    @classmethod
    def of_index(
        cls,
        index: Index,
        versions: Versions | None = None,
        publication: Publication | None = None,
        directory_urls: bool = True,
    ) -> Site:
        """A site over an index already built (tests; no git history unless given)."""
        site = cls.__new__(cls)
        versions = versions or Versions()
        publication = publication or Publication.from_settings(None, None, versions)
        site._assemble(index.dataset, index, versions, publication, directory_urls)
        return site

    def _assemble(
        self, dataset: Dataset, index: Index, versions: Versions, publication: Publication, directory_urls: bool
    ) -> None:
        self.dataset = dataset
        self.index = index
        self.versions = versions
        self.publication = publication
        # Readers' features: charts drawn at build time, "Cite this", downloads (charts/cite/downloads.py).
        self.charts = Charts(index)
        self.citer = Citer(index, publication, versions)
        self.downloads = Downloads(index, versions, publication)
        self.renderer = Renderer(
            index,
            versions=versions,
            charts=self.charts,
            citer=self.citer,
            downloads=self.downloads,
            directory_urls=directory_urls,
        )

    # ---- what a build publishes
    def pages(self) -> dict[str, str]:
        """The generated Markdown pages, by path under docs/ (before "Cite this page" is appended)."""
        return self.renderer.pages()

    def files(self) -> dict[str, str | bytes]:
        """Generated files that are not pages: the JSON Schemas of the entry files, the downloads and feed (as
        bytes: encoded once, for the Data page's sizes too), and the charts' SVG files."""
        return {
            **schema_files(),
            **{d.path: d.data for d in self.downloads.files()},
            **self.charts.files(),
            **self.renderer.moved_entries(),
        }

    def page_markdown(self, markdown: str, src_uri: str, title: str | None, hand_written: bool) -> str:
        """A page's Markdown as published: a hand-written page's shortcodes expanded, and every page ending
        with "Cite this page" (refsite/cite.py). Raises DataErrors for an unknown shortcode."""
        if hand_written and "<!--" in markdown:
            markdown = shortcodes.expand(markdown, src_uri, self.renderer, f"docs/{src_uri}")
        return markdown.rstrip("\n") + "\n\n" + self.renderer.page_citation(src_uri, title)

    @staticmethod
    def in_nav(src_uri: str) -> bool:
        """Whether a generated page belongs in the navigation: the list pages; an entry's own page (an
        actor's, a source's, a theme's) is reached from its list page (a nav of every page is quadratic)."""
        folder, _, name = src_uri.rpartition("/")
        # The Timeline's periods, list pages' parts and Contested points' periods too, and the pages by period of
        # a reader table, a theme, an actor or a source (themes/x/2020s.md; refsite/periods.py)
        own_dirs = {k.own_dir for k in KINDS.values() if k.own_dir} | {TIMELINE_DIR, CONTESTED_DIR, *LIST_PARTS}
        own_dirs |= {t.page.removesuffix(".md") for t in TABLES}
        return not folder or folder.partition("/")[0] not in own_dirs or name == "index.md"

    def export(self, out: Path | str, docs: Path | str | None = None) -> list[str]:
        """Write everything the build publishes as source to out: the generated pages and files, and the
        hand-written pages of docs/ (shortcodes expanded) with the other files there, every page with "Cite
        this page". Returns the paths written, relative to out."""
        out = Path(out)
        written = []
        for rel, content in self._published(Path(docs) if docs is not None else None):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
            written.append(rel)
        return written

    def _published(self, docs: Path | None) -> Iterator[tuple[str, str | bytes | Path]]:
        for rel, text in self.pages().items():
            yield rel, self.page_markdown(text, rel, page_title(text, rel), hand_written=False)
        yield from self.files().items()
        if docs is None or not docs.is_dir():
            return
        for path in sorted(p for p in docs.rglob("*") if p.is_file()):
            rel = path.relative_to(docs).as_posix()
            if path.suffix == ".md":
                text = path.read_text(encoding="utf-8")
                yield rel, self.page_markdown(text, rel, page_title(text, rel), hand_written=True)
            else:
                yield rel, path

    # ---- for the MkDocs hook
    def footer_html(self) -> str:
        """The data version (date and short commit) as HTML, for the footer."""
        return self.renderer.render_template("footer_data_version.html.j2").strip()

    def check_texts(self) -> str | None:
        """The checks against the sources' texts where the texts folder is (quotes at their locators …):
        raises DataErrors; without the folder, a note saying what was not checked."""
        checks = source_texts.checks_where_texts_are(self.dataset, self.index)
        if checks is None:
            return f"texts folder {source_texts.texts_dir()} not found; quotes were not checked against it"
        if checks.errors:
            raise DataErrors(checks.errors)
        return None

    @property
    def history_note(self) -> str | None:
        """Why entries show no dates (no git history), or None."""
        history = self.versions.history
        return None if history.available else history.reason

    @staticmethod
    def page_html(html: str) -> str:
        """A page's HTML as MkDocs wrote it, with words kept apart for the search index and tables' column
        headings out of it (search.page_html)."""
        return search.page_html(html)

    def extend_search_index(self, index_file: Path | str) -> None:
        """Searches typed without diacritics, in another script or with an alias, answers ranked above the
        source pages that back them (refsite/search.py)."""
        search.extend_index_file(index_file, self.dataset.of("actors").values(), self.search_boosts())

    def extend_search(self, index: dict[str, Any]) -> dict[str, Any]:
        """extend_search_index on a parsed index (in place); each page's documents are extended on their own,
        so the preview extends only the pages it rebuilt (refsite/preview.py)."""
        return search.extend_index(index, self.dataset.of("actors").values(), self.search_boosts())

    def search_key(self) -> tuple[object, ...]:
        """What extend_search reads besides the index: the actors' spellings and the boosts."""
        return tuple(search.name_groups(self.dataset.of("actors").values())), tuple(
            sorted(self.search_boosts().items())
        )

    def search_boosts(self) -> dict[str, float]:
        """Search ranking by where a result is (location prefix -> boost): the pages that answer (home's At a
        glance, the lists of entries, the reader tables) first, themes and actors next, source pages last:
        they list the claims that cite them, which the answers already hold."""
        urls = self.renderer.directory_urls
        boosts = {"": ANSWER_BOOST}
        for kind in KINDS.values():
            if kind.shared_page:
                boosts[built_path(kind.shared_page, urls)] = ANSWER_BOOST
            elif kind.own_dir:
                boosts[f"{kind.own_dir}/"] = SOURCE_BOOST if kind.folder == "sources" else ENTITY_BOOST
        for table in TABLES:
            boosts[built_path(table.page, urls)] = ANSWER_BOOST
        boosts[built_path("contested.md", urls)] = ANSWER_BOOST
        boosts[built_path("changes.md", urls)] = BACKGROUND_BOOST  # maintainers.md is out of the index
        return boosts


def page_title(markdown: str, src_uri: str) -> str:
    """The title MkDocs gives a page: its front matter's title, its first line if that is a '# ' heading,
    else its file name ('Home' for the home page)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---", 4)
        meta = yaml.safe_load(markdown[4:end]) if end > 0 else None
        if isinstance(meta, dict) and meta.get("title"):
            return str(meta["title"])
        markdown = markdown[end + 4 :] if end > 0 else markdown
    first = next((line.strip() for line in markdown.splitlines() if line.strip()), "")
    if first.startswith("# "):
        return first.lstrip("# ")
    if src_uri == "index.md":
        return "Home"
    name = src_uri.rpartition("/")[2].removesuffix(".md")
    if name == "index":
        name = src_uri.rpartition("/")[0].rpartition("/")[2] or name
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title
