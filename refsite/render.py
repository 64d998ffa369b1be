"""Stage 4: render Markdown pages from the index with Jinja2 templates.

Every value printed by a template is escaped for Markdown and HTML (see markup.py) unless a helper
returned Markup on purpose. Citations become per-page numbered footnotes linking to the cited locator on the
source's page. They are written as the HTML Python-Markdown's footnotes extension writes (same ids and
classes, so the theme's tooltips and every link work alike), not as Markdown: footnote texts are most of a
list page, and as Markdown they were most of its conversion time. MkDocs does not rewrite links in raw HTML,
so the footnotes link to the built pages' URLs (`Page.html_href`), with or without directory URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
import functools
import io
import json
from pathlib import Path
import posixpath
import re
from typing import TYPE_CHECKING, Any, NamedTuple

import jinja2
import jinja2.compiler
import jinja2.nodes
import jinja2.runtime
from markupsafe import Markup

from . import markup, originals, views
from .index import CONTESTED_DIR, CONTESTED_PAGE, KINDS, TABLES, TIMELINE_DIR, ClaimRef, Index, Table, built_path
from .models import (
    META_FIELDS,
    SOURCE_TYPES,
    STANCE_LABELS,
    STATUS_LABELS,
    Actor,
    Citation,
    Entry,
    Source,
    Theme,
)
from .periods import Period

if TYPE_CHECKING:  # outputs do not import each other (the layers in pyproject.toml): types only
    from .charts import Charts
    from .cite import Citer, Reference
    from .downloads import Downloads
    from .history import Versions

TEMPLATES = Path(__file__).parent / "templates"
TABLE_TEMPLATES = {
    "un_vote": "un_votes.md.j2",
    "meeting": "meetings.md.j2",
    "nis_sanctions": "nis_sanctions.md.j2",
}  # index.TABLES' pages


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else markup.md_escape(value)


# Filters whose value is always Markup (make_environment), which finalize would return as it is.
MARKUP_FILTERS = frozenset({"attr", "ids_attr", "join", "replace", "yaml_str", "pre", "safe"})


def _returns_markup(node: jinja2.nodes.Expr) -> bool:
    return isinstance(node, jinja2.nodes.Filter) and node.name in MARKUP_FILTERS


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, writing three things in fewer steps (the same output; some two million steps in a
    build of 3,000 entries):

    - `{{ value }}` as `environment.finalize(value)` where Jinja writes `escape(environment.finalize(value))`:
      _finalize already returns Markup (or ""), which escape() would only copy into a new Markup; and
      `{{ value|attr }}` (a filter of MARKUP_FILTERS) as the filter's Markup itself;
    - `obj.name` as Python's own attribute lookup, inline; Jinja's `environment.getattr` (a function call, which
      also tries `obj["name"]` and gives Undefined) only where that finds nothing;
    - a call of a bound method (the views' and Page's helpers) or a macro straight to it: Jinja's `context.call`
      first looks for pass_context markers on the callable and its `__call__` (failed attribute lookups) and
      takes and drops the loop's variables. A method marked so, and anything else, still goes Jinja's way.

    The names `_rs_*` are the generated code's own temporaries (assignment expressions: each is read right after
    it is set); a call's arguments are written once per way, and evaluated once, on the way taken. A helper called
    directly that raises StopIteration fails the render (Jinja would print it as undefined, which StrictUndefined
    also refuses). Tied to the pinned Jinja 3.1: tests/unit/test_render.py checks each path."""

    def visit_Template(self, node: jinja2.nodes.Template, frame: jinja2.compiler.Frame | None = None) -> None:
        self.writeline("from types import MethodType as _rs_method")
        super().visit_Template(node, frame)

    def _output_child_pre(
        self,
        node: jinja2.nodes.Expr,
        frame: jinja2.compiler.Frame,
        finalize: jinja2.compiler.CodeGenerator._FinalizeInfo,
    ) -> None:
        if self._escaping(frame) and finalize.src == "environment.finalize(":
            # _output_child_post closes both parentheses; a filter that returns Markup needs no finalize either
            self.write("((" if _returns_markup(node) else "(" + finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    @staticmethod
    def _escaping(frame: jinja2.compiler.Frame) -> bool:
        """Autoescape is on where this code runs, known when compiling (always so in these templates)."""
        return bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile

    def visit_Getattr(self, node: jinja2.nodes.Getattr, frame: jinja2.compiler.Frame) -> None:
        self.write("(_rs_a if (_rs_a := getattr((_rs_o := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing else environment.getattr(_rs_o, {node.attr!r}))")

    def visit_Call(self, node: jinja2.nodes.Call, frame: jinja2.compiler.Frame, forward_caller: bool = False) -> None:
        if forward_caller:  # {% call %}: Jinja's way
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        args = self._written(lambda: self.signature(node, frame))[2:]  # the template's arguments, without ", "
        self.write("(_rs_f(" + args + ") if type(_rs_f := ")
        self.visit(node.node, frame)
        self.write(') is _rs_method and "jinja_pass_arg" not in _rs_f.__func__.__dict__ else ')
        positional = len(node.args)
        if positional and not (node.kwargs or node.dyn_args or node.dyn_kwargs) and self._escaping(frame):
            # A macro given all its arguments, in order: its function, as Macro.__call__ would call it after
            # sorting the arguments (none left to default, no caller, no extra arguments to collect).
            self.write(f"Markup(_rs_f._func({args})) if type(_rs_f) is Macro and _rs_f._argument_count == {positional}")
            self.write(" and not (_rs_f.caller or _rs_f.catch_kwargs or _rs_f.catch_varargs) else ")
        self.write("_rs_f(context.eval_ctx" + (", " + args if args else "") + ") if type(_rs_f) is Macro else ")
        self.write("context.call(_rs_f")  # Jinja's way, with the loop's and block's variables it passes
        loop_kwargs = {"_loop_vars": "_loop_vars"} if frame.loop_frame else {}
        block_kwargs = {"_block_vars": "_block_vars"} if frame.block_frame else {}
        self.signature(node, frame, {**loop_kwargs, **block_kwargs} or None)
        self.write("))")

    def _written(self, write: Callable[[], None]) -> str:
        """What write() writes, as text, instead of into the generated code."""
        stream, self.stream = self.stream, io.StringIO()
        try:
            write()
            return self.stream.getvalue()
        finally:
            self.stream = stream


class _Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator


def make_environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Autoescape makes macro output and helpers' Markup pass through untouched, while finalize
        # escapes every plain value for Markdown (HTML escaping alone would let Markdown links through).
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build is short; do not stat every template on every render
        # Compiled templates are kept between builds (every `mkdocs serve` reload makes a new environment), in a
        # folder of the user's own under the temporary directory; each is keyed by its source's checksum, so an
        # edited template is compiled afresh. A fresh machine (CI) compiles once. The pattern's number changes
        # with _CodeGenerator, whose code a cached template would otherwise keep.
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern="__refsite_jinja2_5_%s.cache"),
    )
    env.filters["attr"] = markup.html_escape
    # Built-in join/replace would HTML-escape only; these keep every piece Markdown-escaped.
    env.filters["join"] = lambda seq, sep="": Markup(sep).join(markup.md_escape(x) for x in seq)
    env.filters["replace"] = lambda v, old, new: markup.md_escape(str(v).replace(old, new))
    env.filters["ids_attr"] = lambda seq: markup.html_escape(" ".join(seq))
    env.filters["plain"] = markup.plain
    # JSON strings are valid YAML scalars: safe for page front matter whatever the text holds. The theme
    # prints front-matter title and description unescaped (<title>, header, <meta content="…">), so
    # the value is HTML-escaped too (tests/test_bad_input.py: test_hostile_text_is_shown_not_run).
    env.filters["yaml_str"] = lambda v: Markup(json.dumps(str(markup.html_escape(markup.plain(v))), ensure_ascii=False))
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["archive_url"] = originals.archive_url
    env.globals["SOURCE_TYPES"] = SOURCE_TYPES
    env.globals["locator_label"] = locator_label
    env.globals["STANCE_LABELS"] = STANCE_LABELS
    return env


