"""Dates keep their precision: parsing, labels, sort keys and the refusals (refsite/dates.py)."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from pydantic_core import PydanticCustomError
import pytest

from refsite.dates import FuzzyDate
from refsite.models import DateBasis


@pytest.mark.parametrize(
    "text,precision,label,iso,html",
    [
        ("2020-02-17", "day", "17 February 2020", "2020-02-17", "2020-02-17"),
        ("2019-10", "month", "October 2019", "2019-10", "2019-10"),
        ("2008", "year", "2008", "2008", "2008"),
        ("1990s", "decade", "1990s", "1990s", "1990"),
        ("1804~", "year", "c. 1804", "1804~", "1804"),
        ("2024-05/2024-06", "range", "May–June 2024", "2024-05/2024-06", "2024-05"),
        ("2023-12-30/2024-01-02", "range", "30 December 2023–2 January 2024", "2023-12-30/2024-01-02", "2023-12-30"),
        (2008, "year", "2008", "2008", "2008"),  # YAML reads a bare year as a number
    ],
)
def test_dates_keep_their_precision(text, precision, label, iso, html):
    date = FuzzyDate.parse(text)
    assert (date.precision, date.label, date.iso, date.html_datetime, str(date)) == (precision, label, iso, html, iso)


def test_first_and_last_days_and_sort_order():
    assert FuzzyDate.parse("2020-02").sort_key == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    assert FuzzyDate.parse("1990s").sort_key == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    texts = ["2020", "2020-02-17", "2019-10", "2020-02", "1990s", "2020-01/2020-03"]
    ordered = sorted(texts, key=lambda t: FuzzyDate.parse(t).sort_key)
    # By first day, then by last day: a range of months sorts before the year it starts.
    assert ordered == ["1990s", "2019-10", "2020-01/2020-03", "2020", "2020-02", "2020-02-17"]


def test_approximate_is_kept_on_either_end():
    assert FuzzyDate.parse("1804~").approximate and FuzzyDate.parse("2001/2003~").approximate
    assert not FuzzyDate.parse("2001/2003").approximate
    assert FuzzyDate.parse(FuzzyDate.parse("2008")).iso == "2008"  # parsing a parsed date is a no-op


@pytest.mark.parametrize(
    "value,kind,words",
    [
        ("17.02.2020", "date_format", "is not a date this site understands"),
        ("2020-02-30", "date_impossible", "'2020-02-30' is not a real date"),
        ("2020-13", "date_impossible", "month 13 does not exist"),
        ("0000", "date_impossible", "is not a real date"),
        ("2024-06/2024-05", "date_range", "the range '2024-06/2024-05' ends before it starts"),
        (True, "date_type", "a date must be text"),
        (["2020"], "date_type", "a date must be text"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(value, kind, words):
    with pytest.raises(PydanticCustomError) as caught:
        FuzzyDate.parse(value)
    assert caught.value.type == kind and words in str(caught.value)


def test_an_inferred_date_basis_needs_how_and_says_it_is_inferred():
    basis = DateBasis(basis="inferred", source="some-source", how="Dated by the AP story it rewrites.")
    assert basis.label == "inferred from outside the document"
    with pytest.raises(ValidationError, match="needs 'how'"):
        DateBasis(basis="inferred", source="some-source")
