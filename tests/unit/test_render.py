"""Markdown pages rendered from a tiny dataset by the Renderer alone, without MkDocs (refsite/render.py)."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup
import markdown

from refsite.dataset import load_dataset
from refsite.index import build_index
from refsite.render import Renderer

SITE_EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "tables", "admonition"]


def footnotes(page: str) -> dict[str, str]:
    return dict(re.findall(r"^\[\^(\d+)\]: (.*)$", page, re.M))


def test_every_generated_page_is_there(tiny_pages):
    assert set(tiny_pages) == {
        "timeline.md", "arms-deals.md", "sanctions-statements.md", "polls.md", "corrections.md", "contested.md",
        "changes.md", "themes/index.md", "actors/index.md", "sources/index.md", "themes/diplomacy.md",
        "actors/serbia.md", "actors/russia.md", "sources/example-news-talks.md", "sources/example-lecture.md"}
    for path, page in tiny_pages.items():
        assert page.startswith("---\ntitle: "), path
        assert "{{" not in page and "{%" not in page, path


def test_claims_carry_their_anchors_and_cite_the_locator_on_the_source_page(tiny_pages):
    timeline = tiny_pages["timeline.md"]
    assert 'id="ministers-meet"' in timeline and 'id="ministers-meet-c1"' in timeline
    notes = footnotes(timeline)
    assert notes["1"].startswith("[Officials meet in Belgrade](sources/example-news-talks.md#p1), Example News, "
                                 "2 May 2024, ¶1")
    assert "[A lecture on the Balkans](sources/example-lecture.md#t-00-01-05)" in notes["4"]
    source = tiny_pages["sources/example-news-talks.md"]
    assert [m for m in re.findall(r"\{ #(p\d+) \}", source)] == ["p1", "p2", "p3"]
    assert "3 citations, in the order of the document." in source


def test_a_video_citation_links_to_its_second(tiny_pages, tiny_index):
    note = footnotes(tiny_pages["timeline.md"])["4"]
    locator = "00:01:05"
    seconds = tiny_index.citations_of["example-lecture"][0].citation.seconds
    assert seconds == 65
    assert f"[watch at {locator}](https://www.youtube.com/watch?v=abcdefghijk&t={seconds}s)" in note


def test_a_quote_links_to_the_passage_of_the_original(tiny_pages):
    note = footnotes(tiny_pages["timeline.md"])["3"]
    assert ": “useful and frank”." in note
    assert '<a href="https://example.org/news/1#:~:text=useful%20and%20frank">original at this passage</a>' in note


def test_inline_markup_and_entry_links_keep_their_spaces(tiny_pages):
    assert "called the talks *useful* and frank, with [Serbia](actors/serbia.md)\\." in tiny_pages["timeline.md"]


def test_text_from_data_renders_as_text(tiny_data):
    path = tiny_data / "events" / "ministers-meet.yml"
    evil = ('title: "<script>alert(1)</script> {#x onclick=alert(2)}"',
            'text: "<img src=x onerror=alert(3)> [click](javascript:alert(4)) **ok**"')
    text = path.read_text(encoding="utf-8").replace("title: Foreign ministers meet in Belgrade", evil[0])
    text = text.replace("text: Serbia's and Russia's foreign ministers held talks in Belgrade, according to "
                        "Example News.", evil[1])
    path.write_text(text, encoding="utf-8")
    page = Renderer(build_index(load_dataset(tiny_data))).pages()["timeline.md"]
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=SITE_EXTENSIONS)
    assert "<script>" not in html and "<img" not in html and 'href="javascript:' not in html
    assert not [el for el in BeautifulSoup(html, "html.parser").find_all(True) if any(a.startswith("on") for a in el.attrs)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<strong>ok</strong>" in html
