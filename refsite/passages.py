"""The passage each citation rests on: its quote present, short, from one paragraph and never on a metadata
locator; and every figure a claim gives held by one of its quotes, or listed as derived.

These checks need only the data, so the build runs them everywhere. That a quote is really at its locator is
checked against the sources' texts, where they are (refsite/source_texts.py).

Two checks were switched on only once the data passed them (REQUIRE_QUOTES, REQUIRE_FIGURES); until then
`refsite validate` reported their findings as counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
import re

from .errors import DataError
from .figures import Figure, claim_figures, parse_figures, quote_values
from .loader import RawEntry
from .messages import describe_loc
from .models import META_RE, Citation, Claim, Entry, Source, date_bases
from .originals import same_words

REQUIRE_QUOTES = True  # every paragraph or timestamp citation carries its quote
REQUIRE_FIGURES = True  # every figure of a claim is in its quotes or listed as derived
MAX_QUOTE_WORDS = 50
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass
class Passage:
    """One citation of a place in a source's text: a claim's, an overview item's, a role's or a date's."""

    entry: Entry
    loc: tuple[str | int, ...]  # path of the citation (or date basis) in the entry's data
    source: str
    locator: str | None
    quote: str | None

    @property
    def what(self) -> str:
        """'claim 2, citation 1', "'date_basis'": for messages only."""
        return describe_loc(self.loc)


def passages(entry: Entry) -> Iterator[Passage]:
    for part, items in entry.statement_lists().items():
        for i, claim in enumerate(items):
            for j, cit in enumerate(claim.citations):
                yield Passage(entry, (part, i, "citations", j), cit.source, cit.locator, cit.quote)
    for where, _date, basis in date_bases(entry):
        yield Passage(entry, where, basis.source, basis.locator, basis.quote)


@dataclass
class PassageReport:
    """What the checks found; `errors` gate the build, the switched checks gate once switched on."""

    errors: list[DataError] = field(default_factory=list)
    missing_quotes: list[DataError] = field(default_factory=list)
    missing_figures: list[DataError] = field(default_factory=list)
    located: int = 0  # paragraph and timestamp citations (date bases included)
    quoted: int = 0
    claims_with_figures: int = 0
    claims_covered: int = 0  # of those, claims whose every figure is in a quote or derived
    same_words: int = 0  # located citations of sources whose page holds the words we hold (originals.py)
    at_passage: int = 0  # of those, quoted: their footnote links the original at the passage

    @property
    def gated(self) -> list[DataError]:
        return (
            self.errors
            + (self.missing_quotes if REQUIRE_QUOTES else [])
            + (self.missing_figures if REQUIRE_FIGURES else [])
        )

    def summary(self) -> list[str]:
        """Lines for `refsite validate`: the switched checks' counts while they do not gate."""

        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:.1f} %" if b else "100 %"

        lines = [
            f"quotes: {self.quoted} of {self.located} paragraph/timestamp citations (date bases included) carry "
            "their passage "
            f"({pct(self.quoted, self.located)})"
            + ("" if REQUIRE_QUOTES else f"; {len(self.missing_quotes)} without a quote (not yet enforced)"),
            f"figures: {self.claims_covered} of {self.claims_with_figures} claims with figures have every figure "
            f"in their quotes or listed as derived ({pct(self.claims_covered, self.claims_with_figures)})"
            + ("" if REQUIRE_FIGURES else f"; {len(self.missing_figures)} figures not found (not yet enforced)"),
            f"originals: {self.at_passage} of {self.same_words} citations whose source's page holds the words we "
            "hold link the original at the passage (translations, videos and summaries link the page only)",
        ]
        return lines


def check_passages(
    entries: Iterable[Entry], raw: Mapping[str, RawEntry], sources: Mapping[str, Source]
) -> PassageReport:
    report = PassageReport()
    held = {sid for sid, src in sources.items() if same_words(src)}  # (asked of each source once)
    for entry in entries:
        r = raw[entry.id]
        for p in passages(entry):
            _check_passage(p, r, report)
            if p.source in held and p.locator and not META_RE.match(p.locator):
                report.same_words += 1
                report.at_passage += bool(p.quote)
        _check_figures(entry, r, sources, report)
    return report


