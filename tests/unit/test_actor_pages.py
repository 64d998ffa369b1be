"""Actor pages and the Actors index (issue 21, item 4; reader review O2 and O7): a page opens with who or what
the actor is, its type reads as a label, roles show their dates; an actor known only as the origin of
relayed documents gets the entries citing them instead of "No entries"; a summary of a video links the
summarised video as such, not as if the quote could be watched there."""

from __future__ import annotations

from pathlib import Path

from refsite import views
from refsite.dataset import load_dataset
from refsite.index import Index, build_index
from refsite.site import Site

RUSSIA = """\
version: 2
name: Russia
type: state
aliases: [Russian Federation]
roles:
  - title: Party to talks in Belgrade
    when: "2024-05"
    when_basis: {basis: published, source: example-news-talks}
    when_note: At the talks the report of 2 May 2024 describes.
    citations:
      - {source: example-news-talks, locator: '¶2', quote: met in Belgrade}
  - title: Subject of a lecture
    when: "2019-10"
    when_basis: {basis: stated, source: example-lecture, locator: '00:01:05', quote: the ties are close}
    citations:
      - {source: example-lecture, locator: '00:01:05', quote: the ties are close}
  - title: Host of nothing in particular
    citations:
      - {source: example-news-talks, locator: '¶3', quote: useful and frank}
"""

AGENCY = """\
version: 2
name: Example Agency
type: media
summary: News agency whose report [[example-news-talks]] relays.
"""


def _build(data: Path) -> tuple[Index, dict[str, str]]:
    (data / "actors" / "russia.yml").write_text(RUSSIA, encoding="utf-8")
    (data / "actors" / "example-agency.yml").write_text(AGENCY, encoding="utf-8")
    (data / "actors" / "example-person.yml").write_text(
        "version: 2\nname: Example Person\ntype: person\n", encoding="utf-8"
    )
    talks = data / "sources" / "example-news-talks.yml"
    talks.write_text(
        talks.read_text(encoding="utf-8") + "relays:\n  - {actor: example-agency, what: wire report, how: cites}\n",
        encoding="utf-8",
    )
    lecture = data / "sources" / "example-lecture.yml"
    lecture.write_text(
        lecture.read_text(encoding="utf-8").replace("format: video", "format: summary"), encoding="utf-8"
    )
    index = build_index(load_dataset(data))
    return index, Site.of_index(index).renderer.pages()


def _after_heading(page: str, heading: str) -> list[str]:
    """The non-empty lines of a page's Markdown after its heading."""
    return [line for line in page.split(f"\n{heading}\n", 1)[1].splitlines() if line.strip()]


def test_an_actor_page_opens_with_its_dated_roles_and_its_type_as_a_label(tiny_data):
    index, pages = _build(tiny_data)
    lines = _after_heading(pages["actors/russia.md"], "# Russia")
    assert lines[0] == (
        '<p class="actor-id" markdown>Party to talks in Belgrade, as of May 2024; Subject of a lecture, October 2019; '
        "Host of nothing in particular</p>"
    )
    assert (
        lines[1]
        == '<p class="actor-meta" markdown><span class="actor-type">State</span> · Also written: Russian Federation</p>'
    )
    roles = [line for line in lines if line.startswith('- <span class="claim-anchor" id="russia-role')]
    assert len(roles) == 3
    # A date from the document naming the role is "as of" it, with its basis; a stated date is the date.
    assert (
        '<time datetime="2024-05">as of May 2024</time> <span class="date-basis">(the source\'s publication date)'
        in roles[0]
    )
    assert roles[0].endswith('<br><span class="role-note">At the talks the report of 2 May 2024 describes\\.</span>')
    assert '<time datetime="2019-10">October 2019</time></span>' in roles[1] and "date-basis" not in roles[1]
    assert "<time" not in roles[2] and "role-note" not in roles[2]
    assert "Type:" not in pages["actors/russia.md"]
    dates = [ref.when for ref in index.live_claims(index.get("russia"), "roles")]
    assert [(d.qualifier, d.label) if d else None for d in dates] == [("as of", "May 2024"), ("", "October 2019"), None]


