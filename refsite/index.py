"""Stage 3: the cross-reference index — who cites what, and what links to what.

Built once per build in linear time: every entry is visited once and appended to the lists of the
actors, themes and sources it refers to. Renderers only look things up here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
import datetime as dt
from itertools import groupby
import re
from typing import Any

from . import originals
from .dataset import Dataset
from .dates import FuzzyDate
from .models import (
    DATE_BASIS_LABELS,
    ENTRY_TYPES,
    META_FIELDS,
    NIS_STEP_LABELS,
    PUBLISHED_BASIS_LABELS,
    SOURCE_TYPES,
    STATUS_LABELS,
    TEXT_HELD_LABELS,
    TRANSLATION_LABELS,
    TRANSLATION_NOTES,
    UN_BODY_LABELS,
    VOTE_LABELS,
    Actor,
    ArmsDeal,
    Citation,
    Claim,
    DateBasis,
    Dispute,
    Entry,
    Event,
    Poll,
    PollResult,
    Question,
    Role,
    SanctionsStatement,
    Source,
    Theme,
    UnVote,
    Withdrawal,
    date_bases,
)
from .once import cached_property
from .periods import (
    PAGE_BUDGET,
    Period,
    Weigh,
    citing_weight,
    dispute_weight,
    list_item_weight,
    split_by_period,
    split_if_over,
    split_in_parts,
    table_row_weight,
    weight,
)


@dataclass(frozen=True)
class Kind:
    """What a kind of entry is on the site: the one registry of its labels and of where its entries live."""

    folder: str
    """The data folder, data/<folder>/<id>.yml; also the kind's id in downloads and schemas."""
    heading: str
    """The heading of the kind's list page and its nav label: "Timeline" for events."""
    plural: str
    """Entries of the kind, as a section heading on theme and actor pages: "Events"."""
    cite_label: str
    """What a citation calls an entry of the kind: "[Arms transfer record]"."""
    data_title: str
    """The title of the kind's downloads and JSON Schema: "Arms deals and transfers"."""
    shared_page: str | None = None
    """The page every live entry of the kind is an anchor on (timeline.md) …"""
    own_dir: str | None = None
    """… or the folder in which each live entry has its own page (actors/<id>.md)."""
    generated: bool = True
    """False: shown inside hand-written pages (docs/), which generate no page for it."""

    @property
    def singular(self) -> str:
        """What one entry is, in words: "arms deal" (the model's own label)."""
        return ENTRY_TYPES[self.folder].label

    def home(self, entry_id: str) -> str:
        """The Markdown path of the page a live entry of this kind is placed on."""
        return self.shared_page if self.shared_page else f"{self.own_dir}/{entry_id}.md"

    def anchor(self, entry_id: str, withdrawn: bool = False) -> str | None:
        """The entry's anchor on its page: on a shared page and on Corrections; none on its own page."""
        return entry_id if withdrawn or self.shared_page else None

    def target(self, entry_id: str, withdrawn: bool = False) -> str:
        """The entry's permalink target, 'timeline.md#id' or 'actors/id.md'; 'corrections.md#id' once
        withdrawn. The one rule for where an entry is, for entry views and for plain data (refsite diff)."""
        page = CORRECTIONS_PAGE if withdrawn else self.home(entry_id)
        anchor = self.anchor(entry_id, withdrawn)
        return f"{page}#{anchor}" if anchor else page


KINDS: dict[str, Kind] = {
    k.folder: k
    for k in (
        Kind("events", "Timeline", "Events", "Timeline event", "Events", shared_page="timeline.md"),
        Kind(
            "arms-deals",
            "Arms deals",
            "Arms deals",
            "Arms transfer record",
            "Arms deals and transfers",
            shared_page="arms-deals.md",
        ),
        Kind(
            "sanctions-statements",
            "Sanctions statements",
            "Sanctions statements",
            "Sanctions statement record",
            "Sanctions statements",
            shared_page="sanctions-statements.md",
        ),
        Kind("polls", "Polls", "Polls", "Poll record", "Polls and opinion findings", shared_page="polls.md"),
        Kind("actors", "Actors", "Actors", "Actor profile", "Actors", own_dir="actors"),
        Kind("sources", "Sources", "Sources", "Source document record", "Source documents", own_dir="sources"),
        Kind("themes", "Themes", "Themes", "Theme overview", "Themes", own_dir="themes"),
        Kind(
            "questions",
            "At a glance",
            "Questions",
            "Question",
            "At-a-glance questions",
            shared_page="index.md",
            generated=False,
        ),
    )
}
CORRECTIONS_PAGE = "corrections.md"
TIMELINE_DIR = "timeline"  # the Timeline's period pages, timeline/<slug>.md; timeline.md lists them
CONTESTED_PAGE = "contested.md"  # Contested points: every disagreement, or the list of its period pages …
CONTESTED_DIR = "contested"  # … contested/<slug>.md, once they outgrow one page (contested_pages)
# Kinds whose list page moves its entries' rows to pages by period, <folder>/<slug>.md, once too long (list_parts)
LIST_PARTS = ("arms-deals", "sanctions-statements", "polls")
UNDATED = "Date not stated"
FACTS_ABOUT_THE_DOCUMENT = "Facts about the document"  # several meta: locators, as a source's part names them
# The lists of an entry that hold cited statements, in the order downloads list them, with the prefix of their
# anchors: claims and a theme's overview are '<id>-c<N>', an actor's roles '<id>-role<N>'.
CLAIM_LISTS = {"claims": "c", "overview": "c", "roles": "role"}


def listed(words: Iterable[str], conjunction: str = "and") -> str:
    """Words as a sentence lists them: 'a', 'a and b', 'a, b and c' (or 'a, b or c')."""
    items = list(words)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}" if len(items) > 1 else "".join(items)


def shared_page_heading(md_path: str) -> str | None:
    """The heading of a page that lists entries of a kind ('timeline.md' -> 'Timeline'), or Corrections'."""
    if md_path == CORRECTIONS_PAGE:
        return "Corrections"
    return next((k.heading for k in KINDS.values() if k.shared_page == md_path), None)


def claim_anchor(entry_id: str, part: str, number: int) -> str:
    """The anchor of a cited statement: 'ministers-meet-c1', 'aleksandar-vucic-role2'."""
    return f"{entry_id}-{CLAIM_LISTS[part]}{number}"


def built_path(md_path: str, directory_urls: bool = True) -> str:
    """The path MkDocs gives a page on the built site, relative to the site's root, anchor kept: 'sources/x.md#p1' ->
    'sources/x/#p1' ('sources/x.html#p1' without directory URLs), 'index.md' -> '', 'themes/index.md' ->
    'themes/'. Other files keep their path."""
    page, _, anchor = md_path.partition("#")
    if page.endswith(".md"):
        stem = page[:-3]
        if not directory_urls:
            page = stem + ".html"
        elif stem == "index" or stem.endswith("/index"):
            page = stem[:-5]
        else:
            page = stem + "/"
    return page + (f"#{anchor}" if anchor else "")


