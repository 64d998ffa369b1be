"""'Cite this': a ready citation (APA-style text and BibTeX) for every entry and every page.

A citation names the site as author, a date (an entry's: the day its file last changed, from git through
refsite/history.py; a page's or the data's: the data version, the latest commit that changed data/; "n.d." when
the site was built without history, as APA writes an undated work),
the title, what the thing is, and its permalink. Permalinks are absolute only when the site's address is
configured (MkDocs' site_url); otherwise they are site-relative paths, never a guessed address.

Rendering is in templates/_cite.md.j2 and cite_page.md.j2; this module only computes the values, and
escapes BibTeX (which is neither Markdown nor HTML: the template HTML-escapes the result again).
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import re

from .history import Versions
from .index import Index
from .markup import one_line, plain
from .models import Entry
from .publication import LICENCE, Publication, apa_date

_MONTH_ABBR = ["", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_NOUNS = {"Web page": "page", "Dataset": "dataset"}  # what "Cite this …" names, by label; any other: "entry"
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class Reference:
    publication: Publication
    title: str
    label: str  # what it is: "Timeline event", "Web page" …
    url: str
    ident: str  # what the BibTeX key is made of (bibtex_key): the entry's id, 'page-…' or 'data'
    target: str = ""  # the page (and anchor) cited, 'timeline.md#x': for a link relative to the citing page
    date: dt.date | None = None  # an entry's last change; a page's (or the data's) the data version

    @property
    def apa_date(self) -> str:
        """'2026, December 3', or 'n.d.' without a date."""
        return apa_date(self.date)

    @property
    def absolute(self) -> bool:
        """Whether url is a full address (the site's address is configured), not a path on the site."""
        return self.publication.url is not None

    @property
    def key(self) -> str:
        """The BibTeX key, made only for the BibTeX (an entry's "Cite" shows APA only)."""
        return bibtex_key(self.ident)

    @property
    def noun(self) -> str:
        return _NOUNS.get(self.label, "entry")

    @property
    def bibtex(self) -> str:
        pub = self.publication
        fields = [
            ("author", "{" + bibtex_escape(pub.name) + "}"),  # double braces: a corporate author, not "Last, First"
            ("title", bibtex_escape(self.title)),
            ("howpublished", bibtex_escape(f"{self.label}, {pub.name}")),
        ]
        if self.date:
            fields += [("year", str(self.date.year)), ("month", _MONTH_ABBR[self.date.month])]
        fields += [("url", self.url.replace("{", "%7B").replace("}", "%7D"))]
        note = f"Data version {pub.version_iso}" if pub.version_date else "Unversioned data"
        fields += [("note", bibtex_escape(f"{note}. Licence: {LICENCE}"))]
        lines = [f"@misc{{{self.key},"]
        for name, value in fields:
            value = value if name == "month" else "{" + value + "}"
            lines.append(f"  {name:<12} = {value},")
        lines.append("}")
        return "\n".join(lines)


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in one_line(text))


def bibtex_key(ident: str) -> str:
    return "srr:" + (re.sub(r"[^A-Za-z0-9-]+", "-", ident).strip("-") or "home")


class Citer:
    """Citations for the templates: cite.entry(e), cite.page(path, title)."""

    def __init__(self, index: Index, publication: Publication | None = None, versions: Versions | None = None):
        self.index = index
        self.publication = publication or Publication()
        self.versions = versions

    def entry(self, entry: Entry) -> Reference:
        view = self.index.view(entry)
        return Reference(
            self.publication,
            plain(view.title),
            view.kind.cite_label,
            self.publication.permalink(view.url),
            entry.id,
            view.url,
            self.entry_date(entry),
        )

    def entry_date(self, entry: Entry) -> dt.date | None:
        """The day the entry's file last changed (reader review O5: every entry was dated by the data version);
        the data version when git does not say (no history, or changes not yet committed)."""
        history = self.versions.of(entry) if self.versions is not None else None
        if history is not None and history.changed is not None and not history.uncommitted:
            return history.changed.date
        return self.publication.version_date

    def page(self, md_path: str, title: str | None) -> Reference:
        """The citation of a whole page; for an actor's, source's or theme's page, that entry's citation."""
        entry = self._entry_of_page(md_path)
        if entry is not None:
            return self.entry(entry)
        key = md_path.removesuffix(".md").removesuffix("index").strip("/") or "home"
        return Reference(
            self.publication,
            plain(title or self.publication.name),
            "Web page",
            self.publication.permalink(md_path),
            "page-" + key,
            md_path,
            self.publication.version_date,
        )

    def dataset(self) -> Reference:
        """The citation of the data as a whole (the Data page)."""
        return Reference(
            self.publication,
            f"{self.publication.name}: data",
            "Dataset",
            self.publication.permalink("data.md"),
            "data",
            "data.md",
            self.publication.version_date,
        )

    def _entry_of_page(self, md_path: str) -> Entry | None:
        """The live entry whose own page md_path is ('actors/x.md'), if any."""
        folder, _, name = md_path.removesuffix(".md").partition("/")
        view = self.index.views.get(name)
        if view is not None and view.kind.folder == folder and view.page == md_path:
            return view.entry
        return None
