"""Holes hostile or mistaken data found in the December 2026 review (issue 22, findings 8 and 9), each now
refused with `file:line:col` and a hint, or made safe. In-process on the tiny dataset.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refsite import limits
from refsite.dataset import load_dataset
from refsite.index import citation_view
from refsite.models import ENTRY_TYPES, Citation

from ..fixtures.edits import edit, errors_of
from ..fixtures.models import source

EVENT = "events/ministers-meet.yml"
POLL = """version: 2
title: A poll on sanctions
fieldwork: "2024-05"
fieldwork_basis: {basis: published, source: example-news-talks}
themes: [diplomacy]
claims:
  - text: 40% were against sanctions and 55% for them.
    citations:
      - {source: example-news-talks, locator: '¶1', quote: 40% against and 55% for them}
  - text: Another report gives 58% against.
    citations:
      - {source: example-news-talks, locator: '¶2', quote: 58% against}
results:
  - {question: sanctions, answer: Against, share: 40, claim: 1}
  - {question: sanctions, answer: For, share: 55, claim: 1}
"""


def add(data: Path, rel: str, text: str) -> None:
    (data / rel).parent.mkdir(parents=True, exist_ok=True)
    (data / rel).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- finding 8: keys with '['


@pytest.mark.parametrize(
    "key,shown",
    [
        ("claims[3]", "claims[3]"),
        ("'a[1]'", "a[1]"),
        ('"["', "["),
        ('"\\e[2J\\e[31mPWNED\\e[0m"', "\\x1b[2J\\x1b[31mPWNED\\x1b[0m"),
    ],
)
def test_an_unknown_key_with_a_bracket_is_a_message_not_a_traceback(tiny_data, key, shown):
    edit(tiny_data, EVENT, "kind: happening", f"kind: happening\n{key}: the third claim")
    (error,) = errors_of(tiny_data)
    assert error.startswith(f"data/events/ministers-meet.yml:4:1: unknown field '{shown}' (")
    assert "\x1b" not in error


# --------------------------------------------------------------------------- finding 9: characters


@pytest.mark.parametrize(
    "escape,name",
    [
        ("\\uFFFE", "U+FFFE"),
        ("\\uFFFF", "U+FFFF"),
        ("\\u202E", "U+202E (right-to-left override)"),
        ("\\u200B", "U+200B (zero-width space)"),
        ("\\u2060", "U+2060 (word joiner)"),
        ("\\uFEFF", "U+FEFF (byte-order mark"),
    ],
)
def test_characters_that_hide_or_reverse_text_or_break_the_feed_are_refused(tiny_data, escape, name):
    edit(tiny_data, EVENT, "title: Foreign ministers meet in Belgrade", f'title: "Foreign {escape}ministers"')
    (error,) = errors_of(tiny_data)
    assert error.startswith(f"data/events/ministers-meet.yml:2:8: text contains {name}")
    assert "after 'Foreign '" in error and "(remove it: readers would see other text" in error


def test_plain_text_in_other_scripts_is_accepted(tiny_data):
    edit(tiny_data, EVENT, "title: Foreign ministers meet in Belgrade", "title: Вучић и Лавров — ministers’ talks ½")
    load_dataset(tiny_data)


# --------------------------------------------------------------------------- finding 9: ids


@pytest.mark.parametrize(
    "rel",
    [
        "events/at-a-glance.yml",
        "events/analyses.yml",
        "polls/results.yml",
        "arms-deals/details.yml",
        "events/ministers-meet-d1.yml",
        "events/states-of-affairs.yml",
    ],
)
def test_ids_that_repeat_the_sites_own_anchors_are_reserved(tiny_data, rel):
    add(tiny_data, rel, (tiny_data / EVENT).read_text(encoding="utf-8"))
    (error,) = errors_of(tiny_data)
    assert error.startswith(f"data/{rel}:1:1: id '{Path(rel).stem}' is reserved: the site uses it for ")


# --------------------------------------------------------------------------- finding 9: URLs


@pytest.mark.parametrize(
    "url,message",
    [
        ("https://example.org/" + "a" * 2000, "a URL may be at most 2000 characters long (this one has 2020)"),
        ("https://www.bbc.co.uk@evil.example/news", "the URL names a user before '@' (www.bbc.co.uk@…)"),
        ("http://localhost:8000/admin", "the URL leads to a local or private address (localhost)"),
        ("http://127.0.0.1/x", "local or private address (127.0.0.1)"),
        ("http://10.1.2.3/x", "local or private address (10.1.2.3)"),
        ("http://[::1]:80/x", "local or private address ([::1])"),
        ("http://intranet/x", "local or private address (intranet)"),
    ],
)
def test_urls_that_mislead_or_lead_to_local_hosts_are_refused(tiny_data, url, message):
    edit(tiny_data, "sources/example-news-talks.yml", "https://example.org/news/1", url)
    (error,) = errors_of(tiny_data)
    assert error.startswith("data/sources/example-news-talks.yml:12:5: url 1: 'url': ") and message in error


def test_a_text_fragment_follows_the_urls_own_fragment():
    held = source(urls=[{"url": "https://www.example.org/2025/05/30/x#section-2"}])
    cit = Citation(source="x", locator="¶5", quote="290 euros")
    (_label, href), _ = citation_view(cit, held).links
    assert href == "https://www.example.org/2025/05/30/x#section-2:~:text=290%20euros"
    assert href.count("#") == 1


# --------------------------------------------------------------------------- finding 9: polls


def test_poll_shares_of_one_question_may_not_exceed_100_percent(tiny_data):
    add(tiny_data, "polls/over.yml", POLL.replace("55% for them", "65% for them").replace("share: 55", "share: 65"))
    (error,) = errors_of(tiny_data)
    assert error == (
        "data/polls/over.yml:15:40: the shares of question 'sanctions' add up to 105 %, more than 100 % "
        "(check each figure against its claim; if respondents could give several answers, list the question "
        "in 'several_answers: [sanctions]')"
    )


def test_rounding_rival_figures_and_several_answers_are_allowed(tiny_data):
    rounding = POLL.replace("55% for them", "60.5% for them").replace("share: 55", "share: 60.5")
    add(tiny_data, "polls/rounding.yml", rounding)  # 100.5: each of two figures may be half a point up
    rival = POLL + "  - {question: sanctions, answer: Against, share: 58, claim: 2}\n"
    add(tiny_data, "polls/rival.yml", rival.replace("share: 55", "share: 42").replace("55% for", "42% for"))
    several = POLL.replace("55% for them", "75% for them").replace("share: 55", "share: 75")
    add(tiny_data, "polls/several.yml", several + "several_answers: [sanctions]\n")
    load_dataset(tiny_data)


@pytest.mark.parametrize("share,shown", [("true", "bool True"), ('"40"', "str '40'")])
def test_a_share_is_a_number_as_written(tiny_data, share, shown):
    add(tiny_data, "polls/typed.yml", POLL.replace("share: 40,", f"share: {share},"))
    (error,) = errors_of(tiny_data)
    assert error.startswith("data/polls/typed.yml:14:44: result 1: 'share' input should be a valid number")
    assert shown in error


# --------------------------------------------------------------------------- finding 9: disputes and messages

DISPUTE = """disputes:
  - about: Who called the talks useful
    values:
      - {value: the minister, claims: [1]}
      - {value: the ministry, claims: [2]}
