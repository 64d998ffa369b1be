"""Stage 2's schema: the one definition of every entry type.

These models validate data/, generate the JSON Schemas editors' tools use (refsite schema), give the
scaffolding its field comments (refsite new) and type the renderer. Field descriptions are user-facing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
import functools
import ipaddress
import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar
import urllib.parse

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .dates import FuzzyDate

DATA_VERSION = 2  # bump when the format changes incompatibly; files for other versions are refused
MAX_ALIASES = 50  # the most any real actor has is 5
MAX_POLL_RESULTS = 100  # the most any real poll has is under 10

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
EntryId = Annotated[
    str, StringConstraints(pattern=ID_PATTERN), Field(description="The id of another entry: its file name without .yml")
]

PARAGRAPH_RE = re.compile(r"^¶(\d+)$")
TIMESTAMP_RE = re.compile(r"^(\d{2}):([0-5]\d):([0-5]\d)$")
# Facts about a document rather than in its text (its date, author, the story it rewrites) are cited
# with these locators, so that a claim resting on them names them instead of putting words in its mouth.
META_FIELDS = {
    "published": "Publication date",
    "author": "Author",
    "title": "Title",
    "url": "Address",
    "publisher": "Publisher",
    "rewrites": "The story it rewrites",
    "date-label": "Date label of a saved copy of the page",
}
META_RE = re.compile(r"^meta:([a-z-]+)$")
_META_ORDER = {field: i - len(META_FIELDS) for i, field in enumerate(META_FIELDS)}  # all before ¶1 and 00:00:00
# ¶ up to 6 digits: no int() of a huge number
LOCATOR_PATTERN = r"^(¶[1-9]\d{0,5}|\d{2}:[0-5]\d:[0-5]\d|meta:(" + "|".join(META_FIELDS) + r"))$"
Locator = Annotated[
    str,
    StringConstraints(pattern=LOCATOR_PATTERN),
    Field(
        description="Where in the source: a paragraph '¶12' (the non-empty lines of its text, counted from 1), a "
        "video timestamp '00:10:36', or a fact about the document: "
        + ", ".join(f"meta:{k}" for k in META_FIELDS)
        + ".",
        examples=["¶12", "00:10:36", "meta:published"],
        json_schema_extra={
            "errorMessage": "a locator is ¶ and a paragraph number (¶12), a timestamp hh:mm:ss "
            "(00:10:36), or meta:published / meta:author / …"
        },
    ),
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Inline = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    Field(
        description="Text in our own words. Allowed markup: *emphasis*, **strong**, and links to entries as "
        "[[entry-id]] or [[entry-id|label]]. Anything else, HTML included, is shown as typed."
    ),
]


MAX_URL = 2000  # the longest real address is under 200 characters; browsers and CSV readers choke on longer


class At(ValueError):  # pydantic wraps ValueErrors; the name reads as "at this place"
    """A model check's error at a place inside the entry (("disputes", 0, "values", 1, "claims", 0)), so that the
    message points at that line instead of the top of the file."""

    def __init__(self, loc: tuple[str | int, ...], message: str, hint: str = ""):
        super().__init__(message)
        self.loc, self.message, self.hint = loc, message, hint


def _https_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError("a URL must start with https:// or http://")
    if len(value) > MAX_URL:
        raise ValueError(f"a URL may be at most {MAX_URL} characters long (this one has {len(value)})")
    host = urllib.parse.urlsplit(value).netloc
    if "@" in host:
        raise ValueError(
            f"the URL names a user before '@' ({host.split('@')[0][:40]}@…): the site it leads to is the part after '@'"
        )
    hostname = host.rpartition(":")[0] if re.search(r":\d*$", host) else host
    if _local_host(hostname.lower().strip("[]")):
        raise ValueError(f"the URL leads to a local or private address ({hostname[:60]}), not a public web page")
    return value


def _local_host(host: str) -> bool:
    """localhost, a name without a dot, or an IP address that is loopback, private, link-local or reserved."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host or host.endswith((".localhost", ".local", ".internal", ".localdomain"))
    return not ip.is_global


Url = Annotated[
    str,
    AfterValidator(_https_url),
    Field(json_schema_extra={"pattern": r"^https?://\S+$", "format": "uri", "maxLength": MAX_URL}),
]


class Model(BaseModel):
    # Unknown fields are errors: a typo must never pass silently.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=True)


# --------------------------------------------------------------------------- citations and claims


class Citation(Model):
    """Where in a source document a claim is stated."""

    source: EntryId = Field(description="Id of the source document (a file in data/sources/).")
    locator: Locator
    quote: ShortText | None = Field(
        None,
        description="The verbatim words at this locator that support the claim: the shortest passage, at most 50 "
        "words, from one paragraph (python -m refsite text SOURCE ¶N prints it). Required with a paragraph or "
        "timestamp locator; none with a meta: locator.",
    )

    @property
    def is_timestamp(self) -> bool:
        return bool(TIMESTAMP_RE.match(self.locator))

    @property
    def seconds(self) -> int | None:
        return locator_seconds(self.locator)

    @property
    def paragraph(self) -> int | None:
        return locator_paragraph(self.locator)

    @property
    def meta(self) -> str | None:
        """For a metadata locator, the field ('published' for 'meta:published')."""
        m = META_RE.match(self.locator)
        return m[1] if m else None

    @property
    def anchor(self) -> str:
        """Anchor of this locator on the source's page."""
        return locator_anchor(self.locator)

    @property
    def sort_key(self) -> int:
        return locator_sort_key(self.locator)


@functools.cache  # (a locator is sorted and linked many times, and the same locators recur across entries)
def locator_sort_key(locator: str) -> int:
    """Where a locator sorts: the facts about the document first, each field in one run (META_FIELDS' order: a
    source's page lists each locator once), then paragraphs or seconds in order."""
    meta = META_RE.match(locator)
    if meta:
        return _META_ORDER[meta[1]]
    seconds = locator_seconds(locator)
    return seconds if seconds is not None else (locator_paragraph(locator) or 0)


def locator_seconds(locator: str) -> int | None:
    """A timestamp locator's second: 3723 for '01:02:03'; None for any other locator."""
    m = TIMESTAMP_RE.match(locator)
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) if m else None


def locator_paragraph(locator: str) -> int | None:
    """A paragraph locator's number: 7 for '¶7'; None for any other locator."""
    m = PARAGRAPH_RE.match(locator)
    return int(m[1]) if m else None


@functools.cache
def locator_anchor(locator: str) -> str:
    m = PARAGRAPH_RE.match(locator)
    if m:
        return f"p{m[1]}"
    meta = META_RE.match(locator)
    return f"meta-{meta[1]}" if meta else "t-" + locator.replace(":", "-")


ClaimStatus = Literal["reported", "claimed", "confirmed", "denied", "disputed", "analysis"]

STATUS_LABELS = {
    "reported": "Reported",
    "claimed": "Claimed",
    "confirmed": "Confirmed",
    "denied": "Denied",
    "disputed": "Disputed",
    "analysis": "Analysis",
}


class Withdrawal(Model):
    """A correction: the entry or claim was wrong. It leaves the main pages but stays on the Corrections page."""

    date: FuzzyDate = Field(description="When it was withdrawn.")
    reason: Text = Field(description="Why it was withdrawn, for readers.")


