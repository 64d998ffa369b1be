"""Page views (refsite/views.py): what each page shows, prepared in Python; and templates that only print."""

from __future__ import annotations

from pathlib import Path
import re

from refsite import views

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
