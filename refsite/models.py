"""Stage 2's schema: the one definition of every entry type.

These models validate data/, generate the JSON Schemas editors' tools use (refsite schema), give the
scaffolding its field comments (refsite new) and type the renderer. Field descriptions are user-facing.
"""
from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from .dates import FuzzyDate

DATA_VERSION = 1  # bump when the format changes incompatibly; files for other versions are refused

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
EntryId = Annotated[str, StringConstraints(pattern=ID_PATTERN), Field(description="The id of another entry: its file name without .yml")]

PARAGRAPH_RE = re.compile(r"^¶(\d+)$")
TIMESTAMP_RE = re.compile(r"^(\d{2}):([0-5]\d):([0-5]\d)$")
LOCATOR_PATTERN = r"^(¶[1-9]\d{0,5}|\d{2}:[0-5]\d:[0-5]\d)$"  # ¶ up to 6 digits: no int() of a huge number

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Inline = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    Field(description="Text in our own words. Allowed markup: *emphasis*, **strong**, and links to entries as "
                      "[[entry-id]] or [[entry-id|label]]. Anything else, HTML included, is shown as typed."),
]


def _https_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError("a URL must start with https:// or http://")
    return value


Url = Annotated[str, AfterValidator(_https_url), Field(json_schema_extra={"pattern": r"^https?://\S+$", "format": "uri"})]


class Model(BaseModel):
    # Unknown fields are errors: a typo must never pass silently.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=True)


# --------------------------------------------------------------------------- citations and claims

class Citation(Model):
    """Where in a source document a claim is stated."""

    source: EntryId = Field(description="Id of the source document (a file in data/sources/).")
    locator: Annotated[str, StringConstraints(pattern=LOCATOR_PATTERN)] = Field(
        description="Where in the source: a paragraph '¶12' (non-empty lines of the text, counted from 1) "
                    "or a video timestamp '00:10:36'.",
        examples=["¶12", "00:10:36"],
    )
    quote: ShortText | None = Field(
        None, description="Optional short verbatim quote from the source at this locator (checked against its text)."
    )

    @property
    def is_timestamp(self) -> bool:
        return bool(TIMESTAMP_RE.match(self.locator))

    @property
    def seconds(self) -> int | None:
        m = TIMESTAMP_RE.match(self.locator)
        return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) if m else None

    @property
    def paragraph(self) -> int | None:
        m = PARAGRAPH_RE.match(self.locator)
        return int(m[1]) if m else None

    @property
    def anchor(self) -> str:
        """Anchor of this locator on the source's page."""
        return locator_anchor(self.locator)

    @property
    def sort_key(self) -> int:
        return self.seconds if self.is_timestamp else (self.paragraph or 0)


def locator_anchor(locator: str) -> str:
    m = PARAGRAPH_RE.match(locator)
    return f"p{m[1]}" if m else "t-" + locator.replace(":", "-")


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
                    "confirmed, denied, disputed, or analysis (a commentator's interpretation).",
    )
    citations: list[Citation] = Field(min_length=1, description="At least one citation of a source document.")
    note: Text | None = Field(None, description="A note to readers: how a date was resolved, a conflict between sources …")
    withdrawn: Withdrawal | None = None


class Note(Model):
    """A note to readers about a source document (a known problem, a conflict)."""

    text: Text
    locators: list[Annotated[str, StringConstraints(pattern=LOCATOR_PATTERN)]] = Field(
        default_factory=list, description="The paragraphs or timestamps the note is about, if any."
    )


# --------------------------------------------------------------------------- entries

