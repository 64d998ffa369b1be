"""Quotes are compared with the sources' texts after folding what typing changes (refsite/source_texts.py)."""

from __future__ import annotations

import pytest

from refsite.source_texts import normalise


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
