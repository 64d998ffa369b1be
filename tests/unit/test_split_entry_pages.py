"""A theme's, an actor's and a source's page and the reader tables stay small as the data grows (issue 23): once
what they list passes the page budget, it moves to pages by period (refsite/periods.py, Index.splits), and old
links still land. A theme's or an actor's entries go to <page>/<period>.md, whose first page lists the periods and
sends an old #events on to the first period holding it (<page>/entries.json); a reader table's rows go to
<table>/<period>.md (its rows have no anchors: its #meetings stays on its first page); a source's claims go to
parts named by their locators, <source>/p1-p3.md, and every footnote citing a locator links to the part that
holds it. Below the budget every page is as before. Small data is split with a small budget
(build_index(page_budget=…)), as the real data would be at its size."""

from __future__ import annotations

import json
from pathlib import Path
import re

import pytest

from refsite.dataset import load_dataset
from refsite.index import build_index
from refsite.periods import citing_weight, list_item_weight, table_row_weight
from refsite.render import Page
from refsite.site import Site

from ..fixtures.talks import add_talks


@pytest.fixture
def talks(tiny_data: Path) -> Path:
    """The tiny data (an analysis of October 2019, a meeting of May 2024) with three more meetings (June 1999, May
    and June 2024), on the theme Diplomacy, of Serbia and Russia, each citing Example News at ¶1 and ¶3."""
    return add_talks(tiny_data, meeting=True)


def _slugs(index, page: str) -> list[tuple[str, str, int]]:
    return [(p.slug, p.label, len(p.entries)) for p in index.splits.get(page, [])]


def test_within_the_budget_no_page_is_split(talks):
    index = build_index(load_dataset(talks))
    assert index.splits == {} and index.locator_pages == {}
    site = Site.of_index(index)
    pages = site.renderer.pages()
    assert '## Events { #events data-search-exclude="" }' in pages["themes/diplomacy.md"]
    assert "Entries by period" not in pages["themes/diplomacy.md"] + pages["actors/serbia.md"]
    assert "| Date | Place and occasion |" in pages["meetings.md"]
    assert "### ¶3 { #p3 }" in pages["sources/example-news-talks.md"]
    assert not any(
        p.startswith(("themes/diplomacy/", "actors/serbia/", "meetings/", "sources/example-news-talks/")) for p in pages
    )
    assert [f for f in site.renderer.moved_entries() if not f.startswith("timeline/")] == []