def date_of(entry: Entry) -> FuzzyDate | None:
    """The date an entry is placed at in lists: an event's date, a poll's fieldwork, a deal's first stated date
    (Entry.placing)."""
    placing = entry.placing()
    return placing[1] if placing else None


def date_qualifier(entry: Entry) -> str:
    """What the list date of entry is, in a word: "delivered", "fieldwork", "as of" (a state of affairs);
    "reported" for a deal known only from a report's date, which is not the year of transfer."""
    if isinstance(entry, Event) and entry.event_kind == "state":
        return "as of"
    placing = entry.placing()
    return "" if placing is None or placing[0] == "date" else placing[0]


def transfer_year(deal: ArmsDeal) -> int | None:
    """The year a transfer took place as the sources give it: delivery (a span's first year), else order; for a
    transfer still on order (status 'ordered'), its order, since its number is the number ordered (six Pantsir
    systems ordered in 2019, the first delivered in 2020). Never the date of a report (a deal known only from
    reports has no year), never one of two rival years."""
    on_order = deal.status == "ordered" and deal.ordered is not None
    date = deal.delivered if deal.delivered is not None and not on_order else deal.ordered
    return date.year if date is not None else None


def rival_years(deal: ArmsDeal) -> list[int]:
    """The years sources give for a transfer whose delivery (or, without one, order) is disputed: every year
    named by a rival value, in order ('2–4 October 2017' / 'October 2018' -> [2017, 2018])."""
    if transfer_year(deal) is not None:
        return []
    field_name = "delivered" if any(d.field == "delivered" for d in deal.disputes) else "ordered"
    years: set[int] = set()
    for d in deal.disputes:
        if d.field == field_name:
            for v in d.values:
                years.update(int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", v.value))
    return sorted(years)


def placing_year(deal: ArmsDeal) -> int | None:
    """Where the chart places a transfer: its year, or the earliest of the rival years its sources give (drawn as
    'year disputed'); None when no source gives a year."""
    year = transfer_year(deal)
    if year is not None:
        return year
    rivals = rival_years(deal)
    return rivals[0] if rivals else None


def decade_of(date: FuzzyDate | None) -> str | None:
    """'1990s' for any date in 1990–1999: the timeline's jump bar."""
    return f"{date.year // 10 * 10}s" if date is not None else None


@dataclass(frozen=True)
class ClaimRef:
    """A claim placed on the site: which entry holds it, its number and anchor, its status as shown (each
    worked out once, on first use: links, footnotes and downloads read them some 200,000 times at 20 × the
    entries)."""

    entry: Entry
    claim: Claim | Role
    number: int  # 1-based position in its list, withdrawn claims included: numbers never shift
    part: str  # "claims", "overview" or "roles"
    disputed: bool = False  # named by one of the entry's disputes
    dispute_url: str | None = None  # the first such dispute on Contested points ('contested.md#<entry-id>-d1')
    dispute_about: str | None = None  # what that dispute is about, for the badge: "How many T-72 tanks …"
    home: str = ""  # the entry's page while live (EntryView.page), when not its kind's own (a Timeline period)

    @cached_property
    def anchor(self) -> str:
        return claim_anchor(self.entry.id, self.part, self.number)

    @cached_property
    def url(self) -> str:
        """Page and anchor where the claim is shown: its entry's page, or Corrections once withdrawn."""
        page = CORRECTIONS_PAGE if self.withdrawn else (self.home or KINDS[self.entry.kind].home(self.entry.id))
        return f"{page}#{self.anchor}"

    @cached_property
    def withdrawal(self) -> Withdrawal | None:
        """The claim's own withdrawal, else its entry's."""
        return self.claim.withdrawn or self.entry.withdrawn

    @cached_property
    def withdrawn(self) -> bool:
        return self.withdrawal is not None

    @cached_property
    def status(self) -> str | None:
        """The status shown: 'disputed' when a dispute names the claim (a denial stays a denial)."""
        own = self.claim.status
        if self.disputed and own != "denied":
            return "disputed"
        return own

    @cached_property
    def status_label(self) -> str | None:
        return STATUS_LABELS[self.status] if self.status else None

    @property
    def text(self) -> str:
        return str(self.claim.text)

    @property
    def when(self) -> DateView | None:
        """A role's date as readers see it: 'as of February 2020' where it is the date of the document that
        names the role (basis 'published'), the date itself where a source states or implies it; None for
        claims and for undated roles."""
        role = self.claim
        if not isinstance(role, Role) or role.when is None:
            return None
        basis = role.when_basis
        return DateView(role.when, basis, "as of" if basis is not None and basis.basis == "published" else "")


@dataclass(frozen=True)
class CitationUse:
    ref: ClaimRef
    citation: Citation


@dataclass(frozen=True)
class RivalValue:
    value: str
    claims: list[ClaimRef]


@dataclass(frozen=True)
class DisputeView:
    """A disagreement between sources, as the Contested points page and the entry show it."""

    entry: Entry
    dispute: Dispute
    number: int
    values: list[RivalValue]
    page: str = CONTESTED_PAGE  # the page of Contested points that holds it (a period's, once split)

    @property
    def anchor(self) -> str:
        return f"{self.entry.id}-d{self.number}"

    @property
    def url(self) -> str:
        """Where Contested points shows it: 'contested.md#<entry-id>-d1', 'contested/2020s.md#…' once split."""
        return f"{self.page}#{self.anchor}"


@dataclass(frozen=True)
class DateView:
    """A date as readers see it: the label, and the basis when the source does not state the date outright."""

    date: FuzzyDate | None
    basis: DateBasis | None
    qualifier: str = ""  # what the date is, where it stands apart from the entry ("delivered", "as of")
    rival_years: tuple[int, ...] = ()  # an undated transfer whose sources give different years (rival_years)

    @cached_property  # printed on the entry's row, in lists, in the Cite disclosure …
    def label(self) -> str:
        if self.date is not None:
            return self.date.label
        if self.rival_years:
            return "Year disputed: " + listed((str(y) for y in self.rival_years), "or")
        return UNDATED

    @property
    def field_label(self) -> str:
        """What the date is, as a field's label: 'Fieldwork', 'Reported' (a report's date), 'Date'."""
        return self.qualifier.capitalize() if self.qualifier else "Date"

    @property
    def basis_label(self) -> str | None:
        """Shown beside the date unless the source states it."""
        if self.basis is None or self.basis.basis == "stated":
            return None
        return DATE_BASIS_LABELS[self.basis.basis]


@dataclass(frozen=True)
class ChainLink:
    label: str  # "Bloomberg", "Demostat (poll presentation)"
    how: str  # reposts, cites …
    entry: Entry | None  # the source or actor in data/, if any
    by: int = -1  # the link that uses this one (its position in the chain); -1: the document held itself


@dataclass(frozen=True)
class SourceView:
    """What a reader needs to weigh a source at a glance: type, language, translation, excerpt, chain."""

    source: Source
    chain: list[ChainLink]  # nearest first, origin last (the chains of relayed sources in data/ included)

    @property
    def type_label(self) -> str:
        return SOURCE_TYPES[self.source.type][0]

    @property
    def title_language(self) -> str:
        """The language the title is in: the text's, unless the data says otherwise."""
        return self.source.title_language or self.source.language

    @property
    def title_gloss(self) -> str | None:
        """What a reader who does not read the title's language is told beside it: the translation the data
        gives ('in English: “…”, our translation'), else the language ('title in German'); None for English."""
        if self.title_language == "en":
            return None
        if self.source.title_translation:
            return f"in English: “{self.source.title_translation}”, our translation"
        return f"title in {language_name(self.title_language)}"

    @property
    def title_gloss_line(self) -> str | None:
        """The same under the title on the source's page: 'In English: “…” (our translation).', 'Title in German;
        this site gives no translation.'"""
        if self.title_language == "en":
            return None
        if self.source.title_translation:
            return f"In English: “{self.source.title_translation}” (our translation)."
        return f"Title in {language_name(self.title_language)}; this site gives no translation."

    @property
    def title_supplied(self) -> bool:
        """The title is not the document's own headline (its title_note says where it comes from: our
        description, the page's address …): footnotes say so."""
        return self.source.title_note is not None

    @property
    def label(self) -> str:
        """'Independent outlet · EN · excerpt': the short label in every footnote."""
        s = self.source
        parts = [self.type_label, s.language.upper()]
        if TRANSLATION_LABELS[s.machine_translation]:
            parts.append(
                TRANSLATION_LABELS[s.machine_translation]
                + (f" from {s.original_language.upper()}" if s.original_language else "")
            )
        elif s.original_language:
            parts.append(f"translated from {s.original_language.upper()}")
        if s.text_held == "excerpt":
            parts.append("excerpt")
        return " · ".join(parts)

    @property
    def published_basis_label(self) -> str | None:
        """Where the publication date is shown: 'page', 'address' …"""
        basis = self.source.published_basis
        return PUBLISHED_BASIS_LABELS[basis] if basis else None

    @property
    def translation_note(self) -> str:
        return TRANSLATION_NOTES[self.source.machine_translation]

    @property
    def text_held_label(self) -> str:
        return TEXT_HELD_LABELS[self.source.text_held]

    @property
    def date_label(self) -> str:
        s = self.source
        if s.published != "undated":
            return s.published.label
        if s.inferred_date is None:
            return "undated"
        inferred = s.inferred_date
        # An approximate date's label already starts with "c."; an exact one is still only inferred.
        return f"undated ({'' if inferred.approximate else 'c. '}{inferred.label}, inferred)"

    @property
    def chain_sentence(self) -> str | None:
        """The chain phrase as a sentence's start: 'Demostat (poll presentation), via …' capitalised."""
        phrase = self.chain_phrase
        return phrase[0].upper() + phrase[1:] if phrase else phrase

    def user(self, link: ChainLink) -> str:
        """Who uses the link: the publisher of the document held, or the link it came through."""
        return self.source.publisher if link.by < 0 else self.chain[link.by].label

    @property
    def chain_phrase(self) -> str | None:
        """'Demostat (poll presentation), via Bloomberg and RIA Novosti, as reposted by anedelya.ru'; origins
        used side by side are joined: 'TV Prva (…) and Politika (…), as cited by TASS'."""
        if not self.chain:
            return None
        used = {link.by for link in self.chain}
        origins = [link.label for i, link in enumerate(self.chain) if i not in used]
        between = [link.label for i, link in reversed(list(enumerate(self.chain))) if i in used]
        text = listed(origins)
        if between:
            text += ", via " + listed(between)
        return f"{text}, as {PARTICIPLE[self.chain[0].how]} by {self.source.publisher}"


# Names of the languages of quotes, for readers ("in Serbian"); a code not listed is shown in capitals.
LANGUAGE_NAMES = {
    "en": "English",
    "sr": "Serbian",
    "hr": "Croatian",
    "bs": "Bosnian",
    "sq": "Albanian",
    "ru": "Russian",
    "uk": "Ukrainian",
    "de": "German",
    "fr": "French",
    "bg": "Bulgarian",
    "mk": "Macedonian",
    "el": "Greek",
    "hu": "Hungarian",
    "tr": "Turkish",
    "zh": "Chinese",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code.upper())


@dataclass(frozen=True)
class CitationView:
    """What one citation shows a reader: the passage it rests on, in the wording and language of the text
    held, and where to read it: the original opened at the passage where that page holds the very words
    (a URL text fragment built from the quote), and an archived copy."""

    citation: Citation
    source: Source
    quote: str | None  # the verbatim passage, as the held text words it
    lang: str  # language of the held text, hence of the quote (an HTML lang value)
    language_note: str | None  # for readers, after a quote: "in Serbian", "machine translation from German"
    original_url: str | None  # the source's address, at the passage when at_passage
    at_passage: bool
    archive_url: str | None
    # (label, url) of the video at a timestamp citation's second: "watch at 00:11:02", or, for someone else's
    # summary of a video, "the summarised video at 00:11:02" (the quote is the summary's, not the speaker's)
    watch: tuple[str, str] | None = None

    @property
    def links(self) -> list[tuple[str, str]]:
        """(label, url) of the links to the original and to its archived copy."""
        if self.original_url is None or self.archive_url is None:
            return []
        return [
            ("original at this passage" if self.at_passage else "original", self.original_url),
            ("archived copy", self.archive_url),
        ]


def citation_view(cit: Citation, src: Source) -> CitationView:
    quote = cit.quote
    note = None
    if quote:
        translation = TRANSLATION_LABELS[src.machine_translation]
        original = f" from {language_name(src.original_language)}" if src.original_language else ""
        if translation:
            note = translation + original
        elif src.original_language:
            note = f"translated{original}"
        if src.language != "en":
            note = f"in {language_name(src.language)}" + (f", {note}" if note else "")
    url = src.urls[0].url if src.urls and src.video is None else None
    passage = bool(quote) and url is not None and originals.same_words(src)
    watch = None
    if cit.is_timestamp and src.video is not None:
        what = "the summarised video" if src.format == "summary" else "watch"
        watch = (f"{what} at {cit.locator}", src.video.url_at(cit.seconds))
    return CitationView(
        citation=cit,
        source=src,
        quote=quote,
        lang=src.language,
        language_note=note,
        original_url=originals.at_passage(url, quote or "") if passage and url else url,
        at_passage=passage,
        archive_url=originals.archive_url(src, url) if url else None,
        watch=watch,
    )


PARTICIPLE = {
    "reposts": "reposted",
    "translates": "translated",
    "cites": "reported",
    "summarises": "summarised",
    "rewrites": "rewritten",
}


@dataclass(frozen=True)
class BackedValue:
    """A structured value as a table shows it, with the claims (and so the citations) that state it."""

    label: str
    claims: list[ClaimRef]
    code: str = ""  # a stable value for styling and downloads ("yes", "abstain" …)

    @property
    def citations(self) -> list[Citation]:
        return [c for ref in self.claims for c in ref.claim.citations]


@dataclass(frozen=True)
class UnVoteView:
    """A vote at the UN as the votes table and its download show it: every value with the claims stating it."""

    body: str  # "General Assembly"
    body_code: str  # "general-assembly"
    resolution: str | None
    subject: str
    about: BackedValue  # the vote itself (body, resolution, subject)
    tally: BackedValue | None
    counts: dict[str, int]  # the counts stated: {"yes": 141, "no": 5}
    serbia: BackedValue
    russia: BackedValue
    said: list[ClaimRef]  # what Serbia's leaders said about it


@dataclass(frozen=True)
class MeetingView:
    """A top-level meeting or visit as the meetings table and its download show it."""

    place: str | None
    participants: list[str]  # actor ids
    occasion: str | None
    about: BackedValue  # the meeting, its place and occasion
    said: list[ClaimRef]  # what was agreed or said


@dataclass(frozen=True)
class NisStepView:
    """A step of NIS under US sanctions as its table and download show it: the step and the date it runs to."""

    code: str  # "postponement"
    step: BackedValue  # the step's label, with the claims stating it
    until: BackedValue | None  # the date it runs to ("28 March 2025"), with the claims stating it


TALLY_WORDS = (("yes", "for"), ("no", "against"), ("abstain", "abstaining"))


def tally_label(counts: dict[str, int]) -> str:
    """'141 for, 5 against, 35 abstaining': the counts stated, in that order."""
    return ", ".join(f"{counts[k]} {word}" for k, word in TALLY_WORDS if k in counts)


def _un_vote_view(u: UnVote, claims: list[ClaimRef]) -> UnVoteView:
    def refs(numbers: list[int]) -> list[ClaimRef]:
        return [claims[n - 1] for n in numbers]

    def vote(country: str) -> BackedValue:
        cast = u.serbia if country == "serbia" else u.russia
        return BackedValue(VOTE_LABELS[cast.vote], refs(cast.claims), cast.vote)

    counts: dict[str, int] = {}
    if u.tally is not None:
        counts = u.tally.counts()
    title = UN_BODY_LABELS[u.body] + (f" resolution {u.resolution}" if u.resolution else "")
    return UnVoteView(
        UN_BODY_LABELS[u.body],
        u.body,
        u.resolution,
        u.subject,
        BackedValue(title, refs(u.claims), u.body),
        BackedValue(tally_label(counts), refs(u.tally.claims)) if u.tally is not None else None,
        counts,
        vote("serbia"),
        vote("russia"),
        refs(u.said),
    )


def _meeting_view(entry: Event, claims: list[ClaimRef]) -> MeetingView:
    mt = entry.meeting
    assert mt is not None
    label = ", ".join(x for x in (mt.place, mt.occasion) if x)
    return MeetingView(
        mt.place,
        list(mt.participants),
        mt.occasion,
        BackedValue(label, [claims[n - 1] for n in mt.claims]),
        [claims[n - 1] for n in mt.said],
    )


def _nis_step_view(entry: Event, claims: list[ClaimRef]) -> NisStepView:
    ns = entry.nis_sanctions
    assert ns is not None
    until = None
    if ns.until is not None:
        until = BackedValue(ns.until.label, [claims[n - 1] for n in ns.until_claims], ns.until.iso)
    step = BackedValue(NIS_STEP_LABELS[ns.step], [claims[n - 1] for n in ns.claims], ns.step)
    return NisStepView(ns.step, step, until)


@dataclass(frozen=True)
class Table:
    """A reader table of one structured field of events: its page, title and the download's stem."""

    field: str  # the Event field, e.g. "un_vote"
    page: str
    title: str
    download: str  # downloads/<download>.csv and .json
    on_theme_pages: bool = False  # also listed, as a dated sequence, on the pages of its rows' themes


TABLES = (
    Table("un_vote", "un-votes.md", "Serbia's votes at the United Nations", "un-votes"),
    Table("meeting", "meetings.md", "Top-level meetings and visits", "meetings"),
    Table("nis_sanctions", "nis-sanctions.md", "NIS and US sanctions, 2025–26", "nis-sanctions", True),
)


# Source types whose copy is second-hand at best: a figure known only through them is marked as such.
SECOND_HAND_TYPES = frozenset({"aggregator"})
NO_POLLSTER = "Pollster not named"


def pollster_name(poll: Poll, pollster: Actor | None) -> str:
    """Who ran a poll, as readers see it: the actor's name; the source's own words when it names the pollster only
    so that no actor can be identified ('“Gallup”, as the source names it'); else NO_POLLSTER."""
    if pollster is not None:
        return pollster.name
    if poll.pollster_named:
        return f"“{poll.pollster_named}”, as the source names it"
    return NO_POLLSTER


def short_name(actor: Actor) -> str:
    """A short name for tight places (chart labels): the name if short, else its acronym ('IRI', 'NSPM')."""
    if len(actor.name) <= 12:
        return actor.name
    match = re.search(r"\(([A-Z]{2,6})\)$", actor.name)
    if match:
        return match.group(1)
    return next((a for a in actor.aliases if re.fullmatch(r"[A-Z]{2,6}", a)), actor.name)


@dataclass(frozen=True)
class PollResultView:
    """One figure of a poll as the results table, the chart and the results download show it."""

    poll: Poll
    result: PollResult
    ref: ClaimRef  # the claim stating the figure (its citations, status, anchor)
    pollster: str  # the pollster's name, or NO_POLLSTER
    pollster_short: str  # for chart labels: 'Ipsos for IRI'
    pollster_for: str  # the same in full, as a chart says it in words
    when: DateView  # fieldwork (qualifier "fieldwork"), or the date it was reported ("reported"), or none
    sources: list[SourceView]  # the sources of the stating claim, in citation order, without repeats

    @property
    def series(self) -> str:
        return self.result.question

    @property
    def fieldwork(self) -> bool:
        """True when the date is the fieldwork's; a report's date is never shown as fieldwork."""
        return self.when.qualifier == "fieldwork"

    @property
    def date_label(self) -> str:
        """'Fieldwork: June 2022', 'Reported: 10 January 2018 (not the fieldwork)', 'Date not stated'."""
        if self.when.date is None:
            return UNDATED
        if self.fieldwork:
            return f"Fieldwork: {self.when.label}"
        return f"Reported: {self.when.label} (not the fieldwork)"

    @property
    def second_hand(self) -> bool:
        """Known only through aggregators or content farms: every source of the figure is one."""
        return bool(self.sources) and all(s.source.type in SECOND_HAND_TYPES for s in self.sources)

    @property
    def source_label(self) -> str:
        """'Independent outlet · Aggregator or content farm': the kinds of source that give the figure."""
        return " · ".join(dict.fromkeys(s.type_label for s in self.sources))


@dataclass(frozen=True)
class EntryView:
    """Everything an entry means on the site, computed once per build; every output only reads it."""

    entry: Entry
    kind: Kind
    title: str
    page: str  # the permalink page: its own, the shared list, or Corrections once withdrawn
    anchor: str | None  # on a shared page (and on Corrections)
    claims: list[ClaimRef]  # every claim, withdrawn ones included, numbered as in the data
    roles: list[ClaimRef]
    overview: list[ClaimRef]
    disputes: list[DisputeView]
    when: DateView
    decade: str | None
    un_vote: UnVoteView | None = None  # an event that is a vote at the UN
    meeting: MeetingView | None = None  # an event that is a top-level meeting or visit
    nis_sanctions: NisStepView | None = None  # an event that is a step of NIS under US sanctions
    delivered: str | None = None
    """An arms deal's delivery date as readers see it, with the part delivered when not all were: "February 2020
    (1 of 6)"; None without a delivery date."""
    results: list[PollResultView] = field(default_factory=list)  # a poll's figures
    themes: list[str] | None = None
    """The ids of the entry's themes; None for a kind that has no themes."""
    actor_ids: list[str] = field(default_factory=list)
    """Every actor the entry refers to (speaker, supplier, pollster … and actors), in a stable order."""

    @property
    def is_analysis(self) -> bool:
        """An event that is an analysis or commentary, not something that happened."""
        return isinstance(self.entry, Event) and self.entry.event_kind == "analysis"

    @property
    def url(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page

    def statement_list(self, part: str) -> list[ClaimRef]:
        """One list of cited statements by its field: 'claims', 'overview' or 'roles'."""
        return {"claims": self.claims, "overview": self.overview, "roles": self.roles}[part]

    @property
    def statements(self) -> list[ClaimRef]:
        """Every cited statement, withdrawn ones included: claims, a theme's overview, an actor's roles."""
        return self.claims + self.overview + self.roles

    def rivals(self, field_name: str) -> DisputeView | None:
        """The dispute over one field (quantity, delivered …), shown instead of a single value."""
        return next((d for d in self.disputes if d.dispute.field == field_name), None)


DateKey = tuple[int, tuple[dt.date, dt.date] | tuple[()], str]


def _date_key(entry: Entry) -> DateKey:
    """Where an entry stands in reading order: dated entries by date, then undated ones; ties by id (so no two
    entries tie)."""
    d = date_of(entry)
    return (0, d.sort_key, entry.id) if d is not None else (1, (), entry.id)


def _places(in_date_order: list[Entry]) -> Callable[[Entry], int]:
    """Each entry's place in in_date_order, to sort by: the index sorts the same entries many times (each kind's
    list and its pages by period, Contested points, each theme's and actor's list), and comparing two places is
    cheaper than comparing two _date_keys, whose order they keep (no two keys are equal)."""
    places = {e.id: i for i, e in enumerate(in_date_order)}
    return lambda entry: places[entry.id]


@dataclass
class Index:
    dataset: Dataset
    events: list[Event] = field(default_factory=list)  # date order
    arms_deals: list[ArmsDeal] = field(default_factory=list)
    statements: list[SanctionsStatement] = field(default_factory=list)
    polls: list[Poll] = field(default_factory=list)
    # Each of those entries' place in reading order: events, arms deals, statements, polls (citing)
    list_order: dict[str, int] = field(default_factory=dict)
    date_key: Callable[[Entry], Any] = _date_key  # what lists of entries are sorted by (build_index: _places)
    themes: list[Theme] = field(default_factory=list)  # by order
    actors: list[Actor] = field(default_factory=list)  # by name
    sources: list[Source] = field(default_factory=list)  # by title
    by_theme: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    by_actor: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    # actor id -> the other live entries citing the documents it published or that relay its work (documents_of),
    # as its page lists them (citing)
    citing_documents_of: dict[str, list[Entry]] = field(default_factory=dict)
    citations_of: dict[str, list[CitationUse]] = field(default_factory=lambda: defaultdict(list))
    sources_of_entry: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    withdrawn_entries: list[Entry] = field(default_factory=list)
    withdrawn_claims: list[ClaimRef] = field(default_factory=list)
    views: dict[str, EntryView] = field(default_factory=dict)
    source_views: dict[str, SourceView] = field(default_factory=dict)
    citation_views: dict[tuple[str, str, str | None], CitationView] = field(default_factory=dict)  # made on first use
    disputes: list[DisputeView] = field(default_factory=list)  # every live dispute, in entry date order
    un_votes: list[Event] = field(default_factory=list)  # live events with a un_vote, date order
    meetings: list[Event] = field(default_factory=list)  # live events with a meeting, date order
    nis_steps: list[Event] = field(default_factory=list)  # live events with a nis_sanctions step, date order
    poll_results: list[PollResultView] = field(default_factory=list)  # every live poll's figures, poll date order
    # The Timeline's pages (timeline/<slug>.md): the events by period, then the states of affairs, then the analyses;
    # none while all events fit on timeline.md (timeline_pages)
    timeline: list[Period] = field(default_factory=list)
    # The other list pages' parts (<folder>/<slug>.md) once a kind is too long for one page (LIST_PARTS)
    parts: dict[str, list[Period]] = field(default_factory=dict)
    # Contested points' pages (contested/<slug>.md) of the entries with disagreements, by period, once they are too
    # many for contested.md; none while they fit there (contested_pages)
    contested: list[Period] = field(default_factory=list)
    # Pages that list entries held elsewhere (a theme's, an actor's, a reader table; a source's claims by locator),
    # once too long for one page: page -> its pages by period, '<page without .md>/<slug>.md' (page_splits); a
    # source's parts hold runs of its locators (each a list of CitationUses)
    splits: dict[str, list[Period]] = field(default_factory=dict)
    # A split source's locator anchors -> the part that holds them ('p3' -> 'sources/x/part-1.md'), by source id
    locator_pages: dict[str, dict[str, str]] = field(default_factory=dict)
    # origin id -> the live sources that relay it
    copies_of: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))
    # actor id -> the live sources it published (Source.publisher_actor), by title
    published_by: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))

    def get(self, entry_id: str) -> Entry | None:
        return self.dataset.get(entry_id)

    def rows_of(self, table: Table) -> list[Event]:
        """The live events a reader table lists, in date order."""
        return {"un_vote": self.un_votes, "meeting": self.meetings, "nis_sanctions": self.nis_steps}[table.field]

    def tables_for(self, entries: Iterable[Entry | str]) -> list[Table]:
        """The reader tables that list any of entries (or entry ids): linked from theme pages and at-a-glance
        answers."""
        found = [self.get(e) if isinstance(e, str) else e for e in entries]
        fields = {t.field for e in found for t in TABLES if getattr(e, t.field, None) is not None}
        return [t for t in TABLES if t.field in fields]

    def sequences_for(self, entries: Iterable[Entry]) -> list[tuple[Table, list[Event]]]:
        """The dated sequences (tables listed on theme pages) with the rows among entries: a theme page's copy."""
        ids = {e.id for e in entries}
        out = [(t, [e for e in self.rows_of(t) if e.id in ids]) for t in TABLES if t.on_theme_pages]
        return [(t, rows) for t, rows in out if rows]

    def view(self, entry: Entry | str) -> EntryView:
        return self.views[entry if isinstance(entry, str) else entry.id]

    def pollster_name(self, poll: Poll) -> str:
        """Who ran a poll, as its row and the results table say it (see pollster_name)."""
        actor = self.dataset.of("actors").get(poll.pollster) if poll.pollster else None
        return pollster_name(poll, actor)

    def citation_url(self, cit: Citation) -> str:
        """Where a citation points: the cited locator on its source's page ('sources/x.md#p3'), or the
        source's entry on Corrections once the source is withdrawn."""
        view = self.views[cit.source]
        if view.entry.withdrawn:
            return view.url
        moved = self.locator_pages.get(cit.source)
        return f"{moved[cit.anchor] if moved else view.page}#{cit.anchor}"

    def documents_of(self, actor: Actor) -> list[Source]:
        """The live documents through which an actor's work reaches the site: those it published, then those
        relaying its work (each once). Its page lists the entries citing them."""
        published = self.published_by[actor.id]
        ids = {s.id for s in published}
        return published + [s for s in self.copies_of[actor.id] if s.id not in ids]

    def citing(self, sources: Iterable[Source], exclude: Iterable[Entry]) -> list[Entry]:
        """The live entries, other than exclude, with a live claim or role citing one of sources: listed kinds
        first (events, arms deals, statements, polls, each in date order), then themes and actors by name."""
        seen = {e.id for e in exclude}
        found: dict[str, Entry] = {}
        for src in sources:
            for use in self.citations_of[src.id]:
                entry = use.ref.entry
                if not use.ref.withdrawn and entry.id not in seen:
                    found.setdefault(entry.id, entry)
        if not found:
            return []
        order = self.list_order
        entries = list(found.values())
        listed = sorted((e for e in entries if e.id in order), key=lambda e: order[e.id])
        others = sorted((e for e in entries if e.id not in order), key=lambda e: (e.kind, e.display_title.lower()))
        return listed + others

    def source_view(self, source: Source | str) -> SourceView:
        return self.source_views[source if isinstance(source, str) else source.id]

    def citation_view(self, cit: Citation) -> CitationView:
        """The citation as readers see it (its quote, language, links to the original), made once."""
        key = (cit.source, cit.locator, cit.quote)
        if key not in self.citation_views:
            self.citation_views[key] = citation_view(cit, self.dataset.of("sources")[cit.source])
        return self.citation_views[key]

    def live_claims(self, entry: Entry, part: str = "claims") -> list[ClaimRef]:
        """Claims shown on the site for entry (withdrawn ones left out), with their stable numbers."""
        return [c for c in self.view(entry).statement_list(part) if not c.withdrawn]

    def questions_on(self, page: str) -> list[Question]:
        """The live questions shown "at a glance" on a page ('home', 'timeline' …), in their order."""
        questions = sorted(self.dataset.of("questions").values(), key=lambda q: q.order)
        return [q for q in questions if not q.withdrawn and page in q.pages]

    @staticmethod
    def question_searched_on(question: Question) -> str:
        """The one page whose copy of a question the search indexes (the others would only repeat it): its page
        besides home when it has exactly one (arms-deals for the arms question), else the first it is shown on."""
        own = [p for p in question.pages if p != "home"]
        return own[0] if len(own) == 1 else question.pages[0]

    def claim(self, entry_id: str, number: int, part: str = "claims") -> ClaimRef | None:
        refs = self.views[entry_id].statement_list(part) if entry_id in self.views else []
        return refs[number - 1] if 1 <= number <= len(refs) else None

    def source_count(self, entry: Entry) -> int:
        """How many sources entry cites: len(sources_for([entry])), without looking them up and sorting them."""
        return len(set(self.sources_of_entry[entry.id]))

    def sources_for(self, entries: Iterable[Entry]) -> list[Source]:
        ids: dict[str, None] = {}
        for e in entries:
            for sid in self.sources_of_entry[e.id]:
                ids[sid] = None
        sources = self.dataset.of("sources")
        return sorted((sources[s] for s in ids), key=lambda s: s.title.lower())

    def actors_for(self, entries: Iterable[Entry]) -> list[Actor]:
        ids: dict[str, None] = {}
        for e in entries:
            for aid in self.views[e.id].actor_ids:
                ids[aid] = None
        actors = self.dataset.of("actors")
        return sorted((actors[a] for a in ids if a in actors), key=lambda a: a.name.lower())