@functools.lru_cache(maxsize=65536)
def _relpath(page: str, from_dir: str) -> str:
    # posixpath.relpath calls os.getcwd() twice per link: a fifth of the rendering time on large data.
    return posixpath.relpath(page, from_dir)


@functools.lru_cache(maxsize=4096)  # some 30,000 marks at 20 times the real entries; numbers repeat from page to page
def _mark_id(note: int, use: int) -> str:
    """The id of the use-th mark of a footnote, as Python-Markdown names it: fnref:3, fnref2:3, …"""
    return f"fnref:{note}" if use == 1 else f"fnref{use}:{note}"


class CiteLink(NamedTuple):
    """A citation's link from a page (Page.cite_link)."""

    href: str
    self_link: bool  # the page's own address (its permalink shown as a path): readers.js completes it


class Page:
    """Rendering helpers bound to one page: relative links and that page's footnotes."""

    def __init__(self, index: Index, path: str, shared: dict[Any, Any] | None = None, directory_urls: bool = True):
        self.index = index
        self.path = path
        self._dir = posixpath.dirname(path) or "."
        self._directory_urls = directory_urls
        self._url = built_path(path, directory_urls)
        self._depth = self._url.count("/")  # folders between this page's URL and the site's root
        self._notes: dict[tuple[str, str, str | None], int] = {}
        self._defs: list[Markup] = []
        self._uses: list[int] = []  # per footnote, how many marks point to it (each gets its own id)
        # Links depend only on the target and this page's folder, footnote texts on the citation and this page's
        # depth: pages alike share them (the Renderer passes one dict to all its pages).
        self._shared = {} if shared is None else shared

    # ---- links
    def md_href(self, target: str) -> str:
        """Relative link from this page to 'dir/page.md#anchor' in Markdown, which MkDocs rewrites to the built URL."""
        page, _, anchor = target.partition("#")
        if page == self.path:
            # "#anchor" on this page; the page itself by its file name, never an empty href (MkDocs turns the
            # name into the page's URL, with or without directory URLs).
            rel = "" if anchor else posixpath.basename(page)
        else:
            rel = _relpath(page, self._dir)
        return rel + (f"#{anchor}" if anchor else "")

    def html_href(self, target: str) -> str:
        """Relative URL from this page to 'dir/page.md#anchor' on the built site, for raw HTML (which
        MkDocs does not rewrite). Built from the root, so pages at one depth share it."""
        page, _, anchor = target.partition("#")
        if page == self.path:
            rel = "" if anchor else (posixpath.basename(self._url) or "./")
        else:
            rel = "../" * self._depth + built_path(page, self._directory_urls) or "./"
        return rel + (f"#{anchor}" if anchor else "")

    def url(self, entry: Entry) -> str:
        return self.md_href(self.index.view(entry).url)

    def link(self, entry_or_id: Entry | str, label: str | None = None) -> Markup:
        entry_id = entry_or_id if isinstance(entry_or_id, str) else entry_or_id.id
        view = self.index.views.get(entry_id)  # every entry's view, by id (ids are unique across kinds)
        if view is None:  # validation guarantees ids exist; keep the text if not
            return markup.md_escape(label or entry_id)
        if view.page == self.path and not view.anchor:  # this very page: text, not a link to itself
            return markup.md_escape(label or view.title)
        key = ("link", entry_id, label, self._dir, view.page == self.path)
        if key not in self._shared:
            self._shared[key] = Markup(f"[{markup.md_escape(label or view.title)}]({self.md_href(view.url)})")
        link: Markup = self._shared[key]
        return link

    def once_per_link(self, macro: Callable[[Page, Entry], Markup], entry: Entry) -> Markup:
        """macro(self, entry), rendered once for all the pages that write the entry's link alike: for a block whose
        one link is to the entry itself and that cites nothing, such as an entry's line in the lists of theme and
        actor pages. An entry is listed on each of its themes' and actors' pages, and its link reads the same
        from all of their folders unless it points into one of them (from actors/ and themes/ alike, an event's is
        ../timeline/…), so its line is rendered about once per depth (tests/unit/test_render.py renders every
        line both ways)."""
        key = ("once", getattr(macro, "name", macro), entry.id, self.link(entry))
        if key not in self._shared:
            notes = len(self._notes)
            self._shared[key] = macro(self, entry)
            if len(self._notes) != notes:  # its footnotes' numbers would be this page's only
                raise ValueError(f"{key[1]} cites: its output differs from page to page")
        block: Markup = self._shared[key]
        return block

    def links(self, ids: Iterable[str], sep: str = ", ") -> Markup:
        return Markup(sep.join(self.link(i) for i in ids))  # links are Markup: Markup.join would copy each

    def claim_href(self, ref: ClaimRef) -> str:
        return self.md_href(ref.url)

    def cite_link(self, ref: Reference) -> CiteLink:
        """Where a citation's address links from this page (templates/_cite.md.j2). With the site's address
        configured, the permalink itself. Without it, an entry on this page by its anchor ('#x'), else this very
        page ('./'), marked self: readers.js then shows the address the reader sees (the permalink's text is only
        the page's path on the site) and links the page's own, for a copy of the site opened from disk."""
        if ref.absolute:
            return CiteLink(ref.url, False)
        rel = self.md_href(ref.target)
        if rel.startswith("#"):
            return CiteLink(rel, False)
        return CiteLink(self.html_href(self.path), True)

    # ---- text
    def inline(self, value: object, entry: Entry | None = None) -> Markup:
        """The inline subset as Markdown; with entry, its mentions of the entry's claims ('claim 9', 'claims 3
        and 5') link to those claims, whose numbers readers do not otherwise see."""
        out = markup.inline(value, self.link)
        if entry is None or "claim" not in out:
            return out
        return Markup(_CLAIM_MENTION.sub(lambda m: self._claim_links(m, entry), str(out)))

    def _claim_links(self, m: re.Match[str], entry: Entry) -> str:
        def number(n: re.Match[str]) -> str:
            ref = self.index.claim(entry.id, int(n.group()))
            return f"[{n.group()}]({self.claim_href(ref)})" if ref is not None else n.group()

        return m.group(1) + " " + re.sub(r"\d+", number, m.group(2))

    # ---- citations
    def cite(self, citations: Iterable[Citation]) -> Markup:
        """Footnote marks for the citations, numbered in order of first use on this page; a citation already
        cited here (same source, locator and quote) reuses its number."""
        marks = []
        notes, uses = self._notes, self._uses
        for cit in citations:
            key = (cit.source, cit.locator, cit.quote)
            n = notes.get(key)
            if n is None:
                n = notes[key] = len(notes) + 1
                # The text depends only on the citation, this page's depth and whether this is the source's page.
                text_key = ("cite", key, self._depth, f"sources/{cit.source}.md" == self.path)
                if text_key not in self._shared:
                    self._shared[text_key] = self.citation_text(cit)
                self._defs.append(self._shared[text_key])
                uses.append(0)
            use = uses[n - 1] = uses[n - 1] + 1
            marks.append(f'<sup id="{_mark_id(n, use)}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>')
        return Markup("".join(marks))

    def citation_text(self, cit: Citation) -> Markup:
        """A footnote (HTML): the source with its date and locator, the label to weigh it by (type, language,
        translation, excerpt), its provenance chain, the quoted passage, and links to the original at the
        passage and to an archived copy."""
        # Written as text and made Markup once: every value goes through esc(), and the pieces of _source_bits
        # are Markup (Markup's + would copy every piece into a new Markup: 40 of them per footnote).
        src: Source = self.index.dataset.of("sources")[cit.source]
        target = self.html_href(self.index.citation_url(cit))
        esc = markup.html_escape
        about, label, chain, address = self._source_bits(src)
        parts = [f'<a href="{esc(target)}">{about}, {esc(locator_label(cit))}{label}']
        view = self.index.citation_view(cit)
        if view.watch:
            parts.append(f' (<a href="{esc(view.watch[1])}">{esc(view.watch[0])}</a>)')
        if view.quote:  # in the held text's wording and language, said when not English or translated
            parts.append(f': “<span class="cite-quote" lang="{esc(view.lang)}">{esc(view.quote)}</span>”')
            if view.language_note:
                parts.append(f' <span class="cite-lang">({esc(view.language_note)})</span>')
        parts.append(f".{chain}")
        links = view.links
        if links:
            parts.append(" " + " · ".join(f'<a href="{esc(url)}">{esc(label)}</a>' for label, url in links))
        parts.append(address)
        return Markup("".join(parts))

    def _source_bits(self, src: Source) -> tuple[Markup, Markup, Markup, Markup]:
        """What every footnote citing src repeats, escaped once per build: 'title</a>, publisher, date', the
        label to weigh it by, the provenance chain as a sentence, and the address shown only in print."""
        key = ("source-bits", src.id)
        if key not in self._shared:
            view = self.index.source_view(src)
            esc = markup.html_escape
            about = f"{esc(src.title)}"
            if view.title_language != "en":  # read out in its language, and glossed (issue 21, L10)
                about = f'<span lang="{esc(view.title_language)}">{about}</span>'
            about += "</a>"
            if view.title_gloss:
                about += f' <span class="title-gloss">({esc(view.title_gloss)})</span>'
            if view.title_supplied:  # not the document's headline: a reader must not cite it as one
                about += (
                    f' <span class="title-supplied" title="{esc(src.title_note)}">[title supplied by this site]</span>'
                )
            about += f", {esc(src.publisher)}, {esc(view.date_label)}"
            label = f' <span class="source-label">({esc(view.label)})</span>'
            chain = f" {esc(view.chain_sentence)}." if view.chain_phrase else ""
            # the source's own address, shown only in print (docs/assets/readers.css)
            address = f' <span class="print-only">{esc(src.urls[0].url)}</span>' if src.urls else ""
            self._shared[key] = (Markup(about), Markup(label), Markup(chain), Markup(address))
        bits: tuple[Markup, Markup, Markup, Markup] = self._shared[key]
        return bits

    def footnotes(self) -> Markup:
        """This page's footnotes as one raw HTML block, as Python-Markdown's footnotes extension writes them.
        They repeat each source's title, publisher and links, which its own page already holds: left out of
        the search index (data-search-exclude), they would otherwise be most of it."""
        if not self._defs:
            return Markup("")
        # Written as text and made Markup once: each note's text is Markup already (citation_text), the rest is
        # our own markup and numbers (Markup's + and join would copy every piece into a new Markup).
        items = []
        for n, (text, uses) in enumerate(zip(self._defs, self._uses, strict=True), 1):
            back = "".join(
                f'<a class="footnote-backref" href="#{_mark_id(n, k)}" '
                f'title="Jump back to footnote {n} in the text">&#8617;</a>'
                for k in range(1, uses + 1)
            )
            items.append(f'<li id="fn:{n}">\n<p>{text}&#160;{back}</p>\n</li>')
        body = "<ol>\n" + "\n".join(items) + "\n</ol>"
        if len(items) >= FOLD_FOOTNOTES_AT:
            # A long list (most of it cited inside closed rows) folds into one line instead of filling most of
            # the page; each mark still opens its note (the browser, and readers.js, open the fold), and the
            # preview shows it beside the mark.
            summary = markup.html_escape(f"Notes: the {len(items)} citations on this page, in full")
            body = f'<details class="footnote-fold">\n<summary>{summary}</summary>\n{body}\n</details>'
        return Markup(f'<div class="footnote" data-search-exclude>\n<hr />\n{body}\n</div>')