class Claim(Model):
    """One statement of fact the site shows, in our own words, with the documents that state it."""

    text: Inline
    status: ClaimStatus | None = Field(
        None,
        description="Only where contested: reported (a source reports it), claimed (a party asserts it), "
        "confirmed, denied, or analysis (a commentator's interpretation). A claim named by a "
        "'disputes' value is shown as disputed automatically.",
    )
    citations: list[Citation] = Field(min_length=1, description="At least one citation of a source document.")
    note: Text | None = Field(
        None, description="A note to readers: how a date was resolved, a conflict between sources …"
    )
    derived: list[ShortText] = Field(
        default_factory=list,
        description="Figures in the text that no quote holds because they are derived (a sum, a conversion, a "
        "difference), written as in the text, e.g. ['45%']; the text must say in words that they are derived.",
    )
    withdrawn: Withdrawal | None = None


class Note(Model):
    """A note to readers about a source document (a known problem, a conflict)."""

    text: Text
    locators: list[Locator] = Field(
        default_factory=list, description="The paragraphs or timestamps the note is about, if any."
    )


class OutOfScope(Model):
    """Content paragraphs deliberately left uncited, with a reason a reviewer can check."""

    locators: list[Locator] = Field(min_length=1, description="The paragraphs (¶N) left uncited.")
    reason: Text = Field(description="Why, e.g. 'Serbian party ratings; not about Serbia–Russia relations.'")


DateBasisKind = Literal["stated", "published", "relative", "metadata", "inferred"]
DATE_BASIS_LABELS = {
    "stated": "stated in the source",
    "published": "the source's publication date",
    "relative": "resolved from a relative date",
    "metadata": "from the source's page, address or date label",
    "inferred": "inferred from outside the document",
}


class DateBasis(Model):
    """Where a date comes from. Readers see it beside the date unless the source states the date outright."""

    basis: DateBasisKind = Field(
        description="Where the date comes from: stated (the cited paragraph states it), published (the source's "
        "publication date, for a state of affairs 'as of'), relative (resolved from 'on Sunday', "
        "'in October'), metadata (from the source's URL, date label or dateline) or inferred (from outside the "
        "document, e.g. the date of the report it rewrites or an undated source's inferred date; never shown "
        "as a publication date)."
    )
    source: EntryId = Field(description="The source the date comes from.")
    locator: Locator | None = Field(None, description="For stated and relative: the paragraph or timestamp.")
    how: Text | None = Field(
        None, description="For relative, metadata and inferred (optional otherwise): how it was resolved."
    )
    quote: ShortText | None = Field(
        None, description="With a paragraph or timestamp locator: the verbatim passage that states or implies the date."
    )

    @model_validator(mode="after")
    def _complete(self) -> DateBasis:
        if self.basis in ("stated", "relative") and not self.locator:
            raise ValueError(f"a '{self.basis}' date basis needs 'locator': the paragraph that gives the date")
        if self.basis in ("relative", "metadata", "inferred") and not self.how:
            raise ValueError(f"a '{self.basis}' date basis needs 'how': how the date was worked out")
        return self

    @property
    def citation(self) -> Citation:
        return Citation(source=self.source, locator=self.locator or "meta:published", quote=self.quote)

    @property
    def label(self) -> str:
        return DATE_BASIS_LABELS[self.basis]


class DisputeValue(Model):
    value: ShortText = Field(description="The value as this side gives it, e.g. '41' or 'October 2018'.")
    claims: list[Annotated[int, Field(ge=1)]] = Field(
        min_length=1, description="Numbers of the entry's claims (1 = the first) that state this value."
    )


DisputedField = Literal["quantity", "ordered", "delivered", "value", "deal_type", "date", "share", "status", "other"]


class Dispute(Model):
    """Sources disagree: each value with the claims (and so the citations) that give it, never one merged value."""

    about: ShortText = Field(description="What is disputed, neutrally: 'Number of T-72B1MS tanks delivered'.")
    field: DisputedField | None = Field(
        None, description="The entry field the values contest; that field is then left out of the entry."
    )
    values: list[DisputeValue] = Field(min_length=2, description="At least two rival values.")
    note: Text | None = None


# --------------------------------------------------------------------------- entries


class Entry(Model):
    """Fields every entry file has."""

    kind: ClassVar[str]  # the data/ folder, e.g. "events"
    label: ClassVar[str]  # human name of the type, singular

    version: Literal[2] = Field(description="Data format version: 2.")
    withdrawn: Withdrawal | None = None

    # The entry's id (its file name) and the path it was read from, given once it is read (`identify`). Kept in the
    # instance's own dictionary, where reading them is a plain attribute lookup: ids are read for every link, list
    # and check (some 750,000 times at 20 times the real entries), and a pydantic private attribute behind a property
    # took three times as long. (Declared as class variables so that pydantic leaves them out of the fields.)
    id: ClassVar[str] = ""
    path: ClassVar[str] = ""

    def identify(self, entry_id: str, path: str = "") -> None:
        """Give the entry its id and path (object's own setattr: pydantic's refuses attributes that are not
        fields)."""
        object.__setattr__(self, "id", entry_id)
        object.__setattr__(self, "path", path)

    # ---- typed accessors: what any entry has whatever its kind (each kind overrides what applies to it)
    @property
    def display_title(self) -> str:
        """What every link to and citation of the entry shows: its title, name or question."""
        return self.id

    def statement_lists(self) -> dict[str, Sequence[Claim | Role]]:
        """The entry's lists of cited statements by field: 'claims', a theme's 'overview', an actor's 'roles'."""
        return {}

    def all_claims(self) -> list[Claim]:
        """The entry's claims (none for kinds without claims)."""
        return []

    @property
    def theme_ids(self) -> list[str] | None:
        """The ids of the entry's themes; None for a kind that has no themes."""
        return None

    def actor_ids(self) -> list[str]:
        """Every actor the entry refers to (speaker, supplier, recipient, maker, pollster, sponsor, via, then
        actors), in that order, without repeats."""
        return []

    @property
    def entry_disputes(self) -> list[Dispute]:
        return []

    @property
    def statement_quote(self) -> Quote | None:
        """A sanctions statement's verbatim quote."""
        return None

    def placing(self) -> tuple[str, FuzzyDate] | None:
        """The field and the date an entry is placed at in lists: an event's date, a poll's fieldwork, a deal's
        first stated date (delivered, ordered, reported); None for kinds not placed by date."""
        return None

    def citation_sites(self) -> Iterator[tuple[tuple[str | int, ...], Citation | Quote, Claim | Role | None]]:
        """Every citation in the entry with its path in the data: (loc, citation or quote, claim or None)."""
        for part, items in self.statement_lists().items():
            for i, claim in enumerate(items):
                for j, cit in enumerate(claim.citations):
                    yield (part, i, "citations", j), cit, claim
        quote = self.statement_quote
        if quote is not None:
            yield ("quote",), quote, None


