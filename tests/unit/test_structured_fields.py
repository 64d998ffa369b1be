"""Structured fields of events (refsite/models.py: UnVote, Meeting) and the reader tables built from them:
each value backed by the event's claims, checked, viewed once (refsite/index.py) and shown with its citations
in the UN-votes and meetings tables and their downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from refsite.dataset import load_dataset
from refsite.downloads import Downloads
from refsite.errors import DataErrors
from refsite.history import Versions
from refsite.index import TABLES, build_index, tally_label
from refsite.models import _states_count
from refsite.publication import Publication
from refsite.site import Site

VOTE = """\
version: 2
title: General Assembly votes on the invasion of Ukraine
kind: happening
date: "2022-03-02"
date_basis: {basis: published, source: example-un-vote}
themes: [diplomacy]
actors: [serbia, russia]
claims:
  - text: The General Assembly adopted resolution ES-11/1 on Russia's invasion of Ukraine, Example News said.
    citations:
      - {source: example-un-vote, locator: '¶1', quote: adopted resolution ES-11/1}
  - text: The resolution passed with 141 votes in favour, 5 against and 35 abstentions.
    citations:
      - {source: example-un-vote, locator: '¶2', quote: '141 in favour, 5 against and 35 abstentions'}
  - text: Serbia voted in favour; Russia voted against.
    citations:
      - {source: example-un-vote, locator: '¶3', quote: Serbia voted yes}
  - text: Serbia's president said the vote was “a hard decision”.
    citations:
      - {source: example-un-vote, locator: '¶4', quote: a hard decision}
un_vote:
  body: general-assembly
  resolution: ES-11/1
  subject: Russia's invasion of Ukraine
  claims: [1]
  tally: {yes: 141, no: 5, abstain: 35, claims: [2]}
  serbia: {vote: "yes", claims: [3]}
  russia: {vote: "no", claims: [3]}
  said: [4]
"""

MEETING = """\
version: 2
title: Presidents meet in Sochi
kind: happening
date: "2022-03-02"
date_basis: {basis: published, source: example-un-vote}
themes: [diplomacy]
actors: [serbia, russia]
claims:
  - text: The two presidents met in Sochi for talks on energy, Example News said.
    citations:
      - {source: example-un-vote, locator: '¶5', quote: met in Sochi}
  - text: They signed agreements on gas.
    citations:
      - {source: example-un-vote, locator: '¶6', quote: signed agreements on gas}
meeting:
  place: Sochi
  participants: [serbia, russia]
  occasion: Talks on energy
  claims: [1]
  said: [2]