class Entry(Model):
    """Fields every entry file has."""

    kind: ClassVar[str]  # the data/ folder, e.g. "events"
    label: ClassVar[str]  # human name of the type, singular

    version: Literal[1] = Field(description="Data format version. Always 1 for now.")
    withdrawn: Withdrawal | None = None

    _id: str = PrivateAttr("")
    _path: str = PrivateAttr("")

    @property
    def id(self) -> str:
        # Straight from pydantic's private-attribute dict: `self._id` goes through BaseModel.__getattr__,
        # which costs a tenth of the rendering time on large data (ids are read for every link).
        return self.__pydantic_private__["_id"]

    @property
    def path(self) -> str:
        return self._path

    def all_claims(self) -> list[Claim]:
        return list(getattr(self, "claims", []) or [])

    def citations(self):
        """Every citation in the entry with its path in the data: (loc, citation or quote, claim or None)."""
        for part in ("claims", "overview", "roles"):
            for i, claim in enumerate(getattr(self, part, None) or []):
                for j, cit in enumerate(claim.citations):
                    yield (part, i, "citations", j), cit, claim
        quote = getattr(self, "quote", None)
        if quote is not None:
            yield ("quote",), quote, None


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

    title: Text = Field(description="The document's title as published.")
    title_note: Text | None = Field(None, description="Where the title comes from, if not from the document itself.")
    original_title: Text | None = Field(None, description="Title in the original language, for translations.")
    publisher: Text = Field(description="Who published it.")
    publisher_note: Text | None = None
    authors: list[ShortText] = Field(default_factory=list, description="Named authors; empty if none is shown.")
    author_note: Text | None = Field(None, description="E.g. 'No byline.'")
    type: Literal["article", "video", "report", "official-statement", "interview", "book", "dataset"] = Field(
        description="What kind of document it is."
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] = Field(description="ISO 639-1 code, e.g. en.")
    original_language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        None, description="For a translation: the language of the original."
    )
    published: FuzzyDate | Literal["undated"] = Field(
        description="Publication date with its precision, or 'undated' when the document shows none."
    )
    date_note: Text | None = Field(None, description="How the date is known, or what bounds it when undated.")
    urls: list[SourceUrl] = Field(default_factory=list, description="Known addresses only; never guessed.")
    video: Video | None = Field(None, description="For a video: its platform id, so timestamps link to the second.")
    attribution: ShortText | None = Field(None, description="E.g. 'With reporting by AP'.")
    locators: Literal["paragraph", "timestamp"] = Field(description="What a locator means for this document.")
    paragraphs: int | None = Field(None, ge=1, description="For paragraph locators: how many paragraphs the text has.")
    not_content: list[int] = Field(
        default_factory=list, description="Paragraphs that are page chrome (navigation, comment forms, captions); never cited."
    )
    text_file: ShortText | None = Field(None, description="File name of the document's text in the texts folder, for checks.")
    description: Text | None = Field(None, description="What the document is, for readers.")
    notes: list[Note] = Field(default_factory=list, description="Known problems in the text, conflicts, caveats.")

    @model_validator(mode="after")
    def _locators_consistent(self):
        if self.locators == "paragraph" and self.paragraphs is None:
            raise ValueError("a source with paragraph locators needs 'paragraphs' (how many it has)")
        if self.locators == "timestamp" and self.video is None:
            raise ValueError("a source with timestamp locators needs 'video' (its id)")
        return self


class Actor(Entry):
    """A person, organisation or state."""

    kind: ClassVar[str] = "actors"
    label: ClassVar[str] = "actor"

    name: ShortText = Field(description="The name as usually written in English, with diacritics (Aleksandar Vučić).")
    aliases: list[ShortText] = Field(default_factory=list, description="Other spellings, scripts and names (Vucic, Вучић).")
    type: Literal["person", "state", "organisation", "government-body", "company", "media", "armed-group"] = Field(
        description="What kind of actor."
    )
    summary: Inline | None = Field(None, description="Optional one-line identification (not a factual claim).")
    roles: list["Role"] = Field(default_factory=list, description="Offices and roles, each cited.")


class Role(Model):
    title: ShortText = Field(description="The role, e.g. 'President of Serbia'.")
    when: FuzzyDate | None = Field(None, description="When the source places the actor in this role, if it says.")
    when_note: Text | None = None
    citations: list[Citation] = Field(min_length=1)


Actor.model_rebuild()


class Theme(Entry):
    """A themed page."""

    kind: ClassVar[str] = "themes"
    label: ClassVar[str] = "theme"

    title: ShortText
    description: Text = Field(description="A short neutral description of what the theme covers (shown in lists).")
    order: int = Field(description="Position in lists of themes (lower first).")
    overview: list[Claim] = Field(default_factory=list, description="Opening overview: each sentence a cited claim.")


class Event(Entry):
    """Something that happened, dated with its precision."""

    kind: ClassVar[str] = "events"
    label: ClassVar[str] = "event"

    title: ShortText
    date: FuzzyDate
    date_note: Text | None = Field(None, description="How a vague or relative date was resolved.")
    themes: list[EntryId] = Field(min_length=1, description="Ids of the themes this event belongs to.")
    actors: list[EntryId] = Field(default_factory=list, description="Ids of the actors involved.")
    claims: list[Claim] = Field(min_length=1)


class Quantity(Model):
    number: int = Field(ge=0)
    precision: Literal["exact", "approximate", "more-than", "at-least", "up-to"] = "exact"

    @property
    def label(self) -> str:
        prefix = {"exact": "", "approximate": "c. ", "more-than": "more than ", "at-least": "at least ", "up-to": "up to "}
        return prefix[self.precision] + f"{self.number:,}"


