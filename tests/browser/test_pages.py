"""The built site in a real browser (Debian chromium): pages load cleanly, citations land, search works."""

from __future__ import annotations

from pathlib import Path
import re

import pytest

from ..conftest import page_of, real_index
from .conftest import ARTIFACTS, _artifact_name, use_small_search_index

INDEX = real_index()


def page_urls(site_dir: Path) -> list[str]:
    urls = []
    for html_file in sorted(site_dir.rglob("*.html")):
        rel = html_file.relative_to(site_dir).as_posix()
        urls.append(rel.removesuffix("index.html"))
    return urls


def test_every_page_loads_without_errors_or_outside_requests(site_dir, page, page_log, base_url):
    """Each built page once: no console error, no failed request, nothing fetched from outside localhost."""
    problems: dict[str, list[str]] = {}
    urls = sorted(page_urls(site_dir), key=lambda u: u != "")  # home first
    assert len(urls) > 50
    for n, url in enumerate(urls):
        if n == 1:  # the real search index loaded on the home page; the others get a small one (faster)
            use_small_search_index(page, site_dir)
        page_log.clear()
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            problems[url] = [f"HTTP {response.status if response else 'no response'}"]
            continue
        # Material loads its search index in a web worker after load: wait for every request to end.
        page_log.settle(page)
        found = page_log.problems()
        if found:
            problems[url] = found
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{_artifact_name('page-' + (url or 'home'))}.png"), full_page=True)
    report = "\n".join(f"{url or '/'}:\n  " + "\n  ".join(p) for url, p in problems.items())
    assert not problems, f"{len(problems)} of {len(urls)} pages had problems:\n{report}"


def _first_use(predicate):
    for source in INDEX.sources:
        for use in INDEX.citations_of[source.id]:
            if predicate(source, use) and use.ref.entry.kind == "events":
                return source, use
    pytest.skip("no such citation in the data")


@pytest.mark.parametrize("kind", ["paragraph", "timestamp"])
def test_clicking_a_citation_lands_on_the_cited_locator(page, page_log, kind):
    # A ¶N or hh:mm:ss locator (not a fact about the document, such as meta:published).
    source, use = _first_use(
        lambda s, u: (s.locators == "paragraph") == (kind == "paragraph") and not u.citation.locator.startswith("meta:")
    )
    anchor = use.citation.anchor
    page.goto(f"{page_of(use.ref.entry.id)}/#{use.ref.anchor}")
    claim = page.locator(f"li:has(#{use.ref.anchor})")
    # The footnote mark of the claim, then the source link in that footnote.
    refs = claim.locator("sup a.footnote-ref, a.footnote-ref")
    assert refs.count() >= 1
    target = None
    for i in range(refs.count()):
        href = refs.nth(i).get_attribute("href")
        note = page.locator(f"[id='{href.lstrip('#')}']")
        link = note.locator(f"a[href*='sources/{source.id}/#{anchor}']")
        if link.count():
            refs.nth(i).click()
            assert page.url.endswith(href)
            target = link.first
            break
    assert target is not None, f"no footnote of #{use.ref.anchor} cites {source.id} at {use.citation.locator}"
    target.click()
    page.wait_for_url(re.compile(rf"/sources/{re.escape(source.id)}/#{re.escape(anchor)}$"))
    heading = page.locator(f"[id='{anchor}']")
    assert heading.is_visible()
    assert use.citation.locator in heading.inner_text()
    box = heading.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] < viewport["height"], f"#{anchor} is not in view: {box}"
    # The claim that cites it is listed under the locator, linking back.
    back = page.locator(f"a[href$='#{use.ref.anchor}']")
    assert back.count() >= 1
    assert not page_log.problems(), page_log.problems()


def _search(page, page_log, query: str):
    """Type query into Material's search box, as a reader would (it reacts to key events, not to fill())."""
    page.goto("")
    page_log.settle(page)  # the search worker has fetched its index
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow screens: the search button opens it
        page.locator("label[for='__search']").first.click()
    box.click()
    page.keyboard.type(query, delay=20)


def test_search_finds_an_entry_and_leads_to_it(page, page_log):
    event = next(e for e in INDEX.events if len(e.title.split()) > 3)
    word = max(re.findall(r"[A-Za-z]{5,}", event.title), key=len)
    _search(page, page_log, word)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() >= 1
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.search(r"\d+ matching document", meta), meta
    first_link = page.locator(".md-search-result__link").first
    href = first_link.get_attribute("href")
    first_link.click()
    page.wait_for_load_state("load")
    assert word.lower() in page.locator("article").inner_text().lower(), f"{word!r} not on {page.url} ({href})"
    assert not page_log.problems(), page_log.problems()


def test_search_for_nonsense_finds_nothing(page, page_log):
    _search(page, page_log, "zqxjvwk")
    meta = page.locator(".md-search-result__meta")
    meta.wait_for(state="visible", timeout=15_000)
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.includes('No matching')", timeout=15_000
    )
    assert page.locator(".md-search-result__item").count() == 0
    assert not page_log.problems(), page_log.problems()
