"""Polls as readers get them (issue 21, H2, M3, M4, M12): a series joins one question and answer only (the
validator refuses anything else), each figure's view says who polled, when (fieldwork, or a report's date
labelled as such) and whether it is known only second-hand; the chart labels each point with its pollster and
draws second-hand figures hollow; poll-results.csv has one row per figure."""

from __future__ import annotations

import csv
import io
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest

from refsite.charts import polls_over_time
from refsite.dataset import load_dataset
from refsite.errors import DataErrors
from refsite.index import build_index
from refsite.site import Site

SVG = "{http://www.w3.org/2000/svg}"

POLL = """\
version: 2
title: Pollco poll, {month}
pollster: pollco
fieldwork: "{fieldwork}"
fieldwork_basis: {{basis: stated, source: {source}, locator: '¶1', quote: in {month}}}
sample: 1,000 adults
themes: [diplomacy]
claims:
  - text: In {month}, {share}% were in favour of sanctions, according to {publisher}.
    citations:
      - {{source: {source}, locator: '¶1', quote: 'in {month}, {share}% in favour'}}
results:
  - {{question: sanctions-support, answer: {answer}, share: {share}, claim: 1}}
"""

REPORTED = """\
version: 2
title: Otherco figures, reported
pollster: pollco
reported: "2024-06-02"
reported_basis: {basis: published, source: news-may}
themes: [diplomacy]
claims:
  - text: 30% were against, Example News reported.
    citations:
      - {source: news-may, locator: '¶1', quote: 30% against}
results:
  - {question: sanctions-against-otherco, answer: Against sanctions, share: 30, claim: 1}
"""

SOURCE = """\
version: 2
title: A poll report
publisher: {publisher}
type: {type}
format: article
language: en
machine_translation: "no"
text_held: whole
published: "2024-06-02"
published_basis: page
locators: paragraph
paragraphs: 2
"""


@pytest.fixture
def data(tiny_data: Path) -> Path:
    (tiny_data / "actors" / "pollco.yml").write_text(
        "version: 2\nname: Pollco Research Institute (PRI)\ntype: organisation\n", encoding="utf-8"
    )
    for sid, publisher, kind in (("news-may", "Example News", "independent-outlet"), ("farm", "Farm", "aggregator")):
        (tiny_data / "sources" / f"{sid}.yml").write_text(
            SOURCE.format(publisher=publisher, type=kind), encoding="utf-8"
        )
    polls = tiny_data / "polls"
    polls.mkdir()
    for pid, month, fieldwork, source, publisher, share in (
        ("pollco-2022", "May", "2022-05", "news-may", "Example News", 9),
        ("pollco-2023", "May", "2023-05", "farm", "Farm", 19),
    ):
        (polls / f"{pid}.yml").write_text(
            POLL.format(
                month=month,
                fieldwork=fieldwork,
                source=source,
                publisher=publisher,
                share=share,
                answer="In favour of sanctions",
            ),
            encoding="utf-8",
        )
    (polls / "otherco-2024.yml").write_text(REPORTED, encoding="utf-8")
    return tiny_data


def test_a_series_that_joins_different_answers_is_refused_where_it_happens(data):
    path = data / "polls" / "pollco-2023.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "answer: In favour of sanctions", "answer: The West most responsible for the war"
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataErrors) as err:
        load_dataset(data)
    messages = [str(e) for e in err.value.errors]
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith("data/polls/pollco-2023.yml:13:35:")
    assert "poll series 'sanctions-support' joins different answers" in message
    assert (
        "'The West most responsible for the war' here, 'In favour of sanctions' in pollco-2022, none worded alike"
        in message
    )
    assert "own series id, e.g. 'sanctions-support-pollco'" in message


def test_each_figure_says_who_polled_when_and_whether_it_is_second_hand(data):
    index = build_index(load_dataset(data))
    by_poll = {r.poll.id: r for r in index.poll_results}
    assert list(by_poll) == ["pollco-2022", "pollco-2023", "otherco-2024"]  # by date
    first, farmed, reported = by_poll["pollco-2022"], by_poll["pollco-2023"], by_poll["otherco-2024"]
    assert first.pollster == "Pollco Research Institute (PRI)" and first.pollster_short == "PRI"
    assert first.date_label == "Fieldwork: May 2022" and first.fieldwork
    assert reported.date_label == "Reported: 2 June 2024 (not the fieldwork)" and not reported.fieldwork
    assert not first.second_hand and farmed.second_hand
    assert first.source_label == "Independent outlet" and farmed.source_label == "Aggregator or content farm"
    assert index.view("pollco-2022").results == [first]


