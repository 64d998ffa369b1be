"""Citation dates (reader review O5): an entry is cited with the day its file last changed, a page and the data
with the data version; without history, or for an entry changed since the last commit, the data version."""

from __future__ import annotations

import datetime as dt

from refsite.cite import Citer
from refsite.history import GitOutput, Versions, parse_history
from refsite.publication import Publication
from refsite.site import Site

from .test_history import commit

LOG = commit("b", "2026-12-03", ("M", "data/events/lecture-on-ties.yml")) + commit(
    "a", "2026-11-20", ("A", "data/events/ministers-meet.yml"), ("A", "data/events/lecture-on-ties.yml")
)


def _versions(status: str = "") -> Versions:
    return Versions(parse_history(GitOutput(prefix="data/", shallow=False, log=LOG, status=status)))


def test_an_entry_is_cited_with_the_day_it_last_changed(tiny_index):
    versions = _versions()
    pub = Publication.from_settings("Test site", None, versions)
    assert pub.version_date == dt.date(2026, 12, 3)  # the data version: the latest change to data/
    citer = Citer(tiny_index, pub, versions)
    meet = citer.entry(tiny_index.view("ministers-meet").entry)
    assert meet.apa_date == "2026, November 20" and "year         = {2026}," in meet.bibtex
    assert "month        = nov," in meet.bibtex and "Data version 2026-12-03" in meet.bibtex
    assert citer.entry(tiny_index.view("lecture-on-ties").entry).apa_date == "2026, December 3"
    assert citer.page("timeline.md", "Timeline").apa_date == "2026, December 3"
    assert citer.dataset().apa_date == "2026, December 3"
    page = Site.of_index(tiny_index, versions, pub).pages()["timeline.md"]
    assert "Test site. (2026, November 20). <em>" in page  # the entry's Cite disclosure


def test_an_uncommitted_change_or_no_history_falls_back_to_the_data_version(tiny_index):
    versions = _versions(status=" M data/events/ministers-meet.yml\0")
    citer = Citer(tiny_index, Publication.from_settings("Test site", None, versions), versions)
    assert citer.entry(tiny_index.view("ministers-meet").entry).date == dt.date(2026, 12, 3)
    bare = Citer(tiny_index, Publication())
    assert bare.entry(tiny_index.view("ministers-meet").entry).apa_date == "n.d."
