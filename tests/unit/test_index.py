"""The index on a tiny dataset: order, permalinks, claim numbers, who cites what (refsite/index.py)."""

from __future__ import annotations

from refsite.dataset import load_dataset
from refsite.dates import FuzzyDate
from refsite.index import build_index, date_of, date_qualifier, decade_of, listed
from refsite.models import META_FIELDS, ArmsDeal, Citation, Event, Poll, SanctionsStatement, locator_anchor


def test_lists_are_in_reading_order(tiny_index):
    assert [e.id for e in tiny_index.events] == ["lecture-on-ties", "ministers-meet"]  # by date
    assert [s.title for s in tiny_index.sources] == ["A lecture on the Balkans", "Officials meet in Belgrade"]
    assert [a.name for a in tiny_index.actors] == ["Russia", "Serbia"]


def test_permalinks_titles_and_claim_anchors(tiny_index, tiny_dataset):
    event = tiny_dataset.get("ministers-meet")
    view = tiny_index.view(event)
    assert (view.page, view.anchor, view.url) == ("timeline.md", "ministers-meet", "timeline.md#ministers-meet")
    assert view.title == "Foreign ministers meet in Belgrade"
    assert [c.anchor for c in view.claims] == ["ministers-meet-c1", "ministers-meet-c2"]
    assert [c.url for c in view.claims] == ["timeline.md#ministers-meet-c1", "timeline.md#ministers-meet-c2"]
    serbia = tiny_dataset.get("serbia")
    serbia_view = tiny_index.view(serbia)
    assert (serbia_view.page, serbia_view.anchor, serbia_view.url, serbia_view.title) == (
        "actors/serbia.md",
        None,
        "actors/serbia.md",
        "Serbia",
    )


def test_dates_and_decades(tiny_dataset):
    event = tiny_dataset.get("lecture-on-ties")
    assert date_of(event).label == "October 2019" and decade_of(date_of(event)) == "2010s"
    assert decade_of(None) is None


def test_each_source_knows_every_claim_citing_it_in_document_order(tiny_index):
    uses = tiny_index.citations_of["example-news-talks"]
    assert [(u.citation.locator, u.ref.anchor) for u in uses] == [
        ("¶1", "ministers-meet-c1"),
        ("¶2", "ministers-meet-c1"),
        ("¶3", "ministers-meet-c2"),
    ]
    assert [u.citation.seconds for u in tiny_index.citations_of["example-lecture"]] == [65]


def test_themes_and_actors_list_their_entries(tiny_index):
    assert [e.id for e in tiny_index.by_theme["diplomacy"]] == ["lecture-on-ties", "ministers-meet"]
    assert [e.id for e in tiny_index.by_actor["serbia"]] == ["ministers-meet"]
    assert [a.id for a in tiny_index.actors_for(tiny_index.events)] == ["russia", "serbia"]


def test_a_withdrawn_claim_keeps_its_number_and_moves_to_corrections(tiny_data):
    path = tiny_data / "events" / "ministers-meet.yml"
    text = path.read_text(encoding="utf-8").replace(
        "  - text: Serbia's", '  - withdrawn: {date: "2024-06", reason: The source was misread.}\n    text: Serbia\'s'
    )
    path.write_text(text, encoding="utf-8")
    index = build_index(load_dataset(tiny_data))
    first, second = index.view("ministers-meet").claims
    assert first.withdrawn and first.url == "corrections.md#ministers-meet-c1"
    assert not second.withdrawn and second.anchor == "ministers-meet-c2"  # numbers never shift
    assert [c.anchor for c in index.live_claims(index.get("ministers-meet"))] == ["ministers-meet-c2"]
    assert [c.anchor for c in index.withdrawn_claims] == ["lecture-on-ties-c2", "ministers-meet-c1"]
    assert [u.citation.locator for u in index.citations_of["example-news-talks"]] == ["¶3"]


def test_an_undated_source_shows_its_inferred_date_once_marked_as_inferred(tiny_data):
    path = tiny_data / "sources" / "example-news-talks.yml"
    text = path.read_text(encoding="utf-8")
    event = tiny_data / "events" / "ministers-meet.yml"  # its date can no longer rest on the publication date
    event.write_text(
        event.read_text(encoding="utf-8").replace(
            "{basis: published, source: example-news-talks}",
            "{basis: stated, source: example-news-talks, locator: ¶1, quote: Officials meet}",
        ),
        encoding="utf-8",
    )
    for inferred, label in (
        ('"2022-08~"', "undated (c. August 2022, inferred)"),
        ('"2022-08"', "undated (c. August 2022, inferred)"),
    ):
        path.write_text(
            text.replace(
                'published: "2024-05-02"\npublished_basis: page', f"published: undated\ninferred_date: {inferred}"
            ),
            encoding="utf-8",
        )
        index = build_index(load_dataset(tiny_data))
        assert index.source_view(index.get("example-news-talks")).date_label == label


