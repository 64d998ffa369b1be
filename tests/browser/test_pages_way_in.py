"""Long pages with a way in (issue 21: M9, L1): home's questions are headings in the contents, with a jump list on
phones; a long page's notes fold into one line, yet every mark opens its note and every back-link (↩) lands on
its mark, even inside a closed row."""

from __future__ import annotations

import pytest

from ..conftest import real_dataset
from .test_reader_features import opened

DATASET = real_dataset()
HOME = sorted(
    (q for q in DATASET.of("questions").values() if "home" in q.pages and not q.withdrawn), key=lambda q: q.order
)


def test_home_questions_are_headings_in_the_contents(browser, base_url):
    with opened(browser, base_url) as (page, log):
        page.goto("")
        toc = page.eval_on_selector_all(
            ".md-sidebar--secondary .md-nav__link", "as => as.map(a => a.getAttribute('href'))"
        )
        assert [f"#{q.id}" for q in HOME] == [h for h in toc if h.lstrip("#") in {q.id for q in HOME}]
        assert page.locator(f"h2#{HOME[-1].id}").is_visible()
        assert not log.problems(), log.problems()
    with opened(browser, base_url, viewport={"width": 390, "height": 844}) as (page, log):
        page.goto("")
        jump = page.locator(".glance__jump a")
        assert jump.count() == len(HOME) and jump.first.bounding_box()["y"] < 2 * 844
        jump.last.click()
        page.wait_for_timeout(300)
        box = page.locator(f"#{HOME[-1].id}").bounding_box()
        assert 0 <= box["y"] < 844, box
        assert not log.problems(), log.problems()


@pytest.mark.parametrize("width", [1280, 390])
def test_folded_notes_stay_reachable_and_back_links_land_on_their_marks(browser, base_url, width):
    with opened(browser, base_url, viewport={"width": width, "height": 844}) as (page, log):
        page.goto("timeline/")
        fold = page.locator("details.footnote-fold")
        assert not fold.evaluate("d => d.open")
        assert fold.bounding_box()["height"] < 100  # the notes take one line until opened
        # A mark inside a closed row, in the middle of the page: its note opens the fold ...
        n = page.locator(".footnote li[id^='fn:']").count() // 2
        page.goto(f"timeline/#fn:{n}")
        note = page.locator(f"li[id='fn:{n}']")
        note.wait_for(state="visible")
        assert fold.evaluate("d => d.open")
        # ... and its back-link lands on the mark, opening its row.
        note.locator("a.footnote-backref").first.click()
        page.wait_for_timeout(400)
        mark = page.locator(f"sup[id='fnref:{n}']")
        assert mark.evaluate("m => !m.closest('details') || m.closest('details').open")
        box = mark.bounding_box()
        assert box is not None and 0 <= box["y"] <= 844, box
        assert not log.problems(), log.problems()


@pytest.mark.parametrize("rel, key", [("sanctions-statements/", 4), ("sources/", 1), ("data/", 1)])
def test_wide_tables_are_cards_on_phones_with_the_key_column_first(browser, base_url, rel, key):
    with opened(browser, base_url, viewport={"width": 390, "height": 844}) as (page, log):
        page.goto(rel)
        row = page.locator(".cards tbody tr").first
        assert row.locator("td").first.evaluate("td => getComputedStyle(td).display") == "block"
        right = page.eval_on_selector_all(
            ".cards td", "tds => Math.max(...tds.map(t => t.getBoundingClientRect().right))"
        )
        assert right <= 390
        # The key cell (the statement, the source, the file) is the card's first line.
        tops = row.locator("td").evaluate_all("tds => tds.map(t => t.getBoundingClientRect().top)")
        assert tops[key - 1] == min(tops)
        assert not log.problems(), log.problems()
