"""Stage 2, second half: the checks between entries, once each file has loaded.

Every reference (themes, actors, sources, [[links]]) names an entry of the right kind; citations name a
locator the source has; date bases rest on what the entry cites; relay chains, out-of-scope paragraphs,
withdrawn sources, the questions' answers, poll series, output sizes and the passages' quotes hold; our own
words (OWN_WORDS) use typographic quotation marks. All problems are collected, never just the first, and each
names file, line and fix.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
import functools
import re
from typing import TYPE_CHECKING, Any

from .dates import FuzzyDate
from .errors import DataError, did_you_mean
from .limits import check_output_sizes
from .loader import RawEntry
from .messages import describe_loc
from .models import (
    ENTRY_TYPES,
    ID_PATTERN,
    LOCATOR_PATTERN,
    META_RE,
    TIMESTAMP_RE,
    Source,
    date_bases,
    locator_paragraph,
)
from .passages import PassageReport, check_passages

if TYPE_CHECKING:
    from .dataset import Dataset

_ID_RE = re.compile(ID_PATTERN)
_LOCATOR_RE = re.compile(LOCATOR_PATTERN)  # a paragraph (¶N), a timestamp (hh:mm:ss) or meta:<field>
LINK_RE = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")

# Which fields hold ids of which kind of entry.
REF_FIELDS = {
    "themes": "themes",
    "actors": "actors",
    "supplier": "actors",
    "recipient": "actors",
    "via": "actors",
    "manufacturer": "actors",
    "speaker": "actors",
    "pollster": "actors",
    "sponsor": "actors",
    "participants": "actors",
    "actor": "actors",
    "publisher_actor": "actors",
    # A relay's or a date basis's source (a citation, which also has a locator, is checked as one).
    "source": "sources",
}
INLINE_FIELDS = {"text", "summary"}

# The fields written in our own words (claims, notes, titles, descriptions, roles, how a date was found …), where
# quoted words take typographic marks (“…”), as the templates print them. Verbatim fields keep the source's
# marks byte for byte and are not here: every `quote` (a citation's, a date basis's, a statement's quote.text),
# a source's title, original_title, publisher, authors and attribution, aliases, a poll's question.
# A field named here is prose wherever it occurs; OWN_WORDS_AT names fields by their path (list indexes left out).
# tests/unit/test_quotation_marks.py sorts every free-text field of the models into these or its VERBATIM list.
OWN_WORDS = frozenset(
    {
        "about",  # a dispute's subject
        "answer",  # a poll result's answer, worded neutrally
        "author_note",
        "date_note",
        "description",
        "gaps",
        "how",  # how a date was found, on every date basis
        "label",  # what a source's address is
        "method",  # a poll's
        "note",  # a claim's, a dispute's, a statement quote's
        "occasion",
        "pollster_note",
        "publisher_note",
        "reason",  # a withdrawal's, an out_of_scope item's
        "reliability",
        "sample",
        "subject",  # what a UN vote was on
        "summary",
        "system",
        "title_note",
        "title_translation",
        "venue",
        "what",  # what of a relay's
        "when_note",
    }
)
OWN_WORDS_AT = frozenset(
    {
        ("claims", "text"),
        ("overview", "text"),
        ("notes", "text"),
        ("disputes", "values", "value"),
        ("roles", "title"),
    }
)


def own_words(kind: str, names: tuple[str, ...]) -> bool:
    """Whether the field at names (the field names on its path, list indexes left out) of an entry of kind
    is in our own words: OWN_WORDS anywhere, OWN_WORDS_AT, an entry's title but a source's (the document's),
    a question's question."""
    return (
        names[-1] in OWN_WORDS
        or names in OWN_WORDS_AT
        or (names == ("title",) and kind != "sources")
        or (names == ("question",) and kind == "questions")
    )


_OPENS_BEFORE = frozenset(" \t\n([{–—‘“-")  # after one of these (or at the start), a '"' opens a quotation
_CURLY_SPAN = re.compile(r"“[^“”]*”")  # words quoted in typographic marks: verbatim, whatever marks they hold


def curly(text: str) -> str | None:
    """text with each straight double quotation mark made typographic (“…”), or None when they do not pair
    up (an opening mark follows the start, a space or an opening bracket or dash; the marks must alternate).
    Marks inside words already quoted with “…” are the source's and stay."""
    out, expect_open, kept = [], True, {i for m in _CURLY_SPAN.finditer(text) for i in range(*m.span())}
    for i, ch in enumerate(text):
        if ch != '"' or i in kept:
            out.append(ch)
            continue
        opens = i == 0 or text[i - 1] in _OPENS_BEFORE
        if opens != expect_open:
            return None
        out.append("“" if opens else "”")
        expect_open = not opens
    return "".join(out) if expect_open else None


def _check_marks(value: str, loc: tuple[str | int, ...], name: str, raw: RawEntry, errors: list[DataError]) -> None:
    """A straight double quotation mark in a field of our own words (OWN_WORDS), outside words quoted in
    typographic marks (a verbatim fragment keeps the marks it has: “of Tape.<url>")”)."""
    if '"' not in _CURLY_SPAN.sub("", value) or not own_words(
        raw.kind, tuple(p for p in loc if isinstance(p, str)) + (name,)
    ):
        return
    fixed = curly(value)
    first = re.search(r"“[^”]{1,60}”", fixed) if fixed is not None else None
    errors.append(
        raw.error(
            loc + (name,),
            f'{describe_loc(loc + (name,))}: a straight quotation mark (") in our own words',
            (f"write {first[0]}" if first else "write “ and ” around quoted words")
            + ", as the site prints quotation marks; quotes and titles copied from a source keep their own marks",
        )
    )


def check_references(dataset: Dataset, failed: Sequence[RawEntry] = ()) -> list[DataError]:
    """Check every reference; in files that failed validation (failed), those still readable."""
    errors: list[DataError] = []
    all_ids = {e.id for e in dataset.all()} | dataset.broken
    # The ids a reference to each kind may name without an error: the kind's, and those of broken files.
    known = {kind: dataset.of(kind).keys() | dataset.broken for kind in set(REF_FIELDS.values())}
    for raw in [dataset.raw[entry.id] for entry in dataset.all()] + list(failed):
        _walk(raw.data, (), raw, dataset, all_ids, known, errors)
    errors.extend(_check_withdrawn_sources(dataset))
    errors.extend(_check_date_bases(dataset))
    errors.extend(_check_relays(dataset))
    errors.extend(_check_out_of_scope(dataset))
    errors.extend(_check_answers(dataset))
    errors.extend(_check_poll_series(dataset))
    errors.extend(check_output_sizes(dataset.entries, dataset.raw))
    errors.extend(passage_report(dataset).gated)  # quotes and figures (refsite/passages.py)
    return errors


def passage_report(dataset: Dataset) -> PassageReport:
    """Every cited passage's quote, and each claim's figures against its quotes (refsite/passages.py)."""
    return check_passages(dataset.all(), dataset.raw, dataset.of("sources"))


def _check_answers(dataset: Dataset) -> list[DataError]:
    """A question's answers ('<entry-id>#c<N>') name a live claim of a live entry."""
    errors: list[DataError] = []
    for question in dataset.of("questions").values():
        raw = dataset.raw[question.id]
        for i, (entry_id, number) in enumerate(question.answer_refs):
            where = ("answers", i)
            entry = dataset.get(entry_id)
            if entry is None:
                if entry_id not in dataset.broken:
                    ids = [e.id for e in dataset.all() if e.all_claims()]
                    errors.append(
                        raw.error(
                            where,
                            f"answer {i + 1}: unknown entry '{entry_id}'",
                            did_you_mean(entry_id, ids) or "answers name '<entry-id>#c<N>'",
                        )
                    )
                continue
            claims = entry.all_claims()
            if not 1 <= number <= len(claims):
                errors.append(
                    raw.error(
                        where,
                        f"answer {i + 1}: '{entry_id}' has no claim {number} (it has {len(claims)})",
                        "claims are numbered from 1, as in their anchors -c1, -c2",
                    )
                )
            elif entry.withdrawn or claims[number - 1].withdrawn:
                errors.append(
                    raw.error(
                        where,
                        f"answer {i + 1}: claim {number} of '{entry_id}' is withdrawn",
                        "answer with a claim the site still shows",
                    )
                )
    return errors


def _check_poll_series(dataset: Dataset) -> list[DataError]:
    """A poll series (results[].question) joins one question: the answers one poll gives under it (several
    when the shares of one question are split: 'Against', 'For') must be worded as another poll of the series
    words at least one of them. Two polls whose answers under one series share no wording asked different
    things (CRTA's 'The West most responsible' is not Demostat's 'NATO responsible'): the chart would put them
    in one panel. Each needs its own series id."""
    errors: list[DataError] = []
    seen: dict[str, list[tuple[str, set[str]]]] = {}  # series -> [(poll id, its answers)]
    for poll in sorted(dataset.of("polls").values(), key=lambda p: p.id):
        answers: dict[str, dict[str, int]] = {}  # series -> answer -> first result index
        for i, result in enumerate(poll.results):
            answers.setdefault(result.question, {}).setdefault(result.answer, i)
        raw = dataset.raw[poll.id]
        for series, mine in answers.items():
            for other_id, theirs in seen.get(series, []):
                if theirs & set(mine):
                    continue
                answer, i = next(iter(mine.items()))
                errors.append(
                    raw.error(
                        ("results", i, "answer"),
                        f"poll series '{series}' joins different answers: '{answer}' here, "
                        + ", ".join(f"'{a}'" for a in sorted(theirs))
                        + f" in {other_id}, none worded alike",
                        "a series joins only the same question (the same wording, or one the pollster itself "
                        f"presents as the same): give this result its own series id, e.g. "
                        f"'{series}-{poll.pollster or poll.id}', or word the answer exactly as the other if it is "
                        "the same question",
                    )
                )
                break
            seen.setdefault(series, []).append((poll.id, set(mine)))
    return errors


def _contains(outer: FuzzyDate, inner: FuzzyDate) -> bool:
    """Whether the date outer covers the date inner (both FuzzyDate)."""
    o_end = (outer.end or outer.start).last_day
    i_end = (inner.end or inner.start).last_day
    return outer.start.first_day <= inner.start.first_day and i_end <= o_end


def _check_date_bases(dataset: Dataset) -> list[DataError]:
    """A date's basis must rest on what the entry cites: a stated date on a cited paragraph, a publication
    date on a cited source whose publication date it is."""
    errors: list[DataError] = []
    sources = dataset.of("sources")
    for entry in dataset.all():
        # (only these two bases rest on what the entry cites: its citations are gathered for them alone)
        resting = [
            (loc, date, basis) for loc, date, basis in date_bases(entry) if basis.basis in ("stated", "published")
        ]
        if not resting:
            continue
        raw = dataset.raw[entry.id]
        cited = {(c.source, c.locator) for _, c, _ in entry.citation_sites()}
        cited_sources = {s for s, _ in cited}
        for loc, date, basis in resting:
            src = sources.get(basis.source)
            if src is None:
                continue  # reported as an unknown source
            where = loc + ("basis",)
            if basis.basis == "stated" and (basis.source, basis.locator) not in cited:
                errors.append(
                    raw.error(
                        where,
                        f"the date is 'stated' in {basis.source} "
                        f"{basis.locator}, but no claim of this entry cites that passage",
                        "cite it in the claim that gives the date",
                    )
                )
            elif basis.basis == "published":
                if basis.source not in cited_sources:
                    errors.append(
                        raw.error(
                            where,
                            f"the date is {basis.source}'s publication date, "
                            "but no claim of this entry cites that source",
                        )
                    )
                elif src.published == "undated":
                    errors.append(
                        raw.error(
                            where,
                            f"source '{src.id}' is undated: its publication date cannot date this entry",
                            "use basis: inferred, metadata or relative, with 'how'",
                        )
                    )
                elif not (_contains(date, src.published) or _contains(src.published, date)):
                    errors.append(
                        raw.error(
                            where,
                            f"{date.iso} is not the publication date of '{src.id}' ({src.published.iso})",
                        )
                    )
    return errors


def _check_relays(dataset: Dataset) -> list[DataError]:
    """A provenance chain must not come back to where it started."""
    errors: list[DataError] = []
    sources = dataset.of("sources")
    for src in sources.values():
        for i, relay in enumerate(src.relays):
            path, todo = [src.id], [relay.source] if relay.source else []
            while todo:
                sid = todo.pop()
                if sid == src.id:
                    raw = dataset.raw[src.id]
                    errors.append(
                        raw.error(
                            ("relays", i, "source"),
                            "the provenance chain comes back to this source: " + " → ".join(path + [src.id]),
                            "a source cannot relay itself",
                        )
                    )
                    break
                if sid in path or sid not in sources:
                    continue
                path.append(sid)
                todo.extend(r.source for r in sources[sid].relays if r.source)
    return errors


def _check_out_of_scope(dataset: Dataset) -> list[DataError]:
    errors: list[DataError] = []
    for src in dataset.of("sources").values():
        raw = dataset.raw[src.id]
        for i, part in enumerate(src.out_of_scope):
            for j, locator in enumerate(part.locators):
                m = re.match(r"^¶(\d+)$", locator)
                where = ("out_of_scope", i, "locators", j)
                if not m or src.locators != "paragraph":
                    errors.append(raw.error(where, f"out_of_scope lists '{locator}', not a paragraph"))
                elif int(m[1]) > (src.paragraphs or 0):
                    errors.append(raw.error(where, f"source has {src.paragraphs} paragraphs, no {locator}"))
                elif int(m[1]) in src.not_content:
                    errors.append(raw.error(where, f"{locator} is page chrome (not_content) already"))
    return errors


def _check_withdrawn_sources(dataset: Dataset) -> list[DataError]:
    """A claim still shown must not rest on a withdrawn source (withdrawn ones may: they are history), nor a source
    still shown relay one."""
    errors: list[DataError] = []
    sources = dataset.of("sources")
    withdrawn = {sid for sid, src in sources.items() if src.withdrawn}
    for entry in dataset.all() if withdrawn else ():  # (with no source withdrawn, no citation is looked at)
        if entry.withdrawn:
            continue
        raw = dataset.raw[entry.id]
        for loc, cit, claim in entry.citation_sites():
            if claim is not None and claim.withdrawn:
                continue
            if cit.source in withdrawn:
                errors.append(
                    raw.error(
                        loc + ("source",),
                        f"{describe_loc(loc)} cites source '{cit.source}', which is withdrawn",
                        "cite another source, or withdraw this claim too (withdrawn: {date, reason})",
                    )
                )
    # A source still shown must not relay a withdrawn one: its provenance would name, as where its text comes
    # from, a document this site withdrew, and the claims resting on it would lean on that document unseen.
    for src in sources.values():
        if src.withdrawn:
            continue
        for i, relay in enumerate(src.relays):
            original = sources.get(relay.source) if relay.source else None
            if original is not None and original.withdrawn:
                errors.append(
                    dataset.raw[src.id].error(
                        ("relays", i, "source"),
                        f"relay {i + 1} names source '{original.id}', which is withdrawn",
                        "withdraw this source too (withdrawn: {date, reason}), or, if the original still stands, "
                        "take back its withdrawal",
                    )
                )
    return errors


def _check_links(
    value: str, loc: tuple[str | int, ...], name: str, raw: RawEntry, all_ids: Collection[str], errors: list[DataError]
) -> None:
    for m in LINK_RE.finditer(value):
        if m[1].strip() not in all_ids:
            errors.append(
                raw.error(
                    loc + (name,),
                    f"{describe_loc(loc) + ': ' if loc else ''}link [[{m[1]}]] points to no entry",
                    did_you_mean(m[1].strip(), all_ids),
                )
            )


def _check_text(
    value: str, loc: tuple[str | int, ...], name: str, raw: RawEntry, all_ids: Collection[str], errors: list[DataError]
) -> None:
    """A text field's [[links]] and its quotation marks."""
    if name in INLINE_FIELDS and "[[" in value:
        _check_links(value, loc, name, raw, all_ids, errors)
    if '"' in value:
        _check_marks(value, loc, name, raw, errors)


def _walk(
    data: Any,
    loc: tuple[str | int, ...],
    raw: RawEntry,
    dataset: Dataset,
    all_ids: Collection[str],
    known: dict[str, set[str]],
    errors: list[DataError],
) -> None:
    """Check the references in an entry's data. Walks the plain data rather than the models so that files
    which failed validation get the same checks for every reference that is still well-formed.
    Strings are stripped as the models strip them."""
    if isinstance(data, dict):
        cited = "locator" in data  # a citation or a quote: its source is checked with its locator
        if cited and isinstance(data.get("source"), str):
            locator = data["locator"].strip() if isinstance(data["locator"], str) else data["locator"]
            _check_citation(data["source"].strip(), locator, loc, raw, dataset, errors)
        for name, value in data.items():
            if name in REF_FIELDS and not cited:
                ids = value if isinstance(value, list) else [value]
                for i, ref in enumerate(ids):
                    # (a known id is fine; a malformed one is reported by validation)
                    if (
                        isinstance(ref, str)
                        and ref.strip() not in known[REF_FIELDS[name]]
                        and _ID_RE.match(ref.strip())
                    ):
                        here = loc + ((name, i) if isinstance(value, list) else (name,))
                        _check_ref(ref.strip(), REF_FIELDS[name], here, raw, dataset, errors)
            elif isinstance(value, str) and ("[[" in value or '"' in value):
                _check_text(value, loc, name, raw, all_ids, errors)
            if isinstance(value, (dict, list)) and value:
                _walk(value, loc + (name,), raw, dataset, all_ids, known, errors)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, (dict, list)):
                _walk(item, loc + (i,), raw, dataset, all_ids, known, errors)