class Money(Model):
    amount: int = Field(ge=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(description="ISO 4217 code, e.g. USD.")
    precision: Literal["exact", "approximate", "more-than", "at-least", "up-to"] = "exact"

    @property
    def label(self) -> str:
        prefix = {"exact": "", "approximate": "c. ", "more-than": "more than ", "at-least": "at least ", "up-to": "up to "}
        amount = self.amount
        if amount >= 1_000_000_000 and amount % 100_000_000 == 0:
            text = f"{amount / 1_000_000_000:g} billion"
        elif amount >= 1_000_000 and amount % 100_000 == 0:
            text = f"{amount / 1_000_000:g} million"
        else:
            text = f"{amount:,}"
        return f"{prefix[self.precision]}{self.currency} {text}"


ArmsCategory = Literal[
    "aircraft", "helicopters", "armoured-vehicles", "tanks", "air-defence", "drones", "ammunition",
    "artillery-rockets", "missiles", "small-arms", "other", "unspecified",
]
DealStatus = Literal["ordered", "delivered", "reported", "denied", "confirmed", "disputed", "unclear"]


class ArmsDeal(Entry):
    """An arms transfer, after the SIPRI arms-transfers record."""

    kind: ClassVar[str] = "arms-deals"
    label: ClassVar[str] = "arms deal"

    title: ShortText = Field(description="A short neutral title, e.g. 'Pantsir air defence systems from Russia'.")
    supplier: EntryId = Field(description="Actor id of the supplier.")
    recipient: EntryId = Field(description="Actor id of the recipient.")
    via: list[EntryId] = Field(default_factory=list, description="Third countries the transfer reportedly went through.")
    manufacturer: EntryId | None = Field(None, description="Actor id of the maker, if named.")
    system: ShortText = Field(description="System or designation as the source names it.")
    category: ArmsCategory
    quantity: Quantity | None = Field(None, description="Number of items; leave out when the source gives none.")
    deal_type: Literal["purchase", "donation", "transfer-via-third-country", "sale", "unknown"] = Field(
        description="Kind of deal."
    )
    ordered: FuzzyDate | None = Field(None, description="Year (or date) ordered, if stated.")
    delivered: FuzzyDate | None = Field(None, description="Year (or date) delivered, if stated.")
    reported: FuzzyDate | None = Field(None, description="When it was reported, for deals known only from reports.")
    date_note: Text | None = None
    value: Money | None = Field(None, description="Value, only if a source states it.")
    status: DealStatus
    themes: list[EntryId] = Field(min_length=1)
    actors: list[EntryId] = Field(default_factory=list, description="Other actors involved (reporters, deniers …).")
    claims: list[Claim] = Field(min_length=1)

    @property
    def date(self) -> FuzzyDate | None:
        return self.delivered or self.ordered or self.reported


Stance = Literal[
    "rules-out", "hedges", "urges-alignment", "expresses-concern", "defends-refusal", "imposes", "other",
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
    locator: Annotated[str, StringConstraints(pattern=LOCATOR_PATTERN)]
    note: Text | None = Field(None, description="E.g. 'Back-translated from a German translation.'")

    @property
    def citation(self) -> Citation:
        return Citation(source=self.source, locator=self.locator)


class SanctionsStatement(Entry):
    """Something a named actor said about sanctions against Russia."""

    kind: ClassVar[str] = "sanctions-statements"
    label: ClassVar[str] = "sanctions statement"

    title: ShortText
    speaker: EntryId = Field(description="Actor id of who spoke.")
    date: FuzzyDate | None = Field(None, description="When, with its precision; leave out if no source says.")
    date_note: Text | None = None
    venue: ShortText | None = Field(None, description="Where or to whom, e.g. 'to TASS'.")
    stance: Stance
    quote: Quote | None = Field(None, description="The short verbatim quote, when a source quotes the speaker.")
    themes: list[EntryId] = Field(min_length=1)
    actors: list[EntryId] = Field(default_factory=list)
    claims: list[Claim] = Field(min_length=1)


class PollResult(Model):
    answer: ShortText
    share: float = Field(ge=0, le=100, description="Percentage of respondents.")


class Poll(Entry):
    """An opinion poll or a public-opinion finding."""

    kind: ClassVar[str] = "polls"
    label: ClassVar[str] = "poll"

    title: ShortText
    pollster: EntryId | None = Field(None, description="Actor id of the pollster; leave out when the source names none.")
    pollster_note: Text | None = Field(None, description="E.g. 'Not named by the source.'")
    fieldwork: FuzzyDate | None = Field(None, description="Fieldwork dates, if stated.")
    date_note: Text | None = None
    sample: ShortText | None = Field(None, description="Sample size and population, if stated.")
    question: ShortText | None = Field(None, description="The question asked, if stated.")
    results: list[PollResult] = Field(default_factory=list, description="Answer shares, only when a source gives numbers.")
    themes: list[EntryId] = Field(min_length=1)
    actors: list[EntryId] = Field(default_factory=list)
    claims: list[Claim] = Field(min_length=1, description="The finding as stated, cited.")


ENTRY_TYPES: dict[str, type[Entry]] = {
    m.kind: m for m in (Source, Actor, Theme, Event, ArmsDeal, SanctionsStatement, Poll)
}
