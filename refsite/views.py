"""Page views: what each kind of page shows, prepared in Python from the index; the templates only print them.

One function per page kind builds its view (a theme page's sections, an actor's themes, the timeline's decades
and filter options with their counts, the arms table's first citations, a source page's locators). Groupings,
counts and precedence rules live here, typed and testable, instead of in Jinja.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from .index import KINDS, CitationUse, ClaimRef, DisputeView, Index, Kind, Table, placing_year
from .models import Actor, ArmsDeal, Citation, Entry, Event, Source, Theme
from .periods import Period

# The kinds listed on theme and actor pages, in the order their sections appear.
LISTED_KINDS = ("events", "arms-deals", "sanctions-statements", "polls")
# Actor types as the Actors page groups them, in order, with their headings.
ACTOR_TYPE_HEADINGS = {
    "person": "People",
    "state": "States and blocs",
    "contested-entity": "Entities with contested statehood",
    "government-body": "Government bodies",
    "organisation": "Organisations",
    "company": "Companies",
    "media": "Media",
    "armed-group": "Armed groups",
}


@dataclass(frozen=True)
class Section:
    """A section of a page: its heading's anchor and label, which the heading and the page's own table of contents
    both print, and what it holds, which the template prints under the heading."""

    anchor: str
    label: str
    holds: Literal["overview", "periods", "sequence", "entries", "actors", "sources"]  # a theme page's sections
    entries: Sequence[Entry] = ()  # a sequence's rows; a kind's entries
    table: Table | None = None  # a sequence's table


@dataclass(frozen=True)
class KindGroup:
    """The entries of one kind on a theme or actor page, in date order."""

    kind: Kind
    entries: list[Entry]


@dataclass(frozen=True)
class FilterOption:
    """A theme or an actor in the timeline's filter, with the number of events it would show."""

    entry: Theme | Actor
    count: int


@dataclass(frozen=True)
class Decade:
    """A decade of the timeline: '1990s', its first year ('1990', its anchor is 'decade-1990') and its events
    in date order."""

    label: str
    events: list[Event]
    prefix: str = "decade"  # a year of a Timeline page split by year: 'year' (anchor 'year-2022')

    @property
    def start(self) -> str:
        return self.label.removesuffix("s")

    @property
    def anchor(self) -> str:
        return f"{self.prefix}-{self.start}"


def kind_groups(entries: list[Entry]) -> list[KindGroup]:
    """entries grouped by listed kind, in LISTED_KINDS order; kinds with none left out."""
    groups = [KindGroup(KINDS[k], [e for e in entries if e.kind == k]) for k in LISTED_KINDS]
    return [g for g in groups if g.entries]


def _theme_ids(index: Index, entries: list[Entry]) -> list[str]:
    """The themes of entries, in order of first mention, without repeats."""
    return list(dict.fromkeys(t for e in entries for t in index.view(e).themes or []))


@dataclass(frozen=True)
class ThemePage:
    theme: Theme
    overview: list[ClaimRef]
    tables: list[Table]
    sequences: list[tuple[Table, list[Event]]]
    groups: list[KindGroup]
    actors: list[Actor]
    sources: list[Source]
    split: Split  # the theme's entries by period, once too many for one page (Index.splits)

    @property
    def sections(self) -> list[Section]:
        """The page's sections in order, each named once: the template writes their headings, the page's table
        of contents lists them, and a split page's redirect map reads which of them a period's page holds."""
        out = [Section("overview", "Overview", "overview")] if self.overview else []
        if self.split.links and self.split.period is None:
            out.append(Section("entries", "Entries by period", "periods"))
        out += [Section(table.download, table.title, "sequence", rows, table) for table, rows in self.sequences]
        out += [Section(g.kind.folder, g.kind.plural, "entries", g.entries) for g in self.groups]
        if self.actors:
            out.append(Section("actors-involved", "Actors involved", "actors"))
        if self.sources:
            out.append(Section("sources-used", "Sources used", "sources"))
        return out


def theme_page(index: Index, theme: Theme, period: Period | None = None) -> ThemePage:
    """A theme's page; once its entries are split by period (Index.splits), the first page lists the periods in
    their place and a period's page (period) holds only that period's entries."""
    entries = index.by_theme[theme.id]
    split = split_of(index, index.view(theme).page, period)
    listed = period.entries if period is not None else [] if split.links else entries
    first = period is None
    return ThemePage(
        theme=theme,
        overview=index.live_claims(theme, "overview") if first else [],
        tables=index.tables_for(entries) if first else [],
        sequences=index.sequences_for(listed),
        groups=kind_groups(listed),
        actors=index.actors_for(entries) if first else [],
        sources=index.sources_for([*entries, theme]) if first else [],
        split=split,
    )