# 'claim 9', 'claims 3 and 5', 'claims 3 to 5' in notes: each number becomes a link to that claim.
_CLAIM_MENTION = re.compile(r"\b(claims?) (\d+(?:(?:, | and | to | or |–)\d+)*)\b")

# Pages with at least this many footnotes fold the list (the timeline's 166 notes were 70 % of its height; at 30,
# the timeline's analyses page, 21 notes, and the sanctions statements, 27, still gave their notes 68 % and 48 %).
FOLD_FOOTNOTES_AT = 20


def _citation_count(part: Period) -> int:
    """The citations on a part of a source's page (its entries: each locator's CitationUses)."""
    return sum(len(uses) for uses in part.entries)


def locator_label(cit: Citation) -> str:
    """'¶3', '00:10:36', or 'Publication date (a fact about the document)' for meta:published."""
    meta = cit.meta
    return f"{META_FIELDS[meta]} (a fact about the document)" if meta else cit.locator


class Renderer:
    """Renders every generated page of the site from an Index, with the outputs Site made for it (charts,
    citations, downloads, versions), which the templates print."""

    def __init__(
        self,
        index: Index,
        *,
        versions: Versions,
        charts: Charts,
        citer: Citer,
        downloads: Downloads,
        directory_urls: bool = True,  # MkDocs' use_directory_urls: the form of links written as raw HTML
    ):
        self.index = index
        self.directory_urls = directory_urls
        self.env = make_environment()
        self._shared: dict[Any, Any] = {}  # links and footnote texts shared by pages of one folder (see Page)
        # Entry dates, edit/history links and the changes (refsite/history.py); charts drawn at build time,
        # "Cite this", downloads (refsite/charts.py, cite.py, downloads.py).
        self.charts = charts
        self.env.globals.update(index=index, versions=versions, charts=charts, cite=citer, downloads=downloads)
        self.env.filters["pre"] = Markup.escape  # HTML-escaped, line breaks kept: for <pre> blocks

    def render_template(self, template: str, **context: Any) -> str:
        """A template that is not a page (the footer's data version)."""
        return self.env.get_template(template).render(**context)

    def page_citation(self, path: str, title: str | None) -> str:
        """The "Cite this page" block appended to every page (templates/cite_page.md.j2)."""
        return self.render("cite_page.md.j2", path, title=title)

    def page(self, path: str) -> Page:
        """Rendering helpers for the page at path (its links and footnotes)."""
        return Page(self.index, path, self._shared, self.directory_urls)

    def render(self, template: str, path: str, **context: Any) -> str:
        page = self.page(path)
        body = self.render_block(template, page, **context)
        notes = str(page.footnotes())  # str: Markup.__radd__ would escape the body
        return body.rstrip() + ("\n\n" + notes + "\n" if notes else "\n")

    def render_block(self, template: str, page: Page, **context: Any) -> str:
        """A template rendered for page; its citations join the page's footnotes (written by the caller)."""
        return self.env.get_template(template).render(page=page, index=self.index, **context)

    def pages(self, only: Container[str] | None = None) -> dict[str, str]:
        """Every generated page, by path (only those in only, when given: the preview re-renders some)."""
        return {path: render() for path, render in self.page_jobs().items() if only is None or path in only}

    def page_jobs(self) -> dict[str, Callable[[], str]]:
        """Every generated page's path, with what renders it (nothing is rendered until called)."""
        idx = self.index
        out: dict[str, Callable[[], str]] = {}
        # The Timeline: while too long for one page, a page per period (refsite/periods.py), listed on timeline.md
        out["timeline.md"] = lambda: self.render("timeline.md.j2", "timeline.md", view=views.timeline_page(idx))
        for period in idx.timeline:
            path = period.page(TIMELINE_DIR)
            out[path] = functools.partial(self._period_page, path, period)
        out["arms-deals.md"] = lambda: self.render(
            "arms_deals.md.j2",
            "arms-deals.md",
            deals=idx.arms_deals,
            rows=views.deal_rows(idx),
            **self._list_args("arms-deals"),
        )
        out["sanctions-statements.md"] = lambda: self.render(
            "statements.md.j2",
            "sanctions-statements.md",
            statements=idx.statements,
            **self._list_args("sanctions-statements"),
        )
        out["polls.md"] = lambda: self.render("polls.md.j2", "polls.md", polls=idx.polls, **self._list_args("polls"))
        # A list page too long for one page lists its pages by period, which hold the rows (the arms deals' table
        # and chart, and the polls' results table and chart, go with their entries).
        for folder, parts in idx.parts.items():
            for period in parts:
                path = period.page(folder)
                out[path] = functools.partial(self._part_page, path, folder, period, parts)
        for table in TABLES:  # reader tables of events' structured fields (UN votes, meetings), by period once long
            out |= self._split_jobs(table.page, functools.partial(self._table_page, table))
        out["themes/index.md"] = functools.partial(self.render, "themes_index.md.j2", "themes/index.md")
        out["actors/index.md"] = lambda: self.render(
            "actors_index.md.j2", "actors/index.md", groups=views.actor_type_groups(idx)
        )
        out["sources/index.md"] = functools.partial(self.render, "sources_index.md.j2", "sources/index.md")
        out["corrections.md"] = functools.partial(self.render, "corrections.md.j2", "corrections.md")
        # Contested points: while too long for one page, a page per period of the entries disputed (Index.contested)
        out[CONTESTED_PAGE] = lambda: self.render("contested.md.j2", CONTESTED_PAGE, view=views.contested_page(idx))
        for period in idx.contested:
            path = period.page(CONTESTED_DIR)
            out[path] = functools.partial(self._contested_page, path, period)
        out["changes.md"] = functools.partial(self.render, "changes.md.j2", "changes.md")
        # A theme's, an actor's and a source's page: once too long, its entries (a source's claims) by period
        # on pages of its own, <page>/<slug>.md (Index.splits)
        for theme in idx.themes:
            out |= self._split_jobs(idx.view(theme).page, functools.partial(self._theme_page, theme))
        for actor in idx.actors:
            out |= self._split_jobs(idx.view(actor).page, functools.partial(self._actor_page, actor))
        for source in idx.sources:
            out |= self._split_jobs(idx.view(source).page, functools.partial(self._source_page, source))
        return out

    def _split_jobs(self, page: str, render: Callable[..., str]) -> dict[str, Callable[[], str]]:
        """A page's job and, once it is split by period (Index.splits), each period's page's: render(period)."""
        jobs: dict[str, Callable[[], str]] = {page: render}
        for period in self.index.splits.get(page, []):
            jobs[period.page(page.removesuffix(".md"))] = functools.partial(render, period)
        return jobs

    def _list_args(self, folder: str) -> dict[str, Any]:
        """What a list page of LIST_PARTS prints about its kind and its pages by period (none while one page)."""
        parts = self.index.parts.get(folder, [])
        return {"kind": KINDS[folder], "parts": parts, "part_links": views.period_links(self.index, parts)}

    def _period_page(self, path: str, period: Period) -> str:
        return self.render("timeline_period.md.j2", path, view=views.timeline_page(self.index, period))

    def _part_page(self, path: str, folder: str, period: Period, parts: list[Period]) -> str:
        results = [r for p in period.entries for r in self.index.view(p).results]
        if folder == "arms-deals":  # the transfers' table and chart go with their deals
            rows, chart = views.deal_rows(self.index, period.entries), self.charts.arms_of(period.slug, period.entries)
        else:
            rows, chart = [], self.charts.polls_of(period.slug, results) if results else None
        return self.render(
            "list_part.md.j2",
            path,
            kind=KINDS[folder],
            period=period,
            periods=parts,
            results=results,
            rows=rows,
            chart=chart,
        )

    def _contested_page(self, path: str, period: Period) -> str:
        return self.render("contested_period.md.j2", path, view=views.contested_page(self.index, period))

    def _table_page(self, table: Table, period: Period | None = None) -> str:
        """A reader table's page: its rows, or once split by period the list of its pages; a period's page."""
        split = views.split_of(self.index, table.page, period)
        rows = period.entries if period is not None else [] if split.links else self.index.rows_of(table)
        path = period.page(split.folder) if period is not None else table.page
        return self.render(TABLE_TEMPLATES[table.field], path, table=table, rows=rows, split=split)

    def _theme_page(self, theme: Theme, period: Period | None = None) -> str:
        view = views.theme_page(self.index, theme, period)
        path = period.page(view.split.folder) if period is not None else view.split.home
        return self.render("theme.md.j2", path, theme=theme, view=view)

    def _actor_page(self, actor: Actor, period: Period | None = None) -> str:
        view = views.actor_page(self.index, actor, period)
        path = period.page(view.split.folder) if period is not None else view.split.home
        return self.render("actor.md.j2", path, actor=actor, view=view)

    def _source_page(self, source: Source, period: Period | None = None) -> str:
        """A source's page; once its claims are split in parts (Index.splits), the first page lists the parts and
        a part's page (source_part.md.j2) holds a run of its locators."""
        split = views.split_of(self.index, self.index.view(source).page, period, _citation_count, dated=False)
        if period is not None:
            return self.render(
                "source_part.md.j2",
                period.page(split.folder),
                source=source,
                locators=views.locator_groups(self.index, source, period.entries),
                split=split,
            )
        return self.render(
            "source.md.j2",
            split.home,
            source=source,
            uses=self.index.citations_of[source.id],
            locators=[] if split.links else views.locator_groups(self.index, source),
            split=split,
        )

    def moved_entries(self) -> dict[str, str]:
        """<folder>/entries.json for the Timeline, each list page and Contested points once split by period
        (Index.timeline, .parts, .contested): every entry's id (and each decade's old anchor; on a list page, its
        sections that moved) -> the built path of the page that holds it, from the site's root. Those pages send a
        link to an entry (a claim, a disagreement) they do not hold there (templates/_moved.md.j2), so that old
        links (timeline/#<id>, polls/#<id>-c2, contested/#<id>-d1, a period split since) still land; and a split
        theme's, actor's or source's sections and locators (_moved_sections). None for a list that is one page."""
        out: dict[str, str] = {}
        idx = self.index
        lists = {TIMELINE_DIR: idx.timeline, **idx.parts}
        for folder, periods in lists.items():
            if not periods:  # one page: nothing has moved
                continue
            pages: dict[str, str] = {}
            for period in periods:
                built = built_path(period.page(folder), self.directory_urls)
                if period.group:
                    pages.setdefault(period.group, built)
                for entry in period.entries:
                    decade = idx.view(entry).decade
                    if decade and not period.group and folder == TIMELINE_DIR:
                        pages.setdefault(f"decade-{decade[:-1]}", built)
                    pages[entry.id] = built
            for entry in idx.dataset.of("events" if folder == TIMELINE_DIR else folder).values():
                if entry.withdrawn:
                    pages[entry.id] = built_path(idx.view(entry).page, self.directory_urls)
            out[f"{folder}/entries.json"] = json.dumps(pages, ensure_ascii=False, sort_keys=True) + "\n"
        out |= self._moved_sections()
        if idx.contested:  # an entry's disagreements (<id>-d1): their period's page of Contested points
            pages = {
                e.id: built_path(p.page(CONTESTED_DIR), self.directory_urls) for p in idx.contested for e in p.entries
            }
            out[f"{CONTESTED_DIR}/entries.json"] = json.dumps(pages, ensure_ascii=False, sort_keys=True) + "\n"
        return out

    def _moved_sections(self) -> dict[str, str]:
        """<page>/entries.json for each theme, actor and source page split by period (Index.splits): each anchor
        that moved (a section, a locator) -> the built path of the first period's page that holds it. A reader
        table's rows have no anchors: its sections stay on its first page."""
        out = {}
        for page, periods in self.index.splits.items():
            if not page.startswith(("themes/", "actors/", "sources/")):
                continue
            folder = page.removesuffix(".md")
            pages: dict[str, str] = {}
            for period in periods:
                built = built_path(period.page(folder), self.directory_urls)
                for anchor in self._moved_anchors(page, period):
                    pages.setdefault(anchor, built)
            out[f"{folder}/entries.json"] = json.dumps(pages, ensure_ascii=False, sort_keys=True) + "\n"
        return out

    def _moved_anchors(self, page: str, period: Period) -> list[str]:
        """The anchors of a split page (Index.splits) that its period's page holds: a theme's or an actor's
        sections (#events, #nis-sanctions), a source's locators (#p3)."""
        entry = self.index.get(page.removesuffix(".md").rpartition("/")[2])
        if isinstance(entry, Theme):
            return [s.anchor for s in views.theme_page(self.index, entry, period).sections]
        if isinstance(entry, Actor):
            return views.actor_page(self.index, entry, period).list_anchors
        return [uses[0].citation.anchor for uses in period.entries]

    def shortcode(self, name: str, page: Page, args: str = "") -> str:
        """A generated block for a hand-written page (see shortcodes.py); its citations join page's footnotes,
        so that several blocks on one page number them as one sequence."""
        context: dict[str, Any] = {"args": args}
        if name == "latest":
            context["events"] = views.latest_happenings(self.index, args)
        return self.render_block(f"shortcode_{name}.md.j2", page, **context).rstrip("\n")
