"""The real site, built once: every page type exists, citations resolve both ways, nothing is lost."""

from __future__ import annotations

from pathlib import Path
import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .conftest import ROOT, real_dataset, real_index, soup_of_file, timeline_pages

DATASET = real_dataset()
INDEX = real_index()


def page(site: Path, rel: str) -> BeautifulSoup:
    path = site / rel
    if path.is_dir() or not rel.endswith(".html"):
        path = site / rel / "index.html"
    return soup_of_file(path)


def resolve(site: Path, from_file: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    base = site if parts.path.startswith("/") else from_file.parent  # 404.html uses root-relative links
    target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else from_file
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_page_type_exists_with_real_entries(site_dir):
    for rel in [
        "",
        "timeline",
        "arms-deals",
        "sanctions-statements",
        "polls",
        "themes",
        "actors",
        "sources",
        "corrections",
        "about",
        "maintainers",
    ]:
        assert (site_dir / rel / "index.html").is_file(), rel
    for kind in ("themes", "actors", "sources"):
        for entry_id in DATASET.of(kind):
            assert (site_dir / kind / entry_id / "index.html").is_file(), f"{kind}/{entry_id}"
    assert INDEX.events and INDEX.arms_deals and INDEX.statements and INDEX.polls


def test_footnote_resolves_to_source_locator_and_source_lists_claim_back(site_dir):
    first = timeline_pages()[0]  # the Timeline's first page (its first period)
    timeline_file = site_dir / first / "index.html"
    timeline = page(site_dir, first)
    footnotes = timeline.select("div.footnote li")
    assert footnotes, "timeline has no footnotes"
    checked = 0
    for li in footnotes:
        link = li.find("a", href=lambda h: h and "/sources/" in h)
        target, fragment = resolve(site_dir, timeline_file, link["href"])
        source_page = soup_of_file(target)
        heading = source_page.find(id=fragment)
        assert heading is not None, f"{link['href']} has no anchor"
        # The claims listed under that locator link back to the timeline, to claim anchors that exist.
        back_links = []
        for sib in heading.find_next_siblings():
            if sib.name in ("h2", "h3"):
                break
            back_links += [a["href"] for a in sib.find_all("a", href=True) if "timeline" in a["href"]]
        for href in back_links:
            back_file, claim_anchor = resolve(site_dir, target, href)
            if back_file == timeline_file:
                assert timeline.find(id=claim_anchor) is not None
                checked += 1
    assert checked > 10


def test_source_page_lists_every_claim_citing_it_in_locator_order(site_dir):
    for source in INDEX.sources:
        soup = page(site_dir, f"sources/{source.id}")
        anchors = [h["id"] for h in soup.select("article h3[id]")]
        uses = INDEX.citations_of[source.id]

        # An independent oracle: the locators' own order (metadata first, then paragraphs or seconds).
        def position(anchor: str) -> tuple[int, int]:
            kind, _, rest = anchor.partition("-") if not anchor.startswith("p") else ("p", "", anchor[1:])
            if kind == "meta":
                return (0, 0)
            if kind == "t":
                h, m, sec = map(int, rest.split("-"))
                return (1, h * 3600 + m * 60 + sec)
            return (1, int(rest))

        assert anchors == sorted(anchors, key=position), source.id
        assert set(anchors) == {u.citation.anchor for u in uses}, source.id
        text = soup.get_text()
        n = len(uses)
        assert f"{n} citations" in text or (n == 0 and "No claim cites" in text)


def test_video_citation_links_to_the_second(site_dir):
    """Each "watch at hh:mm:ss" link (for a summary of a video, "the summarised video at hh:mm:ss") opens the
    video at that very second, from the footnote of that locator."""
    videos = {s.id: s.video.id for s in DATASET.of("sources").values() if s.video}
    assert videos
    checked = 0
    for li in (li for rel in timeline_pages() for li in page(site_dir, rel).select("div.footnote li")):
        watch = li.find("a", string=re.compile(r"^(watch|the summarised video) at "))
        if watch is None:
            continue
        h, m, sec = map(int, watch.get_text().rsplit(" ", 1)[1].split(":"))
        source_link = li.find("a", href=lambda h: h and "/sources/" in h)
        source_id, anchor = re.search(r"/sources/([^/]+)/#(.+)$", source_link["href"]).groups()
        assert anchor == f"t-{h:02d}-{m:02d}-{sec:02d}", source_link["href"]  # the footnote's own locator
        assert watch["href"] == f"https://www.youtube.com/watch?v={videos[source_id]}&t={h * 3600 + m * 60 + sec}s"
        checked += 1
    assert checked


# Link integrity and "nothing lost" (every entry and claim, reachable from home): tests/test_links.py.


def section(soup: BeautifulSoup, heading_id: str) -> list:
    """The elements between a page's h2 and the next h2."""
    out = []
    for sib in soup.find(id=heading_id).find_next_siblings():
        if sib.name == "h2":
            break
        out.append(sib)
    return out


def test_home_page_shows_counts_and_latest(site_dir):
    soup = page(site_dir, "")
    text = soup.get_text(" ")
    assert "<!--" not in str(soup.select_one("article"))
    assert "Timeline" in text and "At a glance" in text
    # Counts: live entries of each kind, counted from the data files (withdrawn ones are not counted).
    live = {kind: sum(1 for e in DATASET.of(kind).values() if not e.withdrawn) for kind in DATASET.entries}
    table = next(el for el in section(soup, "what-is-here") if el.name == "table")
    rows = {tr.find("a")["href"]: int(tr.find_all("td")[-1].get_text()) for tr in table.select("tbody tr")}
    assert rows == {
        "timeline/": live["events"],
        "arms-deals/": live["arms-deals"],
        "sanctions-statements/": live["sanctions-statements"],
        "polls/": live["polls"],
        "actors/": live["actors"],
        "themes/": live["themes"],
        "sources/": live["sources"],
    }
    # Latest: the five most recent things that happened (states of affairs and analyses are not news),
    # newest first.
    happenings = sorted(
        (e for e in DATASET.of("events").values() if not e.withdrawn and e.event_kind == "happening"),
        key=lambda e: (e.date.sort_key, e.id),
    )
    expected = [e.title for e in reversed(happenings[-5:])]
    shown = [
        a.get_text()
        for el in section(soup, "latest-events")
        for a in el.select("a")
        if re.search(r"timeline/([^/#]+/)?#", a.get("href", ""))
    ]
    assert shown == expected and len(expected) == 5


def test_refsite_pages_writes_what_the_build_publishes(tmp_path, site_dir):
    """`python -m refsite pages` (Site.export, no MkDocs) writes one Markdown page for every page the build
    publishes, and every other published file of ours (downloads, schemas, charts, assets) byte for byte."""
    import subprocess
    import sys

    from refsite.index import built_path

    out = tmp_path / "pages"
    result = subprocess.run(
        [sys.executable, "-m", "refsite", "pages", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    exported = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    md_pages = {rel for rel in exported if rel.endswith(".md")}
    as_html = {built_path(rel) + "index.html" for rel in md_pages}  # directory URLs: x.md -> x/index.html
    built_html = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")} - {"404.html"}
    assert as_html == built_html
    assert "timeline.md" in md_pages and "sources/rferl-2020-02-17-shoigu-visit.md" in md_pages
    for rel in sorted(exported - md_pages):
        assert (out / rel).read_bytes() == (site_dir / rel).read_bytes(), rel
    # Every page as published: shortcodes expanded, "Cite this page" at the end.
    for rel in md_pages:
        text = (out / rel).read_text(encoding="utf-8")
        assert "<!-- data:" not in text.replace("`<!-- data:", ""), rel
        assert 'class="cite-this' in text, rel


def test_no_page_shows_markdown_table_syntax_as_text(site_dir):
    # Each poll's own results table once reached readers as a run-on paragraph ("| Answer | Share | |---|---:|").
    leaked = []
    for path in sorted(site_dir.rglob("*.html")):
        soup = soup_of_file(path)
        for block in soup.find_all(["p", "li", "td", "summary"]):
            if re.search(r"\|\s*:?-{3,}:?\s*\|", block.get_text()):
                leaked.append(f"{path.relative_to(site_dir)}: {block.get_text()[:80]!r}")
    assert not leaked, leaked[:5]


MARKDOWN_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash before ASCII punctuation: "82\.1%"


def test_no_page_shows_markdown_escapes_as_text(site_dir):
    # The polls' results table is HTML, where Markdown leaves backslashes alone, and it once showed every decimal
    # share escaped for Markdown: "82\.1%" (11 figures). Code is apart: a BibTeX entry escapes "%" for LaTeX.
    leaked = []
    for path in sorted(site_dir.rglob("*.html")):
        for text in soup_of_file(path).find_all(string=MARKDOWN_ESCAPE):
            if text.find_parent(["code", "pre", "script", "style"]) is None:
                leaked.append(f"{path.relative_to(site_dir)}: {text.strip()[:80]!r}")
    assert not leaked, leaked[:5]


def test_poll_results_table_shows_each_share_as_the_data_gives_it(site_dir):
    cells = page(site_dir, "polls/").select("table.poll-results td.poll-results__share")
    shown = [cell.find(string=True).strip() for cell in cells]
    expected = [f"{r.result.share:g}%" for r in INDEX.poll_results]
    assert sorted(shown) == sorted(expected)
    assert "82.1%" in shown and "6.9%" in shown  # NSPM, May 2022: decimals as the source gives them


def test_every_poll_row_with_results_shows_them_as_a_table(site_dir):
    polls = page(site_dir, "polls/")
    with_results = [p for p in DATASET.of("polls").values() if p.results and not p.withdrawn]
    assert with_results
    for p in with_results:
        row = polls.find(id=p.id).find_parent("details")
        table = row.find("table")
        assert table is not None, p.id
        answers = [tr.find("td").get_text(strip=True) for tr in table.find("tbody").find_all("tr")]
        assert answers == [r.answer for r in p.results], p.id
