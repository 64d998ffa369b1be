"""Size limits per output: what all entries together may put on one page or chart.

Each file is bounded by the loader (256 KB) and each field by the models (text lengths, URL length, list
lengths); many files together are bounded here. A page that lists every entry of a kind (the timeline, the
arms deals, the statements, the polls) grows with the sum of its entries, and a hostile or mistaken change (a
thousand generated entries) would make it tens of megabytes. The limits are far above the real data (the
timeline's entries hold about 55,000 characters of text, the polls 37 results in 15 series); raise them here
when the data really grows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import DataError
from .loader import RawEntry
from .models import Entry, Poll

Entries = Mapping[str, Mapping[str, Entry]]  # kind -> id -> entry, as Dataset.entries

# Characters of text (every string value of the entries' files) of a kind listed on one page. A list page too
# long for one page moves its rows to pages by period (refsite/periods.py) and keeps its summary table, which
# still grows with every entry: this bounds it (20 times the real data holds about 1.4 million). The Timeline
# has no summary table: it is split by period whatever its size.
MAX_PAGE_TEXT = 5_000_000
LISTING_PAGES = {
    "arms-deals": "the Arms deals page",
    "sanctions-statements": "the Sanctions statements page",
    "polls": "the Polls page",
}
MAX_POLL_RESULTS_TOTAL = 2_000  # poll results drawn in the charts, all polls together (59 in the real data)
MAX_POLL_SERIES = 60  # questions (series) in the poll chart: one small panel each


def text_size(value: Any) -> int:
    """Characters of text in plain data."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    if isinstance(value, dict):
        return sum(len(str(k)) + text_size(v) for k, v in value.items())
    return 0


def check_output_sizes(entries: Entries, raw_entries: Mapping[str, RawEntry]) -> list[DataError]:
    """One error per limit crossed, at the entry (in id order) that crosses it."""
    errors: list[DataError] = []
    for kind, page in LISTING_PAGES.items():
        total = 0
        for entry_id in sorted(entries.get(kind, {})):
            raw = raw_entries.get(entry_id)
            total += text_size(raw.data) if raw is not None else 0
            if total > MAX_PAGE_TEXT:
                errors.append(
                    DataError(
                        entries[kind][entry_id].path,
                        1,
                        1,
                        f"with this entry {page} would hold more than {MAX_PAGE_TEXT:,} characters of entry text",
                        "a page that size is too slow to open; if the data really grew this much, raise "
                        "MAX_PAGE_TEXT in refsite/limits.py in the same change",
                    )
                )
                break
    errors += _poll_limits([p for _, p in sorted(entries.get("polls", {}).items()) if isinstance(p, Poll)])
    return errors


def _poll_limits(polls: list[Poll]) -> list[DataError]:
    results, series = 0, set()
    for poll in polls:
        results += len(poll.results)
        series |= {r.question for r in poll.results}
        problem = ""
        if results > MAX_POLL_RESULTS_TOTAL:
            problem = f"with this poll the charts would draw more than {MAX_POLL_RESULTS_TOTAL:,} results"
        elif len(series) > MAX_POLL_SERIES:
            problem = f"with this poll the chart would have more than {MAX_POLL_SERIES} questions (series)"
        if problem:
            return [
                DataError(
                    poll.path,
                    1,
                    1,
                    problem,
                    "give results only for figures a source states, and share a question's series id between "
                    "polls that asked it; if the data really grew this much, raise the limit in refsite/limits.py",
                )
            ]
    return []
