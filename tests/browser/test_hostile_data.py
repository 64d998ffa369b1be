"""An attacker's data in a real browser: HTML, script and javascript: URLs in every text field never run.

The site is built from a copy of data/ rewritten by tests/fixtures/hostile.py. Every executable part of
the payload calls pwn(n); the page defines pwn to record the call. Pages are loaded, footnote tooltips
shown, links hovered and the search run for the payload: nothing may be recorded and no dialog open.
"""

from __future__ import annotations

import pytest

from .conftest import start_server

RECORDER = "window.__pwned = []; window.pwn = (n) => { window.__pwned.push(n); };"
PAGES = [
    "",
    "timeline/",
    "arms-deals/",
    "sanctions-statements/",
    "polls/",
    "themes/",
    "actors/",
    "sources/",
    "corrections/",
]


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    server = start_server(hostile_site[0])  # built once per session (tests/conftest.py)
    yield server
    server.stop()


def _entity_pages(server) -> list[str]:
    # One page of each generated kind, plus the real pages above.
    out = []
    for kind in ("actors", "sources", "themes"):
        first = sorted(p for p in (server.root / kind).iterdir() if p.is_dir())[0]
        out.append(f"{kind}/{first.name}/")
    return out


def test_payload_never_runs(page_factory, hostile_server):
    page, log = page_factory(hostile_server.base_url)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(RECORDER)
    ran = {}
    for url in PAGES + _entity_pages(hostile_server):
        page.goto(url)
        log.settle(page)
        for ref in page.locator("a.footnote-ref:visible").all()[:5]:  # footnote tooltips render the note's HTML
            ref.hover()
        for link in page.locator("article a[href^='http']:visible").all()[:10]:  # not in closed <details>
            link.hover()
        pwned = page.evaluate("window.__pwned")
        if pwned:
            ran[url] = pwned
    assert not ran, f"payload ran: {ran}"
    assert not dialogs, dialogs


def test_search_results_show_the_payload_as_text(page_factory, hostile_server):
    page, log = page_factory(hostile_server.base_url)
    page.add_init_script(RECORDER)
    page.goto("")
    log.settle(page)
    page.locator("input.md-search__input").click()
    page.keyboard.type("hostile", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert results.count() >= 1
    page.wait_for_timeout(300)  # let images in results (if any were injected) fail and fire onerror
    assert page.evaluate("window.__pwned") == []
    assert page.locator(".md-search-result script, .md-search-result img, .md-search-result svg").count() == 0
    assert "<script>" in page.locator(".md-search-result").inner_text()