def test_a_list_date_says_what_it_is_for_every_kind():
    """The at-a-glance answers show their entry's date apart from its facts: it must say which date it is. A
    report's date is never passed off as fieldwork or a transfer."""
    d = {y: FuzzyDate.parse(y) for y in ("2018", "2019", "2020")}
    cases = [
        (Event.model_construct(event_kind="happening", date=d["2018"]), "2018", ""),
        (Event.model_construct(event_kind="state", date=d["2018"]), "2018", "as of"),
        (SanctionsStatement.model_construct(date=d["2019"]), "2019", ""),
        (SanctionsStatement.model_construct(date=None), None, ""),
        (ArmsDeal.model_construct(delivered=d["2020"], ordered=d["2018"], reported=d["2019"]), "2020", "delivered"),
        (ArmsDeal.model_construct(delivered=None, ordered=d["2018"], reported=d["2019"]), "2018", "ordered"),
        (ArmsDeal.model_construct(delivered=None, ordered=None, reported=d["2019"]), "2019", "reported"),
        (ArmsDeal.model_construct(delivered=None, ordered=None, reported=None), None, ""),
        (Poll.model_construct(fieldwork=d["2018"], reported=d["2019"]), "2018", "fieldwork"),
        (Poll.model_construct(fieldwork=None, reported=d["2019"]), "2019", "reported"),
    ]
    for entry, year, qualifier in cases:
        date = date_of(entry)
        assert (date.label if date else None, date_qualifier(entry)) == (year, qualifier), entry


def test_locators_sort_facts_about_the_document_first_then_in_reading_order():
    fields = list(META_FIELDS)
    first, last = fields[0], fields[-1]
    locators = ["¶12", "¶2", f"meta:{last}", f"meta:{first}", "00:01:05", "00:00:59", "01:00:00"]
    cits = [Citation(source="s", locator=loc, quote=None if loc.startswith("meta:") else "q") for loc in locators]
    assert [c.locator for c in sorted(cits, key=lambda c: c.sort_key)] == [
        f"meta:{first}",
        f"meta:{last}",
        "¶2",
        "¶12",
        "00:00:59",
        "00:01:05",
        "01:00:00",  # (a source is located either way: a paragraph and a second never meet in one list)
    ]
    assert [c.sort_key for c in cits] == [12, 2, -1, -len(META_FIELDS), 65, 59, 3600]
    assert [locator_anchor(loc) for loc in ("¶12", "00:01:05", f"meta:{first}")] == [
        "p12",
        "t-00-01-05",
        f"meta-{first}",
    ]


def test_listed_words_read_as_a_sentence_lists_them():
    """One form for every list in running text: relay chains ('and'), rival years and values ('or')."""
    assert listed([]) == ""
    assert listed(["Beta"]) == "Beta"
    assert listed(["Beta", "Reuters"]) == "Beta and Reuters"
    assert listed(["TV Prva", "Politika", "Reuters"]) == "TV Prva, Politika and Reuters"
    assert listed((str(y) for y in (2017, 2018, 2020)), "or") == "2017, 2018 or 2020"


def test_lists_made_in_date_order_are_sorted_as_by_their_keys():
    """build_index sorts the entries once and makes the lists by theme, actor and source in that order: each is the
    order the full keys give (the real data: 386 entries, every kind)."""
    from pathlib import Path

    from refsite.index import _date_key

    index = build_index(load_dataset(Path(__file__).resolve().parents[2] / "data"))
    for entries in (*index.by_theme.values(), *index.by_actor.values()):
        assert entries == sorted(entries, key=_date_key)
    assert sum(map(len, index.by_actor.values())) > 500
    for uses in index.citations_of.values():
        assert uses == sorted(uses, key=lambda u: (u.citation.sort_key, _date_key(u.ref.entry), u.ref.number))
    assert sum(map(len, index.citations_of.values())) > 1000
    live = sorted((e for e in index.dataset.all() if not e.withdrawn), key=_date_key)
    assert index.disputes == [d for e in live for d in index.view(e).disputes] and index.disputes
    for actor in index.actors:  # worked out once, for the actor's page and its split
        others = [*index.by_actor[actor.id], actor]
        assert index.citing_documents_of[actor.id] == index.citing(index.documents_of(actor), others)
    assert any(index.citing_documents_of.values())