def _entry_view(entry: Entry, home: str | None = None, contested: str = CONTESTED_PAGE) -> EntryView:
    """home: the page of a live entry when not its kind's own (an event's Timeline period, timeline_pages);
    contested: the page of Contested points that shows its disagreements (contested_pages)."""
    kind = KINDS[entry.kind]
    home = home or kind.home(entry.id)
    disputed: dict[int, tuple[str, str]] = {}  # claim number -> its first dispute's place and subject
    for k, d in enumerate(entry.entry_disputes, 1):
        for v in d.values:
            for n in v.claims:
                disputed.setdefault(n, (f"{contested}#{entry.id}-d{k}", d.about))
    lists = entry.statement_lists()
    none: tuple[None, None] = (None, None)
    parts = {
        part: [
            ClaimRef(
                entry,
                c,
                i,
                part,
                part == "claims" and i in disputed,
                (disputed.get(i, none) if part == "claims" else none)[0],
                (disputed.get(i, none) if part == "claims" else none)[1],
                home,
            )
            for i, c in enumerate(lists.get(part, []), 1)
        ]
        for part in CLAIM_LISTS
    }
    disputes = [
        DisputeView(
            entry, d, i, [RivalValue(v.value, [parts["claims"][n - 1] for n in v.claims]) for v in d.values], contested
        )
        for i, d in enumerate(entry.entry_disputes, 1)
    ]
    date = date_of(entry)
    basis = next((b for loc, d, b in date_bases(entry) if d is date), None)
    withdrawn = entry.withdrawn is not None
    return EntryView(
        entry=entry,
        kind=kind,
        title=entry.display_title,
        page=CORRECTIONS_PAGE if withdrawn else home,
        anchor=kind.anchor(entry.id, withdrawn),
        claims=parts["claims"],
        roles=parts["roles"],
        overview=parts["overview"],
        disputes=disputes,
        when=DateView(
            date, basis, date_qualifier(entry), tuple(rival_years(entry)) if isinstance(entry, ArmsDeal) else ()
        ),
        decade=decade_of(date),
        un_vote=_un_vote_view(entry.un_vote, parts["claims"]) if isinstance(entry, Event) and entry.un_vote else None,
        meeting=_meeting_view(entry, parts["claims"]) if isinstance(entry, Event) and entry.meeting else None,
        nis_sanctions=(
            _nis_step_view(entry, parts["claims"]) if isinstance(entry, Event) and entry.nis_sanctions else None
        ),
        delivered=_delivered_label(entry) if isinstance(entry, ArmsDeal) else None,
        themes=entry.theme_ids,
        actor_ids=entry.actor_ids(),
    )


