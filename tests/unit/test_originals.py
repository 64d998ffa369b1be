"""Footnotes show their passage and open the original at it (refsite/originals.py, Index.citation_view).

A quote keeps its wording and language (lang attribute, "in Serbian"), a translation says so, and where the
page at the source's address holds the very words, the link to it carries a URL text fragment built from the
quote: percent-encoded so that the directive's own syntax ('-', '&', ','), '#', quotation marks, newlines and
non-Latin letters cannot break it, after the URL's own fragment when it has one.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest

from refsite import markup
from refsite.index import citation_view
from refsite.models import Citation
from refsite.originals import at_passage, text_fragment
from refsite.site import Site

from ..fixtures.models import source


@pytest.mark.parametrize(
    "quote,fragment",
    [
        ("useful and frank", "#:~:text=useful%20and%20frank"),
        ("Rock & roll, a co-op", "#:~:text=Rock%20%26%20roll%2C%20a%20co%2Dop"),
        ("50% (sic) #1", "#:~:text=50%25%20%28sic%29%20%231"),
        ("line one\nline two", "#:~:text=line%20one%20line%20two"),
        # quotation marks and free-standing dashes split the quote; the fragment spans its first and last run
        ('He said: "we will win" – and left', "#:~:text=He%20said%3A,and%20left"),
        (
            "“Сербия – наш союзник”, заявил он",
            "#:~:text=%D0%A1%D0%B5%D1%80%D0%B1%D0%B8%D1%8F,%D0%B7%D0%B0%D1%8F%D0%B2%D0%B8%D0%BB%20%D0%BE%D0%BD",
        ),
        (
            "one two three four five six seven eight nine ten eleven twelve",
            "#:~:text=one%20two%20three%20four%20five,eight%20nine%20ten%20eleven%20twelve",
        ),
        ("“”", ""),
    ],
)
def test_text_fragments_are_encoded(quote, fragment):
    assert text_fragment(quote) == fragment
    if fragment:  # nothing but unreserved characters and percent escapes, and the two directive commas at most
        assert re.fullmatch(r"#:~:text=[A-Za-z0-9_.~%]+(,[A-Za-z0-9_.~%]+)?", fragment)


def test_the_directive_follows_the_urls_own_fragment():
    assert at_passage("https://example.org/a#sec-2", "290 euros") == "https://example.org/a#sec-2:~:text=290%20euros"
    assert at_passage("https://example.org/a?x=1&y=2", "a-b") == "https://example.org/a?x=1&y=2#:~:text=a%2Db"
    assert at_passage("https://example.org/a", "“”") == "https://example.org/a"


def test_a_quote_in_serbian_keeps_its_wording_and_says_its_language():
    view = citation_view(Citation(source="x", locator="¶2", quote="Србија неће увести санкције"), source(language="sr"))
    assert (view.lang, view.language_note, view.at_passage) == ("sr", "in Serbian", True)
    url = view.links[0][1]
    assert url.startswith("https://example.org/news/1#:~:text=%D0%A1%D1%80%D0%B1%D0%B8%D1%98%D0%B0%20")
    assert urllib.parse.unquote(url.split("text=")[1]) == "Србија неће увести санкције"


@pytest.mark.parametrize(
    "changes,note,at",
    [
        ({"machine_translation": "yes", "original_language": "de"}, "machine translation from German", False),
        ({"machine_translation": "probably"}, "probably machine-translated", False),
        ({"original_language": "ru"}, "translated from Russian", False),
        ({"type": "third-party-summary", "format": "summary"}, None, False),
        ({}, None, True),
    ],
)
def test_translations_say_so_and_never_link_the_passage(changes, note, at):
    view = citation_view(Citation(source="x", locator="¶2", quote="we will win"), source(**changes))
    assert (view.language_note, view.at_passage) == (note, at)
    assert view.links[0] == ("original at this passage" if at else "original", view.original_url)
    assert view.links[1][0] == "archived copy"


def test_a_hostile_quote_is_escaped_in_the_footnote_and_its_link(tiny_index):
    hostile = '"><script>alert(1)</script> & #x -- “a”'
    cit = Citation(source="example-news-talks", locator="¶3", quote=hostile)
    note = str(Site.of_index(tiny_index).renderer.page("timeline.md").citation_text(cit))
    assert "<script>" not in note and markup.html_escape(hostile) in note
    href = re.search(r'href="(https://example\.org/news/1#[^"]*)"', note)[1]
    assert href == "https://example.org/news/1#:~:text=%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20%26%20%23x,a"