def test_theme_actor_and_table_pages_split_by_period_once_over_the_budget(talks):
    dataset = load_dataset(talks)
    weights = {e.id: list_item_weight(e) for e in dataset.of("events").values()}
    assert weights["talks-2024-a"] == 250 + len("Talks in May 2024")
    # Room for two entries' lines on a page, not three; a meeting's row is heavier than any line.
    budget = weights["ministers-meet"] + weights["talks-2024-a"]
    assert table_row_weight(dataset.get("talks-2024-a")) > budget
    index = build_index(dataset, page_budget=budget)
    assert _slugs(index, "themes/diplomacy.md") == [
        ("1990s-2010s", "1990s–2010s", 2),  # June 1999 and the analysis of October 2019: neighbouring decades
        ("2024-part-1", "2024 (part 1 of 2)", 2),
        ("2024-part-2", "2024 (part 2 of 2)", 1),
    ]
    assert _slugs(index, "actors/serbia.md") == [
        ("1990s", "1990s", 1),
        ("2024-part-1", "2024 (part 1 of 2)", 2),
        ("2024-part-2", "2024 (part 2 of 2)", 1),
    ]
    # Each meeting's row alone is over the budget: a page each (the tiny meeting has no `meeting` field).
    assert _slugs(index, "meetings.md") == [
        ("1999", "1999", 1),
        ("2024-part-1", "2024 (part 1 of 2)", 1),
        ("2024-part-2", "2024 (part 2 of 2)", 1),
    ]
    site = Site.of_index(index)
    pages = site.renderer.pages()
    # The theme's first page keeps its overview, tables, actors and sources, and lists the periods.
    theme = pages["themes/diplomacy.md"]
    assert "## Entries by period { #entries" in theme and "## Events" not in theme and "## Actors involved" in theme
    assert (
        "- [1990s–2010s](diplomacy/1990s\\-2010s\\.md): 2 entries (the first dated June 1999, the last October 2019)\n"
        "- [2024 \\(part 1 of 2\\)](diplomacy/2024\\-part\\-1\\.md): 2 entries (dated May 2024)\n"
        "- [2024 \\(part 2 of 2\\)](diplomacy/2024\\-part\\-2\\.md): 1 entry (dated June 2024)\n"
    ) in theme
    assert '<li><a href="#entries">Entries by period</a></li>' in theme
    part = pages["themes/diplomacy/1990s-2010s.md"]
    assert part.startswith('---\ntitle: "Diplomacy: 1990s–2010s"\n')
    assert "1990s–2010s: 2 of the 5 entries of this theme, in date order.\n" in part
    assert re.findall(r"^- .*\[(.*?)\]", part, flags=re.M) == ["Talks in June 1999", "A lecture on Serbia–Russia ties"]
    assert '<a aria-current="page" href="./">1990s–2010s</a>' in part  # the bar of periods
    assert "## Overview" not in part and "## Actors involved" not in part
    # An actor's roles and themes stay on its first page; its entries go to the periods' pages.
    actor = pages["actors/serbia.md"]
    assert "## Entries by period { #entries" in actor and "## Themes" in actor and "## Events" not in actor
    assert "[Talks in June 2024]" in pages["actors/serbia/2024-part-2.md"]
    assert "No entries involve" not in pages["actors/serbia/2024-part-2.md"]
    # A table's first page lists the periods under its heading; each period's page has its rows.
    meetings = pages["meetings.md"]
    assert "## Meetings { #meetings }\n\nThe meetings are on one page per period" in meetings
    assert "- [1999](meetings/1999\\.md): 1 meeting (dated June 1999)\n" in meetings
    assert "| Date | Place and occasion |" not in meetings
    assert "| Date | Place and occasion |" in pages["meetings/2024-part-2.md"]
    assert "[Talks in June 2024]" in pages["meetings/2024-part-2.md"]
    assert "Talks in May 2024" not in pages["meetings/2024-part-2.md"]
    assert pages["meetings/1999.md"].startswith('---\ntitle: "Top-level meetings and visits: 1999"\n')
    # Old links land: the sections that moved are sent on to the first period's page that holds them.
    moved = site.renderer.moved_entries()
    assert json.loads(moved["themes/diplomacy/entries.json"]) == {"events": "themes/diplomacy/1990s-2010s/"}
    assert json.loads(moved["actors/serbia/entries.json"]) == {"events": "actors/serbia/1990s/"}
    assert "meetings/entries.json" not in moved  # a table's rows have no anchors
    for path in ("themes/diplomacy.md", "themes/diplomacy/2024-part-1.md", "actors/serbia.md"):
        assert "/entries.json" in pages[path] and "data-moved=" in pages[path], path
    # The periods' pages are not in the navigation (like an entry's own page).
    assert not Site.in_nav("themes/diplomacy/2024-part-1.md") and not Site.in_nav("meetings/1999.md")
    assert Site.in_nav("meetings.md")


