"""What readers see, measured in a real browser (Debian chromium) at 1280 and 390 px: the compact timeline
(height per event, keyboard, permalinks), the filter's empty state, tables that fit, footnote tap targets,
the theme pages' contents on phones, "At a glance", copying a citation, and search in Cyrillic."""

from __future__ import annotations

import re

from playwright.sync_api import expect
import pytest

from ..conftest import page_of, real_dataset, real_index
from .test_reader_features import FIRST_PAGE, TIMELINE, opened, search

INDEX = real_index()
DATASET = real_dataset()
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_PX_PER_EVENT = 150


# --------------------------------------------------------------------------- the compact timeline


def test_timeline_takes_at_most_150_px_per_event_at_1280(browser, base_url):
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(FIRST_PAGE)
        first_heading = page.locator("h2[id^='decade-'], h2[id^='year-']").first.bounding_box()
        last_row = page.locator("details.row").last.bounding_box()
        height = last_row["y"] + last_row["height"] - first_heading["y"]
        per_event = height / len(TIMELINE)
        assert per_event <= MAX_PX_PER_EVENT, f"{per_event:.0f} px per event"
        heights = page.eval_on_selector_all(
            "details.row > summary", "ss => ss.map(s => s.getBoundingClientRect().height)"
        )
        assert max(heights) <= MAX_PX_PER_EVENT
        assert not log.problems(), log.problems()


def test_rows_open_and_close_from_the_keyboard(browser, base_url):
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(FIRST_PAGE)
        page.locator(".jump-bar a").last.focus()
        summary = page.locator("details.row > summary").first
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('details.row > summary')"):
                break
        assert page.evaluate("document.activeElement.matches('details.row > summary')")
        row = page.locator("details.row:has(> summary:focus)")
        assert not row.evaluate("d => d.open")
        page.keyboard.press("Enter")
        assert row.evaluate("d => d.open") and row.locator("li").first.is_visible()
        page.keyboard.press(" ")
        assert not row.evaluate("d => d.open")
        assert summary.is_visible()
        assert not log.problems(), log.problems()


def test_a_permalink_to_a_claim_opens_its_row(browser, base_url):
    event = next(e for e in INDEX.events if len(e.claims) > 1)
    anchor = f"{event.id}-c2"
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(f"{page_of(event.id)}/#{anchor}")
        claim = page.locator(f"li:has(> [id='{anchor}'])")
        claim.wait_for(state="visible")
        box = claim.bounding_box()
        assert 0 <= box["y"] < DESKTOP["height"]
        assert not log.problems(), log.problems()


@pytest.mark.parametrize("anchor", ["event", "claim", "decade"])
def test_old_timeline_links_land_on_their_entry(browser, base_url, anchor):
    """Links from before the Timeline was split by period (timeline/#<id>, #<id>-c2, #decade-2020) are sent on to
    the page that holds the entry (timeline/entries.json, templates/_timeline_moved.md.j2), filter kept."""
    event = next(e for e in INDEX.timeline[-3].entries if len(e.claims) > 1)  # not on the first page
    theme = event.themes[0]
    target = {"event": event.id, "claim": f"{event.id}-c2", "decade": "decade-2020"}[anchor]
    holder = page_of(event.id)
    if anchor == "decade":  # the first page with events of the 2020s
        holder = next(
            f"timeline/{p.slug}" for p in INDEX.timeline for e in p.entries if INDEX.view(e).decade == "2020s"
        )
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(f"timeline/?theme={theme}#{target}")
        expect(page).to_have_url(re.compile(rf"/{holder}/\?theme={theme}#{target}$"))
        if anchor != "decade":  # a page of years has no decade heading: its top is the place
            element = page.locator(f"[id='{target}']" if anchor == "event" else f"li:has([id='{target}'])")
            element.wait_for(state="visible")  # its row opened
            assert 0 <= element.bounding_box()["y"] < DESKTOP["height"]
        # (Loads that leaving the first page cut off are not counted: conftest.watch.)
        assert not log.problems(), log.problems()