def _delivered_label(deal: ArmsDeal) -> str | None:
    if deal.delivered is None:
        return None
    part, whole = deal.delivered_quantity, deal.quantity
    if part is None or whole is None:  # (the model allows a part only with both)
        return deal.delivered.label
    return f"{deal.delivered.label} ({part.label} of {whole.label})"


def _source_view(source: Source, sources: dict[str, Any], actors: dict[str, Any]) -> SourceView:
    chain: list[ChainLink] = []
    seen = {source.id}
    # (relay, whose relays list it is in, its place there, the link that holds that list: -1 the document held)
    todo = [(relay, source.id, i, -1) for i, relay in enumerate(source.relays)]
    by_of_list: dict[str, int] = {}  # per relays list, who uses the relay last placed from it
    while todo:
        relay, owner, place, holder = todo.pop(0)
        # The first relay of a list is used by the document holding the list; the next ones by the link placed
        # before them, or, 'alongside', by whatever uses the relay before them in their list.
        if place == 0:
            by = holder
        elif relay.alongside:
            by = by_of_list[owner]
        else:
            by = len(chain) - 1
        by_of_list[owner] = by
        entry: Entry | None = None
        if relay.source:
            entry = sources.get(relay.source)
            label = entry.publisher if entry is not None else relay.source
        elif relay.actor:
            entry = actors.get(relay.actor)
            label = entry.name if entry is not None else relay.actor
        else:
            label = relay.name or ""
        if relay.what:
            label += f" ({relay.what})"
        chain.append(ChainLink(label, relay.how, entry, by))
        if relay.source and relay.source in sources and relay.source not in seen:
            seen.add(relay.source)
            nested = sources[relay.source].relays
            todo = [(r, relay.source, i, len(chain) - 1) for i, r in enumerate(nested)] + todo
    return SourceView(source, chain)


