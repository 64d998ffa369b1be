"""Contested points and the Polls page stay small as the data grows (issue 23): once their estimated HTML passes the
page budget they are split by period (refsite/periods.py), and every address still lands. Contested points: the
disagreements move to pages by the dates of their entries, each entry's *Disputed* marks and its "All contested
points" link follow them, contested/entries.json sends an old contested/#<id>-d1 on, and a heading is never
repeated (reader review L11). Polls: each period's page has the results table and the chart of its own polls; the
list page keeps #results and #chart-polls-over-time, saying where they went. Below the budget both pages are as
before. Small data is split with a small budget (build_index(page_budget=…)), as the real data would be at its
size."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
import re

import pytest

from refsite.dataset import load_dataset
from refsite.index import build_index
from refsite.periods import dispute_weight, weight
from refsite.site import Site

from ..fixtures.talks import add_talks
from .test_polls import data  # noqa: F401  # the fixture: three polls of Pollco and Otherco

SAME = "How the talks went"


@pytest.fixture
def disputed(tiny_data: Path) -> Path:
    """The tiny data with three events (June 1999, May and June 2024) that each record a disagreement, the two of
    2024 about the same thing."""
    return add_talks(
        tiny_data,
        disputes={"talks-1999": "Whether the talks were held", "talks-2024-a": SAME, "talks-2024-b": SAME},
    )


def _anchors(markdown: str) -> list[str]:
    return re.findall(r"^## .* \{ #([a-z0-9-]+) \}$", markdown, flags=re.M)


# --------------------------------------------------------------------------- Contested points


def test_contested_points_stay_one_page_within_the_budget_and_no_heading_repeats(disputed):
    index = build_index(load_dataset(disputed))
    assert index.contested == []  # three small disagreements: one page, as readers know it
    pages = Site.of_index(index).renderer.pages()
    contested = pages["contested.md"]
    assert _anchors(contested) == ["talks-1999-d1", "talks-2024-a-d1", "talks-2024-b-d1"]  # by their entries' dates
    headings = re.findall(r"^## (.*) \{ #", contested, flags=re.M)
    # L11: the two disagreements about the same thing are told apart by their entries; the other keeps its subject.
    assert headings == [
        "Whether the talks were held",
        "How the talks went — Talks in May 2024",
        "How the talks went — Talks in June 2024",
    ]
    assert "contested/" not in contested and "entries.json" not in contested
    assert "contested/entries.json" not in Site.of_index(index).renderer.moved_entries()
    # A note's mention of a claim links to it, as on the entry (reader review M10).
    assert "*Note:* Only claim [2](timeline.md#talks-2024-a-c2) says where\\." in contested
    ref = index.view("talks-2024-a").claims[0]
    assert ref.dispute_url == "contested.md#talks-2024-a-d1"


def test_contested_points_split_by_period_once_over_the_budget(disputed):
    dataset = load_dataset(disputed)
    w = dispute_weight(dataset.get("talks-1999"))
    assert w == dispute_weight(dataset.get("talks-2024-a")) - 2 * (len(SAME) - len("Whether the talks were held"))
    # Room for the two disagreements of the 2020s on one page, not for all three.
    budget = dispute_weight(dataset.get("talks-2024-a")) * 2
    index = build_index(dataset, page_budget=budget)
    assert [(p.slug, p.label, [e.id for e in p.entries]) for p in index.contested] == [
        ("1990s", "1990s", ["talks-1999"]),
        ("2020s", "2020s", ["talks-2024-a", "talks-2024-b"]),
    ]
    # Each disagreement's place, and every claim that gives one of its values, point to its period's page.
    for entry_id, page in (("talks-1999", "contested/1990s.md"), ("talks-2024-b", "contested/2020s.md")):
        view = index.view(entry_id)
        assert view.disputes[0].url == f"{page}#{entry_id}-d1"
        assert [c.dispute_url for c in view.claims] == [f"{page}#{entry_id}-d1"] * 2
    site = Site.of_index(index)
    pages = site.renderer.pages()
    assert _anchors(pages["contested/1990s.md"]) == ["talks-1999-d1"]
    assert _anchors(pages["contested/2020s.md"]) == ["talks-2024-a-d1", "talks-2024-b-d1"]
    assert "# Contested points: 2020s\n" in pages["contested/2020s.md"]
    # The headings are those of the whole list, however it is split.
    assert "## How the talks went — Talks in June 2024 { #talks-2024-b-d1 }" in pages["contested/2020s.md"]
    # The first page lists the periods and holds no disagreement.
    contested = pages["contested.md"]
    assert _anchors(contested) == []
    assert "3 disagreements, on one page per period" in contested
    assert (
        "- [1990s](contested/1990s\\.md): 1 disagreement, on 1 entry (dated June 1999)\n"
        "- [2020s](contested/2020s\\.md): 2 disagreements, on 2 entries (the first dated May 2024, the last June 2024)\n"
    ) in contested
    # Old links land: contested/#<id>-d1 is sent on to the page that holds it.
    moved = json.loads(site.renderer.moved_entries()["contested/entries.json"])
    assert moved == {
        "talks-1999": "contested/1990s/",
        "talks-2024-a": "contested/2020s/",
        "talks-2024-b": "contested/2020s/",
    }
    for path in ("contested.md", "contested/1990s.md", "contested/2020s.md"):
        assert 'data-moved="' in pages[path] and "contested/entries.json" in pages[path], path
    # The entry's Disputed mark and its "All contested points" link go to the period's page.
    holder = index.view("talks-2024-b").page
    depth = "../" * (holder.count("/") + 1)  # a Timeline period's page, timeline/<slug>/
    entry_page = pages[holder]
    assert f'href="{depth}contested/2020s/#talks-2024-b-d1">Disputed: {SAME}</a>' in entry_page
    unescaped = entry_page.replace("\\", "")  # Markdown's escapes of . - #
    assert f"[All contested points]({'../' * holder.count('/')}contested/2020s.md#talks-2024-b-d1)" in unescaped


# --------------------------------------------------------------------------- Polls


def _results_rows(markdown: str) -> list[str]:
    """The pollster cells of a results table, in order."""
    table = markdown.partition('<table class="poll-results">')[2].partition("</table>")[0]
    return re.findall(
        r'<th scope="rowgroup"[^>]*><a href="[^"]*">([^<]*)</a>.*?class="poll-results__when">([^<]*)', table
    )


def test_polls_split_by_period_take_their_results_and_chart_with_them(data):  # noqa: F811
    dataset = load_dataset(data)
    whole = build_index(dataset)
    assert "polls" not in whole.parts
    weights = {p.id: weight(p) for p in whole.polls}
    # Room for the polls of 2022 and 2023 on one page, not for the report of 2024 too.
    index = build_index(dataset, page_budget=weights["pollco-2022"] + weights["pollco-2023"])
    assert [(p.slug, [e.id for e in p.entries]) for p in index.parts["polls"]] == [
        ("2022-2023", ["pollco-2022", "pollco-2023"]),
        ("2024", ["otherco-2024"]),
    ]
    pages = Site.of_index(index).renderer.pages()
    first, second = pages["polls/2022-2023.md"], pages["polls/2024.md"]
    assert _results_rows(first) == [
        ("Pollco Research Institute (PRI)", "Fieldwork: May 2022"),
        ("Pollco Research Institute (PRI)", "Fieldwork: May 2023"),
    ]
    assert _results_rows(second) == [("Pollco Research Institute (PRI)", "Reported: 2 June 2024 (not the fieldwork)")]
    # Each page's chart joins only its own polls, asked the same question; each point names its pollster; the
    # figure known only through an aggregator is marked. A page with one poll has no chart (nothing to join).
    assert 'id="chart-polls-over-time"' in first and "Poll results over time, 2022–2023" in first
    assert ">PRI 9%</text>" in first and ">PRI 19%</text>" in first
    assert first.count('class="c-point c-point--second-hand"') == 4  # the farmed point and the legend, two drawings
    assert '<span class="second-hand">second-hand</span>' in first
    assert "<figure" not in second and "1 other results" not in second
    # The list page says where they went; its old anchors stay.
    polls = pages["polls.md"]
    assert '<table class="poll-results">' not in polls and "<figure" not in polls
    assert "## Results { #results }" in polls and "{: #chart-polls-over-time }" in polls
    assert "- [2022–2023](polls/2022\\-2023\\.md): 2 entries (the first dated May 2022, the last May 2023)" in polls
    assert "- [2024](polls/2024\\.md): 1 entry (dated 2 June 2024)" in polls

    # The downloads hold the same figures; only the addresses follow the polls to their pages.
    def rows(idx) -> list[dict[str, str]]:
        files = {d.path: d for d in Site.of_index(idx).downloads.files()}
        return list(csv.DictReader(io.StringIO(files["downloads/poll-results.csv"].content)))

    before, after = rows(whole), rows(index)
    assert [r["claim_url"] for r in after] == [
        "/polls/2022-2023/#pollco-2022-c1",
        "/polls/2022-2023/#pollco-2023-c1",
        "/polls/2024/#otherco-2024-c1",
    ]
    strip = lambda r: {k: v for k, v in r.items() if not k.endswith("url")}  # noqa: E731
    assert [strip(r) for r in after] == [strip(r) for r in before]


def test_polls_within_the_budget_keep_their_table_and_chart_on_one_page(data):  # noqa: F811
    pages = Site.of_index(build_index(load_dataset(data))).renderer.pages()
    polls = pages["polls.md"]
    assert [p for p in pages if p.startswith("polls/")] == []
    assert len(_results_rows(polls)) == 3
    assert 'id="chart-polls-over-time"' in polls and "Poll results over time, 2022–2023" in polls
    assert "{: #chart-polls-over-time }" not in polls


# --------------------------------------------------------------------------- Arms deals


def test_arms_deals_split_by_period_take_their_table_and_chart_with_them():
    """Once the arms deals are split by period (here the real deals with a small budget), each period's page has the
    Transfers table and the chart per year of its own deals; the list page keeps #transfers, #per-year and
    #chart-arms-transfers-by-year, saying where they went (the real size: one page with both, as before)."""
    from ..conftest import real_dataset

    dataset = real_dataset()
    deals = [e for e in dataset.of("arms-deals").values() if not e.withdrawn]
    assert build_index(dataset).parts.get("arms-deals") is None  # at the real size: one page
    budget = sum(map(weight, deals)) // 3
    index = build_index(dataset, page_budget=budget)
    parts = index.parts["arms-deals"]
    assert len(parts) >= 3
    paths = {"arms-deals.md", *(p.page("arms-deals") for p in parts)}
    pages = Site.of_index(index).renderer.pages(only=paths)
    listing = pages["arms-deals.md"]
    assert "| Designation | Number |" not in listing and '<figure class="chart"' not in listing
    assert "## Transfers { #transfers }" in listing and "## Per year { #per-year }" in listing
    assert "{: #chart-arms-transfers-by-year }" in listing
    seen: list[str] = []
    for part in parts:
        page = pages[part.page("arms-deals")]
        assert page.count("| Designation | Number |") == 1 and page.count('id="chart-arms-transfers-by-year"') <= 1
        # Each row links to its deal's line on this very page (Markdown-escaped, as '(\#russian\-…)').
        rows = [a.replace("\\", "") for a in re.findall(r"^\| \[.*?\]\(\\#([a-z0-9\\-]+)\)", page, flags=re.M)]
        assert sorted(rows) == sorted(e.id for e in part.entries), part.slug  # its own deals, each once
        seen += rows
    assert sorted(seen) == sorted(e.id for e in deals)