def identification(actor: Actor, roles: list[ClaimRef]) -> str | None:
    """The line that says who or what an actor is when it has no summary: its first roles, with their dates
    ('Defence Minister of Serbia, as of February 2020; Interior Minister of Serbia'); none without roles."""
    if actor.summary or not roles:
        return None
    parts = []
    for ref in roles[:3]:
        when = ref.when
        qualifier = f"{when.qualifier} " if when is not None and when.qualifier else ""
        parts.append(ref.text + (f", {qualifier}{when.label}" if when is not None else ""))
    return "; ".join(parts) + ("; …" if len(roles) > 3 else "")


# Types whose label is not their value in words.
_TYPE_LABELS = {"contested-entity": "Entity with contested statehood"}


def type_label(actor: Actor) -> str:
    """'Person', 'Government body': the actor's type in words, shown as a label."""
    return _TYPE_LABELS.get(actor.type) or actor.type.replace("-", " ").capitalize()


@dataclass(frozen=True)
class ActorPage:
    actor: Actor
    entries: list[Entry]  # every live entry involving it (a page by period lists only its period's: groups, citing)
    roles: list[ClaimRef]
    published: list[Source]  # documents it published (Source.publisher_actor)
    copies: list[Source]  # documents whose provenance chain names the actor (the media whose work they relay)
    groups: list[KindGroup]
    themes: list[str]  # ids of the themes of its entries, in order of first mention
    citing: list[Entry]  # other entries whose live claims cite those documents, in listed-kind and date order
    split: Split  # its entries and those citing its documents by period, once too many for one page (Index.splits)

    @property
    def type_label(self) -> str:
        return type_label(self.actor)

    @property
    def identification(self) -> str | None:
        """The line a page opens with when the actor has no summary (see identification())."""
        return identification(self.actor, self.roles)

    @property
    def also_written(self) -> str:
        return ", ".join(self.actor.aliases)

    CITING_ANCHOR: ClassVar[str] = "entries-citing-these-documents"

    @property
    def list_anchors(self) -> list[str]:
        """The anchors of its entry lists, as the page writes them: what a period's page takes along once the
        page is split (the old links to them are sent on)."""
        return [g.kind.folder for g in self.groups] + ([self.CITING_ANCHOR] if self.citing else [])

    @property
    def relayed_only(self) -> bool:
        """The actor is known here only through documents: no entry involves it and no role is given, but it
        published documents in the collection or documents relay its work."""
        return not self.entries and not self.roles and bool(self.published or self.copies)


def actor_page(index: Index, actor: Actor, period: Period | None = None) -> ActorPage:
    """An actor's page; once its entries (and those citing the documents relaying its work) are split by period
    (Index.splits), the first page lists the periods in their place and a period's page (period) holds only that
    period's."""
    entries = index.by_actor[actor.id]
    citing = index.citing_documents_of[actor.id]
    split = split_of(index, index.view(actor).page, period)
    first = period is None
    listed = entries
    if split.links:  # the entries are on the periods' pages
        held = {e.id for e in period.entries} if period is not None else set()
        listed, citing = [e for e in entries if e.id in held], [e for e in citing if e.id in held]
    return ActorPage(
        actor=actor,
        entries=entries,
        roles=index.live_claims(actor, "roles") if first else [],
        published=index.published_by[actor.id] if first else [],
        copies=index.copies_of[actor.id] if first else [],
        groups=kind_groups(listed),
        themes=_theme_ids(index, index.by_actor[actor.id]) if first else [],
        citing=citing,
        split=split,
    )


@dataclass(frozen=True)
class ActorRow:
    """An actor on the Actors page: who or what it is, its other spellings, how many entries involve it, how
    many documents it published and how many relay its work."""

    actor: Actor
    identification: str | None  # from its roles, when it has no summary
    entries: int
    relaying: int
    published: int

    @property
    def relaying_label(self) -> str:
        """'relayed in 2 documents', or '' when no document relays its work."""
        if not self.relaying:
            return ""
        return f"relayed in {self.relaying} document{'s' if self.relaying > 1 else ''}"

    @property
    def documents_label(self) -> str:
        """What the Entries column notes under the count: 'published 9 documents; relayed in 1 document', or ''."""
        published = f"published {self.published} document{'s' if self.published > 1 else ''}" if self.published else ""
        return "; ".join(x for x in (published, self.relaying_label) if x)


@dataclass(frozen=True)
class ActorTypeGroup:
    heading: str
    actors: list[ActorRow]