def test_filter_says_when_nothing_matches_and_hides_the_footnotes_of_hidden_events(browser, base_url):
    themes = sorted({t for e in TIMELINE for t in e.themes})
    actors = sorted({a for e in TIMELINE for a in e.actor_ids()})
    # A theme and an actor that each have events on the page, but never the same one: the filter shows nothing.
    theme, actor = next(
        (t, a) for t in themes for a in actors if not any(t in e.themes and a in e.actor_ids() for e in TIMELINE)
    )
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(f"{FIRST_PAGE}?theme={theme}")
        page.locator("#timeline-filter").wait_for(state="visible")
        assert not page.locator(".filter-empty").is_visible()
        # Footnotes: each shown one is cited by a shown event (or by "At a glance"); each hidden one only by
        # hidden events.
        notes = page.eval_on_selector_all(
            ".footnote li[id]",
            """lis => lis.map(li => ({
            hidden: li.hidden,
            owners: [...document.querySelectorAll(`a.footnote-ref[href='#${CSS.escape(li.id)}']`)]
                      .map(a => { const e = a.closest('.entry--events'); return e ? e.hidden : false; })}))""",
        )
        assert any(n["hidden"] for n in notes) and any(not n["hidden"] for n in notes)
        for n in notes:
            if n["owners"]:
                assert n["hidden"] == all(n["owners"]), n
        page.locator("#timeline-filter-actor").select_option(actor)
        empty = page.locator(".filter-empty")
        empty.wait_for(state="visible")
        assert "No event matches" in empty.inner_text()
        assert page.locator(".entry--events:not([hidden])").count() == 0
        # Only the footnotes of what stays shown ("At a glance") remain.
        assert (
            page.eval_on_selector_all(
                ".footnote li[id]:not([hidden])",
                """lis => lis.filter(li =>
            ![...document.querySelectorAll(`a.footnote-ref[href='#${CSS.escape(li.id)}']`)]
              .some(a => !a.closest('.entry--events'))).length""",
            )
            == 0
        )
        assert "Showing 0 of" in page.locator("#timeline-filter [role=status]").inner_text()
        page.locator(".timeline-filter__reset").click()
        empty.wait_for(state="hidden")
        assert not log.problems(), log.problems()


# --------------------------------------------------------------------------- tables, targets, contents

TABLE_PAGES = [
    "arms-deals/",
    "polls/",
    "sanctions-statements/",
    "themes/",
    "contested/",
    "un-votes/",
    "meetings/",
    "actors/",
]


@pytest.mark.parametrize("rel", TABLE_PAGES)
def test_no_table_column_is_cut_off_at_1280_and_phones_get_cards_or_a_scroll_cue(browser, base_url, rel):
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(rel)
        page.wait_for_load_state("load")
        overflowing = page.eval_on_selector_all(
            "article table",
            """ts => ts
            .filter(t => t.scrollWidth > t.clientWidth + 1 ||
                         t.getBoundingClientRect().right > document.querySelector('article').getBoundingClientRect().right + 1)
            .map(t => t.querySelector('th') ? t.querySelector('th').textContent : '?')""",
        )
        assert not overflowing, f"{rel}: tables cut off at 1280 px: {overflowing}"
        assert not log.problems(), log.problems()
    with opened(browser, base_url, viewport=PHONE) as (page, log):
        page.goto(rel)
        page.wait_for_timeout(300)  # readers.js marks scrolling tables after layout
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        cut = page.eval_on_selector_all(
            "article table",
            """ts => ts.filter(t => {
            const wrap = t.closest('.md-typeset__scrollwrap');
            const stacked = getComputedStyle(t).display === 'block' && t.querySelector('td') &&
                            getComputedStyle(t.querySelector('td')).display === 'block';
            const scrolls = t.scrollWidth > t.clientWidth + 1 || (wrap && wrap.scrollWidth > wrap.clientWidth + 1);
            return scrolls && !stacked && !(wrap && wrap.classList.contains('scrolls'));
        }).length""",
        )
        assert cut == 0, f"{rel}: {cut} tables scroll on a phone with no cue"
        assert not log.problems(), log.problems()


def test_arms_table_is_cards_on_phones(browser, base_url):
    with opened(browser, base_url, viewport=PHONE) as (page, log):
        page.goto("arms-deals/")
        cells = page.locator(".arms-table td")
        assert cells.first.evaluate("td => getComputedStyle(td).display") == "block"
        right = page.eval_on_selector_all(
            ".arms-table td", "tds => Math.max(...tds.map(t => t.getBoundingClientRect().right))"
        )
        assert right <= PHONE["width"]
        label = page.locator(".arms-table td:nth-child(2)").first.evaluate(
            "td => getComputedStyle(td, '::before').content"
        )
        assert "Number" in label
        assert not log.problems(), log.problems()


@pytest.mark.parametrize(
    "rel, table, label", [("un-votes/", "un-votes-table", "Serbia"), ("meetings/", "meetings-table", "Who")]
)
def test_vote_and_meeting_tables_are_cards_on_phones(browser, base_url, rel, table, label):
    with opened(browser, base_url, viewport=PHONE) as (page, log):
        page.goto(rel)
        assert page.locator(f".{table} td").first.evaluate("td => getComputedStyle(td).display") == "block"
        right = page.eval_on_selector_all(
            f".{table} td", "tds => Math.max(...tds.map(t => t.getBoundingClientRect().right))"
        )
        assert right <= PHONE["width"]
        column = 4 if table == "un-votes-table" else 3
        before = page.locator(f".{table} td:nth-child({column})").first.evaluate(
            "td => getComputedStyle(td, '::before').content"
        )
        assert label in before
        assert not log.problems(), log.problems()


