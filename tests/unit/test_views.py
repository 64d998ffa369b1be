"""Page views (refsite/views.py): what each page shows, prepared in Python; and templates that only print."""

from __future__ import annotations

from pathlib import Path
import re

from refsite import views
from refsite.dataset import load_dataset
from refsite.index import build_index
from refsite.site import Site

TEMPLATES = Path(__file__).resolve().parents[2] / "refsite" / "templates"
# Jinja that computes data rather than printing it: building lists, filtering, grouping, slicing, namespaces.
COMPUTING = re.compile(
    r"\.append\(|\bselectattr\b|\brejectattr\b|\bnamespace\(|\bjoiner\(|\bis (?:not )?defined\b|\bgroupby\b"
    r"|\[[^\]\[]*:[^\]\[]*\]"
)


def test_templates_only_print():
    found = [
        f"{path.name}:{n}: {m[0]}"
        for path in sorted(TEMPLATES.glob("*.j2"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", line)
        for m in COMPUTING.finditer(tag)
    ]
    assert len(found) <= 5, "compute in refsite/views.py (or the index), not in templates:\n" + "\n".join(found)


def test_the_timeline_view(tiny_index):
    view = views.timeline_page(tiny_index)
    assert [e.id for e in view.happenings] == ["ministers-meet"]
    assert [e.id for e in view.analyses] == ["lecture-on-ties"] and view.states == []
    assert [(d.label, d.start, [e.id for e in d.events]) for d in view.decades] == [
        ("2020s", "2020", ["ministers-meet"])
    ]
    assert [(o.entry.id, o.count) for o in view.filter_themes] == [("diplomacy", 2)]
    assert [(o.entry.id, o.count) for o in view.filter_actors] == [("russia", 1), ("serbia", 1)]


def test_the_theme_and_actor_views(tiny_index):
    theme = views.theme_page(tiny_index, tiny_index.get("diplomacy"))
    # Each section named once: its heading, the page's own contents and the redirect map read it.
    assert [(s.anchor, s.label, s.holds, [e.id for e in s.entries]) for s in theme.sections] == [
        ("events", "Events", "entries", ["lecture-on-ties", "ministers-meet"]),
        ("actors-involved", "Actors involved", "actors", []),
        ("sources-used", "Sources used", "sources", []),
    ]
    actor = views.actor_page(tiny_index, tiny_index.get("serbia"))
    assert [(g.kind.plural, [e.id for e in g.entries]) for g in actor.groups] == [("Events", ["ministers-meet"])]
    assert actor.themes == ["diplomacy"]


def test_a_source_page_groups_its_citations_by_locator(tiny_index):
    groups = views.locator_groups(tiny_index, tiny_index.get("example-news-talks"))
    assert [(g.citation.locator, [u.ref.anchor for u in g.uses]) for g in groups] == [
        ("¶1", ["ministers-meet-c1"]),
        ("¶2", ["ministers-meet-c1"]),
        ("¶3", ["ministers-meet-c2"]),
    ]


REPORT = """\
version: 2
title: Example News reports the talks ({n})
kind: happening
date: "{date}"
date_basis: {{basis: stated, source: example-news-talks, locator: '¶1', quote: Officials meet in Belgrade}}
themes: [diplomacy]
claims:
  - text: Example News reported the talks.
    citations:
      - {{source: example-news-talks, locator: '{fact}'}}
      - {{source: example-news-talks, locator: '¶1', quote: Officials meet in Belgrade}}
"""


def test_each_fact_about_a_document_is_one_group_on_its_page(tiny_data):
    """Entries citing facts about the document (meta:) in turn, by date, the title, the date, the title: each fact
    is one group, and one heading with its anchor, in the order of META_FIELDS (the title's two groups once wrote
    #meta-title twice)."""
    for n, (date, fact) in enumerate(
        [("2024-05", "meta:title"), ("2024-06", "meta:published"), ("2024-07", "meta:title")]
    ):
        (tiny_data / "events" / f"report-{n}.yml").write_text(
            REPORT.format(n=n, date=date, fact=fact), encoding="utf-8"
        )
    index = build_index(load_dataset(tiny_data))
    groups = views.locator_groups(index, index.get("example-news-talks"))
    assert [(g.citation.locator, [u.ref.entry.id for u in g.uses]) for g in groups] == [
        ("meta:published", ["report-1"]),
        ("meta:title", ["report-0", "report-2"]),
        ("¶1", ["ministers-meet", "report-0", "report-1", "report-2"]),  # by date, then id
        ("¶2", ["ministers-meet"]),
        ("¶3", ["ministers-meet"]),
    ]
    page = Site.of_index(index).renderer.pages()["sources/example-news-talks.md"]
    assert re.findall(r"^### .* \{ #([\w-]+) \}$", page, flags=re.M) == [
        "meta-published",
        "meta-title",
        "p1",
        "p2",
        "p3",
    ]
