"""Markdown pages rendered from a tiny dataset by the Renderer alone, without MkDocs (refsite/render.py)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
import markdown

from refsite.cite import Citer
from refsite.dataset import load_dataset
from refsite.history import Versions
from refsite.index import build_index
from refsite.publication import Publication
from refsite.site import Site

SITE_EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "tables", "admonition"]


def footnotes(page: str) -> dict[str, str]:
    """Footnote number -> its text as HTML (the footnotes are one raw HTML block at the end of the page)."""
    block = page[page.index('<div class="footnote"') :]
    return {
        li["id"].removeprefix("fn:"): li.p.decode_contents()
        for li in BeautifulSoup(block, "html.parser").select("li[id]")
    }


def test_every_generated_page_is_there(tiny_pages):
    assert set(tiny_pages) == {
        "timeline.md",
        "un-votes.md",
        "meetings.md",
        "nis-sanctions.md",
        "arms-deals.md",
        "sanctions-statements.md",
        "polls.md",
        "corrections.md",
        "contested.md",
        "changes.md",
        "themes/index.md",
        "actors/index.md",
        "sources/index.md",
        "themes/diplomacy.md",
        "actors/serbia.md",
        "actors/russia.md",
        "sources/example-news-talks.md",
        "sources/example-lecture.md",
    }
    for path, page in tiny_pages.items():
        assert page.startswith("---\ntitle: "), path
        assert "{{" not in page and "{%" not in page, path


def test_claims_carry_their_anchors_and_cite_the_locator_on_the_source_page(tiny_pages):
    timeline = tiny_pages["timeline.md"]
    assert 'id="ministers-meet"' in timeline and 'id="ministers-meet-c1"' in timeline
    notes = footnotes(timeline)
    # Raw HTML, which MkDocs does not rewrite: links are the built pages' URLs (timeline.md is timeline/).
    assert notes["1"].startswith(
        '<a href="../sources/example-news-talks/#p1">Officials meet in Belgrade</a>, Example News, 2 May 2024, ¶1'
    )
    assert '<a href="../sources/example-lecture/#t-00-01-05">A lecture on the Balkans</a>' in notes["4"]
    # Each mark has its own id and the footnote a way back to each.
    marks = re.findall(r'<sup id="(fnref\d*:\d+)"><a class="footnote-ref" href="#fn:(\d+)">\2</a></sup>', timeline)
    assert len(marks) == len(set(marks)) and {n for _, n in marks} == set(notes)
    for ref_id, _ in marks:
        assert f'href="#{ref_id}"' in timeline
    source = tiny_pages["sources/example-news-talks.md"]
    assert [m for m in re.findall(r"\{ #(p\d+) \}", source)] == ["p1", "p2", "p3"]
    assert "3 citations, in the order of the document." in source


def test_a_video_citation_links_to_its_second(tiny_pages, tiny_index):
    note = footnotes(tiny_pages["timeline.md"])["4"]
    locator = "00:01:05"
    seconds = tiny_index.citations_of["example-lecture"][0].citation.seconds
    assert seconds == 65
    assert f'(<a href="https://www.youtube.com/watch?v=abcdefghijk&amp;t={seconds}s">watch at {locator}</a>)' in note


def test_a_quote_links_to_the_passage_of_the_original(tiny_pages):
    note = footnotes(tiny_pages["timeline.md"])["3"]
    assert ': “<span class="cite-quote" lang="en">useful and frank</span>”.' in note
    assert '<a href="https://example.org/news/1#:~:text=useful%20and%20frank">original at this passage</a>' in note


def test_footnote_links_follow_the_url_style_of_the_build(tiny_index):
    for directory_urls, home, source, same in (
        (True, "../", "../sources/example-news-talks/#p1", "./"),
        (False, "index.html", "sources/example-news-talks.html#p1", "timeline.html"),
    ):
        page = Site.of_index(tiny_index, directory_urls=directory_urls).renderer.page("timeline.md")
        assert page.html_href("index.md") == home
        assert page.html_href("sources/example-news-talks.md#p1") == source
        assert page.html_href("timeline.md") == same and page.html_href("timeline.md#x") == "#x"
    home = Site.of_index(tiny_index).renderer.page("index.md")
    assert home.html_href("index.md") == "./" and home.html_href("themes/index.md") == "themes/"


def test_a_citation_links_to_the_permalink_or_else_the_entry_or_page_itself(tiny_index):
    renderer = Site.of_index(tiny_index).renderer
    timeline, actor = renderer.page("timeline.md"), renderer.page("actors/serbia.md")
    for url, entry_link, page_link in (
        # Without the site's address: the entry on this page by its anchor, or this very page, marked self.
        (None, ("#ministers-meet", False), ("./", True)),
        # With it: the permalink, on every page.
        (
            "https://example.org/srr/",
            ("https://example.org/srr/timeline/#ministers-meet", False),
            ("https://example.org/srr/actors/serbia/", False),
        ),
    ):
        cite = Citer(tiny_index, Publication.from_settings("Test site", url, Versions()))
        assert tuple(timeline.cite_link(cite.entry(tiny_index.dataset.of("events")["ministers-meet"]))) == entry_link
        assert tuple(actor.cite_link(cite.page("actors/serbia.md", "Serbia"))) == page_link


def test_several_blocks_on_one_hand_written_page_number_their_footnotes_as_one(tiny_data):
    from refsite import shortcodes

    (tiny_data / "questions").mkdir()
    (tiny_data / "questions" / "talks.yml").write_text(
        "version: 2\nquestion: Did the ministers meet?\norder: 1\npages: [home]\n"
        'answers: ["ministers-meet#c1", "lecture-on-ties#c1"]\n',
        encoding="utf-8",
    )
    renderer = Site.of_index(build_index(load_dataset(tiny_data))).renderer
    text = shortcodes.expand(
        "<!-- data:at-a-glance home -->\n\n<!-- data:at-a-glance home -->\n", "index.md", renderer, "docs/index.md"
    )
    assert text.count('<div class="footnote"') == 1  # one list for the page, after both blocks
    soup = BeautifulSoup(markdown.markdown(text, extensions=SITE_EXTENSIONS), "html.parser")
    ids = [el["id"] for el in soup.select("[id]") if el["id"].startswith("fn")]  # the block's own id repeats here
    assert len(ids) == len(set(ids))
    marks = soup.select("a.footnote-ref")
    assert len(marks) >= 4 and len(soup.select(".footnote li")) == len(marks) // 2  # the second block reuses them
    for mark in marks:
        assert soup.find(id=mark["href"][1:]) is not None


def test_inline_markup_and_entry_links_keep_their_spaces(tiny_pages):
    assert "called the talks *useful* and frank, with [Serbia](actors/serbia.md)\\." in tiny_pages["timeline.md"]


def test_text_from_data_renders_as_text(tiny_data):
    path = tiny_data / "events" / "ministers-meet.yml"
    evil = (
        'title: "<script>alert(1)</script> {#x onclick=alert(2)}"',
        'text: "<img src=x onerror=alert(3)> [click](javascript:alert(4)) **ok**"\n    derived: ["3", "4"]',
    )
    text = path.read_text(encoding="utf-8").replace("title: Foreign ministers meet in Belgrade", evil[0])
    text = text.replace(
        "text: Serbia's and Russia's foreign ministers held talks in Belgrade, according to Example News.", evil[1]
    )
    path.write_text(text, encoding="utf-8")
    page = Site.of_index(build_index(load_dataset(tiny_data))).renderer.pages()["timeline.md"]
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=SITE_EXTENSIONS)
    assert "<script>" not in html and "<img" not in html and 'href="javascript:' not in html
    assert not [
        el for el in BeautifulSoup(html, "html.parser").find_all(True) if any(a.startswith("on") for a in el.attrs)
    ]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<strong>ok</strong>" in html


def test_the_sources_index_prints_type_labels_not_ids(tiny_pages):
    rows = [line for line in tiny_pages["sources/index.md"].splitlines() if line.startswith("| [")]
    cells = [[cell.strip() for cell in row.strip("|").split(" | ")][2:4] for row in rows]
    assert cells == [["October 2019", "Video or lecture"], ["2 May 2024", "Independent outlet"]]


def test_a_long_list_of_notes_folds_into_one_line(tiny_index, monkeypatch):
    from refsite import render

    renderer = Site.of_index(tiny_index).renderer
    event = tiny_index.view("ministers-meet")
    citations = [c for ref in event.claims for c in ref.claim.citations]
    page = renderer.page("timeline.md")
    page.cite(citations)
    assert "footnote-fold" not in str(page.footnotes())  # short lists stay as they are
    monkeypatch.setattr(render, "FOLD_FOOTNOTES_AT", len(citations))
    notes = str(page.footnotes())
    assert notes.startswith('<div class="footnote" data-search-exclude>\n<hr />\n<details class="footnote-fold">')
    assert f"<summary>Notes: the {len(citations)} citations on this page, in full</summary>" in notes
    assert notes.count('<li id="fn:') == len(citations)


def test_a_printed_value_is_escaped_once_and_macro_output_is_not_escaped_again():
    """render._CodeGenerator prints finalize's Markup without Jinja's second escape() (which only copied it)."""
    from refsite.render import make_environment

    env = make_environment()
    template = env.from_string('{% macro m(x) %}<b>{{ x }}</b>{% endmacro %}{{ v }} {{ m(v) }} {{ "<i>"|safe }}{{ n }}')
    assert template.render(v="a_<b>", n=None) == "a\\_&lt;b&gt; <b>a\\_&lt;b&gt;</b> <i>"
    assert "escape(environment.finalize(" not in env.compile("{{ v }}", raw=True)


def test_a_method_is_called_directly_unless_it_asks_for_the_context():
    """render._CodeGenerator calls plain methods and macros itself; a method marked pass_context still gets the
    context, in a loop too (where Jinja passes the loop's variables)."""
    import jinja2

    from refsite.render import make_environment

    class Helper:
        def plain(self, x: str) -> str:
            return x.upper()

        @jinja2.pass_context
        def with_context(self, context: jinja2.runtime.Context, x: str) -> str:
            return f"{context['v']}:{x}"

    env = make_environment()
    source = (
        "{% macro m(x, y='d') %}<{{ x }}{{ y }}>{% endmacro %}"
        "{% for i in [1] %}{% set w = i %}{{ h.plain('a') }} {{ h.with_context('b') }} {{ m(h.plain('c')) }}"
        "{{ m('e', y=w) }}{% endfor %} {{ h.with_context(h.plain('f')) }} {{ m(m('g')) }}"
    )
    assert env.from_string(source).render(h=Helper(), v="v") == "A v:b <Cd><e1> v:F <<gd>d>"
    code = env.compile("{{ h.plain('a') }}", raw=True)
    assert "context.call(" in code and "_rs_f('a')" in code  # the direct call, and Jinja's way as the fallback


def test_a_macro_given_all_its_arguments_is_called_as_jinja_would():
    """render._CodeGenerator calls a macro's function itself when the call gives every argument in order; a macro
    that collects extra arguments (varargs, kwargs) or takes a caller still goes through Jinja's Macro."""
    from refsite.render import make_environment

    env = make_environment()
    macros = (
        "{% macro m(x, y) %}<{{ x }}{{ y }}>{% endmacro %}"
        "{% macro v(x) %}{{ x }}:{{ varargs|length }}{% endmacro %}"
        "{% macro k(x) %}{{ x }}:{{ kwargs|length }}{% endmacro %}"
        "{% macro c(x) %}{{ x }}:{{ caller() }}{% endmacro %}"
    )
    source = (
        "{{ m('a', '*') }} {{ m(m('<', 'b'), 'c') }} {{ v(1) }} {{ v(1, 2) }} {{ k(1) }} {% call c(1) %}in{% endcall %}"
    )
    assert env.from_string(macros + source).render() == "<a\\*> <<&lt;b>c> 1:0 1:1 1:0 1:in"
    assert "_rs_f._func('a', '*')" in env.compile(macros + "{{ m('a', '*') }}", raw=True)
    assert "_rs_f._func(" not in env.compile(macros + "{{ m('a', y='*') }}", raw=True)  # a keyword: Jinja's way


def test_attribute_lookups_fall_back_to_jinja_s():
    """render._CodeGenerator looks attributes up itself; where that finds nothing, Jinja's environment.getattr
    still reads a mapping's key, and a missing name is StrictUndefined (an error when printed)."""
    import jinja2
    import pytest

    from refsite.render import make_environment

    class Thing:
        name = "n"

        @property
        def broken(self) -> str:
            raise AttributeError("inside the property")

    env = make_environment()
    template = env.from_string("{{ t.name }} {{ d.key }} {{ d.items is defined }} {{ t.nothing is defined }}")
    assert template.render(t=Thing(), d={"key": "k"}) == "n k True False"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ t.nothing }}").render(t=Thing())
    with pytest.raises(jinja2.UndefinedError):  # as Jinja: an AttributeError inside a property reads as undefined
        env.from_string("{{ t.broken }}").render(t=Thing())
    assert "environment.getattr(" in env.compile("{{ t.name }}", raw=True)  # only as the fallback


