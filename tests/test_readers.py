"""Readers' features on the built site (no browser): at a glance, compact rows, charts, search folding,
downloads, feed, citations, a build without a site address, and the bugs readers saw. Behaviour that lives
in the browser is in tests/browser/test_reader_features.py and tests/browser/test_reader_layout.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
import re
from types import SimpleNamespace
from typing import get_args
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup, NavigableString
import pytest

from refsite import search
from refsite.charts import NOT_STATED, Charts, arms_by_year, poll_series, polls_over_time
from refsite.cite import Citer, bibtex_escape
from refsite.dataset import load_dataset
from refsite.errors import DataErrors
from refsite.history import Versions
from refsite.index import built_path, transfer_year
from refsite.models import ENTRY_TYPES, SOURCE_TYPES, Actor
from refsite.publication import Publication

from .conftest import ROOT, page_of, real_dataset, real_index, soup_of_file, timeline_pages

DATASET = real_dataset()
INDEX = real_index()
ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
HAPPENINGS = [e for e in INDEX.events if e.event_kind == "happening"]


def soup_of(site: Path, rel: str) -> BeautifulSoup:
    path = site / rel
    if path.is_dir() or not rel.endswith(".html"):
        path = site / rel / "index.html"
    return soup_of_file(path)  # parsed once per session (tests/conftest.py)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def make_actor(actor_id: str, name: str, aliases: list[str]) -> Actor:
    actor = Actor.model_validate({"version": 2, "name": name, "aliases": aliases, "type": "person"})
    actor.identify(actor_id)
    return actor


# --------------------------------------------------------------------------- at a glance


def test_questions_are_answered_by_cited_claims_on_home_and_list_pages(site_dir):
    questions = sorted(DATASET.of("questions").values(), key=lambda q: q.order)
    assert len(questions) >= 6
    pages = {
        "home": "",
        "timeline": "timeline",
        "arms-deals": "arms-deals",
        "sanctions-statements": "sanctions-statements",
        "polls": "polls",
    }
    for where, rel in pages.items():
        soup = soup_of(site_dir, rel)
        expected = [q for q in questions if where in q.pages]
        blocks = soup.select("article .glance__q")
        assert [b.select_one(".glance__question")["id"] for b in blocks] == [q.id for q in expected], where
        # Each question is a heading (in the contents on home, where the block has no heading of its own) and
        # the block starts with links to them.
        level = "h2" if where == "home" else "h3"
        jump = [a["href"] for a in soup.select("article .glance__jump a")]
        assert jump == ([f"#{q.id}" for q in expected] if len(expected) > 1 else []), where
        for q, block in zip(expected, blocks, strict=True):
            assert block.find(level).get_text(" ", strip=True).rstrip("¶ ").strip() == q.question
            items = block.select("li")
            assert len(items) == len(q.answers)
            for (entry_id, n), li in zip(q.answer_refs, items, strict=True):
                claim = INDEX.claim(entry_id, n)
                assert li.select("sup a.footnote-ref"), f"{q.id}: answer {entry_id}#c{n} has no citation"
                link = li.select_one(".glance__from a")
                assert link["href"].endswith(f"#{claim.anchor}"), link["href"]
                # The entry's date, saying what it is: a claim may give "17 October" without the year.
                when = INDEX.view(claim.entry).when
                time = li.select_one(".glance__from time")
                if when.date is None:
                    assert time is None
                else:
                    expected_text = f"{when.qualifier} {when.label}".strip()
                    assert time.get_text() == expected_text and time["datetime"] == when.date.html_datetime
            if q.gaps:
                assert "What these sources do not tell us" in block.get_text(" ")


def test_question_answers_must_name_existing_claims(tmp_path):
    import shutil

    data = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    (data / "questions" / "broken.yml").write_text(
        "version: 2\nquestion: Is this a test?\norder: 99\npages: [home]\nanswers:\n"
        '  - "no-such-entry#c1"\n  - "serbia-refuses-sanctions-on-russia#c99"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataErrors) as info:
        load_dataset(data)
    messages = [str(e) for e in info.value.errors]
    assert any(
        m.startswith("data/questions/broken.yml:6:5: answer 1: unknown entry 'no-such-entry'") for m in messages
    ), messages
    assert any(
        m.startswith("data/questions/broken.yml:7:5: answer 2: 'serbia-refuses-sanctions-on-russia' has no claim 99")
        for m in messages
    ), messages


# --------------------------------------------------------------------------- compact rows


def test_timeline_is_one_line_per_event_with_happenings_apart(site_dir):
    rows = []
    for rel in timeline_pages():  # its pages by period (refsite/periods.py), in order
        soup = soup_of(site_dir, rel)
        rows += soup.select("article details.row.entry--events")
        assert len(soup.select("article details.cite-this")) == 1  # one "Cite this page" box, at the end
    assert len(rows) == len(INDEX.events)
    for e, row in zip(
        HAPPENINGS
        + [e for e in INDEX.events if e.event_kind == "state"]
        + [e for e in INDEX.events if e.event_kind == "analysis"],
        rows,
        strict=True,
    ):
        head = row.find("summary").find("h3")
        assert head["id"] == e.id and e.title in head.get_text(" ")
        assert "open" not in row.attrs  # closed: one line each
        # No link inside the line but its permalink mark: a click anywhere else opens it.
        assert [a.get("class") for a in row.find("summary").find_all("a")] == [["headerlink"]]
        assert len(row.select("details.cite-pop")) == 1  # a small "Cite", not a full box
    # The Timeline lists its pages; each page links to all of them (the jump bar), in order.
    slugs = [p.slug for p in INDEX.timeline]
    assert len(slugs) > 1  # the real Timeline is too large for one page
    listed = soup_of(site_dir, "timeline").find(id="periods").find_next("ul").find_all("a")
    assert [a["href"] for a in listed] == [f"{slug}/" for slug in slugs]
    for slug in slugs:
        jumps = [a["href"] for a in soup_of(site_dir, f"timeline/{slug}").select("nav.timeline-periods a")]
        assert jumps == ["../../timeline/"] + ["./" if s == slug else f"../../timeline/{s}/" for s in slugs]


def test_arms_table_is_one_cited_row_per_transfer_with_rival_values(site_dir):
    soup = soup_of(site_dir, "arms-deals")
    table = soup.select_one(".arms-table table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Designation", "Number", "Supplier", "Recipient", "Ordered", "Delivered", "Status", "Sources"]
    rows = table.select("tbody tr")
    assert len(rows) == len(INDEX.arms_deals)
    ordered = [INDEX.get(tr.find("a")["href"].lstrip("#")) for tr in rows]  # by supplier: tests/test_arms_readers.py
    assert sorted(d.id for d in ordered) == sorted(d.id for d in INDEX.arms_deals)
    for deal, tr in zip(ordered, rows, strict=True):
        cells = tr.find_all("td")
        assert cells[0].find("a")["href"] == f"#{deal.id}"
        if deal.designation:
            assert deal.designation in cells[0].get_text()
        assert cells[7].select("a.footnote-ref"), f"{deal.id}: no citation in its row"
        rival = INDEX.view(deal).rivals("quantity")
        if rival is not None:
            text = cells[1].get_text(" ")
            assert all(v.value in text for v in rival.values) and "disputed" in text
    assert not soup.select("article table td:-soup-contains('Property')")  # no property table per deal


def test_theme_pages_list_entries_and_have_their_own_contents(site_dir):
    theme = next(t for t in INDEX.themes if INDEX.by_theme[t.id])
    soup = soup_of(site_dir, f"themes/{theme.id}")
    toc = soup.select_one("nav.page-toc")
    assert toc is not None
    for a in toc.select("a"):
        assert soup.find(id=a["href"][1:]), a["href"]
    assert not soup.select('a[href=""]')  # no link to the page itself


def test_entry_lists_say_what_each_date_is(site_dir):
    """On theme and actor pages an arms deal known only from a report reads "reported 2023", never as if
    2023 were the year of the transfer; polls give their fieldwork, states of affairs "as of"."""
    seen = set()
    for theme in INDEX.themes:
        soup = soup_of(site_dir, f"themes/{theme.id}")
        shown = {span.find_next_sibling("a")["href"].rpartition("#")[2]: span for span in soup.select("span.list-date")}
        for e in INDEX.by_theme[theme.id]:
            view = INDEX.view(e)
            if view.when.date is None or e.withdrawn:
                continue
            assert shown[view.anchor].get_text() == f"{view.when.qualifier} {view.when.label}".strip(), e.id
            seen.add(view.when.qualifier)
    assert {"reported", "delivered", "fieldwork", "as of", ""} <= seen


def test_shown_bugs_stay_fixed(site_dir):
    """What readers saw: front matter as text, raw file paths, stray '>', empty self-links, shortcodes
    expanded inside code."""
    changes = soup_of(site_dir, "changes")
    article = changes.select_one("article").get_text(" ")
    assert "title: Changes" not in article and changes.find("h1").get_text(strip=True).startswith("Changes")
    assert "data/" not in article.replace("data/ ", "")
    for page in html_pages(site_dir):
        text = page.read_text(encoding="utf-8")
        assert "</sup>&gt;" not in text, page
        assert 'href=""' not in text, page
    maintainers = soup_of(site_dir, "maintainers")
    codes = [c.get_text() for c in maintainers.select("article code")]
    assert "<!-- data:counts -->" in codes
    assert not maintainers.select("article code table")


def test_entry_dates_shown_only_where_they_say_something():
    from refsite.history import Commit, FileHistory, History

    first, later = Commit("a" * 40, "aaaaaaa", dt.date(2026, 1, 1)), Commit("b" * 40, "bbbbbbb", dt.date(2026, 2, 1))
    history = History(available=True, days=[], files={})
    from refsite.history import DayChanges

    history.days = [DayChanges(later.date, changed=["events/x.yml"]), DayChanges(first.date, added=["events/x.yml"])]
    versions = Versions(history)
    assert versions.first_import == first.date
    from refsite.render import make_environment

    env = make_environment()
    env.globals["versions"] = versions
    tpl = env.from_string('{% from "_versions.md.j2" import entry_versions %}{{ entry_versions(e) }}')
    event = INDEX.events[0]
    history.files = {f"events/{event.id}.yml": FileHistory(added=first, changed=first)}
    assert "Added" not in tpl.render(e=event) and "Last changed" not in tpl.render(e=event)
    history.files = {f"events/{event.id}.yml": FileHistory(added=first, changed=later)}
    assert "Last changed" in tpl.render(e=event) and "Added" not in tpl.render(e=event)
    history.files = {f"events/{event.id}.yml": FileHistory(added=later, changed=later)}
    assert "Added" in tpl.render(e=event)


# --------------------------------------------------------------------------- search


def test_fold_removes_diacritics_and_transliterates_cyrillic():
    assert search.fold("Vučić") == "vucic"
    assert search.fold("Krušik") == "krusik"
    assert search.fold("Вучић") == "vucic"
    assert search.fold("Шойгу") == "sojgu"
    assert search.fold("Đilas") == "djilas"
    assert search.variants("Đoković") == {"đoković", "djokovic", "dokovic"}
    assert search.variants("Ђоковић") == {"ђоковић", "djokovic", "dokovic"}  # ђ: đ once transliterated


def test_cyrillic_spellings_come_from_serbian_letters_and_the_names_of_people():
    assert search.cyrillic("Putin") == {"путин"}
    assert search.cyrillic("Krušik") == {"крушик"}
    assert {"шојгу", "шойгу"} <= search.cyrillic("Šojgu")  # Serbian and Russian spellings
    assert {"вучић", "вучич"} <= search.cyrillic("Vučić")
    assert "љубљана" in search.cyrillic("Ljubljana")  # lj, nj, dž are single Cyrillic letters
    assert search.cyrillic("Washington") == set()  # letters Serbian Latin lacks: no guess
    index = {
        "config": {},
        "docs": [
            {"location": "a/", "title": "Krušik rockets", "text": "<p>Putin met Šojgu. Notes on Sergey Lavrov.</p>"}
        ],
    }
    search.extend_index(index, [make_actor("sergey-lavrov", "Sergey Lavrov", [])])
    doc = index["docs"][0]
    assert "крушик" in doc["folded_title"].split()  # written in Serbian letters: no alias needed
    folded = set(doc["folded"].split())
    assert {"шојгу", "шойгу", "лавров"} <= folded  # a person's name, even without aliases
    # English words are not names: no Cyrillic for "Notes" (нотес) or "Putin", which no actor here names.
    assert not {"нотес", "путин", "он"} & folded


def test_search_index_gets_folded_words_and_every_spelling_of_an_actor():
    actors = [
        make_actor("sergei-shoigu", "Sergei Shoigu", ["Shoigu", "Šojgu", "Шойгу"]),
        make_actor("aleksandar-vucic", "Aleksandar Vučić", ["Vučić", "Вучић"]),
    ]
    index = {
        "config": {"fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
        "docs": [
            {"location": "a/", "title": "Šojgu in Belgrade", "text": "<p>Met Vučić &amp; others.</p>"},
            {"location": "b/", "title": "xyz", "text": "<p>nothing to fold here.</p>"},
        ],
    }
    search.extend_index(index, actors)
    assert index["config"]["fields"]["folded_title"] == {"boost": 1000}
    assert index["config"]["fields"]["folded"] == {"boost": 1}
    a, b = index["docs"]
    assert {"sojgu", "shoigu", "шойгу", "шојгу", "sergei"} <= set(a["folded_title"].split())
    assert {"vucic", "вучић", "aleksandar"} <= set(a["folded"].split())
    assert a["title"] == "Šojgu in Belgrade" and a["text"] == "<p>Met Vučić &amp; others.</p>"  # shown untouched
    assert "folded" not in b and "folded_title" not in b  # nothing to add: no field
    # Whole words only: an alias never matches inside another word.
    index = {"config": {}, "docs": [{"location": "c/", "title": "chapter", "text": "<p>a chapter.</p>"}]}
    search.extend_index(index, [make_actor("associated-press", "Associated Press", ["AP"])])
    assert "folded" not in index["docs"][0]


def test_built_search_index_finds_names_in_both_scripts(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = {
        doc["location"]: set(doc.get("folded", "").split()) | set(doc.get("folded_title", "").split())
        for doc in index["docs"]
    }
    for word in ("vucic", "krusik", "путин", "крушик", "шојгу", "вучић"):
        assert any(word in w for w in words.values()), word
    vucic = next(d for d in index["docs"] if d["location"] == "actors/aleksandar-vucic/")
    assert "vucic" in vucic["folded_title"].split()
    # Search snippets start with what the entry says, not with its history.
    for doc in index["docs"]:
        assert not doc["text"].startswith(("Added", "Last changed")), doc["location"]


# --------------------------------------------------------------------------- charts


def test_charts_are_inline_accessible_svg_in_two_widths(site_dir):
    charts = Charts(INDEX).all()
    assert {c.id for c in charts} >= {"events-by-decade", "polls-over-time"}
    for chart in charts:
        assert chart.title and len(chart.description) > 60
        for variant in ("wide", "narrow"):
            root = ET.fromstring(chart.drawing(variant))
            assert root.tag == f"{SVG}svg" and root.get("role") == "img"
            title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
            assert title.text == chart.title and desc.text == chart.description
            assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}
            sizes = [int(t.get("font-size")) for t in root.iter(f"{SVG}text")]
            assert sizes and min(sizes) >= 12  # drawn at the width it is shown: at least 12 px as rendered
            assert "<script" not in chart.drawing(variant) and "http" not in chart.drawing(variant).replace(
                "http://www.w3.org/2000/svg", ""
            )
        assert Charts(INDEX).all()[[c.id for c in charts].index(chart.id)].svg == chart.svg  # deterministic
    page = soup_of(site_dir, "themes")
    figure = page.find("figure", id="chart-events-by-decade")
    assert len(figure.find_all("svg")) == 2 and figure.find("figcaption").get_text(strip=True)


def test_events_chart_has_a_continuous_axis_and_counts_only_events(site_dir):
    chart = Charts(INDEX).events_by_decade
    decades = sorted({e.date.year // 10 * 10 for e in HAPPENINGS})
    labels = [t.text for t in ET.fromstring(chart.drawing("wide")).iter(f"{SVG}text")]
    bars = ET.fromstring(chart.drawing("wide")).findall(f".//{SVG}rect[@class='c-bar c-s-events']")
    assert len(bars) == len(decades)  # one bar per decade with events, placed on a continuous axis
    assert f"{decades[0]}s" in labels
    table = (
        soup_of(site_dir, "themes")
        .find("figure", id="chart-events-by-decade")
        .find_next_sibling("div", class_="chart-table")
        .find("table")
    )
    counts = [int(tr.find_all("td")[1].get_text()) for tr in table.select("tbody tr")]
    assert sum(counts) == len(HAPPENINGS)


def test_arms_chart_never_plots_a_report_date_as_a_transfer_year():
    deal = next(d for d in INDEX.arms_deals if d.delivered or d.ordered)
    reported_only = deal.model_copy(
        update={"delivered": None, "ordered": None, "delivered_basis": None, "ordered_basis": None}
    )
    reported_only.identify("reported-only")
    assert transfer_year(reported_only) is None

    # The copy is read through the real deal's view (same claims and disputes); actors by their own views.
    fake = SimpleNamespace(
        arms_deals=[deal, reported_only], view=lambda e: INDEX.view(deal if e is reported_only else e)
    )
    chart = arms_by_year(fake)
    years = [r[0] for r in chart.table.rows]
    assert NOT_STATED in years and "not stated" in chart.drawing("wide")
    assert str(transfer_year(deal)) in years
    assert "never at the date of a report" in chart.description


def test_poll_chart_joins_only_the_same_question_and_leaves_out_undated_polls():
    chart = polls_over_time(INDEX)
    assert chart is not None
    series = {k: v for k, v in poll_series(INDEX.poll_results).items() if len({r.poll.id for r in v}) >= 2}
    assert all(r.fieldwork for v in series.values() for r in v)  # never at a report's date
    assert all(len({r.result.answer for r in v}) == 1 for v in series.values())  # one answer, worded alike
    drawn = sum(len(v) for v in series.values())
    assert f"{len(INDEX.poll_results) - drawn} other results" in chart.description
    legend = any(r.second_hand for v in series.values() for r in v)
    for variant in ("wide", "narrow"):
        root = ET.fromstring(chart.drawing(variant))
        assert len(root.findall(f".//{SVG}circle")) == drawn + (2 if legend else 0)
        # Lines join one pollster's successive polls only, never two pollsters' figures.
        joins = sum(len(polls) - 1 for v in series.values() for polls in _polls_by_pollster(v).values())
        assert len(root.findall(f".//{SVG}path[@class='c-series']")) == joins


def _polls_by_pollster(results) -> dict[str, set[str]]:
    by: dict[str, set[str]] = {}
    for r in results:
        if r.poll.pollster is not None:
            by.setdefault(r.poll.pollster, set()).add(r.poll.id)
    return by


# --------------------------------------------------------------------------- downloads and feed


def test_every_dataset_downloads_as_json_and_csv_with_claims_and_citations(site_dir):
    for kind in ENTRY_TYPES:
        doc = json.loads((site_dir / "downloads" / f"{kind}.json").read_text(encoding="utf-8"))
        assert doc["licence"] == "CC BY 4.0" and doc["kind"] == kind
        ids = [r["id"] for r in doc["entries"]]
        assert sorted(ids) == sorted(DATASET.of(kind))
        for record in doc["entries"]:
            ENTRY_TYPES[kind].model_validate(record["entry"])
            assert record["url"].startswith(("http", "/"))  # a path on the site when no address is configured
        rows = list(csv.DictReader(io.StringIO((site_dir / "downloads" / f"{kind}.csv").read_text(encoding="utf-8"))))
        assert sorted(r["id"] for r in rows) == sorted(DATASET.of(kind))


def test_atom_feed_lists_entries_with_dates_and_permalinks(site_dir):
    root = ET.fromstring((site_dir / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for e in entries:
        assert e.find(f"{ATOM}id").text.startswith("urn:uuid:")
        href = e.find(f"{ATOM}link").get("href")
        path = re.sub(r"^(https?://[^/]+)?/", "", href).split("#")[0]
        assert (site_dir / path / "index.html").is_file() or (site_dir / path).is_file(), href
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)  # newest first


# --------------------------------------------------------------------------- citations


def test_one_cite_box_per_page_and_a_small_cite_per_entry(site_dir):
    versions = Versions.load(ROOT / "data")
    pub = Publication.from_settings(None, None, versions)
    citer = Citer(INDEX, pub, versions)
    for event in INDEX.events:
        timeline = soup_of(site_dir, page_of(event.id))
        pop = timeline.find(id=event.id).find_parent("details", class_="row").select_one("details.cite-pop")
        link = pop.select_one(".cite-this__apa a.cite-url")
        assert link["href"] == f"#{event.id}"  # relative: right wherever the site is published
        assert link.get_text() == citer.entry(event).url == f"/{page_of(event.id)}/#{event.id}"
        assert f"({citer.entry(event).apa_date})" in pop.get_text(" ")  # the day the entry last changed
    for html_file in html_pages(site_dir):
        if html_file.name == "404.html":
            continue
        soup = soup_of_file(html_file)
        boxes = soup.select("article details.cite-this")
        assert len(boxes) == 1, f"{html_file.relative_to(site_dir)}: {len(boxes)} citation boxes"
        href = boxes[0].select_one("a.cite-url")["href"]
        assert href in ("./", "#") or href.startswith("#"), (html_file, href)  # the page cites itself
        assert boxes[0].select_one(".cite-this__bibtex").get_text().startswith("@misc{srr:")


def test_bibtex_escapes_latex_specials_and_permalinks_use_the_configured_address():
    assert (
        bibtex_escape("50% of {x} & y_z #1 ~ ^ \\")
        == r"50\% of \{x\} \& y\_z \#1 \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    pub = Publication("Site", "https://example.org/ref/", dt.date(2025, 3, 9), "abc1234")
    assert pub.permalink("actors/x.md") == "https://example.org/ref/actors/x/"
    assert pub.permalink("timeline.md#e") == "https://example.org/ref/timeline/#e"
    assert built_path("index.md") == "" and built_path("themes/index.md") == "themes/"
    assert pub.apa_date == "2025, March 9"
    ref = Citer(INDEX, pub).entry(INDEX.events[0])
    assert ref.absolute and "month        = mar," in ref.bibtex
    assert not Citer(INDEX, Publication()).entry(INDEX.events[0]).absolute


# --------------------------------------------------------------------------- the published site


def test_a_build_without_site_url_has_no_localhost_address_anywhere(site_dir):
    from mkdocs.config import load_config

    assert not load_config(str(ROOT / "mkdocs.yml")).site_url or __import__("os").environ.get("SITE_URL")
    found = []
    for path in site_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".svg", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if re.search(r"https?://(127\.0\.0\.1|localhost|\[::1\])", text):
                found.append(path.relative_to(site_dir).as_posix())
    assert not found, found
    home = soup_of(site_dir, "")
    assert home.find("link", rel="canonical") is None  # not known: left out rather than guessed
    assert home.find("link", rel="alternate", type="application/atom+xml")["href"] == "feed.xml"


def test_site_url_is_configurable_and_pages_carry_description_and_open_graph(site_dir, monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://example.org/ref/")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://example.org/ref/"
    for rel, entry in [("timeline", None), ("actors/aleksandar-vucic", DATASET.of("actors")["aleksandar-vucic"])]:
        soup = soup_of(site_dir, rel)
        description = soup.find("meta", attrs={"name": "description"})["content"]
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:description"] == description
        assert og["og:title"] and soup.find("title").get_text().startswith(og["og:title"])
        if entry is not None:
            assert entry.name in og["og:title"] and entry.name in description  # from the data


def test_pages_workflow_builds_with_the_pages_address():
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert "actions/configure-pages@" in workflow
    assert re.search(r"SITE_URL: \$\{\{ steps\.pages\.outputs\.base_url", workflow)


# --------------------------------------------------------------------------- offline, print, meta


def test_no_page_or_stylesheet_loads_anything_from_elsewhere(site_dir):
    for css in list(site_dir.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
    for html_file in html_pages(site_dir):
        text = html_file.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text and "cdn." not in text.lower(), html_file


def test_printed_footnotes_show_the_source_title_and_address(site_dir):
    timeline = soup_of(site_dir, timeline_pages()[0])
    checked = 0
    for li in timeline.select("div.footnote li"):
        link = li.find("a", href=lambda h: h and "/sources/" in h)
        source = DATASET.of("sources")[link["href"].split("/sources/")[1].split("/")[0]]
        assert link.get_text() == source.title
        if source.urls:
            assert li.select_one(".print-only").get_text(strip=True) == source.urls[0].url
            checked += 1
    assert checked
    css = (site_dir / "assets" / "readers.css").read_text(encoding="utf-8")
    print_rules = css.split("@media print", 1)[1]
    assert ".print-only { display: inline; }" in print_rules and "::details-content" in print_rules


def test_search_dialog_override_differs_from_material_only_by_its_name():
    import material

    upstream = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    strip = lambda s: re.sub(r"^\{#-.*?-#\}\n", "", s, flags=re.S)  # noqa: E731 - the leading comment
    assert strip(ours) == strip(upstream).replace(
        'role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">', 1
    ), "Material's search partial changed: re-copy it into overrides/partials/search.html with the aria-label"


def test_maintainers_page_is_built_but_not_in_readers_navigation(site_dir):
    home = soup_of(site_dir, "")
    nav = [a.get_text(strip=True) for a in home.select(".md-nav--primary a")]
    assert "For maintainers" not in nav and "Arms deals" in nav and "Polls" in nav
    assert (site_dir / "maintainers" / "index.html").is_file()
    assert soup_of(site_dir, "data").find("a", href="../maintainers/")


def test_source_pages_describe_their_text_in_readers_words(site_dir):
    """Reader review M10: every source page's property table told readers about "page chrome" and "Text held",
    editors' words (the data's own notes may still use them)."""
    for source in INDEX.sources:
        rows = {
            tr.select("td")[0].get_text(strip=True): tr.select("td")[1].get_text(" ", strip=True)
            for tr in soup_of(site_dir, f"sources/{source.id}").select(".source-props tbody tr")
        }
        assert "Text held" not in rows and "Text we hold" in rows, source.id
        assert not any("page chrome" in rows.get(k, "") for k in ("Locators", "Not content")), source.id
        if source.not_content:
            assert "parts of the web page" in rows["Not content"] and "not the document" in rows["Locators"]


# Curators' words that readers were shown (reader review M10: "document metadata" 54, "page chrome" 43, "Text held"
# 38, "stored copy/excerpt" 30, 'inferred from the "/REL/" tag' 18 at the review; this stop's own start: 147, 1, 4,
# 63 + 12, 18 on the real site, with "the store's" 8 and the date basis "from the source's metadata" 11). The source
# and actor types' ids (slugs) too; "aggregator" alone is plain English.
JARGON = {  # words may be split across lines in the HTML: \s+ between them
    "document metadata": r"(?:document|source's)\s+metadata",
    "page chrome": r"page\s+chrome",
    "Text held": r"\btext\s+held\b",
    "stored copy": r"\bstored\s+cop(?:y|ies)\b",
    "stored excerpt": r"\bstored\s+excerpts?\b",
    "the store's": r"\bthe\s+store's\b",
    'inferred from the "/REL/" tag': r"inferred\s+from\s+the\s+\W*/REL/\W*\s+tag",
    "slug": r"(?<![\w/.#-])(?:"
    + "|".join(
        re.escape(slug)
        for slug in sorted({*SOURCE_TYPES, *get_args(Actor.model_fields["type"].annotation)})
        if "-" in slug
    )
    + r")(?![\w/-]|\.\w)",  # not in a file name or an address
}


def visible_text(soup: BeautifulSoup) -> str:
    """What a reader can read: the body's text nodes (no attributes, scripts, styles, templates or comments)."""
    body = soup.body
    assert body is not None
    return " ".join(s for s in body.find_all(string=True) if type(s) is NavigableString)