def actor_type_groups(index: Index) -> list[ActorTypeGroup]:
    """The Actors page's sections: live actors by type, in ACTOR_TYPE_HEADINGS order; empty types left out."""
    rows = [
        ActorRow(
            actor=a,
            identification=identification(a, index.live_claims(a, "roles")),
            entries=len(index.by_actor[a.id]),
            relaying=len(index.copies_of[a.id]),
            published=len(index.published_by[a.id]),
        )
        for a in index.actors
    ]
    groups = [ActorTypeGroup(h, [r for r in rows if r.actor.type == t]) for t, h in ACTOR_TYPE_HEADINGS.items()]
    return [g for g in groups if g.actors]


@dataclass(frozen=True)
class Noun:
    one: str
    many: str


# What a page of the Timeline lists, by its period's group: the filter's legend, status and empty state say it.
TIMELINE_NOUNS = {
    "": Noun("event", "events"),
    "states-of-affairs": Noun("state of affairs", "states of affairs"),
    "analyses": Noun("analysis", "analyses"),
}


@dataclass(frozen=True)
class TimelinePage:
    events: list[Event]
    happenings: list[Event]
    states: list[Event]  # states of affairs as of a date
    analyses: list[Event]
    decades: list[Decade]  # of the happenings (a page of years: its years)
    filter_themes: list[FilterOption] = field(default_factory=list)
    filter_actors: list[FilterOption] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)  # the Timeline's pages, once it is split (Index.timeline)
    period: Period | None = None  # the period of this page of the Timeline

    @property
    def noun(self) -> Noun:
        """What the page lists ("Showing all 16 states of affairs", not "16 events")."""
        return TIMELINE_NOUNS[self.period.group if self.period is not None else ""]


def timeline_page(index: Index, period: Period | None = None) -> TimelinePage:
    """The Timeline (all its events, or the list of its periods once it is split), or one of its periods' pages;
    the filter offers the themes and actors of the page's events, with their counts there."""
    events = period.entries if period is not None else index.events
    happenings = [e for e in events if e.event_kind == "happening"]
    by_year = period is not None and period.level != "decade"
    decades: dict[str, list[Event]] = {}
    for e in happenings:
        year = index.view(e).when.date
        label = (str(year.year) if year else "") if by_year else index.view(e).decade or ""
        decades.setdefault(label, []).append(e)
    themes = Counter(t for e in events for t in dict.fromkeys(index.view(e).themes or []))
    actors = Counter(a for e in events for a in index.view(e).actor_ids)
    return TimelinePage(
        events=events,
        happenings=happenings,
        states=[e for e in events if e.event_kind == "state"],
        analyses=[e for e in events if e.event_kind == "analysis"],
        decades=[Decade(label, rows, "year" if by_year else "decade") for label, rows in decades.items()],
        filter_themes=[FilterOption(t, themes[t.id]) for t in index.themes if t.id in themes],
        filter_actors=[FilterOption(a, actors[a.id]) for a in index.actors if a.id in actors],
        periods=index.timeline,
        period=period,
    )


@dataclass(frozen=True)
class ContestedPoint:
    """A disagreement as Contested points shows it, under a heading no other disagreement has: its subject, and
    when another disagreement has the same subject (one recorded on two entries), the entry's title too."""

    dispute: DisputeView
    heading: str


@dataclass(frozen=True)
class PeriodLink:
    """A page of a list split by period, as the list's first page links it: the period, how many items its page
    holds (entries, or disagreements on Contested points) and its entries' dates."""

    period: Period
    count: int
    dates: str  # 'the first dated May 2024, the last June 2024', 'dated June 1999'; '' for entries without a date


def period_links(
    index: Index, periods: list[Period], count: Callable[[Period], int] | None = None, dated: bool = True
) -> list[PeriodLink]:
    """The links to a split list's pages (Index.timeline's, .parts', .contested, .splits), each with its count and
    dates (not dated: a source's parts, named by their locators)."""

    def dates(p: Period) -> str:
        if not dated:
            return ""
        first, last = index.view(p.entries[0]).when, index.view(p.entries[-1]).when
        if first.date is None:  # the entries without a date
            return ""
        if first.label == last.label:
            return f"dated {first.label}"
        return f"the first dated {first.label}, the last {last.label}"

    return [PeriodLink(p, count(p) if count else len(p.entries), dates(p)) for p in periods]