class Listed(Entry):
    """The kinds listed on themed pages: events, arms deals, sanctions statements and polls. Each has a title,
    themes, actors, claims and disputes. The fields are declared here for the type checker only: each kind
    declares its own, so that its JSON Schema keeps the order of its fields."""

    if TYPE_CHECKING:
        title: str
        themes: list[str]
        actors: list[str]
        claims: list[Claim]
        disputes: list[Dispute]

    @property
    def display_title(self) -> str:
        return self.title

    def statement_lists(self) -> dict[str, Sequence[Claim | Role]]:
        return {"claims": self.claims}

    def all_claims(self) -> list[Claim]:
        return list(self.claims)

    @property
    def theme_ids(self) -> list[str] | None:
        return self.themes

    def actor_ids(self) -> list[str]:
        return _unique([*self._own_actor_ids(), *self.actors])

    def _own_actor_ids(self) -> list[str | None]:
        """The kind's own actor fields, in order (speaker, supplier …), before 'actors'."""
        return []

    @property
    def entry_disputes(self) -> list[Dispute]:
        return self.disputes


def _unique(ids: list[str | None]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


SourceType = Literal[
    "wire-service",
    "public-broadcaster",
    "state-funded-international-broadcaster",
    "state-media",
    "state-linked-outlet",
    "independent-outlet",
    "pollster-report",
    "official-source",
    "defence-trade-press",
    "blog-or-commentary",
    "aggregator",
    "video-lecture",
    "third-party-summary",
]
# id -> (short label shown in every footnote, how to weigh it: shown in "How to read this site").
SOURCE_TYPES: dict[str, tuple[str, str]] = {
    "wire-service": ("Wire service", "A news agency such as AP, Reuters or AFP whose copy other outlets reprint."),
    "public-broadcaster": ("Public broadcaster", "A publicly funded national broadcaster."),
    "state-funded-international-broadcaster": (
        "State-funded international broadcaster",
        "A broadcaster funded by a government to reach foreign audiences (RFE/RL, TRT World).",
    ),
    "state-media": (
        "State media",
        "A news organisation owned or controlled by a state (TASS, RIA Novosti): "
        "a party's own account on matters concerning that state.",
    ),
    "state-linked-outlet": (
        "State-linked outlet",
        "An outlet described as linked to a state, without formal ownership.",
    ),
    "independent-outlet": ("Independent outlet", "A news outlet with no known state ownership."),
    "pollster-report": ("Pollster or NGO report", "The organisation's own publication of its research."),
    "official-source": ("Official source", "A government's or ministry's own statement or website."),
    "defence-trade-press": ("Defence trade press", "Specialist defence media; often relays ministries' statements."),
    "blog-or-commentary": ("Blog or commentary", "Opinion or commentary; read its claims as the author's view."),
    "aggregator": (
        "Aggregator or content farm",
        "A site that reposts others' copy, often machine-translated, "
        "without editing; least reliable, cited for what it shows.",
    ),
    "video-lecture": ("Video or lecture", "A recorded talk or lecture; the speaker's own account and analysis."),
    "third-party-summary": (
        "Third-party summary",
        "Someone else's summary of a document; its wording is the summary's, not the original's.",
    ),
}
TRANSLATION_LABELS = {"yes": "machine translation", "probably": "probably machine-translated", "no": ""}
# The same on a source's own page, in a sentence ("EN; probably a machine translation").
TRANSLATION_NOTES = {"yes": "machine translation", "probably": "probably a machine translation", "no": ""}
# Where a source's publication date is shown ("shown on the page").
PUBLISHED_BASIS_LABELS = {
    "page": "page",
    "url": "address",
    "date-label": "date label of a saved copy of the page",
    "dateline": "dateline",
}
TEXT_HELD_LABELS = {
    "whole": "The whole text",
    "excerpt": "An excerpt from the start of the page; the rest was not seen",
}

RelayHow = Literal["reposts", "translates", "cites", "summarises", "rewrites"]


class Relay(Model):
    """One link of a provenance chain: a source in data/, an actor in data/, or a named outlet not in data/."""

    source: EntryId | None = Field(None, description="Id of a source in data/sources/ that this one relays.")
    actor: EntryId | None = Field(None, description="Id of an actor (e.g. the pollster) whose work this relays.")
    name: ShortText | None = Field(None, description="Name of an outlet not in data/, e.g. 'Bloomberg'.")
    what: ShortText | None = Field(None, description="What of theirs, e.g. 'poll presentation'.")
    url: Url | None = Field(None, description="Its address, only if known; never guessed.")
    how: RelayHow = Field(description="How the document uses it: reposts, translates, cites, summarises, rewrites.")
    alongside: bool = Field(
        False,
        description="True when it is used by the same document as the relay before it, side by side (TASS citing "
        "both TV Prva and Politika), not by that relay.",
    )

    @model_validator(mode="after")
    def _one_target(self) -> Relay:
        if sum(x is not None for x in (self.source, self.actor, self.name)) != 1:
            raise ValueError("a relay names exactly one of 'source', 'actor' or 'name'")
        return self


class SourceUrl(Model):
    url: Url
    label: ShortText | None = Field(None, description="What this address is, e.g. 'German original'.")


class Video(Model):
    platform: Literal["youtube"] = "youtube"
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{6,20}$")] = Field(description="The video id.")

    def url_at(self, seconds: int | None = None) -> str:
        base = f"https://www.youtube.com/watch?v={self.id}"
        return base + (f"&t={seconds}s" if seconds is not None else "")


class Source(Entry):
    """A document that claims cite."""

    kind: ClassVar[str] = "sources"
    label: ClassVar[str] = "source"

    @property
    def display_title(self) -> str:
        return self.title

    title: Text = Field(description="The document's title as published.")
    title_note: Text | None = Field(None, description="Where the title comes from, if not from the document itself.")
    original_title: Text | None = Field(None, description="Title in the original language, for translations.")
    title_language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        None,
        description="The title's language where it is not the text's: 'en' for a descriptive title of ours in "
        "English on a Bulgarian report.",
    )
    title_translation: Text | None = Field(
        None,
        description="For a title not in English: the title in English, our own translation, shown beside it as "
        "such. Leave it out rather than guess; readers are then told the title's language.",
    )
    publisher: Text = Field(description="Who published it.")
    publisher_note: Text | None = None
    publisher_actor: EntryId | None = Field(
        None,
        description="Id of the actor in data/actors/ that 'publisher' names (TASS, News Front), when the collection "
        "holds one: the actor's page then lists the document. Only the publisher itself, never an owner or a "
        "funder the text does not name as publisher.",
    )
    authors: list[ShortText] = Field(default_factory=list, description="Named authors; empty if none is shown.")
    author_note: Text | None = Field(None, description="E.g. 'No byline.'")
    type: SourceType = Field(
        description="What kind of outlet published the text we hold: "
        + "; ".join(f"{k} ({v[0]})" for k, v in SOURCE_TYPES.items())
        + "."
    )
    format: Literal[
        "article", "video", "report", "press-release", "official-statement", "interview", "book", "dataset", "summary"
    ] = Field(description="What kind of document it is.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] = Field(
        description="ISO 639-1 code of the text we hold, e.g. en."
    )
    original_language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        None, description="For a translation: the language of the original."
    )
    machine_translation: Literal["yes", "no", "probably"] = Field(
        description="Whether the text we hold is a machine translation."
    )
    text_held: Literal["whole", "excerpt"] = Field(
        description="How much of the document we hold: whole (the whole text) or excerpt (an excerpt from the "
        "start of the page; the rest unseen)."
    )
    reliability: Text | None = Field(None, description="Notes for readers on how far to rely on it (neutral, factual).")
    published: FuzzyDate | Literal["undated"] = Field(
        description="The publication date the page, its URL, a date label or a dateline shows, or 'undated'. "
        "Never an inferred date (use inferred_date)."
    )
    published_basis: Literal["page", "url", "date-label", "dateline"] | None = Field(
        None,
        description="Where the publication date is shown: the page, its URL, the stored copy's date "
        "label, or a dateline. Required unless undated.",
    )
    inferred_date: FuzzyDate | None = Field(
        None, description="For an undated source: our inference, shown as such and never as a publication date."
    )
    date_note: Text | None = Field(None, description="How the date is known, or what bounds it when undated.")
    urls: list[SourceUrl] = Field(default_factory=list, description="Known addresses only; never guessed.")
    video: Video | None = Field(None, description="For a video: its platform id, so timestamps link to the second.")
    attribution: ShortText | None = Field(None, description="E.g. 'With reporting by AP'.")
    locators: Literal["paragraph", "timestamp"] = Field(description="What a locator means for this document.")
    paragraphs: int | None = Field(None, ge=1, description="For paragraph locators: how many paragraphs the text has.")
    not_content: list[int] = Field(
        default_factory=list,
        description="Paragraphs that are page chrome (navigation, comment forms, captions); never cited.",
    )
    text_file: ShortText | None = Field(
        None, description="File name of the document's text in the texts folder, for checks."
    )
    description: Text | None = Field(None, description="What the document is, for readers.")
    notes: list[Note] = Field(default_factory=list, description="Known problems in the text, conflicts, caveats.")
    out_of_scope: list[OutOfScope] = Field(
        default_factory=list, description="Content paragraphs deliberately not cited, each with a reason."
    )
    relays: list[Relay] = Field(
        default_factory=list,
        description="The provenance chain: what this document reposts, translates or cites, nearest first, "
        "the origin last; a relay marked 'alongside' is used by the same document as the one before it.",
    )

    @field_validator("relays")
    @classmethod
    def _first_relay_is_used_by_this_document(cls, relays: list[Relay]) -> list[Relay]:
        # A field validator, so that the message points at 'relays:', not at the file's first line.
        if relays and relays[0].alongside:
            raise ValueError("the first relay is used by this document itself: 'alongside' needs a relay before it")
        return relays

    @model_validator(mode="after")
    def _locators_consistent(self) -> Source:
        if self.locators == "paragraph" and self.paragraphs is None:
            raise ValueError("a source with paragraph locators needs 'paragraphs' (how many it has)")
        if self.locators == "timestamp" and self.video is None:
            raise ValueError("a source with timestamp locators needs 'video' (its id)")
        if self.published != "undated" and self.published_basis is None:
            raise ValueError("a dated source needs 'published_basis': page, url, date-label or dateline")
        if self.published == "undated" and self.published_basis is not None:
            raise ValueError("an undated source has no 'published_basis' (put an inference in inferred_date)")
        if self.inferred_date is not None and self.published != "undated":
            raise ValueError("'inferred_date' is only for undated sources")
        if self.title_translation is not None and (self.title_language or self.language) == "en":
            raise At(
                ("title_translation",),
                "the title is in English: 'title_translation' is for a title in another language",
            )
        return self


