"""Readers' features in a real browser (Debian chromium): the timeline filter by keyboard and without
JavaScript, search that forgives spelling, charts that follow the colour scheme, "Cite this" by keyboard,
print, offline, and screenshots for a person to look at (only with REFSITE_SCREENSHOTS=1). axe-core:
tests/browser/test_accessibility.py.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from ..conftest import ROOT, copy_project, page_of, real_index, run_build
from .conftest import ARTIFACTS, DEFAULT_TIMEOUT_MS, PageLog, block_external, start_server, watch

INDEX = real_index()
# The Timeline's first page (its first period, refsite/periods.py) and its events in page order; the filter
# works on the page it is on.
FIRST_PAGE = f"timeline/{INDEX.timeline[0].slug}/" if INDEX.timeline else "timeline/"
TIMELINE = INDEX.timeline[0].entries if INDEX.timeline else INDEX.events
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = ARTIFACTS / "screens"


@contextmanager
def opened(browser, base_url: str, scheme: str = "light", javascript: bool = True, **options):
    """A page in a fresh context: colour scheme, JavaScript on or off; every outside request blocked."""
    log = PageLog()
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(
        base_url=base_url, service_workers="block", color_scheme=scheme, java_script_enabled=javascript, **options
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    block_external(context, log)
    page = context.new_page()
    watch(page, log)
    try:
        yield page, log
    finally:
        context.close()


def visible_entries(page) -> list[str]:
    return page.eval_on_selector_all(
        ".entry--events", "els => els.filter(e => !e.hidden && e.offsetParent).map(e => e.querySelector('h3').id)"
    )


# --------------------------------------------------------------------------- timeline


def test_timeline_filter_works_from_the_keyboard(browser, base_url):
    with opened(browser, base_url) as (page, log):
        page.goto(FIRST_PAGE)
        theme_select = page.locator("#timeline-filter-theme")
        theme_select.wait_for(state="visible")
        assert page.locator("#timeline-filter [role=status]").inner_text() == f"Showing all {len(TIMELINE)} events."

        # Reach the filter with Tab from the element just before it, choose with the arrow keys.
        page.locator("article p").first.click()
        # A period page has no at-a-glance answers (they are on timeline/): the filter follows the intro's link and
        # the period bar, a few tab stops away.
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "timeline-filter-theme":
                break
        assert page.evaluate("document.activeElement.id") == "timeline-filter-theme"
        page.keyboard.press("ArrowDown")
        theme = theme_select.input_value()
        assert theme
        expected = [e.id for e in TIMELINE if theme in e.themes]
        page.wait_for_function(f"document.querySelectorAll('.entry--events:not([hidden])').length == {len(expected)}")
        assert visible_entries(page) == expected
        status = page.locator("#timeline-filter [role=status]").inner_text()
        assert status.startswith(f"Showing {len(expected)} of {len(TIMELINE)} events")
        assert f"theme={theme}" in page.url  # a filtered view can be shared
        # Decades without a shown event lose their heading (states of affairs and analyses are apart).
        decades = {(e.date.year // 10) * 10 for e in TIMELINE if e.id in expected and e.event_kind == "happening"}
        shown = page.eval_on_selector_all("h2[id^='decade-']", "hs => hs.filter(h => !h.hidden).map(h => h.id)")
        assert shown == [f"decade-{d}" for d in sorted(decades)]

        # Tab on to the actor filter; both filters apply together.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "timeline-filter-actor"
        actor = next(a for e in TIMELINE if e.id in expected for a in e.actor_ids())
        page.locator("#timeline-filter-actor").select_option(actor)
        both = [e.id for e in TIMELINE if theme in e.themes and actor in e.actor_ids()]
        page.wait_for_function(f"document.querySelectorAll('.entry--events:not([hidden])').length == {len(both)}")
        assert visible_entries(page) == both

        # The reset button is the next tab stop; Enter shows everything again.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('timeline-filter__reset')")
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelectorAll('.entry--events:not([hidden])').length == {len(TIMELINE)}")
        assert "theme=" not in page.url
        assert not log.problems(), log.problems()


def test_timeline_filter_from_the_address_and_permalinks_always_show_their_event(browser, base_url):
    theme = INDEX.themes[1].id
    outside = next(e for e in TIMELINE if theme not in e.themes)
    with opened(browser, base_url) as (page, log):
        page.goto(f"{FIRST_PAGE}?theme={theme}")
        page.locator("#timeline-filter").wait_for(state="visible")
        assert page.locator("#timeline-filter-theme").input_value() == theme
        assert visible_entries(page) == [e.id for e in TIMELINE if theme in e.themes]
        # A permalink to an event the filter hides clears the filter and shows the event.
        page.goto(f"{FIRST_PAGE}?theme={theme}#{outside.id}")
        page.locator(f"[id='{outside.id}']").wait_for(state="visible")
        assert page.locator("#timeline-filter-theme").input_value() == ""
        assert not log.problems(), log.problems()


def test_pages_read_fine_without_javascript(browser, base_url):
    with opened(browser, base_url, javascript=False) as (page, log):
        page.goto(FIRST_PAGE)
        assert not page.locator("#timeline-filter").is_visible()  # the filter needs the script: not shown
        assert len(visible_entries(page)) == len(TIMELINE)
        assert page.locator("div.footnote li").count() > 10
        summary = page.locator("details.cite-this summary").first
        assert summary.is_visible()
        summary.click()  # <details> opens without a script
        bibtex = page.locator("details.cite-this .cite-this__bibtex").first
        bibtex.wait_for(state="visible", timeout=5000)  # the click's layout may land a moment later
        assert bibtex.is_visible()
        # Rows open without a script, from the keyboard too.
        page.goto(FIRST_PAGE)
        row = page.locator("details.row").first
        row.locator("> summary").focus()
        page.keyboard.press("Enter")
        assert row.evaluate("d => d.open") and row.locator("li").first.is_visible()
        for rel, chart in [("themes/", "events-by-decade"), ("polls/", "polls-over-time")]:
            page.goto(rel)
            svg = page.locator(f"#chart-{chart} svg.chart__svg--wide")
            svg.scroll_into_view_if_needed()
            assert svg.is_visible() and svg.bounding_box()["width"] > 300
        assert not log.problems(), log.problems()


# --------------------------------------------------------------------------- search


def search(page, log: PageLog, query: str) -> str:
    """Type query into Material's search (it reacts to key events) and return the text of the results."""
    page.goto("")
    log.settle(page)  # the search worker has fetched its index
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=20)
    # Material searches on key-up; characters a US keyboard lacks are typed as text input, with no key-up.
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    return page.locator(".md-search-result__list").inner_text()


