"""Stage 3: the cross-reference index — who cites what, and what links to what.

Built once per build in linear time: every entry is visited once and appended to the lists of the
actors, themes and sources it refers to. Renderers only look things up here.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .dataset import Dataset
from .models import (
    Actor, ArmsDeal, Citation, Claim, Entry, Event, Poll, Role, SanctionsStatement, Source, Theme,
)

# Where each kind of entry lives on the site: a page per entry, or an anchor on a shared page.
SHARED_PAGE = {
    "events": "timeline.md",
    "arms-deals": "arms-deals.md",
    "sanctions-statements": "sanctions-statements.md",
    "polls": "polls.md",
}
OWN_PAGE_DIR = {"actors": "actors", "sources": "sources", "themes": "themes"}


def page_of(entry: Entry) -> str:
    """The Markdown path of the page that is this entry's permalink."""
    if entry.kind in SHARED_PAGE:
        return SHARED_PAGE[entry.kind]
    return f"{OWN_PAGE_DIR[entry.kind]}/{entry.id}.md"


def url_of(entry: Entry) -> str:
    """Page path plus anchor: the entry's stable permalink target."""
    page = page_of(entry)
    return f"{page}#{entry.id}" if entry.kind in SHARED_PAGE else page


@dataclass(frozen=True)
class ClaimRef:
    """A claim placed on the site: which entry holds it and its anchor on the entry's page."""

    entry: Entry
    claim: Claim | Role
    number: int  # 1-based position in its list
    part: str  # "claims", "overview" or "roles"

    @property
    def anchor(self) -> str:
        prefix = {"claims": "c", "overview": "c", "roles": "role"}[self.part]
        return f"{self.entry.id}-{prefix}{self.number}"

    @property
    def url(self) -> str:
        return f"{page_of(self.entry)}#{self.anchor}"


@dataclass(frozen=True)
class CitationUse:
    ref: ClaimRef
    citation: Citation


@dataclass
class Index:
    dataset: Dataset
    events: list[Event] = field(default_factory=list)  # date order
    arms_deals: list[ArmsDeal] = field(default_factory=list)
    statements: list[SanctionsStatement] = field(default_factory=list)
    polls: list[Poll] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)  # by order
    actors: list[Actor] = field(default_factory=list)  # by name
    sources: list[Source] = field(default_factory=list)  # by title
    by_theme: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    by_actor: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    citations_of: dict[str, list[CitationUse]] = field(default_factory=lambda: defaultdict(list))
    sources_of_entry: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    withdrawn_entries: list[Entry] = field(default_factory=list)
    withdrawn_claims: list[ClaimRef] = field(default_factory=list)

    def get(self, entry_id: str) -> Entry | None:
        return self.dataset.get(entry_id)

    def claims(self, entry: Entry, part: str = "claims") -> list[ClaimRef]:
        """Claims shown on the site for entry (withdrawn ones left out), with their stable numbers."""
        items = getattr(entry, part, []) or []
        return [ClaimRef(entry, c, i, part) for i, c in enumerate(items, 1) if not getattr(c, "withdrawn", None)]

    def sources_for(self, entries) -> list[Source]:
        ids: dict[str, None] = {}
        for e in entries:
            for sid in self.sources_of_entry[e.id]:
                ids[sid] = None
        return sorted((self.dataset.of("sources")[s] for s in ids), key=lambda s: s.title.lower())

    def actors_for(self, entries) -> list[Actor]:
        ids: dict[str, None] = {}
        for e in entries:
            for aid in actor_ids(e):
                ids[aid] = None
        actors = self.dataset.of("actors")
        return sorted((actors[a] for a in ids if a in actors), key=lambda a: a.name.lower())


def actor_ids(entry: Entry) -> list[str]:
    """Every actor an entry refers to, in a stable order without repeats."""
    ids: list[str] = []
    for name in ("speaker", "supplier", "recipient", "manufacturer", "pollster"):
        value = getattr(entry, name, None)
        if value:
            ids.append(value)
    ids += getattr(entry, "via", []) or []
    ids += getattr(entry, "actors", []) or []
    return list(dict.fromkeys(ids))


def _date_key(entry) -> tuple:
    d = getattr(entry, "date", None) or getattr(entry, "fieldwork", None)
    return (0, d.sort_key, entry.id) if d is not None else (1, (), entry.id)


def build_index(dataset: Dataset) -> Index:
    index = Index(dataset)
    live: list[Entry] = []
    for entry in dataset.all():
        if entry.withdrawn:
            index.withdrawn_entries.append(entry)
        else:
            live.append(entry)

    for entry in live:
        for theme_id in getattr(entry, "themes", []) or []:
            index.by_theme[theme_id].append(entry)
        for actor_id in actor_ids(entry):
            index.by_actor[actor_id].append(entry)
        for part in ("claims", "overview", "roles"):
            for i, claim in enumerate(getattr(entry, part, []) or [], 1):
                ref = ClaimRef(entry, claim, i, part)
                if getattr(claim, "withdrawn", None):
                    index.withdrawn_claims.append(ref)
                    continue
                for cit in claim.citations:
                    index.citations_of[cit.source].append(CitationUse(ref, cit))
                    index.sources_of_entry[entry.id].append(cit.source)
        quote = getattr(entry, "quote", None)
        if quote is not None:
            index.sources_of_entry[entry.id].append(quote.source)

    kinds: dict[str, list[Entry]] = defaultdict(list)
    for entry in live:
        kinds[entry.kind].append(entry)
    index.events = sorted(kinds["events"], key=_date_key)
    index.arms_deals = sorted(kinds["arms-deals"], key=_date_key)
    index.statements = sorted(kinds["sanctions-statements"], key=_date_key)
    index.polls = sorted(kinds["polls"], key=_date_key)
    index.themes = sorted(kinds["themes"], key=lambda t: (t.order, t.title.lower()))
    index.actors = sorted(kinds["actors"], key=lambda a: a.name.lower())
    index.sources = sorted(kinds["sources"], key=lambda s: s.title.lower())
    for key in list(index.by_theme):
        index.by_theme[key].sort(key=_date_key)
    for key in list(index.by_actor):
        index.by_actor[key].sort(key=_date_key)
    for key, uses in index.citations_of.items():
        uses.sort(key=lambda u: (u.citation.sort_key, _date_key(u.ref.entry), u.ref.number))
    return index