def jargon_on(site: Path) -> dict[str, dict[str, int]]:
    """{jargon: {page: count}} over every built page a reader can open (the maintainers' page is for editors)."""
    patterns = {name: re.compile(p, re.IGNORECASE if name != "slug" else 0) for name, p in JARGON.items()}
    found: dict[str, dict[str, int]] = {}
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("maintainers/"):
            continue
        text = visible_text(soup_of_file(page))
        for name, pattern in patterns.items():
            if n := len(pattern.findall(text)):
                found.setdefault(name, {})[rel] = n
    return found


def test_visible_text_is_what_a_reader_reads():
    soup = BeautifulSoup(
        '<html><head><title>page chrome</title></head><body><p title="document metadata">Text we hold</p>'
        "<script>stored copy</script><style>/*Text held*/</style><!-- stored excerpt --><p>wire-service</p></body>"
        "</html>",
        "html.parser",
    )
    assert visible_text(soup).split() == ["Text", "we", "hold", "wire-service"]
    patterns = {name: re.compile(p, re.IGNORECASE if name != "slug" else 0) for name, p in JARGON.items()}
    hits = {name for name, p in patterns.items() if p.search("the text held; a stored\n copy; state-media")}
    assert hits == {"Text held", "stored copy", "slug"}
    assert not any(p.search("an aggregator's copy; see state-media.csv or /state-media/") for p in patterns.values())


def test_no_page_shows_readers_the_curators_jargon(site_dir):
    """Reader review M10: labels ("Publication date (document metadata)", "stored copy's date label") and the data's
    own notes ("the page chrome names …", "The stored excerpt stops …") put curators' words on 85 pages."""
    found = jargon_on(site_dir)
    assert not found, {name: dict(sorted(pages.items())[:5]) | {"pages": len(pages)} for name, pages in found.items()}
