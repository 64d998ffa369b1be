"""Sources of uneven quality (format 2): source labels in footnotes, provenance chains, rival values,
dates with their basis, metadata locators, links to the original passage and an archived copy.

The fixture tests/fixtures/format2/data holds one case of each: a chain of three sources (an aggregator
reposting a state agency rewriting a wire report of a pollster's presentation), a rival figure (45 % vs
40 %), each date basis, and a quote with characters a URL text fragment must escape.
"""

from __future__ import annotations

from pathlib import Path
import re
import shutil
import textwrap

from bs4 import BeautifulSoup
import pytest

from refsite.dataset import load_dataset
from refsite.errors import DataErrors
from refsite.index import build_index
from refsite.site import Site

from .conftest import built_timeline_files, copy_project, real_dataset, real_index, run_build, soup_of_file
from .fixtures.edits import errors_of

FIXTURE = Path(__file__).parent / "fixtures" / "format2" / "data"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return Site(FIXTURE, use_git=False).pages()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("format2") / "project")
    shutil.rmtree(project / "data")
    shutil.copytree(FIXTURE, project / "data")
    out = project / "site"
    result = run_build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- the index: chains, disputes, dates


def test_chain_of_three_resolves_through_sources_in_data():
    index = build_index(load_dataset(FIXTURE))
    view = index.source_view("farm-copy")
    assert [link.label for link in view.chain] == [
        "Example State Agency",
        "Example Wire",
        "Demostat (poll presentation)",
    ]
    assert view.chain_phrase == (
        "Demostat (poll presentation), via Example Wire and Example State Agency, as reposted by farm.example"
    )
    assert view.label == "Aggregator or content farm · EN · machine translation from RU · excerpt"
    # The origin's page lists every copy the data holds, however far down the chain.
    assert [s.id for s in index.copies_of["wire-origin"]] == ["agency-copy", "farm-copy"]
    assert {s.id for s in index.copies_of["demostat"]} == {"wire-origin", "agency-copy", "farm-copy"}


def test_origins_used_side_by_side_are_not_chained_to_each_other(tmp_path):
    # A document citing two origins (TASS citing TV Prva and Politika) must not read "TV Prva cites Politika".
    data = Path(shutil.copytree(FIXTURE, tmp_path / "data"))
    agency = data / "sources" / "agency-copy.yml"
    agency.write_text(
        agency.read_text(encoding="utf-8").replace(
            "relays:\n  - source: wire-origin\n    how: rewrites\n",
            "relays:\n  - source: wire-origin\n    how: rewrites\n"
            "  - {name: Example Ministry, what: statement, how: cites, alongside: true}\n",
        ),
        encoding="utf-8",
    )
    index = build_index(load_dataset(data))
    view = index.source_view("farm-copy")
    steps = [(view.user(link), link.how, link.label) for link in view.chain]
    assert steps == [
        ("farm.example", "reposts", "Example State Agency"),
        ("Example State Agency", "rewrites", "Example Wire"),
        ("Example Wire", "cites", "Demostat (poll presentation)"),
        ("Example State Agency", "cites", "Example Ministry (statement)"),
    ]
    assert view.chain_phrase == (
        "Demostat (poll presentation) and Example Ministry (statement), via Example Wire and Example State Agency, "
        "as reposted by farm.example"
    )
    page = Site.of_index(index).pages()["sources/farm-copy.md"]
    assert "\n4. Example State Agency cites Example Ministry \\(statement\\) (not in this dataset)\n" in page
    # The first relay is the document's own: 'alongside' there is refused.
    agency.write_text(
        agency.read_text(encoding="utf-8").replace("how: rewrites\n", "how: rewrites\n    alongside: true\n"),
        encoding="utf-8",
    )
    with pytest.raises(DataErrors) as failed:
        load_dataset(data)
    assert [str(e) for e in failed.value.errors] == [
        "data/sources/agency-copy.yml:13:1: 'relays': the first relay is used by this document itself: 'alongside' "
        "needs a relay before it (The provenance chain: what this document reposts, translates or cites, nearest "
        "first, the origin last; a relay marked 'alongside' is used by the same document as the one before it.)"
    ]


def test_claims_named_by_a_dispute_are_disputed_automatically():
    index = build_index(load_dataset(FIXTURE))
    statuses = [ref.status for ref in index.live_claims(index.get("demo-poll-2022-06"))]
    assert statuses == [None, "disputed", "disputed"]
    [dispute] = index.disputes
    assert [v.value for v in dispute.values] == ["45%", "40%"]