class Actor(Entry):
    """A person, organisation or state."""

    kind: ClassVar[str] = "actors"
    label: ClassVar[str] = "actor"

    @property
    def display_title(self) -> str:
        return self.name

    def statement_lists(self) -> dict[str, Sequence[Claim | Role]]:
        return {"roles": self.roles}

    name: ShortText = Field(description="The name as usually written in English, with diacritics (Aleksandar Vučić).")
    # Limits no real entry approaches: every alias is added to the search index of every page naming the actor.
    aliases: list[ShortText] = Field(
        default_factory=list, max_length=MAX_ALIASES, description="Other spellings, scripts and names (Vucic, Вучић)."
    )
    type: Literal[
        "person", "state", "contested-entity", "organisation", "government-body", "company", "media", "armed-group"
    ] = Field(
        description=(
            "What kind of actor. 'contested-entity': a polity whose statehood the documents' sides dispute (Kosovo):"
            " neither 'state' nor a province, which would each take one side."
        )
    )
    summary: Inline | None = Field(None, description="Optional one-line identification (not a factual claim).")
    roles: list[Role] = Field(default_factory=list, description="Offices and roles, each cited.")


class Role(Model):
    title: ShortText = Field(description="The role, e.g. 'President of Serbia'.")
    when: FuzzyDate | None = Field(None, description="When the source places the actor in this role, if it says.")
    when_note: Text | None = None
    when_basis: DateBasis | None = Field(None, description="Where 'when' comes from (required with 'when').")
    citations: list[Citation] = Field(min_length=1)

    # A role reads as a claim where claims are listed: its title is its text; it has no status and is never
    # withdrawn on its own.
    @property
    def text(self) -> str:
        return self.title

    @property
    def status(self) -> None:
        return None

    @property
    def withdrawn(self) -> None:
        return None

    @model_validator(mode="after")
    def _dated_with_basis(self) -> Role:
        if self.when is not None and self.when_basis is None:
            raise ValueError("a role with 'when' needs 'when_basis': where the date comes from")
        return self


Actor.model_rebuild()


class Theme(Entry):
    """A themed page."""

    kind: ClassVar[str] = "themes"
    label: ClassVar[str] = "theme"

    @property
    def display_title(self) -> str:
        return self.title

    def statement_lists(self) -> dict[str, Sequence[Claim | Role]]:
        return {"overview": self.overview}

    title: ShortText
    description: Text = Field(description="A short neutral description of what the theme covers (shown in lists).")
    order: int = Field(description="Position in lists of themes (lower first).")
    overview: list[Claim] = Field(default_factory=list, description="Opening overview: each sentence a cited claim.")


ClaimNumber = Annotated[int, Field(ge=1, le=9999)]
UnBody = Literal["general-assembly", "security-council", "human-rights-council"]
UN_BODY_LABELS = {
    "general-assembly": "General Assembly",
    "security-council": "Security Council",
    "human-rights-council": "Human Rights Council",
}
VoteCast = Literal["yes", "no", "abstain", "veto", "absent", "not-stated"]
VOTE_LABELS = {
    "yes": "Yes",
    "no": "No",
    "abstain": "Abstained",
    "veto": "Veto",
    "absent": "Absent",
    "not-stated": "Not stated",
}
MAX_VOTES = 200  # the General Assembly has 193 members


