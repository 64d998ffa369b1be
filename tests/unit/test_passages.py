"""Quotes and figures (refsite/passages.py, refsite/figures.py), in-process on the tiny dataset.

Every paragraph or timestamp citation carries its quote: short, from one paragraph, never on a metadata
locator; every figure of a claim is in its quotes, as digits or number words in the quote's language, or
listed as derived.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from refsite import figures, passages
from refsite.dataset import load_dataset
from refsite.figures import claim_figures, quote_values
from refsite.references import passage_report

from ..fixtures import edits
from ..fixtures.edits import errors_of

EVENT = "events/ministers-meet.yml"
QUOTED = "      - {source: example-news-talks, locator: '¶3', quote: useful and frank}\n"


def edit(data: Path, old: str, new: str) -> None:
    edits.edit(data, EVENT, old, new)


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize(
    "text,figures",
    [
        ("Serbia received 30 T-72B1MS tanks and 30 BRDM-2MS vehicles.", ["30"]),
        ("64% in 2021 and only 45% in August 2022.", ["64%", "45%"]),
        ("worth about €800 million, which it converts to $855 million.", ["€800 million", "$855 million"]),
        ("The poll questioned 1,203 people from 13 to 22 June.", ["1,203"]),
        ("MiG-29s, S-400, G20, the 1990s, the 21st century, ¶7 and 021.rs give no figure.", []),
        ("a 125 mm gun and a 12.7 mm weapon station; 2.7 billion; $1.2bn", ["125", "12.7", "2.7 billion", "$1.2bn"]),
        ("On 24 February 2022, [[ukraine-war-2022|the war]] began; on February 24–25 talks.", []),
        ("Support stood at 5.4 per cent, with 87.2% against.", ["5.4 per cent", "87.2%"]),
        # dates in any case, as IGNORECASE matches them ("ſ" is an "s"; _MONTH_STEM must find them alike)
        ("On 5 ſeptember 40 tanks; SEP. 3 and 7 DECEMBER: 12", ["40", "12"]),
    ],
)
def test_figures_of_a_claim(text, figures):
    assert [f.text for f in claim_figures(text)] == figures


def test_figure_values_carry_their_scale():
    assert [f.value for f in claim_figures("$1.2bn, 75 million euros, 1,500 troops")] == [
        Decimal("1.2e9"),
        Decimal("75e6"),
        Decimal(1500),
    ]


@pytest.mark.parametrize(
    "quote,language,holds,lacks",
    [
        ("Serbia will receive thirty tanks", "en", [30], [3]),
        ("twenty-five aircraft, 1,000 troops", "en", [25, 1000], []),
        ("1.500 vojnika i 1,5 milijardi evra", "sr", [1500, Decimal("1.5"), Decimal("1.5e9")], [Decimal("1.5e6")]),
        ("тридесет тенкова и двадесет пет возила", "sr", [30, 25], []),
        ("trideset tenkova", "hr", [30], []),
        ("тридцать танков на 2 млрд рублей", "ru", [30, 2, Decimal("2e9")], []),
        ("1 000 000 человек", "ru", [1000000], []),
        ("fünfzig Prozent, 3,5 Mio. Euro", "de", [50, Decimal("3.5"), Decimal("3.5e6")], []),
        ("njëzet e pesë tanke", "sq", [20, 5, 25], []),
        ("a million people", "en", [1000000], [1]),
        ("a further €500m over four years, $1.2bn", "en", [Decimal("500e6"), Decimal("1.2e9"), 4], []),
        ("pet godina", "en", [], [5]),  # a Serbian number word in an English quote is not a number
        ("٣٤ and １２", "en", [34, 12], []),  # digits of other scripts, as \d finds them
    ],
)
def test_values_a_quote_holds(quote, language, holds, lacks):
    values = quote_values(quote, language)
    assert all(Decimal(v) in values for v in holds), values
    assert all(Decimal(v) not in values for v in lacks), values


@pytest.mark.parametrize(
    "quote,language,digits",
    [
        ("Serbia will receive thirty tanks", "en", set()),
        ("twenty-five aircraft, 1,000 troops", "en", {1000, 1}),
        # (every reading: "1,5" is 1.5 or 15)
        ("1.500 vojnika i 1,5 milijardi evra", "sr", {1500, Decimal("1.5"), 15, Decimal("1.5e9"), Decimal("15e9")}),
        ("тридцать танков на 2 млрд рублей", "ru", {2, Decimal("2e9")}),
        (
            "a further €500m over four years, $1.2bn",
            "en",
            {500, Decimal("500e6"), Decimal("1.2"), 12, Decimal("1.2e9"), Decimal("12e9")},
        ),
        ("20 5 and 30 i 4", "sr", {20, 5, 25, 30, 4, 34}),
    ],
)
def test_a_quotes_figures_in_digits_are_found_first(quote, language, digits):
    """passages reads a quote's number words only for a figure its digits do not give: those must be a subset
    of all the quote's figures."""
    assert quote_values(quote, language, words=False) == {Decimal(v) for v in digits}
    assert quote_values(quote, language, words=False) <= quote_values(quote, language)