def build_index(dataset: Dataset, page_budget: int = PAGE_BUDGET) -> Index:
    """The index of dataset; page_budget: the estimated HTML a list page may hold before it is split by period
    (refsite/periods.py; smaller in tests, to split small data)."""
    in_date_order = sorted(dataset.all(), key=_date_key)  # (sorted once: each list below keeps this order)
    index = Index(dataset, date_key=_places(in_date_order))
    index.timeline = timeline_pages(dataset, page_budget, index.date_key)
    index.parts = list_parts(dataset, page_budget, index.date_key)
    index.contested = contested_pages(dataset, page_budget, index.date_key)
    homes = {e.id: period.page(TIMELINE_DIR) for period in index.timeline for e in period.entries}
    homes |= {
        e.id: period.page(kind) for kind, parts in index.parts.items() for period in parts for e in period.entries
    }
    contested = {e.id: period.page(CONTESTED_DIR) for period in index.contested for e in period.entries}
    live: list[Entry] = []
    for entry in dataset.all():
        index.views[entry.id] = _entry_view(entry, homes.get(entry.id), contested.get(entry.id, CONTESTED_PAGE))
        if entry.withdrawn:
            index.withdrawn_entries.append(entry)
        else:
            live.append(entry)
    index.withdrawn_claims = [ref for e in live for ref in index.views[e.id].statements if ref.withdrawn]
    _index_sources(index, dataset)
    live_in_date_order = [e for e in in_date_order if not e.withdrawn]
    for entry in live_in_date_order:  # (so that the lists by theme, actor and source are made in date order)
        _index_entry(index, entry)
    _sort_kinds(index, dataset)
    _poll_results(index, dataset)
    index.disputes = [d for e in live_in_date_order for d in index.views[e.id].disputes]
    _sort_lists(index)
    for actor in index.actors:
        others = [*index.by_actor[actor.id], actor]
        index.citing_documents_of[actor.id] = index.citing(index.documents_of(actor), others)
    index.splits = page_splits(index, page_budget)
    for source in index.sources:
        parts = index.splits.get(index.views[source.id].page, [])
        if parts:
            folder = index.views[source.id].page.removesuffix(".md")
            index.locator_pages[source.id] = {
                uses[0].citation.anchor: part.page(folder) for part in parts for uses in part.entries
            }
    return index


