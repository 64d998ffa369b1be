"""Every id the site gives an element of a page that lists entries is reserved for entries (issue 22, finding 9):
an entry with the same id would repeat the anchor, and its permalink would jump elsewhere."""

from __future__ import annotations

from pathlib import Path
import re

from refsite.dataset import reserved_id

from .conftest import ROOT

LISTING_PAGES = ["index", "timeline", "arms-deals", "sanctions-statements", "polls", "corrections", "contested"]


def test_ids_of_the_listing_pages_that_are_not_entries_are_reserved(site_dir: Path):
    entry_ids = {p.stem for p in (ROOT / "data").rglob("*.yml")}
    free = {}
    for page in LISTING_PAGES:
        html = (site_dir / page / "index.html" if page != "index" else site_dir / "index.html").read_text("utf-8")
        title = re.search(r'<h1 id="([^"]+)"', html)  # the page's own title: no entry id reads like it
        for element_id in set(re.findall(r'\bid="([^"]+)"', html)) - {title[1] if title else ""}:
            if ":" in element_id or element_id.startswith("__"):
                continue  # footnotes (fn:1) and the theme's own (__search) cannot be ids of entries
            if any(element_id == e or element_id.startswith(e + "-") for e in entry_ids):
                continue
            if not reserved_id(element_id):
                free.setdefault(page, []).append(element_id)
    assert free == {}