def test_a_summary_is_the_identification_and_the_actors_index_shows_it(tiny_data):
    _, pages = _build(tiny_data)
    lines = _after_heading(pages["actors/example-agency.md"], "# Example Agency")
    assert lines[0] == (
        '<p class="actor-id" markdown>News agency whose report [Officials meet in Belgrade](../sources/example-news-talks.md) '
        "relays\\.</p>"
    )
    assert lines[1] == '<p class="actor-meta" markdown><span class="actor-type">Media</span></p>'
    rows = [line for line in pages["actors/index.md"].splitlines() if line.startswith("| [")]
    assert rows == [
        "| [Example Person](example-person.md) |  |  | 0 |",
        "| [Russia](russia.md) | Party to talks in Belgrade, as of May 2024; Subject of a lecture, October 2019; "
        "Host of nothing in particular | Russian Federation | 1 |",
        "| [Serbia](serbia.md) |  |  | 1 |",
        "| [Example Agency](example-agency.md) | News agency whose report "
        "[Officials meet in Belgrade](../sources/example-news-talks.md) relays\\. |  | "
        '0<br><span class="cell-note">relayed in 1 document</span> |',
    ]


def test_an_actor_known_only_through_relayed_documents_lists_the_entries_citing_them(tiny_data):
    index, pages = _build(tiny_data)
    page = pages["actors/example-agency.md"]
    assert "No entries involve this actor yet." not in page
    assert (
        "No entry here is about Example Agency itself: its work reaches this site through the documents above, and the entries below cite them."
        in page
    )
    citing = page.split(
        '## Entries citing these documents { #entries-citing-these-documents data-search-exclude="" }\n', 1
    )[1].split("\n## ", 1)[0]
    # The event and the actor whose role cites the relaying document; listed kinds first, then others by name.
    # An entry with no date says what it is: "Russia" alone could be a theme as well as an actor.
    assert [line for line in citing.splitlines() if line.startswith("- ")] == [
        '- <span class="list-date">May 2024</span> [Foreign ministers meet in Belgrade](../timeline.md#ministers-meet)',
        "- [Russia](russia.md) (actor)",
    ]
    agency = views.actor_page(index, index.get("example-agency"))
    assert agency.relayed_only and [e.id for e in agency.citing] == ["ministers-meet", "russia"]
    # An actor with entries of its own is not "relayed only", and never lists itself.
    russia = views.actor_page(index, index.get("russia"))
    assert not russia.relayed_only and russia.citing == []
    # Nothing involves an actor, nothing relays it: the page says so.
    assert pages["actors/example-person.md"].count("No entries involve this actor yet.") == 1
    assert "No entries involve" not in pages["actors/serbia.md"] + pages["actors/russia.md"]


def test_a_summary_of_a_video_links_the_summarised_video_not_a_place_to_watch_the_quote(tiny_data):
    index, pages = _build(tiny_data)
    timeline = pages["timeline.md"]
    assert '">the summarised video at 00:01:05</a>)' in timeline and "watch at" not in timeline
    assert (
        "\n[The summarised video at 00:01:05](https://www\\.youtube\\.com/watch?v=abcdefghijk&amp;t=65s)\n"
        in pages["sources/example-lecture.md"]
    )
    view = index.citation_view(index.get("lecture-on-ties").claims[0].citations[0])
    assert view.watch == ("the summarised video at 00:01:05", "https://www.youtube.com/watch?v=abcdefghijk&t=65s")


def test_an_entity_whose_statehood_is_contested_is_neither_a_state_nor_a_province(tiny_data):
    # A type that takes no side: "State" would take Pristina's, a province Belgrade's (reader review, audit).
    (tiny_data / "actors" / "example-entity.yml").write_text(
        "version: 2\nname: Example Entity\ntype: contested-entity\n", encoding="utf-8"
    )
    _, pages = _build(tiny_data)
    lines = _after_heading(pages["actors/example-entity.md"], "# Example Entity")
    assert lines[0] == (
        '<p class="actor-meta" markdown><span class="actor-type">Entity with contested statehood</span></p>'
    )
    headings = [line for line in pages["actors/index.md"].splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## People", "## States and blocs", "## Entities with contested statehood"]
    section = pages["actors/index.md"].split("## Entities with contested statehood", 1)[1].split("\n## ", 1)[0]
    assert "[Example Entity](example-entity.md)" in section and "[Russia]" not in section


def test_kosovo_is_typed_as_contested_not_as_a_state():
    index = build_index(load_dataset(Path(__file__).resolve().parents[2] / "data"))
    kosovo = index.get("kosovo")
    assert kosovo is not None and kosovo.type == "contested-entity"
    assert views.type_label(kosovo) == "Entity with contested statehood"