def _poll_results(index: Index, dataset: Dataset) -> None:
    """Each poll's figures as PollResultViews, on its view and (live polls) in Index.poll_results."""
    actors = dataset.of("actors")
    for poll in dataset.of("polls").values():
        view = index.views[poll.id]
        pollster = actors.get(poll.pollster) if poll.pollster else None
        sponsor = actors.get(poll.sponsor) if poll.sponsor else None
        name = pollster_name(poll, pollster)
        results = []
        for result in poll.results:
            ref = view.claims[result.claim - 1]
            sources = list(dict.fromkeys(c.source for c in ref.claim.citations))
            results.append(
                PollResultView(
                    poll,
                    result,
                    ref,
                    name,
                    _short_pollster(poll, pollster, sponsor),
                    f"{name} for {sponsor.name}" if sponsor else name,
                    view.when,
                    [index.source_views[s] for s in sources],
                )
            )
        index.views[poll.id] = replace(view, results=results)
    index.poll_results = [r for p in index.polls for r in index.views[p.id].results]


def _short_pollster(poll: Poll, pollster: Actor | None, sponsor: Actor | None) -> str:
    """'CRTA', 'Ipsos for IRI', '“Gallup”', 'not named': a poll's pollster in a chart label."""
    name = short_name(pollster) if pollster else f"“{poll.pollster_named}”" if poll.pollster_named else "not named"
    return f"{name} for {short_name(sponsor)}" if sponsor else name