def test_no_number_word_joins_tens_and_units():
    """(What the subset above rests on: two numbers make tens and units across spaces and a conjunction only.)"""
    joins = ["i", "и", "und", "e"]
    assert all(figures._TENS_AND_UNITS.fullmatch(f" {word} ") for word in joins)
    for language in [*figures._WORDS, "fr"]:
        assert not set(joins) & figures._number_words(language).keys()


# --------------------------------------------------------------------------- quotes


def test_a_quote_on_a_metadata_locator_is_refused(tiny_data):
    edit(tiny_data, QUOTED, QUOTED + "      - {source: example-news-talks, locator: 'meta:published', quote: May}\n")
    assert errors_of(tiny_data) == [
        f"data/{EVENT}:16:65: claim 2, citation 2: meta:published is a fact about the document, not a passage, "
        "so it takes no quote (remove 'quote', or cite the paragraph (¶N) that holds these words)"
    ]


def test_an_over_long_quote_is_refused(tiny_data):
    long = " ".join(["word"] * 51)
    edit(tiny_data, "quote: useful and frank}", f"quote: {long}}}")
    assert errors_of(tiny_data) == [
        f"data/{EVENT}:15:53: claim 2, citation 1: the quote is 51 words long; a quote is at most 50 words "
        "(keep the shortest words that carry the claim; where two sentences carry it, cite the locator twice, "
        "each with its own quote)"
    ]
    edit(tiny_data, f"quote: {long}}}", f"quote: {' '.join(['word'] * 50)}}}")
    load_dataset(tiny_data)  # fifty words pass


def test_a_quote_spanning_two_paragraphs_is_refused(tiny_data):
    edit(tiny_data, "quote: useful and frank}", 'quote: "useful and frank\\n\\nThe next paragraph"}')
    assert errors_of(tiny_data) == [
        f"data/{EVENT}:15:53: claim 2, citation 1: the quote spans two paragraphs (it holds a blank line) "
        "(a quote comes from one paragraph: cite each paragraph with its own locator and quote)"
    ]


def test_a_missing_quote_is_refused(tiny_data, monkeypatch):
    edit(tiny_data, "locator: '¶1', quote: Officials meet in Belgrade}", "locator: '¶1'}")
    assert errors_of(tiny_data) == [
        f"data/{EVENT}:11:38: claim 1, citation 1: ¶1 of 'example-news-talks' has no quote (add quote: the "
        "shortest verbatim words at ¶1 that support it, at most 50 words; python -m refsite text "
        "example-news-talks ¶1 prints the passage)"
    ]
    monkeypatch.setattr(passages, "REQUIRE_QUOTES", False)  # the switch, off while data was backfilled: a count
    report = passage_report(load_dataset(tiny_data))
    assert (report.located, report.quoted, len(report.missing_quotes)) == (5, 4, 1)
    assert report.summary()[0] == (
        "quotes: 4 of 5 paragraph/timestamp citations (date bases included) carry their passage (80.0 %); 1 "
        "without a quote "
        "(not yet enforced)"
    )


def test_a_figure_no_quote_holds_is_refused_unless_derived(tiny_data, monkeypatch):
    edit(
        tiny_data,
        "The Russian minister called the talks *useful* and frank",
        "The Russian minister called the 3 talks *useful* and frank, 2 hours in all",
    )
    assert errors_of(tiny_data) == [
        f"data/{EVENT}:13:5: claim 2 gives 3, 2, which no quote of its citations holds (quote the words "
        "that give it (digits or number words); if it is derived (a sum, a conversion, a difference), say so "
        "in the text and list it: derived: ['3'])"
    ]
    monkeypatch.setattr(passages, "REQUIRE_FIGURES", False)
    report = passage_report(load_dataset(tiny_data))
    assert (report.claims_with_figures, report.claims_covered, len(report.missing_figures)) == (1, 0, 1)
    monkeypatch.setattr(passages, "REQUIRE_FIGURES", True)
    edit(tiny_data, "quote: useful and frank}", "quote: useful and frank}\n    derived: ['3', '2']")
    report = passage_report(load_dataset(tiny_data))
    assert (report.claims_covered, report.missing_figures) == (1, [])


def test_derived_names_a_figure_of_the_text(tiny_data):
    edit(tiny_data, "quote: useful and frank}", "quote: useful and frank}\n    derived: ['45%']")
    assert errors_of(tiny_data) == [
        f"data/{EVENT}:16:15: claim 2: 'derived' lists '45%', which is not a figure of the claim's text "
        "(list figures as the text writes them, e.g. derived: ['45%'])"
    ]
