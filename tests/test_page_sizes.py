"""Pages stay small as the data grows: at the benchmark's size, the real data with every listed entry written 20
times (bench/benchmark.py: multiply_real_data; `make bench` times the same build), no built page is larger than
1 MB of HTML. The Timeline, the long list pages' rows (the polls with their results table and chart), Contested
points, and the pages listing entries held elsewhere (themes, actors, sources, reader tables) are split by period
(refsite/periods.py); old links still land (<folder>/entries.json;
tests/browser/test_reader_layout.py and tests/browser/test_split_pages_browser.py), and so do the links from each
disputed claim to its contested point."""

from __future__ import annotations

import csv
import json
from pathlib import Path
import re

from .conftest import MULTIPLY

MAX_PAGE_BYTES = 1_000_000


def test_no_page_is_over_1_mb_at_20_times_the_data(multiplied_site):
    site = Path(multiplied_site["site"])
    assert multiplied_site["counts"]["events"] >= MULTIPLY * 100  # the bench's size: 20 times the real entries
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    over = {rel: size for rel, size in sizes.items() if size > MAX_PAGE_BYTES}
    assert over == {}
    # The long lists were split into pages by period, and their entries' old addresses are mapped.
    for folder in ("timeline", "arms-deals", "polls", "contested"):
        moved = json.loads((site / folder / "entries.json").read_text(encoding="utf-8"))
        assert len({p for p in moved.values() if p.startswith(f"{folder}/")}) > 3, folder
    # So are the pages that list entries held elsewhere (Index.splits): a theme's, an actor's, a source's claims (in
    # parts by locator) and the reader tables; the anchors that moved (a theme's #events, a source's #p3) are mapped.
    for page in ("themes/energy-and-economy", "actors/serbia", "sources/ker-lindsay-video-serbia-russia"):
        moved = json.loads((site / page / "entries.json").read_text(encoding="utf-8"))
        assert len(set(moved.values())) > 1 and all(p.startswith(f"{page}/") for p in moved.values()), page
        assert 'aria-label="Periods"' in (site / next(iter(moved.values())) / "index.html").read_text(encoding="utf-8")
    for page in ("un-votes", "meetings", "nis-sanctions"):
        parts = [p for p in (site / page).iterdir() if (p / "index.html").is_file()]
        assert len(parts) > 3, page
        assert "<table>" not in (site / page / "index.html").read_text(encoding="utf-8"), page  # its rows moved
    # The first pages of Contested points and Polls list their periods; the disagreements, the results table and
    # the chart are on the periods' pages.
    contested = (site / "contested" / "index.html").read_text(encoding="utf-8")
    polls = (site / "polls" / "index.html").read_text(encoding="utf-8")
    assert 'class="contested"' not in contested and '<table class="poll-results">' not in polls
    assert 'id="results"' in polls and 'id="chart-polls-over-time"' in polls  # old anchors stay, saying where
    # The arms deals' table and chart went with their deals to the periods' pages, their anchors stay (saying where).
    arms = (site / "arms-deals" / "index.html").read_text(encoding="utf-8")
    assert 'class="arms-table"' not in arms and 'id="chart-arms-transfers-by-year"' in arms
    arms_moved = json.loads((site / "arms-deals" / "entries.json").read_text(encoding="utf-8"))
    arms_parts = {p for p in arms_moved.values() if p.startswith("arms-deals/")}
    tables = sum((site / p / "index.html").read_text(encoding="utf-8").count('class="arms-table"') for p in arms_parts)
    assert tables == len(arms_parts) > 3
    # Every figure is in the results table of its period's page, once (poll-results.csv has one row per figure).
    parts = {p for p in json.loads((site / "polls" / "entries.json").read_text(encoding="utf-8")).values()}
    cells = sum(
        (site / p / "index.html").read_text(encoding="utf-8").count('class="poll-results__answer"')
        for p in parts
        if p.startswith("polls/")
    )
    with (site / "downloads" / "poll-results.csv").open(encoding="utf-8", newline="") as f:
        figures = len(list(csv.DictReader(f)))
    assert cells == figures >= MULTIPLY * 50


def test_every_link_to_a_contested_point_lands_on_it_at_20_times_the_data(multiplied_site):
    """Each disputed claim's mark, each entry's "All contested points" and each contested field's "disputed" link
    goes to the page of Contested points that holds the disagreement, at its anchor."""
    site = Path(multiplied_site["site"])
    moved = json.loads((site / "contested" / "entries.json").read_text(encoding="utf-8"))
    ids_of: dict[str, set[str]] = {}
    links = 0
    for page in sorted({site / p / "index.html" for p in _pages_holding_entries(site)}):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]*contested/[^"]*#[^"]*)"', html):
            path, _, anchor = href.partition("#")
            target = (page.parent / path).resolve() / "index.html"
            rel = target.parent.relative_to(site.resolve()).as_posix() + "/"
            assert rel.startswith("contested/") and rel != "contested/", href
            if rel not in ids_of:
                ids_of[rel] = set(re.findall(r' id="([^"]+)"', target.read_text(encoding="utf-8")))
            assert anchor in ids_of[rel], (page, href)
            assert moved[re.sub(r"-d\d+$", "", anchor)] == rel  # the page entries.json names for it
            links += 1
    assert links >= MULTIPLY * 30  # every disagreement's entry links to it, 20 times over


def _pages_holding_entries(site: Path) -> set[str]:
    """The built pages that list entries (Timeline, arms deals, statements and polls by period)."""
    pages: set[str] = set()
    for folder in ("timeline", "arms-deals", "sanctions-statements", "polls"):
        moved = site / folder / "entries.json"
        if moved.is_file():
            pages |= {p.rstrip("/") for p in json.loads(moved.read_text(encoding="utf-8")).values()}
        else:
            pages.add(folder)
    return pages
