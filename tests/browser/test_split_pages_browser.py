"""Pages split by period, in a real browser (Debian chromium): on the site built at 20 times the real entries (the
`multiplied_site` of tests/test_page_sizes.py), where Contested points and the polls' results are split
(refsite/periods.py), old links still land: contested/#<id>-d1 and polls/#<id>-c1 are sent on to the page that
holds them (<folder>/entries.json, templates/_moved.md.j2), polls/#results and polls/#chart-polls-over-time stay
on the Polls page at the paragraphs that say where the results went, and a disputed claim's mark opens its
contested point. On the real site: the timeline filter hides the sections it empties from the page's contents
(reader review O3)."""

from __future__ import annotations

import json
from pathlib import Path
import re

from playwright.sync_api import expect
import pytest
import yaml

from .conftest import start_server
from .test_reader_features import FIRST_PAGE, TIMELINE, opened

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def x20(multiplied_site):
    site = Path(multiplied_site["site"])
    server = start_server(site)
    yield {"url": server.base_url, "site": site, "data": Path(multiplied_site["data"])}
    server.stop()


def _moved(site: Path, folder: str) -> dict[str, str]:
    return json.loads((site / folder / "entries.json").read_text(encoding="utf-8"))


def _in_view(page, selector: str) -> None:
    element = page.locator(selector)
    element.wait_for(state="visible")
    box = element.bounding_box()
    assert box is not None and 0 <= box["y"] < DESKTOP["height"], box


def _lands(browser, x20, old: str, holder: str, selector: str) -> None:
    """An old address ('contested/#<id>-d1') opens holder (the built path of the page that holds its anchor now) at
    that anchor, with selector (what shows the anchor) in view, and nothing fails on the way."""
    anchor = old.partition("#")[2]
    with opened(browser, x20["url"], viewport=DESKTOP) as (page, log):
        page.goto(old)
        expect(page).to_have_url(re.compile(rf"/{re.escape(holder)}#{re.escape(anchor)}$"))
        _in_view(page, selector)
        assert not log.problems(), log.problems()  # (loads cut off by leaving a page: conftest.watch)


def test_an_old_link_to_a_contested_point_lands_on_its_page(browser, x20):
    moved = _moved(x20["site"], "contested")
    pages = sorted(set(moved.values()))
    assert len(pages) > 3
    # An entry on a page of Contested points other than the first.
    entry_id = next(e for e, p in sorted(moved.items()) if p == pages[-2])
    target = f"{entry_id}-d1"
    _lands(browser, x20, f"contested/#{target}", pages[-2], f"h2[id='{target}']")


def test_an_old_link_to_a_poll_claim_lands_on_its_period_with_the_row_open(browser, x20):
    site = x20["site"]
    moved = _moved(site, "polls")
    # A poll with figures, on a period page other than the first, whose first claim is shown there.
    pages = sorted({p for p in moved.values() if p.startswith("polls/")})
    html = {p: (site / p / "index.html").read_text(encoding="utf-8") for p in pages[1:]}
    entry_id, holder = next(
        (e, p)
        for e, p in sorted(moved.items())
        if p in html and f'id="{e}-c1"' in html[p] and '<table class="poll-results">' in html[p]
    )
    target = f"{entry_id}-c1"
    # The page has the results table and the chart of its own polls.
    assert html[holder].count('<table class="poll-results">') == html[holder].count('id="chart-polls-over-time"') == 1
    _lands(browser, x20, f"polls/#{target}", holder, f"li:has([id='{target}'])")  # its row opened


@pytest.mark.parametrize("anchor", ["results", "chart-polls-over-time"])
def test_old_links_to_the_results_and_chart_stay_on_the_polls_page(browser, x20, anchor):
    with opened(browser, x20["url"], viewport=DESKTOP) as (page, log):
        page.goto(f"polls/#{anchor}")
        page.wait_for_load_state("networkidle")
        expect(page).to_have_url(re.compile(rf"/polls/#{anchor}$"))
        _in_view(page, f"[id='{anchor}']")
        # It says where they went: the periods' pages, listed on the page.
        periods = page.locator("article li > a").filter(has_text=re.compile(r"^(\d{4}|Date not stated)"))
        assert periods.count() > 3
        assert not log.problems(), log.problems()