def _check_ref(
    ref: str, kind: str, loc: tuple[str | int, ...], raw: RawEntry, dataset: Dataset, errors: list[DataError]
) -> None:
    if ref in dataset.of(kind) or ref in dataset.broken:
        return
    where = describe_loc(loc)
    other = dataset.get(ref)
    if other is not None:

        def a(label: str) -> str:
            return ("an " if label[0] in "aeiou" else "a ") + label

        msg = f"{where}: '{ref}' is {a(other.label)}, not {a(ENTRY_TYPES[kind].label)}"
        hint = did_you_mean(ref, dataset.of(kind))
    else:
        msg = f"{where}: unknown {ENTRY_TYPES[kind].label} '{ref}'"
        hint = did_you_mean(ref, dataset.of(kind)) or f"create data/{kind}/{ref}.yml or use an existing id"
    errors.append(raw.error(loc, msg, hint))


def _check_citation(
    source: str, locator: Any, loc: tuple[str | int, ...], raw: RawEntry, dataset: Dataset, errors: list[DataError]
) -> None:
    """A citation's (or a quote's) source, and its locator (a string, when well-formed) against the source."""
    sources = dataset.of("sources")
    src: Source | None = sources.get(source)
    if src is None and source in dataset.broken:
        return  # that source has errors of its own
    if src is None:
        errors.append(
            raw.error(
                loc + ("source",),
                f"{describe_loc(loc)} cites unknown source '{source}'",
                did_you_mean(source, sources) or "add the source to data/sources/ first",
            )
        )
        return
    form = _locator_form(locator) if isinstance(locator, str) else "malformed"
    if form in ("malformed", "meta"):
        return  # reported by validation; a fact about the document (meta:published …), not a place in its text
    is_ts = form == "timestamp"
    if src.locators == "paragraph":
        if is_ts:
            errors.append(
                raw.error(
                    loc + ("locator",),
                    f"{describe_loc(loc)}: '{locator}' is a timestamp but source '{src.id}' is located by paragraph",
                    "use '¶N'",
                )
            )
            return
        n = locator_paragraph(locator) or 0  # (a paragraph locator: form says so)
        if n > (src.paragraphs or 0):
            errors.append(
                raw.error(
                    loc + ("locator",),
                    f"{describe_loc(loc)}: source '{src.id}' has {src.paragraphs} paragraphs, no {locator}",
                    "count non-empty lines of the text from 1",
                )
            )
        elif n in src.not_content:
            errors.append(
                raw.error(
                    loc + ("locator",),
                    f"{describe_loc(loc)}: {locator} of '{src.id}' is page chrome, not content",
                    "cite the paragraph that states the fact",
                )
            )
    elif not is_ts:
        errors.append(
            raw.error(
                loc + ("locator",),
                f"{describe_loc(loc)}: '{locator}' is a paragraph but source '{src.id}' is located by timestamp",
                "use 'hh:mm:ss'",
            )
        )


@functools.cache  # (read for every citation: the same few hundred locators recur across the entries)
def _locator_form(locator: str) -> str:
    """'paragraph' (¶N), 'timestamp' (hh:mm:ss), 'meta' (meta:<field>) or 'malformed'."""
    if not _LOCATOR_RE.match(locator):
        return "malformed"
    if META_RE.match(locator):
        return "meta"
    return "timestamp" if TIMESTAMP_RE.match(locator) else "paragraph"
