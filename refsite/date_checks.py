"""Dates checked against the sources' texts: a date 'stated' in a paragraph must be there, and a year written
into a claim must come from something the claim cites.

Both catch the same mistake: a date taken from memory or from a document that is not a source in data/,
then presented as if the cited source gave it.
"""

from __future__ import annotations

from collections.abc import Iterator
import re
from typing import Any

from .dataset import Dataset
from .errors import DataError
from .models import META_RE, Source, date_bases

# A year not inside a longer number, a date such as 12/2020 or a range's second half (-2020). The look back is
# written after each year's first digit, so that the search jumps from one "1" or "2" to the next (a pattern that
# begins with a look back is tried at every character: it was most of the date checks' time).
YEAR_RE = re.compile(r"(1(?<![\d/-]1)[89]\d\d|2(?<![\d/-]2)0\d\d)(?!\d)")


class TextLookup:
    """The text at a locator, for any object with text_at(locator) (refsite.source_texts.SourceText)."""

    def __init__(self, texts: dict[str, Any]) -> None:
        self.texts = texts

    def has(self, source_id: str) -> bool:
        return source_id in self.texts

    def at(self, source_id: str, locator: str) -> str | None:
        st = self.texts.get(source_id)
        return st.text_at(locator) if st is not None else None


def years_in(text: str) -> set[str]:
    """Four-digit years 1800–2099 in text (a decade such as '1990s' counts as its first year)."""
    return set(YEAR_RE.findall(text))


def _meta_years(source: Source | None, locator: str) -> set[str]:
    """A claim citing meta:published may give the publication year."""
    m = META_RE.match(locator)
    if source is None or not m or m[1] != "published" or source.published == "undated":
        return set()
    date = source.published
    return {str(date.start.year)} | ({str(date.end.year)} if date.end else set())


def _claims(dataset: Dataset) -> Iterator[tuple[Any, tuple[str | int, ...], Any]]:
    for entry in dataset.all():
        for part, items in entry.statement_lists().items():
            if part != "roles":  # a role's title is no claim of fact
                for i, claim in enumerate(items):
                    yield entry, (part, i, "text"), claim


def check_claim_years(dataset: Dataset, texts: dict[str, Any]) -> list[DataError]:
    """Every year in a claim's text appears in one of its cited passages (or is a cited publication date)."""
    lookup, sources = TextLookup(texts), dataset.of("sources")
    errors: list[DataError] = []
    passage_years: dict[tuple[str, str], set[str] | None] = {}  # a passage is cited by many claims
    for entry, loc, claim in _claims(dataset):
        wanted = years_in(claim.text)
        if not wanted:
            continue
        found: set[str] = set()
        checkable = False
        for cit in claim.citations:
            if META_RE.match(cit.locator):
                found |= _meta_years(sources.get(cit.source), cit.locator)
                checkable = True
                continue
            key = (cit.source, cit.locator)
            if key not in passage_years:
                text = lookup.at(*key)
                passage_years[key] = years_in(text) if text is not None else None
            years = passage_years[key]
            if years is not None:
                found |= years
                checkable = True
            elif not lookup.has(cit.source):
                checkable = False  # a source without a text: nothing to check against
                break
        missing = sorted(wanted - found)
        if checkable and missing:
            raw = dataset.raw[entry.id]
            errors.append(
                DataError(
                    raw.path,
                    *raw.where(loc),
                    f"the claim gives the year {', '.join(missing)}, which none of its cited passages contains",
                    "cite the passage that gives it (meta:published for a publication date), or leave the year out",
                )
            )
    return errors


def check_stated_dates(dataset: Dataset, texts: dict[str, Any]) -> list[DataError]:
    """A date whose basis is 'stated' must have its year(s) in the cited passage."""
    lookup = TextLookup(texts)
    errors: list[DataError] = []
    for entry in dataset.all():
        for loc, date, basis in date_bases(entry):
            if basis.basis != "stated" or not basis.locator:
                continue
            text = lookup.at(basis.source, basis.locator)
            if text is None:
                continue
            years = {str(date.start.year)} | ({str(date.end.year)} if date.end else set())
            if date.start.precision == "decade":
                continue
            missing = sorted(y for y in years if y not in text)
            if missing:
                raw = dataset.raw[entry.id]
                errors.append(
                    DataError(
                        raw.path,
                        *raw.where(loc + ("locator",)),
                        f"the date {date.iso} is 'stated' at {basis.source} {basis.locator}, "
                        f"but that passage does not contain {', '.join(missing)}",
                        "use basis: published, relative or metadata and say 'how'",
                    )
                )
    return errors


def check_dates(dataset: Dataset, texts: dict[str, Any]) -> list[DataError]:
    return check_stated_dates(dataset, texts) + check_claim_years(dataset, texts)