@pytest.mark.parametrize("typed, found", [("Vucic", "Vučić"), ("Krusik", "Krušik"), ("milosevic", "Milošević")])
def test_search_finds_words_typed_without_diacritics(browser, base_url, typed, found):
    with opened(browser, base_url) as (page, log):
        results = search(page, log, typed)
        assert found in results, results[:500]
        assert not log.problems(), log.problems()


@pytest.fixture(scope="module")
def aliased_site(tmp_path_factory):
    """The site built with Cyrillic and Serbian-Latin aliases on two actors (as editors would add them)."""
    project = copy_project(tmp_path_factory.mktemp("aliases") / "project")
    for actor_id, extra in [("sergei-shoigu", ["Šojgu", "Шојгу"]), ("aleksandar-vucic", ["Вучић"])]:
        path = project / "data" / "actors" / f"{actor_id}.yml"
        text = path.read_text(encoding="utf-8")
        assert "\naliases:\n" in text
        path.write_text(
            text.replace("\naliases:\n", "\naliases:\n" + "".join(f"- {a}\n" for a in extra), 1), encoding="utf-8"
        )
    out = project.parent / "site"
    result = run_build(project, out)
    assert result.returncode == 0, result.stderr
    server = start_server(out, max_seconds=600)
    yield server.base_url
    server.stop()


@pytest.mark.parametrize(
    "typed, found", [("Šojgu", "Shoigu"), ("Шојгу", "Shoigu"), ("Вучић", "Vučić"), ("sojgu", "Shoigu")]
)
def test_search_finds_other_spellings_and_scripts_through_aliases(browser, aliased_site, typed, found):
    with opened(browser, aliased_site) as (page, log):
        results = search(page, log, typed)
        assert found in results, results[:500]
        assert not log.problems(), log.problems()


# Accessibility (axe-core on the pages in light and dark): tests/browser/test_accessibility.py.


def test_charts_follow_the_colour_scheme_and_are_legible_on_phones(browser, base_url):
    colours = {}
    for scheme in ("light", "dark"):
        for width in (1280, 390):
            with opened(browser, base_url, scheme=scheme, viewport={"width": width, "height": 900}) as (page, log):
                page.goto("themes/")
                figure = page.locator("#chart-events-by-decade")
                figure.scroll_into_view_if_needed()
                shown = "wide" if width > 720 else "narrow"
                svg = figure.locator(f"svg.chart__svg--{shown}")
                assert (
                    svg.is_visible()
                    and not figure.locator(f"svg.chart__svg--{'narrow' if shown == 'wide' else 'wide'}").is_visible()
                )
                # Text at least 12 px as rendered, at either width.
                smallest = svg.evaluate(
                    "s => Math.min(...[...s.querySelectorAll('text')].map(t => t.getBoundingClientRect().height))"
                )
                assert smallest >= 12, f"{scheme} {width}px: text {smallest:.1f} px high"
                colours[scheme] = svg.locator("rect.c-bar").first.evaluate("r => getComputedStyle(r).fill")
                assert len(svg.evaluate("s => s.querySelector('desc').textContent")) > 60  # described
                assert not log.problems(), log.problems()
    assert colours["light"] != colours["dark"]  # bars follow the scheme