@dataclass(frozen=True)
class Split:
    """A page that lists entries held elsewhere, split by period once too long (Index.splits): its first page, the
    links to its pages by period (none while it is one page) and the period of this page (None on the first)."""

    home: str  # 'themes/energy-and-economy.md'; its periods' pages are themes/energy-and-economy/<slug>.md
    links: list[PeriodLink] = field(default_factory=list)
    period: Period | None = None

    @property
    def folder(self) -> str:
        return self.home.removesuffix(".md")

    @property
    def periods(self) -> list[Period]:
        return [link.period for link in self.links]

    @property
    def count(self) -> int:
        """How many items this period's page holds (entries; a source's citations), as its link says."""
        return next(link.count for link in self.links if link.period is self.period)

    @property
    def total(self) -> int:
        return sum(link.count for link in self.links)

    @property
    def title_suffix(self) -> str:
        """': 2020–2024' after a period page's title; '' on the first page."""
        return f": {self.period.label}" if self.period is not None else ""


def split_of(
    index: Index,
    home: str,
    period: Period | None = None,
    count: Callable[[Period], int] | None = None,
    dated: bool = True,  # not for a source's parts, named by their locators
) -> Split:
    """home's Split (Index.splits), as the page of period (or the first page) shows it."""
    return Split(home, period_links(index, index.splits.get(home, []), count, dated), period)


@dataclass(frozen=True)
class ContestedPage:
    points: list[ContestedPoint]  # the page's disagreements, by their entries' dates (none on a list of periods)
    periods: list[PeriodLink] = field(default_factory=list)  # every page of Contested points, once split
    period: Period | None = None  # the period of this page


def contested_page(index: Index, period: Period | None = None) -> ContestedPage:
    """Contested points: every disagreement, or (once split by period, Index.contested) the list of its pages; or
    one period's page, the disagreements of its entries. A heading is unique on the whole site, however split."""
    subjects = Counter(d.dispute.about.casefold() for d in index.disputes)

    def point(d: DisputeView) -> ContestedPoint:
        about = d.dispute.about
        return ContestedPoint(d, f"{about} — {index.view(d.entry).title}" if subjects[about.casefold()] > 1 else about)

    def of(p: Period) -> list[DisputeView]:
        return [d for e in p.entries for d in index.view(e).disputes]

    if period is not None:
        disputes = of(period)
    else:
        disputes = [] if index.contested else index.disputes

    periods = period_links(index, index.contested, lambda p: len(of(p)))
    return ContestedPage([point(d) for d in disputes], periods, period)


@dataclass(frozen=True)
class DealRow:
    """A row of the arms table: the deal, and each source its live claims cite, at the first passage cited."""

    deal: ArmsDeal
    first_citations: list[Citation]


def deal_rows(index: Index, deals: list[ArmsDeal] | None = None) -> list[DealRow]:
    """The transfers table (of deals only: a page of Arms deals once split by period): a supplier's transfers
    together (suppliers by name), each supplier's by the year the sources place them (the earliest of rival years),
    then those with no year."""

    def key(deal: ArmsDeal) -> tuple[str, bool, int, str]:
        supplier = index.view(deal.supplier).title if deal.supplier in index.views else deal.supplier
        year = placing_year(deal)
        return (supplier.lower(), year is None, year or 0, index.view(deal).title.lower())

    rows = []
    for deal in sorted(index.arms_deals if deals is None else deals, key=key):
        first: dict[str, Citation] = {}
        for ref in index.live_claims(deal):
            for cit in ref.claim.citations:
                first.setdefault(cit.source, cit)
        rows.append(DealRow(deal, list(first.values())))
    return rows


@dataclass(frozen=True)
class LocatorGroup:
    """The claims citing one locator of a source, in the order of the source page."""

    citation: Citation  # the first citation of the locator (its anchor and label)
    uses: list[CitationUse]  # each claim with its own citation (its quote)
    watch: tuple[str, str] | None = None  # a timestamp's link to the video (CitationView.watch)


def locator_groups(index: Index, source: Source, part: list[list[CitationUse]] | None = None) -> list[LocatorGroup]:
    """The claims citing source by locator, in the order of the document (of a part of its page: its runs of
    uses by locator, Index.splits)."""
    uses = index.citations_of[source.id] if part is None else [u for run in part for u in run]
    groups: list[LocatorGroup] = []
    for use in uses:
        if not groups or groups[-1].citation.locator != use.citation.locator:
            groups.append(LocatorGroup(use.citation, [], index.citation_view(use.citation).watch))
        groups[-1].uses.append(use)
    return groups


def latest_happenings(index: Index, args: str) -> list[Event]:
    """`<!-- data:latest N -->`: the N latest events that happened (5 without N; states and analyses are not news)."""
    try:
        n = int(args) if args else 5
    except ValueError:  # as Jinja's int filter read it
        n = 0
    return [e for e in reversed(index.events) if e.event_kind == "happening"][:n]
