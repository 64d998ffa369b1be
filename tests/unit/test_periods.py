"""The Timeline's split into pages by period (refsite/periods.py): decades, years too full for their decade,
parts of a year too full for one page, and neighbours joined while their page stays within the budget."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from refsite import periods
from refsite.periods import split_by_period, split_in_parts, weight

pytestmark = pytest.mark.unit

BUDGET = 6_000  # four entries of 1,500 estimated bytes each (an untitled entry without claims)


def entries(*years: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=f"e{i}", title="", claims=[], year=y) for i, y in enumerate(years)]


def date_of(entry: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(year=entry.year)


def test_weight_estimates_the_row_its_claims_and_their_footnotes():
    claim = SimpleNamespace(text="x" * 100, citations=[SimpleNamespace(quote="y" * 50), SimpleNamespace(quote=None)])
    entry = SimpleNamespace(title="t" * 10, claims=[claim])
    assert weight(entry) == periods.ROW_BYTES + 10 + periods.CLAIM_BYTES + 100 + 2 * periods.FOOTNOTE_BYTES + 50
    assert weight(SimpleNamespace(title="", claims=[])) == 1_500


def test_decades_join_and_a_full_decade_splits_into_years():
    split = split_by_period(entries(1990, 1995, 2005, 2021, 2021, 2021, 2022, 2022, 2022, 2022, 2023), date_of, BUDGET)
    assert [(p.slug, p.label, len(p.entries), p.level) for p in split] == [
        ("1990s-2000s", "1990s–2000s", 3, "decade"),  # 4,500 bytes: one page
        ("2021", "2021", 3, "year"),  # the 2020s (12,000) are split by year; 2021 and 2022 together are too much
        ("2022", "2022", 4, "year"),
        ("2023", "2023", 1, "year"),
    ]
    assert [e.id for p in split for e in p.entries] == [f"e{i}" for i in range(11)]  # every entry once, in order


def test_a_year_too_full_for_one_page_is_split_in_parts():
    split = split_by_period(entries(2019, *[2024] * 9), date_of, BUDGET)
    assert [(p.slug, p.label, len(p.entries)) for p in split] == [
        ("2010s", "2010s", 1),
        ("2024-part-1", "2024 (part 1 of 3)", 4),
        ("2024-part-2", "2024 (part 2 of 3)", 4),
        ("2024-part-3", "2024 (part 3 of 3)", 1),
    ]
    assert split[1].page("timeline") == "timeline/2024-part-1.md"


def test_groups_apart_from_the_periods_are_one_page_or_parts():
    assert split_in_parts([], "analyses", "Analyses", BUDGET) == []
    (one,) = split_in_parts(entries(2020, 2021), "analyses", "Analyses", BUDGET)
    assert (one.slug, one.label, one.group) == ("analyses", "Analyses", "analyses")
    parts = split_in_parts(entries(*[2020] * 5), "states-of-affairs", "States of affairs", BUDGET)
    assert [(p.slug, p.label, p.group) for p in parts] == [
        ("states-of-affairs-part-1", "States of affairs (part 1 of 2)", "states-of-affairs"),
        ("states-of-affairs-part-2", "States of affairs (part 2 of 2)", "states-of-affairs"),
    ]


def test_a_polls_figures_weigh_with_it_and_disagreements_weigh_on_contested_points():
    cited = SimpleNamespace(text="x" * 100, citations=[SimpleNamespace(quote="q"), SimpleNamespace(quote="q")])
    poll = SimpleNamespace(title="", claims=[], results=[object()] * 3)
    assert weight(poll) == periods.ROW_BYTES + 3 * periods.RESULT_BYTES
    value = SimpleNamespace(value="41", claims=[1])
    dispute = SimpleNamespace(about="a" * 10, note="n" * 7, values=[value, SimpleNamespace(value="7", claims=[1, 2])])
    entry = SimpleNamespace(claims=[cited, SimpleNamespace(text="", citations=[])], entry_disputes=[dispute])
    claim_one = periods.DISPUTED_CLAIM_BYTES + 100 + 2 * periods.DISPUTE_CITATION_BYTES
    assert periods.dispute_weight(entry) == (
        periods.DISPUTE_BYTES + 2 * 10 + 7 + len("41") + claim_one + len("7") + claim_one + periods.DISPUTED_CLAIM_BYTES
    )
    assert periods.dispute_weight(SimpleNamespace(claims=[], entry_disputes=[])) == 0


def test_a_list_is_split_by_the_weight_it_is_given():
    # Weighed by one unit each, four entries of the 2020s fit a budget of 4; weighed by their rows, they do not.
    listed = entries(2020, 2021, 2022, 2023)
    assert [p.slug for p in split_by_period(listed, date_of, 4, weigh=lambda e: 1)] == ["2020s"]
    assert [p.slug for p in split_by_period(listed, date_of, 4)] == ["2020", "2021", "2022", "2023"]
