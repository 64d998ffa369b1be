"""Quotation marks in our own words are typographic (“…”), as the templates print them; quotes and a source's
title keep the source's marks (readers' audit Q8). The validator refuses a straight mark in a field of our
own words (refsite/references.py, OWN_WORDS) with its place and the fix."""

from __future__ import annotations

from pathlib import Path
import types
import typing
from typing import Any

from pydantic import BaseModel
import pytest

from refsite.dataset import load_dataset
from refsite.models import ENTRY_TYPES, Citation
from refsite.references import curly, own_words

from ..conftest import real_dataset
from ..fixtures.edits import edit, errors_of

EVENT = "events/ministers-meet.yml"
HINT = "as the site prints quotation marks; quotes and titles copied from a source keep their own marks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('the "so-called" prime minister', "the “so-called” prime minister"),
        ('"on December 2" (the role\'s date)', "“on December 2” (the role's date)"),
        ('the tag "/REL/"', "the tag “/REL/”"),
        ('gives "six million" at "290 per cubic meter".', "gives “six million” at “290 per cubic meter”."),
        # marks inside words already quoted with “…” are the source's and stay as they are
        ('a scrap, “of Tape.<url>")”, then "at a price"', 'a scrap, “of Tape.<url>")”, then “at a price”'),
        ('a 5" gun', None),  # a mark that closes nothing
        ('he said "yes', None),  # a mark never closed
        ("no marks here", "no marks here"),
    ],
)
def test_curly_pairs_straight_marks(text: str, expected: str | None) -> None:
    assert curly(text) == expected


def test_a_straight_mark_in_a_claim_is_refused_with_its_place_and_the_fix(tiny_data: Path) -> None:
    edit(tiny_data, EVENT, "called the talks *useful* and frank", 'called the talks "useful" and frank')
    assert errors_of(tiny_data) == [
        f"data/events/ministers-meet.yml:13:5: claim 2, 'text': a straight quotation mark (\") in our own words "
        f"(write “useful”, {HINT})"
    ]


def test_every_field_of_our_own_words_is_checked(tiny_data: Path) -> None:
    edit(tiny_data, EVENT, "title: Foreign ministers meet", 'title: Foreign "ministers" meet')
    edit(tiny_data, EVENT, "source: example-news-talks}", "source: example-news-talks, how: 'a \"guess\"'}")
    edit(tiny_data, "actors/serbia.yml", "type: state", 'type: state\nsummary: A "state".')
    edit(tiny_data, "sources/example-lecture.yml", "version: 2", 'version: 2\ndate_note: Dated "roughly".')
    assert [e.split(": a straight")[0] for e in errors_of(tiny_data)] == [
        "data/actors/serbia.yml:4:1: 'summary'",
        "data/events/ministers-meet.yml:2:1: 'title'",
        "data/events/ministers-meet.yml:5:60: 'date_basis', 'how'",  # the field's place, in a flow mapping too
        "data/sources/example-lecture.yml:2:1: 'date_note'",
    ]


def test_verbatim_fields_and_quoted_fragments_keep_their_marks(tiny_data: Path) -> None:
    # a source's title is the document's, byte for byte; an alias is a spelling the documents use
    edit(
        tiny_data,
        "sources/example-news-talks.yml",
        "title: Officials meet in Belgrade",
        "title: '\"Officials\" meet in Belgrade'",
    )
    edit(tiny_data, "actors/russia.yml", "aliases: [Russian Federation]", "aliases: ['\"Russia\"']")
    # our words quoting a fragment whose own marks are straight: inside “…” they are the source's
    edit(tiny_data, EVENT, "called the talks *useful* and frank", 'called the talks “useful"” and frank')
    assert load_dataset(tiny_data).get("ministers-meet") is not None


def test_the_real_data_writes_its_own_words_with_typographic_marks() -> None:
    """data/ loads (it would not with a straight mark in our words) while its quotes keep straight marks where
    the held texts have them: the check does not reach into what a source says."""
    dataset = real_dataset()
    sites = [c for e in dataset.all() for _, c, _ in e.citation_sites()]
    quotes = [q for q in (c.quote if isinstance(c, Citation) else c.text for c in sites) if q and '"' in q]
    assert len(quotes) >= 30
    titles = [s.title for s in dataset.of("sources").values() if '"' in s.title]
    assert len(titles) >= 5


# The free-text fields that are not our own words, and why: each holds what a document says or how it names
# something, which keeps its marks. A new free-text field must be added to OWN_WORDS (or OWN_WORDS_AT) or here.
VERBATIM = {
    ("sources", ("title",)): "the document's title as published",
    ("sources", ("original_title",)): "the title in the original language",
    ("sources", ("publisher",)): "who published it, as the document names them",
    ("sources", ("attribution",)): "as the document shows it ('With reporting by AP')",
    ("sources", ("relays", "name")): "an outlet's name",
    ("sources", ("text_file",)): "a path",
    ("actors", ("name",)): "a name",
    ("events", ("meeting", "place")): "as the source gives it",
    ("events", ("un_vote", "resolution")): "as the source names it",
    ("arms-deals", ("designation",)): "a system's designation (MiG-29)",
    ("sanctions-statements", ("quote", "text")): "the speaker's words",
    ("polls", ("pollster_named",)): "the name as a quote of the poll's claims has it",
    ("polls", ("question",)): "the question asked, as the source gives it",
}


def _free_text_fields(model: type[BaseModel], names: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """The paths of a model's free-text fields (strings of at most 300 or 2,000 characters with no pattern),
    nested models followed; lists of strings (aliases, authors, derived) are not prose and are left out."""
    found: set[tuple[str, ...]] = set()
    for name, info in model.model_fields.items():
        todo: list[tuple[Any, list[Any]]] = [(info.annotation, list(info.metadata))]
        while todo:
            kind, meta = todo.pop()
            origin = typing.get_origin(kind)
            if origin is typing.Annotated:
                base, *extra = typing.get_args(kind)
                todo.append((base, meta + extra))
            elif origin in (typing.Union, types.UnionType):
                todo += [(arg, meta) for arg in typing.get_args(kind)]
            elif origin is list:
                todo += [(arg, []) for arg in typing.get_args(kind) if isinstance(arg, type)]
            elif isinstance(kind, type) and issubclass(kind, BaseModel):
                found |= _free_text_fields(kind, names + (name,))
            elif kind is str and any(
                getattr(m, "max_length", None) in (300, 2000) and getattr(m, "pattern", None) is None for m in meta
            ):
                found.add(names + (name,))
    return found


def test_every_free_text_field_is_our_words_or_verbatim() -> None:
    """A field added to the models is either checked for straight marks or listed above as verbatim."""
    unsorted, both = [], []
    fields = {kind: _free_text_fields(model) for kind, model in ENTRY_TYPES.items()}
    # the walk reaches nested models, lists of them and optional fields
    assert {("notes", "text"), ("relays", "what"), ("title",)} <= fields["sources"]
    assert {("claims", "citations", "quote"), ("date_basis", "how"), ("un_vote", "subject")} <= fields["events"]
    for kind in ENTRY_TYPES:
        for names in sorted(fields[kind]):
            verbatim = names[-1] == "quote" or (kind, names) in VERBATIM
            if verbatim and own_words(kind, names):
                both.append((kind, names))
            elif not verbatim and not own_words(kind, names):
                unsorted.append((kind, names))
    assert not unsorted, f"free-text fields neither in references.OWN_WORDS nor in VERBATIM: {unsorted}"
    assert not both, f"fields both verbatim and our own words: {both}"
