"""Who published a source, as an actor (reader review O2: News Front's page said "No entries involve this actor
yet" though it published two documents the site cites)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refsite import views
from refsite.dataset import load_dataset
from refsite.errors import DataErrors
from refsite.index import build_index
from refsite.site import Site

from ..conftest import real_index as real_index_of_data

NEWS = "sources/example-news-talks.yml"

PUBLISHER = """\
version: 2
name: Example News
type: media
"""

# A source this site withdrew; nothing cites it.
WIRE = """\
version: 2
title: Officials to meet (wire report)
publisher: Example Wire
type: wire-service
format: article
language: en
machine_translation: "no"
text_held: whole
published: "2024-05-01"
published_basis: page
locators: paragraph
paragraphs: 2
withdrawn:
  date: "2024-06-03"
  reason: The report was found to be a fabrication.
"""


def _edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(data: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_dataset(data)
    return [str(e) for e in caught.value.errors]


def _published(data: Path) -> None:
    (data / "actors" / "example-news.yml").write_text(PUBLISHER, encoding="utf-8")
    _edit(data, NEWS, "publisher: Example News\n", "publisher: Example News\npublisher_actor: example-news\n")


@pytest.mark.parametrize(
    "ref,message",
    [
        (
            "example-new",
            "data/sources/example-news-talks.yml:4:1: 'publisher_actor': unknown actor 'example-new' (did you mean 'example-news'?)",
        ),
        (
            "example-lecture",
            "data/sources/example-news-talks.yml:4:1: 'publisher_actor': 'example-lecture' is a source, not an actor",
        ),
        (
            "nobody",
            "data/sources/example-news-talks.yml:4:1: 'publisher_actor': unknown actor 'nobody' (create data/actors/nobody.yml",
        ),
    ],
)
def test_a_publisher_actor_names_an_actor_in_the_data(tiny_data, ref, message):
    (tiny_data / "actors" / "example-news.yml").write_text(PUBLISHER, encoding="utf-8")
    _edit(tiny_data, NEWS, "publisher: Example News\n", f"publisher: Example News\npublisher_actor: {ref}\n")
    errors = _errors(tiny_data)
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_the_publishers_page_lists_its_documents_and_the_entries_citing_them(tiny_data):
    _published(tiny_data)
    index = build_index(load_dataset(tiny_data))
    pages = Site.of_index(index).renderer.pages()
    page = pages["actors/example-news.md"]
    assert "No entries involve this actor yet." not in page
    published = page.split('## Documents published by Example News { data-search-exclude="" }\n', 1)[1]
    assert [line for line in published.split("\n## ", 1)[0].splitlines() if line.strip()][:2] == [
        "- [Officials meet in Belgrade](../sources/example-news-talks.md) (2 May 2024; Independent outlet · EN)",
        "No entry here is about Example News itself: its work reaches this site through the documents above, "
        "and the entries below cite them.",
    ]
    citing = page.split(
        '## Entries citing these documents { #entries-citing-these-documents data-search-exclude="" }\n', 1
    )[1].split("\n## ", 1)[0]
    assert [line for line in citing.splitlines() if line.startswith("- ")] == [
        '- <span class="list-date">May 2024</span> [Foreign ministers meet in Belgrade](../timeline.md#ministers-meet)',
    ]
    news = views.actor_page(index, index.get("example-news"))
    assert [s.id for s in news.published] == ["example-news-talks"] and news.copies == [] and news.relayed_only
    # The source's page links its publisher; the Actors page counts the documents.
    assert "| Publisher | [Example News](../actors/example-news.md) |" in pages["sources/example-news-talks.md"]
    assert (
        '| [Example News](example-news.md) |  |  | 0<br><span class="cell-note">published 1 document</span> |'
        in pages["actors/index.md"]
    )
    # Without the field, the publisher is text and no actor page lists the document.
    plain = Site.of_index(build_index(load_dataset(_without_field(tiny_data)))).renderer.pages()
    assert "| Publisher | Example News |" in plain["sources/example-news-talks.md"]
    assert "No entries involve this actor yet." in plain["actors/example-news.md"]


def _without_field(data: Path) -> Path:
    _edit(data, NEWS, "publisher_actor: example-news\n", "")
    return data


def test_a_withdrawn_publication_is_not_listed_as_published(tiny_data):
    _published(tiny_data)
    (tiny_data / "sources" / "example-wire.yml").write_text(
        WIRE.replace("publisher: Example Wire\n", "publisher: Example News\npublisher_actor: example-news\n"),
        encoding="utf-8",
    )
    index = build_index(load_dataset(tiny_data))
    assert [s.id for s in index.published_by["example-news"]] == ["example-news-talks"]
    assert [s.id for s in views.actor_page(index, index.get("example-news")).published] == ["example-news-talks"]


def test_news_fronts_page_lists_the_documents_it_published():
    real_index = real_index_of_data()
    page = views.actor_page(real_index, real_index.get("news-front"))
    assert [s.id for s in page.published] == [
        "newsfront-de-putin-belgrade-crowd-2019-01-18",
        "newsfront-de-demostat-poll-2022-06-30",
    ]
    assert [e.id for e in page.citing if e.kind != "actors" and e.kind != "themes"] == [
        "putin-visits-belgrade-2019-01-17",
        "demostat-poll-2022-06",
    ]
    assert page.relayed_only
    # Every source whose publisher is an actor held here says so (the publisher's name as the actor's or an
    # edition of it).
    for source in real_index.dataset.of("sources").values():
        if source.publisher_actor:
            assert source.publisher.startswith(real_index.get(source.publisher_actor).name), source.id
