"""Split a long list of dated entries (the Timeline, a list page's rows, Contested points) into pages of bounded
size, by period.

A page that lists every event grows without bound (1.3 MB of HTML for 106 events, most of it footnotes with
their quotes). The Timeline is therefore a list of period pages: each decade is one page; a decade too large
for one page is split into years and a year too large into consecutive parts; neighbouring decades (or years)
small enough to share a page are joined ("1800s–2010s", "2020–2022"). What is "too large" is an estimate of
the page's HTML from the entries' text (`weight`), so the split depends on the data, not on the calendar
alone: as the data grows, a period is split further (old addresses keep working: the Timeline's pages send a
link to an entry they no longer hold to the page that holds it, from `timeline/entries.json`). What an entry
weighs depends on the page: its row and footnotes on a list (`weight`), its disagreements on Contested points
(`dispute_weight`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

# Estimated bytes of HTML a page may hold: half the 1 MB a page must stay under (the estimate is rough).
PAGE_BUDGET = 500_000
# What an entry costs on a page beyond its text, measured on the real Timeline (HTML bytes): the row, each
# claim's markup, and each citation's footnote (source title, publisher, label, chain, links).
ROW_BYTES, CLAIM_BYTES, FOOTNOTE_BYTES = 1_500, 500, 1_100
# A poll's figure: its row in the results table (about 400 bytes on the real Polls page) and its point in the
# chart (a point and its label in two drawings, and its words in the chart's description, three times).
RESULT_BYTES = 900
# An arms transfer's row in the Transfers table and its share of the chart per year (about 700 and 800 bytes at 20
# times the real data): a page of Arms deals by period takes them along.
TRANSFER_BYTES = 1_500
# A disagreement on Contested points, measured there (1.4 to 4.6 KB each): its heading (again in the page's
# contents), the entry it is on and the table's head; each claim giving a value (a table row); each citation (the
# source's publisher, locator, label and provenance chain).
DISPUTE_BYTES, DISPUTED_CLAIM_BYTES, DISPUTE_CITATION_BYTES = 700, 250, 400
# Pages that list entries held elsewhere (Index.splits), measured there: an entry's line on a theme's or actor's
# page (its date and a link); a reader table's row (UN votes, meetings, NIS steps) before its footnotes; a claim
# under its locator on a source's page (a link to its entry, its text, its status and its quote).
LIST_ITEM_BYTES, TABLE_ROW_BYTES, CITING_CLAIM_BYTES = 250, 1_000, 450

Weigh = Callable[[Any], int]


def weight(entry: Any) -> int:
    """Estimated HTML bytes of an entry's row and its footnotes on a list page (a poll's figures, an arms transfer's
    table row and chart included)."""
    total = ROW_BYTES + len(getattr(entry, "title", "") or "")
    for claim in getattr(entry, "claims", None) or []:
        total += CLAIM_BYTES + len(claim.text)
        total += sum(FOOTNOTE_BYTES + len(cit.quote or "") for cit in claim.citations)
    total += TRANSFER_BYTES if getattr(entry, "kind", "") == "arms-deals" else 0
    return total + RESULT_BYTES * len(getattr(entry, "results", None) or [])


def dispute_weight(entry: Any) -> int:
    """Estimated HTML bytes of an entry's disagreements on Contested points (0 for an entry without any)."""
    claims = getattr(entry, "claims", None) or []
    total = 0
    for dispute in getattr(entry, "entry_disputes", None) or []:
        total += DISPUTE_BYTES + 2 * len(dispute.about) + len(dispute.note or "")
        for value in dispute.values:
            total += len(value.value)
            for n in value.claims:
                claim = claims[n - 1]
                total += DISPUTED_CLAIM_BYTES + len(claim.text) + DISPUTE_CITATION_BYTES * len(claim.citations)
    return total


def list_item_weight(entry: Any) -> int:
    """Estimated HTML bytes of an entry's line on a theme's or actor's page."""
    return LIST_ITEM_BYTES + len(getattr(entry, "title", "") or "")


def table_row_weight(entry: Any) -> int:
    """Estimated HTML bytes of an event's row in a reader table with its footnotes (each citation of its claims:
    the row cites most of them)."""
    claims = getattr(entry, "claims", None) or []
    return TABLE_ROW_BYTES + sum(FOOTNOTE_BYTES + len(c.quote or "") for claim in claims for c in claim.citations)