def list_parts(
    dataset: Dataset, budget: int = PAGE_BUDGET, date_key: Callable[[Entry], Any] = _date_key
) -> dict[str, list[Period]]:
    """The kinds of LIST_PARTS too long for their list page, each split into pages by period (refsite/periods.py):
    the list page lists the parts, which hold the entries' rows (the arms deals' table and chart stay on the list
    page; the polls' results table and chart move with their polls)."""
    out = {}
    for kind in LIST_PARTS:
        entries = sorted((e for e in dataset.of(kind).values() if not e.withdrawn), key=date_key)
        weigh = _weighed_once(weight, entries)
        if sum(map(weigh, entries)) > budget:
            out[kind] = split_by_period(entries, date_of, budget, weigh)
    return out


def page_splits(index: Index, budget: int = PAGE_BUDGET) -> dict[str, list[Period]]:
    """The pages that list entries held elsewhere and outgrow one page, each split into pages by period
    (refsite/periods.py): a theme's entries (with its sequences' rows), an actor's entries and those citing the
    documents it published or that relay its work (Index.documents_of), a reader table's rows; a source's claims in parts, each a run of its locators
    (in the order of the document)."""
    out: dict[str, list[Period]] = {}
    for theme in index.themes:
        entries = index.by_theme[theme.id]
        rows = {e.id for _, seq in index.sequences_for(entries) for e in seq}
        weigh = _weighed_once(_theme_weight(rows), entries)
        out[index.views[theme.id].page] = split_if_over(entries, date_of, budget, weigh)
    for actor in index.actors:
        entries = index.by_actor[actor.id]
        listed = sorted([*entries, *index.citing_documents_of[actor.id]], key=index.date_key)
        out[index.views[actor.id].page] = split_if_over(listed, date_of, budget, list_item_weight)
    for table in TABLES:
        rows_of = index.rows_of(table)
        out[table.page] = split_if_over(rows_of, date_of, budget, _weighed_once(table_row_weight, rows_of))
    for source in index.sources:
        uses = index.citations_of[source.id]
        if citing_weight(uses) > budget:  # (its claims weighed all together: grouped only to be split)
            groups = [list(run) for _, run in groupby(uses, key=lambda u: u.citation.locator)]
            parts = split_in_parts(groups, "claims", "Claims", budget, citing_weight)
            out[index.views[source.id].page] = [_by_locators(p) for p in parts]
    return {page: periods for page, periods in out.items() if len(periods) > 1}