class Tally(Model):
    """The counts of a vote that the text gives; a count it does not give is left out."""

    yes: int | None = Field(None, ge=0, le=MAX_VOTES, description="Votes in favour, if stated.")
    no: int | None = Field(None, ge=0, le=MAX_VOTES, description="Votes against, if stated.")
    abstain: int | None = Field(None, ge=0, le=MAX_VOTES, description="Abstentions, if stated.")
    claims: list[ClaimNumber] = Field(
        min_length=1, description="Numbers of the event's claims (1 = the first) that state these counts."
    )

    def counts(self) -> dict[str, int]:
        """The counts given, in the order yes, no, abstain."""
        given = (("yes", self.yes), ("no", self.no), ("abstain", self.abstain))
        return {name: n for name, n in given if n is not None}

    @model_validator(mode="after")
    def _some_count(self) -> Tally:
        if self.yes is None and self.no is None and self.abstain is None:
            raise ValueError(
                "a tally gives at least one count (yes, no or abstain); leave 'tally' out if none is stated"
            )
        return self


class CountryVote(Model):
    """How one country voted, as the text says, and the claims that say it."""

    vote: VoteCast = Field(
        description="yes, no, abstain, veto, absent, or not-stated (when no cited text says): never more than the "
        "text says."
    )
    claims: list[ClaimNumber] = Field(
        default_factory=list,
        description="Numbers of the event's claims (1 = the first) that state this vote; none for not-stated.",
    )

    @model_validator(mode="after")
    def _backed(self) -> CountryVote:
        if self.vote == "not-stated" and self.claims:
            raise ValueError("a vote that is not stated names no claims")
        if self.vote != "not-stated" and not self.claims:
            raise ValueError(f"vote '{self.vote}' needs 'claims': the numbers of the claims that state it")
        return self


class UnVote(Model):
    """A vote at the United Nations: what was voted on, the tally, Serbia's and Russia's votes, each backed by
    the event's claims (the claims carry the citations; the table links every value to them)."""

    body: UnBody = Field(description="general-assembly, security-council or human-rights-council.")
    resolution: ShortText | None = Field(
        None, description="The resolution as the source names it, e.g. 'ES-11/1' or '1244'; leave out if unnamed."
    )
    subject: ShortText = Field(description="What was voted on, short and neutral: 'Russia's invasion of Ukraine'.")
    claims: list[ClaimNumber] = Field(
        min_length=1,
        description="Numbers of the event's claims that state the vote itself (body, resolution, subject).",
    )
    tally: Tally | None = Field(None, description="The counts the text gives; leave out if it gives none.")
    serbia: CountryVote = Field(description="Serbia's vote (vote: not-stated if no cited text says).")
    russia: CountryVote = Field(description="Russia's vote (vote: not-stated if no cited text says).")
    said: list[ClaimNumber] = Field(
        default_factory=list, description="Numbers of the event's claims giving what Serbia's leaders said about it."
    )

    @model_validator(mode="after")
    def _veto(self) -> UnVote:
        for country, cast in (("serbia", self.serbia), ("russia", self.russia)):
            if cast.vote == "veto" and self.body != "security-council":
                raise ValueError(f"{country}: a veto is cast only in the security-council")
        return self


class Meeting(Model):
    """A top-level meeting or visit: where, who, on what occasion, each backed by the event's claims; what was
    agreed or said is in the claims named by 'said'."""

    place: ShortText | None = Field(None, description="Where, as the source gives it: 'Beijing', 'Sochi'.")
    participants: list[EntryId] = Field(
        min_length=1, max_length=50, description="Actor ids of who met (also listed in the event's 'actors')."
    )
    occasion: ShortText | None = Field(
        None, description="On what occasion, short and neutral, if stated: 'Victory Day parade'."
    )
    claims: list[ClaimNumber] = Field(
        min_length=1,
        description="Numbers of the event's claims (1 = the first) that state the meeting, its place and occasion.",
    )
    said: list[ClaimNumber] = Field(
        default_factory=list, description="Numbers of the event's claims giving what was agreed or said."
    )


NisStep = Literal[
    "warning", "offer", "designation", "ownership", "postponement", "in-force", "supplies", "refinery", "sale"
]
NIS_STEP_LABELS = {
    "warning": "Warning",
    "offer": "Offer to buy",
    "designation": "Sanctions announced",
    "ownership": "Change of shareholding",
    "postponement": "Postponement or licence",
    "in-force": "Sanctions in force",
    "supplies": "Supplies cut",
    "refinery": "Refinery",
    "sale": "Sale and buyers",
}


class NisSanctionsStep(Model):
    """A step in the story of NIS under US sanctions (2025–26), for the table 'NIS and US sanctions': what kind
    of step and the date it runs to (a postponement's or licence's end, a deadline), each backed by claims."""

    step: NisStep = Field(description="What kind of step: " + ", ".join(NIS_STEP_LABELS) + ".")
    until: FuzzyDate | None = Field(
        None, description="The date the step runs to, as stated: a postponement's or licence's end, a deadline."
    )
    until_claims: list[ClaimNumber] = Field(
        default_factory=list, description="Numbers of the event's claims that state 'until' (its day and month)."
    )
    claims: list[ClaimNumber] = Field(
        min_length=1, description="Numbers of the event's claims (1 = the first) that state the step."
    )

    @model_validator(mode="after")
    def _until_backed(self) -> NisSanctionsStep:
        if (self.until is None) != (not self.until_claims):
            raise ValueError("'until' and 'until_claims' go together: the date and the claims that state it")
        return self


def _claim_numbers(block: UnVote | Meeting | NisSanctionsStep) -> list[tuple[str, int]]:
    """(field, claim number) of every claim a structured block names."""
    out = [("claims", n) for n in block.claims]
    if isinstance(block, NisSanctionsStep):
        return out + [("until_claims", n) for n in block.until_claims]
    out += [("said", n) for n in block.said]
    if isinstance(block, UnVote):
        if block.tally is not None:
            out += [("tally", n) for n in block.tally.claims]
        out += [("serbia", n) for n in block.serbia.claims] + [("russia", n) for n in block.russia.claims]
    return out


def _check_block(claims: list[Claim], actors: list[str], block: UnVote | Meeting | NisSanctionsStep) -> None:
    """A structured block names live claims of the event; a tally's counts (a step's end date) are stated by its
    claims; a meeting's participants are among the event's actors. Run as the block's own validator, so that
    an error points at the block."""
    for where, n in _claim_numbers(block):
        if n > len(claims):
            raise ValueError(f"{where} names claim {n}, but there are {len(claims)} claims")
        if claims[n - 1].withdrawn is not None:
            raise ValueError(f"{where} names claim {n}, which is withdrawn")
    if isinstance(block, UnVote) and block.tally is not None:
        texts = [claims[n - 1].text for n in block.tally.claims]
        for count, value in block.tally.counts().items():
            if not any(_states_count(t, value) for t in texts):
                raise ValueError(f"tally.{count}: none of its claims states the count {value}")
    if isinstance(block, NisSanctionsStep) and block.until is not None:
        day = block.until.start.label(with_year=False)  # "28 March", "September"
        if not any(day in claims[n - 1].text for n in block.until_claims):
            raise ValueError(f"until: none of its until_claims states '{day}'")
    if isinstance(block, Meeting):
        missing = [a for a in block.participants if a not in actors]
        if missing:
            raise ValueError(f"participants: list {', '.join(missing)} in the event's 'actors' too")


