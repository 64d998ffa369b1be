"""Quotes are compared with the sources' texts after folding what typing changes (refsite/source_texts.py)."""

from __future__ import annotations

import pytest

from refsite.date_checks import years_in
from refsite.source_texts import _word_runs, normalise


@pytest.mark.parametrize(
    "typed,folded",
    [
        ("“Serbia’s ‘neutrality’”", "\"Serbia's 'neutrality'\""),
        ("„Srbija“ – 2020 — 2022", '"Srbija" - 2020 - 2022'),
        ("  two\u00a0 spaces\t\ttabs\nand\u2003em\u3000spaces\u2028 ", "two spaces tabs and em spaces"),
        ("Vuc\u030cic\u0301", "Vučić"),  # combining marks composed (NFC)
        ("\u200b", "\u200b"),  # not whitespace: kept
        ("", ""),
    ],
)
def test_a_quote_is_folded_however_it_was_typed(typed, folded):
    assert normalise(typed) == folded


@pytest.mark.parametrize(
    "text,years",
    [
        ("In 1999 and the 2020s", {"1999", "2020"}),
        ("12/2020, 2019-2020 and 2019–2021", {"2019", "2021"}),  # after a slash or hyphen: part of a date or range
        ("x2021 ab2022 19999 2100 1799 1800 2099", {"2021", "2022", "1800", "2099"}),
        ("¶2020: 1920.", {"2020", "1920"}),
        ("٣2020 and 2020٣", set()),  # next to a digit of another script: part of a longer number
        ("no year here, only 12 and 202", set()),
    ],
)
def test_years_in_a_text(text, years):
    assert years_in(text) == years


def test_a_claims_runs_of_words_leave_its_quoted_passages_out():
    runs = _word_runs(
        "Vučić said “we will never impose sanctions on Russia” and called the EU's demands unjust in public"
    )
    assert runs == [
        ("vučić", "said", "and", "called", "the", "eu's", "demands", "unjust", "in", "public"),
    ]
    assert _word_runs("one two three four five six seven eight nine") == []  # fewer than COPY_WORDS words