def _check_passage(p: Passage, raw: RawEntry, report: PassageReport) -> None:
    quote_at = p.loc + ("quote",)  # found (raw.where) only for an error: positions are read again for it
    if p.locator is None:  # a date basis resting on the publication date: no passage
        if p.quote:
            report.errors.append(
                DataError(
                    raw.path,
                    *raw.where(quote_at),
                    f"{p.what}: a quote needs the locator of its passage",
                    "add locator: '¶N' (the paragraph holding these words), or remove 'quote'",
                )
            )
        return
    if META_RE.match(p.locator):
        if p.quote:
            report.errors.append(
                DataError(
                    raw.path,
                    *raw.where(quote_at),
                    f"{p.what}: {p.locator} is a fact about the document, not a passage, so it takes no quote",
                    "remove 'quote', or cite the paragraph (¶N) that holds these words",
                )
            )
        return
    report.located += 1
    if not p.quote:
        report.missing_quotes.append(
            DataError(
                raw.path,
                *raw.where(p.loc + ("locator",)),
                f"{p.what}: {p.locator} of '{p.source}' has no quote",
                f"add quote: the shortest verbatim words at {p.locator} that support it, at most "
                f"{MAX_QUOTE_WORDS} words; python -m refsite text {p.source} {p.locator} prints the passage",
            )
        )
        return
    report.quoted += 1
    words = len(p.quote.split())
    if words > MAX_QUOTE_WORDS:
        report.errors.append(
            DataError(
                raw.path,
                *raw.where(quote_at),
                f"{p.what}: the quote is {words} words long; a quote is at most {MAX_QUOTE_WORDS} words",
                "keep the shortest words that carry the claim; where two sentences carry it, cite the locator "
                "twice, each with its own quote",
            )
        )
    if "\n" in p.quote and _BLANK_LINE.search(p.quote):  # (a blank line holds two line breaks: looked for in C)
        report.errors.append(
            DataError(
                raw.path,
                *raw.where(quote_at),
                f"{p.what}: the quote spans two paragraphs (it holds a blank line)",
                "a quote comes from one paragraph: cite each paragraph with its own locator and quote",
            )
        )


def _check_figures(
    entry: Entry,
    raw: RawEntry,
    sources: Mapping[str, Source],
    report: PassageReport,
) -> None:
    for part, items in entry.statement_lists().items():
        for i, claim in enumerate(items):
            if not isinstance(claim, Claim) or claim.withdrawn is not None:  # a role states no figures
                continue  # withdrawn because wrong: it is shown as such, not checked
            figures = claim_figures(claim.text)
            values = {f.value for f in figures} if claim.derived else set()
            for k, item in enumerate(claim.derived):
                listed = parse_figures(item)
                if not listed or not listed <= values:
                    report.errors.append(
                        DataError(
                            raw.path,
                            *raw.where((part, i, "derived", k)),
                            f"{describe_loc((part, i))}: 'derived' lists {item!r}, which is not a figure of the claim's text",
                            "list figures as the text writes them, e.g. derived: ['45%']",
                        )
                    )
            if not figures:
                continue
            report.claims_with_figures += 1
            derived = set().union(*(parse_figures(d) for d in claim.derived)) if claim.derived else set()
            located = [c for c in claim.citations if not META_RE.match(c.locator)]
            missing = _not_quoted([f for f in figures if f.value not in derived], located, sources)
            if not missing and located:
                report.claims_covered += 1
                continue
            if any(not c.quote for c in located) or not located:
                continue  # reported as a missing quote; the figures are checked once the quotes are there
            shown = ", ".join(f.text for f in missing)
            report.missing_figures.append(
                DataError(
                    raw.path,
                    *raw.where((part, i, "text")),
                    f"{describe_loc((part, i))} gives {shown}, which no quote of its citations holds",
                    "quote the words that give it (digits or number words); if it is derived (a sum, a "
                    f"conversion, a difference), say so in the text and list it: derived: [{missing[0].text!r}]",
                )
            )


def _not_quoted(figures: list[Figure], located: list[Citation], sources: Mapping[str, Source]) -> list[Figure]:
    """The figures none of the quotes holds."""
    missing = figures
    for cit in located:
        if not missing:
            break  # (the other quotes' figures are not needed)
        if cit.quote:
            # A claim's figures are mostly in its quotes' digits: a quote's words are read for number words only
            # when a figure is not among those (a subset of its figures: quote_values).
            language = _language(sources, cit)
            for words in (False, True):
                values = quote_values(cit.quote, language, words)
                missing = [f for f in missing if f.value not in values]
                if not missing:
                    break
    return missing


def _language(sources: Mapping[str, Source], cit: Citation) -> str:
    src = sources.get(cit.source)
    return src.language if src is not None else "en"