def _theme_weight(rows: set[str]) -> Callable[[Entry], int]:
    """What an entry weighs on a theme page: its line, and its row in a sequence's table when it has one."""
    return lambda e: list_item_weight(e) + (table_row_weight(e) if e.id in rows else 0)


def _by_locators(part: Period) -> Period:
    """A source's part named by its first and last locators: 'p1-p14' and '¶1–¶14' ('t-00-01-10-t-00-09-30' and
    '00:01:10–00:09:30' in a video; one locator alone: 'p3', '¶3'). The facts about the document (meta: locators)
    come before the text, so only the first part can begin with them; its label names them apart from the text's
    run: 'Publication date, ¶1–¶19' ('Facts about the document, ¶1–¶19' for several; alone, 'Publication date')."""
    citations = [uses[0].citation for uses in part.entries]
    first, last = citations[0], citations[-1]
    facts = [c.meta for c in citations if c.meta]
    places = [c.locator for c in citations if not c.meta]
    names = []
    if facts:
        names.append(META_FIELDS[facts[0]] if len(set(facts)) == 1 else FACTS_ABOUT_THE_DOCUMENT)
    if places:
        names.append(places[0] if places[0] == places[-1] else f"{places[0]}–{places[-1]}")
    slug = first.anchor if first.locator == last.locator else f"{first.anchor}-{last.anchor}"
    return replace(part, slug=slug, label=", ".join(names))


def _weighed_once(weigh: Weigh, entries: Iterable[Entry]) -> Weigh:
    """weigh, with each entry's weight computed once: a split weighs an entry again at each level (decade,
    year, part, join)."""
    weights = {e.id: weigh(e) for e in entries}
    return lambda entry: weights[entry.id]


def contested_pages(
    dataset: Dataset, budget: int = PAGE_BUDGET, date_key: Callable[[Entry], Any] = _date_key
) -> list[Period]:
    """Contested points as pages by period of the live entries with disagreements (refsite/periods.py), weighed by
    their disagreements; none while all of them fit on contested.md."""
    entries = sorted((e for e in dataset.all() if e.entry_disputes and not e.withdrawn), key=date_key)
    weigh = _weighed_once(dispute_weight, entries)
    if sum(map(weigh, entries)) <= budget:
        return []
    return split_by_period(entries, date_of, budget, weigh)


def timeline_pages(
    dataset: Dataset, budget: int = PAGE_BUDGET, date_key: Callable[[Entry], Any] = _date_key
) -> list[Period]:
    """The live events as the Timeline's pages of bounded size (refsite/periods.py): events by period, then the
    states of affairs and the analyses, each on a page of its own (in parts if they grow); none while every
    event fits on timeline.md."""
    events = sorted((e for e in dataset.of("events").values() if not e.withdrawn), key=date_key)
    weigh = _weighed_once(weight, events)
    if sum(map(weigh, events)) <= budget:
        return []  # one page, timeline.md, holds them all
    by_kind = {k: [e for e in events if e.event_kind == k] for k in ("happening", "state", "analysis")}
    return (
        split_by_period(by_kind["happening"], date_of, budget, weigh)
        + split_in_parts(by_kind["state"], "states-of-affairs", "States of affairs", budget, weigh)
        + split_in_parts(by_kind["analysis"], "analyses", "Analyses", budget, weigh)
    )


def _index_sources(index: Index, dataset: Dataset) -> None:
    """Each source's view, and for each origin the live sources that relay it."""
    sources, actors = dataset.of("sources"), dataset.of("actors")
    for source in sources.values():
        source_view = index.source_views[source.id] = _source_view(source, sources, actors)
        if not source.withdrawn:
            for link in source_view.chain:
                if link.entry is not None:
                    index.copies_of[link.entry.id].append(source)
            if source.publisher_actor:
                index.published_by[source.publisher_actor].append(source)


def _index_entry(index: Index, entry: Entry) -> None:
    """A live entry in the by-theme and by-actor lists, its live claims' citations under their sources (each list in
    the order entries are indexed in: date order)."""
    view = index.views[entry.id]
    for theme_id in entry.theme_ids or []:
        index.by_theme[theme_id].append(entry)
    for actor_id in view.actor_ids:
        index.by_actor[actor_id].append(entry)
    cited = index.sources_of_entry[entry.id]
    for ref in view.statements:
        if ref.withdrawn:
            continue  # (on Corrections: Index.withdrawn_claims)
        for cit in ref.claim.citations:
            index.citations_of[cit.source].append(CitationUse(ref, cit))
            cited.append(cit.source)
    quote = entry.statement_quote
    if quote is not None:
        cited.append(quote.source)


def _sort_kinds(index: Index, dataset: Dataset) -> None:
    """Each kind's live entries, typed by the kind (Dataset.of), in reading order."""
    key = index.date_key
    index.events = sorted((e for e in dataset.of("events").values() if not e.withdrawn), key=key)
    index.arms_deals = sorted((e for e in dataset.of("arms-deals").values() if not e.withdrawn), key=key)
    index.statements = sorted((e for e in dataset.of("sanctions-statements").values() if not e.withdrawn), key=key)
    index.polls = sorted((e for e in dataset.of("polls").values() if not e.withdrawn), key=key)
    index.list_order = {
        e.id: i for i, e in enumerate([*index.events, *index.arms_deals, *index.statements, *index.polls])
    }
    index.un_votes = [e for e in index.events if e.un_vote is not None]
    index.meetings = [e for e in index.events if e.meeting is not None]
    index.nis_steps = [e for e in index.events if e.nis_sanctions is not None]
    index.themes = sorted(
        (e for e in dataset.of("themes").values() if not e.withdrawn), key=lambda t: (t.order, t.title.lower())
    )
    index.actors = sorted((e for e in dataset.of("actors").values() if not e.withdrawn), key=lambda a: a.name.lower())
    index.sources = sorted(
        (e for e in dataset.of("sources").values() if not e.withdrawn), key=lambda s: title_sort_key(s.title)
    )


def title_sort_key(title: str) -> str:
    """A title as an index sorts it: by its first letter or digit, so that a title opening with a quotation mark
    ('"Financial Times": …', '‘Stab in the back’ …') stands under F and S, not before A."""
    return re.sub(r"^\W+", "", title).casefold() or title.casefold()


def _sort_lists(index: Index) -> None:
    """The lists by theme and actor are in date order as made (_index_entry); a source's citations are put in the
    order of its locators, and at one locator stay in the order they were made in: by their entries' dates, then
    their claims' numbers (an entry has one list of statements: claims, overview or roles) and citations' order."""
    for uses in index.citations_of.values():
        uses.sort(key=lambda u: u.citation.sort_key)
    for copies in (*index.copies_of.values(), *index.published_by.values()):
        copies.sort(key=lambda s: s.title.lower())