def test_a_vote_in_the_un_votes_table_leads_to_the_claim_that_states_it(browser, base_url):
    vote = next(e for e in INDEX.un_votes if INDEX.view(e).un_vote.serbia.claims)
    ref = INDEX.view(vote).un_vote.serbia.claims[0]
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto("un-votes/")
        page.locator(f'.un-votes-table a.vote[href$="#{ref.anchor}"]').first.click()
        expect(page).to_have_url(re.compile(rf"/{page_of(vote.id)}/#{ref.anchor}$"))
        claim = page.locator(f"li:has(> [id='{ref.anchor}'])")
        claim.wait_for(state="visible")  # its row opened
        assert 0 <= claim.bounding_box()["y"] < DESKTOP["height"]
        assert not log.problems(), log.problems()


def test_footnote_markers_are_at_least_24_px_tap_targets(browser, base_url):
    with opened(browser, base_url, viewport=PHONE) as (page, log):
        page.goto("")
        sizes = page.eval_on_selector_all(
            ".glance a.footnote-ref",
            """as => as.filter(a => a.offsetParent)
            .map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })""",
        )
        assert sizes and min(w for w, _ in sizes) >= 24 and min(h for _, h in sizes) >= 24, sizes[:5]
        assert not log.problems(), log.problems()


def test_theme_pages_have_a_table_of_contents_on_phones(browser, base_url):
    theme = INDEX.themes[0]
    with opened(browser, base_url, viewport=PHONE) as (page, log):
        page.goto(f"themes/{theme.id}/")
        toc = page.locator("nav.page-toc")
        assert toc.is_visible() and toc.locator("a").count() >= 2
        toc.locator("a").first.click()
        assert not log.problems(), log.problems()
    with opened(browser, base_url, viewport=DESKTOP) as (page, log):
        page.goto(f"themes/{theme.id}/")
        assert not page.locator("nav.page-toc").is_visible()  # the sidebar's is there
        assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_at_a_glance_comes_first_on_home(browser, base_url, viewport):
    home = [q for q in DATASET.of("questions").values() if "home" in q.pages]
    with opened(browser, base_url, viewport=viewport) as (page, log):
        page.goto("")
        blocks = page.locator(".glance__q")
        assert blocks.count() == len(home)
        assert blocks.first.bounding_box()["y"] < 2.2 * viewport["height"]  # near the top, not after methodology
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert not log.problems(), log.problems()


def test_copy_a_citation(browser, base_url):
    event = INDEX.events[0]
    with opened(browser, base_url, viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"]) as (page, log):
        page.goto(f"{page_of(event.id)}/#{event.id}")
        row = page.locator(f"details.row:has([id='{event.id}'])")
        row.locator("details.cite-pop > summary").click()
        button = row.locator(".cite-pop button.cite-copy")
        button.click()
        # The label changes once the clipboard has the text (a promise), and back after 1.5 s.
        expect(button).to_have_text("Copied", timeout=1400)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert event.title in copied
        assert f"{base_url}{page_of(event.id)}/#{event.id}" in copied
        assert not log.problems(), log.problems()


# --------------------------------------------------------------------------- search in Cyrillic


@pytest.mark.parametrize(
    "typed, found", [("Путин", "Putin"), ("Крушик", "Krušik"), ("Шојгу", "Shoigu"), ("Вучић", "Vučić")]
)
def test_search_finds_names_typed_in_cyrillic_without_aliases(browser, base_url, typed, found):
    with opened(browser, base_url) as (page, log):
        results = search(page, log, typed)
        assert found in results, results[:500]
        assert not log.problems(), log.problems()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_footnote_marks_in_a_run_sit_equally_far_apart_whatever_their_digits(browser, base_url, viewport):
    """'[8] [9] [10] [11]': each mark was centred in its 24 px tap target, so a one-digit mark had room on both
    sides and a two-digit one none, and the run closed up at [10] (qa3 Q10). The digits' own boxes are measured
    (the brackets are the same width for every mark), between marks side by side on one line."""
    with opened(browser, base_url, viewport=viewport) as (page, log):
        page.goto("themes/diplomacy-and-visits/")
        page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
        gaps = page.eval_on_selector_all(
            "sup[id^='fnref'] + sup[id^='fnref']",
            """sups => sups.map(sup => {
                const box = s => { const r = document.createRange(); r.selectNodeContents(s.querySelector('a'));
                                   return r.getBoundingClientRect(); };
                const a = box(sup.previousElementSibling), b = box(sup);
                return [sup.previousElementSibling.textContent + '|' + sup.textContent,
                        Math.abs(a.top - b.top) < 2 ? b.left - a.right : null];
            })""",
        )
        same_line = {pair: gap for pair, gap in gaps if gap is not None}
        # both one- and two-digit marks are measured
        assert any(len(p.split("|")[0]) == 1 for p in same_line), same_line
        assert any(len(p.split("|")[1]) == 2 for p in same_line), same_line
        assert max(same_line.values()) - min(same_line.values()) <= 1, same_line
        assert not log.problems(), log.problems()