def test_a_source_page_splits_its_claims_in_parts_by_locator(talks):
    dataset = load_dataset(talks)
    index = build_index(dataset)
    uses = index.citations_of["example-news-talks"]
    by_locator = {loc: [u for u in uses if u.citation.locator == loc] for loc in ("¶1", "¶2", "¶3")}
    assert {loc: len(u) for loc, u in by_locator.items()} == {"¶1": 4, "¶2": 1, "¶3": 4}
    # Room for ¶1 and ¶2 together, not for ¶3 beside them.
    budget = citing_weight(by_locator["¶1"]) + citing_weight(by_locator["¶2"])
    index = build_index(dataset, page_budget=budget)
    assert _slugs(index, "sources/example-news-talks.md") == [("p1-p2", "¶1–¶2", 2), ("p3", "¶3", 1)]
    assert index.locator_pages["example-news-talks"] == {
        "p1": "sources/example-news-talks/p1-p2.md",
        "p2": "sources/example-news-talks/p1-p2.md",
        "p3": "sources/example-news-talks/p3.md",
    }
    site = Site.of_index(index)
    pages = site.renderer.pages()
    first = pages["sources/example-news-talks.md"]
    assert "| Publisher | Example News |" in first  # the document's properties stay on its page
    assert "### ¶" not in first
    assert (
        "9 citations, in the order of the document, on one page per part of the document so that each page stays "
        "quick to open:\n\n"
        "- [¶1–¶2](example\\-news\\-talks/p1\\-p2\\.md): 5 citations\n"
        "- [¶3](example\\-news\\-talks/p3\\.md): 4 citations\n"
    ) in first
    part = pages["sources/example-news-talks/p3.md"]
    assert re.findall(r"^### (.*) \{ #(\w+) \}$", part, flags=re.M) == [("¶3", "p3")]
    assert "¶3: 4 of the 9 citations of this source, in the order of the document.\n" in part
    assert '<a href="../../../sources/example-news-talks/">All parts</a>' in part
    assert re.findall(r"^### (.*) \{ #(\w+) \}$", pages["sources/example-news-talks/p1-p2.md"], flags=re.M) == [
        ("¶1", "p1"),
        ("¶2", "p2"),
    ]
    # Every footnote citing a locator links to the part that holds it, from the citation's one URL.
    assert index.citation_url(dataset.get("talks-1999").claims[0].citations[0]) == "sources/example-news-talks/p3.md#p3"
    holder = index.view("ministers-meet").page
    page = Page(index, holder)
    note = str(page.citation_text(dataset.get("ministers-meet").claims[1].citations[0]))
    assert note.startswith(f'<a href="{"../" * (holder.count("/") + 1)}sources/example-news-talks/p3/#p3">')
    # So does a citation in the reader tables' downloads (the meeting of June 1999: claim 2, at ¶1).
    files = {d.path: d for d in site.downloads.files()}
    rows = {r["id"]: r for r in json.loads(files["downloads/meetings.json"].content)["rows"]}
    assert [c["source_url"] for c in rows["talks-1999"]["meeting"]["claims"][0]["citations"]] == [
        "/sources/example-news-talks/p1-p2/#p1"
    ]
    # An old sources/example-news-talks/#p2 is sent on to its part.
    assert json.loads(site.renderer.moved_entries()["sources/example-news-talks/entries.json"]) == {
        "p1": "sources/example-news-talks/p1-p2/",
        "p2": "sources/example-news-talks/p1-p2/",
        "p3": "sources/example-news-talks/p3/",
    }


FACTS = """\
version: 2
title: Example News dates its report
kind: state
date: "2024-05"
date_basis: {{basis: published, source: example-news-talks}}
themes: [diplomacy]
actors: [serbia]
claims:
  - text: Example News published its report on the talks in May 2024.
    citations:
{citations}"""


@pytest.mark.parametrize(
    ("facts", "first_part", "listed", "alone"),
    [
        (
            ["meta:published"],
            ("meta-published-p2", "Publication date, ¶1–¶2", 3),
            "- [Publication date, ¶1–¶2](example\\-news\\-talks/meta\\-published\\-p2\\.md): 6 citations\n",
            ("meta-published", "Publication date", 1),
        ),
        (
            ["meta:published", "meta:title"],
            ("meta-published-p2", "Facts about the document, ¶1–¶2", 4),
            "- [Facts about the document, ¶1–¶2](example\\-news\\-talks/meta\\-published\\-p2\\.md): 7 citations\n",
            ("meta-published-meta-title", "Facts about the document", 2),
        ),
    ],
)
def test_a_source_part_names_the_facts_about_the_document_apart_from_its_paragraphs(
    talks, facts, first_part, listed, alone
):
    """The facts about the document come first on a source's page; the part that begins with them names them,
    then its run of paragraphs (it read 'Publication date–¶2', as if the date were a place in the text)."""
    citations = "".join(f"      - {{source: example-news-talks, locator: '{loc}'}}\n" for loc in facts)
    (talks / "events" / "example-news-dates-its-report.yml").write_text(
        FACTS.format(citations=citations), encoding="utf-8"
    )
    dataset = load_dataset(talks)
    uses = build_index(dataset).citations_of["example-news-talks"]
    assert [u.citation.locator for u in uses][: len(facts) + 1] == [*facts, "¶1"]
    # Room for the facts, ¶1 and ¶2 together, not for ¶3 beside them.
    index = build_index(dataset, page_budget=citing_weight([u for u in uses if u.citation.locator != "¶3"]))
    assert _slugs(index, "sources/example-news-talks.md") == [first_part, ("p3", "¶3", 1)]
    slug, label, _ = first_part
    pages = Site.of_index(index).renderer.pages()
    assert listed in pages["sources/example-news-talks.md"]
    part = pages[f"sources/example-news-talks/{slug}.md"]
    assert part.startswith(f'---\ntitle: "Officials meet in Belgrade: {label}"\n')
    assert f"\n{label}: {len(facts) + 5} of the {len(facts) + 9} citations of this source," in part
    # Alone on a part, one fact reads as itself; several, as the facts about the document.
    index = build_index(dataset, page_budget=citing_weight([u for u in uses if u.citation.meta]))
    assert _slugs(index, "sources/example-news-talks.md")[0] == alone