"""

SOURCE = """\
version: 2
title: A vote and a meeting
publisher: Example News
type: independent-outlet
format: article
language: en
machine_translation: "no"
text_held: whole
published: "2022-03-02"
published_basis: page
locators: paragraph
paragraphs: 6
"""


@pytest.fixture
def data(tiny_data: Path) -> Path:
    (tiny_data / "sources" / "example-un-vote.yml").write_text(SOURCE, encoding="utf-8")
    (tiny_data / "events" / "un-vote.yml").write_text(VOTE, encoding="utf-8")
    (tiny_data / "events" / "sochi-meeting.yml").write_text(MEETING, encoding="utf-8")
    return tiny_data


def errors_of(data: Path, name: str, old: str, new: str) -> str:
    path = data / "events" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataErrors) as err:
        load_dataset(data)
    return "\n".join(str(e) for e in err.value.errors)


def test_the_entry_view_backs_every_value_with_its_claims(data):
    index = build_index(load_dataset(data))
    assert [e.id for e in index.un_votes] == ["un-vote"] and [e.id for e in index.meetings] == ["sochi-meeting"]
    u = index.view("un-vote").un_vote
    assert u.about.label == "General Assembly resolution ES-11/1" and u.subject == "Russia's invasion of Ukraine"
    assert u.tally.label == "141 for, 5 against, 35 abstaining" and u.counts == {"yes": 141, "no": 5, "abstain": 35}
    assert [r.anchor for r in u.tally.claims] == ["un-vote-c2"]
    assert (u.serbia.label, u.serbia.code, u.russia.label) == ("Yes", "yes", "No")
    assert [c.locator for c in u.serbia.citations] == ["¶3"] and [r.number for r in u.said] == [4]
    mt = index.view("sochi-meeting").meeting
    assert (mt.place, mt.occasion, mt.participants) == ("Sochi", "Talks on energy", ["serbia", "russia"])
    assert mt.about.label == "Sochi, Talks on energy" and [r.anchor for r in mt.said] == ["sochi-meeting-c2"]
    assert [t.page for t in index.tables_for(["un-vote", "ministers-meet"])] == ["un-votes.md"]
    assert [t.page for t in index.tables_for(index.events)] == ["un-votes.md", "meetings.md"]


def test_a_count_is_stated_in_figures_or_in_words():
    assert _states_count("Four other members abstained", 4) and _states_count("none against", 0)
    assert _states_count("141 in favour", 141) and not _states_count("1,141 in favour", 141)
    assert not _states_count("fourteen abstained", 4) and not _states_count("five against", 4)


def test_a_tally_gives_only_the_counts_stated():
    assert tally_label({"yes": 141}) == "141 for"
    assert tally_label({"no": 5, "abstain": 35}) == "5 against, 35 abstaining"


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        (
            "un-vote.yml",
            "abstain: 35,",
            "abstain: 36,",
            "tally.abstain: none of its claims states the count 36",
        ),
        ("un-vote.yml", 'serbia: {vote: "yes", claims: [3]}', 'serbia: {vote: "yes"}', "vote 'yes' needs 'claims'"),
        ("un-vote.yml", 'russia: {vote: "no", claims: [3]}', "russia: {vote: veto, claims: [3]}", "veto is cast only"),
        ("un-vote.yml", "said: [4]", "said: [7]", "said names claim 7, but there are 4 claims"),
        ("un-vote.yml", "body: general-assembly", "body: assembly", "'assembly' is not an allowed value"),
        (
            "un-vote.yml",
            'serbia: {vote: "yes", claims: [3]}',
            "serbia: {vote: not-stated, claims: [3]}",
            "names no claims",
        ),
        ("sochi-meeting.yml", "participants: [serbia, russia]", "participants: [serbia, belarus]", "belarus"),
        ("sochi-meeting.yml", "claims: [1]\n", "claims: []\n", "meeting"),
    ],
)
def test_values_not_backed_by_claims_are_refused_with_their_place(data, name, old, new, message):
    out = errors_of(data, name, old, new)
    assert f"events/{name}:" in out and message in out


def test_an_unbacked_value_is_reported_at_its_block(data):
    line = VOTE.splitlines().index("un_vote:") + 1
    out = errors_of(data, "un-vote.yml", "said: [4]", "said: [7]")
    assert f"events/un-vote.yml:{line}:1: 'un_vote': said names claim 7, but there are 4 claims" in out


def test_participants_are_actors_of_the_event(data):
    out = errors_of(data, "sochi-meeting.yml", "actors: [serbia, russia]", "actors: [serbia]")
    assert "participants: list russia in the event's 'actors' too" in out


def test_the_tables_cite_every_value_and_link_it_to_its_claim(data):
    pages = Site.of_index(build_index(load_dataset(data))).pages()
    votes = pages["un-votes.md"]
    row = next(line for line in votes.splitlines() if "ES\\-11/1" in line and line.startswith("|"))
    assert "[General Assembly resolution ES\\-11/1](timeline.md#un-vote)" in row  # Markdown-escaped
    assert '<a href="../timeline/#un-vote-c2">141 for, 5 against, 35 abstaining</a><sup id="fnref:2">' in row
    assert '<a href="../timeline/#un-vote-c3" class="vote vote--yes">Yes</a>' in row
    assert (
        "a hard decision" in row and row.count('class="footnote-ref"') == 5
    )  # Serbia's and Russia's votes share claim 3's note
    assert "(../downloads/un-votes.csv)" not in votes and "(downloads/un-votes.csv)" in votes
    meetings = pages["meetings.md"]
    row = next(line for line in meetings.splitlines() if "Sochi" in line and line.startswith("|"))
    assert "[Presidents meet in Sochi](timeline.md#sochi-meeting)" in row and "They signed agreements on gas\\." in row
    assert "[Serbia](actors/serbia.md), [Russia](actors/russia.md)" in row
    assert "In a table: [Serbia's votes at the United Nations](../un-votes.md)" in pages["themes/diplomacy.md"]


def test_the_downloads_carry_each_value_with_its_claims_and_citations(data):
    index = build_index(load_dataset(data))
    files = Downloads(index, Versions(), Publication.from_settings("Test site", None, Versions())).contents()
    doc = json.loads(files["downloads/un-votes.json"])
    (row,) = doc["rows"]
    assert row["tally"]["yes"] == 141 and row["serbia"]["vote"] == "yes" and row["vote"]["resolution"] == "ES-11/1"
    assert row["serbia"]["claims"][0]["url"] == "/timeline/#un-vote-c3"
    assert row["serbia"]["claims"][0]["citations"][0] == {
        "source": "example-un-vote",
        "locator": "¶3",
        "quote": "Serbia voted yes",
        "source_url": "/sources/example-un-vote/#p3",
    }
    rows = list(csv.DictReader(io.StringIO(files["downloads/un-votes.csv"])))
    assert rows[0]["tally.abstain"] == "35" and rows[0]["russia.vote"] == "no"
    assert rows[0]["tally.citations"] == "example-un-vote ¶2"
    assert rows[0]["said"] == "Serbia's president said the vote was “a hard decision”."
    meetings = list(csv.DictReader(io.StringIO(files["downloads/meetings.csv"])))
    assert meetings[0]["meeting.place"] == "Sochi" and meetings[0]["meeting.participants"] == "serbia; russia"
    assert meetings[0]["said.citations"] == "example-un-vote ¶6"
    assert {t.download for t in TABLES} == {"un-votes", "meetings", "nis-sanctions"}


STEP = """\
version: 2
title: First postponement of the sanctions on NIS
kind: happening
date: "2022-03-02"
date_basis: {basis: published, source: example-un-vote}
themes: [diplomacy]
actors: [serbia]
claims:
  - text: The US postponed the sanctions on NIS by 30 days, Example News said.
    citations:
      - {source: example-un-vote, locator: '¶1', quote: postponed by 30 days}
  - text: The document attached appears to indicate a delay until 28 March.
    citations:
      - {source: example-un-vote, locator: '¶2', quote: a delay until March 28}