def test_the_chart_joins_one_answer_labels_pollsters_and_marks_second_hand_figures(data):
    index = build_index(load_dataset(data))
    chart = polls_over_time(index)
    assert chart is not None
    for variant in ("wide", "narrow"):
        root = ET.fromstring(chart.drawing(variant))
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert "“In favour of sanctions”" in texts  # the panel says which answer it is
        assert "PRI 9%" in texts and "PRI 19%" in texts  # each point names its pollster
        points = [c.get("class") for c in root.iter(f"{SVG}circle")]
        assert points.count("c-point c-point--second-hand") == 2  # the farmed point and its legend key
        assert "known only via an aggregator" in texts
    # The report-dated poll is never drawn at its report's date.
    assert "1 other results" in chart.description and "Otherco" not in chart.description
    assert "Pollco Research Institute (PRI) May 2022 9%" in chart.description


def test_poll_results_download_has_one_row_per_figure(data):
    site = Site.of_index(build_index(load_dataset(data)))
    files = {d.path: d for d in site.downloads.files()}
    rows = list(csv.DictReader(io.StringIO(files["downloads/poll-results.csv"].content)))
    assert [(r["poll"], r["share"], r["fieldwork"], r["reported"], r["second_hand"]) for r in rows] == [
        ("pollco-2022", "9.0", "2022-05", "", "false"),
        ("pollco-2023", "19.0", "2023-05", "", "true"),
        ("otherco-2024", "30.0", "", "2024-06-02", "false"),
    ]
    assert rows[0]["pollster_name"] == "Pollco Research Institute (PRI)" and rows[0]["sample"] == "1,000 adults"
    assert rows[1]["source_types"] == "aggregator" and rows[0]["claim_url"].endswith("polls/#pollco-2022-c1")
    assert files["downloads/poll-results.json"].count == 3


def _named_only(data: Path, name: str) -> Path:
    """otherco-2024 without an actor as pollster: its source calls it 'an Otherco opinion poll'."""
    path = data / "polls" / "otherco-2024.yml"
    text = path.read_text(encoding="utf-8").replace("pollster: pollco\n", f"pollster_named: {name}\n")
    path.write_text(text.replace("quote: 30% against}", "quote: '30% against in an Otherco opinion poll'}"), "utf-8")
    return path


def test_a_pollster_the_source_names_without_identifying_it_is_shown_in_its_words(data):
    """The Gallup poll of 2018 (issue 21): TASS names 'a Gallup opinion poll' without saying which Gallup; the
    results table said 'Pollster not named'."""
    _named_only(data, "Otherco")
    index = build_index(load_dataset(data))
    (result,) = index.view("otherco-2024").results
    assert result.pollster == "“Otherco”, as the source names it" and result.pollster_short == "“Otherco”"
    assert index.pollster_name(index.view("otherco-2024").entry) == result.pollster  # the row says the same
    page = Site.of_index(index).pages()["polls.md"]
    assert "named by the source only as “Otherco”" in page and "Pollster not named" not in page


@pytest.mark.parametrize(
    ("name", "also_pollster", "expected"),
    [
        ("Gallup", False, "'Gallup' is not in any quote of this poll's claims"),
        ("Otherco", True, "give 'pollster' (an actor) or 'pollster_named', not both"),
    ],
)
def test_a_named_pollster_must_be_the_sources_words_and_never_beside_an_actor(data, name, also_pollster, expected):
    path = _named_only(data, name)
    if also_pollster:
        path.write_text(path.read_text(encoding="utf-8").replace("title:", "pollster: pollco\ntitle:"), "utf-8")
    with pytest.raises(DataErrors) as err:
        load_dataset(data)
    (message,) = [str(e) for e in err.value.errors]
    assert message.startswith("data/polls/otherco-2024.yml:") and expected in message, message


def test_a_sponsored_poll_is_named_alike_in_the_charts_labels_and_words(data):
    """A point's label names the pollster and its sponsor short ('PRI for Example News'); the chart's description
    and the point's title say the same in full, not the pollster alone (they read 'Ipsos' beside 'Ipsos for IRI')."""
    (data / "actors" / "sponsorco.yml").write_text(
        "version: 2\nname: Sponsorco Foundation for Research (SFR)\ntype: organisation\n", encoding="utf-8"
    )
    poll = data / "polls" / "pollco-2022.yml"
    poll.write_text(
        poll.read_text(encoding="utf-8").replace("pollster: pollco\n", "pollster: pollco\nsponsor: sponsorco\n")
    )
    index = build_index(load_dataset(data))
    first = index.view("pollco-2022").results[0]
    assert first.pollster == "Pollco Research Institute (PRI)"  # the results table adds "for …" itself
    assert first.pollster_short == "PRI for SFR"
    assert first.pollster_for == "Pollco Research Institute (PRI) for Sponsorco Foundation for Research (SFR)"
    chart = polls_over_time(index)
    assert chart is not None
    assert (
        "Pollco Research Institute (PRI) for Sponsorco Foundation for Research (SFR) May 2022 9%" in chart.description
    )
    root = ET.fromstring(chart.drawing("wide"))
    assert "PRI for SFR 9%" in [t.text for t in root.iter(f"{SVG}text")]
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Pollco Research Institute (PRI) for Sponsorco Foundation for Research (SFR), May 2022: 9%" in titles
