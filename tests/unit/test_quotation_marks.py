"""Quotation marks in our own words are typographic (“…”), as the templates print them; quotes and a source's
title keep the source's marks (readers' audit Q8). The validator refuses a straight mark in a field of our
own words (refsite/references.py, OWN_WORDS) with its place and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from refsite.dataset import load_dataset
from refsite.models import Citation
from refsite.references import curly

from ..conftest import real_dataset
from ..fixtures.edits import edit, errors_of

EVENT = "events/ministers-meet.yml"
HINT = "as the site prints quotation marks; quotes and titles copied from a source keep their own marks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('the "so-called" prime minister', "the “so-called” prime minister"),
        ('"on December 2" (the role\'s date)', "“on December 2” (the role's date)"),
        ('the tag "/REL/"', "the tag “/REL/”"),
        ('gives "six million" at "290 per cubic meter".', "gives “six million” at “290 per cubic meter”."),
        # marks inside words already quoted with “…” are the source's and stay as they are
        ('a scrap, “of Tape.<url>")”, then "at a price"', 'a scrap, “of Tape.<url>")”, then “at a price”'),
        ('a 5" gun', None),  # a mark that closes nothing
        ('he said "yes', None),  # a mark never closed
        ("no marks here", "no marks here"),
    ],
)
def test_curly_pairs_straight_marks(text: str, expected: str | None) -> None:
    assert curly(text) == expected


def test_a_straight_mark_in_a_claim_is_refused_with_its_place_and_the_fix(tiny_data: Path) -> None:
    edit(tiny_data, EVENT, "called the talks *useful* and frank", 'called the talks "useful" and frank')
    assert errors_of(tiny_data) == [
        f"data/events/ministers-meet.yml:13:5: claim 2, 'text': a straight quotation mark (\") in our own words "
        f"(write “useful”, {HINT})"
    ]


def test_every_field_of_our_own_words_is_checked(tiny_data: Path) -> None:
    edit(tiny_data, EVENT, "title: Foreign ministers meet", 'title: Foreign "ministers" meet')
    edit(tiny_data, EVENT, "source: example-news-talks}", "source: example-news-talks, how: 'a \"guess\"'}")
    edit(tiny_data, "actors/serbia.yml", "type: state", 'type: state\nsummary: A "state".')
    edit(tiny_data, "sources/example-lecture.yml", "version: 2", 'version: 2\ndate_note: Dated "roughly".')
    assert [e.split(": a straight")[0] for e in errors_of(tiny_data)] == [
        "data/actors/serbia.yml:4:1: 'summary'",
        "data/events/ministers-meet.yml:2:1: 'title'",
        "data/events/ministers-meet.yml:5:60: 'date_basis', 'how'",  # the field's place, in a flow mapping too
        "data/sources/example-lecture.yml:2:1: 'date_note'",
    ]


def test_verbatim_fields_and_quoted_fragments_keep_their_marks(tiny_data: Path) -> None:
    # a source's title is the document's, byte for byte; an alias is a spelling the documents use
    edit(
        tiny_data,
        "sources/example-news-talks.yml",
        "title: Officials meet in Belgrade",
        "title: '\"Officials\" meet in Belgrade'",
    )
    edit(tiny_data, "actors/russia.yml", "aliases: [Russian Federation]", "aliases: ['\"Russia\"']")
    # our words quoting a fragment whose own marks are straight: inside “…” they are the source's
    edit(tiny_data, EVENT, "called the talks *useful* and frank", 'called the talks “useful"” and frank')
    assert load_dataset(tiny_data).get("ministers-meet") is not None


def test_the_real_data_writes_its_own_words_with_typographic_marks() -> None:
    """data/ loads (it would not with a straight mark in our words) while its quotes keep straight marks where
    the held texts have them: the check does not reach into what a source says."""
    dataset = real_dataset()
    sites = [c for e in dataset.all() for _, c, _ in e.citation_sites()]
    quotes = [q for q in (c.quote if isinstance(c, Citation) else c.text for c in sites) if q and '"' in q]
    assert len(quotes) >= 30
    titles = [s.title for s in dataset.of("sources").values() if '"' in s.title]
    assert len(titles) >= 5