def citing_weight(uses: Sequence[Any]) -> int:
    """Estimated HTML bytes of a locator's claims on a source's page (uses: index.CitationUse, one locator's)."""
    return sum(
        CITING_CLAIM_BYTES + len(u.ref.entry.display_title) + len(u.ref.text) + len(u.citation.quote or "")
        for u in uses
    )


@dataclass(frozen=True)
class Period:
    """One page of a split list: its slug ("2020-2022"), its label ("2020–2022") and its entries in order."""

    slug: str
    label: str
    entries: list[Any]
    level: str  # "decade", "year" or "part": only neighbours of one level are joined
    group: str = ""  # a list apart from the periods ("states-of-affairs", "analyses"), else ""

    def page(self, folder: str) -> str:
        return f"{folder}/{self.slug}.md"


def _year(entry: Any, date_of: Callable[[Any], Any]) -> int | None:
    date = date_of(entry)
    return date.year if date is not None else None


def _parts(entries: Sequence[Any], budget: int, slug: str, label: str, weigh: Weigh, group: str = "") -> list[Period]:
    """Consecutive parts of at most budget (an entry larger than budget alone is a part of its own)."""
    chunks: list[list[Any]] = [[]]
    size = 0
    for entry in entries:
        w = weigh(entry)
        if chunks[-1] and size + w > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += w
    if len(chunks) == 1:
        return [Period(slug, label, chunks[0], "year", group)]
    n = len(chunks)
    return [Period(f"{slug}-part-{i}", f"{label} (part {i} of {n})", c, "part", group) for i, c in enumerate(chunks, 1)]


def _units(entries: Sequence[Any], budget: int, date_of: Callable[[Any], Any], weigh: Weigh) -> list[Period]:
    units: list[Period] = []
    for decade, group in groupby(entries, key=lambda e: _decade(_year(e, date_of))):
        members = list(group)
        if decade is None:
            units += _parts(members, budget, "undated", "Date not stated", weigh)
        elif sum(map(weigh, members)) <= budget:
            units.append(Period(f"{decade}s", f"{decade}s", members, "decade"))
        else:
            for year, in_year in groupby(members, key=lambda e: _year(e, date_of)):
                units += _parts(list(in_year), budget, str(year), str(year), weigh)
    return units


def _decade(year: int | None) -> int | None:
    return None if year is None else year // 10 * 10


def _join(units: Iterable[Period], budget: int, weigh: Weigh) -> list[Period]:
    """Neighbouring decades (or years) joined while their page stays within budget."""
    out: list[Period] = []
    run: list[Period] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        if len(run) == 1:
            out.append(first)
        else:
            entries = [e for p in run for e in p.entries]
            out.append(Period(f"{first.slug}-{last.slug}", f"{first.label}–{last.label}", entries, first.level))
        run.clear()

    size = 0
    for unit in units:
        w = sum(map(weigh, unit.entries))
        joinable = run and unit.level == run[-1].level and unit.level != "part" and unit.slug != "undated"
        if not joinable or size + w > budget:
            flush()
            size = 0
        run.append(unit)
        size += w
    flush()
    return out


def split_by_period(
    entries: Sequence[Any], date_of: Callable[[Any], Any], budget: int = PAGE_BUDGET, weigh: Weigh = weight
) -> list[Period]:
    """entries (in date order) as period pages of at most about budget bytes of HTML each (as weigh estimates)."""
    return _join(_units(entries, budget, date_of, weigh), budget, weigh)


def split_if_over(
    entries: Sequence[Any], date_of: Callable[[Any], Any], budget: int = PAGE_BUDGET, weigh: Weigh = weight
) -> list[Period]:
    """entries (in date order) split by period once they outgrow one page of budget; none while they fit."""
    if sum(map(weigh, entries)) <= budget:
        return []
    return split_by_period(entries, date_of, budget, weigh)


def split_in_parts(
    entries: Sequence[Any], slug: str, label: str, budget: int = PAGE_BUDGET, weigh: Weigh = weight
) -> list[Period]:
    """entries (a group without periods, such as the analyses) as one page, or consecutive parts."""
    return _parts(entries, budget, slug, label, weigh, group=slug) if entries else []