def test_cite_this_opens_from_the_keyboard(browser, base_url):
    event = INDEX.events[0]
    with opened(browser, base_url) as (page, log):
        page.goto(f"{page_of(event.id)}/#{event.id}")
        summary = page.locator(f".entry:has([id='{event.id}']) details.cite-pop summary")
        summary.focus()
        page.keyboard.press("Enter")
        apa = page.locator(f".entry:has([id='{event.id}']) .cite-pop .cite-this__apa")
        apa.wait_for(state="visible")
        # The full address the reader sees, though the build knew only the path (filled in on opening).
        apa.locator(f"a.cite-url:text-is('{base_url}{page_of(event.id)}/#{event.id}')").wait_for()
        assert f"{base_url}{page_of(event.id)}/#{event.id}" in apa.inner_text()
        assert not log.problems(), log.problems()


# --------------------------------------------------------------------------- print


def test_printed_page_shows_citations_with_source_titles_and_urls(browser, base_url):
    cited = {c.source for e in TIMELINE for claim in e.claims for c in claim.citations}
    source = next(s for s in INDEX.sources if s.urls and s.id in cited)
    with opened(browser, base_url) as (page, log):
        page.goto(FIRST_PAGE)
        page.emulate_media(media="print")
        notes = page.locator("div.footnote")
        assert notes.is_visible()
        url_span = notes.locator(".print-only", has_text=source.urls[0].url).first
        assert url_span.is_visible()
        assert source.title in url_span.locator("xpath=..").inner_text()
        assert not page.locator("#timeline-filter").is_visible()
        page.emulate_media(media="screen")
        assert not url_span.is_visible()
        pdf = page.pdf()  # prints at all, without errors
        assert pdf[:4] == b"%PDF"
        assert not log.problems(), log.problems()


# --------------------------------------------------------------------------- screenshots

SCREEN_PAGES = {
    "home": "",
    "theme": "themes/military-cooperation-and-arms/",
    "timeline": "timeline/",
    "timeline-period": FIRST_PAGE,
    "arms-deals": "arms-deals/",
    "polls": "polls/",
    "un-votes": "un-votes/",
    "meetings": "meetings/",
    "source": "sources/rferl-2020-02-17-shoigu-visit/",
    "themes-chart": "themes/#chart-events-by-decade",
}


@pytest.mark.screenshots  # opt-in: REFSITE_SCREENSHOTS=1 (tests/conftest.py)
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_for_review(browser, base_url, scheme, width):
    """Screenshots of the key pages in both schemes, on a desktop and a phone, for a person to look at
    (test-artifacts/screens/)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    with opened(browser, base_url, scheme=scheme, viewport={"width": width, "height": 900}) as (page, log):
        for name, url in SCREEN_PAGES.items():
            page.goto(url)
            log.settle(page)
            page.wait_for_function(
                "Array.from(document.images).filter(i => i.offsetParent && "
                "i.getBoundingClientRect().top < innerHeight).every(i => i.complete)"
            )
            page.screenshot(path=str(SCREENS / f"{name}-{width}-{scheme}.png"))
            if name in ("home", "source"):
                page.screenshot(path=str(SCREENS / f"{name}-{width}-{scheme}-full.png"), full_page=True)
        assert not log.problems(), log.problems()


# --------------------------------------------------------------------------- footnote previews


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_a_footnote_preview_shows_the_quoted_passage(browser, base_url, how):
    """readers.js previews the footnote beside its mark, its quote included, with the quote's language kept; one
    preview only (Material's content.footnote.tooltips, once on beside it, drew a second one over it)."""
    with opened(browser, base_url) as (page, log):
        page.goto("arms-deals/")
        row = page.locator("details.entry").first
        row.locator("summary").first.click()
        ref = row.locator(".footnote-ref").first
        ref.wait_for(state="visible")
        note_id = ref.get_attribute("href").removeprefix("#")
        quote = page.locator(f'[id="{note_id}"] .cite-quote').text_content() or ""
        assert len(quote.split()) >= 2
        if how == "hover":
            ref.hover()
        else:
            ref.focus()
        tooltip = page.locator(".footnote-preview")
        tooltip.wait_for(state="visible")
        assert quote in tooltip.inner_text()
        assert tooltip.locator(".cite-quote").get_attribute("lang")
        if how == "focus":  # a keyboard preview stays while the pointer moves elsewhere (or the page under it)
            page.mouse.move(3, 300)
            page.mouse.move(6, 320)
            assert tooltip.is_visible()
        page.wait_for_timeout(300)  # Material's tooltips appear after a delay
        assert page.locator(".md-tooltip2").count() == 0
        assert not log.problems(), log.problems()
