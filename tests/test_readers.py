"""Readers' features on the built site (no browser): charts, search folding, downloads, feed, citations,
offline, print markup and page metadata. Behaviour that lives in the browser is in
tests/browser/test_reader_features.py."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
import re
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
import pytest

from refsite import search
from refsite.charts import Charts, poll_chart
from refsite.cite import Citer, Publication, bibtex_escape, page_url_path
from refsite.dataset import load_dataset
from refsite.downloads import Downloads
from refsite.history import Versions
from refsite.index import build_index, url_of
from refsite.models import ENTRY_TYPES, Actor, Poll

from .conftest import ROOT

DATASET = load_dataset(ROOT / "data")
INDEX = build_index(DATASET)
SVG = "{http://www.w3.org/2000/svg}"
ATOM = "{http://www.w3.org/2005/Atom}"


def soup_of(site: Path, rel: str) -> BeautifulSoup:
    path = site / rel
    if path.is_dir() or not rel.endswith(".html"):
        path = site / rel / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def make_actor(actor_id: str, name: str, aliases: list[str]) -> Actor:
    actor = Actor.model_validate({"version": 1, "name": name, "aliases": aliases, "type": "person"})
    actor._id = actor_id
    return actor


def make_poll() -> Poll:
    poll = Poll.model_validate({
        "version": 1, "title": "Test poll <b>&", "themes": ["public-opinion"],
        "results": [{"answer": "For closer ties with Russia", "share": 40.5}, {"answer": "Against", "share": 59.5}],
        "claims": [{"text": "A finding.", "citations": [{"source": "x", "locator": "¶1"}]}],
    })
    poll._id = "test-poll"
    return poll


# --------------------------------------------------------------------------- search

def test_fold_removes_diacritics_and_transliterates_cyrillic():
    assert search.fold("Vučić") == "vucic"
    assert search.fold("Krušik") == "krusik"
    assert search.fold("Вучић") == "vucic"
    assert search.fold("Шойгу") == "sojgu"
    assert search.fold("Đilas") == "djilas"
    assert search.variants("Đoković") == {"đoković", "djokovic", "dokovic"}


def test_search_index_gets_folded_words_and_every_spelling_of_an_actor():
    actors = [make_actor("sergei-shoigu", "Sergei Shoigu", ["Shoigu", "Šojgu", "Шойгу"]),
              make_actor("aleksandar-vucic", "Aleksandar Vučić", ["Vučić", "Вучић"])]
    index = {"config": {"fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
             "docs": [{"location": "a/", "title": "Šojgu in Belgrade", "text": "<p>Met Vučić &amp; others.</p>"},
                      {"location": "b/", "title": "Plain", "text": "<p>Nothing to fold here.</p>"}]}
    search.extend_index(index, actors)
    assert index["config"]["fields"]["folded_title"] == {"boost": 1000}
    assert index["config"]["fields"]["folded"] == {"boost": 1}
    a, b = index["docs"]
    assert {"sojgu", "shoigu", "шойгу", "sergei"} <= set(a["folded_title"].split())
    assert {"vucic", "вучић", "aleksandar"} <= set(a["folded"].split())
    assert a["title"] == "Šojgu in Belgrade" and a["text"] == "<p>Met Vučić &amp; others.</p>"  # shown untouched
    assert "folded" not in b and "folded_title" not in b  # nothing to add: no field
    # Whole words only: an alias never matches inside another word.
    index = {"config": {}, "docs": [{"location": "c/", "title": "Chapter", "text": "<p>A chapter.</p>"}]}
    search.extend_index(index, [make_actor("associated-press", "Associated Press", ["AP"])])
    assert "folded" not in index["docs"][0]


def test_built_search_index_finds_vucic_and_krusik(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "folded" in index["config"]["fields"]
    folded = {doc["location"]: set(doc.get("folded", "").split()) | set(doc.get("folded_title", "").split())
              for doc in index["docs"]}
    assert any("vucic" in words for words in folded.values())
    assert any("krusik" in words for words in folded.values())
    vucic = next(d for d in index["docs"] if d["location"] == "actors/aleksandar-vucic/")
    assert "vucic" in vucic["folded_title"].split()


# --------------------------------------------------------------------------- charts

def test_charts_are_accessible_static_svg(site_dir):
    charts = Charts(INDEX)
    assert charts.events_by_decade and charts.arms_by_year
    files = charts.files()
    for path, text in files.items():
        assert (site_dir / path).read_text(encoding="utf-8") == text  # published as drawn (and deterministic)
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and len(desc.text) > 40
        assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}
        assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/", "")
        assert "https://" not in text  # nothing to download: no fonts, scripts or images from elsewhere
    # Drawing again gives the same bytes (so the cache of drawings can never serve a stale or different file).
    assert Charts(INDEX, cache=False).files() == files


def test_chart_numbers_are_in_an_adjacent_table(site_dir):
    soup = soup_of(site_dir, "themes")
    figure = soup.find("figure", id="chart-events-by-decade-and-theme")
    imgs = figure.find_all("img")
    assert {i["src"].rsplit("/", 1)[-1] for i in imgs} == {"events-by-decade-and-theme-light.svg",
                                                           "events-by-decade-and-theme-dark.svg"}
    for img in imgs:
        assert img["alt"] and soup.find(id=img["aria-describedby"]).get_text(strip=True)
    table = figure.find_next_sibling("div", class_="chart-table").find("table")
    rows = {tr.find_all(["td", "th"])[0].get_text(strip=True): [c.get_text(strip=True) for c in tr.find_all("td")[1:]]
            for tr in table.find_all("tr")[1:]}
    assert rows["All events"][-1] == str(len(INDEX.events))
    for theme in INDEX.themes:
        n = sum(1 for e in INDEX.events if theme.id in e.themes)
        if n:
            assert rows[theme.title][-1] == str(n), theme.id

    soup = soup_of(site_dir, "arms-deals")
    figure = soup.find("figure", id="chart-arms-transfers-by-year")
    table = figure.find_next_sibling("div", class_="chart-table").find("table")
    totals = [int(tr.find_all("td")[-1].get_text()) for tr in table.find_all("tr")[1:]]
    assert sum(totals) == len(INDEX.arms_deals)


def test_poll_with_numbers_gets_a_chart_and_text_from_data_stays_text():
    chart = poll_chart(make_poll())
    assert chart is not None and chart.table.rows == [["For closer ties with Russia", "40.5"], ["Against", "59.5"]]
    assert "59.5%" in chart.description
    root = ET.fromstring(chart.svg["light"])
    assert root.find(f"{SVG}title").text == "Poll results: Test poll <b>&"  # escaped by the XML writer
    assert "<b>" not in chart.svg["light"]
    assert poll_chart(INDEX.polls[0].model_copy(update={"results": []})) is None


def test_chart_cache_is_keyed_by_every_input(tmp_path, monkeypatch):
    from refsite import charts

    monkeypatch.setattr(charts, "CACHE_DIR", tmp_path)
    first = poll_chart(make_poll())
    assert len(list(tmp_path.glob("*.json"))) == 2  # light and dark
    assert poll_chart(make_poll()).svg == first.svg  # from the cache
    changed = make_poll()
    changed.results[0].share = 41.5
    changed.results[1].share = 58.5
    assert "41.5%" in poll_chart(changed).description and len(list(tmp_path.glob("*.json"))) == 4
    assert ">41.5%<" in poll_chart(changed).svg["light"]


# --------------------------------------------------------------------------- downloads and feed

def test_every_dataset_downloads_as_json_and_csv_with_claims_and_citations(site_dir):
    for kind in ENTRY_TYPES:
        doc = json.loads((site_dir / "downloads" / f"{kind}.json").read_text(encoding="utf-8"))
        assert doc["licence"] == "CC BY 4.0" and doc["kind"] == kind
        assert (site_dir / "downloads" / doc["schema"]).resolve().is_file()  # schemas/<kind>.json, from schema.py
        ids = [r["id"] for r in doc["entries"]]
        assert sorted(ids) == sorted(DATASET.of(kind))
        for record in doc["entries"]:
            # Each entry is its data file as the models read it: it validates again (= against the schema).
            ENTRY_TYPES[kind].model_validate(record["entry"])
            assert record["url"].startswith("http")
        rows = list(csv.DictReader(io.StringIO((site_dir / "downloads" / f"{kind}.csv").read_text(encoding="utf-8"))))
        assert sorted(r["id"] for r in rows) == sorted(DATASET.of(kind))

    claims = list(csv.DictReader(io.StringIO((site_dir / "downloads" / "claims.csv").read_text(encoding="utf-8"))))
    expected = sum(len(getattr(e, part, None) or []) for e in DATASET.all() for part in ("claims", "overview", "roles"))
    assert len(claims) == expected
    citations = list(csv.DictReader(io.StringIO((site_dir / "downloads" / "citations.csv").read_text(encoding="utf-8"))))
    expected = sum(len(c.citations) for e in DATASET.all() for part in ("claims", "overview", "roles")
                   for c in getattr(e, part, None) or []) + sum(1 for e in DATASET.all() if getattr(e, "quote", None))
    assert len(citations) == expected
    assert {c["source"] for c in citations} <= set(DATASET.of("sources"))

    everything = json.loads((site_dir / "downloads" / "all.json").read_text(encoding="utf-8"))
    assert sum(len(v) for v in everything["entries"].values()) == sum(1 for _ in DATASET.all())


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    from refsite.downloads import _csv

    text = _csv(["a"], [["=HYPERLINK(\"x\")"], ["-1"], ["fine"]])
    assert list(csv.reader(io.StringIO(text)))[1:] == [["'=HYPERLINK(\"x\")"], ["'-1"], ["fine"]]


def test_data_page_lists_downloads_schemas_licence_and_citation(site_dir):
    soup = soup_of(site_dir, "data")
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    for kind in ENTRY_TYPES:
        assert f"../downloads/{kind}.json" in hrefs and f"../downloads/{kind}.csv" in hrefs
        assert f"../schemas/{kind}.json" in hrefs
    for name in ("claims.csv", "citations.csv", "all.json"):
        assert f"../downloads/{name}" in hrefs
    assert "../feed.xml" in hrefs
    assert "https://creativecommons.org/licenses/by/4.0/" in hrefs
    assert soup.select_one(".cite-this--open .cite-this__bibtex").get_text().startswith("@misc{srr:data,")
    nav = [a.get_text(strip=True) for a in soup.select(".md-nav a")]
    assert "Data and citing" in nav


def test_atom_feed_lists_entries_with_dates_and_permalinks(site_dir):
    root = ET.fromstring((site_dir / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for e in entries:
        assert e.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert re.match(r"^\d{4}-\d\d-\d\dT00:00:00Z$", e.find(f"{ATOM}updated").text)
        href = e.find(f"{ATOM}link").get("href")
        path = re.sub(r"^https?://[^/]+/", "", href).split("#")[0]
        assert (site_dir / path / "index.html").is_file() or (site_dir / path).is_file(), href
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert soup_of(site_dir, "").find("link", rel="alternate", type="application/atom+xml")["href"].endswith("feed.xml")


def test_feed_and_downloads_work_without_git_history():
    pub = Publication.from_settings(None, None, Versions())  # built outside git: no history, no address
    assert pub.version_date is None and pub.apa_date == "n.d."
    downloads = Downloads(INDEX, Versions(), pub)
    root = ET.fromstring(downloads.feed().encode("utf-8"))
    entries = root.findall(f"{ATOM}entry")
    assert entries and all(e.find(f"{ATOM}updated").text for e in entries)
    assert all(e.find(f"{ATOM}published") is None for e in entries)  # unknown, so left out
    record = json.loads(downloads.kind_json("events"))["entries"][0]
    assert record["added"] is None and record["url"].startswith("/timeline/#")


# --------------------------------------------------------------------------- citations

def test_every_entry_and_page_offers_a_citation_with_permalink_and_data_version(site_dir):
    pub = Publication.from_settings("Serbia–Russia Relations Reference", "http://127.0.0.1:8000/",
                                    Versions.load(ROOT / "data"))
    citer = Citer(INDEX, pub)
    timeline = soup_of(site_dir, "timeline")
    for event in INDEX.events:
        block = timeline.find(id=event.id).find_parent("div", class_="entry").find("details", class_="cite-this")
        expected = citer.entry(event)
        assert block.select_one(".cite-this__apa a")["href"] == expected.url == pub.permalink(url_of(event))
        assert f"({pub.apa_date})" in block.select_one(".cite-this__apa").get_text()
        bibtex = block.select_one(".cite-this__bibtex").get_text()
        assert bibtex.startswith(f"@misc{{srr:{event.id},") and expected.url in bibtex
        if pub.version_iso:
            assert f"Data version {pub.version_iso}" in bibtex
    for html_file in html_pages(site_dir):
        if html_file.name == "404.html":
            continue
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select("article details.cite-this")
        assert blocks, f"{html_file.relative_to(site_dir)} has no citation"
        canonical = soup.find("link", rel="canonical")["href"]
        assert blocks[-1].select_one(".cite-this__apa a")["href"] == canonical, html_file


def test_bibtex_escapes_latex_specials():
    assert bibtex_escape("50% of {x} & y_z #1 ~ ^ \\") == r"50\% of \{x\} \& y\_z \#1 \textasciitilde{} \textasciicircum{} \textbackslash{}"
    pub = Publication("Site", "https://example.org/ref/", dt.date(2025, 3, 9), "abc1234")
    assert pub.permalink("actors/x.md") == "https://example.org/ref/actors/x/"
    assert pub.permalink("timeline.md#e") == "https://example.org/ref/timeline/#e"
    assert page_url_path("index.md") == "" and page_url_path("themes/index.md") == "themes/"
    assert pub.apa_date == "2025, March 9"
    assert "month        = mar," in Citer(INDEX, pub).entry(INDEX.events[0]).bibtex


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
    timeline = soup_of(site_dir, "timeline")
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
    assert ".print-only { display: inline; }" in print_rules and ".print-only { display: none; }" in css


def test_site_url_is_configurable_and_pages_carry_description_and_open_graph(site_dir, monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://example.org/ref/")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://example.org/ref/"
    monkeypatch.delenv("SITE_URL")
    # Unset, a local default: never a guessed public address.
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "http://127.0.0.1:8000/"
    site_url = soup_of(site_dir, "").find("link", rel="canonical")["href"]  # what the test build used

    sitemap = ET.fromstring((site_dir / "sitemap.xml").read_bytes())
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert site_url + "timeline/" in locs and site_url + "data/" in locs
    assert all(loc.startswith(site_url) for loc in locs)

    for rel, entry in [("timeline", None), ("actors/aleksandar-vucic", DATASET.of("actors")["aleksandar-vucic"])]:
        soup = soup_of(site_dir, rel)
        description = soup.find("meta", attrs={"name": "description"})["content"]
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:description"] == description and og["og:url"] == site_url + rel + "/"
        assert og["og:title"] and soup.find("title").get_text().startswith(og["og:title"])
        if entry is not None:
            assert entry.name in og["og:title"] and entry.name in description  # from the data


def test_search_dialog_override_differs_from_material_only_by_its_name():
    import material

    upstream = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    strip = lambda s: re.sub(r"^\{#-.*?-#\}\n", "", s, flags=re.S)  # noqa: E731 - the leading comment
    assert strip(ours) == strip(upstream).replace(
        'role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">', 1), \
        "Material's search partial changed: re-copy it into overrides/partials/search.html with the aria-label"
