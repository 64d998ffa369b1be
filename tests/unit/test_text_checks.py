"""Quotes are compared with the sources' texts after folding what typing changes (refsite/source_texts.py)."""

from __future__ import annotations

import pytest

from refsite.date_checks import years_in
from refsite.source_texts import _WORD, _word_runs, _words, normalise


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


WORDS_TYPED = [
    "“Serbia’s ‘neutrality’” – 2020—2022: don’t",
    "  two\u00a0 spaces\t\ttabs\nand\u2003em\u3000spaces\u2028\u0085end ",
    "Vuc\u030cic\u0301 met Lavrov",  # combining marks composed (NFC) before the words are read
    "İSTANBUL ſeptember \u212aelvin a\u0345b",  # lower-casing that adds a mark, letters that fold oddly
    "S-400s, MiG-29 (x2) ‘stab’ ’90s „citat“ «guillemets»",
    "",
]


@pytest.mark.parametrize("typed", WORDS_TYPED)
def test_the_copy_checks_words_are_those_of_the_folded_text(typed):
    # (_words leaves out normalise's folds that only touch what lies between words)
    assert _words(typed) == _WORD.findall(normalise(typed).lower())


def test_the_copy_checks_words():
    assert _words(WORDS_TYPED[0]) == ["serbia's", "'neutrality'", "2020", "2022", "don't"]
    assert _words(WORDS_TYPED[2]) == ["vučić", "met", "lavrov"]


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
