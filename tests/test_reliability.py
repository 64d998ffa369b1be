"""Reliability where the reader reads (issue 21: M5, M7, M10, M11): a "Disputed" badge says what is disputed and
links to the contested point; a title the site supplied says so in every footnote; mentions of claim numbers
link to the claims; actor pages open with who the actor is."""

from __future__ import annotations

import re

from .conftest import real_index, soup_of_file

INDEX = real_index()


def soup(site, rel):
    return soup_of_file(site / rel / "index.html")


def test_disputed_badges_say_what_and_link_to_the_contested_point(site_dir):
    contested = soup(site_dir, "contested")
    seen = 0
    for rel in ("arms-deals", "timeline", "polls", ""):
        for badge in soup(site_dir, rel).select("article .claim-status--disputed"):
            assert badge.name == "a", (rel, str(badge)[:120])
            assert badge.get_text().startswith("Disputed: ") and len(badge.get_text()) > 12
            page, anchor = badge["href"].rsplit("#", 1)
            assert page.endswith(("contested/", "contested/index.html")), (rel, badge["href"])
            assert contested.find(id=anchor) is not None, anchor
            seen += 1
    assert seen >= 5


def test_footnotes_mark_titles_the_site_supplied(site_dir):
    supplied = {s.id for s in INDEX.sources if s.title_note}
    assert supplied
    page = soup(site_dir, "arms-deals")
    marked = checked = 0
    for li in page.select(".footnote li"):
        link = li.find("a")
        source_id = link["href"].rstrip("/").split("/sources/")[-1].split("/")[0]
        if source_id in supplied:
            assert li.select_one(".title-supplied"), li.get_text()[:100]
            marked += 1
        else:
            assert not li.select_one(".title-supplied")
        checked += 1
    assert checked and marked


def test_claim_numbers_in_notes_link_to_the_claims(site_dir):
    for rel in ("polls", "arms-deals"):
        for note in soup(site_dir, rel).select("article details.row li em + *, article details.row p"):
            text = note.get_text(" ")
            for m in re.finditer(r"\bclaims? (\d+)", text):
                assert note.find("a", string=m.group(1)) is not None, (rel, text[:120])


def test_actor_pages_open_with_who_the_actor_is(site_dir):
    page = soup(site_dir, "actors/aleksandar-vulin")
    first = page.select_one("article h1").find_next(lambda el: el.name == "p" and el.find("strong") is not None)
    assert first is not None and first.find_next("h2") is not None  # before the first section
    assert "Minister" in first.get_text(" ")
    assert page.select_one(".actor-meta").get_text().startswith("Type: Person")