nis_sanctions: {step: postponement, claims: [1], until: "2025-03-28", until_claims: [2]}
"""


@pytest.fixture
def step_data(data: Path) -> Path:
    (data / "events" / "nis-step.yml").write_text(STEP, encoding="utf-8")
    return data


def test_a_nis_step_is_viewed_with_its_date_and_listed_on_its_table_and_theme_pages(step_data):
    index = build_index(load_dataset(step_data))
    ns = index.view("nis-step").nis_sanctions
    assert (ns.code, ns.step.label, ns.until.label, ns.until.code) == (
        "postponement",
        "Postponement or licence",
        "28 March 2025",
        "2025-03-28",
    )
    assert [r.anchor for r in ns.until.claims] == ["nis-step-c2"] and [c.locator for c in ns.step.citations] == ["¶1"]
    assert [(t.page, [e.id for e in rows]) for t, rows in index.sequences_for(index.events)] == [
        ("nis-sanctions.md", ["nis-step"])
    ]
    pages = Site.of_index(index).pages()
    row = next(line for line in pages["nis-sanctions.md"].splitlines() if "nis-step" in line)
    assert '<a href="../timeline/#nis-step-c1">Postponement or licence</a>' in row
    assert '<a href="../timeline/#nis-step-c2">28 March 2025</a>' in row
    theme = pages["themes/diplomacy.md"]
    assert (
        '## NIS and US sanctions, 2025–26 { #nis-sanctions data-search-exclude="" }' in theme
        and "../../timeline/#nis-step-c2" in theme
    )
    files = Downloads(index, Versions(), Publication.from_settings("Test site", None, Versions())).contents()
    (record,) = json.loads(files["downloads/nis-sanctions.json"])["rows"]
    assert record["step"]["step"] == "postponement" and record["until"]["date"] == "2025-03-28"
    (flat,) = list(csv.DictReader(io.StringIO(files["downloads/nis-sanctions.csv"])))
    assert flat["until.citations"] == "example-un-vote ¶2"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("until_claims: [2]}", "until_claims: [1]}", "until: none of its until_claims states '28 March'"),
        (
            ', until: "2025-03-28", until_claims: [2]}',
            ', until: "2025-03-28"}',
            "'until' and 'until_claims' go together",
        ),
        ("step: postponement", "step: waiver", "'waiver' is not an allowed value"),
    ],
)
def test_a_nis_step_date_must_be_stated_by_its_claims(step_data, old, new, message):
    out = errors_of(step_data, "nis-step.yml", old, new)
    assert "events/nis-step.yml:" in out and message in out


def test_the_real_un_votes_run_from_resolution_1244_to_february_2025():
    index = build_index(load_dataset(Path(__file__).resolve().parents[2] / "data"))
    rows = {e.id: index.view(e).un_vote for e in index.un_votes}
    first, last = index.un_votes[0], index.un_votes[-1]
    assert first.id == "un-security-council-adopts-resolution-1244-1999-06-10" and last.date.year >= 2025
    assert rows[first.id].counts == {"yes": 14, "no": 0, "abstain": 1} and rows[first.id].russia.code == "not-stated"
    march = rows["serbia-votes-for-un-general-assembly-resolution-on-ukraine-2022-03-02"]
    assert (march.tally.label, march.serbia.label, march.body) == (
        "141 for, 5 against, 35 abstaining",
        "Yes",
        "General Assembly",
    )
    reparations = rows["serbia-abstains-on-un-resolution-on-russian-reparations-2022-11-14"]
    assert (reparations.serbia.code, reparations.russia.code, reparations.counts["abstain"]) == ("abstain", "no", 73)
    assert rows["russia-vetoes-srebrenica-genocide-resolution-2015"].russia.label == "Veto"
    # B92's headline says "Serbia against"; its text, which the vote rests on, says Serbia voted in favour.
    annexation = rows["un-general-assembly-condemns-annexation-of-four-ukrainian-regions-2022-10"]
    assert annexation.serbia.code == "yes" and "no" not in annexation.counts
    assert rows["un-general-assembly-rejects-russian-amendment-to-us-draft-2025-02"].serbia.label == "Absent"