@pytest.mark.parametrize(
    ("folder", "pick"),
    [
        ("themes/energy-and-economy", lambda moved: "polls"),  # a section of the theme page
        ("sources/ker-lindsay-video-serbia-russia", lambda moved: max(moved, key=moved.__getitem__)),  # a locator
    ],
    ids=["theme-section", "source-locator"],
)
def test_an_old_link_into_a_split_theme_or_source_lands_on_the_page_that_holds_it(browser, x20, folder, pick):
    """themes/x/#polls and sources/x/#p12 from before the page was split (Index.splits): sent on to the period's
    page or the part that holds the anchor."""
    moved = _moved(x20["site"], folder)
    target = pick(moved)
    holder = moved[target]
    assert len(set(moved.values())) > 1  # the page is split
    _lands(browser, x20, f"{folder}/#{target}", holder, f"[id='{target}']")


def test_a_footnote_lands_on_the_part_of_a_split_source_that_holds_its_locator(browser, x20):
    site = x20["site"]
    moved = _moved(site, "sources/ker-lindsay-video-serbia-russia")
    anchor, part = sorted(moved.items(), key=lambda kv: kv[1])[-1]  # a locator on the last part
    # A page citing that locator: its footnote links to the part, not to the source's first page.
    href = f"sources/ker-lindsay-video-serbia-russia/{part.rstrip('/').rpartition('/')[2]}/#{anchor}"
    citing = next(
        p.relative_to(site).parent.as_posix()
        for p in sorted((site / "timeline").glob("*/index.html"))
        if href in p.read_text(encoding="utf-8")
    )
    with opened(browser, x20["url"], viewport=DESKTOP) as (page, log):
        page.goto(f"{citing}/")
        target = page.locator(f".footnote a[href$='{href}']").first.evaluate("a => a.href")
        page.goto(target)
        expect(page).to_have_url(re.compile(rf"/{re.escape(part)}#{anchor}$"))
        _in_view(page, f"[id='{anchor}']")
        assert not log.problems(), log.problems()  # (loads cut off by leaving a page: conftest.watch)


def test_a_disputed_mark_opens_its_contested_point(browser, x20):
    site, data = x20["site"], x20["data"]
    events = _moved(site, "timeline")
    entry_id = next(e for e in sorted(_moved(site, "contested"), reverse=True) if e in events)
    dispute = yaml.safe_load((data / "events" / f"{entry_id}.yml").read_text(encoding="utf-8"))["disputes"][0]
    claim = f"{entry_id}-c{dispute['values'][0]['claims'][0]}"
    holder = _moved(site, "contested")[entry_id]
    with opened(browser, x20["url"], viewport=DESKTOP) as (page, log):
        page.goto(f"{events[entry_id]}#{claim}")
        mark = page.locator(f"li:has(> [id='{claim}']) a.claim-status--disputed")
        expect(mark).to_have_text(f"Disputed: {dispute['about']}")
        mark.click()
        expect(page).to_have_url(re.compile(rf"/{re.escape(holder)}#{entry_id}-d1$"))
        _in_view(page, f"h2[id='{entry_id}-d1']")
        assert not log.problems(), log.problems()  # (loads cut off by leaving a page: conftest.watch)


def test_the_timeline_filter_hides_emptied_sections_from_the_contents(browser, base_url):
    """O3: with a filter applied, the right-hand table of contents lists only the sections still shown."""
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(FIRST_PAGE)
        page.locator("#timeline-filter").wait_for(state="visible")
        # Each section (a year or decade heading) with the themes of the events under it.
        sections = page.eval_on_selector_all(
            "article h2[id]",
            """hs => hs.map(h => {
                 const themes = [];
                 for (let el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling)
                   if (el.matches('.entry--events')) themes.push(...(el.dataset.themes || '').split(' '));
                 return [h.id, themes];
               })""",
        )
        with_events = [(h, set(themes)) for h, themes in sections if themes]
        assert len(with_events) > 1
        # A theme some sections have and others lack.
        theme = next(
            t
            for e in TIMELINE
            for t in e.themes
            if any(t in ts for _, ts in with_events) and not all(t in ts for _, ts in with_events)
        )
        toc = "nav.md-nav--secondary li:has(> a[href='#{}'])"
        for h, _ in with_events:
            expect(page.locator(toc.format(h))).to_be_visible()
        page.locator("#timeline-filter-theme").select_option(theme)
        for h, themes in with_events:
            heading, item = page.locator(f"h2[id='{h}']"), page.locator(toc.format(h))
            if theme in themes:
                expect(heading).to_be_visible()
                expect(item).to_be_visible()
            else:
                expect(heading).to_be_hidden()
                expect(item).to_be_hidden()
        page.locator(".timeline-filter__reset").click()
        for h, _ in with_events:
            expect(page.locator(toc.format(h))).to_be_visible()
        assert not log.problems(), log.problems()