def test_date_basis_is_shown_only_when_not_stated():
    index = build_index(load_dataset(FIXTURE))
    labels = {e.id: index.view(e).when.basis_label for e in index.events}
    assert labels == {
        "stated-2022": None,
        "poll-presented": "resolved from a relative date",
        "state-as-of-2022": "the source's publication date",
        "metadata-dated": "from the source's page, address or date label",
    }


# ---------------------------------------------------------------- the built site


def test_footnote_names_type_chain_passage_and_archive(built):
    page = soup(built, "polls")
    notes = page.select(".footnote li")
    first = notes[0]
    assert first.select_one(".source-label").get_text() == "(Wire service · EN)"
    links = {a.get_text(): a["href"] for a in first.select("a")}
    assert links["original at this passage"] == (
        "https://example.org/wire/poll?id=1&x=(2)"
        "#:~:text=Rock%20%26%20roll,80%25%20%28sic%29%20%231"  # a free-standing dash and quotation marks split it
    )
    assert links["archived copy"] == "https://web.archive.org/web/20220629/https://example.org/wire/poll?id=1&x=(2)"
    assert '“Rock & roll - "yes", 80% (sic) #1”' in first.get_text()
    farm = next(li for li in notes if "farm.example" in li.get_text())
    text = farm.get_text(" ", strip=True)
    assert "Aggregator or content farm · EN · machine translation from RU · excerpt" in text
    assert (
        "Demostat (poll presentation), via Example Wire and Example State Agency, as reposted by farm.example" in text
    )
    farm_links = {a.get_text(): a["href"] for a in farm.select("a")}
    # A machine translation's words are not the original's: no link to a passage, only to the page.
    assert farm_links["original"] == "https://farm.example/serbs-poll"
    assert farm_links["archived copy"] == "https://web.archive.org/web/*/https://farm.example/serbs-poll"
    assert "undated (c. July 2022, inferred)" in text


def test_rival_values_show_inline_and_on_contested_points(built):
    entry = soup(built, "polls").select_one("#demo-poll-2022-06-d1")
    assert entry is not None
    text = entry.get_text(" ", strip=True)
    assert "45%" in text and "40%" in text and "Sources disagree" in text
    assert entry.select_one('a[href$="contested/#demo-poll-2022-06-d1"]') is not None
    contested = soup(built, "contested")
    section = contested.select_one("#demo-poll-2022-06-d1")
    assert section is not None and "Share of respondents who support Vladimir Putin" in section.get_text()
    rows = [r.get_text(" ", strip=True) for r in contested.select("table tbody tr")]
    assert any("45%" in r and "Wire service · EN" in r for r in rows)
    assert any("40%" in r and "Aggregator or content farm" in r and "as reposted by farm.example" in r for r in rows)


def test_source_page_shows_chain_copies_and_how_paragraphs_count(built):
    farm = soup(built, "sources/farm-copy").get_text(" ", strip=True)
    assert "Provenance: Demostat (poll presentation), via Example Wire and Example State Agency" in farm
    assert "¶N is the Nth paragraph of the text as published" in farm
    assert "¶4: Party ratings" in farm  # out of scope, with its reason
    origin = soup(built, "sources/wire-origin")
    copies = origin.get_text(" ", strip=True)
    assert "Copies of this document in the data" in copies and "farm.example" in copies
    # A claim resting on the publication date cites it as metadata, with its own anchor.
    assert origin.select_one("#meta-published") is not None


def test_dates_show_their_basis(built):
    basis = {
        b.find_parent(class_="entry").find(["h2", "h3"])["id"]: b.get_text()
        for f in built_timeline_files(built)
        for b in soup_of_file(f).select(".date-basis")
    }
    assert basis["poll-presented"] == "(resolved from a relative date)"
    assert basis["state-as-of-2022"] == "(the source's publication date)"
    assert "stated-2022" not in basis


# ---------------------------------------------------------------- what must not pass


