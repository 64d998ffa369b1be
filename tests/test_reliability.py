"""Reliability where the reader reads (issue 21: M5, M7, M10, M11): a "Disputed" badge says what is disputed and
links to the contested point; a title the site supplied says so in every footnote; mentions of claim numbers
link to the claims; actor pages open with who the actor is."""

from __future__ import annotations

import re

from refsite import views

from .conftest import real_index, soup_of_file

INDEX = real_index()


def soup(site, rel):
    return soup_of_file(site / rel / "index.html")


def test_disputed_badges_say_what_and_link_to_the_contested_point(site_dir):
    seen = 0
    for rel in ("arms-deals", "timeline", "polls", ""):
        for badge in soup(site_dir, rel).select("article .claim-status--disputed"):
            assert badge.name == "a", (rel, str(badge)[:120])
            assert badge.get_text().startswith("Disputed: ") and len(badge.get_text()) > 12
            page, anchor = badge["href"].rsplit("#", 1)
            # The page of Contested points that holds the point (one page, or one of its parts once split).
            target = (site_dir / rel / page).resolve()
            assert target.relative_to(site_dir.resolve()).parts[0] == "contested", (rel, badge["href"])
            assert soup_of_file(target / "index.html" if target.is_dir() else target).find(id=anchor), anchor
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
    """Every actor page opens, under its name, with who or what the actor is (its summary, or its first roles
    with their dates), then its type as a label ("Person", never "Type: person"); each dated role shows its
    date."""
    for actor in INDEX.actors:
        page = soup(site_dir, f"actors/{actor.id}")
        first = page.select_one("article h1").find_next_sibling()
        assert first is not None and first.name == "p" and "actor-id" in first["class"], actor.id
        if actor.summary:  # as written, with each [[link]] read as its label or the linked entry's title
            words = re.sub(
                r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]",
                lambda m: m.group(2) or INDEX.view(INDEX.get(m.group(1).strip())).title,
                actor.summary,
            )
            assert "".join(first.get_text().split()) == "".join(words.replace("*", "").split()), actor.id
        meta = first.find_next_sibling()
        assert meta is not None and "actor-meta" in meta["class"], actor.id
        assert meta.select_one(".actor-type").get_text() == views.type_label(actor)
        assert "Type:" not in meta.get_text()
        for number, role in enumerate(actor.roles, 1):
            item = page.find(id=f"{actor.id}-role{number}").parent
            time = item.find("time")
            if role.when is None:
                assert time is None, (actor.id, number)
            else:
                assert time is not None and time["datetime"] == role.when.html_datetime, (actor.id, number)
    vulin = soup(site_dir, "actors/aleksandar-vulin")
    assert vulin.find(id="aleksandar-vulin-role1").parent.find("time").get_text() == "as of February 2020"


def test_an_actor_known_only_through_its_documents_lists_the_entries_citing_them(site_dir):
    """Reader review O2: a news outlet whose work reaches the site only through the documents it published or
    that relay it gets the entries citing them, not "No entries involve this actor yet." under the list of
    those documents."""
    relayed_only = [a for a in INDEX.actors if not INDEX.by_actor[a.id] and not a.roles and INDEX.documents_of(a)]
    assert len(relayed_only) >= 6 and "news-front" in {a.id for a in relayed_only}
    for actor in relayed_only:
        page = soup(site_dir, f"actors/{actor.id}")
        assert "No entries involve this actor yet." not in page.get_text()
        heading = page.find("h2", id="entries-citing-these-documents")
        assert heading is not None, actor.id
        listed = {a["href"] for a in heading.find_next_sibling("ul").find_all("a")}
        sources = {s.id for s in INDEX.documents_of(actor)}
        citing = {u.ref.entry.id for s in sources for u in INDEX.citations_of[s] if not u.ref.withdrawn}
        assert len(listed) == len(citing - {actor.id}) > 0, actor.id
    # News Front published two documents the site cites (sources' publisher_actor), and relays none.
    news_front = soup(site_dir, "actors/news-front")
    published = news_front.find("h2", id="documents-published-by-news-front").find_next_sibling("ul")
    assert [a["href"] for a in published.find_all("a")] == [
        "../../sources/newsfront-de-putin-belgrade-crowd-2019-01-18/",
        "../../sources/newsfront-de-demostat-poll-2022-06-30/",
    ]
    # German titles say so, as in the Sources index (issue 21, L10).
    assert [li.select_one(".title-gloss").get_text() for li in published.find_all("li")] == ["(title in German)"] * 2
    # Entries without a date (actors, themes) say what they are: "Kosovo" is an actor, "Kosovo and the UN veto" a
    # theme, and 45 actor pages listed such names bare among dated events.
    citing = news_front.find("h2", id="entries-citing-these-documents").find_next_sibling("ul")
    assert [li.get_text() for li in citing.find_all("li")][2:] == ["Demostat (actor)", "Diplomacy and visits (theme)"]
    for path in sorted((site_dir / "actors").glob("*/index.html")):
        heading = soup_of_file(path).find("h2", id="entries-citing-these-documents")
        for li in heading.find_next_sibling("ul").find_all("li") if heading else []:
            kind = INDEX.view(INDEX.get(li.a["href"].rstrip("/").split("/")[-1].split("#")[-1])).kind
            said = li.find(class_="list-date") or li.get_text().endswith(f" ({kind.singular})")
            assert said or not kind.own_dir, (path.parent.name, li.get_text())
    interfax = soup(site_dir, "actors/interfax").find("h2", id="entries-citing-these-documents")
    assert "Lavrov's visit to Serbia cancelled after neighbours close their airspace" in (
        interfax.find_next_sibling("ul").get_text()
    )


def test_a_video_summary_footnote_says_it_links_the_summarised_video(site_dir):
    """Reader review O7: the footnote of a summary of a video links "the summarised video at 00:11:02", not
    "watch at", and shows readers no editors' shorthand about the title."""
    page = soup(site_dir, "actors/aleksandar-vulin")
    note = next(li for li in page.select("div.footnote li") if "ker-lindsay-video-serbia-russia" in str(li))
    link = note.find("a", string="the summarised video at 00:11:02")
    assert link is not None and link["href"] == "https://www.youtube.com/watch?v=PdiSU9-Fge4&t=662s"
    assert "watch at" not in note.get_text()
    assert "unverified" not in page.get_text() and "title probably" not in page.get_text()
