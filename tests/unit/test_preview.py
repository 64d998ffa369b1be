"""What the preview keeps between rebuilds (refsite/preview.py), on the tiny dataset; tests/test_preview.py checks
whole rebuilds under MkDocs against clean builds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jinja2
import pytest

from refsite import preview
from refsite.dataset import EntryMemo, load_dataset
from refsite.errors import DataErrors
from refsite.site import Site

EVENT = "events/ministers-meet.yml"  # themes [diplomacy], actors [serbia, russia], cites example-news-talks
COUNTS_AND_INDEXES = {
    "timeline.md",
    "changes.md",
    "corrections.md",
    "themes/index.md",
    "actors/index.md",
    "sources/index.md",
}


def retitle(data: Path, rel: str, title: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(line, f"title: {title}", 1), encoding="utf-8")


def test_an_unchanged_file_is_not_read_again_and_an_edited_one_is(tiny_data):
    memo = EntryMemo()
    first = load_dataset(tiny_data, memo=memo)
    assert memo.reused == 0 and len(memo.kept) == 7
    retitle(tiny_data, EVENT, "Ministers meet again")
    second = load_dataset(tiny_data, memo=memo)
    assert memo.reused == 6
    assert second.get("ministers-meet") is not first.get("ministers-meet")
    assert second.get("ministers-meet").title == "Ministers meet again"
    assert second.get("lecture-on-ties") is first.get("lecture-on-ties")
    (tiny_data / "events" / "lecture-on-ties.yml").unlink()
    third = load_dataset(tiny_data, memo=memo)
    assert third.get("lecture-on-ties") is None and len(memo.kept) == 6


def test_a_file_with_an_error_is_read_again_so_its_error_shows_on_every_load(tiny_data):
    source = tiny_data / "sources" / "example-lecture.yml"
    source.write_text(source.read_text(encoding="utf-8") + "text_file: ../../etc/passwd\n", encoding="utf-8")
    memo = EntryMemo()
    for _ in range(2):
        with pytest.raises(DataErrors) as caught:
            load_dataset(tiny_data, memo=memo)
        assert any(
            "text_file" in e.message and e.path == "data/sources/example-lecture.yml" for e in caught.value.errors
        )
    assert "data/sources/example-lecture.yml" not in memo.kept


def test_an_edited_event_re_renders_the_pages_that_show_it_and_the_rest_is_what_a_full_render_gives(tiny_data):
    session = preview.Preview(incremental=True)
    site = Site(tiny_data, use_git=False, memo=session.memo)
    first = session.pages(site)
    assert first == site.pages() and session.rerendered == list(first)

    retitle(tiny_data, EVENT, "Foreign ministers meet in Belgrade again")
    pages = session.pages(Site(tiny_data, use_git=False, memo=session.memo))
    assert pages == Site(tiny_data, use_git=False).pages()
    assert "Foreign ministers meet in Belgrade again" in pages["actors/russia.md"]
    # Its own page (the Timeline), its theme's and actors' pages, the source it cites; the pages that count.
    assert set(session.rerendered) == COUNTS_AND_INDEXES | {
        "themes/diplomacy.md",
        "actors/serbia.md",
        "actors/russia.md",
        "sources/example-news-talks.md",
    }
    assert "sources/example-lecture.md" in pages and "sources/example-lecture.md" not in session.rerendered

    session.pages(Site(tiny_data, use_git=False, memo=session.memo))  # nothing changed: only what always is
    assert set(session.rerendered) == COUNTS_AND_INDEXES


def test_a_page_that_names_an_edited_entry_in_a_link_is_re_rendered(tiny_data):
    session = preview.Preview(incremental=True)
    session.pages(Site(tiny_data, use_git=False, memo=session.memo))
    retitle(tiny_data, "events/lecture-on-ties.yml", "A lecture, retitled")
    pages = session.pages(Site(tiny_data, use_git=False, memo=session.memo))
    assert pages == Site(tiny_data, use_git=False).pages()
    # Each page that links to it names its id, Markdown-escaped ('lecture\\-on\\-ties'), and is rendered again.
    naming = {p for p, text in pages.items() if "lecture\\-on\\-ties" in text or "lecture-on-ties" in text}
    assert naming and naming <= set(session.rerendered)


def test_an_edited_source_actor_or_theme_re_renders_every_page(tiny_data):
    session = preview.Preview(incremental=True)
    session.pages(Site(tiny_data, use_git=False, memo=session.memo))
    for rel in ("sources/example-lecture.yml", "actors/russia.yml", "themes/diplomacy.yml"):
        path = tiny_data / rel
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n", "\n# an edit\n", 1), encoding="utf-8")  # a new object, same content
        pages = session.pages(Site(tiny_data, use_git=False, memo=session.memo))
        assert session.rerendered == list(pages), rel


def test_generated_sources_are_rewritten_only_when_their_text_changes(tmp_path):
    session = preview.Preview(incremental=True)
    try:
        path = Path(session.source("timeline.md", "one"))
        os.utime(path, (1, 1))
        assert session.source("timeline.md", "one") == str(path) and path.stat().st_mtime == 1
        session.source("timeline.md", "two")
        assert path.read_text(encoding="utf-8") == "two" and path.stat().st_mtime > 1
        other = Path(session.source("actors/x.md", "x"))
        session.forget_sources(["timeline.md"])
        assert not other.exists() and path.exists() and list(session.written) == ["timeline.md"]
    finally:
        session.close()
    assert not path.exists()


def test_the_key_every_page_shows_decides_whether_every_page_is_rebuilt():
    session = preview.Preview(incremental=True)
    assert session.begin(("footer 1",)) is True  # the first build
    assert session.begin(("footer 1",)) is False
    assert session.begin(("footer 2",)) is True
    assert session.begin(None) is True and session.begin(("footer 2",)) is True  # a build with data errors


def test_prune_deletes_what_the_build_did_not_write_and_empty_folders(tmp_path):
    for rel in ("index.html", "actors/a/index.html", "actors/b/index.html", "gone/old/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    keep = [tmp_path / "index.html", tmp_path / "actors" / "a" / "index.html"]
    assert preview.prune(tmp_path, keep) == ["actors/b/index.html", "gone/old/index.html"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "actors",
        "actors/a",
        "actors/a/index.html",
        "index.html",
    ]


def test_the_search_index_keeps_each_pages_documents_and_extends_only_rebuilt_pages():
    session = preview.Preview(incremental=True)
    extended: list[str] = []

    def extend(index):
        for doc in index["docs"]:
            extended.append(doc["location"])
            doc["folded"] = doc["title"].lower()
        index["config"]["fields"]["folded"] = {"boost": 1}
        return index

    config = {"lang": ["en"], "fields": {"title": {"boost": 1000}}}
    session.begin("key")
    session.page_indexed("", [{"location": "", "title": "Home"}])
    entries = [{"location": "", "title": "Home"}, {"location": "a/", "title": "A"}, {"location": "a/#x", "title": "X"}]
    session.page_indexed("a/", entries)
    first = json.loads(session.search_index(config, ["", "a/"], extend, key=1))
    assert [d["location"] for d in first["docs"]] == ["", "a/", "a/#x"] and extended == ["", "a/", "a/#x"]
    assert first["config"]["fields"] == {"title": {"boost": 1000}, "folded": {"boost": 1}}

    extended.clear()
    session.begin("key")
    session.page_indexed("b/", [{"location": "b/", "title": "B"}])  # only b/ was rebuilt
    second = json.loads(session.search_index(config, ["b/", "", "a/"], extend, key=1))
    assert extended == ["b/"]
    assert [d["folded"] for d in second["docs"]] == ["b", "home", "a", "x"]
    assert json.loads(session.search_index(config, ["a/"], extend, key=2))["docs"][0]["folded"] == "a"
    assert extended == ["b/", "a/", "a/#x"]  # what extend reads changed: extended again
    assert list(session.search) == ["a/"]  # pages no longer built are forgotten


def test_theme_templates_are_compiled_once_per_session(tmp_path):
    (tmp_path / "main.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    cache = preview.MemoryBytecodeCache()
    compiled = []
    for _ in range(2):  # MkDocs makes a new environment for every rebuild
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        original = env.compile
        env.compile = lambda *a, _c=original, **k: compiled.append(a[1]) or _c(*a, **k)  # type: ignore[method-assign]
        assert env.get_template("main.html").render() == "2"
    assert compiled == ["main.html"] and len(cache.kept) == 1
    (tmp_path / "main.html").write_text("{{ 2 + 2 }}", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
    assert env.get_template("main.html").render() == "4"  # an edited template is compiled afresh


def test_an_event_citing_a_publishers_document_re_renders_the_publishers_page(tiny_data):
    """The publisher's page (publisher_actor) lists the entries citing its documents without naming them before
    the edit: a new event citing one must re-render it, as a full render would show it."""
    (tiny_data / "actors" / "example-university.yml").write_text(
        "version: 2\nname: Example University\ntype: organisation\n", encoding="utf-8"
    )
    lecture = tiny_data / "sources" / "example-lecture.yml"
    lecture.write_text(
        lecture.read_text(encoding="utf-8").replace(
            "publisher: Example University\n", "publisher: Example University\npublisher_actor: example-university\n"
        ),
        encoding="utf-8",
    )
    session = preview.Preview(incremental=True)
    session.pages(Site(tiny_data, use_git=False, memo=session.memo))
    text = (tiny_data / "events" / "lecture-on-ties.yml").read_text(encoding="utf-8")
    (tiny_data / "events" / "second-lecture.yml").write_text(text.replace("title: ", "title: Again, ", 1), "utf-8")
    pages = session.pages(Site(tiny_data, use_git=False, memo=session.memo))
    assert pages == Site(tiny_data, use_git=False).pages()
    assert "(../timeline.md#second-lecture)" in pages["actors/example-university.md"]
    assert "actors/example-university.md" in session.rerendered
