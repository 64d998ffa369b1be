"""The whole pipeline in one call, with no MkDocs: data/ -> validated dataset -> index -> pages."""

from __future__ import annotations

from pathlib import Path

from .cite import Publication
from .dataset import load_dataset
from .history import Repository, Versions
from .index import Index, build_index
from .render import Renderer
from .schema import schema_files


class Site:
    """Everything one build needs, made fresh per build (never cached across builds)."""

    def __init__(
        self,
        data_dir: Path | str,
        repo_url: str | None = None,
        repo_branch: str | None = None,
        use_git: bool = True,
        site_name: str | None = None,
        site_url: str | None = None,
        directory_urls: bool = True,  # MkDocs' use_directory_urls
    ):
        self.dataset = load_dataset(data_dir)
        self.index: Index = build_index(self.dataset)
        # Git history of data/ (one `git log`) and the repository for edit/history links (configuration).
        self.versions = Versions.load(data_dir, Repository.from_settings(repo_url, repo_branch), use_git)
        # The site as a publication (name, configured address, data version): for citations and downloads.
        self.publication = Publication.from_settings(site_name, site_url, self.versions)
        self.renderer = Renderer(self.index, self.versions, self.publication, directory_urls)

    def pages(self) -> dict[str, str]:
        return self.renderer.pages()

    def files(self) -> dict[str, str]:
        """Generated files that are not pages: the JSON Schemas of the entry files, the downloads and feed,
        and the charts' SVG files."""
        return {**schema_files(), **self.renderer.downloads.contents(), **self.renderer.charts.files()}

    def footer_html(self) -> str:
        """The data version (date and short commit) as HTML, for the footer."""
        return self.renderer.env.get_template("footer_data_version.html.j2").render().strip()


def generate_pages(data_dir: Path | str) -> dict[str, str]:
    return Site(data_dir).pages()