"""


def test_a_dispute_naming_a_withdrawn_claim_is_refused_at_its_line(tiny_data):
    edit(
        tiny_data,
        EVENT,
        "      - {source: example-news-talks, locator: '¶3', quote: useful and frank}",
        "      - {source: example-news-talks, locator: '¶3', quote: useful and frank}\n"
        "    withdrawn: {date: '2024-06-01', reason: The report was corrected.}\n" + DISPUTE,
    )
    assert errors_of(tiny_data) == [
        "data/events/ministers-meet.yml:21:40: dispute 1 names claim 2, which is withdrawn: the site no longer "
        "shows it (name a claim the site still shows, or remove this value from the dispute)"
    ]


def test_a_dispute_naming_a_missing_claim_is_located_at_the_number(tiny_data):
    with (tiny_data / EVENT).open("a", encoding="utf-8") as fh:
        fh.write(DISPUTE.replace("claims: [2]", "claims: [99]"))
    assert errors_of(tiny_data) == [
        "data/events/ministers-meet.yml:20:40: dispute 1 names claim 99, but there are 2 claims"
    ]


def test_a_one_sided_dispute_says_two_values_are_needed(tiny_data):
    with (tiny_data / EVENT).open("a", encoding="utf-8") as fh:
        fh.write(DISPUTE.replace("      - {value: the ministry, claims: [2]}\n", ""))
    (error,) = errors_of(tiny_data)
    assert "dispute 1: 'values' needs at least 2 items (it has 1) (At least two rival values.)" in error


def test_a_wrong_page_of_a_question_names_the_page(tiny_data):
    add(
        tiny_data,
        "questions/talks.yml",
        "version: 2\nquestion: Did they meet?\norder: 1\npages: [home, admin]\nanswers: ['ministers-meet#c1']\n",
    )
    (error,) = errors_of(tiny_data)
    assert error.startswith("data/questions/talks.yml:4:15: page 2: 'admin' is not an allowed value (allowed: ")


def test_a_duplicate_id_is_not_followed_by_unknown_reference_errors(tiny_data):
    add(tiny_data, "actors/example-news-talks.yml", "version: 2\nname: Example\ntype: media\n")
    errors = errors_of(tiny_data)
    assert errors == [
        "data/sources/example-news-talks.yml:1:1: id 'example-news-talks' is already used by "
        "data/actors/example-news-talks.yml (ids are unique across all of data/; rename one file)"
    ]


# --------------------------------------------------------------------------- finding 9: size per output


def test_a_listing_page_has_a_size_limit(tiny_data, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PAGE_TEXT", 300)
    add(tiny_data, "polls/a.yml", POLL)
    (error,) = errors_of(tiny_data)  # the Timeline has none: it is split into pages by period (refsite/periods.py)
    assert error.startswith("data/polls/a.yml:1:1: with this entry the Polls page would hold more than 300 characters")


def test_the_poll_chart_has_a_size_limit(tiny_data, monkeypatch):
    monkeypatch.setattr(limits, "MAX_POLL_RESULTS_TOTAL", 3)
    add(tiny_data, "polls/a.yml", POLL)
    add(tiny_data, "polls/b.yml", POLL)
    (error,) = errors_of(tiny_data)
    assert error.startswith("data/polls/b.yml:1:1: with this poll the charts would draw more than 3 results")


# --------------------------------------------------------------------------- finding 10: the guide covers every kind


def test_the_contributors_guide_covers_every_kind():
    guide = (Path(__file__).resolve().parents[2] / "CONTRIBUTING.md").read_text(encoding="utf-8")
    kinds_line = guide.split("The kinds are", 1)[1].split("\n-", 1)[0]
    table = guide.split("## Other kinds of entry", 1)[1].split("\n## ", 1)[0]
    for kind in ENTRY_TYPES:
        assert f"`{kind}`" in kinds_line, kind
        assert f"| `{kind}` |" in table, kind


def test_a_tab_in_the_indentation_is_named(tiny_data):
    edit(
        tiny_data,
        EVENT,
        "date_basis: {basis: published, source: example-news-talks}",
        "date_basis:\n\tbasis: published",
    )
    (error,) = errors_of(tiny_data)
    assert error == (
        "data/events/ministers-meet.yml:6:1: YAML syntax error: found character that cannot start any token: a tab "
        "(YAML is indented with spaces only: replace the tab with spaces)"
    )


def test_a_claim_on_both_sides_of_a_dispute_is_refused(tiny_data):
    with (tiny_data / EVENT).open("a", encoding="utf-8") as fh:
        fh.write(DISPUTE.replace("claims: [2]", "claims: [2, 1]"))
    assert errors_of(tiny_data) == [
        "data/events/ministers-meet.yml:20:43: dispute 1: claim 1 is named by values 1 and 2 "
        "(a claim states one of the rival values: name it under that value only)"
    ]


def test_the_same_answer_twice_is_refused(tiny_data):
    add(
        tiny_data,
        "questions/talks.yml",
        "version: 2\nquestion: Did they meet?\norder: 1\npages: [home]\n"
        "answers: ['ministers-meet#c1', 'ministers-meet#c2', 'ministers-meet#c1']\n",
    )
    assert errors_of(tiny_data) == ["data/questions/talks.yml:5:53: answer 3 repeats answer 1 ('ministers-meet#c1')"]


def test_a_source_still_shown_may_not_relay_a_withdrawn_one(tiny_data):
    # A withdrawn original must not lend a relaying document its provenance unseen (issue 22).
    lecture = (tiny_data / "sources" / "example-lecture.yml").read_text(encoding="utf-8")
    original = lecture.replace("title: A lecture on the Balkans", "title: The original report")
    (tiny_data / "sources" / "example-original.yml").write_text(
        original + "withdrawn: {date: '2024-06-01', reason: The original was misattributed.}\n", encoding="utf-8"
    )
    talks = tiny_data / "sources" / "example-news-talks.yml"
    lines = talks.read_text(encoding="utf-8").count("\n")
    with talks.open("a", encoding="utf-8") as fh:
        fh.write("relays:\n  - {source: example-original, how: reposts}\n")
    assert errors_of(tiny_data) == [
        f"data/sources/example-news-talks.yml:{lines + 2}:6: relay 1 names source 'example-original', which is "
        "withdrawn (withdraw this source too (withdrawn: {date, reason}), or, if the original still stands, take "
        "back its withdrawal)"
    ]
    # Withdrawn together, both stay history: no error.
    with talks.open("a", encoding="utf-8") as fh:
        fh.write("withdrawn: {date: '2024-06-02', reason: It reposts a misattributed report.}\n")
    assert [e for e in errors_of(tiny_data) if "relay" in e] == []