def test_a_block_rendered_once_per_link_is_what_each_page_would_render(tiny_index):
    """Page.once_per_link: an entry's line in a list is rendered once for the pages that write the entry's link
    alike, whatever their folder, and reused there; a page whose link reads otherwise gets its own; a block that
    cites is refused, since its footnotes' numbers are one page's only. Every entry's line, reused or not, is
    what rendering it on that page gives."""
    import pytest

    from refsite.render import Page

    renderer = Site.of_index(tiny_index).renderer
    env = renderer.env
    entry_line = env.get_template("_macros.md.j2").module.entry_line  # type: ignore[attr-defined]
    cites = env.from_string(
        "{% macro cites(page, e) %}{{ page.cite(index.view(e).claims[0].claim.citations) }}{% endmacro %}"
    ).module.cites  # type: ignore[attr-defined]
    event = tiny_index.dataset.of("events")["ministers-meet"]
    serbia, diplomacy = renderer.page("actors/serbia.md"), renderer.page("themes/diplomacy.md")
    line = serbia.once_per_link(entry_line, event)
    assert str(line) == (
        '- <span class="list-date">May 2024</span> [Foreign ministers meet in Belgrade](../timeline.md#ministers-meet)'
    )
    assert diplomacy.once_per_link(entry_line, event) is line  # another folder, the same link: rendered once
    home = renderer.page("index.md").once_per_link(entry_line, event)
    assert str(home).endswith("[Foreign ministers meet in Belgrade](timeline.md#ministers-meet)")  # its own link
    russia = tiny_index.dataset.of("actors")["russia"]
    assert str(serbia.once_per_link(entry_line, russia)) == "- [Russia](russia.md) (actor)"
    assert str(diplomacy.once_per_link(entry_line, russia)) == "- [Russia](../actors/russia.md) (actor)"
    paths = ["actors/serbia.md", "actors/russia.md", "themes/diplomacy.md", "index.md", "actors/serbia/2024.md"]
    paths += ["sources/example-lecture.md", "timeline.md"]
    for entry in tiny_index.dataset.all():
        for path in paths:
            alone = Page(tiny_index, path)  # a page sharing nothing with others
            assert renderer.page(path).once_per_link(entry_line, entry) == entry_line(alone, entry), (entry.id, path)
    with pytest.raises(ValueError, match="cites"):
        serbia.once_per_link(cites, event)


def test_a_filter_that_returns_markup_is_printed_without_finalize(tiny_index):
    """render.MARKUP_FILTERS are printed as they come (finalize would return their Markup unchanged): each of them
    returns Markup, for text and for a list alike."""
    from markupsafe import Markup

    from refsite.render import MARKUP_FILTERS

    env = Site.of_index(tiny_index).renderer.env  # the Renderer adds `pre`
    args = {"join": (", ",), "replace": ("a", "b")}
    for name in MARKUP_FILTERS:
        for value in [["a<b", "c|d"]] if name in ("join", "ids_attr") else ["a_<b>*", 'q"[x]']:
            assert type(env.filters[name](value, *args.get(name, ()))) is Markup, name
    template = env.from_string('{{ v|attr }} {{ v|plain }} {{ v }} {{ ["<", "_"]|join("*") }}')
    assert template.render(v="a_<b>") == "a_&lt;b&gt; a\\_&lt;b&gt; a\\_&lt;b&gt; &lt;*\\_"
    code = env.compile("{{ v|attr }} {{ v|plain }}", raw=True)
    assert code.count("environment.finalize(") == 1  # |plain gives a str: finalize escapes it