NUMBER_WORDS = (
    "none zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()


def _states_count(text: str, count: int) -> bool:
    """A count is stated in figures (141), or in words up to twenty ("five voted against", "none against")."""
    if _states_share(text, count):
        return True
    words = NUMBER_WORDS[:2] if count == 0 else [NUMBER_WORDS[count + 1]] if count <= 20 else []
    return any(re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in words)


class Event(Listed):
    """Something that happened, dated with its precision."""

    kind: ClassVar[str] = "events"
    label: ClassVar[str] = "event"

    def placing(self) -> tuple[str, FuzzyDate] | None:
        return ("date", self.date)

    title: ShortText
    event_kind: Literal["happening", "state", "analysis"] = Field(
        alias="kind",
        description="What it is: happening (something that happened on its date), state (a state of affairs as "
        "of its date) or analysis (an analysis or commentary).",
    )
    date: FuzzyDate
    date_basis: DateBasis = Field(description="Where the date comes from.")
    date_note: Text | None = Field(None, description="How a vague or relative date was resolved.")
    themes: list[EntryId] = Field(min_length=1, description="Ids of the themes this event belongs to.")
    actors: list[EntryId] = Field(default_factory=list, description="Ids of the actors involved.")
    claims: list[Claim] = Field(min_length=1)
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree: the rival values.")
    un_vote: UnVote | None = Field(
        None, description="For a vote at the United Nations: body, resolution, tally and votes, each backed by claims."
    )
    meeting: Meeting | None = Field(
        None, description="For a top-level meeting or visit: place, participants and occasion, backed by claims."
    )
    nis_sanctions: NisSanctionsStep | None = Field(
        None, description="For a step of NIS under US sanctions (2025–26): its kind and end date, backed by claims."
    )

    @field_validator("un_vote", "meeting", "nis_sanctions")
    @classmethod
    def _backed_by_claims(cls, block: Any, info: ValidationInfo) -> Any:
        # Claims and actors are declared, so validated, first; if the claims failed, their errors are reported.
        if block is not None and "claims" in info.data:
            _check_block(info.data["claims"], info.data.get("actors") or [], block)
        return block

    @model_validator(mode="after")
    def _disputes(self) -> Event:
        return _check_disputes(self)


Precision = Literal["exact", "approximate", "more-than", "at-least", "up-to"]
# How a number or an amount is shown before its figure, by its precision.
PRECISION_PREFIX: dict[str, str] = {
    "exact": "",
    "approximate": "c. ",
    "more-than": "more than ",
    "at-least": "at least ",
    "up-to": "up to ",
}


class Quantity(Model):
    number: int = Field(ge=0)
    precision: Precision = "exact"

    @property
    def label(self) -> str:
        return PRECISION_PREFIX[self.precision] + f"{self.number:,}"


class Money(Model):
    amount: int = Field(ge=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(description="ISO 4217 code, e.g. USD.")
    precision: Precision = "exact"

    @property
    def label(self) -> str:
        amount = self.amount
        if amount >= 1_000_000_000 and amount % 100_000_000 == 0:
            text = f"{amount / 1_000_000_000:g} billion"
        elif amount >= 1_000_000 and amount % 100_000 == 0:
            text = f"{amount / 1_000_000:g} million"
        else:
            text = f"{amount:,}"
        return f"{PRECISION_PREFIX[self.precision]}{self.currency} {text}"


ArmsCategory = Literal[
    "aircraft",
    "helicopters",
    "armoured-vehicles",
    "tanks",
    "air-defence",
    "drones",
    "ammunition",
    "artillery-rockets",
    "missiles",
    "small-arms",
    "other",
    "unspecified",
]
DealStatus = Literal["ordered", "delivered", "reported", "denied", "confirmed", "disputed", "unclear"]


class ArmsDeal(Listed):
    """An arms transfer, after the SIPRI arms-transfers record."""

    kind: ClassVar[str] = "arms-deals"
    label: ClassVar[str] = "arms deal"

    def _own_actor_ids(self) -> list[str | None]:
        return [self.supplier, self.recipient, self.manufacturer, *self.via]

    def placing(self) -> tuple[str, FuzzyDate] | None:
        dates = (("delivered", self.delivered), ("ordered", self.ordered), ("reported", self.reported))
        return next(((name, d) for name, d in dates if d is not None), None)

    title: ShortText = Field(description="A short neutral title, e.g. 'Pantsir air defence systems from Russia'.")
    supplier: EntryId = Field(description="Actor id of the supplier.")
    recipient: EntryId = Field(description="Actor id of the recipient.")
    via: list[EntryId] = Field(
        default_factory=list, description="Third countries the transfer reportedly went through."
    )
    manufacturer: EntryId | None = Field(None, description="Actor id of the maker, if named.")
    system: ShortText = Field(description="What was transferred, in words: 'Fighter jets', 'Battle tanks'.")
    designation: ShortText | None = Field(
        None, description="The designation where a source gives it: 'MiG-29', 'T-72B1MS'."
    )
    category: ArmsCategory
    quantity: Quantity | None = Field(None, description="Number of items; leave out when the source gives none.")
    deal_type: Literal["purchase", "donation", "transfer-via-third-country", "sale", "unknown"] | None = Field(
        None, description="Kind of deal. Required, unless sources disagree on it (a dispute with field: deal_type)."
    )
    ordered: FuzzyDate | None = Field(None, description="Year (or date) ordered, if stated.")
    ordered_basis: DateBasis | None = Field(None, description="Where 'ordered' comes from.")
    delivered: FuzzyDate | None = Field(None, description="Year (or date) delivered, if stated.")
    delivered_basis: DateBasis | None = Field(None, description="Where 'delivered' comes from.")
    delivered_quantity: Quantity | None = Field(
        None,
        description="How many of 'quantity' a source reports delivered by the date in 'delivered', when that is "
        "fewer than all ('the first of six': 1); leave out when all were delivered or no source says how many.",
    )
    reported: FuzzyDate | None = Field(
        None, description="When it was reported, for deals known only from reports (never a transfer year)."
    )
    reported_basis: DateBasis | None = Field(None, description="Where 'reported' comes from.")
    date_note: Text | None = None
    value: Money | None = Field(None, description="Value, only if a source states it.")
    status: DealStatus
    themes: list[EntryId] = Field(min_length=1)
    actors: list[EntryId] = Field(default_factory=list, description="Other actors involved (reporters, deniers …).")
    claims: list[Claim] = Field(min_length=1)
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree: the rival values.")

    @model_validator(mode="after")
    def _dates_with_basis(self) -> ArmsDeal:
        dated = (
            ("ordered", self.ordered, self.ordered_basis),
            ("delivered", self.delivered, self.delivered_basis),
            ("reported", self.reported, self.reported_basis),
        )
        for name, date, basis in dated:
            if date is not None and basis is None:
                raise ValueError(f"'{name}' needs '{name}_basis': where the date comes from")
        self._check_delivered_quantity()
        if self.deal_type is None and not any(d.field == "deal_type" for d in self.disputes):
            raise ValueError(
                "'deal_type' is required (purchase, donation, sale, transfer-via-third-country or "
                "unknown), unless a dispute with field: deal_type records the rival answers"
            )
        if self.status == "disputed" and not any(d.field == "status" for d in self.disputes):
            raise At(
                ("status",),
                "status 'disputed' needs a dispute with field: status, so that readers see what is disputed",
                "add under disputes: {about: what the sources disagree on, field: status, values: each account "
                "with the claims that give it}",
            )
        return _check_disputes(self)

    def _check_delivered_quantity(self) -> None:
        """A part delivered is a part of a stated number, by a stated date, and less than all of it."""
        part = self.delivered_quantity
        if part is None:
            return
        if self.quantity is None or self.delivered is None:
            names = [name for name in ("quantity", "delivered") if getattr(self, name) is None]
            missing = " and ".join(names)
            raise At(
                ("delivered_quantity",),
                f"'delivered_quantity' is a part of 'quantity' delivered by the date in 'delivered'; {missing} "
                f"{'is' if len(names) == 1 else 'are'} not given",
                f"add {missing} as the sources state it, or leave delivered_quantity out",
            )
        if part.precision == self.quantity.precision == "exact" and part.number >= self.quantity.number:
            raise At(
                ("delivered_quantity",),
                f"'delivered_quantity' ({part.number}) is not fewer than 'quantity' ({self.quantity.number}): it "
                "is for a part delivered",
                "leave delivered_quantity out when all were delivered; status: delivered says so",
            )

    @property
    def date(self) -> FuzzyDate | None:
        return self.delivered or self.ordered or self.reported


Stance = Literal[
    "rules-out",
    "hedges",
    "urges-alignment",
    "expresses-concern",
    "defends-refusal",
    "imposes",
    "other",
]
STANCE_LABELS = {
    "rules-out": "Rules out sanctions",
    "hedges": "Hedges",
    "urges-alignment": "Urges alignment with the EU",
    "expresses-concern": "Expresses concern",
    "defends-refusal": "Defends the refusal",
    "imposes": "Imposes sanctions",
    "other": "Other",
}


class Quote(Model):
    text: ShortText = Field(description="The speaker's words, verbatim as the source gives them.")
    source: EntryId
    locator: Locator
    note: Text | None = Field(None, description="E.g. 'Back-translated from a German translation.'")

    @property
    def citation(self) -> Citation:
        return Citation(source=self.source, locator=self.locator, quote=self.text)


class SanctionsStatement(Listed):
    """Something a named actor said about sanctions against Russia."""

    kind: ClassVar[str] = "sanctions-statements"
    label: ClassVar[str] = "sanctions statement"

    def _own_actor_ids(self) -> list[str | None]:
        return [self.speaker]

    def placing(self) -> tuple[str, FuzzyDate] | None:
        return ("date", self.date) if self.date is not None else None

    @property
    def statement_quote(self) -> Quote | None:
        return self.quote

    title: ShortText
    speaker: EntryId = Field(description="Actor id of who spoke.")
    date: FuzzyDate | None = Field(None, description="When, with its precision; leave out if no source says.")
    date_basis: DateBasis | None = Field(None, description="Where the date comes from (required with 'date').")
    date_note: Text | None = None
    venue: ShortText | None = Field(None, description="Where or to whom, e.g. 'to TASS'.")
    stance: Stance
    quote: Quote | None = Field(None, description="The short verbatim quote, when a source quotes the speaker.")
    themes: list[EntryId] = Field(min_length=1)
    actors: list[EntryId] = Field(default_factory=list)
    claims: list[Claim] = Field(min_length=1)
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree: the rival values.")

    @model_validator(mode="after")
    def _dated_with_basis(self) -> SanctionsStatement:
        if self.date is not None and self.date_basis is None:
            raise ValueError("'date' needs 'date_basis': where the date comes from")
        return _check_disputes(self)


SERIES_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class PollResult(Model):
    """One figure of a poll, stated by one of the entry's claims (which carries the citations)."""

    question: Annotated[str, StringConstraints(pattern=SERIES_PATTERN, max_length=60)] = Field(
        description="Series id of the question: polls share it only where they asked the same question "
        "(e.g. sanctions-against, putin-approval). Charts join polls by it."
    )
    answer: ShortText = Field(description="The answer, neutrally: 'Against sanctions on Russia'.")
    share: float = Field(
        ge=0,
        le=100,
        strict=True,  # a number as written: never true (1) or "9" (text)
        description="Percentage of respondents (45 for 45 %), as the claim states it.",
    )
    claim: int = Field(ge=1, description="Number of the claim (1 = the first) that states this figure.")


class Poll(Listed):
    """An opinion poll or a public-opinion finding."""

    kind: ClassVar[str] = "polls"
    label: ClassVar[str] = "poll"

    def _own_actor_ids(self) -> list[str | None]:
        return [self.pollster, self.sponsor]

    def placing(self) -> tuple[str, FuzzyDate] | None:
        dates = (("fieldwork", self.fieldwork), ("reported", self.reported))
        return next(((name, d) for name, d in dates if d is not None), None)

    title: ShortText
    pollster: EntryId | None = Field(
        None, description="Actor id of the pollster; leave out when the source names none."
    )
    pollster_named: ShortText | None = Field(
        None,
        description="When the source names the pollster only in a way that no actor can be identified from (TASS's "
        "'a Gallup opinion poll': Gallup, Inc. or Gallup International?): the name exactly as a quote of the poll's "
        "claims gives it ('Gallup'). Readers see it as the source's wording; 'pollster' stays empty.",
    )
    pollster_note: Text | None = Field(None, description="E.g. 'Not named by the source.'")
    sponsor: EntryId | None = Field(None, description="Actor id of who commissioned or funded it, if stated.")
    fieldwork: FuzzyDate | None = Field(None, description="Fieldwork dates, if stated.")
    fieldwork_basis: DateBasis | None = Field(
        None, description="Where the fieldwork dates come from (required with them)."
    )
    reported: FuzzyDate | None = Field(
        None, description="When no fieldwork date is given: when the poll was first reported (shown as such)."
    )
    reported_basis: DateBasis | None = Field(None, description="Where 'reported' comes from (required with it).")
    date_note: Text | None = None
    sample: ShortText | None = Field(None, description="Sample size and population, if stated.")
    method: ShortText | None = Field(None, description="Method (face-to-face, online panel …), if stated.")
    question: ShortText | None = Field(None, description="The question asked, if stated.")
    results: list[PollResult] = Field(
        default_factory=list,
        max_length=MAX_POLL_RESULTS,  # each one is drawn in charts
        description="Answer shares, only when a source gives numbers.",
    )
    several_answers: list[Annotated[str, StringConstraints(pattern=SERIES_PATTERN, max_length=60)]] = Field(
        default_factory=list,
        description="Questions (series ids used in results) where respondents could give several answers, so "
        "that their shares may add up to more than 100 %.",
    )
    themes: list[EntryId] = Field(min_length=1)
    actors: list[EntryId] = Field(default_factory=list)
    claims: list[Claim] = Field(min_length=1, description="The finding as stated, cited.")
    disputes: list[Dispute] = Field(default_factory=list, description="Where reports of the poll disagree.")

    @model_validator(mode="after")
    def _check(self) -> Poll:
        if self.fieldwork is not None and self.fieldwork_basis is None:
            raise ValueError("'fieldwork' needs 'fieldwork_basis': where the dates come from")
        if self.reported is not None and self.reported_basis is None:
            raise ValueError("'reported' needs 'reported_basis': where the date comes from")
        self._check_pollster_named()
        for i, result in enumerate(self.results, 1):
            if result.claim > len(self.claims):
                raise At(
                    ("results", i - 1, "claim"),
                    f"result {i} names claim {result.claim}, but there are {len(self.claims)} claims",
                )
            if not _states_share(self.claims[result.claim - 1].text, result.share):
                raise At(
                    ("results", i - 1, "share"),
                    f"result {i}: claim {result.claim} does not state the share {result.share:g}",
                )
        _check_shares_add_up(self)
        return _check_disputes(self)

    def _check_pollster_named(self) -> None:
        """A name the source gives, never ours: in the words of a quote the poll's claims rest on."""
        name = self.pollster_named
        if name is None:
            return
        if self.pollster is not None:
            raise At(("pollster_named",), "give 'pollster' (an actor) or 'pollster_named', not both")
        quotes = [c.quote for claim in self.claims for c in claim.citations if c.quote]
        if not any(name in q for q in quotes):
            raise At(
                ("pollster_named",),
                f"'{name}' is not in any quote of this poll's claims: give the pollster's name as a quote gives it",
            )


def _check_shares_add_up(poll: Poll) -> None:
    """The shares of one question's answers add up to at most 100 %, give or take each figure's rounding (half a
    point), unless respondents could give several answers. Rival figures for the same answer (a dispute) count
    once, by the largest."""
    by_question: dict[str, dict[str, tuple[float, int]]] = {}
    for i, result in enumerate(poll.results):
        answers = by_question.setdefault(result.question, {})
        answers[result.answer] = max(answers.get(result.answer, (0.0, i)), (result.share, i))
    for question, answers in by_question.items():
        total = sum(share for share, _ in answers.values())
        if question not in poll.several_answers and total > 100 + 0.5 * len(answers):
            last = max(i for _, i in answers.values())
            raise At(
                ("results", last, "share"),
                f"the shares of question '{question}' add up to {total:g} %, more than 100 %",
                "check each figure against its claim; if respondents could give several answers, list the "
                f"question in 'several_answers: [{question}]'",
            )


def _states_share(text: str, share: float) -> bool:
    """The claim must give the figure itself (45, 45.0 or 82,1 all match)."""
    figure = f"{share:g}"
    variants = {figure, figure.replace(".", ",")}
    return any(re.search(rf"(?<![\d.,]){re.escape(v)}(?![\d]|[.,]\d)", text) for v in variants)


ListedT = TypeVar("ListedT", bound=Listed)


def _check_disputes(entry: ListedT) -> ListedT:
    """Disputes name existing claims; a contested field has no single value on the entry."""
    claims = entry.claims
    for i, dispute in enumerate(entry.disputes, 1):
        sides: dict[int, int] = {}  # claim number -> the value (1-based) that names it first
        for j, value in enumerate(dispute.values):
            for k, n in enumerate(value.claims):
                at = ("disputes", i - 1, "values", j, "claims", k)
                if sides.setdefault(n, j + 1) != j + 1:
                    raise At(
                        at,
                        f"dispute {i}: claim {n} is named by values {sides[n]} and {j + 1}",
                        "a claim states one of the rival values: name it under that value only",
                    )
                if n > len(claims):
                    raise At(at, f"dispute {i} names claim {n}, but there are {len(claims)} claims")
                if claims[n - 1].withdrawn and not entry.withdrawn:
                    raise At(
                        at,
                        f"dispute {i} names claim {n}, which is withdrawn: the site no longer shows it",
                        "name a claim the site still shows, or remove this value from the dispute",
                    )
        if (
            dispute.field
            and dispute.field not in ("other", "share", "status")
            and getattr(entry, dispute.field, None) is not None
        ):
            raise ValueError(
                f"dispute {i} contests '{dispute.field}': leave '{dispute.field}' out of the entry "
                "(the rival values are shown instead of one)"
            )
    return entry


ENTRY_TYPES: dict[str, type[Entry]] = {
    m.kind: m for m in (Source, Actor, Theme, Event, ArmsDeal, SanctionsStatement, Poll)
}


QuestionPage = Literal[
    "home", "timeline", "arms-deals", "sanctions-statements", "polls", "un-votes", "meetings", "nis-sanctions"
]
AnswerRef = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*#c[1-9][0-9]{0,3}$"),
    Field(description="A claim of another entry: '<entry-id>#c<N>' (N = 1 for its first claim), as in its anchor."),
]


class Question(Entry):
    """A question readers ask, answered by claims of other entries: the "At a glance" blocks. Which claims
    answer it is data; the site shows each with its own text and citations, never a summary of them."""

    kind: ClassVar[str] = "questions"
    label: ClassVar[str] = "question"

    @property
    def display_title(self) -> str:
        return self.question

    question: ShortText = Field(description="The question, neutrally worded: 'Has Serbia imposed sanctions on Russia?'")
    order: int = Field(description="Position among the questions (lower first).")
    pages: list[QuestionPage] = Field(
        min_length=1,
        description="Where the question is shown: home, timeline, arms-deals, sanctions-statements, polls, un-votes, "
        "meetings.",
    )
    answers: list[AnswerRef] = Field(min_length=1, max_length=12, description="The claims that answer it, best first.")
    gaps: Text | None = Field(
        None, description="What these sources do not tell us, neutrally (shown after the answers)."
    )

    @model_validator(mode="after")
    def _answers_once(self) -> Question:
        for i, ref in enumerate(self.answers):
            if ref in self.answers[:i]:
                raise At(("answers", i), f"answer {i + 1} repeats answer {self.answers.index(ref) + 1} ('{ref}')")
        return self

    @property
    def answer_refs(self) -> list[tuple[str, int]]:
        """[(entry id, claim number)] of the answers."""
        return [(ref.split("#c")[0], int(ref.split("#c")[1])) for ref in self.answers]


ENTRY_TYPES[Question.kind] = Question


# The dates an entry states, each with the basis that says where it comes from.
DATE_FIELDS = (
    ("date", "date_basis"),
    ("fieldwork", "fieldwork_basis"),
    ("ordered", "ordered_basis"),
    ("delivered", "delivered_basis"),
    ("reported", "reported_basis"),
)


@functools.cache
def _date_fields(model: type[Entry]) -> tuple[tuple[str, str], ...]:
    """The DATE_FIELDS a kind of entry has, found once per kind (getattr of a field a model lacks goes through
    pydantic's slow path; date_bases is read some 30,000 times at 20 ×, and asking the fields took 0.02 s)."""
    fields = model.model_fields
    return tuple((name, basis_name) for name, basis_name in DATE_FIELDS if name in fields and basis_name in fields)


def date_bases(entry: Entry) -> Iterator[tuple[tuple[str | int, ...], FuzzyDate, DateBasis]]:
    """Every (loc, date, basis) of an entry, actor roles included."""
    for name, basis_name in _date_fields(type(entry)):
        date, basis = getattr(entry, name), getattr(entry, basis_name)
        if date is not None and basis is not None:
            yield (basis_name,), date, basis
    for i, role in enumerate(entry.roles if isinstance(entry, Actor) else []):
        if role.when is not None and role.when_basis is not None:
            yield ("roles", i, "when_basis"), role.when, role.when_basis