def broken_copy(tmp_path: Path, files: dict[str, str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    for rel, text in files.items():
        (data / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return data


EVENT = """\
    version: 2
    title: A thing happened
    kind: happening
    date: "2022-06-01"
    {basis}
    themes: [public-opinion]
    claims:
      - text: It happened.
        citations: [{{source: wire-origin, locator: '¶1'}}]
    """


@pytest.mark.parametrize(
    ("basis", "message"),
    [
        ("", "missing required field 'date_basis'"),
        (
            "date_basis: {basis: stated, source: wire-origin, locator: '¶4'}",
            "the date is 'stated' in wire-origin ¶4, but no claim of this entry cites that passage",
        ),
        (
            "date_basis: {basis: published, source: wire-origin}",
            "2022-06-01 is not the publication date of 'wire-origin' (2022-06-29)",
        ),
        ("date_basis: {basis: published, source: farm-copy}", "no claim of this entry cites that source"),
        ("date_basis: {basis: relative, source: wire-origin, locator: '¶1'}", "a 'relative' date basis needs 'how'"),
    ],
)
def test_a_date_without_a_visible_basis_fails(tmp_path, basis, message):
    data = broken_copy(tmp_path, {"events/bad-date.yml": EVENT.format(basis=basis)})
    found = errors_of(data)
    assert any(message in e and "data/events/bad-date.yml:" in e for e in found), found


def test_a_chain_that_comes_back_fails(tmp_path):
    source = (FIXTURE / "sources" / "wire-origin.yml").read_text(encoding="utf-8")
    looped = source.replace(
        "  - actor: demostat\n    what: poll presentation\n    how: cites", "  - source: farm-copy\n    how: cites"
    )
    data = broken_copy(tmp_path, {"sources/wire-origin.yml": looped})
    found = errors_of(data)
    assert any("comes back to this source" in e for e in found), found


def test_a_contested_field_has_no_single_value(tmp_path):
    poll = (FIXTURE / "polls" / "demo-poll-2022-06.yml").read_text(encoding="utf-8")
    data = broken_copy(
        tmp_path,
        {
            "polls/demo-poll-2022-06.yml": poll.replace("field: share", "field: other").replace(
                "    values:", "    values:\n      - {value: x, claims: [9]}"
            )
        },
    )
    assert any("names claim 9, but there are 3 claims" in e for e in errors_of(data))


def test_a_result_must_be_stated_by_its_claim(tmp_path):
    poll = (FIXTURE / "polls" / "demo-poll-2022-06.yml").read_text(encoding="utf-8")
    data = broken_copy(
        tmp_path, {"polls/demo-poll-2022-06.yml": poll.replace("share: 80, claim: 1", "share: 81, claim: 1")}
    )
    assert any("claim 1 does not state the share 81" in e for e in errors_of(data))


def test_format_1_files_are_refused_with_a_migration_hint(tmp_path):
    theme = (FIXTURE / "themes" / "public-opinion.yml").read_text(encoding="utf-8")
    data = broken_copy(tmp_path, {"themes/public-opinion.yml": theme.replace("version: 2", "version: 1")})
    assert any("data format 1" in e and "CONTRIBUTING.md" in e for e in errors_of(data))


def test_a_reprint_is_typed_by_its_publisher_never_by_the_agency_it_reprints():
    """CONTRIBUTING, "Whose type": `type` is the kind of outlet that published the text we hold; the agency whose
    report it reprints is in the chain. Five newspapers and news sites reprinting AP, AFP or Reuters copy (the
    Daily Mail, bdnews24.com, The Straits Times, Star Tribune, KSL.com) were typed `wire-service`, while
    financetom.com's and a mailing list's Reuters copies were `aggregator`."""
    sources = real_dataset().of("sources")
    reprints = {s.id: s for s in sources.values() if s.relays and s.relays[0].how == "reposts"}
    assert len(reprints) >= 15, sorted(reprints)
    wrong = sorted(sid for sid, s in reprints.items() if s.type == "wire-service")
    assert not wrong, f"typed by the agency they reprint, not by their publisher: {wrong}"
    assert {
        reprints[sid].type
        for sid in ("startribune-ap-vucic-victory-day-2025-04-16", "financetom-reuters-nis-refinery-halts")
    } == {
        "independent-outlet",
        "aggregator",
    }


def test_a_publisher_described_rather_than_named_reads_right_in_the_middle_of_a_sentence():
    """The publisher is printed mid-sentence: after the title in every footnote, after "as summarised by" in a
    chain, in brackets in lists. A publisher the document leaves unnamed is described, and was capitalised like a
    name: "as summarised by Unidentified video-summary site" (qa3 Q12). CONTRIBUTING: described in lower case,
    with its article."""
    sources = real_dataset().of("sources")
    described = {
        s.id: s.publisher
        for s in sources.values()
        if re.match(r"(?:an? )?(?:unidentified|unknown|unnamed|anonymous)\b", s.publisher, re.I)
    }
    assert "ker-lindsay-video-serbia-russia" in described, described
    capitalised = {sid: p for sid, p in described.items() if not re.match(r"an? [a-z]", p)}
    assert not capitalised, capitalised
    view = real_index().source_view(sources["ker-lindsay-video-serbia-russia"])
    assert view.chain_phrase is not None
    assert view.chain_phrase.endswith("), as summarised by an unidentified video-summary site"), view.chain_phrase
