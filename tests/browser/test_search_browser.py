"""Search as readers use it, in a real browser (issue 21: M1, M2, L2, L3, L13): the index loads only when the
reader starts a search; answers (entries, at a glance, tables) come before the source pages that back them;
common other spellings find their pages; snippets carry no footnote numbers; a hit inside a closed row opens
the row at the hit."""

from __future__ import annotations

import json
import re

import pytest

from ..conftest import real_index
from .test_reader_features import opened, search

FIRST_LOAD_LIMIT = 800_000  # bytes, raw: the home page with everything it loads, without the search index


def test_the_search_index_loads_only_when_the_reader_starts_a_search(browser, base_url):
    with opened(browser, base_url) as (page, log):
        sizes: dict[str, int] = {}
        page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
        page.goto("")
        log.settle(page)
        page.wait_for_timeout(300)
        assert not any("search_index.json" in url for url in sizes), "the index loaded before any search"
        first_load = sum(sizes.values())
        assert first_load < FIRST_LOAD_LIMIT, f"first load {first_load:,} bytes"
        page.locator("input.md-search__input").click()
        page.wait_for_event("requestfinished", lambda r: "search_index.json" in r.url)
        page.keyboard.type("Vulin", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        assert not log.problems(), log.problems()


@pytest.mark.parametrize(
    "typed, found",
    [
        ("Vuchich", "Vučić"),
        ("Shoygu", "Shoigu"),
        ("Gasprom", "Gazprom"),
        ("Kosova", "Kosovo"),
        ("Mig29", "MiG-29"),
        ("Pantsyr", "Pantsir"),
        ("санкции", "anctions"),
        ("sanctons", "anctions"),
        ("Putn", "Putin"),
    ],
)
def test_common_other_spellings_find_their_pages(browser, base_url, typed, found):
    with opened(browser, base_url) as (page, log):
        results = search(page, log, typed)
        assert found in results, results[:400]
        assert not log.problems(), log.problems()


@pytest.mark.parametrize("typed, answer", [("sanctions", "sanctions"), ("MiG-29", "arms-deals/"), ("poll", "polls/")])
def test_answers_come_before_source_pages(browser, base_url, typed, answer):
    with opened(browser, base_url) as (page, log):
        search(page, log, typed)
        pages = page.eval_on_selector_all(".md-search-result__item > a", "as => as.map(a => new URL(a.href).pathname)")
        first_source = next((i for i, p in enumerate(pages) if "/sources/" in p), len(pages))
        first_answer = next(i for i, p in enumerate(pages) if answer in p)
        assert first_answer < first_source, pages[:8]
        assert "/sources/" not in pages[0], pages[:3]
        assert not log.problems(), log.problems()


def test_snippets_carry_no_footnote_numbers_or_property_tables(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "footnote-ref" not in doc["text"] and 'id="fnref' not in doc["text"], doc["location"]
        assert not re.search(r"<sup>\s*\[?\d+\]?\s*</sup>", doc["text"]), doc["location"]
        if doc["location"].startswith("sources/"):
            assert "Property" not in doc["text"] or "Value" not in doc["text"], doc["location"]


def test_a_hit_inside_a_closed_row_opens_the_row_at_the_hit(browser, base_url):
    with opened(browser, base_url) as (page, log):
        states = next(
            (f"timeline/{p.slug}/" for p in real_index().timeline if p.group == "states-of-affairs"), "timeline/"
        )
        page.goto(f"{states}?h=propaganda#states-of-affairs")  # the Timeline's page of states of affairs
        # Material marks the words once its search worker has indexed (slow on a busy machine).
        page.wait_for_function("document.querySelector('article mark[data-md-highlight]') !== null", timeout=60_000)
        mark = page.locator("details.row[open] mark[data-md-highlight]").first
        mark.wait_for(state="visible")
        page.wait_for_timeout(300)
        box = mark.bounding_box()
        assert box is not None and 0 <= box["y"] <= page.viewport_size["height"], box
        assert not log.problems(), log.problems()
